//! `cst_to_ast`: the typed policy language, every node with its span (its JSON path is worked
//! out from the span when shown: [`Policy::path_of`]).
//!
//! Grammar: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>.
//! A document is `{"Version"?, "Id"?, "Statement": statement | [statement, ...]}`; a statement
//! has `Sid`?, `Effect`, one of `Principal`/`NotPrincipal` (resource-based policies), one of
//! `Action`/`NotAction`, one of `Resource`/`NotResource`, and `Condition`?. Every problem is
//! collected; a statement with an error is kept out of evaluation.

use std::sync::{Arc, OnceLock};

use serde::Serialize;
use smallvec::SmallVec;

use crate::arn::ArnPattern;
use crate::condition::{Operand, Operator, OperatorError};
use crate::context::Context;
use crate::error::{ParseError, ParseErrorKind, ParseErrors, did_you_mean};
use crate::json::{self, Json, Kind, Member};
use crate::loc::{Loc, Origin, SharedText, Source};
use crate::pattern::{Pattern, Syntax, Text};

/// What a policy is used as. It decides which elements the document may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PolicyKind {
    /// An identity-based policy (inline or managed) of a user, group or role.
    Identity,
    /// A resource-based policy (bucket, key, queue, topic, function, secret ...).
    Resource,
    /// A role trust policy.
    Trust,
    /// A service control policy.
    Scp,
    /// A resource control policy.
    Rcp,
    /// A permissions boundary.
    PermissionsBoundary,
    /// A session policy.
    Session,
    /// A VPC endpoint policy.
    VpcEndpoint,
}

impl PolicyKind {
    /// Whether statements of this kind name a principal.
    pub fn has_principal(self) -> bool {
        matches!(
            self,
            PolicyKind::Resource | PolicyKind::Trust | PolicyKind::Rcp | PolicyKind::VpcEndpoint
        )
    }

    /// The kind with its article, for messages: "an identity policy".
    pub fn describe(self) -> &'static str {
        match self {
            PolicyKind::Identity => "an identity-based policy",
            PolicyKind::Resource => "a resource-based policy",
            PolicyKind::Trust => "a role trust policy",
            PolicyKind::Scp => "a service control policy",
            PolicyKind::Rcp => "a resource control policy",
            PolicyKind::PermissionsBoundary => "a permissions boundary",
            PolicyKind::Session => "a session policy",
            PolicyKind::VpcEndpoint => "a VPC endpoint policy",
        }
    }

    /// The kind's name as keyaki writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyKind::Identity => "identity",
            PolicyKind::Resource => "resource",
            PolicyKind::Trust => "trust",
            PolicyKind::Scp => "scp",
            PolicyKind::Rcp => "rcp",
            PolicyKind::PermissionsBoundary => "permissions-boundary",
            PolicyKind::Session => "session",
            PolicyKind::VpcEndpoint => "vpc-endpoint",
        }
    }
}

/// A value of the policy with its span. Its JSON path in the document
/// (`$.Statement[0].Action[1]`) is [`Policy::path_of`] its span, worked out when asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<T> {
    /// The value.
    pub value: T,
    /// Its bytes in the document (for a condition's operator and key, the key's string).
    pub loc: Loc,
}

/// The policy language version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Version {
    /// `2008-10-17`: no policy variables.
    #[serde(rename = "2008-10-17")]
    V2008,
    /// `2012-10-17`.
    #[serde(rename = "2012-10-17")]
    V2012,
}

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Effect {
    /// `Allow`.
    Allow,
    /// `Deny`.
    Deny,
}

/// A parsed policy document.
#[derive(Debug, Clone)]
pub struct Policy {
    source: Arc<Source>,
    kind: PolicyKind,
    version: Option<Node<Version>>,
    id: Option<Node<Written>>,
    statements: Vec<Statement>,
    /// Statements that did not parse (kept out of evaluation).
    broken: usize,
}

/// One statement.
#[derive(Debug, Clone)]
pub struct Statement {
    /// Its position in the `Statement` array (0 when the element is one object).
    pub index: usize,
    /// `Sid`.
    pub sid: Option<Node<Written>>,
    /// `Effect`.
    pub effect: Node<Effect>,
    /// `Principal` or `NotPrincipal`.
    pub principal: Option<PrincipalElement>,
    /// `Action` or `NotAction`.
    pub action: ActionElement,
    /// `Resource` or `NotResource`; `None` when absent (a trust policy).
    pub resource: Option<ResourceElement>,
    /// `Condition`, flattened to one entry per operator and key.
    pub conditions: Vec<Condition>,
    /// The statement's span.
    pub loc: Loc,
    /// Whether the `Statement` element is an array (else this is its one object).
    in_array: bool,
}

/// The items of an element, or the values of a condition. Most elements have one
/// (`"Action": "s3:GetObject"`, `"Resource": "*"`, one condition value): it is kept in
/// the element, not in an allocation of its own, and a `simulate` request allocates and
/// frees about ten blocks fewer.
pub(crate) type Items<T> = SmallVec<[T; 1]>;

/// Items with room for `n`: one is kept inline, more are allocated at once (reserved from
/// inline, they were allocated, then the empty inline part copied with memcpy).
fn items_with_capacity<T>(n: usize) -> Items<T> {
    if n <= 1 {
        Items::new()
    } else {
        Items::from_vec(Vec::with_capacity(n))
    }
}

/// What a string of a policy kept in its own form ([`Written`], [`ActionText`]) offers: it
/// reads as a `str` (`Deref`, `AsRef`), prints as one, and compares with one.
macro_rules! str_views {
    ($($t:ty),*) => {$(
        impl std::ops::Deref for $t {
            type Target = str;

            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(self.as_str(), f)
            }
        }

        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    )*};
}

/// A string of a policy as written (a `Sid`, a resource, a principal, a condition key or
/// value): a `str` (it derefs to one). Nearly every one is written without escapes, and is
/// then a span of the policy's text, which it shares rather than copies: a `simulate`
/// request allocated, copied and freed about eleven strings fewer.
#[derive(Clone)]
pub struct Written(Repr);

#[derive(Clone)]
enum Repr {
    /// The bytes at a span of the policy's text.
    Span(Arc<SharedText>, Loc),
    /// A string with escapes, decoded.
    Owned(Box<str>),
}

impl Written {
    /// `text`, read from the tree at `loc` of `source` (the tree was read from that text,
    /// or from a copy of it: its spans are offsets in it). A string as long as its span is
    /// the span's bytes, and is shared; a string with escapes is shorter (each escape is
    /// decoded into fewer bytes than it is written with), and is copied.
    fn new(source: &Arc<SharedText>, text: &str, loc: Loc) -> Self {
        if span(source, loc).len() == text.len() {
            Self(Repr::Span(Arc::clone(source), loc))
        } else {
            Self(Repr::Owned(text.into()))
        }
    }

    /// A JSON string at `loc` (its quotes included): its bytes within the quotes.
    fn string(source: &Arc<SharedText>, text: &str, loc: Loc) -> Self {
        let inner = Loc {
            start: loc.start.saturating_add(1),
            end: loc.end.saturating_sub(1),
        };
        Self::new(source, text, inner)
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Span(source, loc) => span(source, *loc),
            Repr::Owned(s) => s,
        }
    }
}

/// The bytes at `loc` of `text` (none when it is not a span of it).
fn span(text: &SharedText, loc: Loc) -> &str {
    text.as_str().get(loc.range()).unwrap_or_default()
}

impl std::borrow::Borrow<str> for Written {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Written {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Written {}

impl std::hash::Hash for Written {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

/// `Action` or `NotAction`.
#[derive(Debug, Clone)]
pub struct ActionElement {
    /// `NotAction`.
    pub negated: bool,
    /// The element's span.
    pub loc: Loc,
    /// The patterns.
    pub items: Items<Node<ActionPattern>>,
}

/// One action pattern: `*` or `service:Name` (wildcards allowed in the name).
#[derive(Debug, Clone, PartialEq)]
pub struct ActionPattern {
    /// As written.
    pub text: ActionText,
    /// Where the lowercased service prefix is.
    service: Prefix,
    /// The action name pattern (case-insensitive).
    pub(crate) name: Pattern,
}

/// An action pattern as written: a `str` (it derefs to one). Up to [`ACTION_INLINE`] bytes
/// (`s3:GetObject`, `ec2:DescribeInstances`, `sqs:Send*`: nearly every action a policy
/// names) it is kept in the pattern, not in a string of its own: each action of a policy
/// allocates, copies and frees one string fewer.
#[derive(Clone, PartialEq, Eq)]
pub struct ActionText(Text<ACTION_INLINE>);

/// The longest action text kept in its pattern: 40 bytes with the tag and the length (the
/// pattern, with its location, stays within the 128 bytes that are moved without a call to
/// memcpy). Four actions of five in the catalog fit, and every one of the benchmarks.
const ACTION_INLINE: usize = 38;

impl ActionText {
    fn new(text: &str) -> Self {
        Self(Text::new(text, false))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

str_views!(Written, ActionText);

/// Where an action pattern's service prefix is, lowercased: most policies write it in lower
/// case, and it is then read from the text (one string fewer for each action of a policy).
#[derive(Debug, Clone, PartialEq)]
enum Prefix {
    /// `*`: no prefix.
    None,
    /// The text's first `n` bytes.
    InText(usize),
    /// Written with capitals: lowercased here.
    Lowered(Box<str>),
}

impl ActionPattern {
    fn parse(text: &str) -> Result<Self, String> {
        if text == "*" {
            return Ok(Self {
                text: ActionText::new(text),
                service: Prefix::None,
                name: Pattern::any(ACTION_SYNTAX.fold),
            });
        }
        // One pass over the service prefix: where the `:` is, whether every byte before it
        // may be in a prefix (their classes ANDed), and whether one is a capital (ORed).
        let (mut colon, mut all, mut any) = (None, PREFIX_BYTE, 0);
        for (i, &b) in text.as_bytes().iter().enumerate() {
            if b == b':' {
                colon = Some(i);
                break;
            }
            let class = PREFIX_CLASSES[usize::from(b)];
            all &= class;
            any |= class;
        }
        let (valid, upper) = (all & PREFIX_BYTE != 0, any & CAPITAL != 0);
        let Some((service, name)) = colon.and_then(|i| Some((text.get(..i)?, text.get(i + 1..)?)))
        else {
            return Err(format!(
                "invalid action {text:?}: expected \"*\" or service:Action, such as s3:GetObject"
            ));
        };
        if service.is_empty() || !valid {
            return Err(format!(
                "invalid action {text:?}: the service prefix {service:?} is not a service prefix"
            ));
        }
        if name.is_empty() {
            return Err(format!("invalid action {text:?}: the action name is empty"));
        }
        let prefix = if upper {
            Prefix::Lowered(service.to_ascii_lowercase().into_boxed_str())
        } else {
            Prefix::InText(service.len())
        };
        let name = Pattern::parse(name, ACTION_SYNTAX);
        Ok(Self {
            text: ActionText::new(text),
            service: prefix,
            name,
        })
    }

    /// The service prefix, lowercased; `None` for `*`.
    pub fn service(&self) -> Option<&str> {
        match &self.service {
            Prefix::None => None,
            Prefix::InText(n) => self.text.get(..*n),
            Prefix::Lowered(s) => Some(s),
        }
    }

    /// Whether the action (`service:name`, lowercased) matches.
    pub fn matches(&self, service: &str, name: &str) -> bool {
        // The prefix is compared as bytes: a `str` of a text kept inline is checked as
        // UTF-8 each time it is made.
        let prefix = match &self.service {
            Prefix::None => return true,
            Prefix::InText(n) => self.text.as_bytes().get(..*n),
            Prefix::Lowered(s) => Some(s.as_bytes()),
        };
        prefix == Some(service.as_bytes()) && self.name.matches(name, &Context::empty())
    }

    /// Whether the name part has wildcards (or the pattern is `*`).
    pub fn has_wildcards(&self) -> bool {
        self.service == Prefix::None || self.name.has_wildcards()
    }
}

/// The class of each byte in a service prefix: [`PREFIX_BYTE`] when it may be in one (ASCII
/// letters and digits, `-`, `.`, `_`), with [`CAPITAL`] for the capitals. A table lookup a
/// byte, where the tests were a dozen instructions.
const PREFIX_CLASSES: [u8; 256] = {
    let mut classes = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'-' || c == b'.' || c == b'_' {
            classes[b] = PREFIX_BYTE;
        }
        if c.is_ascii_uppercase() {
            classes[b] |= CAPITAL;
        }
        b += 1;
    }
    classes
};
const PREFIX_BYTE: u8 = 1;
const CAPITAL: u8 = 2;

const ACTION_SYNTAX: Syntax = Syntax {
    wildcards: true,
    variables: false,
    fold: true,
};

/// `Resource` or `NotResource`.
#[derive(Debug, Clone)]
pub struct ResourceElement {
    /// `NotResource`.
    pub negated: bool,
    /// The element's span.
    pub loc: Loc,
    /// The ARN patterns as written.
    pub items: Items<Node<Written>>,
    /// Whether policy variables are resolved (Version 2012-10-17).
    variables: bool,
    /// The compiled patterns, when the element is read a second time (most statements of a
    /// request are set aside by their actions before their resources are read).
    patterns: OnceLock<Vec<ArnPattern>>,
    /// Whether the element was matched before (it is compiled on its second read).
    reads: Reads,
}

/// Whether an element was read before, cloned with its value. Set with a plain store, not a
/// read-modify-write (a locked instruction on x86, on every first read of a `simulate`
/// request): two threads that both see it unset both match the patterns as written, which
/// only compiles them one read later.
#[derive(Debug, Default)]
struct Reads(std::sync::atomic::AtomicBool);

impl Clone for Reads {
    fn clone(&self) -> Self {
        use std::sync::atomic::{AtomicBool, Ordering};
        Reads(AtomicBool::new(self.0.load(Ordering::Relaxed)))
    }
}

impl ResourceElement {
    /// Whether one of the patterns matches `arn`. The first time, the patterns are read as
    /// written: a policy parsed for one request (`simulate`) reads each once, and compiling
    /// them cost more than matching. From the second time on (who-can and what-can decide
    /// thousands of requests against one policy) they are compiled, once, and the compiled
    /// form matches faster.
    pub(crate) fn matches(&self, arn: &str, ctx: &Context) -> bool {
        use std::sync::atomic::Ordering;
        if self.patterns.get().is_some() || self.reads.0.load(Ordering::Relaxed) {
            return self.patterns().iter().any(|p| p.matches(arn, ctx));
        }
        self.reads.0.store(true, Ordering::Relaxed);
        self.items.iter().any(|item| {
            let pattern = item.value.as_str();
            if self.variables && pattern.contains("${") {
                crate::arn::matches_with_variables(pattern, arn, ctx)
            } else {
                crate::arn::matches_plain(pattern, arn)
            }
        })
    }

    /// The compiled patterns, one per item.
    pub(crate) fn patterns(&self) -> &[ArnPattern] {
        self.patterns.get_or_init(|| {
            self.items
                .iter()
                .map(|i| ArnPattern::parse(&i.value, self.variables))
                .collect()
        })
    }
}

/// `Principal` or `NotPrincipal`.
#[derive(Debug, Clone)]
pub struct PrincipalElement {
    /// `NotPrincipal`.
    pub negated: bool,
    /// The element's span.
    pub loc: Loc,
    /// `"Principal": "*"`.
    pub any: bool,
    /// The principals named.
    pub items: Items<PrincipalItem>,
}

/// The kind of principal in a `Principal` map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PrincipalType {
    /// `AWS`: accounts, users, roles, sessions.
    #[serde(rename = "AWS")]
    Aws,
    /// `Service`.
    Service,
    /// `Federated`.
    Federated,
    /// `CanonicalUser`.
    CanonicalUser,
}

impl PrincipalType {
    /// The key as written in a policy.
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalType::Aws => "AWS",
            PrincipalType::Service => "Service",
            PrincipalType::Federated => "Federated",
            PrincipalType::CanonicalUser => "CanonicalUser",
        }
    }
}

/// One principal named in a `Principal` element.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipalItem {
    /// `AWS`, `Service`, ...
    pub kind: PrincipalType,
    /// The value as written.
    pub value: Node<Written>,
}

/// One condition: an operator applied to one key.
#[derive(Debug, Clone)]
pub struct Condition {
    /// The operator.
    pub operator: Node<Operator>,
    /// The condition key as written.
    pub key: Node<Written>,
    /// The policy values as written (numbers and booleans as their text).
    pub values: Items<Node<Written>>,
    /// Whether policy variables are resolved (Version 2012-10-17).
    variables: bool,
    /// The values read for the operator, on first use.
    operands: OnceLock<Items<Operand>>,
}

impl Condition {
    /// The policy values read for the operator, one per value.
    pub(crate) fn operands(&self) -> &[Operand] {
        self.operands.get_or_init(|| {
            self.values
                .iter()
                .map(|v| Operand::parse(self.operator.value.base, &v.value, self.variables))
                .collect()
        })
    }
}

impl Policy {
    /// Parses a policy document used as `kind`. Fails with every error found.
    pub fn parse(text: &str, kind: PolicyKind, origin: Origin) -> Result<Policy, ParseErrors> {
        let (policy, errors) = Self::parse_lenient(text, kind, origin);
        match (policy, ParseErrors::new(errors)) {
            (Some(p), None) => Ok(p),
            (_, Some(e)) => Err(e),
            (None, None) => unreachable_parse(),
        }
    }

    /// Parses what can be parsed, and returns every error: the policy is `None` only when the
    /// text is not a JSON object. Statements with errors are left out of the policy.
    pub fn parse_lenient(
        text: &str,
        kind: PolicyKind,
        origin: Origin,
    ) -> (Option<Policy>, Vec<ParseError>) {
        Self::parse_shared(SharedText::new(text), kind, origin)
    }

    /// [`Policy::parse_lenient`] of text already shared.
    pub(crate) fn parse_shared(
        text: Arc<SharedText>,
        kind: PolicyKind,
        origin: Origin,
    ) -> (Option<Policy>, Vec<ParseError>) {
        let source = Arc::new(Source::new(Arc::clone(&text), origin));
        let mut cx = Cx {
            source: &source,
            text: &text,
            errors: Vec::new(),
        };
        let arena = json::arena_for(text.as_str());
        let json = match json::text_to_cst_counting_lines(text.as_str(), &arena) {
            Ok((j, newlines)) => {
                if newlines == 0 {
                    text.mark_one_line();
                }
                j
            }
            Err(e) => {
                cx.errors.push(ParseError {
                    kind: ParseErrorKind::Syntax,
                    message: e.message,
                    location: source.locate(e.loc, "$"),
                    help: None,
                });
                return (None, cx.errors);
            }
        };
        Self::build(&source, &text, &json, kind, cx.errors)
    }

    /// A policy from a document already parsed as part of a larger text (a simulate input):
    /// `json` is the document's tree and `text` the whole text, shared by its documents
    /// (spans stay offsets in it, so nothing is copied or shifted).
    pub(crate) fn from_tree(
        json: &Json<'_>,
        text: Arc<SharedText>,
        kind: PolicyKind,
        origin: Origin,
    ) -> (Option<Policy>, Vec<ParseError>) {
        let source = Arc::new(Source::within(Arc::clone(&text), json.loc, origin));
        Self::build(&source, &text, json, kind, Vec::new())
    }

    /// The policy of the tree `json`, read from `text` (the text `source` holds).
    fn build(
        source: &Arc<Source>,
        text: &Arc<SharedText>,
        json: &Json<'_>,
        kind: PolicyKind,
        errors: Vec<ParseError>,
    ) -> (Option<Policy>, Vec<ParseError>) {
        let mut cx = Cx {
            source,
            text,
            errors,
        };
        let policy = cx
            .policy(json, kind)
            .map(|(version, id, statements, broken)| Policy {
                source: Arc::clone(source),
                kind,
                version,
                id,
                statements,
                broken,
            });
        let mut errors = cx.errors;
        errors.sort_by_key(|e| (e.location.line, e.location.column));
        (policy, errors)
    }

    /// Parses the document of a snapshot, keeping its origin for positions.
    pub fn from_document(
        doc: &keyaki_snapshot::services::iam::PolicyDocument,
        kind: PolicyKind,
    ) -> Result<Policy, ParseErrors> {
        Self::parse(doc.json(), kind, Origin::of_document(doc))
    }

    /// The source text and origin.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The JSON path in the document of the node at `loc` (a [`Node`]'s, a
    /// [`Statement`]'s or an element's span): `$.Statement[0].Action[1]`.
    pub fn path_of(&self, loc: Loc) -> String {
        self.source.path_of(loc)
    }

    /// What the policy is used as.
    pub fn kind(&self) -> PolicyKind {
        self.kind
    }

    /// `Version`; `None` when absent.
    pub fn version(&self) -> Option<&Node<Version>> {
        self.version.as_ref()
    }

    /// `Id`.
    pub fn id(&self) -> Option<&Node<Written>> {
        self.id.as_ref()
    }

    /// Whether policy variables are resolved (Version 2012-10-17).
    pub fn variables_enabled(&self) -> bool {
        self.version
            .as_ref()
            .is_some_and(|v| v.value == Version::V2012)
    }

    /// The statements that parsed.
    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }

    /// How many statements were left out because they had errors.
    pub fn broken_statements(&self) -> usize {
        self.broken
    }
}

#[cold]
fn unreachable_parse() -> ! {
    panic!("bug in keyaki-iam: a policy with no errors failed to parse; please report it")
}

type Parts = (
    Option<Node<Version>>,
    Option<Node<Written>>,
    Vec<Statement>,
    usize,
);

struct Cx<'s> {
    source: &'s Arc<Source>,
    /// The text the tree was read from (the source's): its strings are spans of it.
    text: &'s Arc<SharedText>,
    errors: Vec<ParseError>,
}

/// The members of an object that are among the known names: the first of each name.
struct Found<'a, 'j> {
    known: &'static Names,
    slots: [Option<&'a Member<'j>>; 9],
}

/// The element names an object may have, and how a name is found among them: a `match` on
/// the name compares it with constants, in a few inlined loads (comparing it with the
/// entries of a list called `memcmp` for each).
struct Names {
    list: &'static [&'static str],
    index: fn(&str) -> Option<usize>,
}

/// The elements of a policy document, and of a statement: [`Found::get`] takes their index
/// in these lists (a statement reads its elements a dozen times; comparing names each time
/// was a tenth of building it).
const DOCUMENT: &Names = &Names {
    list: &["Version", "Id", "Statement"],
    index: |name| match name {
        "Version" => Some(VERSION),
        "Id" => Some(ID),
        "Statement" => Some(STATEMENT),
        _ => None,
    },
};
const VERSION: usize = 0;
const ID: usize = 1;
const STATEMENT: usize = 2;
const STATEMENT_ELEMENTS: &Names = &Names {
    list: &[
        "Sid",
        "Effect",
        "Principal",
        "NotPrincipal",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
    ],
    index: |name| match name {
        "Sid" => Some(SID),
        "Effect" => Some(EFFECT),
        "Principal" => Some(PRINCIPAL),
        "NotPrincipal" => Some(NOT_PRINCIPAL),
        "Action" => Some(ACTION),
        "NotAction" => Some(NOT_ACTION),
        "Resource" => Some(RESOURCE),
        "NotResource" => Some(NOT_RESOURCE),
        "Condition" => Some(CONDITION),
        _ => None,
    },
};
const SID: usize = 0;
const EFFECT: usize = 1;
const PRINCIPAL: usize = 2;
const NOT_PRINCIPAL: usize = 3;
const ACTION: usize = 4;
const NOT_ACTION: usize = 5;
const RESOURCE: usize = 6;
const NOT_RESOURCE: usize = 7;
const CONDITION: usize = 8;
/// The keys of a `Principal` object.
const PRINCIPAL_TYPES: &Names = &Names {
    list: &["AWS", "Service", "Federated", "CanonicalUser"],
    index: |name| match name {
        "AWS" => Some(0),
        "Service" => Some(1),
        "Federated" => Some(2),
        "CanonicalUser" => Some(3),
        _ => None,
    },
};

impl<'a, 'j> Found<'a, 'j> {
    /// The member of the known name at index `i`.
    fn get(&self, i: usize) -> Option<&'a Member<'j>> {
        self.slots.get(i).copied().flatten()
    }

    /// The members found, in document order, with their names.
    fn in_order<'f>(
        &'f self,
        members: &'a [Member<'j>],
    ) -> impl Iterator<Item = (&'static str, &'a Member<'j>)> + use<'f, 'a, 'j> {
        members.iter().filter_map(|m| {
            let i = (self.known.index)(m.key)?;
            let first = self.slots.get(i).copied().flatten()?;
            std::ptr::eq(first, m).then_some((self.known.list[i], m))
        })
    }
}

/// Sorts an object's members by the `known` names (at most nine), with an error for every
/// unknown or repeated name. Always inlined: each caller's `known` is a constant, so its
/// `index` is called directly (or inlined), and the slots are filled in the caller's frame
/// rather than copied out of a call (5% of building a policy).
#[inline(always)]
fn members<'a, 'j>(
    cx: &mut Cx<'_>,
    members: &'a [Member<'j>],
    known: &'static Names,
) -> Found<'a, 'j> {
    let mut found = Found {
        known,
        slots: [None; 9],
    };
    for m in members {
        match (known.index)(m.key) {
            Some(i) => {
                if found.slots.get(i).copied().flatten().is_some() {
                    cx.error(
                        ParseErrorKind::DuplicateElement,
                        m.key_loc,
                        format!("{} is given more than once", m.key),
                        None,
                    );
                } else if let Some(slot) = found.slots.get_mut(i) {
                    *slot = Some(m);
                }
            }
            None => {
                let help = did_you_mean(m.key, known.list.iter().copied())
                    .map(|s| format!("did you mean \"{s}\"? element names are case-sensitive"));
                cx.error(
                    ParseErrorKind::UnknownElement,
                    m.key_loc,
                    format!("unknown element \"{}\"", m.key),
                    help,
                );
            }
        }
    }
    found
}

impl Cx<'_> {
    /// Records an error at `loc`, the span of a value or of a member's key; its JSON path is
    /// that of the value (or of the member's value).
    fn error(&mut self, kind: ParseErrorKind, loc: Loc, message: String, help: Option<String>) {
        self.errors.push(ParseError {
            kind,
            message,
            location: self.source.locate_node(loc),
            help,
        });
    }

    fn wrong_type(&mut self, json: &Json<'_>, what: &str, expected: &str) {
        self.error(
            ParseErrorKind::WrongType,
            json.loc,
            format!("{what} must be {expected}, not {}", json.type_name()),
            None,
        );
    }

    fn policy(&mut self, json: &Json<'_>, kind: PolicyKind) -> Option<Parts> {
        let Kind::Object(top) = &json.kind else {
            self.wrong_type(json, "a policy document", "a JSON object");
            return None;
        };
        let found = members(self, top, DOCUMENT);
        let version = found.get(VERSION).and_then(|m| match &m.value.kind {
            Kind::String(s) if *s == "2012-10-17" => Some(node(Version::V2012, m.value.loc)),
            Kind::String(s) if *s == "2008-10-17" => Some(node(Version::V2008, m.value.loc)),
            Kind::String(s) => {
                self.error(
                    ParseErrorKind::InvalidValue,
                    m.value.loc,
                    format!("invalid Version {s:?}: expected \"2012-10-17\" or \"2008-10-17\""),
                    Some("use \"2012-10-17\", the current version of the policy language".into()),
                );
                None
            }
            _ => {
                self.wrong_type(&m.value, "Version", "a string");
                None
            }
        });
        let id = found.get(ID).and_then(|m| self.string(&m.value, "Id"));
        let variables = version.as_ref().is_some_and(|v| v.value == Version::V2012);
        let mut statements = Vec::new();
        let mut broken = 0;
        match found.get(STATEMENT) {
            None => self.error(
                ParseErrorKind::MissingElement,
                json.loc,
                "the policy has no Statement".into(),
                None,
            ),
            Some(m) => match &m.value.kind {
                Kind::Object(_) => {
                    statements = Vec::with_capacity(1);
                    if !self.statement(&m.value, 0, false, kind, variables, &mut statements) {
                        broken += 1;
                    }
                }
                Kind::Array(items) => {
                    // Sized at once: `reserve` on an empty vector takes the slower growing path.
                    statements = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        if !self.statement(item, i, true, kind, variables, &mut statements) {
                            broken += 1;
                        }
                    }
                }
                _ => self.wrong_type(&m.value, "Statement", "an object or an array of objects"),
            },
        }
        Some((version, id, statements, broken))
    }

    fn string(&mut self, json: &Json<'_>, what: &str) -> Option<Node<Written>> {
        match &json.kind {
            Kind::String(s) => Some(node(Written::string(self.text, s, json.loc), json.loc)),
            _ => {
                self.wrong_type(json, what, "a string");
                None
            }
        }
    }

    /// A string or an array of strings (`Resource`).
    fn strings(&mut self, json: &Json<'_>, what: &str) -> Option<Items<Node<Written>>> {
        let mut out = items_with_capacity(match &json.kind {
            Kind::Array(items) => items.len(),
            _ => 1,
        });
        self.strings_into(json, what, &mut out, |s| s)
            .then_some(out)
    }

    /// A string or an array of strings (`Resource`, principal values), each pushed onto
    /// `out` as `item` makes it (principal values go straight into the element's items,
    /// with no vector in between). `false`, and `out` as it was, when there is an error.
    fn strings_into<T>(
        &mut self,
        json: &Json<'_>,
        what: &str,
        out: &mut Items<T>,
        item: impl Fn(Node<Written>) -> T,
    ) -> bool {
        match &json.kind {
            Kind::String(s) => {
                out.push(item(node(
                    Written::string(self.text, s, json.loc),
                    json.loc,
                )));
                true
            }
            Kind::Array(items) => {
                let before = self.errors.len();
                let len = out.len();
                for i in *items {
                    if let Some(s) = self.string(i, what) {
                        out.push(item(s));
                    }
                }
                if items.is_empty() {
                    self.error(
                        ParseErrorKind::InvalidValue,
                        json.loc,
                        format!("{what} is an empty array"),
                        None,
                    );
                }
                if self.errors.len() != before {
                    out.truncate(len);
                    return false;
                }
                true
            }
            _ => {
                self.wrong_type(json, what, "a string or an array of strings");
                false
            }
        }
    }

    /// Reads a statement onto the end of `out`; `false`, and `out` as it was, when it has
    /// an error.
    fn statement(
        &mut self,
        json: &Json<'_>,
        index: usize,
        in_array: bool,
        kind: PolicyKind,
        variables: bool,
        out: &mut Vec<Statement>,
    ) -> bool {
        let Kind::Object(ms) = &json.kind else {
            self.wrong_type(json, "a statement", "an object");
            return false;
        };
        let before = self.errors.len();
        let found = members(self, ms, STATEMENT_ELEMENTS);
        let sid = found.get(SID).and_then(|m| self.string(&m.value, "Sid"));
        let effect = match found.get(EFFECT) {
            None => {
                self.error(
                    ParseErrorKind::MissingElement,
                    json.loc,
                    "the statement has no Effect".into(),
                    Some("add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"".into()),
                );
                None
            }
            Some(m) => match &m.value.kind {
                Kind::String(s) if *s == "Allow" => Some(node(Effect::Allow, m.value.loc)),
                Kind::String(s) if *s == "Deny" => Some(node(Effect::Deny, m.value.loc)),
                Kind::String(s) => {
                    let help = did_you_mean(s, ["Allow", "Deny"])
                        .map(|x| format!("did you mean \"{x}\"? Effect is case-sensitive"));
                    self.error(
                        ParseErrorKind::InvalidValue,
                        m.value.loc,
                        format!("invalid Effect {s:?}: expected \"Allow\" or \"Deny\""),
                        help,
                    );
                    None
                }
                _ => {
                    self.wrong_type(&m.value, "Effect", "a string");
                    None
                }
            },
        };
        // Made in the vector first, and its elements read into it where it is: a statement
        // is 392 bytes, and returned then pushed it was copied twice with memcpy, its action
        // element once more (simulate 41,323 -> 40,752 instructions per request). It is made
        // with `resize_with`, which writes it in the vector's room; `push` made it on the
        // stack, then copied it (40,323 -> 40,296). A statement with an error is taken off
        // again (an element that is not read has recorded an error, so `effect` is only a
        // stand-in then).
        let effect = effect.unwrap_or(node(Effect::Deny, json.loc));
        out.resize_with(out.len() + 1, || Statement {
            index,
            sid: None,
            effect: effect.clone(),
            principal: None,
            action: ActionElement {
                negated: false,
                loc: json.loc,
                items: Items::new(),
            },
            resource: None,
            conditions: Vec::new(),
            loc: json.loc,
            in_array,
        });
        let Some(s) = out.last_mut() else {
            return false;
        };
        s.sid = sid;
        s.principal = self.principal(&found, kind);
        self.action(&found, json, &mut s.action);
        s.resource = self.resource(&found, variables);
        if let Some(m) = found.get(CONDITION) {
            s.conditions = self.conditions(&m.value, variables);
        }
        if self.errors.len() != before {
            out.pop();
            return false;
        }
        true
    }

    /// The member of a pair of exclusive elements (`Action`/`NotAction`, ...) and whether it
    /// is the second. Always inlined, as `members` is: the indices are constants, and the
    /// slots are read where they were filled (three calls a statement).
    #[inline(always)]
    fn pair<'a, 'j>(
        &mut self,
        found: &Found<'a, 'j>,
        pair: [usize; 2],
    ) -> Option<(bool, &'a Member<'j>)> {
        match (found.get(pair[0]), found.get(pair[1])) {
            (Some(_), Some(n)) => {
                let names = pair.map(|i| found.known.list[i]);
                self.error(
                    ParseErrorKind::Conflict,
                    n.key_loc,
                    format!("a statement has {} or {}, not both", names[0], names[1]),
                    None,
                );
                None
            }
            (Some(m), None) => Some((false, m)),
            (None, Some(m)) => Some((true, m)),
            (None, None) => None,
        }
    }

    /// Reads `Action` or `NotAction` into `element` (left incomplete when there is an error).
    fn action(&mut self, found: &Found<'_, '_>, json: &Json<'_>, element: &mut ActionElement) {
        let both = found.get(ACTION).is_some() && found.get(NOT_ACTION).is_some();
        let Some((negated, m)) = self.pair(found, [ACTION, NOT_ACTION]) else {
            if !both {
                self.error(
                    ParseErrorKind::MissingElement,
                    json.loc,
                    "the statement has no Action or NotAction".into(),
                    None,
                );
            }
            return;
        };
        let what = if negated { "NotAction" } else { "Action" };
        // Read straight from the tree (no vector of strings in between), with the errors
        // `strings` gives: every item must be a string before any is read as an action.
        let items: &[Json<'_>] = match &m.value.kind {
            Kind::String(_) => std::slice::from_ref(&m.value),
            Kind::Array(items) => items,
            _ => {
                self.wrong_type(&m.value, what, "a string or an array of strings");
                return;
            }
        };
        let before = self.errors.len();
        for item in items {
            if !matches!(item.kind, Kind::String(_)) {
                self.wrong_type(item, what, "a string");
            }
        }
        if items.is_empty() {
            self.error(
                ParseErrorKind::InvalidValue,
                m.value.loc,
                format!("{what} is an empty array"),
                None,
            );
        }
        if self.errors.len() != before {
            return;
        }
        element.negated = negated;
        element.loc = m.value.loc;
        element.items = items_with_capacity(items.len());
        for item in items {
            let Kind::String(text) = item.kind else {
                continue;
            };
            match ActionPattern::parse(text) {
                Ok(a) => element.items.push(Node {
                    value: a,
                    loc: item.loc,
                }),
                Err(message) => {
                    self.error(ParseErrorKind::InvalidValue, item.loc, message, None);
                }
            }
        }
    }

    fn resource(&mut self, found: &Found<'_, '_>, variables: bool) -> Option<ResourceElement> {
        let (negated, m) = self.pair(found, [RESOURCE, NOT_RESOURCE])?;
        let what = if negated { "NotResource" } else { "Resource" };
        let items = self.strings(&m.value, what)?;
        Some(ResourceElement {
            negated,
            loc: m.value.loc,
            items,
            variables,
            patterns: OnceLock::new(),
            reads: Reads::default(),
        })
    }

    fn principal(&mut self, found: &Found<'_, '_>, kind: PolicyKind) -> Option<PrincipalElement> {
        let (negated, m) = self.pair(found, [PRINCIPAL, NOT_PRINCIPAL])?;
        let what = if negated { "NotPrincipal" } else { "Principal" };
        if !kind.has_principal() {
            self.error(
                ParseErrorKind::NotAllowedHere,
                m.key_loc,
                format!("{} cannot have {what}", kind.describe()),
                Some("only resource-based policies (bucket, key, trust policies, ...) name principals".into()),
            );
            return None;
        }
        match &m.value.kind {
            Kind::String(s) if *s == "*" => Some(PrincipalElement {
                negated,
                loc: m.value.loc,
                any: true,
                items: Items::new(),
            }),
            Kind::String(s) => {
                self.error(
                    ParseErrorKind::InvalidValue,
                    m.value.loc,
                    format!("invalid {what} {s:?}: expected \"*\" or an object such as {{\"AWS\": \"arn:aws:iam::123456789012:root\"}}"),
                    None,
                );
                None
            }
            Kind::Object(ms) => {
                let found = members(self, ms, PRINCIPAL_TYPES);
                let mut items = items_with_capacity(
                    ms.iter()
                        .map(|m| match &m.value.kind {
                            Kind::Array(values) => values.len(),
                            _ => 1,
                        })
                        .sum(),
                );
                for (name, member) in found.in_order(ms) {
                    let kind = match name {
                        "AWS" => PrincipalType::Aws,
                        "Service" => PrincipalType::Service,
                        "Federated" => PrincipalType::Federated,
                        _ => PrincipalType::CanonicalUser,
                    };
                    self.strings_into(&member.value, name, &mut items, |value| PrincipalItem {
                        kind,
                        value,
                    });
                }
                if ms.is_empty() {
                    self.error(
                        ParseErrorKind::InvalidValue,
                        m.value.loc,
                        format!("{what} is an empty object"),
                        None,
                    );
                }
                Some(PrincipalElement {
                    negated,
                    loc: m.value.loc,
                    any: false,
                    items,
                })
            }
            _ => {
                self.wrong_type(&m.value, what, "\"*\" or an object");
                None
            }
        }
    }

    fn conditions(&mut self, json: &Json<'_>, variables: bool) -> Vec<Condition> {
        let Kind::Object(ops) = &json.kind else {
            self.wrong_type(json, "Condition", "an object");
            return Vec::new();
        };
        // Sized at once, one entry per key (a vector grown from empty takes the slower path),
        // and at least the four that growing gives: sized exactly, a one-condition vector
        // shares its allocator size class with what evaluation allocates, and explained
        // decisions on policies kept alive took the allocator's slow path 10% more often.
        let mut out = Vec::with_capacity(
            ops.iter()
                .map(|op| match &op.value.kind {
                    Kind::Object(keys) => keys.len(),
                    _ => 0,
                })
                .sum::<usize>()
                .max(4),
        );
        for (op_index, op) in ops.iter().enumerate() {
            let operator = match Operator::parse(op.key) {
                Ok((o, _)) => o,
                Err(e) => {
                    let (message, help) = match e {
                        OperatorError::Unknown => (
                            format!("unknown condition operator \"{}\"", op.key),
                            did_you_mean(
                                op.key
                                    .rsplit(':')
                                    .next()
                                    .unwrap_or(op.key)
                                    .trim_end_matches("IfExists"),
                                crate::condition::BaseOperator::names(),
                            )
                            .map(|s| format!("did you mean \"{s}\"?")),
                        ),
                        OperatorError::NullIfExists => (
                            "the Null operator has no IfExists form".into(),
                            Some("use \"Null\"".into()),
                        ),
                    };
                    self.error(ParseErrorKind::InvalidValue, op.key_loc, message, help);
                    continue;
                }
            };
            if ops[..op_index].iter().any(|o| o.key == op.key) {
                self.error(
                    ParseErrorKind::DuplicateElement,
                    op.key_loc,
                    format!("the condition operator {} is given more than once", op.key),
                    Some("put all its keys in one block".into()),
                );
                continue;
            }
            let Kind::Object(keys) = &op.value.kind else {
                self.wrong_type(
                    &op.value,
                    "a condition operator's block",
                    "an object of condition keys",
                );
                continue;
            };
            for (key_index, k) in keys.iter().enumerate() {
                if keys[..key_index]
                    .iter()
                    .any(|o| o.key.eq_ignore_ascii_case(k.key))
                {
                    self.error(
                        ParseErrorKind::DuplicateElement,
                        k.key_loc,
                        format!(
                            "the condition key {} is given more than once under {}",
                            k.key, op.key
                        ),
                        None,
                    );
                    continue;
                }
                let raw: &[Json<'_>] = match &k.value.kind {
                    Kind::Array(items) => items,
                    _ => std::slice::from_ref(&k.value),
                };
                let mut values = items_with_capacity(raw.len());
                let mut ok = true;
                for v in raw {
                    let text = match &v.kind {
                        Kind::String(s) => Written::string(self.text, s, v.loc),
                        Kind::Number(n) => Written::new(self.text, n, v.loc),
                        // `true` or `false`, as written.
                        Kind::Bool(b) => {
                            Written::new(self.text, if *b { "true" } else { "false" }, v.loc)
                        }
                        _ => {
                            self.wrong_type(v, "a condition value", "a string, number or boolean");
                            ok = false;
                            continue;
                        }
                    };
                    values.push(node(text, v.loc));
                }
                if raw.is_empty() {
                    self.error(
                        ParseErrorKind::InvalidValue,
                        k.value.loc,
                        format!("the condition key {} has no values", k.key),
                        None,
                    );
                    ok = false;
                }
                if !ok {
                    continue;
                }
                out.push(Condition {
                    operator: node(operator, op.key_loc),
                    key: node(Written::string(self.text, k.key, k.key_loc), k.key_loc),
                    values,
                    variables,
                    operands: OnceLock::new(),
                });
            }
        }
        out
    }
}

fn node<T>(value: T, loc: Loc) -> Node<T> {
    Node { value, loc }
}

impl Statement {
    /// Whether the action (lowercased `service` and `name`) is in the statement's scope.
    pub fn matches_action(&self, service: &str, name: &str) -> bool {
        let any = self
            .action
            .items
            .iter()
            .any(|a| a.value.matches(service, name));
        any != self.action.negated
    }

    /// Whether the resource is in scope (a statement without a resource element covers
    /// every resource, as in a trust policy).
    pub fn matches_resource(&self, resource: &str, ctx: &Context) -> bool {
        match &self.resource {
            None => true,
            Some(r) => r.matches(resource, ctx) != r.negated,
        }
    }

    /// The statement's JSON path in the document: `$.Statement[2]`, or `$.Statement` when
    /// the element is one object.
    pub fn path(&self) -> String {
        if self.in_array {
            let mut path = String::with_capacity(16);
            path.push_str("$.Statement[");
            crate::loc::push_decimal(&mut path, self.index);
            path.push(']');
            path
        } else {
            "$.Statement".to_owned()
        }
    }

    /// Whether the `Statement` element is an array (else this is its one object).
    pub(crate) fn in_array(&self) -> bool {
        self.in_array
    }

    /// The Sid, or `#index` when there is none.
    pub fn label(&self) -> String {
        let mut out = String::new();
        self.push_label(&mut out);
        out
    }

    /// Appends [`Statement::label`] to `out` (explanations write it into their sentences,
    /// without a string of its own).
    pub(crate) fn push_label(&self, out: &mut String) {
        match self.sid.as_ref().map(|s| s.value.as_str()) {
            Some(s) if !s.is_empty() => out.push_str(s),
            _ => {
                out.push('#');
                crate::loc::push_decimal(out, self.index);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, kind: PolicyKind) -> Result<Policy, ParseErrors> {
        Policy::parse(text, kind, Origin::inline("$"))
    }

    /// The strings of a policy are spans of its text, unless they have escapes: both read
    /// as written (escapes decoded), in a policy of its own and in a simulate input.
    #[test]
    fn strings_as_written() {
        let doc = r#"{"Version":"2012-10-17","Statement":[{"Sid":"s\u00e9","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","a\/b"]},"Action":"s3:*","Resource":["arn:aws:s3:::b\"q","arn:aws:s3:::é"],"Condition":{"StringEquals":{"aws:user\u006eame":["x\ty", -1.5e3, false, "é"]}}}]}"#;
        let check = |p: &Policy| {
            let s = &p.statements()[0];
            assert_eq!(s.sid.as_ref().unwrap().value, "sé");
            let pr = s.principal.as_ref().unwrap();
            let values: Vec<&str> = pr.items.iter().map(|i| i.value.value.as_str()).collect();
            assert_eq!(values, ["arn:aws:iam::111122223333:root", "a/b"]);
            let r = s.resource.as_ref().unwrap();
            let items: Vec<&str> = r.items.iter().map(|i| &*i.value).collect();
            assert_eq!(items, ["arn:aws:s3:::b\"q", "arn:aws:s3:::é"]);
            let c = &s.conditions[0];
            assert_eq!(c.key.value, "aws:username");
            let values: Vec<String> = c.values.iter().map(|v| v.value.to_string()).collect();
            assert_eq!(values, ["x\ty", "-1.5e3", "false", "é"]);
        };
        check(&parse(doc, PolicyKind::Resource).unwrap());
        let input = format!("{{\"pad\": \"é\", \"policy\": {doc}}}");
        let text = SharedText::new(&input);
        let arena = json::arena_for(&input);
        let (tree, _) = json::text_to_cst_counting_lines(&input, &arena).unwrap();
        let Kind::Object(members) = &tree.kind else {
            panic!("an object")
        };
        let (p, errors) = Policy::from_tree(
            &members[1].value,
            text,
            PolicyKind::Resource,
            Origin::inline("$"),
        );
        assert!(errors.is_empty());
        check(&p.unwrap());
    }

    #[test]
    fn every_form() {
        let p = parse(
            r#"{"Version":"2012-10-17","Id":"x","Statement":{"Sid":"a","Effect":"Allow","Action":"s3:Get*","Resource":["arn:aws:s3:::b/*","arn:aws:s3:::c"],"Condition":{"StringEquals":{"aws:username":["a", 1, true]}}}}"#,
            PolicyKind::Identity,
        )
        .unwrap();
        assert!(p.variables_enabled());
        let s = &p.statements()[0];
        assert_eq!(s.sid.as_ref().unwrap().value, "a");
        assert!(s.matches_action("s3", "getobject"));
        assert!(!s.matches_action("s3", "putobject"));
        assert!(s.matches_resource("arn:aws:s3:::b/k", &Context::empty()));
        assert_eq!(s.conditions[0].values[1].value, "1");
        assert_eq!(
            p.path_of(s.conditions[0].values[2].loc),
            "$.Statement.Condition.StringEquals.aws:username[2]"
        );
    }

    #[test]
    fn principals() {
        let p = parse(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:role/r"],"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"},{"Effect":"Deny","NotPrincipal":"*","Action":"*"}]}"#,
            PolicyKind::Trust,
        )
        .unwrap();
        let pr = p.statements()[0].principal.as_ref().unwrap();
        assert_eq!(pr.items.len(), 3);
        assert!(p.statements()[1].principal.as_ref().unwrap().negated);
        for s in p.statements() {
            assert_eq!(s.path(), p.path_of(s.loc));
        }
        assert_eq!(
            p.path_of(pr.items[1].value.loc),
            "$.Statement[0].Principal.AWS[1]"
        );
        assert!(!p.variables_enabled());
    }

    #[test]
    fn action_patterns_and_their_errors() {
        let ok = |t: &str| ActionPattern::parse(t).unwrap();
        let a = ok("S3:GetObject");
        assert_eq!(a.service(), Some("s3"));
        assert!(a.matches("s3", "getobject") && !a.has_wildcards());
        let a = ok("sqs:Send*");
        assert_eq!(a.service(), Some("sqs"));
        assert!(a.matches("sqs", "sendmessage") && a.has_wildcards());
        assert_eq!(ok("a-b.c_D:b:c").service(), Some("a-b.c_d"));
        assert!(ok("a:b:c").matches("a", "b:c"));
        assert!(ok("*").matches("any", "thing") && ok("*").service().is_none());
        let err = |t: &str| ActionPattern::parse(t).unwrap_err();
        assert_eq!(
            err("s3GetObject"),
            "invalid action \"s3GetObject\": expected \"*\" or service:Action, such as s3:GetObject"
        );
        assert_eq!(
            err(":x"),
            "invalid action \":x\": the service prefix \"\" is not a service prefix"
        );
        assert_eq!(
            err("s 3:"),
            "invalid action \"s 3:\": the service prefix \"s 3\" is not a service prefix"
        );
        assert_eq!(
            err("é:x"),
            "invalid action \"é:x\": the service prefix \"é\" is not a service prefix"
        );
        assert_eq!(
            err("s3:"),
            "invalid action \"s3:\": the action name is empty"
        );
    }

    /// A text kept inline and one too long for that read, show and compare as the string.
    #[test]
    fn action_texts_are_their_strings() {
        let long = "route53-recovery-control-config:ListAssociatedRoute53HealthChecks";
        for text in ["s3:GetObject", "*", &long[..ACTION_INLINE], long, "Ab:é*"] {
            let a = ActionPattern::parse(text).unwrap();
            assert_eq!(a.text.as_str(), text);
            assert_eq!(&*a.text, text);
            assert_eq!(a.text, text);
            assert_eq!(
                format!("{:?} {}", a.text, a.text),
                format!("{text:?} {text}")
            );
            assert_eq!(a, ActionPattern::parse(text).unwrap());
        }
        let a = ActionPattern::parse(long).unwrap();
        assert_eq!(a.service(), Some("route53-recovery-control-config"));
        assert!(a.matches(
            "route53-recovery-control-config",
            "listassociatedroute53healthchecks"
        ));
        assert_ne!(a, ActionPattern::parse(&long[..ACTION_INLINE]).unwrap());
    }

    #[test]
    fn prefix_classes_are_the_byte_tests() {
        for b in 0..=255u8 {
            let class = PREFIX_CLASSES[usize::from(b)];
            let valid = b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_';
            assert_eq!(class & PREFIX_BYTE != 0, valid, "{b:#x}");
            assert_eq!(class & CAPITAL != 0, b.is_ascii_uppercase(), "{b:#x}");
        }
    }

    #[test]
    fn principal_values_in_order_and_their_errors() {
        let p = parse(
            r#"{"Statement":{"Effect":"Allow","Principal":{"Service":["a.amazonaws.com","b.amazonaws.com"],"AWS":"1","Federated":"f"},"Action":"*","Resource":"*"}}"#,
            PolicyKind::Resource,
        )
        .unwrap();
        let items = &p.statements()[0].principal.as_ref().unwrap().items;
        let got: Vec<(PrincipalType, &str)> = items
            .iter()
            .map(|i| (i.kind, i.value.value.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (PrincipalType::Service, "a.amazonaws.com"),
                (PrincipalType::Service, "b.amazonaws.com"),
                (PrincipalType::Aws, "1"),
                (PrincipalType::Federated, "f"),
            ]
        );
        let errors = parse(
            r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":["1",2,null],"Service":[],"AWS":"3","Federated":{}},"Action":"*","Resource":"*"}}"#,
            PolicyKind::Resource,
        )
        .unwrap_err();
        let lines: Vec<String> = errors.errors().iter().map(|e| e.to_string()).collect();
        assert_eq!(
            lines,
            [
                "1:56: $.Statement.Principal.AWS[1]: AWS must be a string, not a number",
                "1:58: $.Statement.Principal.AWS[2]: AWS must be a string, not null",
                "1:74: $.Statement.Principal.Service: Service is an empty array",
                "1:77: $.Statement.Principal.AWS: AWS is given more than once",
                "1:99: $.Statement.Principal.Federated: Federated must be a string or an array of strings, not an object",
            ]
        );
    }

    #[test]
    fn collects_every_error() {
        let text = "{\n  \"Version\": \"2012-10-18\",\n  \"Statement\": [\n    {\"Effect\": \"allow\", \"Action\": \"s3GetObject\", \"Resource\": 5},\n    {\"Effect\": \"Deny\", \"Action\": \"*\", \"NotAction\": \"x:y\", \"Principal\": \"*\", \"Resorce\": \"*\"}\n  ]\n}";
        let errors = parse(text, PolicyKind::Identity).unwrap_err();
        let lines: Vec<String> = errors.errors().iter().map(|e| e.to_string()).collect();
        assert_eq!(
            lines,
            vec![
                "2:14: $.Version: invalid Version \"2012-10-18\": expected \"2012-10-17\" or \"2008-10-17\"",
                "4:16: $.Statement[0].Effect: invalid Effect \"allow\": expected \"Allow\" or \"Deny\"",
                "4:35: $.Statement[0].Action: invalid action \"s3GetObject\": expected \"*\" or service:Action, such as s3:GetObject",
                "4:62: $.Statement[0].Resource: Resource must be a string or an array of strings, not a number",
                "5:39: $.Statement[1].NotAction: a statement has Action or NotAction, not both",
                "5:59: $.Statement[1].Principal: an identity-based policy cannot have Principal",
                "5:77: $.Statement[1].Resorce: unknown element \"Resorce\"",
            ]
        );
        assert_eq!(
            errors.errors()[0].help.as_deref(),
            Some("use \"2012-10-17\", the current version of the policy language")
        );
    }

    /// A statement with an error is left out, and the ones after it keep their index.
    #[test]
    fn broken_statements_are_left_out() {
        let text = r#"{"Statement":[{"Sid":"a","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}},{"Sid":"b","Effect":"Allow","Action":["s3:x","bad"],"Resource":"*","Condition":{"StringEquals":{"k":"v"}}},{"Sid":"c","Effect":"Deny","Action":"*","NotResource":["x","y"],"Condition":{"StringEquals":{"k":[]}}},{"Sid":"d","Effect":"Deny","Action":["a:b","c:d"],"Resource":"*"}]}"#;
        let (p, errors) = Policy::parse_lenient(text, PolicyKind::Identity, Origin::inline("$"));
        let p = p.unwrap();
        assert_eq!(errors.len(), 2);
        assert_eq!(p.broken_statements(), 2);
        let kept: Vec<(usize, String)> = p
            .statements()
            .iter()
            .map(|s| (s.index, s.label()))
            .collect();
        assert_eq!(kept, [(0, "a".to_owned()), (3, "d".to_owned())]);
        let d = &p.statements()[1];
        assert_eq!(d.action.items.len(), 2);
        assert!(d.matches_action("c", "d") && d.conditions.is_empty());
        assert_eq!(p.statements()[0].conditions[0].values[0].value, "true");
    }

    #[test]
    fn syntax_error_is_positioned() {
        let e = parse("{\n \"Statement\": [,]}", PolicyKind::Identity).unwrap_err();
        assert_eq!(
            e.first().to_string(),
            "2:16: $: unexpected character `,`, expected a value"
        );
    }
}
