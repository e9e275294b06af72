//! `simulate`: one request against policies given inline, no snapshot needed.
//!
//! Input (every member but `request` optional):
//!
//! ```json
//! {"request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject",
//!              "resource": "arn:aws:s3:::bucket/key", "context": {"aws:SourceIp": "192.0.2.1"}},
//!  "identityPolicies": [DOC, ...], "resourcePolicy": DOC, "permissionBoundary": DOC,
//!  "sessionPolicy": DOC, "scps": [[DOC, ...], ...], "rcps": [[DOC, ...], ...],
//!  "resourceAccount": "111122223333", "resourcePolicyRequired": false}
//! ```
//!
//! A `DOC` is a policy object or a string holding one. `scps` and `rcps` list the levels from
//! the root to the account, each a list of documents. `resourceAccount` defaults to the
//! account of the resource ARN, else the principal's. `resourcePolicyRequired` defaults to
//! true for `sts:AssumeRole*` and KMS keys. Output: [`Evaluation`].

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use smallvec::SmallVec;

use crate::context::{Context, ContextValue};
use crate::error::{Error, ParseErrors};
use crate::evaluate::{
    Decision, Evaluation, Labeled, OrgLevel, OrgLevels, PolicyInfo, PolicySet, Request, decide,
    evaluate,
};
use crate::json::{Arena, Json, Kind, Member, arena_for, text_to_cst_with_shape};
use crate::loc::{Loc, Origin, SharedText, push_decimal, push_index};
use crate::policy::{Policy, PolicyKind};
use crate::principal::{Principal, PrincipalKind};

/// Organisation levels, each with its name (most are written out, not built: an allocation
/// per level) and its policies (a range of [`Simulation::policies`]). Kept inline: an
/// organisation has a few levels.
type Levels = Option<SmallVec<[(Cow<'static, str>, Range<usize>); 3]>>;

/// A simulate input, read from its syntax tree: the request, and each policy document as
/// its tree (an object, or a string holding a document).
struct Input<'j> {
    request: RequestInput<'j>,
    identity_policies: &'j [Json<'j>],
    resource_policy: Option<Json<'j>>,
    permission_boundary: Option<Json<'j>>,
    session_policy: Option<Json<'j>>,
    /// The levels, each checked to be an array.
    scps: Option<&'j [Json<'j>]>,
    rcps: Option<&'j [Json<'j>]>,
    /// With its place in the input.
    resource_account: Option<(&'j str, Loc)>,
    resource_policy_required: Option<bool>,
}

/// The request's texts, borrowed from the input: only the action and resource are kept
/// (the principal is read into a [`Principal`]).
struct RequestInput<'j> {
    principal: &'j str,
    action: &'j str,
    resource: &'j str,
    context: Context,
}

const INPUT_FIELDS: &[&str] = &[
    "request",
    "identityPolicies",
    "resourcePolicy",
    "permissionBoundary",
    "sessionPolicy",
    "scps",
    "rcps",
    "resourceAccount",
    "resourcePolicyRequired",
];
const REQUEST_FIELDS: &[&str] = &["principal", "action", "resource", "context"];

/// Reads the input's members; `fail` places a message at a span.
fn read_input<'j>(json: Json<'j>, fail: &dyn Fn(Loc, String) -> Error) -> Result<Input<'j>, Error> {
    let loc = json.loc;
    let members = object(json, "the input", fail)?;
    let mut request = None;
    let mut input = Input {
        request: RequestInput {
            principal: "",
            action: "",
            resource: "",
            context: Context::empty(),
        },
        identity_policies: &[],
        resource_policy: None,
        permission_boundary: None,
        session_policy: None,
        scps: None,
        rcps: None,
        resource_account: None,
        resource_policy_required: None,
    };
    // The fields seen, one bit each (by their place in `INPUT_FIELDS`).
    let mut seen = 0u16;
    for m in members {
        let Some(field) = INPUT_FIELDS.iter().position(|f| *f == m.key) else {
            return Err(fail(m.key_loc, unknown_field(m.key, INPUT_FIELDS)));
        };
        let name = INPUT_FIELDS[field];
        if seen & (1 << field) != 0 {
            return Err(fail(m.key_loc, format!("duplicate field `{name}`")));
        }
        seen |= 1 << field;
        let value = m.value;
        let null = matches!(value.kind, Kind::Null);
        match name {
            "request" => request = Some(read_request(value, fail)?),
            "identityPolicies" => input.identity_policies = array(value, name, fail)?,
            "resourcePolicy" => input.resource_policy = (!null).then_some(value),
            "permissionBoundary" => input.permission_boundary = (!null).then_some(value),
            "sessionPolicy" => input.session_policy = (!null).then_some(value),
            "scps" | "rcps" => {
                let levels = if null {
                    None
                } else {
                    let levels = array(value, name, fail)?;
                    for level in levels {
                        array(*level, name, fail)?;
                    }
                    Some(levels)
                };
                if name == "scps" {
                    input.scps = levels;
                } else {
                    input.rcps = levels;
                }
            }
            "resourceAccount" => {
                input.resource_account = match value.kind {
                    Kind::Null => None,
                    Kind::String(s) => Some((s, value.loc)),
                    _ => return Err(fail(value.loc, expected(name, "a string", &value))),
                }
            }
            _ => {
                input.resource_policy_required = match value.kind {
                    Kind::Null => None,
                    Kind::Bool(b) => Some(b),
                    _ => return Err(fail(value.loc, expected(name, "a boolean", &value))),
                }
            }
        }
    }
    input.request = request.ok_or_else(|| fail(loc, "missing field `request`".into()))?;
    Ok(input)
}

fn read_request<'j>(
    json: Json<'j>,
    fail: &dyn Fn(Loc, String) -> Error,
) -> Result<RequestInput<'j>, Error> {
    let loc = json.loc;
    let members = object(json, "request", fail)?;
    let (mut principal, mut action, mut resource, mut context) = (None, None, None, None);
    for m in members {
        let Some(name) = REQUEST_FIELDS.iter().copied().find(|f| *f == m.key) else {
            return Err(fail(m.key_loc, unknown_field(m.key, REQUEST_FIELDS)));
        };
        let value = m.value;
        if name == "context" {
            if context.is_some() {
                return Err(fail(m.key_loc, "duplicate field `context`".into()));
            }
            context = Some(read_context(value, fail)?);
            continue;
        }
        let slot = match name {
            "principal" => &mut principal,
            "action" => &mut action,
            _ => &mut resource,
        };
        if slot.is_some() {
            return Err(fail(m.key_loc, format!("duplicate field `{name}`")));
        }
        *slot = match value.kind {
            Kind::String(s) => Some(s),
            _ => return Err(fail(value.loc, expected(name, "a string", &value))),
        };
    }
    Ok(RequestInput {
        principal: principal.ok_or_else(|| fail(loc, "missing field `principal`".into()))?,
        action: action.ok_or_else(|| fail(loc, "missing field `action`".into()))?,
        resource: resource.unwrap_or("*"),
        context: context.unwrap_or_default(),
    })
}

/// `{"key": "value" | ["v1", "v2"] | number | bool}`: numbers and booleans become their text
/// (as `serde_json` writes them), an array makes the key multivalued.
fn read_context(json: Json<'_>, fail: &dyn Fn(Loc, String) -> Error) -> Result<Context, Error> {
    let members = object(json, "context", fail)?;
    // Room for the keys (and their text) the principal adds: no growth of either.
    let key_bytes: usize = members.iter().map(|m| m.key.len()).sum();
    let mut ctx = Context::with_room(
        members.len() + PRINCIPAL_KEYS.len(),
        key_bytes + PRINCIPAL_KEY_BYTES,
    );
    for m in members {
        let invalid = || {
            format!(
                "context key {}: expected a string, number, boolean or an array of them",
                m.key
            )
        };
        let text = |v: &Json<'_>| -> Result<String, Error> {
            match &v.kind {
                Kind::String(s) => Ok(s.to_string()),
                Kind::Bool(b) => Ok(b.to_string()),
                Kind::Number(n) => Ok(serde_json::from_str::<serde_json::Number>(n)
                    .map_or_else(|_| (*n).to_owned(), |n| n.to_string())),
                _ => Err(fail(v.loc, invalid())),
            }
        };
        let value = match &m.value.kind {
            Kind::Array(items) => {
                ContextValue::Many(items.iter().map(text).collect::<Result<Vec<_>, _>>()?)
            }
            _ => ContextValue::One(text(&m.value)?),
        };
        ctx.insert(m.key, value);
    }
    Ok(ctx)
}

fn object<'j>(
    json: Json<'j>,
    what: &str,
    fail: &dyn Fn(Loc, String) -> Error,
) -> Result<&'j [Member<'j>], Error> {
    match json.kind {
        Kind::Object(members) => Ok(members),
        _ => Err(fail(json.loc, expected(what, "an object", &json))),
    }
}

fn array<'j>(
    json: Json<'j>,
    what: &str,
    fail: &dyn Fn(Loc, String) -> Error,
) -> Result<&'j [Json<'j>], Error> {
    match json.kind {
        Kind::Array(items) => Ok(items),
        _ => Err(fail(json.loc, expected(what, "an array", &json))),
    }
}

fn expected(what: &str, expected: &str, json: &Json<'_>) -> String {
    format!("{what} must be {expected}, not {}", json.type_name())
}

fn unknown_field(name: &str, fields: &[&str]) -> String {
    let list: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
    format!(
        "unknown field `{name}`, expected one of {}",
        list.join(", ")
    )
}

/// Reads a simulate input (`file` names it in positions) and decides its request.
pub fn simulate(text: &str, file: Option<&Path>) -> Result<Evaluation, Error> {
    Ok(Simulation::parse(text, file)?.evaluate())
}

type Parsed = (Policy, Arc<PolicyInfo>);

/// A simulate input, parsed: its policies and its request, ready to be decided (any
/// number of times).
#[derive(Debug)]
pub struct Simulation {
    /// Every policy of the input, in the order read; the lists below index it.
    policies: Vec<Parsed>,
    identity: Range<usize>,
    boundary: Option<usize>,
    session: Option<usize>,
    resource: Option<usize>,
    scps: Levels,
    rcps: Levels,
    resource_account: Option<ResourceAccount>,
    /// The input, which a `resourceAccount` may be read from.
    text: Arc<SharedText>,
    resource_policy_required: bool,
    request: Request,
}

impl Simulation {
    /// Parses a simulate input.
    pub fn parse(text: &str, file: Option<&Path>) -> Result<Simulation, Error> {
        let mut arena = ARENA.take().unwrap_or_else(|| arena_for(text));
        arena.reset();
        parse_input(text, file, &Lent(arena).0)
    }

    /// The request.
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// The policies, as the evaluator takes them.
    pub fn policy_set(&self) -> PolicySet<'_> {
        fn label((p, i): &Parsed) -> Labeled<'_> {
            Labeled { policy: p, info: i }
        }
        fn to_levels<'a>(policies: &'a [Parsed], ls: &'a Levels) -> Option<OrgLevels<'a>> {
            ls.as_ref().map(|ls| {
                ls.iter()
                    .map(|(t, ps)| OrgLevel {
                        target: t,
                        policies: policies[ps.clone()].iter().map(label).collect(),
                    })
                    .collect()
            })
        }
        let at = |i: &usize| label(&self.policies[*i]);
        PolicySet {
            identity: self.policies[self.identity.clone()]
                .iter()
                .map(label)
                .collect(),
            boundary: self.boundary.as_ref().map(at),
            session: self.session.as_ref().map(at),
            resource: self.resource.as_ref().map(at),
            resource_acl: None,
            resource_account: self
                .resource_account
                .as_ref()
                .and_then(|a| match a {
                    ResourceAccount::Input(loc) => self.text.as_str().get(loc.range()),
                    ResourceAccount::Principal => self.request.principal.account.as_deref(),
                    ResourceAccount::Copied(a) => std::str::from_utf8(a).ok(),
                })
                .map(Cow::Borrowed),
            resource_policy_required: self.resource_policy_required,
            scps: to_levels(&self.policies, &self.scps),
            rcps: to_levels(&self.policies, &self.rcps),
            public_restriction: None,
        }
    }

    /// Decides the request, with an explanation.
    pub fn evaluate(&self) -> Evaluation {
        evaluate(&self.policy_set(), &self.request)
    }

    /// Decides the request, without an explanation.
    pub fn decide(&self) -> Decision {
        decide(&self.policy_set(), &self.request)
    }
}

/// Where the resource account's text is kept: a copy was an allocation per request, and
/// checking a copy to be UTF-8 each time the policies are set out ~100 instructions.
#[derive(Debug)]
enum ResourceAccount {
    /// Bytes of the input (a `resourceAccount` written without escapes, the usual case).
    Input(Loc),
    /// The principal's account.
    Principal,
    /// A copy, inline when it is an account id (twelve digits). Copied from a `str`, so it
    /// is UTF-8.
    Copied(SmallVec<[u8; 12]>),
}

thread_local! {
    /// The arena of the last input read on this thread, emptied and used again for the next
    /// (nothing read from it outlives [`parse_input`]): making one was an allocation and a
    /// free per request.
    static ARENA: Cell<Option<Arena>> = const { Cell::new(None) };
}

/// The thread's arena while an input is read, put back when dropped (a guard rather than
/// a call after [`parse_input`]: the result, a large value, is then not moved once more).
struct Lent(Arena);

impl Drop for Lent {
    fn drop(&mut self) {
        if self.0.allocated_bytes() <= KEPT_ARENA_BYTES {
            // An arena made empty (as `take` leaves) has no memory.
            ARENA.set(Some(std::mem::take(&mut self.0)));
        }
    }
}

/// The largest arena kept for the next input (a compact request's tree takes a few KiB):
/// an exceptionally large input does not hold on to its memory.
const KEPT_ARENA_BYTES: usize = 1 << 18;

fn parse_input(text: &str, file: Option<&Path>, arena: &Arena) -> Result<Simulation, Error> {
    let place = |loc: Loc| -> String {
        let (line, column) = line_column(text, loc.start as usize);
        format!(
            "{}line {line} column {column}",
            file.map(|f| format!("{}: ", f.display()))
                .unwrap_or_default()
        )
    };
    let fail = |loc: Loc, message: String| Error::Input {
        path: place(loc),
        message,
    };
    let (json, shape) = text_to_cst_with_shape(text, arena).map_err(|e| fail(e.loc, e.message))?;
    let Input {
        request,
        identity_policies,
        resource_policy,
        permission_boundary,
        session_policy,
        scps,
        rcps,
        resource_account,
        resource_policy_required,
    } = read_input(json, &fail)?;
    let principal = Principal::for_action(request.principal, request.action)
        .ok_or_else(|| Error::UnknownPrincipal(request.principal.to_owned()))?;
    if !request.action.contains(':') {
        return Err(Error::InvalidAction(request.action.to_owned()));
    }
    // One copy of the input, shared by the policies it holds.
    let shared = SharedText::new(text);
    if shape.newlines == 0 {
        shared.mark_one_line();
    }
    if shape.ascii {
        shared.mark_ascii();
    }
    let doc =
        |json: Json<'_>, path: Cow<'static, str>, kind: PolicyKind| -> Result<Parsed, Error> {
            let info = match &path {
                Cow::Borrowed(name) => PolicyInfo::shared(kind, name),
                Cow::Owned(name) => Arc::new(PolicyInfo::new(kind, name.as_str())),
            };
            Ok((parse_doc(&shared, json, file, path, kind)?, info))
        };
    // Every policy goes into one vector made with room for all of them, in the order read
    // (each list is a range of it): a vector per list, grown as it was collected, was an
    // allocation per list and organisation level, and collecting moved each (large)
    // policy again.
    let level_docs = |levels: Option<&[Json<'_>]>| -> usize {
        levels.map_or(0, |ls| {
            ls.iter()
                .map(|l| match l.kind {
                    Kind::Array(docs) => docs.len(),
                    _ => 0,
                })
                .sum()
        })
    };
    let count = identity_policies.len()
        + usize::from(resource_policy.is_some())
        + usize::from(permission_boundary.is_some())
        + usize::from(session_policy.is_some())
        + level_docs(scps)
        + level_docs(rcps);
    let mut policies: Vec<Parsed> = Vec::with_capacity(count);
    for (i, r) in identity_policies.iter().copied().enumerate() {
        policies.push(doc(
            r,
            input_path(IDENTITY_PATHS.get(i), "identityPolicies", &[i]),
            PolicyKind::Identity,
        )?);
    }
    let identity = 0..policies.len();
    let mut one = |json: Option<Json<'_>>,
                   path: &'static str,
                   kind: PolicyKind|
     -> Result<Option<usize>, Error> {
        let Some(r) = json else { return Ok(None) };
        policies.push(doc(r, Cow::Borrowed(path), kind)?);
        Ok(Some(policies.len() - 1))
    };
    let resource_kind = if is_assume_role(request.action) {
        PolicyKind::Trust
    } else {
        PolicyKind::Resource
    };
    let resource = one(resource_policy, "$.resourcePolicy", resource_kind)?;
    let boundary = one(
        permission_boundary,
        "$.permissionBoundary",
        PolicyKind::PermissionsBoundary,
    )?;
    let session = one(session_policy, "$.sessionPolicy", PolicyKind::Session)?;
    let mut levels = |levels: Option<&[Json<'_>]>,
                      name: &str,
                      names: &'static [&'static str],
                      paths: &'static [[&'static str; 3]],
                      kind: PolicyKind|
     -> Result<Levels, Error> {
        let Some(ls) = levels else { return Ok(None) };
        let mut read = SmallVec::with_capacity(ls.len());
        for (i, docs) in ls.iter().enumerate() {
            // Checked to be an array by `read_input`.
            let docs = array(*docs, name, &fail)?;
            let start = policies.len();
            for (j, r) in docs.iter().copied().enumerate() {
                let written = paths.get(i).and_then(|p| p.get(j));
                policies.push(doc(r, input_path(written, name, &[i, j]), kind)?);
            }
            read.push((level_name(name, names, i), start..policies.len()));
        }
        Ok(Some(read))
    };
    let scps = levels(scps, "scps", &SCP_LEVELS, &SCP_PATHS, PolicyKind::Scp)?;
    let rcps = levels(rcps, "rcps", &RCP_LEVELS, &RCP_PATHS, PolicyKind::Rcp)?;

    let resource_account = match resource_account {
        // Written without escapes (the string is as long as its span within the quotes):
        // the span's bytes.
        Some((a, loc)) if (loc.end - loc.start) as usize == a.len() + 2 => {
            Some(ResourceAccount::Input(Loc {
                start: loc.start + 1,
                end: loc.end - 1,
            }))
        }
        Some((a, _)) => Some(ResourceAccount::Copied(SmallVec::from_slice(a.as_bytes()))),
        None => match account_of_arn(request.resource) {
            Some(a) => Some(ResourceAccount::Copied(SmallVec::from_slice(a.as_bytes()))),
            None => principal
                .account
                .is_some()
                .then_some(ResourceAccount::Principal),
        },
    };
    let resource_policy_required = resource_policy_required
        .unwrap_or_else(|| requires_resource_policy(request.action, request.resource));
    let mut context = request.context;
    add_principal_keys(&mut context, &principal);
    let request = Request {
        principal,
        action: request.action.to_owned(),
        resource: request.resource.to_owned(),
        context,
    };
    Ok(Simulation {
        policies,
        identity,
        boundary,
        session,
        resource,
        scps,
        rcps,
        resource_account,
        text: shared,
        resource_policy_required,
        request,
    })
}

/// The names of the first organisation levels: a deep hierarchy's deeper levels have theirs
/// built.
const SCP_LEVELS: [&str; 6] = [
    "scps level 0",
    "scps level 1",
    "scps level 2",
    "scps level 3",
    "scps level 4",
    "scps level 5",
];
const RCP_LEVELS: [&str; 6] = [
    "rcps level 0",
    "rcps level 1",
    "rcps level 2",
    "rcps level 3",
    "rcps level 4",
    "rcps level 5",
];

/// `NAME level I`: how an explanation names an organisation level (`names` holds the first
/// ones, written out).
fn level_name(name: &str, names: &'static [&'static str], i: usize) -> Cow<'static, str> {
    if let Some(n) = names.get(i) {
        return Cow::Borrowed(n);
    }
    let mut target = String::with_capacity(name.len() + 9);
    target.push_str(name);
    target.push_str(" level ");
    push_decimal(&mut target, i);
    Cow::Owned(target)
}

/// The JSON paths of the first policies of each list of the input, written out: a path
/// names its policy and is its origin, and building it was an allocation per policy.
const IDENTITY_PATHS: [&str; 8] = [
    "$.identityPolicies[0]",
    "$.identityPolicies[1]",
    "$.identityPolicies[2]",
    "$.identityPolicies[3]",
    "$.identityPolicies[4]",
    "$.identityPolicies[5]",
    "$.identityPolicies[6]",
    "$.identityPolicies[7]",
];
/// The first policies of the first organisation levels (root, OUs, account).
const SCP_PATHS: [[&str; 3]; 4] = [
    ["$.scps[0][0]", "$.scps[0][1]", "$.scps[0][2]"],
    ["$.scps[1][0]", "$.scps[1][1]", "$.scps[1][2]"],
    ["$.scps[2][0]", "$.scps[2][1]", "$.scps[2][2]"],
    ["$.scps[3][0]", "$.scps[3][1]", "$.scps[3][2]"],
];
const RCP_PATHS: [[&str; 3]; 4] = [
    ["$.rcps[0][0]", "$.rcps[0][1]", "$.rcps[0][2]"],
    ["$.rcps[1][0]", "$.rcps[1][1]", "$.rcps[1][2]"],
    ["$.rcps[2][0]", "$.rcps[2][1]", "$.rcps[2][2]"],
    ["$.rcps[3][0]", "$.rcps[3][1]", "$.rcps[3][2]"],
];

/// The JSON path of a policy of the input: the one `written` out, else built.
fn input_path(written: Option<&&'static str>, name: &str, indices: &[usize]) -> Cow<'static, str> {
    match written {
        Some(path) => Cow::Borrowed(path),
        None => Cow::Owned(element_path(name, indices)),
    }
}

/// `$.name[i][j]...`: the JSON path of a policy of the input.
fn element_path(name: &str, indices: &[usize]) -> String {
    let mut path = String::with_capacity(name.len() + 2 + 4 * indices.len());
    path.push_str("$.");
    path.push_str(name);
    for &i in indices {
        push_index(&mut path, i);
    }
    path
}

/// Parses one policy document of the input: an object (read from the input's tree, with
/// positions in the input) or a string holding a document (positions in the document).
fn parse_doc(
    text: &Arc<SharedText>,
    json: Json<'_>,
    file: Option<&Path>,
    path: Cow<'static, str>,
    kind: PolicyKind,
) -> Result<Policy, Error> {
    // `path` is the document's JSON path in the input (`$.name[i]`); its clone is free
    // for the paths written out.
    let json_path = path.clone();
    let (policy, errors) = match json.kind {
        Kind::String(s) => {
            let origin = Origin {
                file: file.map(Path::to_path_buf),
                json_path,
                line: 1,
                column: Some(1),
                file_offset: None,
            };
            Policy::parse_shared(SharedText::new(s), kind, origin)
        }
        _ => {
            // Positions are worked out in the whole input, which starts the file.
            let origin = Origin {
                file: file.map(Path::to_path_buf),
                json_path,
                line: 1,
                column: Some(1),
                file_offset: file.map(|_| 0),
            };
            Policy::from_tree(&json, Arc::clone(text), kind, origin)
        }
    };
    match (policy, ParseErrors::new(errors)) {
        (Some(p), None) => Ok(p),
        (_, Some(e)) => Err(Error::policy(path, e)),
        (None, None) => Err(Error::Input {
            path: path.into(),
            message: "the policy could not be read".into(),
        }),
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text` (an error's place
/// in the input; the positions of policies are worked out by their [`Source`](crate::Source)).
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = 1 + before.bytes().filter(|b| *b == b'\n').count();
    (line, before[line_start..].chars().count() + 1)
}

/// Whether the action is one of the `sts:AssumeRole*` actions a role trust policy governs.
pub(crate) fn is_assume_role(action: &str) -> bool {
    let prefix = "sts:assumerole";
    action
        .get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        || ["sts:tagsession", "sts:setsourceidentity", "sts:setcontext"]
            .iter()
            .any(|a| action.eq_ignore_ascii_case(a))
}

/// Whether the resource policy must allow even within the account: role trust policies
/// and KMS key policies
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html>).
pub(crate) fn requires_resource_policy(action: &str, resource: &str) -> bool {
    is_assume_role(action) || arn_service(resource) == Some("kms")
}

/// The service field of an ARN (`arn:partition:service:...`), found without splitting the
/// rest: a KMS key is known by it in any partition, and an S3 object key that happens to hold
/// `:kms:` is not a KMS key.
fn arn_service(arn: &str) -> Option<&str> {
    // The colons are found by a loop over the bytes: `split_once` sets up a searcher, which
    // cost more than the rest of the check.
    let colon = |s: &str| s.bytes().position(|b| b == b':');
    let rest = arn.strip_prefix("arn:")?;
    let rest = &rest[colon(rest)? + 1..];
    Some(&rest[..colon(rest)?])
}

fn account_of_arn(arn: &str) -> Option<&str> {
    let ["arn", _, _, _, account, _] = crate::arn::fields6(arn)? else {
        return None;
    };
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then_some(account)
}

/// The keys [`add_principal_keys`] may add, and their length in all (it adds at most five).
const PRINCIPAL_KEYS: [&str; 6] = [
    "aws:PrincipalIsAWSService",
    "aws:PrincipalServiceName",
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalType",
    "aws:username",
];
const PRINCIPAL_KEY_BYTES: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < PRINCIPAL_KEYS.len() {
        n += PRINCIPAL_KEYS[i].len();
        i += 1;
    }
    n
};

/// Fills the global keys that the principal determines, unless the request sets them:
/// `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:username` (users),
/// `aws:PrincipalIsAWSService`, `aws:PrincipalServiceName` (services)
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html>).
pub fn add_principal_keys(ctx: &mut Context, principal: &Principal) {
    let mut one = |key: &str, value: &str| ctx.set_default(key, value);
    match principal.kind {
        PrincipalKind::Service => {
            one("aws:PrincipalIsAWSService", "true");
            one("aws:PrincipalServiceName", &principal.arn);
            return;
        }
        PrincipalKind::Anonymous => {
            one("aws:PrincipalType", "Anonymous");
            one("aws:PrincipalIsAWSService", "false");
            return;
        }
        _ => {}
    }
    one("aws:PrincipalIsAWSService", "false");
    if principal.kind != PrincipalKind::Federated && principal.kind != PrincipalKind::CanonicalUser
    {
        one("aws:PrincipalArn", principal.principal_arn());
    }
    if let Some(a) = &principal.account {
        one("aws:PrincipalAccount", a);
    }
    let ty = match principal.kind {
        PrincipalKind::Root => Some("Account"),
        PrincipalKind::User => Some("User"),
        PrincipalKind::RoleSession => Some("AssumedRole"),
        PrincipalKind::FederatedUser => Some("FederatedUser"),
        _ => None,
    };
    if let Some(t) = ty {
        one("aws:PrincipalType", t);
    }
    if principal.kind == PrincipalKind::User {
        let name = principal.arn.rsplit('/').next().unwrap_or(&principal.arn);
        one("aws:username", name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::Decision;

    /// The resource account: written (with or without escapes), else the resource's, else
    /// the principal's.
    #[test]
    fn resource_account_sources() {
        let account = |resource: &str, written: &str| {
            let input = format!(
                r#"{{"request":{{"principal":"arn:aws:iam::111122223333:user/a","action":"s3:GetObject","resource":"{resource}"}}{written}}}"#
            );
            let sim = Simulation::parse(&input, None).unwrap();
            sim.policy_set().resource_account.map(|a| a.into_owned())
        };
        let written = r#","resourceAccount":"444455556666""#;
        assert_eq!(account("*", written).as_deref(), Some("444455556666"));
        let escaped = r#","resourceAccount":"44445555666\u0036""#;
        assert_eq!(account("*", escaped).as_deref(), Some("444455556666"));
        let queue = "arn:aws:sqs:us-east-1:777788889999:q";
        assert_eq!(account(queue, "").as_deref(), Some("777788889999"));
        assert_eq!(account(queue, written).as_deref(), Some("444455556666"));
        assert_eq!(account("*", "").as_deref(), Some("111122223333"));
    }

    #[test]
    fn written_paths_are_the_built_ones() {
        for (i, path) in IDENTITY_PATHS.iter().enumerate() {
            assert_eq!(*path, element_path("identityPolicies", &[i]));
        }
        for (name, paths) in [("scps", &SCP_PATHS), ("rcps", &RCP_PATHS)] {
            for (i, level) in paths.iter().enumerate() {
                for (j, path) in level.iter().enumerate() {
                    assert_eq!(*path, element_path(name, &[i, j]));
                }
            }
        }
    }

    #[test]
    fn kms_keys_need_their_key_policy_in_every_partition() {
        // A KMS key policy must allow, even within the account:
        // https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
        assert!(requires_resource_policy(
            "kms:Decrypt",
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        ));
        assert!(requires_resource_policy(
            "kms:Decrypt",
            "arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd"
        ));
        assert!(!requires_resource_policy(
            "s3:GetObject",
            "arn:aws:s3:::bucket/notes:kms:key"
        ));
        assert!(!requires_resource_policy("s3:ListAllMyBuckets", "*"));
        assert!(requires_resource_policy(
            "sts:AssumeRole",
            "arn:aws:iam::111122223333:role/app"
        ));
    }

    #[test]
    fn simulates() {
        let input = r#"{
  "request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/alice/x"},
  "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Sid": "Home", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}/*"}}]
}"#;
        let e = simulate(input, Some(Path::new("in.json"))).unwrap();
        assert_eq!(e.decision, Decision::Allow);
        let d = &e.explanation.deciding[0];
        assert_eq!(d.sid.as_deref(), Some("Home"));
        assert_eq!(d.location.line, 3);
        assert_eq!(d.location.json_path, "$.identityPolicies[0].Statement");
        assert_eq!(
            d.location.to_string(),
            "in.json:3:63: $.identityPolicies[0].Statement"
        );
    }

    /// The policies of an input share its text: an error in the second one, and a statement
    /// of the third, are placed in the input, not in the first policy.
    #[test]
    fn positions_of_later_policies_are_in_the_input() {
        let input = r#"{"request": {"principal": "arn:aws:iam::111122223333:user/alice", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
 "identityPolicies": [
  {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]},
  {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}],
 "scps": [[{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]]}"#;
        let e = simulate(input, Some(Path::new("in.json"))).unwrap();
        let d = &e.explanation.deciding[0];
        assert_eq!(d.policy.name, "$.identityPolicies[1]");
        assert_eq!(
            d.location.to_string(),
            "in.json:4:43: $.identityPolicies[1].Statement[0]"
        );
        let broken = input.replace(r#""Action": "s3:GetObject""#, r#""Actoin": "s3:GetObject""#);
        let Err(Error::Policy { what, errors }) = simulate(&broken, Some(Path::new("in.json")))
        else {
            panic!("the misspelt element is an error");
        };
        assert_eq!(what, "$.identityPolicies[1]");
        let places: Vec<String> = errors.iter().map(|e| e.location.to_string()).collect();
        assert!(
            places.contains(&"in.json:4:63: $.identityPolicies[1].Statement[0].Actoin".to_owned()),
            "{places:?}"
        );
    }

    #[test]
    fn lines_and_columns_of_errors() {
        let text = "ab\ncdé\nfg\nh";
        let at = |o: usize| line_column(text, o);
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(4), (2, 2));
        assert_eq!(at(7), (2, 4));
        assert_eq!(at(9), (3, 2));
        assert_eq!(at(11), (4, 1));
        assert_eq!(at(1), (1, 2));
    }

    #[test]
    fn assume_role_actions_and_accounts() {
        for a in ["sts:AssumeRole", "STS:assumerolewithsaml", "sts:TagSession"] {
            assert!(is_assume_role(a), "{a}");
        }
        for a in ["sts:GetCallerIdentity", "sts:Assume", "s3:GetObject", "é"] {
            assert!(!is_assume_role(a), "{a}");
        }
        assert_eq!(
            account_of_arn("arn:aws:sqs:us-east-1:111122223333:q"),
            Some("111122223333")
        );
        assert_eq!(account_of_arn("arn:aws:s3:::bucket"), None);
        assert_eq!(account_of_arn("arn:aws:iam::1111:root"), None);
    }

    #[test]
    fn input_errors_name_their_place() {
        let message = |text: &str| match simulate(text, Some(Path::new("in.json"))) {
            Err(Error::Input { path, message }) => format!("{path}: {message}"),
            other => format!("{other:?}"),
        };
        assert_eq!(
            message(
                "{\n \"request\": {\"principal\": \"*\", \"action\": \"s3:GetObject\"},\n \"scp\": []}"
            ),
            "in.json: line 3 column 2: unknown field `scp`, expected one of `request`, `identityPolicies`, `resourcePolicy`, `permissionBoundary`, `sessionPolicy`, `scps`, `rcps`, `resourceAccount`, `resourcePolicyRequired`"
        );
        assert_eq!(
            message("{}"),
            "in.json: line 1 column 1: missing field `request`"
        );
        assert_eq!(
            message(r#"{"request": {"principal": "*"}}"#),
            "in.json: line 1 column 13: missing field `action`"
        );
        assert_eq!(
            message(
                r#"{"request": {"principal": "*", "action": "s3:GetObject", "context": {"k": null}}}"#
            ),
            "in.json: line 1 column 75: context key k: expected a string, number, boolean or an array of them"
        );
        assert_eq!(
            message(r#"{"request": {"principal": "*", "action": 5}}"#),
            "in.json: line 1 column 42: action must be a string, not a number"
        );
        assert_eq!(
            message("[1,"),
            "in.json: line 1 column 4: unexpected end of the document, expected a value"
        );
        let s = Simulation::parse(
            r#"{"request": {"principal": "*", "action": "s3:GetObject", "context": {"n": 1.50, "m": [1e3, true]}}, "resourcePolicy": null}"#,
            None,
        )
        .unwrap();
        assert_eq!(
            s.request().context.get("n"),
            Some(&ContextValue::One("1.5".into()))
        );
        assert_eq!(
            s.request().context.get("m"),
            Some(&ContextValue::Many(vec!["1000.0".into(), "true".into()]))
        );
        assert!(s.policy_set().resource.is_none());
    }

    /// The written-out level names are the ones built for deeper levels.
    #[test]
    fn level_names() {
        for (name, names) in [("scps", &SCP_LEVELS), ("rcps", &RCP_LEVELS)] {
            for i in 0..20 {
                assert_eq!(level_name(name, names, i), format!("{name} level {i}"));
            }
        }
    }

    #[test]
    fn bad_input() {
        assert!(matches!(simulate("{}", None), Err(Error::Input { .. })));
        let e = simulate(
            r#"{"request": {"principal": "x", "action": "s3:GetObject"}}"#,
            None,
        );
        assert!(matches!(e, Err(Error::UnknownPrincipal(_))));
    }
}
