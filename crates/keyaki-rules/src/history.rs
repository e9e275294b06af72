//! `history`: one resource's configuration over time, from AWS Config configuration history
//! and snapshot files.
//!
//! Each configuration item AWS Config recorded for the resource is a step, in the order of
//! `configurationItemCaptureTime`, then `configurationStateId`. A step lists the fields that
//! changed since the step before it, field by field, with the JSON diff of `keyaki diff`; the
//! item's own bookkeeping (capture time, state id, hashes, version, related events) is left
//! out of the comparison. A step carries the CloudTrail event ids AWS Config names in
//! `relatedEvents` and the time window since the step before, so that a caller with the
//! CloudTrail logs can name the API call behind each change ([`CausingEvent`]).
//!
//! Shapes: <https://docs.aws.amazon.com/config/latest/developerguide/config-item-table.html>.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use keyaki_snapshot::services::{ConfigurationItem, configuration_history};
use keyaki_snapshot::{LoadErrors, Timestamp};
use serde::Serialize;
use serde_json::Value;

use crate::FieldChange;

/// Fields of a configuration item that describe the recording, not the resource.
const BOOKKEEPING: &[&str] = &[
    "configurationItemCaptureTime",
    "configurationItemDeliveryTime",
    "configurationStateId",
    "configurationStateID",
    "configurationItemMD5Hash",
    "configurationStateMd5Hash",
    "configurationItemVersion",
    "version",
    "relatedEvents",
    "configurationItemStatus",
    "recordingFrequency",
];

/// How long before the first recorded item to look for the event that created the resource.
pub const FIRST_STEP_WINDOW_SECONDS: i64 = 15 * 60;

/// A resource's configuration timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceHistory {
    /// `resourceType` (`AWS::EC2::SecurityGroup`).
    pub resource_type: String,
    /// `resourceId`.
    pub resource_id: Option<String>,
    /// The ARN, when an item has one.
    pub arn: Option<String>,
    /// `resourceName`.
    pub resource_name: Option<String>,
    /// `awsAccountId`.
    pub account: Option<String>,
    /// `awsRegion`.
    pub region: Option<String>,
    /// One step per configuration item, oldest first.
    pub steps: Vec<HistoryStep>,
}

/// One configuration item of the resource, and what changed since the item before it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryStep {
    /// `configurationItemCaptureTime`.
    pub capture_time: Option<String>,
    /// `configurationStateId`.
    pub state_id: Option<String>,
    /// `configurationItemStatus`: `ResourceDiscovered`, `OK`, `ResourceDeleted`, ...
    pub status: Option<String>,
    /// Where the item was read: `file:line`.
    pub source: String,
    /// The item's JSON path in that file.
    pub json_path: String,
    /// The CloudTrail event ids AWS Config related to the item (`relatedEvents`).
    pub related_events: Vec<String>,
    /// The window in which the change happened, as `YYYY-MM-DDTHH:MM:SSZ` (CloudTrail's
    /// `eventTime` format): from the capture time of the step before (or
    /// [`FIRST_STEP_WINDOW_SECONDS`] before this one, for the first step) to this capture time.
    pub window_start: Option<String>,
    /// The end of that window.
    pub window_end: Option<String>,
    /// The field-level changes since the step before (empty for the first step).
    pub changes: Vec<FieldChange>,
    /// The CloudTrail events that caused the change, when a caller looked them up.
    pub caused_by: Vec<CausingEvent>,
}

/// A CloudTrail event behind a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CausingEvent {
    /// `eventID`.
    pub event_id: String,
    /// `eventName`.
    pub event_name: String,
    /// `eventTime`.
    pub event_time: String,
    /// `userIdentity.arn`.
    pub actor: Option<String>,
    /// `sourceIPAddress`.
    pub source_ip: Option<String>,
    /// How the event was found: `related_event` (named by AWS Config) or `time_window` (a
    /// write to the resource in the step's window).
    pub matched_by: &'static str,
}

/// Why a history could not be built.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum HistoryError {
    /// A file could not be read or parsed.
    #[error("cannot read the AWS Config files: {0}")]
    Load(#[from] LoadErrors),
    /// No item names the resource.
    #[error("{}: no AWS Config configuration item has resourceId, ARN or resourceName {resource:?}", dir.display())]
    #[diagnostic(help(
        "point at the folder AWS Config delivers to (AWSLogs/ACCOUNT/Config/), and give the resource id (sg-...) or ARN"
    ))]
    NotFound {
        /// The folder searched.
        dir: PathBuf,
        /// The resource asked for.
        resource: String,
    },
    /// Items of several resources match (the same id in two accounts or Regions).
    #[error("{resource:?} names {} resources: {}; give the ARN", candidates.len(), candidates.join(", "))]
    Ambiguous {
        /// The resource asked for.
        resource: String,
        /// `type account region id` of each.
        candidates: Vec<String>,
    },
}

/// The configuration timeline of `resource` (its id, ARN or name) from the AWS Config files
/// under `dir`.
pub fn history(dir: &Path, resource: &str) -> Result<ResourceHistory, HistoryError> {
    let items = configuration_history(dir, resource)?;
    let key = |i: &ConfigurationItem| {
        let s = |k: &str| {
            i.item
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        (
            i.resource_type.clone(),
            s("awsAccountId").to_owned() + &s("accountId"),
            s("awsRegion"),
            i.resource_id.clone().unwrap_or_default(),
        )
    };
    let groups: BTreeSet<(String, String, String, String)> = items.iter().map(key).collect();
    if groups.len() > 1 {
        return Err(HistoryError::Ambiguous {
            resource: resource.to_owned(),
            candidates: groups
                .into_iter()
                .map(|(t, a, r, i)| format!("{t} {a} {r} {i}"))
                .collect(),
        });
    }
    let Some(first) = items.first() else {
        return Err(HistoryError::NotFound {
            dir: dir.to_owned(),
            resource: resource.to_owned(),
        });
    };
    let text = |k: &str| first.item.get(k).and_then(Value::as_str).map(str::to_owned);
    let mut out = ResourceHistory {
        resource_type: first.resource_type.clone(),
        resource_id: first.resource_id.clone(),
        arn: items.iter().find_map(|i| i.arn.clone()),
        resource_name: items.iter().find_map(|i| i.resource_name.clone()),
        account: text("awsAccountId").or_else(|| text("accountId")),
        region: text("awsRegion"),
        steps: Vec::new(),
    };
    let ignore: BTreeSet<&str> = BOOKKEEPING.iter().copied().collect();
    let mut previous: Option<&ConfigurationItem> = None;
    for item in &items {
        let mut changes = Vec::new();
        if let Some(p) = previous {
            crate::diff::compare(
                &mut "$".to_owned(),
                &p.item,
                &item.item,
                &ignore,
                &mut changes,
            );
        }
        let instant = |i: &ConfigurationItem| {
            i.capture_time
                .as_deref()
                .and_then(|t| Timestamp::parse(t).ok())
        };
        let window_end =
            instant(item).map(|t| iso(t.unix_seconds() + i64::from(t.subsec_nanos() > 0)));
        let window_start = match previous {
            Some(p) => instant(p).map(|t| iso(t.unix_seconds())),
            None => instant(item).map(|t| iso(t.unix_seconds() - FIRST_STEP_WINDOW_SECONDS)),
        };
        out.steps.push(HistoryStep {
            capture_time: item.capture_time.clone(),
            state_id: item.state_id.clone(),
            status: item.status.clone(),
            source: format!("{}:{}", item.origin.file.display(), item.origin.line),
            json_path: item.origin.json_path.to_string(),
            related_events: item.related_events.clone(),
            window_start,
            window_end,
            changes,
            caused_by: Vec::new(),
        });
        previous = Some(item);
    }
    Ok(out)
}

/// `YYYY-MM-DDTHH:MM:SSZ` for Unix seconds (the proleptic Gregorian calendar, UTC).
pub(crate) fn iso(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn iso_formats_unix_seconds() {
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso(1_773_308_463), "2026-03-12T09:41:03Z");
        assert_eq!(iso(951_782_400), "2000-02-29T00:00:00Z");
    }
}
