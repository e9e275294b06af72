//! A `vpc_flow_logs` row as an OCSF 1.1.0 Network Activity event (class_uid 4001,
//! activity 6 Traffic: a flow log record reports the traffic of a capture window).

use serde_json::{Map, Value, json};

use super::{Partition, get, get_i64, get_str};

/// The OCSF event of one row, or why it cannot be one.
pub(crate) fn map(row: &Map<String, Value>, part: &Partition) -> Result<Value, String> {
    let start = get_i64(row, "start").ok_or("the record has no start time")?;
    let start_ms = start
        .checked_mul(1000)
        .ok_or_else(|| format!("start {start} is out of range"))?;
    let end_ms = get_i64(row, "end").and_then(|e| e.checked_mul(1000));
    let s = |k: &str| get_str(row, &[k]);
    let (action, action_id, disposition, disposition_id) = match s("action") {
        Some("ACCEPT") => (Some("Allowed"), Some(1), Some("Allowed"), Some(1)),
        Some("REJECT") => (Some("Denied"), Some(2), Some("Blocked"), Some(2)),
        _ => (None, None, None, None),
    };
    let (status_id, status) = match s("log_status") {
        Some("OK") => (1, "Success"),
        Some(_) => (99, "Other"),
        None => (0, "Unknown"),
    };
    let (direction_id, direction) = match s("flow_direction") {
        Some("ingress") => (1, "Inbound"),
        Some("egress") => (2, "Outbound"),
        _ => (0, "Unknown"),
    };
    let protocol = get_i64(row, "protocol").filter(|p| (0..=255).contains(p));
    let protocol_name = protocol.and_then(|p| match p {
        1 => Some("icmp"),
        6 => Some("tcp"),
        17 => Some("udp"),
        58 => Some("ipv6-icmp"),
        _ => None,
    });
    let port = |k: &str| get_i64(row, k);
    let intermediate = |k: &str| s(k).map(|ip| json!([ip]));
    let mut unmapped = Map::new();
    for k in [
        "type",
        "sublocation_type",
        "sublocation_id",
        "pkt_src_aws_service",
        "pkt_dst_aws_service",
        "traffic_path",
        "ecs_cluster_arn",
        "ecs_cluster_name",
        "ecs_container_instance_arn",
        "ecs_container_instance_id",
        "ecs_container_id",
        "ecs_second_container_id",
        "ecs_service_name",
        "ecs_task_definition_arn",
        "ecs_task_arn",
        "ecs_task_id",
        "reject_reason",
    ] {
        match get(row, &[k]) {
            Some(Value::String(v)) => {
                unmapped.insert(k.to_owned(), Value::String(v.clone()));
            }
            Some(Value::Number(n)) => {
                unmapped.insert(k.to_owned(), Value::String(n.to_string()));
            }
            _ => {}
        }
    }
    Ok(json!({
        "activity_id": 6,
        "activity_name": "Traffic",
        "category_uid": 4,
        "category_name": "Network Activity",
        "class_uid": 4001,
        "class_name": "Network Activity",
        "type_uid": 400106,
        "type_name": "Network Activity: Traffic",
        "time": start_ms,
        "time_dt": start_ms,
        "start_time": start_ms,
        "end_time": end_ms,
        "severity_id": 1,
        "severity": "Informational",
        "status_id": status_id,
        "status": status,
        "status_code": s("log_status"),
        "metadata": {
            "product": {
                "name": "Amazon VPC",
                "vendor_name": "AWS",
                "version": get_i64(row, "version").map(|v| v.to_string()),
                "feature": {"name": "Flowlogs"},
            },
            "version": super::OCSF_VERSION,
            "profiles": ["cloud", "datetime", "security_control"],
        },
        "cloud": {
            "provider": "AWS",
            "region": part.region,
            "zone": s("az_id"),
            "account": {"uid": s("account_id").unwrap_or(&part.account), "type": "AWS Account", "type_id": 10},
        },
        "src_endpoint": {
            "ip": s("srcaddr"),
            "port": port("srcport"),
            "interface_uid": s("interface_id"),
            "vpc_uid": s("vpc_id"),
            "subnet_uid": s("subnet_id"),
            "instance_uid": s("instance_id"),
            "intermediate_ips": intermediate("pkt_srcaddr"),
        },
        "dst_endpoint": {
            "ip": s("dstaddr"),
            "port": port("dstport"),
            "intermediate_ips": intermediate("pkt_dstaddr"),
        },
        "connection_info": {
            "protocol_num": protocol,
            "protocol_name": protocol_name,
            "tcp_flags": get_i64(row, "tcp_flags"),
            "direction": direction,
            "direction_id": direction_id,
        },
        "traffic": {"packets": get_i64(row, "packets"), "bytes": get_i64(row, "bytes")},
        "action": action,
        "action_id": action_id,
        "disposition": disposition,
        "disposition_id": disposition_id,
        "unmapped": if unmapped.is_empty() { Value::Null } else { Value::Object(unmapped) },
    }))
}
