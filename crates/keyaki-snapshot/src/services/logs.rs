//! Amazon CloudWatch Logs: the metric filters of one Region.
//!
//! Layout, with the outputs of `aws logs`:
//! ```text
//! <region>/logs/describe-metric-filters.json    {"metricFilters": [...], "nextToken"}
//! ```
//! The CLI prints this service's keys in camelCase. A paginated listing may be split over
//! several files; their filters are added up.

use serde::Deserialize;

use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::Resource;
use crate::source::Place;
use crate::{LoadError, Warning};

/// The metric a filter publishes for each matching log event.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricTransformation {
    /// The metric name.
    pub metric_name: String,
    /// The metric namespace.
    pub metric_namespace: String,
    /// The value published, such as `1`.
    #[serde(default)]
    pub metric_value: Option<String>,
}

/// One filter of `aws logs describe-metric-filters`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricFilter {
    /// The filter name.
    pub filter_name: String,
    /// The filter pattern, such as `{ $.eventName = "ConsoleLogin" }`.
    #[serde(default)]
    pub filter_pattern: String,
    /// The log group the filter reads.
    pub log_group_name: String,
    /// The metrics it publishes.
    #[serde(default)]
    pub metric_transformations: Vec<MetricTransformation>,
    /// When it was created, in milliseconds since the epoch.
    #[serde(default)]
    pub creation_time: Option<i64>,
}

/// What one CloudWatch Logs file holds.
#[derive(Debug)]
pub enum Output {
    /// `describe-metric-filters`.
    MetricFilters(Vec<Resource<MetricFilter>>),
}

/// Amazon CloudWatch Logs in one Region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Logs {
    /// The metric filters, in the order they were read.
    pub metric_filters: Vec<Resource<MetricFilter>>,
    /// Whether a `describe-metric-filters` output was read (an empty one means none exist).
    listed: bool,
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    if doc.is("metricFilters", &["nextToken"]) {
        return Some(doc.list("metricFilters").map(Output::MetricFilters));
    }
    None
}

impl Logs {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, _warnings: &mut Vec<Warning>) {
        match output {
            Output::MetricFilters(filters) => {
                self.listed = true;
                self.metric_filters.extend(filters);
            }
        }
    }

    /// Whether `describe-metric-filters` was read for this Region.
    pub fn filters_listed(&self) -> bool {
        self.listed
    }

    /// The metric filters of the log group `name`.
    pub fn filters_of<'a>(
        &'a self,
        log_group: &'a str,
    ) -> impl Iterator<Item = &'a Resource<MetricFilter>> + 'a {
        self.metric_filters
            .iter()
            .filter(move |f| f.log_group_name == log_group)
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.metric_filters.is_empty() && !self.listed
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        for f in &self.metric_filters {
            let id = format!("{}/{}", f.log_group_name, f.filter_name);
            let metrics: Vec<String> = f
                .metric_transformations
                .iter()
                .map(|m| format!("{}/{}", m.metric_namespace, m.metric_name))
                .collect();
            out.push(
                scope
                    .item("AWS::Logs::MetricFilter", id, &f.origin)
                    .name(Some(&f.filter_name))
                    .attr("log_group", f.log_group_name.clone())
                    .attr("pattern", f.filter_pattern.clone())
                    .attr("metrics", metrics),
            );
        }
    }
}

/// The log group name in a CloudWatch Logs log group ARN
/// (`arn:aws:logs:REGION:ACCOUNT:log-group:NAME` or `...:log-group:NAME:*`), with its Region.
pub fn log_group_of_arn(arn: &str) -> Option<(&str, &str)> {
    let mut parts = arn.splitn(7, ':');
    let (_, _, service, region, _, kind) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if service != "logs" || kind != "log-group" {
        return None;
    }
    let rest = parts.next()?;
    let name = rest.strip_suffix(":*").unwrap_or(rest);
    (!name.is_empty()).then_some((region, name))
}

#[cfg(test)]
mod tests {
    use super::log_group_of_arn;

    #[test]
    fn log_group_arns() {
        assert_eq!(
            log_group_of_arn("arn:aws:logs:us-east-1:123456789012:log-group:aws-cloudtrail-logs:*"),
            Some(("us-east-1", "aws-cloudtrail-logs"))
        );
        assert_eq!(
            log_group_of_arn("arn:aws:logs:eu-west-1:123456789012:log-group:/a/b"),
            Some(("eu-west-1", "/a/b"))
        );
        assert_eq!(log_group_of_arn("arn:aws:s3:::bucket"), None);
    }
}
