//! Shapes and helpers that several services share: the resource policy that S3, KMS,
//! Lambda, Secrets Manager, SNS and SQS resources carry, and the bookkeeping of outputs that
//! describe one resource each (kept once, duplicates and dangling outputs reported).

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::document::Document;
use crate::resource::{Origin, Resource};
use crate::source::Place;
use crate::{LoadError, Warning, WarningKind};

/// A resource policy document (a bucket policy, a key policy, a Lambda function policy, ...).
///
/// AWS returns these as JSON text inside JSON (`{"Policy": "{\"Version\": ...}"}`). keyaki
/// checks that the text is a JSON object and keeps it exactly as written in the
/// [`Resource::raw`] of the `Resource<ResourcePolicy>` that holds it; the IAM engine parses
/// and validates the statements. The origin's JSON path names the member that held the text,
/// such as `$.Policy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResourcePolicy {}

impl<'de> Deserialize<'de> for ResourcePolicy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = ResourcePolicy;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object (a policy document)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ResourcePolicy, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(ResourcePolicy {})
            }
        }
        d.deserialize_map(ObjectVisitor)
    }
}

// Helpers shared by the services whose resources have their own outputs and policies
// (KMS, Lambda, CloudTrail, Config, GuardDuty, Secrets Manager, SNS, SQS).

/// Keeps `value` in `slot` unless the slot is taken, in which case the first is kept and a
/// duplicate is reported. `what` names the value, such as `bucket "logs": get-bucket-acl`.
pub(crate) fn set_once<T>(
    slot: &mut Option<Resource<T>>,
    value: Resource<T>,
    what: &str,
    warnings: &mut Vec<Warning>,
) {
    match slot {
        Some(first) => warnings.push(Warning {
            path: value.origin.file.to_path_buf(),
            kind: WarningKind::Duplicate,
            message: format!(
                "{what} is already loaded from {}; the first is kept",
                first.origin
            ),
        }),
        None => *slot = Some(value),
    }
}

/// The warning for a resource listed twice.
pub(crate) fn duplicate<T>(
    at: &Origin,
    kind: &str,
    id: &str,
    list: &str,
    first: &Resource<T>,
) -> Warning {
    Warning {
        path: at.file.to_path_buf(),
        kind: WarningKind::Duplicate,
        message: format!(
            "{kind} {id:?} at {} is already loaded from {} ({list}); the first is kept",
            at.json_path, first.origin
        ),
    }
}

/// The warning for a per-resource output about a resource that its service's list does not
/// hold. The resource is kept; the warning is taken back (see [`retract`]) if a later page of
/// the list holds it, since files are read in path order and a resource's folder may sort
/// before the list.
pub(crate) fn dangling(at: &Origin, command: &str, kind: &str, id: &str, list: &str) -> Warning {
    Warning {
        path: at.file.to_path_buf(),
        kind: WarningKind::Dangling,
        message: format!(
            "{command} output for {kind} {id:?}, which the snapshot's {list} does not list; the {kind} is kept"
        ),
    }
}

/// Removes a warning pushed earlier that a later file answered.
pub(crate) fn retract(warnings: &mut Vec<Warning>, warning: &Warning) {
    if let Some(i) = warnings.iter().rposition(|w| w == warning) {
        warnings.remove(i);
    }
}

/// The warning for a per-resource output outside a folder that names its resource.
pub(crate) fn outside_folder(at: &Origin, command: &str, layout: &str) -> Warning {
    Warning {
        path: at.file.to_path_buf(),
        kind: WarningKind::Location,
        message: format!(
            "{command} output outside a folder named after its resource ({layout}); skipped"
        ),
    }
}

/// Reads a timestamp as the AWS CLI prints it: ISO 8601 text (kept as written), or seconds
/// since 1970 (the AWS CLI v1 default for JSON services, such as `1454022144.869`), which
/// becomes ISO 8601 text in UTC (`2016-01-28T23:02:24.869Z`).
pub(crate) fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct TimestampVisitor;
    impl<'de> Visitor<'de> for TimestampVisitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a timestamp (ISO 8601 text or seconds since 1970)")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(TimestampVisitor)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            i64::try_from(v)
                .ok()
                .and_then(|s| s.checked_mul(1000))
                .map(|ms| Some(epoch_millis_to_iso(ms)))
                .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            v.checked_mul(1000)
                .map(|ms| Some(epoch_millis_to_iso(ms)))
                .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            let ms = (v * 1000.0).round();
            // Beyond ±2^53 ms (year ±285,000) an f64 no longer holds whole milliseconds.
            if !ms.is_finite() || ms.abs() > 9_007_199_254_740_992.0 {
                return Err(E::invalid_value(de::Unexpected::Float(v), &self));
            }
            Ok(Some(epoch_millis_to_iso(ms as i64)))
        }
    }
    d.deserialize_any(TimestampVisitor)
}

/// Milliseconds since 1970 as `YYYY-MM-DDTHH:MM:SS[.mmm]Z`.
fn epoch_millis_to_iso(ms: i64) -> String {
    const DAY: i64 = 86_400_000;
    let (days, in_day) = (ms.div_euclid(DAY), ms.rem_euclid(DAY));
    // Days since 1970 to a civil date in the proleptic Gregorian calendar, by 400-year eras.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let (h, m, s, milli) = (
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    );
    if milli == 0 {
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
    } else {
        format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
    }
}

/// The policy document held as text in the string attribute `Policy` of the member
/// `Attributes` (`sns get-topic-attributes`, `sqs get-queue-attributes`), with the same
/// errors as [`Document::embedded`].
pub(crate) fn attribute_policy(
    doc: &Document<'_>,
) -> Result<Option<Resource<ResourcePolicy>>, LoadError> {
    #[derive(Deserialize)]
    struct PolicyAttribute {
        #[serde(rename = "Policy", default)]
        policy: Option<String>,
    }
    let Some(attributes) = doc.member::<PolicyAttribute>("Attributes")? else {
        return Ok(None);
    };
    let Some(text) = &attributes.policy else {
        return Ok(None);
    };
    let raw = attributes.raw.get();
    let line = attributes.origin.line
        + raw
            .find("\"Policy\"")
            .map_or(0, |at| raw[..at].matches('\n').count());
    let json_path = "$.Attributes.Policy";
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = serde_path_to_error::deserialize::<_, ResourcePolicy>(&mut de)
        .map_err(|e| {
            let inner_path = e.path().to_string();
            (Some(inner_path), e.into_inner())
        })
        .and_then(|value| de.end().map(|()| value).map_err(|e| (None, e)));
    match parsed {
        Ok(data) => Ok(Some(Resource {
            data,
            raw: crate::RawJson::from_string(text.clone()),
            origin: Origin {
                file: attributes.origin.file.clone(),
                json_path: json_path.into(),
                line,
            },
        })),
        Err((inner_path, e)) => {
            let suffix = match inner_path.as_deref() {
                None | Some("" | ".") => String::new(),
                Some(p) if p.starts_with('[') => p.to_owned(),
                Some(p) => format!(".{p}"),
            };
            let message = e.to_string();
            let message = match message.rfind(" at line ") {
                Some(i) => &message[..i],
                None => &message,
            };
            Err(LoadError::Shape {
                path: attributes.origin.file.to_path_buf(),
                line,
                column: 1,
                json_path: format!("{json_path} (embedded document){suffix}"),
                message: format!(
                    "{message} (at {}:{} of the embedded document)",
                    e.line(),
                    e.column()
                ),
            })
        }
    }
}

/// Which identifying attributes the string map `Attributes` holds: SNS topics, SNS
/// subscriptions and SQS queues all print their attributes under that key.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct AttributeKeys {
    #[serde(rename = "TopicArn", default)]
    pub topic_arn: Option<IgnoredAny>,
    #[serde(rename = "SubscriptionArn", default)]
    pub subscription_arn: Option<IgnoredAny>,
    #[serde(rename = "QueueArn", default)]
    pub queue_arn: Option<IgnoredAny>,
}

impl AttributeKeys {
    /// The keys of `doc`'s `Attributes`, all absent when it is not an object.
    pub fn of(doc: &Document<'_>) -> Self {
        doc.member::<AttributeKeys>("Attributes")
            .ok()
            .flatten()
            .map(|r| r.data)
            .unwrap_or_default()
    }
}

/// Whether the file sits in the folder of `service`, or (when `command` names it) outside
/// any service folder.
pub(crate) fn in_service(place: &Place, services: &[&str], commands: &[&str]) -> bool {
    match place.service.as_deref() {
        Some(s) => services.contains(&s),
        None => commands.contains(&place.command.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_become_utc_iso_text() {
        assert_eq!(epoch_millis_to_iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            epoch_millis_to_iso(1_454_022_144_869),
            "2016-01-28T23:02:24.869Z"
        );
        assert_eq!(epoch_millis_to_iso(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(epoch_millis_to_iso(-1000), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn timestamps_keep_text_and_convert_numbers() {
        #[derive(Deserialize)]
        struct T {
            #[serde(default, deserialize_with = "timestamp")]
            at: Option<String>,
        }
        let read = |json: &str| serde_json::from_str::<T>(json).map(|t| t.at);
        assert_eq!(
            read(r#"{"at": "2019-08-23T00:06:23.394000+00:00"}"#).unwrap(),
            Some("2019-08-23T00:06:23.394000+00:00".into())
        );
        assert_eq!(
            read(r#"{"at": 1566160362.664}"#).unwrap(),
            Some("2019-08-18T20:32:42.664Z".into())
        );
        assert_eq!(
            read(r#"{"at": 1673395200}"#).unwrap(),
            Some("2023-01-11T00:00:00Z".into())
        );
        assert_eq!(read(r#"{"at": null}"#).unwrap(), None);
        assert_eq!(read("{}").unwrap(), None);
        assert!(read(r#"{"at": true}"#).is_err());
    }
}
