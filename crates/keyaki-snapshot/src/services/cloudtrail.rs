//! AWS CloudTrail: the trails seen from one Region, each with its logging status and event
//! selectors.
//!
//! Layout, with the outputs of `aws cloudtrail`:
//! ```text
//! <region>/cloudtrail/describe-trails.json                  {"trailList": [...]}
//! <region>/cloudtrail/<trail>/get-trail-status.json         {"IsLogging": ..., ...}
//! <region>/cloudtrail/<trail>/get-event-selectors.json      {"TrailARN", "EventSelectors"}
//! ```
//! The trail folder is the trail name or ARN. `describe-trails` also lists, in every Region,
//! the multi-Region and organisation trails whose home is another Region ("shadow" trails);
//! they are kept in each Region as AWS shows them, and [`Trail::is_shadow`] tells them apart.

use std::collections::HashMap;

use serde::Deserialize;

use super::shared::{
    dangling, duplicate, in_service, outside_folder, retract, set_once, timestamp,
};
use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::{Origin, Resource};
use crate::source::Place;
use crate::{LoadError, Warning};

/// One trail of `aws cloudtrail describe-trails`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TrailConfiguration {
    /// The trail name.
    pub name: String,
    /// The trail ARN.
    #[serde(default, rename = "TrailARN")]
    pub trail_arn: Option<String>,
    /// The Region the trail was created in.
    #[serde(default)]
    pub home_region: Option<String>,
    /// Whether the trail logs every Region.
    #[serde(default)]
    pub is_multi_region_trail: Option<bool>,
    /// Whether the trail logs every account of the organisation.
    #[serde(default)]
    pub is_organization_trail: Option<bool>,
    /// Whether events of global services (IAM, STS, ...) are logged.
    #[serde(default)]
    pub include_global_service_events: Option<bool>,
    /// Whether log file integrity validation (digest files) is on.
    #[serde(default)]
    pub log_file_validation_enabled: Option<bool>,
    /// The bucket that receives the log files.
    #[serde(default)]
    pub s3_bucket_name: Option<String>,
    /// The key prefix of the log files.
    #[serde(default)]
    pub s3_key_prefix: Option<String>,
    /// The KMS key that encrypts the log files (SSE-KMS).
    #[serde(default)]
    pub kms_key_id: Option<String>,
    /// The CloudWatch Logs log group that receives the events.
    #[serde(default)]
    pub cloud_watch_logs_log_group_arn: Option<String>,
    /// The role CloudTrail uses to write to CloudWatch Logs.
    #[serde(default)]
    pub cloud_watch_logs_role_arn: Option<String>,
    /// The SNS topic notified of new log files.
    #[serde(default, rename = "SnsTopicARN")]
    pub sns_topic_arn: Option<String>,
    /// Whether the trail has event selectors other than the default.
    #[serde(default)]
    pub has_custom_event_selectors: Option<bool>,
    /// Whether CloudTrail Insights is on.
    #[serde(default)]
    pub has_insight_selectors: Option<bool>,
}

/// `aws cloudtrail get-trail-status`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TrailStatus {
    /// Whether the trail is logging.
    pub is_logging: bool,
    /// When log files were last delivered to S3.
    #[serde(default, deserialize_with = "timestamp")]
    pub latest_delivery_time: Option<String>,
    /// The last error delivering log files to S3.
    #[serde(default)]
    pub latest_delivery_error: Option<String>,
    /// When digest files were last delivered.
    #[serde(default, deserialize_with = "timestamp")]
    pub latest_digest_delivery_time: Option<String>,
    /// The last error delivering digest files.
    #[serde(default)]
    pub latest_digest_delivery_error: Option<String>,
    /// When events were last delivered to CloudWatch Logs.
    #[serde(default, deserialize_with = "timestamp")]
    pub latest_cloud_watch_logs_delivery_time: Option<String>,
    /// The last error delivering events to CloudWatch Logs.
    #[serde(default)]
    pub latest_cloud_watch_logs_delivery_error: Option<String>,
    /// The last error notifying the SNS topic.
    #[serde(default)]
    pub latest_notification_error: Option<String>,
    /// When logging was last started.
    #[serde(default, deserialize_with = "timestamp")]
    pub start_logging_time: Option<String>,
    /// When logging was last stopped.
    #[serde(default, deserialize_with = "timestamp")]
    pub stop_logging_time: Option<String>,
}

/// A data event resource of a basic event selector.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DataResource {
    /// Such as `AWS::S3::Object` or `AWS::Lambda::Function`.
    #[serde(rename = "Type")]
    pub kind: String,
    /// ARN prefixes.
    #[serde(default)]
    pub values: Vec<String>,
}

/// A basic event selector.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventSelector {
    /// `ReadOnly`, `WriteOnly` or `All`.
    #[serde(default)]
    pub read_write_type: Option<String>,
    /// Whether management events are logged.
    #[serde(default)]
    pub include_management_events: Option<bool>,
    /// Data events logged.
    #[serde(default)]
    pub data_resources: Vec<DataResource>,
    /// Event sources excluded from management events (`kms.amazonaws.com`, ...).
    #[serde(default)]
    pub exclude_management_event_sources: Vec<String>,
}

/// One condition of an advanced event selector.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct FieldSelector {
    /// `eventCategory`, `readOnly`, `eventSource`, `resources.type`, ...
    pub field: String,
    #[serde(default)]
    pub equals: Vec<String>,
    #[serde(default)]
    pub starts_with: Vec<String>,
    #[serde(default)]
    pub ends_with: Vec<String>,
    #[serde(default)]
    pub not_equals: Vec<String>,
    #[serde(default)]
    pub not_starts_with: Vec<String>,
    #[serde(default)]
    pub not_ends_with: Vec<String>,
}

/// An advanced event selector.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdvancedEventSelector {
    /// The selector's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The conditions, all of which an event must meet.
    #[serde(default)]
    pub field_selectors: Vec<FieldSelector>,
}

/// `aws cloudtrail get-event-selectors`: basic or advanced selectors.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventSelectors {
    /// The trail.
    #[serde(default, rename = "TrailARN")]
    pub trail_arn: Option<String>,
    /// Basic event selectors.
    #[serde(default)]
    pub event_selectors: Vec<EventSelector>,
    /// Advanced event selectors (a trail has one kind or the other).
    #[serde(default)]
    pub advanced_event_selectors: Vec<AdvancedEventSelector>,
}

/// One trail with everything the snapshot says about it.
#[derive(Debug, Clone)]
pub struct Trail {
    /// The trail name.
    pub name: String,
    /// Its entry in `describe-trails`, if it is listed.
    pub configuration: Option<Resource<TrailConfiguration>>,
    /// `get-trail-status`.
    pub status: Option<Resource<TrailStatus>>,
    /// `get-event-selectors`.
    pub event_selectors: Option<Resource<EventSelectors>>,
    arn: Option<String>,
    origin: Origin,
    dangling: Option<Warning>,
}

impl Trail {
    fn new(name: String, arn: Option<String>, origin: Origin) -> Self {
        Self {
            name,
            configuration: None,
            status: None,
            event_selectors: None,
            arn,
            origin,
            dangling: None,
        }
    }

    /// Where the trail was read: its `describe-trails` entry, or else its first own output.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The trail ARN, when the snapshot says it.
    pub fn arn(&self) -> Option<&str> {
        self.arn.as_deref()
    }

    /// Whether the trail logs every Region; `None` when it is not listed.
    pub fn is_multi_region(&self) -> Option<bool> {
        self.configuration
            .as_ref()
            .map(|c| c.is_multi_region_trail == Some(true))
    }

    /// Whether the trail is logging; `None` without `get-trail-status`.
    pub fn is_logging(&self) -> Option<bool> {
        self.status.as_ref().map(|s| s.is_logging)
    }

    /// Whether log file validation is on; `None` when the trail is not listed.
    pub fn log_file_validation(&self) -> Option<bool> {
        self.configuration
            .as_ref()
            .map(|c| c.log_file_validation_enabled == Some(true))
    }

    /// Whether this is the copy of a trail whose home is another Region than `region`.
    pub fn is_shadow(&self, region: &str) -> bool {
        self.configuration
            .as_ref()
            .and_then(|c| c.home_region.as_deref())
            .is_some_and(|home| home != region)
    }
}

/// What one CloudTrail file holds.
#[derive(Debug)]
pub enum Output {
    /// `describe-trails`.
    Trails(Vec<Resource<TrailConfiguration>>),
    /// `get-trail-status`, with the trail its folder names.
    Status {
        /// The trail name or ARN from the folder.
        trail: Option<String>,
        /// The status.
        status: Box<Resource<TrailStatus>>,
    },
    /// `get-event-selectors`, with the trail its folder or content names.
    EventSelectors {
        /// The trail name or ARN.
        trail: Option<String>,
        /// The selectors.
        selectors: Box<Resource<EventSelectors>>,
    },
}

/// AWS CloudTrail trails seen from one Region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CloudTrail {
    /// The trails, in the order they were first read.
    pub trails: Vec<Trail>,
    /// Positions by trail ARN and by trail name.
    index: HashMap<String, usize>,
}

/// The trail name in a trail name or ARN (`arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME`).
pub fn trail_name_of(name_or_arn: &str) -> &str {
    match name_or_arn.split_once(":trail/") {
        Some((_, name)) if name_or_arn.starts_with("arn:") => name,
        _ => name_or_arn,
    }
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    let place = doc.place();
    let result = if doc.is("trailList", &[]) {
        doc.list("trailList").map(Output::Trails)
    } else if doc.has("IsLogging") && in_service(place, &["cloudtrail"], &["get-trail-status"]) {
        doc.whole()
            .map(|status| Output::Status {
                trail: place.resource.clone(),
                status: Box::new(status),
            })
            .map_err(|e| vec![e])
    } else if doc.has("TrailARN")
        && (doc.has("EventSelectors") || doc.has("AdvancedEventSelectors"))
    {
        doc.whole()
            .map(
                |selectors: Resource<EventSelectors>| Output::EventSelectors {
                    trail: place
                        .resource
                        .clone()
                        .or_else(|| selectors.trail_arn.clone()),
                    selectors: Box::new(selectors),
                },
            )
            .map_err(|e| vec![e])
    } else {
        return None;
    };
    Some(result)
}

impl CloudTrail {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, warnings: &mut Vec<Warning>) {
        match output {
            Output::Trails(trails) => {
                for configuration in trails {
                    self.add_listed(configuration, warnings);
                }
            }
            Output::Status {
                trail: None,
                status,
            } => warnings.push(outside_folder(
                &status.origin,
                "get-trail-status",
                "<region>/cloudtrail/<trail-name>/",
            )),
            Output::Status {
                trail: Some(trail),
                status,
            } => {
                let i = self.entry(&trail, &status.origin, "get-trail-status", warnings);
                let what = format!("trail {:?}: get-trail-status", self.trails[i].name);
                set_once(&mut self.trails[i].status, *status, &what, warnings);
            }
            Output::EventSelectors {
                trail: None,
                selectors,
            } => warnings.push(outside_folder(
                &selectors.origin,
                "get-event-selectors",
                "<region>/cloudtrail/<trail-name>/",
            )),
            Output::EventSelectors {
                trail: Some(trail),
                selectors,
            } => {
                let i = self.entry(&trail, &selectors.origin, "get-event-selectors", warnings);
                let what = format!("trail {:?}: get-event-selectors", self.trails[i].name);
                set_once(
                    &mut self.trails[i].event_selectors,
                    *selectors,
                    &what,
                    warnings,
                );
            }
        }
    }

    fn add_listed(
        &mut self,
        configuration: Resource<TrailConfiguration>,
        warnings: &mut Vec<Warning>,
    ) {
        let arn = configuration.trail_arn.clone();
        // The same trail may already be known by its ARN, or by its name from a folder.
        let found = match &arn {
            Some(arn) => self.index.get(arn).copied().or_else(|| {
                self.index
                    .get(&configuration.name)
                    .copied()
                    .filter(|&i| self.trails[i].arn.as_ref().is_none_or(|a| a == arn))
            }),
            None => self.index.get(&configuration.name).copied(),
        };
        let Some(i) = found else {
            let i = self.trails.len();
            self.index.entry(configuration.name.clone()).or_insert(i);
            if let Some(arn) = &arn {
                self.index.insert(arn.clone(), i);
            }
            let mut trail = Trail::new(
                configuration.name.clone(),
                arn,
                configuration.origin.clone(),
            );
            trail.configuration = Some(configuration);
            self.trails.push(trail);
            return;
        };
        if let Some(first) = &self.trails[i].configuration {
            warnings.push(duplicate(
                &configuration.origin,
                "trail",
                &self.trails[i].name,
                "describe-trails",
                first,
            ));
            return;
        }
        if let (None, Some(arn)) = (&self.trails[i].arn, &arn) {
            self.index.insert(arn.clone(), i);
        }
        let trail = &mut self.trails[i];
        if trail.arn.is_none() {
            trail.arn = arn;
        }
        trail.origin = configuration.origin.clone();
        trail.configuration = Some(configuration);
        if let Some(warning) = trail.dangling.take() {
            retract(warnings, &warning);
        }
    }

    /// The position of the trail that `name_or_arn` names, created (with a warning) when
    /// `describe-trails` has not listed it.
    fn entry(
        &mut self,
        name_or_arn: &str,
        origin: &Origin,
        command: &str,
        warnings: &mut Vec<Warning>,
    ) -> usize {
        if let Some(i) = self.position(name_or_arn) {
            return i;
        }
        let name = trail_name_of(name_or_arn);
        let arn = name_or_arn
            .starts_with("arn:")
            .then(|| name_or_arn.to_owned());
        let warning = dangling(origin, command, "trail", name, "describe-trails");
        warnings.push(warning.clone());
        let i = self.trails.len();
        self.index.entry(name.to_owned()).or_insert(i);
        if let Some(arn) = &arn {
            self.index.insert(arn.clone(), i);
        }
        let mut trail = Trail::new(name.to_owned(), arn, origin.clone());
        trail.dangling = Some(warning);
        self.trails.push(trail);
        i
    }

    fn position(&self, name_or_arn: &str) -> Option<usize> {
        self.index.get(name_or_arn).copied().or_else(|| {
            let i = *self.index.get(trail_name_of(name_or_arn))?;
            // A name from an ARN matches only a trail whose ARN is unknown or the same.
            self.trails[i]
                .arn
                .as_deref()
                .is_none_or(|a| a == name_or_arn)
                .then_some(i)
        })
    }

    /// The trail with this name or ARN.
    pub fn trail(&self, name_or_arn: &str) -> Option<&Trail> {
        self.trails.get(self.position(name_or_arn)?)
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.trails.is_empty()
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        let region = scope.region.map(|r| r.as_str()).unwrap_or("");
        for t in &self.trails {
            let c = t.configuration.as_ref().map(|c| &c.data);
            let arn = t
                .arn()
                .map(str::to_owned)
                .unwrap_or_else(|| scope.arn("cloudtrail", &format!("trail/{}", t.name)));
            out.push(
                scope
                    .item("AWS::CloudTrail::Trail", &t.name, t.origin())
                    .arn(arn)
                    .name(Some(&t.name))
                    .attr("home_region", c.and_then(|c| c.home_region.clone()))
                    .attr("shadow", t.is_shadow(region).then_some(true))
                    .attr("multi_region", t.is_multi_region())
                    .attr(
                        "organization_trail",
                        c.and_then(|c| c.is_organization_trail),
                    )
                    .attr("logging", t.is_logging())
                    .attr("log_file_validation", t.log_file_validation())
                    .attr("s3_bucket", c.and_then(|c| c.s3_bucket_name.clone()))
                    .attr("kms_key", c.and_then(|c| c.kms_key_id.clone()))
                    .attr(
                        "cloudwatch_logs_log_group",
                        c.and_then(|c| c.cloud_watch_logs_log_group_arn.clone()),
                    )
                    .attr(
                        "latest_delivery_error",
                        t.status
                            .as_ref()
                            .and_then(|s| s.latest_delivery_error.clone()),
                    ),
            );
        }
    }
}
