//! CloudTrail records: S3-delivered `{"Records": [...]}` files, `lookup-events` output,
//! and JSON Lines (one record per line), into the columns of Athena's `cloudtrail_logs`.

use std::sync::{Arc, LazyLock};

use arrow::array::{ArrayRef, ListArray, MapBuilder, MapFieldNames, StringBuilder};
use arrow::buffer::OffsetBuffer;
use arrow::datatypes::{DataType, Field, Fields, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Columns, FileCtx, PartKey, Sink};
use crate::arrowutil::{strings, strings_by, struct_fields, structs, utf8};
use crate::error::Result;
use crate::time::iso_date;

fn fields(names: &[&str]) -> Fields {
    names.iter().map(|n| utf8(n)).collect::<Vec<_>>().into()
}

fn struct_field(name: &str, fields: Fields) -> Field {
    Field::new(name, DataType::Struct(fields), true)
}

/// The columns of `cloudtrail_logs`, named and typed as in Athena's documented
/// `CREATE TABLE` for CloudTrail (all scalars are strings, JSON objects are JSON text).
pub(crate) static SCHEMA: LazyLock<SchemaRef> = LazyLock::new(|| {
    let attributes_map = Field::new_map(
        "attributes",
        "entries",
        Field::new("key", DataType::Utf8, false),
        Field::new("value", DataType::Utf8, true),
        false,
        true,
    );
    let session_context = Fields::from(vec![
        struct_field("attributes", fields(&["mfaauthenticated", "creationdate"])),
        struct_field(
            "sessionissuer",
            fields(&["type", "principalid", "arn", "accountid", "username"]),
        ),
        utf8("ec2roledelivery"),
        struct_field(
            "webidfederationdata",
            Fields::from(vec![utf8("federatedprovider"), attributes_map]),
        ),
    ]);
    let useridentity = Fields::from(vec![
        utf8("type"),
        utf8("principalid"),
        utf8("arn"),
        utf8("accountid"),
        utf8("invokedby"),
        utf8("accesskeyid"),
        utf8("username"),
        struct_field("onbehalfof", fields(&["userid", "identitystorearn"])),
        struct_field("sessioncontext", session_context),
    ]);
    let resource = DataType::Struct(fields(&["arn", "accountid", "type"]));
    let mut cols = vec![
        utf8("eventversion"),
        struct_field("useridentity", useridentity),
    ];
    for n in [
        "eventtime",
        "eventsource",
        "eventname",
        "awsregion",
        "sourceipaddress",
        "useragent",
        "errorcode",
        "errormessage",
        "requestparameters",
        "responseelements",
        "additionaleventdata",
        "requestid",
        "eventid",
    ] {
        cols.push(utf8(n));
    }
    cols.push(Field::new(
        "resources",
        DataType::List(Arc::new(Field::new("item", resource, true))),
        true,
    ));
    for n in [
        "eventtype",
        "apiversion",
        "readonly",
        "recipientaccountid",
        "serviceeventdetails",
        "sharedeventid",
        "vpcendpointid",
        "vpcendpointaccountid",
        "eventcategory",
    ] {
        cols.push(utf8(n));
    }
    cols.push(struct_field(
        "addendum",
        fields(&[
            "reason",
            "updatedfields",
            "originalrequestid",
            "originaleventid",
        ]),
    ));
    cols.push(utf8("sessioncredentialfromconsole"));
    cols.push(utf8("edgedevicedetails"));
    cols.push(struct_field(
        "tlsdetails",
        fields(&["tlsversion", "ciphersuite", "clientprovidedhostheader"]),
    ));
    Arc::new(Schema::new(cols))
});

type Raw<'a> = Option<&'a RawValue>;

/// A scalar as Athena's CloudTrail SerDe shows it: strings unquoted, other JSON as text.
fn text(raw: Raw<'_>) -> Option<String> {
    let raw = raw?;
    let s = raw.get();
    if s == "null" {
        None
    } else if s.starts_with('"') {
        serde_json::from_str::<String>(s).ok()
    } else {
        Some(s.to_owned())
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawIssuer<'a> {
    #[serde(borrow, rename = "type")]
    kind: Raw<'a>,
    #[serde(borrow)]
    principal_id: Raw<'a>,
    #[serde(borrow)]
    arn: Raw<'a>,
    #[serde(borrow)]
    account_id: Raw<'a>,
    #[serde(borrow)]
    user_name: Raw<'a>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawAttributes<'a> {
    #[serde(borrow)]
    mfa_authenticated: Raw<'a>,
    #[serde(borrow)]
    creation_date: Raw<'a>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawWebId<'a> {
    #[serde(borrow)]
    federated_provider: Raw<'a>,
    #[serde(borrow, default)]
    attributes: Option<std::collections::BTreeMap<String, &'a RawValue>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawSessionContext<'a> {
    #[serde(borrow)]
    attributes: Option<RawAttributes<'a>>,
    #[serde(borrow)]
    session_issuer: Option<RawIssuer<'a>>,
    #[serde(borrow)]
    ec2_role_delivery: Raw<'a>,
    #[serde(borrow)]
    web_id_federation_data: Option<RawWebId<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawOnBehalfOf<'a> {
    #[serde(borrow)]
    user_id: Raw<'a>,
    #[serde(borrow)]
    identity_store_arn: Raw<'a>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawIdentity<'a> {
    #[serde(borrow, rename = "type")]
    kind: Raw<'a>,
    #[serde(borrow)]
    principal_id: Raw<'a>,
    #[serde(borrow)]
    arn: Raw<'a>,
    #[serde(borrow)]
    account_id: Raw<'a>,
    #[serde(borrow)]
    invoked_by: Raw<'a>,
    #[serde(borrow)]
    access_key_id: Raw<'a>,
    #[serde(borrow)]
    user_name: Raw<'a>,
    #[serde(borrow)]
    on_behalf_of: Option<RawOnBehalfOf<'a>>,
    #[serde(borrow)]
    session_context: Option<RawSessionContext<'a>>,
}

#[derive(Deserialize)]
struct RawResource<'a> {
    #[serde(borrow, alias = "arn", rename = "ARN")]
    arn: Raw<'a>,
    #[serde(borrow, rename = "accountId")]
    account_id: Raw<'a>,
    #[serde(borrow, rename = "type")]
    kind: Raw<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAddendum<'a> {
    #[serde(borrow)]
    reason: Raw<'a>,
    #[serde(borrow)]
    updated_fields: Raw<'a>,
    #[serde(borrow)]
    original_request_id: Raw<'a>,
    #[serde(borrow)]
    original_event_id: Raw<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawTls<'a> {
    #[serde(borrow)]
    tls_version: Raw<'a>,
    #[serde(borrow)]
    cipher_suite: Raw<'a>,
    #[serde(borrow)]
    client_provided_host_header: Raw<'a>,
}

/// One CloudTrail record as it appears in the log files.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRecord<'a> {
    #[serde(borrow)]
    event_version: Raw<'a>,
    #[serde(borrow)]
    user_identity: Option<RawIdentity<'a>>,
    #[serde(borrow)]
    event_time: Raw<'a>,
    #[serde(borrow)]
    event_source: Raw<'a>,
    #[serde(borrow)]
    event_name: Raw<'a>,
    #[serde(borrow)]
    aws_region: Raw<'a>,
    #[serde(borrow, rename = "sourceIPAddress")]
    source_ip_address: Raw<'a>,
    #[serde(borrow)]
    user_agent: Raw<'a>,
    #[serde(borrow)]
    error_code: Raw<'a>,
    #[serde(borrow)]
    error_message: Raw<'a>,
    #[serde(borrow)]
    request_parameters: Raw<'a>,
    #[serde(borrow)]
    response_elements: Raw<'a>,
    #[serde(borrow)]
    additional_event_data: Raw<'a>,
    #[serde(borrow, rename = "requestID")]
    request_id: Raw<'a>,
    #[serde(borrow, rename = "eventID")]
    event_id: Raw<'a>,
    #[serde(borrow)]
    resources: Option<Vec<RawResource<'a>>>,
    #[serde(borrow)]
    event_type: Raw<'a>,
    #[serde(borrow)]
    api_version: Raw<'a>,
    #[serde(borrow)]
    read_only: Raw<'a>,
    #[serde(borrow)]
    recipient_account_id: Raw<'a>,
    #[serde(borrow)]
    service_event_details: Raw<'a>,
    #[serde(borrow, rename = "sharedEventID")]
    shared_event_id: Raw<'a>,
    #[serde(borrow)]
    vpc_endpoint_id: Raw<'a>,
    #[serde(borrow)]
    vpc_endpoint_account_id: Raw<'a>,
    #[serde(borrow)]
    event_category: Raw<'a>,
    #[serde(borrow)]
    addendum: Option<RawAddendum<'a>>,
    #[serde(borrow)]
    session_credential_from_console: Raw<'a>,
    #[serde(borrow)]
    edge_device_details: Raw<'a>,
    #[serde(borrow)]
    tls_details: Option<RawTls<'a>>,
}

#[derive(Default, Clone)]
struct Issuer {
    kind: Option<String>,
    principal_id: Option<String>,
    arn: Option<String>,
    account_id: Option<String>,
    user_name: Option<String>,
}

#[derive(Default, Clone)]
struct Identity {
    kind: Option<String>,
    principal_id: Option<String>,
    arn: Option<String>,
    account_id: Option<String>,
    invoked_by: Option<String>,
    access_key_id: Option<String>,
    user_name: Option<String>,
    on_behalf_of: Option<[Option<String>; 2]>,
    session: Option<Session>,
}

/// `webIdFederationData`: the provider and the attributes.
type WebId = (Option<String>, Option<Vec<(String, Option<String>)>>);

#[derive(Default, Clone)]
struct Session {
    attributes: Option<[Option<String>; 2]>,
    issuer: Option<Issuer>,
    ec2_role_delivery: Option<String>,
    web_id: Option<WebId>,
}

/// One row of `cloudtrail_logs`.
#[derive(Default, Clone)]
pub(crate) struct Row {
    eventversion: Option<String>,
    identity: Option<Identity>,
    flat: [Option<String>; 13],
    resources: Option<Vec<[Option<String>; 3]>>,
    tail: [Option<String>; 9],
    addendum: Option<[Option<String>; 4]>,
    sessioncredentialfromconsole: Option<String>,
    edgedevicedetails: Option<String>,
    tls: Option<[Option<String>; 3]>,
}

fn convert(r: RawRecord<'_>) -> Row {
    let identity = r.user_identity.map(|u| Identity {
        kind: text(u.kind),
        principal_id: text(u.principal_id),
        arn: text(u.arn),
        account_id: text(u.account_id),
        invoked_by: text(u.invoked_by),
        access_key_id: text(u.access_key_id),
        user_name: text(u.user_name),
        on_behalf_of: u
            .on_behalf_of
            .map(|o| [text(o.user_id), text(o.identity_store_arn)]),
        session: u.session_context.map(|s| Session {
            attributes: s
                .attributes
                .map(|a| [text(a.mfa_authenticated), text(a.creation_date)]),
            issuer: s.session_issuer.map(|i| Issuer {
                kind: text(i.kind),
                principal_id: text(i.principal_id),
                arn: text(i.arn),
                account_id: text(i.account_id),
                user_name: text(i.user_name),
            }),
            ec2_role_delivery: text(s.ec2_role_delivery),
            web_id: s.web_id_federation_data.map(|w| {
                (
                    text(w.federated_provider),
                    w.attributes.map(|m| {
                        m.into_iter()
                            .map(|(k, v)| (k, text(Some(v))))
                            .collect::<Vec<_>>()
                    }),
                )
            }),
        }),
    });
    Row {
        eventversion: text(r.event_version),
        identity,
        flat: [
            text(r.event_time),
            text(r.event_source),
            text(r.event_name),
            text(r.aws_region),
            text(r.source_ip_address),
            text(r.user_agent),
            text(r.error_code),
            text(r.error_message),
            text(r.request_parameters),
            text(r.response_elements),
            text(r.additional_event_data),
            text(r.request_id),
            text(r.event_id),
        ],
        resources: r.resources.map(|v| {
            v.into_iter()
                .map(|x| [text(x.arn), text(x.account_id), text(x.kind)])
                .collect()
        }),
        tail: [
            text(r.event_type),
            text(r.api_version),
            text(r.read_only),
            text(r.recipient_account_id),
            text(r.service_event_details),
            text(r.shared_event_id),
            text(r.vpc_endpoint_id),
            text(r.vpc_endpoint_account_id),
            text(r.event_category),
        ],
        addendum: r.addendum.map(|a| {
            [
                text(a.reason),
                text(a.updated_fields),
                text(a.original_request_id),
                text(a.original_event_id),
            ]
        }),
        sessioncredentialfromconsole: text(r.session_credential_from_console),
        edgedevicedetails: text(r.edge_device_details),
        tls: r.tls_details.map(|t| {
            [
                text(t.tls_version),
                text(t.cipher_suite),
                text(t.client_provided_host_header),
            ]
        }),
    }
}

/// Parses one record's JSON text; the partition comes from the record, else the file's path.
pub(crate) fn parse_record(json: &str, ctx: &FileCtx) -> Result<(PartKey, Row), String> {
    let raw: RawRecord<'_> =
        serde_json::from_str(json).map_err(|e| format!("not a CloudTrail record: {e}"))?;
    let row = convert(raw);
    let Some(time) = row.flat[0].as_deref() else {
        return Err("missing eventTime".into());
    };
    let Some(dt) = iso_date(time) else {
        return Err(format!("eventTime {time:?} is not an ISO 8601 time"));
    };
    if row.flat[1].is_none() {
        return Err("missing eventSource".into());
    }
    if row.flat[2].is_none() {
        return Err("missing eventName".into());
    }
    let account = row.tail[3]
        .clone()
        .or_else(|| row.identity.as_ref().and_then(|i| i.account_id.clone()))
        .or_else(|| ctx.account.clone());
    let region = row.flat[3].clone().or_else(|| ctx.region.clone());
    Ok((PartKey::new(account, region, dt), row))
}

#[derive(Deserialize)]
struct RecordsFile<'a> {
    #[serde(borrow, rename = "Records")]
    records: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
struct LookupEvents<'a> {
    #[serde(borrow, rename = "Events")]
    events: Vec<LookupEvent<'a>>,
}

#[derive(Deserialize)]
struct LookupEvent<'a> {
    #[serde(borrow, rename = "CloudTrailEvent")]
    cloudtrail_event: Option<std::borrow::Cow<'a, str>>,
}

/// Reads a whole CloudTrail file (already decompressed) into `sink`.
pub(crate) fn read_text(text: &str, ctx: &FileCtx, sink: &mut Sink<'_, Row>) {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{')
        && trimmed.contains("\"Records\"")
        && let Ok(file) = serde_json::from_str::<RecordsFile<'_>>(text)
    {
        {
            for (i, rec) in file.records.iter().enumerate() {
                let offset = offset_in(text, rec.get());
                let line = 1 + text[..offset].bytes().filter(|b| *b == b'\n').count();
                sink.record(
                    line,
                    Some(offset),
                    Some(i),
                    parse_record(rec.get(), ctx),
                    rec.get(),
                );
            }
            return;
        }
    }
    if trimmed.starts_with('{')
        && trimmed.contains("\"Events\"")
        && let Ok(file) = serde_json::from_str::<LookupEvents<'_>>(text)
    {
        {
            for (i, ev) in file.events.iter().enumerate() {
                match &ev.cloudtrail_event {
                    Some(json) => sink.record(0, None, Some(i), parse_record(json, ctx), json),
                    None => sink.record(
                        0,
                        None,
                        Some(i),
                        Err("lookup-events entry without CloudTrailEvent".into()),
                        "",
                    ),
                }
            }
            return;
        }
    }
    // JSON Lines: one record per line.
    let mut offset = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let body = line.trim();
        if !body.is_empty() {
            sink.record(n + 1, Some(offset), None, parse_record(body, ctx), body);
        }
        offset += line.len();
    }
}

fn offset_in(outer: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

/// Column accumulator for `cloudtrail_logs`.
#[derive(Default)]
pub(crate) struct CloudTrailColumns {
    rows: Vec<Row>,
}

fn opt_struct<T>(
    rows: &[T],
    dt: &DataType,
    present: impl Fn(&T) -> bool,
    children: Vec<ArrayRef>,
) -> ArrayRef {
    let p: Vec<bool> = rows.iter().map(present).collect();
    structs(&struct_fields(dt), children, &p)
}

fn field_type(fields: &Fields, name: &str) -> DataType {
    fields
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.data_type().clone())
        .unwrap_or(DataType::Null)
}

fn identity_array(rows: &[Row], dt: &DataType) -> Result<ArrayRef> {
    let f = struct_fields(dt);
    let ids: Vec<Identity> = rows
        .iter()
        .map(|r| r.identity.clone().unwrap_or_default())
        .collect();
    let obo_t = field_type(&f, "onbehalfof");
    let sc_t = field_type(&f, "sessioncontext");
    let scf = struct_fields(&sc_t);
    let sessions: Vec<Session> = ids
        .iter()
        .map(|i| i.session.clone().unwrap_or_default())
        .collect();
    let attr_t = field_type(&scf, "attributes");
    let iss_t = field_type(&scf, "sessionissuer");
    let web_t = field_type(&scf, "webidfederationdata");
    let issuers: Vec<Issuer> = sessions
        .iter()
        .map(|s| s.issuer.clone().unwrap_or_default())
        .collect();
    let names = MapFieldNames {
        entry: "entries".into(),
        key: "key".into(),
        value: "value".into(),
    };
    let mut map = MapBuilder::new(Some(names), StringBuilder::new(), StringBuilder::new());
    for s in &sessions {
        match s.web_id.as_ref().and_then(|w| w.1.as_ref()) {
            Some(entries) => {
                for (k, v) in entries {
                    map.keys().append_value(k);
                    map.values().append_option(v.as_deref());
                }
                map.append(true)?;
            }
            None => map.append(false)?,
        }
    }
    let map_arr: ArrayRef = Arc::new(map.finish());
    let session_arr = opt_struct(
        &ids,
        &sc_t,
        |i| i.session.is_some(),
        vec![
            opt_struct(
                &sessions,
                &attr_t,
                |s| s.attributes.is_some(),
                vec![
                    strings_by(&sessions, |s| {
                        s.attributes.as_ref().and_then(|a| a[0].as_deref())
                    }),
                    strings_by(&sessions, |s| {
                        s.attributes.as_ref().and_then(|a| a[1].as_deref())
                    }),
                ],
            ),
            opt_struct(
                &sessions,
                &iss_t,
                |s| s.issuer.is_some(),
                vec![
                    strings_by(&issuers, |i| i.kind.as_deref()),
                    strings_by(&issuers, |i| i.principal_id.as_deref()),
                    strings_by(&issuers, |i| i.arn.as_deref()),
                    strings_by(&issuers, |i| i.account_id.as_deref()),
                    strings_by(&issuers, |i| i.user_name.as_deref()),
                ],
            ),
            strings_by(&sessions, |s| s.ec2_role_delivery.as_deref()),
            opt_struct(
                &sessions,
                &web_t,
                |s| s.web_id.is_some(),
                vec![
                    strings_by(&sessions, |s| {
                        s.web_id.as_ref().and_then(|w| w.0.as_deref())
                    }),
                    map_arr,
                ],
            ),
        ],
    );
    Ok(opt_struct(
        rows,
        dt,
        |r| r.identity.is_some(),
        vec![
            strings_by(&ids, |i| i.kind.as_deref()),
            strings_by(&ids, |i| i.principal_id.as_deref()),
            strings_by(&ids, |i| i.arn.as_deref()),
            strings_by(&ids, |i| i.account_id.as_deref()),
            strings_by(&ids, |i| i.invoked_by.as_deref()),
            strings_by(&ids, |i| i.access_key_id.as_deref()),
            strings_by(&ids, |i| i.user_name.as_deref()),
            opt_struct(
                &ids,
                &obo_t,
                |i| i.on_behalf_of.is_some(),
                vec![
                    strings_by(&ids, |i| {
                        i.on_behalf_of.as_ref().and_then(|o| o[0].as_deref())
                    }),
                    strings_by(&ids, |i| {
                        i.on_behalf_of.as_ref().and_then(|o| o[1].as_deref())
                    }),
                ],
            ),
            session_arr,
        ],
    ))
}

fn resources_array(rows: &[Row], dt: &DataType) -> ArrayRef {
    let (item_field, item_t) = match dt {
        DataType::List(f) => (f.clone(), f.data_type().clone()),
        _ => (
            Arc::new(Field::new("item", DataType::Null, true)),
            DataType::Null,
        ),
    };
    let mut offsets = vec![0i32];
    let mut items: Vec<[Option<String>; 3]> = Vec::new();
    let mut present = Vec::with_capacity(rows.len());
    for r in rows {
        if let Some(res) = &r.resources {
            items.extend(res.iter().cloned());
        }
        present.push(r.resources.is_some());
        offsets.push(i32::try_from(items.len()).unwrap_or(i32::MAX));
    }
    let values = structs(
        &struct_fields(&item_t),
        vec![
            strings_by(&items, |i| i[0].as_deref()),
            strings_by(&items, |i| i[1].as_deref()),
            strings_by(&items, |i| i[2].as_deref()),
        ],
        &vec![true; items.len()],
    );
    let nulls = arrow::buffer::NullBuffer::from(present);
    let nulls = (nulls.null_count() > 0).then_some(nulls);
    Arc::new(ListArray::new(
        item_field,
        OffsetBuffer::new(offsets.into()),
        values,
        nulls,
    ))
}

impl Columns for CloudTrailColumns {
    type Row = Row;

    fn push(&mut self, row: Row) {
        self.rows.push(row);
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn take_batch(&mut self) -> Result<RecordBatch> {
        let rows = std::mem::take(&mut self.rows);
        let schema = SCHEMA.clone();
        let ty = |name: &str| field_type(schema.fields(), name);
        let mut cols: Vec<ArrayRef> = vec![
            strings_by(&rows, |r| r.eventversion.as_deref()),
            identity_array(&rows, &ty("useridentity"))?,
        ];
        for i in 0..13 {
            cols.push(strings(
                &rows.iter().map(|r| r.flat[i].clone()).collect::<Vec<_>>(),
            ));
        }
        cols.push(resources_array(&rows, &ty("resources")));
        for i in 0..9 {
            cols.push(strings_by(&rows, |r| r.tail[i].as_deref()));
        }
        let add = |i: usize| {
            strings_by(&rows, move |r| {
                r.addendum.as_ref().and_then(|a| a[i].as_deref())
            })
        };
        cols.push(opt_struct(
            &rows,
            &ty("addendum"),
            |r| r.addendum.is_some(),
            vec![add(0), add(1), add(2), add(3)],
        ));
        cols.push(strings_by(&rows, |r| {
            r.sessioncredentialfromconsole.as_deref()
        }));
        cols.push(strings_by(&rows, |r| r.edgedevicedetails.as_deref()));
        let tls =
            |i: usize| strings_by(&rows, move |r| r.tls.as_ref().and_then(|a| a[i].as_deref()));
        cols.push(opt_struct(
            &rows,
            &ty("tlsdetails"),
            |r| r.tls.is_some(),
            vec![tls(0), tls(1), tls(2)],
        ));
        Ok(RecordBatch::try_new(schema, cols)?)
    }
}
