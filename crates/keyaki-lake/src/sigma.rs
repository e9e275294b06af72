//! Sigma rules (the SigmaHQ format) for CloudTrail, translated into SQL over `cloudtrail_logs`.
//!
//! A rule whose `logsource` is `product: aws, service: cloudtrail` becomes a [`Detection`]: its
//! `detection` section (selections with field modifiers, keyword lists, the `condition`) turns
//! into a `WHERE` clause, and the rule's id, title, level and tags into the detection's
//! metadata. Sigma's CloudTrail field names (`eventName`, `userIdentity.type`,
//! `requestParameters.attribute`, ...) map onto the lake's columns: top-level fields onto
//! columns, `userIdentity.*` onto the `useridentity` struct, and the fields under
//! `requestParameters`, `responseElements`, `additionalEventData` and `serviceEventDetails`
//! onto `json_extract_scalar` of those JSON columns.
//!
//! A rule that uses a feature keyaki does not translate is not run: it is listed in
//! [`SigmaSet::unsupported`] with the reason.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use keyaki_core::Severity;
use serde::Serialize;
use yaml_rust2::{Yaml, YamlLoader};

use crate::detect::Detection;
use crate::error::{Error, Result};

/// Rules loaded from a folder: those that run, and those that use something keyaki does not
/// translate.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SigmaSet {
    /// The rules that translate, as detections (`origin` is the rule's file).
    pub rules: Vec<Detection>,
    /// The rules that do not, each with its file and the reason.
    pub unsupported: Vec<(PathBuf, String)>,
}

/// Loads every `.yml` and `.yaml` file under `dir` (recursively, sorted by path) as a Sigma rule.
///
/// A file that is not valid YAML, not a CloudTrail rule or uses an unsupported feature goes to
/// [`SigmaSet::unsupported`]; only an unreadable folder or file is an error.
pub fn load_sigma_rules(dir: &Path) -> Result<SigmaSet> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    files.sort();
    let mut set = SigmaSet::default();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| Error::io(&f, e))?;
        match sigma_to_detection(&text, &f.display().to_string()) {
            Ok(d) => set.rules.push(d),
            Err(reason) => set.unsupported.push((f, reason)),
        }
    }
    Ok(set)
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if !path.is_dir() {
        out.push(path.to_owned());
        return Ok(());
    }
    for e in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
        let p = e.map_err(|e| Error::io(path, e))?.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "yml" || x == "yaml") {
            out.push(p);
        }
    }
    Ok(())
}

type Why = String;

fn str_of(y: &Yaml) -> Option<&str> {
    y.as_str()
}

/// Translates the text of one Sigma rule into a detection, or says why it cannot.
pub fn sigma_to_detection(text: &str, origin: &str) -> std::result::Result<Detection, Why> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| format!("not valid YAML: {e}"))?;
    let doc = match docs.as_slice() {
        [d] => d,
        [] => return Err("empty file".into()),
        _ => return Err("multi-document rules (action: global) are not supported".into()),
    };
    if doc.as_hash().is_none() {
        return Err("not a Sigma rule: the document is not a mapping".into());
    }
    if let Some(t) = str_of(&doc["type"]).or(str_of(&doc["correlation"]["type"])) {
        return Err(format!("{t} correlation rules are not supported"));
    }
    let title = str_of(&doc["title"]).ok_or("missing `title`")?.to_owned();
    let id = str_of(&doc["id"]).ok_or("missing `id`")?.to_owned();
    let product = str_of(&doc["logsource"]["product"]).unwrap_or("");
    let service = str_of(&doc["logsource"]["service"]).unwrap_or("");
    if !product.eq_ignore_ascii_case("aws") || !service.eq_ignore_ascii_case("cloudtrail") {
        return Err(format!(
            "logsource product {product:?} service {service:?}: only product aws, service cloudtrail is supported"
        ));
    }
    let level = str_of(&doc["level"]).unwrap_or("medium");
    let severity: Severity = level
        .parse()
        .map_err(|_| format!("unknown level {level:?}"))?;
    let tags: Vec<String> = doc["tags"]
        .as_vec()
        .map(|v| v.iter().filter_map(str_of).map(str::to_owned).collect())
        .unwrap_or_default();
    let mitre = tags
        .iter()
        .filter_map(|t| t.strip_prefix("attack.t"))
        .map(|t| format!("T{}", t.to_ascii_uppercase()))
        .collect();
    let where_clause = detection_to_sql(&doc["detection"])?;
    let lit_list = |v: &[String]| {
        let items: Vec<String> = v.iter().map(|s| lit(s)).collect();
        format!("[{}]", items.join(", "))
    };
    let mut sql = String::new();
    let _ = write!(
        sql,
        "SELECT COALESCE(useridentity.arn, useridentity.principalid, sourceipaddress) AS actor, \
         recipientaccountid AS account, awsregion AS region, \
         min(eventtime) AS first_seen, max(eventtime) AS last_seen, count(*) AS events, \
         array_agg(eventname ORDER BY eventtime) AS event_names, \
         array_agg(eventid ORDER BY eventtime) AS event_ids, \
         array_agg(DISTINCT sourceipaddress) AS source_ips, \
         {} AS sigma_id, {} AS sigma_level, {} AS sigma_tags\n\
         FROM cloudtrail_logs\nWHERE {where_clause}\nGROUP BY 1, 2, 3",
        lit(&id),
        lit(level),
        if tags.is_empty() {
            "CAST(NULL AS VARCHAR)".to_owned()
        } else {
            lit_list(&tags)
        },
    );
    Ok(Detection {
        id,
        title,
        severity,
        mitre,
        guardduty: None,
        description: str_of(&doc["description"])
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        sql,
        origin: origin.to_owned(),
    })
}

/// A SQL string literal.
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The `WHERE` clause of a rule's `detection` section.
fn detection_to_sql(det: &Yaml) -> std::result::Result<String, Why> {
    let map = det.as_hash().ok_or("missing `detection`")?;
    let mut selections: Vec<(String, String)> = Vec::new();
    let mut condition: Option<String> = None;
    for (k, v) in map {
        let name = str_of(k).ok_or("detection: a key is not a string")?;
        match name {
            "condition" => {
                condition = Some(match v {
                    Yaml::String(s) => s.clone(),
                    Yaml::Array(a) => {
                        let parts: Vec<&str> = a.iter().filter_map(str_of).collect();
                        if parts.len() != a.len() {
                            return Err("condition: a list item is not a string".into());
                        }
                        parts
                            .iter()
                            .map(|p| format!("({p})"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    }
                    _ => return Err("condition is not a string".into()),
                })
            }
            "timeframe" => return Err("timeframe (aggregation over time) is not supported".into()),
            _ => selections.push((
                name.to_owned(),
                selection_to_sql(v).map_err(|e| format!("selection {name}: {e}"))?,
            )),
        }
    }
    let condition = condition.ok_or("detection has no condition")?;
    condition_to_sql(&condition, &selections).map_err(|e| format!("condition {condition:?}: {e}"))
}

/// A selection: a map (fields ANDed), a list of maps (ORed) or a list of keywords (ORed).
fn selection_to_sql(v: &Yaml) -> std::result::Result<String, Why> {
    match v {
        Yaml::Hash(h) => {
            if h.is_empty() {
                return Err("empty map".into());
            }
            let mut parts = Vec::new();
            for (k, val) in h {
                let key = str_of(k).ok_or("a field name is not a string")?;
                parts.push(field_to_sql(key, val)?);
            }
            Ok(format!("({})", parts.join(" AND ")))
        }
        Yaml::Array(items) if items.iter().all(|i| matches!(i, Yaml::Hash(_))) => {
            if items.is_empty() {
                return Err("empty list".into());
            }
            let parts = items
                .iter()
                .map(selection_to_sql)
                .collect::<std::result::Result<Vec<_>, _>>()?;
            Ok(format!("({})", parts.join(" OR ")))
        }
        Yaml::Array(items) => {
            let parts = items
                .iter()
                .map(keyword_to_sql)
                .collect::<std::result::Result<Vec<_>, _>>()?;
            if parts.is_empty() {
                return Err("empty list".into());
            }
            Ok(format!("({})", parts.join(" OR ")))
        }
        other => keyword_to_sql(other),
    }
}

/// The text a keyword is searched in: the record's main fields, concatenated.
const KEYWORD_TEXT: &str = "concat_ws(' ', eventsource, eventname, useridentity.arn, \
    useridentity.principalid, useridentity.accesskeyid, sourceipaddress, useragent, errorcode, \
    errormessage, requestparameters, responseelements, additionaleventdata, serviceeventdetails)";

fn keyword_to_sql(v: &Yaml) -> std::result::Result<String, Why> {
    let s = scalar(v).ok_or("a keyword is not a string or number")?;
    Ok(format!(
        "{KEYWORD_TEXT} ILIKE {} ESCAPE '\\'",
        lit(&like_pattern(&s, true, true))
    ))
}

fn scalar(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Columns of `cloudtrail_logs` holding a JSON object as text.
const JSON_COLUMNS: [&str; 5] = [
    "requestparameters",
    "responseelements",
    "additionaleventdata",
    "serviceeventdetails",
    "edgedevicedetails",
];

/// Top-level string columns of `cloudtrail_logs`.
const SCALAR_COLUMNS: [&str; 20] = [
    "eventversion",
    "eventtime",
    "eventsource",
    "eventname",
    "awsregion",
    "sourceipaddress",
    "useragent",
    "errorcode",
    "errormessage",
    "requestid",
    "eventid",
    "eventtype",
    "apiversion",
    "readonly",
    "recipientaccountid",
    "sharedeventid",
    "vpcendpointid",
    "vpcendpointaccountid",
    "eventcategory",
    "sessioncredentialfromconsole",
];

/// Paths under `userIdentity` (lowercase, dotted) that the `useridentity` struct holds.
const IDENTITY_PATHS: [&str; 18] = [
    "type",
    "principalid",
    "arn",
    "accountid",
    "invokedby",
    "accesskeyid",
    "username",
    "onbehalfof.userid",
    "onbehalfof.identitystorearn",
    "sessioncontext.attributes.mfaauthenticated",
    "sessioncontext.attributes.creationdate",
    "sessioncontext.sessionissuer.type",
    "sessioncontext.sessionissuer.principalid",
    "sessioncontext.sessionissuer.arn",
    "sessioncontext.sessionissuer.accountid",
    "sessioncontext.sessionissuer.username",
    "sessioncontext.ec2roledelivery",
    "sessioncontext.webidfederationdata.federatedprovider",
];

/// Fields of the `tlsdetails` struct.
const TLS_FIELDS: [&str; 3] = ["tlsversion", "ciphersuite", "clientprovidedhostheader"];

/// The SQL expression of a Sigma CloudTrail field name.
fn column(field: &str) -> std::result::Result<String, Why> {
    let lower = field.to_ascii_lowercase();
    let (head, rest) = match field.split_once('.') {
        Some((h, r)) => (h.to_ascii_lowercase(), Some(r)),
        None => (lower.clone(), None),
    };
    match rest {
        None if SCALAR_COLUMNS.contains(&head.as_str())
            || JSON_COLUMNS.contains(&head.as_str()) =>
        {
            Ok(head)
        }
        Some(r) if JSON_COLUMNS.contains(&head.as_str()) => {
            let mut path = String::from("$");
            for key in r.split('.') {
                if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !key.is_empty() {
                    path.push('.');
                    path.push_str(key);
                } else {
                    let _ = write!(path, "[\"{key}\"]");
                }
            }
            Ok(format!("json_extract_scalar({head}, {})", lit(&path)))
        }
        Some(r)
            if head == "useridentity"
                && IDENTITY_PATHS.contains(&r.to_ascii_lowercase().as_str()) =>
        {
            let mut expr = head;
            for key in r.to_ascii_lowercase().split('.') {
                let _ = write!(expr, "['{key}']");
            }
            Ok(expr)
        }
        Some(r)
            if head == "tlsdetails" && TLS_FIELDS.contains(&r.to_ascii_lowercase().as_str()) =>
        {
            Ok(format!("tlsdetails['{}']", r.to_ascii_lowercase()))
        }
        _ => Err(format!("unknown CloudTrail field {field:?}")),
    }
}

/// One `field|modifiers: value(s)` item.
fn field_to_sql(key: &str, val: &Yaml) -> std::result::Result<String, Why> {
    let mut parts = key.split('|');
    let field = parts.next().unwrap_or("");
    let col = column(field)?;
    let mut op = "eq";
    let mut all = false;
    let mut cased = false;
    let mut re_flags = String::new();
    for m in parts {
        match m {
            "contains" | "startswith" | "endswith" | "re" | "fieldref" | "exists" => op = m,
            "all" => all = true,
            "cased" => cased = true,
            "i" | "m" | "s" if op == "re" => re_flags.push_str(m),
            other => return Err(format!("field modifier |{other} is not supported")),
        }
    }
    let values: Vec<&Yaml> = match val {
        Yaml::Array(a) => a.iter().collect(),
        v => vec![v],
    };
    if values.is_empty() {
        return Err(format!("{key}: empty list of values"));
    }
    let mut conds = Vec::new();
    for v in values {
        conds.push(match (op, v) {
            ("exists", Yaml::Boolean(b)) => {
                format!("{col} IS {}NULL", if *b { "NOT " } else { "" })
            }
            ("exists", _) => return Err(format!("{key}: |exists needs true or false")),
            (_, Yaml::Null) => format!("{col} IS NULL"),
            ("fieldref", v) => {
                let other =
                    column(&scalar(v).ok_or(format!("{key}: |fieldref needs a field name"))?)?;
                if cased {
                    format!("{col} = {other}")
                } else {
                    format!("lower({col}) = lower({other})")
                }
            }
            ("re", v) => {
                let s = scalar(v).ok_or(format!("{key}: a value is not a string"))?;
                regex::Regex::new(&s).map_err(|e| format!("{key}: bad regular expression: {e}"))?;
                let flags = if re_flags.is_empty() {
                    String::new()
                } else {
                    format!("(?{re_flags})")
                };
                format!("regexp_like({col}, {})", lit(&format!("{flags}{s}")))
            }
            (op, v) => {
                let s = scalar(v).ok_or(format!("{key}: a value is not a string or number"))?;
                let pat = like_pattern(
                    &s,
                    op == "contains" || op == "endswith",
                    op == "contains" || op == "startswith",
                );
                let has_wild = pat
                    .replace("\\%", "")
                    .replace("\\_", "")
                    .contains(['%', '_']);
                match (has_wild, cased) {
                    (false, true) => format!("{col} = {}", lit(&unescape(&s))),
                    (false, false) => {
                        format!("lower({col}) = {}", lit(&unescape(&s).to_lowercase()))
                    }
                    (true, true) => format!("{col} LIKE {} ESCAPE '\\'", lit(&pat)),
                    (true, false) => format!("{col} ILIKE {} ESCAPE '\\'", lit(&pat)),
                }
            }
        });
    }
    let joiner = if all { " AND " } else { " OR " };
    Ok(format!("({})", conds.join(joiner)))
}

/// A Sigma value without its wildcard escapes (`\*` is `*`).
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && matches!(n, '*' | '?' | '\\')
        {
            out.push(n);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// A SQL `LIKE` pattern (escape `\`) of a Sigma value: `*` and `?` are wildcards unless escaped.
fn like_pattern(s: &str, lead: bool, trail: bool) -> String {
    let mut out = String::new();
    if lead {
        out.push('%');
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some('*' | '?' | '\\')) => {
                let n = chars.next().unwrap_or('\\');
                if n == '\\' {
                    out.push_str("\\\\");
                } else {
                    out.push(n);
                }
            }
            '\\' => out.push_str("\\\\"),
            '*' => out.push('%'),
            '?' => out.push('_'),
            '%' | '_' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    if trail {
        out.push('%');
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Open,
    Close,
}

fn tokenize(s: &str) -> std::result::Result<Vec<Tok>, Why> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in s.chars() {
        if c == '|' {
            return Err("aggregations after `|` are not supported".into());
        }
        if c.is_whitespace() || c == '(' || c == ')' {
            if !word.is_empty() {
                out.push(Tok::Word(std::mem::take(&mut word)));
            }
            match c {
                '(' => out.push(Tok::Open),
                ')' => out.push(Tok::Close),
                _ => {}
            }
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        out.push(Tok::Word(word));
    }
    Ok(out)
}

/// Translates a condition: `or` < `and` < `not`, parentheses, `1 of x*`, `all of them`.
fn condition_to_sql(cond: &str, sels: &[(String, String)]) -> std::result::Result<String, Why> {
    let toks = tokenize(cond)?;
    let mut p = CondParser { toks, pos: 0, sels };
    let sql = p.or()?;
    if p.pos != p.toks.len() {
        return Err(format!("unexpected {:?}", p.toks[p.pos]));
    }
    Ok(sql)
}

struct CondParser<'a> {
    toks: Vec<Tok>,
    pos: usize,
    sels: &'a [(String, String)],
}

impl CondParser<'_> {
    fn peek_word(&self) -> Option<String> {
        match self.toks.get(self.pos) {
            Some(Tok::Word(w)) => Some(w.to_ascii_lowercase()),
            _ => None,
        }
    }

    fn or(&mut self) -> std::result::Result<String, Why> {
        let mut parts = vec![self.and()?];
        while self.peek_word().as_deref() == Some("or") {
            self.pos += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            format!("({})", parts.join(" OR "))
        })
    }

    fn and(&mut self) -> std::result::Result<String, Why> {
        let mut parts = vec![self.not()?];
        while self.peek_word().as_deref() == Some("and") {
            self.pos += 1;
            parts.push(self.not()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            format!("({})", parts.join(" AND "))
        })
    }

    fn not(&mut self) -> std::result::Result<String, Why> {
        if self.peek_word().as_deref() == Some("not") {
            self.pos += 1;
            // A record where the negated part is unknown (a missing field) does not match it.
            return Ok(format!("(NOT COALESCE({}, false))", self.not()?));
        }
        self.atom()
    }

    fn atom(&mut self) -> std::result::Result<String, Why> {
        let tok = self.toks.get(self.pos).cloned().ok_or("ends too early")?;
        self.pos += 1;
        match tok {
            Tok::Open => {
                let inner = self.or()?;
                if self.toks.get(self.pos) != Some(&Tok::Close) {
                    return Err("missing `)`".into());
                }
                self.pos += 1;
                Ok(inner)
            }
            Tok::Close => Err("unexpected `)`".into()),
            Tok::Word(w) => {
                let lw = w.to_ascii_lowercase();
                if lw == "1" || lw == "all" || lw == "any" {
                    if self.peek_word().as_deref() != Some("of") {
                        return Err(format!("expected `of` after {w:?}"));
                    }
                    self.pos += 1;
                    let Some(Tok::Word(target)) = self.toks.get(self.pos).cloned() else {
                        return Err("expected a name after `of`".into());
                    };
                    self.pos += 1;
                    let matched: Vec<&String> = self
                        .sels
                        .iter()
                        .filter(|(n, _)| {
                            if target.eq_ignore_ascii_case("them") {
                                !n.starts_with('_')
                            } else {
                                glob_match(&target, n)
                            }
                        })
                        .map(|(_, s)| s)
                        .collect();
                    if matched.is_empty() {
                        return Err(format!("no selection matches {target:?}"));
                    }
                    let joiner = if lw == "all" { " AND " } else { " OR " };
                    let parts: Vec<String> = matched.iter().map(|s| (*s).clone()).collect();
                    Ok(format!("({})", parts.join(joiner)))
                } else if ["and", "or", "not", "of"].contains(&lw.as_str()) {
                    Err(format!("unexpected {w:?}"))
                } else {
                    self.sels
                        .iter()
                        .find(|(n, _)| *n == w)
                        .map(|(_, s)| s.clone())
                        .ok_or_else(|| format!("no selection named {w:?}"))
                }
            }
        }
    }
}

/// Matches a selection name against a pattern where `*` is any text.
fn glob_match(pat: &str, name: &str) -> bool {
    match pat.split_once('*') {
        None => pat == name,
        Some((pre, rest)) => {
            let Some(tail) = name.strip_prefix(pre) else {
                return false;
            };
            if rest.is_empty() {
                return true;
            }
            (0..=tail.len()).any(|i| tail.is_char_boundary(i) && glob_match(rest, &tail[i..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(detection: &str) -> std::result::Result<Detection, Why> {
        sigma_to_detection(
            &format!(
                "title: t\nid: 00000000-0000-0000-0000-000000000000\nlevel: high\n\
                 tags:\n  - attack.defense-evasion\n  - attack.t1562.008\n\
                 logsource:\n  product: aws\n  service: cloudtrail\ndetection:\n{detection}"
            ),
            "test.yml",
        )
    }

    #[test]
    fn translates_selections_and_conditions() {
        let d = rule(
            "  sel_a:\n    eventSource: ec2.amazonaws.com\n    eventName:\n      - A\n      - B\n\
             \x20 sel_b:\n    userAgent|contains: 'x%y'\n  filter:\n    userIdentity.type: Root\n\
             \x20 condition: 1 of sel_* and not filter\n",
        )
        .unwrap();
        assert_eq!(d.severity, Severity::High);
        assert_eq!(d.mitre, vec!["T1562.008"]);
        assert!(
            d.sql.contains("lower(eventsource) = 'ec2.amazonaws.com'"),
            "{}",
            d.sql
        );
        assert!(
            d.sql
                .contains("(lower(eventname) = 'a' OR lower(eventname) = 'b')"),
            "{}",
            d.sql
        );
        assert!(d.sql.contains("useragent ILIKE '%x\\%y%'"), "{}", d.sql);
        assert!(
            d.sql
                .contains("NOT COALESCE(((lower(useridentity['type']) = 'root')), false)"),
            "{}",
            d.sql
        );
    }

    #[test]
    fn json_fields_and_wildcards() {
        let d = rule(
            "  s:\n    requestParameters.containerDefinitions.command|contains|all:\n      - a\n      - '*'\n\
             \x20   errorCode: null\n    eventName|re: '^Get.+'\n  condition: all of them\n",
        )
        .unwrap();
        assert!(d.sql.contains(
            "json_extract_scalar(requestparameters, '$.containerDefinitions.command') ILIKE '%a%' ESCAPE '\\' AND"
        ), "{}", d.sql);
        assert!(d.sql.contains("errorcode IS NULL"), "{}", d.sql);
        assert!(
            d.sql.contains("regexp_like(eventname, '^Get.+')"),
            "{}",
            d.sql
        );
    }

    #[test]
    fn unsupported_features_are_named() {
        let e = rule("  s:\n    eventName|base64offset|contains: x\n  condition: s\n").unwrap_err();
        assert!(e.contains("|base64offset"), "{e}");
        let e = rule("  s:\n    status: success\n  condition: s\n").unwrap_err();
        assert!(e.contains("unknown CloudTrail field \"status\""), "{e}");
        let e = rule("  s:\n    eventName: x\n  condition: s | count() > 5\n").unwrap_err();
        assert!(e.contains("aggregation"), "{e}");
        let e = rule("  s:\n    eventName: x\n  condition: s and t\n").unwrap_err();
        assert!(e.contains("no selection named \"t\""), "{e}");
    }

    #[test]
    fn globs() {
        assert!(glob_match("selection_*", "selection_a"));
        assert!(glob_match("filter*", "filter1"));
        assert!(!glob_match("filter*", "selection"));
        assert!(glob_match("a*b*c", "axxbyyc"));
    }
}
