//! Amazon CloudWatch: the alarms of one Region.
//!
//! Layout, with the outputs of `aws cloudwatch`:
//! ```text
//! <region>/cloudwatch/describe-alarms.json    {"MetricAlarms": [...], "CompositeAlarms": [...]}
//! ```
//! A paginated listing may be split over several files; their alarms are added up.

use serde::Deserialize;

use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::Resource;
use crate::source::Place;
use crate::{LoadError, Warning};

/// One metric alarm of `aws cloudwatch describe-alarms`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricAlarm {
    /// The alarm name.
    pub alarm_name: String,
    /// The alarm ARN.
    #[serde(default)]
    pub alarm_arn: Option<String>,
    /// Whether actions run on state changes.
    #[serde(default)]
    pub actions_enabled: Option<bool>,
    /// The actions run on the ALARM state (SNS topic ARNs among them).
    #[serde(default)]
    pub alarm_actions: Vec<String>,
    /// The metric watched; absent for metric math alarms.
    #[serde(default)]
    pub metric_name: Option<String>,
    /// The metric's namespace.
    #[serde(default)]
    pub namespace: Option<String>,
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    #[serde(default)]
    pub state_value: Option<String>,
}

/// One composite alarm, as far as keyaki reads it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompositeAlarm {
    /// The alarm name.
    pub alarm_name: String,
    /// The alarm ARN.
    #[serde(default)]
    pub alarm_arn: Option<String>,
}

/// What one CloudWatch file holds.
#[derive(Debug)]
pub enum Output {
    /// `describe-alarms`.
    Alarms {
        /// `MetricAlarms`.
        metric: Vec<Resource<MetricAlarm>>,
        /// `CompositeAlarms`.
        composite: Vec<Resource<CompositeAlarm>>,
    },
}

/// Amazon CloudWatch in one Region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CloudWatch {
    /// The metric alarms, in the order they were read.
    pub metric_alarms: Vec<Resource<MetricAlarm>>,
    /// The composite alarms.
    pub composite_alarms: Vec<Resource<CompositeAlarm>>,
    /// Whether a `describe-alarms` output was read (an empty one means no alarms).
    listed: bool,
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    let alarms = doc.has("MetricAlarms") || doc.has("CompositeAlarms");
    let only_alarm_keys = doc
        .keys()
        .all(|k| matches!(k, "MetricAlarms" | "CompositeAlarms" | "NextToken"));
    if !(alarms && only_alarm_keys) {
        return None;
    }
    let metric = doc.list("MetricAlarms");
    let composite = doc.list("CompositeAlarms");
    Some(match (metric, composite) {
        (Ok(metric), Ok(composite)) => Ok(Output::Alarms { metric, composite }),
        (Err(mut a), Err(b)) => {
            a.extend(b);
            Err(a)
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    })
}

impl CloudWatch {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, _warnings: &mut Vec<Warning>) {
        match output {
            Output::Alarms { metric, composite } => {
                self.listed = true;
                self.metric_alarms.extend(metric);
                self.composite_alarms.extend(composite);
            }
        }
    }

    /// Whether `describe-alarms` was read for this Region.
    pub fn alarms_listed(&self) -> bool {
        self.listed
    }

    /// The metric alarms on the metric `name` in `namespace`.
    pub fn alarms_on<'a>(
        &'a self,
        namespace: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Resource<MetricAlarm>> + 'a {
        self.metric_alarms.iter().filter(move |a| {
            a.metric_name.as_deref() == Some(name) && a.namespace.as_deref() == Some(namespace)
        })
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.metric_alarms.is_empty() && self.composite_alarms.is_empty() && !self.listed
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        for a in &self.metric_alarms {
            let arn = a
                .alarm_arn
                .clone()
                .unwrap_or_else(|| scope.arn("cloudwatch", &format!("alarm:{}", a.alarm_name)));
            out.push(
                scope
                    .item("AWS::CloudWatch::Alarm", arn.clone(), &a.origin)
                    .arn(arn)
                    .name(Some(&a.alarm_name))
                    .attr(
                        "metric",
                        a.namespace
                            .as_ref()
                            .zip(a.metric_name.as_ref())
                            .map(|(ns, m)| format!("{ns}/{m}")),
                    )
                    .attr("state", a.state_value.clone())
                    .attr("alarm_actions", a.alarm_actions.clone()),
            );
        }
        for a in &self.composite_alarms {
            let arn = a
                .alarm_arn
                .clone()
                .unwrap_or_else(|| scope.arn("cloudwatch", &format!("alarm:{}", a.alarm_name)));
            out.push(
                scope
                    .item("AWS::CloudWatch::CompositeAlarm", arn.clone(), &a.origin)
                    .arn(arn)
                    .name(Some(&a.alarm_name)),
            );
        }
    }
}
