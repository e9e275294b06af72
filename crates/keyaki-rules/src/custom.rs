//! Custom rules: rules written in YAML, with a JMESPath condition over each resource's JSON.
//!
//! A file holds one rule (a mapping) or a list of rules. A rule has the metadata of a
//! built-in rule (id, title, description, rationale, severity, resource type, remediation,
//! an AWS CLI command, references, framework requirements), the resource type it selects
//! (as AWS Config names it, `AWS::EC2::SecurityGroup`), a `condition` that must hold for the
//! resource to pass, and optionally `applies_if` (the resource is not applicable when it does
//! not hold) and `evidence` (named expressions whose values are reported with the result).
//!
//! Expressions are [JMESPath](https://jmespath.org/specification.html), the language of the
//! AWS CLI's `--query`, evaluated on the resource's JSON as the AWS CLI printed it. They are
//! compiled when the file is read, and function names are checked then, so a typo is an error
//! with its file, line and column rather than a result of every run.
//!
//! Every problem of every file is reported, each with the file, line, column, the field
//! (`$[1].severity`) and what was expected; unknown fields are rejected with a
//! "did you mean".

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use jmespath::ast::Ast;
use jmespath::{DEFAULT_RUNTIME, Expression, Variable};
use keyaki_core::Severity;
use keyaki_snapshot::{InventoryItem, RESOURCE_TYPES, Snapshot};
use serde_json::{Map, Value, json};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::rule::{Evaluation, Status};
use crate::{Catalog, Framework};

/// The fields a rule may have, in the order the docs list them.
const FIELDS: &[&str] = &[
    "id",
    "title",
    "description",
    "rationale",
    "severity",
    "resource_type",
    "remediation",
    "cli",
    "references",
    "compliance",
    "applies_if",
    "condition",
    "evidence",
];

/// Files larger than this are refused: rules are small, and a huge file is a mistake.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A JMESPath expression with its source text.
#[derive(Clone)]
struct Expr {
    text: String,
    compiled: Expression<'static>,
}

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// One custom rule, read from a YAML file.
#[derive(Debug, Clone)]
pub struct CustomRule {
    /// Stable id (`acme.sg-no-telnet`).
    pub id: String,
    /// One line: what must hold.
    pub title: String,
    /// What the rule checks.
    pub description: String,
    /// Why it matters.
    pub rationale: String,
    /// How much a failure matters.
    pub severity: Severity,
    /// The resource type evaluated, as AWS Config names it (`AWS::EC2::SecurityGroup`).
    pub resource_type: String,
    /// How to fix a failure.
    pub remediation: String,
    /// An AWS CLI command that fixes a failure, with `{resource}`, `{id}`, `{name}`,
    /// `{account}` and `{region}` placeholders.
    pub cli: Option<String>,
    /// Documentation pages.
    pub references: Vec<String>,
    /// The framework requirements the rule bears on.
    pub compliance: Vec<(Framework, String)>,
    /// The file the rule was read from.
    pub file: PathBuf,
    /// The line of the rule in that file.
    pub line: usize,
    /// Where in the file: `$` for a one-rule file, `$[2]` in a list.
    at: String,
    column: usize,
    applies_if: Option<Expr>,
    condition: Expr,
    evidence: Vec<(String, Expr)>,
}

/// One problem in a rules file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleFileError {
    /// The file.
    pub path: PathBuf,
    /// Line, from 1 (0 when the problem is the file itself).
    pub line: usize,
    /// Column, from 1 (0 when the problem is the file itself).
    pub column: usize,
    /// The field, as a path into the file (`$[1].severity`).
    pub field: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for RuleFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.field,
            self.message
        )
    }
}

/// Every problem found in a set of rules files (never empty).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[error("{} in the custom rules:\n{}", count(self.0.len()), self.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
#[diagnostic(help("the format of custom rules is in docs/custom-rules.md"))]
pub struct RuleFileErrors(pub Vec<RuleFileError>);

fn count(n: usize) -> String {
    if n == 1 {
        "1 problem".to_owned()
    } else {
        format!("{n} problems")
    }
}

/// A set of custom rules.
#[derive(Debug, Clone, Default)]
pub struct CustomRules {
    rules: Vec<CustomRule>,
}

impl CustomRules {
    /// Reads every `*.yaml` and `*.yml` file of `dir` (not its subfolders), in name order.
    /// Every problem of every file is returned, each with its file, line and field.
    pub fn load(dir: &Path) -> Result<Self, RuleFileErrors> {
        let file_error = |path: &Path, message: String| RuleFileError {
            path: path.to_owned(),
            line: 0,
            column: 0,
            field: "$".to_owned(),
            message,
        };
        let entries = std::fs::read_dir(dir)
            .map_err(|e| RuleFileErrors(vec![file_error(dir, format!("cannot read: {e}"))]))?;
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => {
                    let path = entry.path();
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if !name.starts_with('.')
                        && (name.ends_with(".yaml") || name.ends_with(".yml"))
                        && path.is_file()
                    {
                        files.push(path);
                    }
                }
                Err(e) => errors.push(file_error(dir, format!("cannot read: {e}"))),
            }
        }
        files.sort();
        if files.is_empty() && errors.is_empty() {
            errors.push(file_error(
                dir,
                "no *.yaml or *.yml file: expected rule files (docs/custom-rules.md)".to_owned(),
            ));
        }
        let mut rules = Vec::new();
        for path in &files {
            let text = match std::fs::metadata(path) {
                Ok(m) if m.len() > MAX_FILE_BYTES => {
                    errors.push(file_error(
                        path,
                        format!(
                            "the file has {} bytes; rule files are limited to {MAX_FILE_BYTES}",
                            m.len()
                        ),
                    ));
                    continue;
                }
                _ => match std::fs::read_to_string(path) {
                    Ok(text) => text,
                    Err(e) => {
                        errors.push(file_error(path, format!("cannot read: {e}")));
                        continue;
                    }
                },
            };
            match parse_rules(&text, path) {
                Ok(r) => rules.extend(r),
                Err(e) => errors.extend(e.0),
            }
        }
        let set = Self { rules };
        errors.extend(set.duplicates());
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(RuleFileErrors(errors))
        }
    }

    /// Parses the rules of one file's text; `path` names the file in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, RuleFileErrors> {
        let set = Self {
            rules: parse_rules(text, path)?,
        };
        let errors = set.duplicates();
        if errors.is_empty() {
            Ok(set)
        } else {
            Err(RuleFileErrors(errors))
        }
    }

    /// The rules, in file order.
    pub fn rules(&self) -> &[CustomRule] {
        &self.rules
    }

    /// Whether there is no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Ids used twice, or used by a built-in rule.
    fn duplicates(&self) -> Vec<RuleFileError> {
        let catalog = Catalog::builtin();
        let mut seen: HashMap<&str, &CustomRule> = HashMap::new();
        let mut errors = Vec::new();
        for rule in &self.rules {
            let error = |message: String| RuleFileError {
                path: rule.file.clone(),
                line: rule.line,
                column: rule.column,
                field: format!("{}.id", rule.at),
                message,
            };
            if catalog.rule(&rule.id).is_ok() {
                errors.push(error(format!(
                    "id {:?} is the id of a built-in rule; choose another (a prefix such as `acme.` keeps them apart)",
                    rule.id
                )));
            } else if let Some(first) = seen.get(rule.id.as_str()) {
                errors.push(error(format!(
                    "id {:?} is also the id of the rule at {}:{}",
                    rule.id,
                    first.file.display(),
                    first.line
                )));
            } else {
                seen.insert(&rule.id, rule);
            }
        }
        errors
    }
}

impl CustomRule {
    /// Evaluates the rule on every resource of its type; `documents` gives each resource's
    /// JSON (see [`documents`]).
    pub(crate) fn evaluate(&self, snapshot: &Snapshot, documents: &Documents) -> Vec<Evaluation> {
        snapshot
            .inventory()
            .iter()
            .filter(|item| item.resource_type == self.resource_type)
            .map(|item| self.evaluate_one(item, &documents.document(item)))
            .collect()
    }

    fn evaluate_one(&self, item: &InventoryItem, document: &Value) -> Evaluation {
        let resource = item.arn.clone().unwrap_or_else(|| item.id.clone());
        let mut evidence = Map::new();
        evidence.insert("resource_type".into(), json!(item.resource_type));
        evidence.insert("id".into(), json!(item.id));
        evidence.insert(
            "source".into(),
            json!(format!(
                "{}:{}",
                item.origin.file.display(),
                item.origin.line
            )),
        );
        evidence.insert("json_path".into(), json!(&*item.origin.json_path));
        evidence.insert(
            "rule_source".into(),
            json!(format!("{}:{}", self.file.display(), self.line)),
        );
        let status = match self.decide(document, &mut evidence) {
            Ok(status) => status,
            Err(message) => {
                evidence.insert("error".into(), json!(message));
                Status::Unknown
            }
        };
        for (name, expr) in &self.evidence {
            let value = search(expr, document).unwrap_or_else(|e| json!({ "error": e }));
            evidence.insert(name.clone(), value);
        }
        let mut vars = vec![
            ("resource", resource.clone()),
            ("id", item.id.clone()),
            ("name", item.name.clone().unwrap_or_else(|| item.id.clone())),
        ];
        if let Some(a) = &item.account {
            vars.push(("account", a.as_str().to_owned()));
        }
        if let Some(r) = &item.region {
            vars.push(("region", r.as_str().to_owned()));
        }
        Evaluation {
            resource,
            account: item.account.clone(),
            region: item.region.clone(),
            status,
            evidence: Value::Object(evidence),
            vars,
        }
    }

    /// `applies_if`, then `condition`: the status, with both expressions and their values
    /// in the evidence.
    fn decide(
        &self,
        document: &Value,
        evidence: &mut Map<String, Value>,
    ) -> Result<Status, String> {
        if let Some(applies) = &self.applies_if {
            let value = search(applies, document)?;
            evidence.insert(
                "applies_if".into(),
                json!({ "expression": applies.text, "value": value }),
            );
            match value {
                Value::Bool(true) => {}
                Value::Bool(false) | Value::Null => return Ok(Status::NotApplicable),
                other => {
                    return Err(format!(
                        "applies_if gave {}, not true, false or null",
                        kind(&other)
                    ));
                }
            }
        }
        let value = search(&self.condition, document)?;
        evidence.insert(
            "condition".into(),
            json!({ "expression": self.condition.text, "value": value }),
        );
        match value {
            Value::Bool(true) => Ok(Status::Pass),
            Value::Bool(false) => Ok(Status::Fail),
            Value::Null => Err(
                "the condition gave null: a field it reads is missing from the resource's JSON"
                    .to_owned(),
            ),
            other => Err(format!(
                "the condition gave {}, not true or false (compare it, or use length(), to get a boolean)",
                kind(&other)
            )),
        }
    }

    /// The CLI command with its placeholders filled.
    pub(crate) fn cli_for(&self, vars: &[(&'static str, String)]) -> Option<String> {
        let mut text = self.cli.clone()?;
        for (name, value) in vars {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        Some(text)
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn search(expr: &Expr, document: &Value) -> Result<Value, String> {
    let data = Variable::try_from(document.clone()).map_err(|e| e.to_string())?;
    let result = expr
        .compiled
        .search(data)
        .map_err(|e| format!("{}: {}", expr.text, e.reason))?;
    serde_json::to_value(&*result).map_err(|e| e.to_string())
}

/// The JSON of each resource, by where it was read.
pub(crate) struct Documents<'a> {
    by_origin: HashMap<(&'a Path, &'a str), Value>,
}

impl Documents<'_> {
    /// The resource's JSON as AWS returned it, or, for the resource types whose JSON keyaki
    /// does not gather per resource yet, the inventory's attributes.
    fn document(&self, item: &InventoryItem) -> Value {
        if let Some(v) = self
            .by_origin
            .get(&(&*item.origin.file, &*item.origin.json_path))
        {
            return v.clone();
        }
        let mut map = Map::new();
        for (k, v) in &item.attributes {
            map.insert((*k).to_owned(), v.clone());
        }
        Value::Object(map)
    }
}

/// Gathers the JSON of every resource of `snapshot`.
pub(crate) fn documents(snapshot: &Snapshot) -> Documents<'_> {
    Documents {
        by_origin: crate::diff::documents(snapshot),
    }
}

// ---------------------------------------------------------------------------------------
// YAML with positions.

/// A YAML node with the place it starts.
#[derive(Debug, Clone)]
enum Node {
    Scalar {
        value: String,
        plain: bool,
        mark: Mark,
    },
    Seq {
        items: Vec<Node>,
        mark: Mark,
    },
    Map {
        entries: Vec<(String, Mark, Node)>,
        mark: Mark,
    },
    Alias {
        mark: Mark,
    },
}

#[derive(Debug, Clone, Copy, Default)]
struct Mark {
    line: usize,
    column: usize,
}

impl From<Marker> for Mark {
    fn from(m: Marker) -> Self {
        Mark {
            line: m.line(),
            column: m.col() + 1,
        }
    }
}

impl Node {
    fn mark(&self) -> Mark {
        match self {
            Node::Scalar { mark, .. }
            | Node::Seq { mark, .. }
            | Node::Map { mark, .. }
            | Node::Alias { mark } => *mark,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self, Node::Scalar { value, plain: true, .. } if value.is_empty() || value == "~" || value == "null" || value == "Null" || value == "NULL")
    }

    fn describe(&self) -> &'static str {
        match self {
            Node::Scalar { .. } if self.is_null() => "null",
            Node::Scalar { .. } => "a scalar",
            Node::Seq { .. } => "a list",
            Node::Map { .. } => "a mapping",
            Node::Alias { .. } => "an alias",
        }
    }
}

/// Builds [`Node`]s from the parser's events.
#[derive(Default)]
struct Builder {
    docs: Vec<Node>,
    stack: Vec<Partial>,
}

enum Partial {
    Seq(Vec<Node>, Mark),
    /// Entries, the key waiting for its value, and the mapping's start.
    Map(Vec<(String, Mark, Node)>, Option<(Node, Mark)>, Mark),
}

impl Builder {
    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.docs.push(node),
            Some(Partial::Seq(items, _)) => items.push(node),
            Some(Partial::Map(entries, key, _)) => match key.take() {
                None => {
                    let mark = node.mark();
                    *key = Some((node, mark));
                }
                Some((k, kmark)) => {
                    let name = match k {
                        Node::Scalar { value, .. } => value,
                        other => format!("<{}>", other.describe()),
                    };
                    entries.push((name, kmark, node));
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, marker: Marker) {
        let mark = Mark::from(marker);
        match ev {
            Event::Scalar(value, style, _, _) => self.push(Node::Scalar {
                value,
                plain: style == TScalarStyle::Plain,
                mark,
            }),
            Event::SequenceStart(..) => self.stack.push(Partial::Seq(Vec::new(), mark)),
            Event::MappingStart(..) => self.stack.push(Partial::Map(Vec::new(), None, mark)),
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Partial::Seq(items, mark)) => Node::Seq { items, mark },
                    Some(Partial::Map(entries, _, mark)) => Node::Map { entries, mark },
                    None => return,
                };
                self.push(node);
            }
            Event::Alias(_) => self.push(Node::Alias { mark }),
            _ => {}
        }
    }
}

fn parse_rules(text: &str, path: &Path) -> Result<Vec<CustomRule>, RuleFileErrors> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut builder, true) {
        let m = e.marker();
        return Err(RuleFileErrors(vec![RuleFileError {
            path: path.to_owned(),
            line: m.line(),
            column: m.col() + 1,
            field: "$".to_owned(),
            message: format!("not valid YAML: {}", e.info()),
        }]));
    }
    let mut cx = Reader {
        path,
        errors: Vec::new(),
    };
    let mut rules = Vec::new();
    let docs = std::mem::take(&mut builder.docs);
    if docs.is_empty() {
        cx.error(
            Mark { line: 1, column: 1 },
            "$",
            "the file is empty: expected a rule (a mapping) or a list of rules".to_owned(),
        );
    }
    let many = docs.len() > 1;
    for (d, doc) in docs.iter().enumerate() {
        let base = if many {
            format!("$doc{}", d + 1)
        } else {
            "$".to_owned()
        };
        match doc {
            Node::Map { .. } => rules.extend(cx.rule(doc, &base)),
            Node::Seq { items, .. } => {
                for (i, item) in items.iter().enumerate() {
                    rules.extend(cx.rule(item, &format!("{base}[{i}]")));
                }
            }
            other => cx.error(
                other.mark(),
                &base,
                format!(
                    "expected a rule (a mapping) or a list of rules, found {}",
                    other.describe()
                ),
            ),
        }
    }
    if cx.errors.is_empty() {
        Ok(rules)
    } else {
        cx.errors.sort_by_key(|e| (e.line, e.column));
        Err(RuleFileErrors(cx.errors))
    }
}

/// Reads rules out of nodes, collecting every error.
struct Reader<'p> {
    path: &'p Path,
    errors: Vec<RuleFileError>,
}

impl Reader<'_> {
    fn error(&mut self, mark: Mark, field: &str, message: String) {
        self.errors.push(RuleFileError {
            path: self.path.to_owned(),
            line: mark.line,
            column: mark.column,
            field: field.to_owned(),
            message,
        });
    }

    fn rule(&mut self, node: &Node, at: &str) -> Option<CustomRule> {
        let Node::Map {
            entries,
            mark: start,
        } = node
        else {
            self.error(
                node.mark(),
                at,
                format!("expected a rule (a mapping), found {}", node.describe()),
            );
            return None;
        };
        // The parser marks a block mapping after its first key; the first key's own mark is
        // where the rule starts.
        let mark = &entries.first().map_or(*start, |(_, m, _)| *m);
        let before = self.errors.len();
        let mut fields: BTreeMap<&str, &Node> = BTreeMap::new();
        for (key, kmark, value) in entries {
            let field = format!("{at}.{key}");
            match FIELDS.iter().find(|f| **f == key) {
                Some(f) => {
                    if fields.insert(f, value).is_some() {
                        self.error(*kmark, &field, "the field is given twice".to_owned());
                    }
                }
                None => {
                    let hint = closest(key, FIELDS.iter().copied())
                        .map(|c| format!(" (did you mean {c:?}?)"))
                        .unwrap_or_default();
                    self.error(
                        *kmark,
                        &field,
                        format!("unknown field{hint}; expected one of {}", FIELDS.join(", ")),
                    );
                }
            }
        }
        let get = |name: &str| fields.get(name).copied().filter(|n| !n.is_null());
        let id = self.string(get("id"), *mark, &format!("{at}.id"), true);
        if let Some(id) = &id
            && (id.is_empty() || id.chars().any(char::is_whitespace))
            && let Some(n) = get("id")
        {
            self.error(
                n.mark(),
                &format!("{at}.id"),
                format!("expected an id without spaces (such as acme.sg-no-telnet), found {id:?}"),
            );
        }
        let title = self.string(get("title"), *mark, &format!("{at}.title"), true);
        let description = self.string(
            get("description"),
            *mark,
            &format!("{at}.description"),
            false,
        );
        let rationale = self.string(get("rationale"), *mark, &format!("{at}.rationale"), false);
        let remediation = self.string(
            get("remediation"),
            *mark,
            &format!("{at}.remediation"),
            false,
        );
        let cli = self.string(get("cli"), *mark, &format!("{at}.cli"), false);
        let severity = self
            .string(get("severity"), *mark, &format!("{at}.severity"), true)
            .and_then(|s| match Severity::from_str(&s) {
                Ok(sev) => Some(sev),
                Err(_) => {
                    if let Some(n) = get("severity") {
                        self.error(
                            n.mark(),
                            &format!("{at}.severity"),
                            format!(
                                "unknown severity {s:?}; expected one of informational, low, medium, high, critical"
                            ),
                        );
                    }
                    None
                }
            });
        let resource_type = self
            .string(get("resource_type"), *mark, &format!("{at}.resource_type"), true)
            .and_then(|t| {
                if RESOURCE_TYPES.contains(&t.as_str()) {
                    return Some(t);
                }
                let hint = closest(&t, RESOURCE_TYPES.iter().copied())
                    .map(|c| format!(" (did you mean {c:?}?)"))
                    .unwrap_or_default();
                if let Some(n) = get("resource_type") {
                    self.error(
                        n.mark(),
                        &format!("{at}.resource_type"),
                        format!(
                            "unknown resource type {t:?}{hint}; expected an AWS Config type keyaki lists (`keyaki inventory SNAP --format json` shows them; docs/custom-rules.md lists all)"
                        ),
                    );
                }
                None
            });
        let references = self.strings(get("references"), &format!("{at}.references"));
        let compliance = self.compliance(get("compliance"), &format!("{at}.compliance"));
        let applies_if = get("applies_if").and_then(|n| self.expr(n, &format!("{at}.applies_if")));
        let condition = match get("condition") {
            Some(n) => self.expr(n, &format!("{at}.condition")),
            None => {
                self.error(
                    *mark,
                    &format!("{at}.condition"),
                    "missing field: expected a JMESPath expression that is true when the resource passes".to_owned(),
                );
                None
            }
        };
        let mut evidence = Vec::new();
        if let Some(n) = get("evidence") {
            match n {
                Node::Map { entries, .. } => {
                    for (name, _, value) in entries {
                        if let Some(e) = self.expr(value, &format!("{at}.evidence.{name}")) {
                            evidence.push((name.clone(), e));
                        }
                    }
                }
                other => self.error(
                    other.mark(),
                    &format!("{at}.evidence"),
                    format!(
                        "expected a mapping of names to JMESPath expressions, found {}",
                        other.describe()
                    ),
                ),
            }
        }
        if self.errors.len() > before {
            return None;
        }
        Some(CustomRule {
            id: id?,
            title: title?,
            description: description.unwrap_or_default(),
            rationale: rationale.unwrap_or_default(),
            severity: severity?,
            resource_type: resource_type?,
            remediation: remediation.unwrap_or_default(),
            cli,
            references,
            compliance,
            file: self.path.to_owned(),
            line: mark.line,
            at: at.to_owned(),
            column: mark.column,
            applies_if,
            condition: condition?,
            evidence,
        })
    }

    /// A scalar field; an error when it is required and missing, or not a scalar.
    fn string(
        &mut self,
        node: Option<&Node>,
        rule: Mark,
        field: &str,
        required: bool,
    ) -> Option<String> {
        match node {
            None => {
                if required {
                    self.error(rule, field, "missing field: expected a string".to_owned());
                }
                None
            }
            Some(Node::Scalar { value, .. }) => Some(value.clone()),
            Some(other) => {
                self.error(
                    other.mark(),
                    field,
                    format!("expected a string, found {}", other.describe()),
                );
                None
            }
        }
    }

    fn strings(&mut self, node: Option<&Node>, field: &str) -> Vec<String> {
        match node {
            None => Vec::new(),
            Some(Node::Seq { items, .. }) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    if let Some(s) =
                        self.string(Some(item), item.mark(), &format!("{field}[{i}]"), true)
                    {
                        out.push(s);
                    }
                }
                out
            }
            Some(other) => {
                self.error(
                    other.mark(),
                    field,
                    format!("expected a list of strings, found {}", other.describe()),
                );
                Vec::new()
            }
        }
    }

    fn compliance(&mut self, node: Option<&Node>, field: &str) -> Vec<(Framework, String)> {
        let items = match node {
            None => return Vec::new(),
            Some(Node::Seq { items, .. }) => items,
            Some(other) => {
                self.error(
                    other.mark(),
                    field,
                    format!(
                        "expected a list of {{framework, requirement}} mappings, found {}",
                        other.describe()
                    ),
                );
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = format!("{field}[{i}]");
            let Node::Map { entries, mark } = item else {
                self.error(
                    item.mark(),
                    &at,
                    format!(
                        "expected a mapping with framework and requirement, found {}",
                        item.describe()
                    ),
                );
                continue;
            };
            let mut framework = None;
            let mut requirement = None;
            for (key, kmark, value) in entries {
                match key.as_str() {
                    "framework" => framework = Some(value),
                    "requirement" => requirement = Some(value),
                    _ => self.error(
                        *kmark,
                        &format!("{at}.{key}"),
                        "unknown field; expected framework or requirement".to_owned(),
                    ),
                }
            }
            let f = self.string(framework, *mark, &format!("{at}.framework"), true);
            let r = self.string(requirement, *mark, &format!("{at}.requirement"), true);
            let (Some(f), Some(r)) = (f, r) else { continue };
            let fmark = framework.map_or(*mark, |n| n.mark());
            let Ok(fw) = Framework::from_str(&f) else {
                self.error(
                    fmark,
                    &format!("{at}.framework"),
                    format!("unknown framework {f:?}; expected one of cis-3.0, cis-5.0, fsbp, nist-800-53-r5"),
                );
                continue;
            };
            let known = fw.requirements();
            if !known.iter().any(|q| q.id == r) {
                let hint = closest(&r, known.iter().map(|q| q.id))
                    .map(|c| format!(" (did you mean {c:?}?)"))
                    .unwrap_or_default();
                self.error(
                    requirement.map_or(*mark, |n| n.mark()),
                    &format!("{at}.requirement"),
                    format!("{fw} has no requirement {r:?}{hint}"),
                );
                continue;
            }
            out.push((fw, r));
        }
        out
    }

    /// Compiles a JMESPath expression and checks its function names.
    fn expr(&mut self, node: &Node, field: &str) -> Option<Expr> {
        let (text, mark, plain) = match node {
            Node::Scalar { value, mark, plain } => (value, *mark, *plain),
            other => {
                self.error(
                    other.mark(),
                    field,
                    format!(
                        "expected a JMESPath expression (a string), found {}",
                        other.describe()
                    ),
                );
                return None;
            }
        };
        // The place of a character of the expression: exact for single-line plain
        // scalars, the start of the value otherwise.
        let at = |offset: usize| {
            if plain && !text.contains('\n') {
                Mark {
                    line: mark.line,
                    column: mark.column + text[..offset.min(text.len())].chars().count(),
                }
            } else {
                mark
            }
        };
        match jmespath::compile(text) {
            Ok(compiled) => {
                let mut unknown = Vec::new();
                unknown_functions(compiled.as_ast(), &mut unknown);
                if unknown.is_empty() {
                    return Some(Expr {
                        text: text.clone(),
                        compiled,
                    });
                }
                for (name, offset) in unknown {
                    // The parser records the offset of the `(`; point at the name.
                    let offset = if text
                        .get(..offset)
                        .is_some_and(|t| t.ends_with(name.as_str()))
                    {
                        offset - name.len()
                    } else {
                        offset
                    };
                    let hint = closest(&name, FUNCTIONS.iter().copied())
                        .map(|c| format!(" (did you mean {c}()?)"))
                        .unwrap_or_default();
                    self.error(
                        at(offset),
                        field,
                        format!("unknown JMESPath function {name}(){hint} in {text:?}"),
                    );
                }
                None
            }
            Err(e) => {
                self.error(
                    at(e.offset),
                    field,
                    format!(
                        "not a valid JMESPath expression: {} at character {} of {text:?}",
                        e.reason,
                        e.offset + 1
                    ),
                );
                None
            }
        }
    }
}

/// The functions of the JMESPath specification.
const FUNCTIONS: &[&str] = &[
    "abs",
    "avg",
    "ceil",
    "contains",
    "ends_with",
    "floor",
    "join",
    "keys",
    "length",
    "map",
    "max",
    "max_by",
    "merge",
    "min",
    "min_by",
    "not_null",
    "reverse",
    "sort",
    "sort_by",
    "starts_with",
    "sum",
    "to_array",
    "to_number",
    "to_string",
    "type",
    "values",
];

fn unknown_functions(ast: &Ast, out: &mut Vec<(String, usize)>) {
    let mut walk = |a: &Ast| unknown_functions(a, out);
    match ast {
        Ast::Function { name, args, offset } => {
            if DEFAULT_RUNTIME.get_function(name).is_none() {
                out.push((name.clone(), *offset));
            }
            for a in args {
                unknown_functions(a, out);
            }
        }
        Ast::Comparison { lhs, rhs, .. }
        | Ast::And { lhs, rhs, .. }
        | Ast::Or { lhs, rhs, .. }
        | Ast::Subexpr { lhs, rhs, .. }
        | Ast::Projection { lhs, rhs, .. } => {
            walk(lhs);
            walk(rhs);
        }
        Ast::Condition {
            predicate, then, ..
        } => {
            walk(predicate);
            walk(then);
        }
        Ast::Expref { ast, .. }
        | Ast::Not { node: ast, .. }
        | Ast::Flatten { node: ast, .. }
        | Ast::ObjectValues { node: ast, .. } => walk(ast),
        Ast::MultiList { elements, .. } => elements.iter().for_each(walk),
        Ast::MultiHash { elements, .. } => elements.iter().for_each(|kv| walk(&kv.value)),
        Ast::Identity { .. }
        | Ast::Field { .. }
        | Ast::Index { .. }
        | Ast::Literal { .. }
        | Ast::Slice { .. } => {}
    }
}

/// The candidate nearest to `input` (case-insensitive edit distance), when it is close.
fn closest<'c>(input: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let lower = input.to_ascii_lowercase();
    candidates
        .map(|c| (distance(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn parse(text: &str) -> Result<CustomRules, RuleFileErrors> {
        CustomRules::parse(text, Path::new("rules/test.yaml"))
    }

    const GOOD: &str = "\
id: acme.sg-no-telnet
title: Security groups do not allow telnet
severity: high
resource_type: AWS::EC2::SecurityGroup
applies_if: GroupName != 'default'
condition: \"!(IpPermissions[?FromPort <= `23` && ToPort >= `23`])\"
evidence:
  ingress: IpPermissions[].[IpProtocol, FromPort, ToPort]
compliance:
  - framework: cis-3.0
    requirement: '5.2'
";

    #[test]
    fn a_good_rule_parses() {
        let set = parse(GOOD).unwrap();
        let rule = &set.rules()[0];
        assert_eq!(rule.id, "acme.sg-no-telnet");
        assert_eq!(rule.severity, Severity::High);
        assert_eq!(rule.compliance, vec![(Framework::Cis30, "5.2".to_owned())]);
        assert_eq!(rule.line, 1);
    }

    #[test]
    fn errors_name_the_line_column_and_field() {
        let text = "\
- id: a.one
  title: One
  severity: hgih
  resource_type: AWS::EC2::SecurityGroups
  conditon: x
  condition: length(IpPermissions) == `0`
- id: a.two
  title: Two
  severity: low
  resource_type: AWS::S3::Bucket
  condition: Name ==
";
        let errors = parse(text).unwrap_err().0;
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 4, "{shown:#?}");
        assert_eq!((errors[0].line, errors[0].column), (3, 13));
        assert_eq!(errors[0].field, "$[0].severity");
        assert!(errors[0].message.contains("expected one of informational"));
        assert_eq!(
            (errors[1].line, errors[1].field.as_str()),
            (4, "$[0].resource_type")
        );
        assert!(
            errors[1]
                .message
                .contains("did you mean \"AWS::EC2::SecurityGroup\"")
        );
        assert_eq!((errors[2].line, errors[2].column), (5, 3));
        assert_eq!(errors[2].field, "$[0].conditon");
        assert!(
            errors[2].message.contains("did you mean \"condition\""),
            "{shown:?}"
        );
        assert_eq!((errors[3].line, errors[3].column), (11, 21));
        assert_eq!(errors[3].field, "$[1].condition");
        assert!(
            errors[3]
                .message
                .contains("not a valid JMESPath expression")
        );
    }

    #[test]
    fn unknown_functions_and_missing_fields_are_errors() {
        let text = "\
id: a.three
severity: low
resource_type: AWS::S3::Bucket
condition: lenght(Name) > `3`
";
        let errors = parse(text).unwrap_err().0;
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            shown.iter().any(|e| e.contains("$.title: missing field")),
            "{shown:#?}"
        );
        let f = errors.iter().find(|e| e.field == "$.condition").unwrap();
        assert!(
            f.message
                .contains("unknown JMESPath function lenght() (did you mean length()?)")
        );
        assert_eq!((f.line, f.column), (4, 12));
    }

    #[test]
    fn bad_yaml_and_builtin_ids_are_errors() {
        let e = parse("id: [unclosed\n").unwrap_err().0;
        assert_eq!(e[0].line, 2, "{e:?}");
        assert!(e[0].message.starts_with("not valid YAML"));
        let text = GOOD.replace("acme.sg-no-telnet", "ec2.imdsv2-required");
        let e = parse(&text).unwrap_err().0;
        assert!(e[0].message.contains("built-in rule"), "{e:?}");
    }

    #[test]
    fn pass_fail_not_applicable_and_unknown() {
        let set = parse(GOOD).unwrap();
        let rule = &set.rules()[0];
        let decide = |doc: Value| {
            let mut evidence = Map::new();
            rule.decide(&doc, &mut evidence)
        };
        let open = json!({"GroupName": "web", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 0, "ToPort": 100}]});
        let closed = json!({"GroupName": "web", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443}]});
        let default = json!({"GroupName": "default", "IpPermissions": []});
        assert_eq!(decide(open), Ok(Status::Fail));
        assert_eq!(decide(closed), Ok(Status::Pass));
        assert_eq!(decide(default), Ok(Status::NotApplicable));
        let text = GOOD.replace(
            "condition: \"!(IpPermissions[?FromPort <= `23` && ToPort >= `23`])\"",
            "condition: IpPermissions",
        );
        let set = parse(&text).unwrap();
        let mut evidence = Map::new();
        let r = set.rules()[0].decide(
            &json!({"GroupName": "x", "IpPermissions": []}),
            &mut evidence,
        );
        assert!(r.unwrap_err().contains("gave an array"));
    }
}
