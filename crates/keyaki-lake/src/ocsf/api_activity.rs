//! A `cloudtrail_logs` row as an OCSF 1.1.0 API Activity event (class_uid 6003).

use serde_json::{Map, Value, json};

use super::{Partition, get, get_str, millis_of};

/// OCSF API Activity `activity_id` from the operation's name: `1` Create, `2` Read, `3`
/// Update, `4` Delete, `99` Other. A record CloudTrail marks `readOnly` is a Read.
pub(crate) fn activity(event_name: &str, read_only: Option<&str>) -> (i32, &'static str) {
    const CREATE: &[&str] = &["Create", "Run", "Allocate", "Register", "Import", "Issue"];
    const READ: &[&str] = &[
        "Get", "Describe", "List", "Head", "Lookup", "Search", "Select", "Scan", "Query",
        "BatchGet", "Download",
    ];
    const UPDATE: &[&str] = &[
        "Update",
        "Modify",
        "Put",
        "Set",
        "Attach",
        "Associate",
        "Add",
        "Enable",
        "Disable",
        "Change",
        "Replace",
        "Reset",
        "Start",
        "Stop",
        "Reboot",
        "Tag",
        "Untag",
        "Upload",
        "Copy",
        "Restore",
        "Authorize",
        "Assume",
        "Rotate",
        "Apply",
    ];
    const DELETE: &[&str] = &[
        "Delete",
        "Remove",
        "Detach",
        "Disassociate",
        "Terminate",
        "Revoke",
        "Deregister",
        "Release",
        "Purge",
    ];
    let starts = |list: &[&str]| {
        list.iter().any(|p| {
            event_name.strip_prefix(p).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_uppercase())
            })
        })
    };
    if starts(CREATE) {
        (1, "Create")
    } else if starts(DELETE) {
        (4, "Delete")
    } else if starts(READ) || read_only == Some("true") {
        (2, "Read")
    } else if starts(UPDATE) {
        (3, "Update")
    } else {
        (99, "Other")
    }
}

/// The OCSF event of one row, or why it cannot be one.
pub(crate) fn map(row: &Map<String, Value>, part: &Partition) -> Result<Value, String> {
    let event_name = get_str(row, &["eventname"]).ok_or("the record has no eventName")?;
    let event_time = get_str(row, &["eventtime"]).ok_or("the record has no eventTime")?;
    let time = millis_of(event_time)
        .ok_or_else(|| format!("eventTime {event_time:?} is not an ISO 8601 time"))?;
    let (activity_id, activity_name) = activity(event_name, get_str(row, &["readonly"]));
    let error = get_str(row, &["errorcode"]);
    let (status_id, status) = if error.is_some() {
        (2, "Failure")
    } else {
        (1, "Success")
    };
    let source_ip = get_str(row, &["sourceipaddress"]);
    let (ip, domain) = match source_ip {
        Some(s) if s.parse::<std::net::IpAddr>().is_ok() => (Some(s), None),
        other => (None, other),
    };
    let uid = |path: &[&str]| get_str(row, path);
    let identity = |k: &str| get_str(row, &["useridentity", k]);
    let issuer = |k: &str| get_str(row, &["useridentity", "sessioncontext", "sessionissuer", k]);
    let attr = |k: &str| get_str(row, &["useridentity", "sessioncontext", "attributes", k]);
    let user = if get(row, &["useridentity"]).is_some() {
        json!({
            "type": identity("type"),
            "uid": identity("arn"),
            "uid_alt": identity("principalid"),
            "name": identity("username"),
            "credential_uid": identity("accesskeyid"),
            "account": identity("accountid").map(|a| json!({"uid": a, "type": "AWS Account", "type_id": 10})),
        })
    } else {
        Value::Null
    };
    let session = if issuer("arn").is_some() || attr("creationdate").is_some() {
        json!({
            "issuer": issuer("arn"),
            "created_time": attr("creationdate").and_then(millis_of),
            "is_mfa": attr("mfaauthenticated").map(|m| m == "true"),
            "credential_uid": identity("accesskeyid"),
        })
    } else {
        Value::Null
    };
    let idp = get_str(
        row,
        &[
            "useridentity",
            "sessioncontext",
            "webidfederationdata",
            "federatedprovider",
        ],
    )
    .map(|name| json!({ "name": name }));
    let resources: Vec<Value> = match get(row, &["resources"]) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_object)
            .map(|r| {
                json!({
                    "uid": get_str(r, &["arn"]),
                    "type": get_str(r, &["type"]),
                    "account_uid": get_str(r, &["accountid"]),
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut unmapped = Map::new();
    for k in [
        "additionaleventdata",
        "serviceeventdetails",
        "sharedeventid",
        "eventtype",
        "readonly",
        "vpcendpointaccountid",
        "sessioncredentialfromconsole",
        "edgedevicedetails",
    ] {
        if let Some(v) = get_str(row, &[k]) {
            unmapped.insert(k.to_owned(), Value::String(v.to_owned()));
        }
    }
    if let Some(Value::Object(tls)) = get(row, &["tlsdetails"]) {
        for (k, v) in tls {
            if let Some(v) = v.as_str() {
                unmapped.insert(format!("tlsdetails.{k}"), Value::String(v.to_owned()));
            }
        }
    }
    let account = uid(&["recipientaccountid"]).unwrap_or(&part.account);
    let region = uid(&["awsregion"]).unwrap_or(&part.region);
    Ok(json!({
        "activity_id": activity_id,
        "activity_name": activity_name,
        "category_uid": 6,
        "category_name": "Application Activity",
        "class_uid": 6003,
        "class_name": "API Activity",
        "type_uid": 600300 + i64::from(activity_id),
        "type_name": format!("API Activity: {activity_name}"),
        "time": time,
        "time_dt": time,
        "severity_id": 1,
        "severity": "Informational",
        "status_id": status_id,
        "status": status,
        "status_code": error,
        "status_detail": uid(&["errormessage"]),
        "metadata": {
            "product": {
                "name": "CloudTrail",
                "vendor_name": "AWS",
                "version": uid(&["eventversion"]),
                "feature": {"name": uid(&["eventcategory"]).unwrap_or("Management")},
            },
            "uid": uid(&["eventid"]),
            "version": super::OCSF_VERSION,
            "event_code": uid(&["eventtype"]),
            "profiles": ["cloud", "datetime"],
        },
        "cloud": {
            "provider": "AWS",
            "region": region,
            "account": {"uid": account, "type": "AWS Account", "type_id": 10},
        },
        "actor": {
            "user": user,
            "session": session,
            "invoked_by": identity("invokedby"),
            "idp": idp,
        },
        "api": {
            "operation": event_name,
            "version": uid(&["apiversion"]),
            "service": {"name": uid(&["eventsource"])},
            "request": {"uid": uid(&["requestid"]), "data": uid(&["requestparameters"])},
            "response": {
                "error": error,
                "message": uid(&["errormessage"]),
                "data": uid(&["responseelements"]),
            },
        },
        "src_endpoint": {
            "ip": ip,
            "domain": domain,
            "uid": uid(&["vpcendpointid"]),
        },
        "http_request": uid(&["useragent"]).map(|ua| json!({"user_agent": ua})),
        "resources": if resources.is_empty() { Value::Null } else { Value::Array(resources) },
        "unmapped": if unmapped.is_empty() { Value::Null } else { Value::Object(unmapped) },
    }))
}

#[cfg(test)]
mod tests {
    use super::activity;

    #[test]
    fn activities_follow_the_operation_verb() {
        assert_eq!(activity("CreateUser", None).0, 1);
        assert_eq!(activity("RunInstances", None).0, 1);
        assert_eq!(activity("GetObject", None).0, 2);
        assert_eq!(activity("DescribeInstances", None).0, 2);
        assert_eq!(activity("PutBucketPolicy", None).0, 3);
        assert_eq!(activity("AttachRolePolicy", None).0, 3);
        assert_eq!(activity("DeleteTrail", None).0, 4);
        assert_eq!(activity("StopLogging", None).0, 3);
        assert_eq!(activity("ConsoleLogin", None).0, 99);
        assert_eq!(activity("ConsoleLogin", Some("true")).0, 2);
        // A verb must end at a word boundary: "Settle" is not "Set".
        assert_eq!(activity("Settle", None).0, 99);
    }
}
