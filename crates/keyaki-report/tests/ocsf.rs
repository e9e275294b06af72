//! `FindingFormat::Ocsf` checked against the OCSF 1.8.0 schema itself: every emitted event is
//! validated with the class definitions vendored in `tests/data/ocsf-1.8.0` (the dictionary,
//! the Compliance Finding and Detection Finding classes with the classes they extend, the
//! `cloud` profile and the objects). The validator below follows the schema's own rules:
//! classes and objects inherit attributes through `extends`, profiles add theirs only when
//! `metadata.profiles` names them, `requirement: required` attributes must be present, values
//! must have the dictionary type, enums must hold one of their values (the class's or object's
//! own enum over the dictionary's), a caption sibling (`severity` beside `severity_id`) must
//! match, objects must meet their `at_least_one` / `just_one` constraints, and no attribute may
//! appear that the class or object does not define.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use keyaki_core::{AccountId, Finding, Region, Severity};
use keyaki_report::{
    Coverage, CoverageStatus, FindingFormat, FindingKind, FrameworkCoverage, RenderOptions,
    RequirementCoverage,
};
use serde_json::{Map, Value, json};

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ocsf-1.8.0")
}

fn read(relative: &str) -> Value {
    let path = schema_dir().join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (not vendored?)", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Attributes by name, each as the class or object defines it.
type Attributes = BTreeMap<String, Map<String, Value>>;

struct Schema {
    dictionary: Map<String, Value>,
    types: Map<String, Value>,
}

impl Schema {
    fn load() -> Self {
        let d = read("dictionary.json");
        Schema {
            dictionary: d["attributes"].as_object().unwrap().clone(),
            types: d["types"]["attributes"].as_object().unwrap().clone(),
        }
    }

    /// The attributes of a class (`events/...`) or object (`objects/...`) file, following
    /// `extends` and the `$include`s of the profiles in `profiles`.
    fn attributes(&self, file: &str, profiles: &[String]) -> (Attributes, Vec<Value>) {
        let def = read(file);
        let (mut attrs, mut constraints) = match def["extends"].as_str() {
            Some(parent) => {
                let dir = Path::new(file).parent().unwrap();
                let parent_file = [
                    format!("{}/{parent}.json", dir.display()),
                    format!("events/{parent}.json"),
                    format!("objects/{parent}.json"),
                ]
                .into_iter()
                .find(|f| schema_dir().join(f).exists())
                .unwrap_or_else(|| panic!("{file}: parent {parent} not vendored"));
                self.attributes(&parent_file, profiles)
            }
            None => (Attributes::new(), Vec::new()),
        };
        // A child's constraints replace its parent's (evidences' `at_least_one` replaces
        // the `name`/`uid` one of `_entity`).
        if let Some(c) = def.get("constraints") {
            constraints = vec![c.clone()];
        }
        let own = def["attributes"].as_object().cloned().unwrap_or_default();
        for (name, value) in own {
            if name == "$include" {
                for include in value.as_array().unwrap() {
                    let include = include.as_str().unwrap();
                    let profile = include
                        .trim_start_matches("profiles/")
                        .trim_end_matches(".json");
                    if profiles.iter().any(|p| p == profile) {
                        let (more, _) = self.attributes(include, profiles);
                        for (k, v) in more {
                            attrs.entry(k).or_default().extend(v);
                        }
                    }
                }
                continue;
            }
            let entry = attrs.entry(name).or_default();
            for (k, v) in value.as_object().unwrap() {
                if k == "enum" {
                    // The class's or object's enum adds to and overrides the inherited one.
                    let merged = entry
                        .entry("enum")
                        .or_insert_with(|| json!({}))
                        .as_object_mut()
                        .unwrap();
                    merged.extend(v.as_object().unwrap().clone());
                } else {
                    entry.insert(k.clone(), v.clone());
                }
            }
        }
        (attrs, constraints)
    }

    /// The primitive type behind a dictionary type (`timestamp_t` is a `long_t`).
    fn base_type<'a>(&'a self, mut t: &'a str) -> &'a str {
        while let Some(parent) = self.types.get(t).and_then(|d| d["type"].as_str()) {
            t = parent;
        }
        t
    }

    fn validate_object(
        &self,
        file: &str,
        value: &Value,
        path: &str,
        profiles: &[String],
    ) -> Vec<String> {
        let Some(object) = value.as_object() else {
            return vec![format!("{path}: expected an object")];
        };
        let (attrs, constraints) = self.attributes(file, profiles);
        let mut errors = Vec::new();
        for (name, def) in &attrs {
            if def.get("requirement").and_then(Value::as_str) == Some("required")
                && object.get(name).is_none_or(Value::is_null)
            {
                errors.push(format!("{path}.{name}: required by {file}"));
            }
        }
        for c in &constraints {
            for (kind, names) in c.as_object().unwrap() {
                let present = names
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|n| {
                        object
                            .get(n.as_str().unwrap())
                            .is_some_and(|v| !v.is_null())
                    })
                    .count();
                let ok = match kind.as_str() {
                    "at_least_one" => present >= 1,
                    "just_one" => present == 1,
                    other => panic!("{file}: constraint {other} not understood"),
                };
                if !ok {
                    errors.push(format!("{path}: {kind} of {names} ({file})"));
                }
            }
        }
        for (name, v) in object {
            let Some(def) = attrs.get(name) else {
                errors.push(format!("{path}.{name}: not an attribute of {file}"));
                continue;
            };
            errors.extend(self.validate_attribute(
                name,
                def,
                v,
                &format!("{path}.{name}"),
                object,
                profiles,
            ));
        }
        errors
    }

    fn validate_attribute(
        &self,
        name: &str,
        local: &Map<String, Value>,
        value: &Value,
        path: &str,
        parent: &Map<String, Value>,
        profiles: &[String],
    ) -> Vec<String> {
        let dict = self
            .dictionary
            .get(name)
            .and_then(Value::as_object)
            .unwrap_or_else(|| panic!("{path}: {name} is not in the dictionary"));
        let t = local
            .get("type")
            .or_else(|| dict.get("type"))
            .and_then(Value::as_str)
            .unwrap();
        let is_array = dict
            .get("is_array")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let items: Vec<(String, &Value)> = if is_array {
            match value.as_array() {
                Some(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (format!("{path}[{i}]"), v))
                    .collect(),
                None => return vec![format!("{path}: expected an array")],
            }
        } else {
            vec![(path.to_owned(), value)]
        };
        let mut enumeration = dict
            .get("enum")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if let Some(own) = local.get("enum").and_then(Value::as_object) {
            enumeration.extend(own.clone());
        }
        let mut errors = Vec::new();
        for (p, v) in items {
            if !t.ends_with("_t") && t != "object" {
                errors.extend(self.validate_object(&format!("objects/{t}.json"), v, &p, profiles));
                continue;
            }
            let ok = match self.base_type(t) {
                "string_t" => v.is_string(),
                "integer_t" | "long_t" => v.is_i64() || v.is_u64(),
                "float_t" => v.is_number(),
                "boolean_t" => v.is_boolean(),
                "json_t" => true,
                "object" => v.is_object(),
                other => panic!("{p}: type {other} not understood"),
            };
            if !ok {
                errors.push(format!("{p}: expected {t}, found {v}"));
                continue;
            }
            // The base event's enums of the ids a class sets for itself hold only the base
            // event's own values; the ids are checked against the class below.
            let class_set = ["category_uid", "class_uid"].contains(&name);
            if !enumeration.is_empty() && !class_set {
                let key = v.to_string();
                match enumeration.get(&key) {
                    None => errors.push(format!(
                        "{p}: {v} is not one of {:?}",
                        enumeration.keys().collect::<Vec<_>>()
                    )),
                    Some(item) => {
                        if let Some(sibling) = dict.get("sibling").and_then(Value::as_str)
                            && let Some(caption) = parent.get(sibling)
                            && key != "99"
                            && caption != &item["caption"]
                        {
                            errors.push(format!(
                                "{p}: {sibling} is {caption}, the caption of {key} is {}",
                                item["caption"]
                            ));
                        }
                    }
                }
            }
        }
        errors
    }

    /// Every violation of the class in `event`.
    fn validate_event(&self, class_file: &str, event: &Value) -> Vec<String> {
        let profiles: Vec<String> = event["metadata"]["profiles"]
            .as_array()
            .map(|p| p.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default();
        let mut errors = self.validate_object(class_file, event, "$", &profiles);
        // The class and type ids follow from the class file and the category.
        let class = read(class_file);
        // The category is the class's, or the nearest ancestor's (`finding`: findings).
        let mut category_name = class["category"].as_str().map(str::to_owned);
        let mut ancestor = class.clone();
        while category_name.is_none() {
            let parent = ancestor["extends"].as_str().unwrap().to_owned();
            ancestor = read(&format!("events/findings/{parent}.json"));
            category_name = ancestor["category"].as_str().map(str::to_owned);
        }
        let category =
            read("categories.json")["attributes"][category_name.unwrap().as_str()]["uid"]
                .as_u64()
                .unwrap();
        let class_uid = category * 1000 + class["uid"].as_u64().unwrap();
        if event["category_uid"] != json!(category) {
            errors.push(format!("$.category_uid: expected {category}"));
        }
        if event["class_uid"] != json!(class_uid) {
            errors.push(format!("$.class_uid: expected {class_uid}"));
        }
        let type_uid = class_uid * 100 + event["activity_id"].as_u64().unwrap_or(0);
        if event["type_uid"] != json!(type_uid) {
            errors.push(format!("$.type_uid: expected {type_uid}"));
        }
        if event["class_name"] != class["caption"] {
            errors.push(format!("$.class_name: expected {}", class["caption"]));
        }
        errors
    }
}

fn findings() -> Vec<Finding> {
    let account = AccountId::new("123456789012").unwrap();
    let region = Region::new("eu-west-1").unwrap();
    vec![
        Finding::builder(
            "ec2.sg-open-ssh",
            "SSH open to the internet",
            Severity::High,
        )
        .resource("arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0a1b")
        .account(Some(account.clone()))
        .region(Some(region.clone()))
        .evidence(json!({"port": 22, "cidr": "0.0.0.0/0"}))
        .remediation(
            "Restrict the rule",
            Some("aws ec2 revoke-security-group-ingress --group-id sg-0a1b".into()),
        )
        .compliance("cis-3.0", "5.2")
        .compliance("fsbp", "EC2.13")
        .build(),
        Finding::builder("iam.root-mfa", "Root user has no MFA", Severity::Critical)
            .resource("arn:aws:iam::123456789012:root")
            .account(Some(account))
            .remediation("Enable MFA on the root user", None)
            .compliance("cis-3.0", "1.5")
            .build(),
        // Little known: no account, no region, no evidence, no fix, no framework.
        Finding::builder("custom.thing", "Something", Severity::Informational)
            .resource("i-0abc")
            .build(),
        Finding::builder(
            "lake.console-login-no-mfa",
            "Console login without MFA",
            Severity::Medium,
        )
        .resource("arn:aws-us-gov:iam::111122223333:user/alice")
        .region(Some(Region::new("us-gov-west-1").unwrap()))
        .evidence(json!({"event": {"eventName": "ConsoleLogin", "sourceIPAddress": "203.0.113.9"}}))
        .build(),
        Finding::builder("s3.public", "Bucket is public", Severity::Low)
            .resource("arn:aws:s3:::acme-data")
            .build(),
    ]
}

fn coverage() -> Coverage {
    Coverage::new(vec![FrameworkCoverage {
        id: "cis-3.0".into(),
        name: "CIS Amazon Web Services Foundations Benchmark v3.0.0".into(),
        requirements: vec![RequirementCoverage {
            id: "1.5".into(),
            title: "root MFA".into(),
            status: CoverageStatus::Automated,
            rules: vec!["iam.root-mfa".into()],
            pass: 0,
            fail: 1,
        }],
    }])
}

fn events(kind: FindingKind) -> Vec<Value> {
    let mut out = Vec::new();
    FindingFormat::Ocsf
        .write(
            &findings(),
            &mut out,
            &RenderOptions::new()
                .kind(kind)
                .timestamp("2026-03-14T12:00:00Z")
                .coverage(coverage()),
        )
        .unwrap();
    serde_json::from_slice::<Vec<Value>>(&out).unwrap()
}

#[test]
fn compliance_findings_are_valid_ocsf_compliance_finding_events() {
    let schema = Schema::load();
    let events = events(FindingKind::Compliance);
    assert_eq!(events.len(), findings().len());
    for event in &events {
        let errors = schema.validate_event("events/findings/compliance_finding.json", event);
        assert!(errors.is_empty(), "{errors:#?}\n{event:#}");
    }
    let first = &events[0];
    assert_eq!(first["class_uid"], 2003);
    assert_eq!(first["type_uid"], 200_301);
    assert_eq!(first["severity_id"], 4);
    assert_eq!(first["time"], 1_773_489_600_000_i64);
    assert_eq!(first["finding_info"]["uid"], findings()[0].id);
    assert_eq!(first["compliance"]["status_id"], 3);
    assert_eq!(
        first["compliance"]["standards"],
        json!([
            "CIS Amazon Web Services Foundations Benchmark v3.0.0",
            "fsbp"
        ])
    );
    assert_eq!(
        first["compliance"]["requirements"],
        json!(["cis-3.0 5.2", "fsbp EC2.13"])
    );
    assert_eq!(first["resources"][0]["region"], "eu-west-1");
    assert_eq!(first["cloud"]["account"]["uid"], "123456789012");
    assert_eq!(first["evidences"][0]["data"]["port"], 22);
    assert_eq!(first["remediation"]["desc"], "Restrict the rule");
    assert_eq!(events[3]["resources"][0]["cloud_partition"], "aws-us-gov");
}

#[test]
fn detections_are_valid_ocsf_detection_finding_events() {
    let schema = Schema::load();
    for event in &events(FindingKind::Detection) {
        let errors = schema.validate_event("events/findings/detection_finding.json", event);
        assert!(errors.is_empty(), "{errors:#?}\n{event:#}");
        assert_eq!(event["class_uid"], 2004);
        assert_eq!(event["is_alert"], true);
    }
}

/// A change that breaks an event.
type Change = Box<dyn Fn(&mut Value)>;

/// The validator is not a rubber stamp: it refuses broken events.
#[test]
fn the_validator_catches_what_the_schema_forbids() {
    let schema = Schema::load();
    let good = events(FindingKind::Compliance).remove(0);
    let class = "events/findings/compliance_finding.json";
    let broken = |change: &dyn Fn(&mut Value)| {
        let mut e = good.clone();
        change(&mut e);
        schema.validate_event(class, &e)
    };
    let cases: Vec<(&str, Change)> = vec![
        (
            "$.compliance: required",
            Box::new(|e| {
                e.as_object_mut().unwrap().remove("compliance");
            }),
        ),
        (
            "$.metadata.version: required",
            Box::new(|e| {
                e["metadata"].as_object_mut().unwrap().remove("version");
            }),
        ),
        (
            "$.finding_info.uid: required",
            Box::new(|e| {
                e["finding_info"].as_object_mut().unwrap().remove("uid");
            }),
        ),
        (
            "$.severity_id: 7 is not one of",
            Box::new(|e| e["severity_id"] = json!(7)),
        ),
        (
            "$.severity_id: severity is",
            Box::new(|e| e["severity"] = json!("Low")),
        ),
        (
            "$.time: expected timestamp_t",
            Box::new(|e| e["time"] = json!("2026-03-14")),
        ),
        (
            "$.colour: not an attribute",
            Box::new(|e| e["colour"] = json!("red")),
        ),
        (
            "$.type_uid: expected 200301",
            Box::new(|e| e["type_uid"] = json!(200_302)),
        ),
        (
            "$.cloud.provider: required",
            Box::new(|e| {
                e["cloud"].as_object_mut().unwrap().remove("provider");
            }),
        ),
        (
            "$.evidences[0]: at_least_one",
            Box::new(|e| e["evidences"] = json!([{"name": "x"}])),
        ),
        (
            "$.compliance.status_id: 4 is not one of",
            Box::new(|e| e["compliance"]["status_id"] = json!(4)),
        ),
    ];
    for (expected, change) in cases {
        let errors = broken(&*change);
        assert!(
            errors.iter().any(|e| e.starts_with(expected)),
            "{expected}: {errors:#?}"
        );
    }
    // Without the cloud profile, `cloud` is not an attribute of the class.
    let errors = broken(&|e: &mut Value| e["metadata"]["profiles"] = json!([]));
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("$.cloud: not an attribute")),
        "{errors:#?}"
    );
}
