//! CloudTrail records: S3-delivered `{"Records": [...]}` files, `lookup-events` output,
//! and JSON Lines (one record per line), into the columns of Athena's `cloudtrail_logs`.

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use arrow::array::{ArrayRef, ListArray, MapBuilder, MapFieldNames, StringBuilder};
use arrow::buffer::OffsetBuffer;
use arrow::datatypes::{DataType, Field, Fields, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Columns, FileCtx, PartKey, Sink};
use crate::arrowutil::{struct_fields, structs, utf8};
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
/// Borrows from the input unless the string has escapes to decode.
fn text(raw: Raw<'_>) -> Option<Cow<'_, str>> {
    let s = raw?.get();
    if s == "null" {
        None
    } else if let Some(inner) = s.strip_prefix('"') {
        match inner.strip_suffix('"') {
            Some(plain) if !plain.contains('\\') => Some(Cow::Borrowed(plain)),
            _ => serde_json::from_str::<String>(s).ok().map(Cow::Owned),
        }
    } else {
        Some(Cow::Borrowed(s))
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

/// One CloudTrail record as it appears in the log files, borrowed from the file's text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RawRecord<'a> {
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

/// Parses one record's JSON text; the partition comes from the record, else the file's path.
pub(crate) fn parse_record<'a>(
    json: &'a str,
    ctx: &FileCtx,
) -> Result<(PartKey, RawRecord<'a>), String> {
    let raw: RawRecord<'a> =
        serde_json::from_str(json).map_err(|e| format!("not a CloudTrail record: {e}"))?;
    let Some(time) = text(raw.event_time) else {
        return Err("missing eventTime".into());
    };
    let Some(dt) = iso_date(&time) else {
        return Err(format!("eventTime {time:?} is not an ISO 8601 time"));
    };
    if text(raw.event_source).is_none() {
        return Err("missing eventSource".into());
    }
    if text(raw.event_name).is_none() {
        return Err("missing eventName".into());
    }
    let account = text(raw.recipient_account_id)
        .or_else(|| raw.user_identity.as_ref().and_then(|i| text(i.account_id)))
        .map(Cow::into_owned)
        .or_else(|| ctx.account.clone());
    let region = text(raw.aws_region)
        .map(Cow::into_owned)
        .or_else(|| ctx.region.clone());
    Ok((PartKey::new(account, region, dt), raw))
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
pub(crate) fn read_text(text: &str, ctx: &FileCtx, sink: &mut Sink<'_, CloudTrailColumns>) {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{')
        && trimmed.contains("\"Records\"")
        && let Ok(file) = serde_json::from_str::<RecordsFile<'_>>(text)
    {
        {
            // Records come in file order: count the newlines between one and the next only.
            let (mut line, mut counted) = (1, 0);
            for (i, rec) in file.records.iter().enumerate() {
                let offset = offset_in(text, rec.get()).max(counted);
                line += text.as_bytes()[counted..offset]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count();
                counted = offset;
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

/// Appends one scalar, or a null.
fn put(b: &mut StringBuilder, raw: Raw<'_>) {
    match text(raw) {
        Some(v) => b.append_value(v),
        None => b.append_null(),
    }
}

/// A struct column of strings being built: its fields, and which rows have the struct.
struct StrStruct<const N: usize> {
    fields: [StringBuilder; N],
    present: Vec<bool>,
}

impl<const N: usize> Default for StrStruct<N> {
    fn default() -> Self {
        StrStruct {
            fields: std::array::from_fn(|_| StringBuilder::new()),
            present: Vec::new(),
        }
    }
}

impl<const N: usize> StrStruct<N> {
    fn push(&mut self, values: Option<[Raw<'_>; N]>) {
        match values {
            Some(values) => {
                for (b, v) in self.fields.iter_mut().zip(values) {
                    put(b, v);
                }
                self.present.push(true);
            }
            None => {
                for b in &mut self.fields {
                    b.append_null();
                }
                self.present.push(false);
            }
        }
    }

    fn children(&mut self) -> Vec<ArrayRef> {
        self.fields
            .iter_mut()
            .map(|b| Arc::new(b.finish()) as ArrayRef)
            .collect()
    }

    fn finish(&mut self, dt: &DataType) -> ArrayRef {
        let children = self.children();
        structs(
            &struct_fields(dt),
            children,
            &std::mem::take(&mut self.present),
        )
    }
}

/// `useridentity.sessioncontext` being built.
struct SessionColumns {
    attributes: StrStruct<2>,
    issuer: StrStruct<5>,
    ec2_role_delivery: StringBuilder,
    web_provider: StringBuilder,
    web_attributes: MapBuilder<StringBuilder, StringBuilder>,
    web_present: Vec<bool>,
    present: Vec<bool>,
}

impl Default for SessionColumns {
    fn default() -> Self {
        let names = MapFieldNames {
            entry: "entries".into(),
            key: "key".into(),
            value: "value".into(),
        };
        SessionColumns {
            attributes: StrStruct::default(),
            issuer: StrStruct::default(),
            ec2_role_delivery: StringBuilder::new(),
            web_provider: StringBuilder::new(),
            web_attributes: MapBuilder::new(
                Some(names),
                StringBuilder::new(),
                StringBuilder::new(),
            ),
            web_present: Vec::new(),
            present: Vec::new(),
        }
    }
}

impl SessionColumns {
    fn push(&mut self, s: Option<RawSessionContext<'_>>) -> Result<()> {
        self.present.push(s.is_some());
        let s = s.unwrap_or_default();
        self.attributes
            .push(s.attributes.map(|a| [a.mfa_authenticated, a.creation_date]));
        self.issuer.push(
            s.session_issuer
                .map(|i| [i.kind, i.principal_id, i.arn, i.account_id, i.user_name]),
        );
        put(&mut self.ec2_role_delivery, s.ec2_role_delivery);
        self.web_present.push(s.web_id_federation_data.is_some());
        let web = s.web_id_federation_data.unwrap_or_default();
        put(&mut self.web_provider, web.federated_provider);
        match web.attributes {
            Some(entries) => {
                for (k, v) in entries {
                    self.web_attributes.keys().append_value(k);
                    put(self.web_attributes.values(), Some(v));
                }
                self.web_attributes.append(true)?;
            }
            None => self.web_attributes.append(false)?,
        }
        Ok(())
    }

    fn finish(&mut self, dt: &DataType) -> ArrayRef {
        let f = struct_fields(dt);
        let web = structs(
            &struct_fields(&field_type(&f, "webidfederationdata")),
            vec![
                Arc::new(self.web_provider.finish()),
                Arc::new(self.web_attributes.finish()),
            ],
            &std::mem::take(&mut self.web_present),
        );
        structs(
            &f,
            vec![
                self.attributes.finish(&field_type(&f, "attributes")),
                self.issuer.finish(&field_type(&f, "sessionissuer")),
                Arc::new(self.ec2_role_delivery.finish()),
                web,
            ],
            &std::mem::take(&mut self.present),
        )
    }
}

/// `useridentity` being built.
#[derive(Default)]
struct IdentityColumns {
    scalars: StrStruct<7>,
    on_behalf_of: StrStruct<2>,
    session: SessionColumns,
}

impl IdentityColumns {
    fn push(&mut self, u: Option<RawIdentity<'_>>) -> Result<()> {
        let present = u.is_some();
        let u = u.unwrap_or_default();
        self.scalars.push(Some([
            u.kind,
            u.principal_id,
            u.arn,
            u.account_id,
            u.invoked_by,
            u.access_key_id,
            u.user_name,
        ]));
        // The scalars' own presence is the identity's.
        if let Some(last) = self.scalars.present.last_mut() {
            *last = present;
        }
        self.on_behalf_of
            .push(u.on_behalf_of.map(|o| [o.user_id, o.identity_store_arn]));
        self.session.push(u.session_context)
    }

    fn finish(&mut self, dt: &DataType) -> ArrayRef {
        let f = struct_fields(dt);
        let mut children = self.scalars.children();
        children.push(self.on_behalf_of.finish(&field_type(&f, "onbehalfof")));
        children.push(self.session.finish(&field_type(&f, "sessioncontext")));
        structs(&f, children, &std::mem::take(&mut self.scalars.present))
    }
}

/// Column accumulator for `cloudtrail_logs`: each record goes straight into Arrow builders.
#[derive(Default)]
pub(crate) struct CloudTrailColumns {
    len: usize,
    eventversion: StringBuilder,
    identity: IdentityColumns,
    flat: StrStruct<13>,
    resource_offsets: Vec<i32>,
    resource_present: Vec<bool>,
    resource_items: StrStruct<3>,
    tail: StrStruct<9>,
    addendum: StrStruct<4>,
    session_credential_from_console: StringBuilder,
    edge_device_details: StringBuilder,
    tls: StrStruct<3>,
    /// The first error of a builder, reported when the batch is taken.
    error: Option<crate::error::Error>,
}

fn field_type(fields: &Fields, name: &str) -> DataType {
    fields
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.data_type().clone())
        .unwrap_or(DataType::Null)
}

impl CloudTrailColumns {
    fn resources_array(&mut self, dt: &DataType) -> ArrayRef {
        let (item_field, item_t) = match dt {
            DataType::List(f) => (f.clone(), f.data_type().clone()),
            _ => (
                Arc::new(Field::new("item", DataType::Null, true)),
                DataType::Null,
            ),
        };
        let mut offsets = std::mem::take(&mut self.resource_offsets);
        offsets.insert(0, 0);
        let values = self.resource_items.finish(&item_t);
        let nulls = arrow::buffer::NullBuffer::from(std::mem::take(&mut self.resource_present));
        let nulls = (nulls.null_count() > 0).then_some(nulls);
        Arc::new(ListArray::new(
            item_field,
            OffsetBuffer::new(offsets.into()),
            values,
            nulls,
        ))
    }
}

impl Columns for CloudTrailColumns {
    type Row<'r> = RawRecord<'r>;

    fn push(&mut self, r: RawRecord<'_>) {
        self.len += 1;
        put(&mut self.eventversion, r.event_version);
        if let Err(e) = self.identity.push(r.user_identity) {
            self.error.get_or_insert(e);
        }
        self.flat.push(Some([
            r.event_time,
            r.event_source,
            r.event_name,
            r.aws_region,
            r.source_ip_address,
            r.user_agent,
            r.error_code,
            r.error_message,
            r.request_parameters,
            r.response_elements,
            r.additional_event_data,
            r.request_id,
            r.event_id,
        ]));
        self.resource_present.push(r.resources.is_some());
        for x in r.resources.into_iter().flatten() {
            self.resource_items
                .push(Some([x.arn, x.account_id, x.kind]));
        }
        let items = self.resource_items.present.len();
        self.resource_offsets
            .push(i32::try_from(items).unwrap_or(i32::MAX));
        self.tail.push(Some([
            r.event_type,
            r.api_version,
            r.read_only,
            r.recipient_account_id,
            r.service_event_details,
            r.shared_event_id,
            r.vpc_endpoint_id,
            r.vpc_endpoint_account_id,
            r.event_category,
        ]));
        self.addendum.push(r.addendum.map(|a| {
            [
                a.reason,
                a.updated_fields,
                a.original_request_id,
                a.original_event_id,
            ]
        }));
        put(
            &mut self.session_credential_from_console,
            r.session_credential_from_console,
        );
        put(&mut self.edge_device_details, r.edge_device_details);
        self.tls.push(
            r.tls_details
                .map(|t| [t.tls_version, t.cipher_suite, t.client_provided_host_header]),
        );
    }

    fn len(&self) -> usize {
        self.len
    }

    fn take_batch(&mut self) -> Result<RecordBatch> {
        if let Some(e) = self.error.take() {
            *self = CloudTrailColumns::default();
            return Err(e);
        }
        self.len = 0;
        let schema = SCHEMA.clone();
        let ty = |name: &str| field_type(schema.fields(), name);
        let mut cols: Vec<ArrayRef> = vec![
            Arc::new(self.eventversion.finish()),
            self.identity.finish(&ty("useridentity")),
        ];
        cols.extend(self.flat.children());
        self.flat.present.clear();
        cols.push(self.resources_array(&ty("resources")));
        cols.extend(self.tail.children());
        self.tail.present.clear();
        cols.push(self.addendum.finish(&ty("addendum")));
        cols.push(Arc::new(self.session_credential_from_console.finish()));
        cols.push(Arc::new(self.edge_device_details.finish()));
        cols.push(self.tls.finish(&ty("tlsdetails")));
        Ok(RecordBatch::try_new(schema, cols)?)
    }
}
