//! The actor timeline: every event of an access key, principal or address across all sources,
//! in time order, with the pivots that connect them (an access key to the sessions and keys it
//! created, a principal to its source addresses, an address to flow records and web requests).

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::read::SourceKind;
use crate::sql::Lake;
use crate::time::parse_iso;

/// What to lay out.
#[derive(Debug, Clone, Default)]
pub struct TimelineQuery {
    actor: String,
    from: Option<String>,
    to: Option<String>,
    private_addresses: bool,
}

impl TimelineQuery {
    /// The timeline of `actor`: an access key id (`AKIA...`, `ASIA...`), a principal ARN or an
    /// IP address.
    pub fn new(actor: impl Into<String>) -> Self {
        TimelineQuery {
            actor: actor.into().trim().to_owned(),
            ..Self::default()
        }
    }

    /// Only events at or after this ISO 8601 time.
    pub fn from(mut self, t: impl Into<String>) -> Self {
        self.from = Some(t.into());
        self
    }

    /// Only events at or before this ISO 8601 time.
    pub fn to(mut self, t: impl Into<String>) -> Self {
        self.to = Some(t.into());
        self
    }

    /// Also pivot to private (RFC 1918) source addresses; off by default, since a private
    /// address is usually a shared host or endpoint and brings in unrelated traffic.
    pub fn private_addresses(mut self, yes: bool) -> Self {
        self.private_addresses = yes;
        self
    }
}

/// One event of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEvent {
    /// When, ISO 8601 UTC.
    pub time: String,
    /// Which log it is from.
    pub source: SourceKind,
    /// Who acted: principal ARN, access key or client address.
    pub actor: String,
    /// What happened: the API operation, the HTTP request, the flow.
    pub action: String,
    /// What it acted on, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// The address it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_ip: Option<String>,
    /// The error code, HTTP status or flow action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The record's id: CloudTrail `eventID`, ALB `trace_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The pivot that brought this event in: `access_key:...`, `principal:...`, `address:...`.
    pub via: String,
}

/// The timeline of an actor.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timeline {
    /// The actor asked for.
    pub actor: String,
    /// Access keys followed: the actor's and the keys and sessions it created.
    pub access_keys: Vec<String>,
    /// Principals seen using those keys.
    pub principals: Vec<String>,
    /// Addresses pivoted to.
    pub addresses: Vec<String>,
    /// Events in time order.
    pub events: Vec<TimelineEvent>,
}

fn quote(v: &str) -> String {
    format!("'{}'", v.replace('\'', "''"))
}

fn in_list<'a>(values: impl IntoIterator<Item = &'a String>) -> String {
    let v: Vec<String> = values.into_iter().map(|s| quote(s)).collect();
    if v.is_empty() {
        "(NULL)".into()
    } else {
        format!("({})", v.join(", "))
    }
}

fn is_access_key(s: &str) -> bool {
    s.len() >= 16
        && s.len() <= 128
        && (s.starts_with("AKIA") || s.starts_with("ASIA"))
        && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn is_ip(s: &str) -> bool {
    s.parse::<std::net::IpAddr>().is_ok()
}

fn is_private(s: &str) -> bool {
    match s.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(v)) => v.is_private() || v.is_loopback() || v.is_link_local(),
        Ok(std::net::IpAddr::V6(v)) => v.is_loopback() || (v.segments()[0] & 0xfe00) == 0xfc00,
        Err(_) => true,
    }
}

fn s(row: &serde_json::Map<String, Value>, k: &str) -> Option<String> {
    match row.get(k)? {
        Value::String(v) => Some(v.clone()),
        Value::Null => None,
        v => Some(v.to_string()),
    }
}

fn rows(lake: &Lake, sql: &str) -> Result<Vec<serde_json::Map<String, Value>>> {
    lake.query(sql)?.to_json_rows()
}

/// Builds the timeline of `query`'s actor.
pub fn timeline(lake: &Lake, query: &TimelineQuery) -> Result<Timeline> {
    let actor = query.actor.clone();
    if actor.is_empty() {
        return Err(Error::Invalid {
            what: "actor".into(),
            reason: "give an access key id, a principal ARN or an IP address".into(),
        });
    }
    let mut keys: BTreeSet<String> = BTreeSet::new();
    let mut principals: BTreeSet<String> = BTreeSet::new();
    let mut addresses: BTreeSet<String> = BTreeSet::new();
    if is_access_key(&actor) {
        keys.insert(actor.clone());
    } else if is_ip(&actor) {
        addresses.insert(actor.clone());
    } else {
        principals.insert(actor.clone());
    }

    // Keys: follow the credentials and access keys each key created.
    if !principals.is_empty() {
        for r in rows(
            lake,
            &format!(
                "SELECT DISTINCT useridentity.accesskeyid AS k FROM cloudtrail_logs WHERE useridentity.arn IN {}",
                in_list(&principals)
            ),
        )? {
            if let Some(k) = s(&r, "k") {
                keys.insert(k);
            }
        }
    }
    for _ in 0..4 {
        let before = keys.len();
        for r in rows(
            lake,
            &format!(
                "SELECT DISTINCT COALESCE(json_extract_scalar(responseelements, '$.credentials.accessKeyId'), \
             json_extract_scalar(responseelements, '$.accessKey.accessKeyId')) AS k \
             FROM cloudtrail_logs WHERE useridentity.accesskeyid IN {} AND errorcode IS NULL \
             AND eventname IN ('AssumeRole', 'GetSessionToken', 'GetFederationToken', 'CreateAccessKey', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity')",
                in_list(&keys)
            ),
        )? {
            if let Some(k) = s(&r, "k") {
                keys.insert(k);
            }
        }
        if keys.len() == before {
            break;
        }
    }

    let mut events = Vec::new();
    let ct = rows(
        lake,
        &format!(
            "SELECT eventtime, eventid, eventname, eventsource, errorcode, sourceipaddress, useragent, \
         useridentity.arn AS arn, useridentity.accesskeyid AS akid, requestparameters \
         FROM cloudtrail_logs WHERE useridentity.accesskeyid IN {k} OR useridentity.arn IN {p} OR sourceipaddress IN {a}",
            k = in_list(&keys),
            p = in_list(&principals),
            a = in_list(&addresses),
        ),
    )?;
    for r in &ct {
        if let Some(arn) = s(r, "arn") {
            principals.insert(arn);
        }
        if let Some(ip) = s(r, "sourceipaddress")
            .filter(|ip| is_ip(ip) && (query.private_addresses || !is_private(ip)))
        {
            addresses.insert(ip);
        }
    }
    for r in ct {
        let akid = s(&r, "akid");
        let arn = s(&r, "arn");
        let ip = s(&r, "sourceipaddress");
        let via = match (&akid, &arn, &ip) {
            (Some(k), _, _) if keys.contains(k) => format!("access_key:{k}"),
            (_, Some(a), _) if principals.contains(a) => format!("principal:{a}"),
            (_, _, Some(i)) => format!("address:{i}"),
            _ => "actor".into(),
        };
        let target = s(&r, "requestparameters").and_then(|p| {
            let v: Value = serde_json::from_str(&p).ok()?;
            [
                "bucketName",
                "userName",
                "roleArn",
                "policyArn",
                "secretId",
                "name",
                "groupId",
                "instanceId",
                "functionName",
                "key",
            ]
            .iter()
            .find_map(|k| v.get(*k).and_then(Value::as_str).map(str::to_owned))
        });
        events.push(TimelineEvent {
            time: s(&r, "eventtime").unwrap_or_default(),
            source: SourceKind::CloudTrail,
            actor: arn.or(akid).unwrap_or_else(|| "unknown".into()),
            action: format!(
                "{}:{}",
                s(&r, "eventsource")
                    .unwrap_or_default()
                    .trim_end_matches(".amazonaws.com"),
                s(&r, "eventname").unwrap_or_default()
            ),
            target,
            source_ip: ip,
            outcome: s(&r, "errorcode"),
            id: s(&r, "eventid"),
            via,
        });
    }

    if !addresses.is_empty() {
        let list = in_list(&addresses);
        for r in rows(
            lake,
            &format!(
                "SELECT to_iso8601(from_unixtime(start)) AS t, srcaddr, dstaddr, srcport, dstport, protocol, bytes, packets, action, interface_id \
             FROM vpc_flow_logs WHERE srcaddr IN {list} OR dstaddr IN {list}"
            ),
        )? {
            let src = s(&r, "srcaddr").unwrap_or_default();
            let dst = s(&r, "dstaddr").unwrap_or_default();
            let via = if addresses.contains(&src) {
                src.clone()
            } else {
                dst.clone()
            };
            events.push(TimelineEvent {
                time: s(&r, "t").unwrap_or_default(),
                source: SourceKind::VpcFlow,
                actor: src.clone(),
                action: format!(
                    "flow {}:{} -> {}:{} proto {} ({} bytes, {} packets)",
                    src,
                    s(&r, "srcport").unwrap_or_default(),
                    dst,
                    s(&r, "dstport").unwrap_or_default(),
                    s(&r, "protocol").unwrap_or_default(),
                    s(&r, "bytes").unwrap_or_default(),
                    s(&r, "packets").unwrap_or_default()
                ),
                target: s(&r, "interface_id"),
                source_ip: Some(src),
                outcome: s(&r, "action"),
                id: None,
                via: format!("address:{via}"),
            });
        }
        for r in rows(
            lake,
            &format!(
                "SELECT time, client_ip, request_verb, request_url, elb_status_code, trace_id, target_ip FROM alb_logs WHERE client_ip IN {list}"
            ),
        )? {
            let ip = s(&r, "client_ip").unwrap_or_default();
            events.push(TimelineEvent {
                time: s(&r, "time").unwrap_or_default(),
                source: SourceKind::Alb,
                actor: ip.clone(),
                action: format!(
                    "{} {}",
                    s(&r, "request_verb").unwrap_or_default(),
                    s(&r, "request_url").unwrap_or_default()
                ),
                target: s(&r, "target_ip"),
                source_ip: Some(ip.clone()),
                outcome: s(&r, "elb_status_code"),
                id: s(&r, "trace_id"),
                via: format!("address:{ip}"),
            });
        }
        for r in rows(
            lake,
            &format!(
                "SELECT time, remote_addr, request, status, log_host FROM nginx_logs WHERE remote_addr IN {list} OR http_x_forwarded_for IN {list}"
            ),
        )? {
            let ip = s(&r, "remote_addr").unwrap_or_default();
            events.push(TimelineEvent {
                time: s(&r, "time").unwrap_or_default(),
                source: SourceKind::Nginx,
                actor: ip.clone(),
                action: s(&r, "request").unwrap_or_default(),
                target: s(&r, "log_host"),
                source_ip: Some(ip.clone()),
                outcome: s(&r, "status"),
                id: None,
                via: format!("address:{ip}"),
            });
        }
    }

    let from = query.from.as_deref().and_then(parse_iso);
    let to = query.to.as_deref().and_then(parse_iso);
    if query.from.is_some() && from.is_none() || query.to.is_some() && to.is_none() {
        return Err(Error::Invalid {
            what: "time range".into(),
            reason: "--from and --to take ISO 8601 times such as 2026-03-12T09:00:00Z".into(),
        });
    }
    let mut keyed: Vec<_> = events
        .into_iter()
        .filter_map(|e| {
            let t = parse_iso(&e.time)?;
            let inside = from.is_none_or(|f| t >= f) && to.is_none_or(|x| t <= x);
            inside.then_some((t, e))
        })
        .collect();
    keyed.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.source.cmp(&b.1.source))
            .then_with(|| a.1.id.cmp(&b.1.id))
    });
    Ok(Timeline {
        actor,
        access_keys: keys.into_iter().collect(),
        principals: principals.into_iter().collect(),
        addresses: addresses.into_iter().collect(),
        events: keyed.into_iter().map(|(_, e)| e).collect(),
    })
}
