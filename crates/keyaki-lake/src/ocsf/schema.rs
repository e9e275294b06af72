//! The Arrow schemas of the exported OCSF 1.1.0 classes: nested structs, as Amazon Security
//! Lake stores them, so `actor.user.uid` or `src_endpoint.ip` are real struct paths.
//!
//! Attributes follow the class definitions of the OCSF schema 1.1.0 (`events/base_event.json`,
//! `events/application/api.json`, `events/network/network.json`, the `cloud`, `datetime` and
//! `security_control` profiles, and the objects they name). Required attributes are
//! non-nullable columns, so a row that lacks one cannot be written.

use std::sync::{Arc, LazyLock};

use arrow::datatypes::{DataType, Field, Fields, Schema, SchemaRef, TimeUnit};

fn s(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn req_s(name: &str) -> Field {
    Field::new(name, DataType::Utf8, false)
}

fn int(name: &str) -> Field {
    Field::new(name, DataType::Int32, true)
}

fn req_int(name: &str) -> Field {
    Field::new(name, DataType::Int32, false)
}

fn long(name: &str) -> Field {
    Field::new(name, DataType::Int64, true)
}

fn boolean(name: &str) -> Field {
    Field::new(name, DataType::Boolean, true)
}

/// OCSF `timestamp_t` (milliseconds since the epoch) as an Arrow/Parquet timestamp in ms, UTC.
fn ts(name: &str, nullable: bool) -> Field {
    Field::new(
        name,
        DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
        nullable,
    )
}

fn obj(name: &str, nullable: bool, fields: Vec<Field>) -> Field {
    Field::new(name, DataType::Struct(Fields::from(fields)), nullable)
}

fn list_of(name: &str, item: DataType) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new("item", item, true))),
        true,
    )
}

fn string_map(name: &str) -> Field {
    Field::new_map(
        name,
        "key_value",
        Field::new("key", DataType::Utf8, false),
        Field::new("value", DataType::Utf8, true),
        false,
        true,
    )
}

/// The attributes every class has (base event, classification, occurrence, cloud profile).
fn base(product: Vec<Field>) -> Vec<Field> {
    vec![
        req_int("activity_id"),
        s("activity_name"),
        req_int("category_uid"),
        s("category_name"),
        req_int("class_uid"),
        s("class_name"),
        Field::new("type_uid", DataType::Int64, false),
        s("type_name"),
        ts("time", false),
        ts("time_dt", true),
        req_int("severity_id"),
        s("severity"),
        int("status_id"),
        s("status"),
        s("status_code"),
        s("status_detail"),
        s("message"),
        obj(
            "metadata",
            false,
            vec![
                obj("product", false, product),
                s("uid"),
                req_s("version"),
                s("log_version"),
                s("event_code"),
                list_of("profiles", DataType::Utf8),
            ],
        ),
        obj(
            "cloud",
            false,
            vec![
                req_s("provider"),
                s("region"),
                s("zone"),
                obj("account", true, vec![s("uid"), s("type"), int("type_id")]),
            ],
        ),
    ]
}

fn product() -> Vec<Field> {
    vec![
        s("name"),
        req_s("vendor_name"),
        s("version"),
        obj("feature", true, vec![s("name")]),
    ]
}

/// API Activity (class_uid 6003), from CloudTrail records.
pub(crate) static API_ACTIVITY: LazyLock<SchemaRef> = LazyLock::new(|| {
    let mut f = base(product());
    f.push(obj(
        "actor",
        false,
        vec![
            obj(
                "user",
                true,
                vec![
                    s("type"),
                    s("uid"),
                    s("uid_alt"),
                    s("name"),
                    s("credential_uid"),
                    obj("account", true, vec![s("uid"), s("type"), int("type_id")]),
                ],
            ),
            obj(
                "session",
                true,
                vec![
                    s("issuer"),
                    ts("created_time", true),
                    boolean("is_mfa"),
                    s("credential_uid"),
                ],
            ),
            s("invoked_by"),
            obj("idp", true, vec![s("name")]),
        ],
    ));
    f.push(obj(
        "api",
        false,
        vec![
            req_s("operation"),
            s("version"),
            obj("service", true, vec![s("name")]),
            obj("request", true, vec![s("uid"), s("data")]),
            obj("response", true, vec![s("error"), s("message"), s("data")]),
        ],
    ));
    f.push(obj(
        "src_endpoint",
        false,
        vec![s("ip"), s("domain"), s("uid"), s("vpc_uid")],
    ));
    f.push(obj("http_request", true, vec![s("user_agent")]));
    f.push(list_of(
        "resources",
        DataType::Struct(Fields::from(vec![s("uid"), s("type"), s("account_uid")])),
    ));
    f.push(string_map("unmapped"));
    Arc::new(Schema::new(f))
});

fn network_endpoint() -> Vec<Field> {
    vec![
        s("ip"),
        int("port"),
        s("interface_uid"),
        s("vpc_uid"),
        s("subnet_uid"),
        s("instance_uid"),
        s("svc_name"),
        list_of("intermediate_ips", DataType::Utf8),
    ]
}

/// Network Activity (class_uid 4001), from VPC Flow Logs records.
pub(crate) static NETWORK_ACTIVITY: LazyLock<SchemaRef> = LazyLock::new(|| {
    let mut f = base(product());
    f.push(ts("start_time", true));
    f.push(ts("end_time", true));
    f.push(obj("src_endpoint", false, network_endpoint()));
    f.push(obj("dst_endpoint", false, network_endpoint()));
    f.push(obj(
        "connection_info",
        true,
        vec![
            int("protocol_num"),
            s("protocol_name"),
            int("tcp_flags"),
            s("direction"),
            req_int("direction_id"),
            s("boundary"),
            int("boundary_id"),
        ],
    ));
    f.push(obj("traffic", true, vec![long("packets"), long("bytes")]));
    f.push(s("action"));
    f.push(int("action_id"));
    f.push(s("disposition"));
    f.push(int("disposition_id"));
    f.push(string_map("unmapped"));
    Arc::new(Schema::new(f))
});
