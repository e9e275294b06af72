#![allow(clippy::unwrap_used)]
//! How much of the AWS Foundational Security Best Practices standard the catalog automates,
//! and that no AWS Security Hub control is implemented twice.
//!
//! The controls, their FSBP membership and their NIST SP 800-53 rev5 requirements are those
//! of the AWS Security Hub user guide
//! (<https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html> and the
//! per-service pages such as
//! <https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html>).

use std::collections::BTreeSet;

use keyaki_rules::{Catalog, Framework};

#[test]
fn at_least_100_fsbp_controls_are_automated() {
    let catalog = Catalog::builtin();
    let automated: Vec<&str> = Framework::Fsbp
        .requirements()
        .iter()
        .filter(|q| !catalog.rules_for(Framework::Fsbp, q.id).is_empty())
        .map(|q| q.id)
        .collect();
    assert!(
        automated.len() >= 100,
        "{} FSBP controls automated, at least 100 expected: {automated:?}",
        automated.len()
    );
    let md = keyaki_rules::rules_markdown();
    let line = format!("requirements: {} automated", automated.len());
    assert!(md.contains(&line), "docs/rules.md does not state `{line}`");
}

#[test]
fn no_control_is_implemented_by_two_rules() {
    let mut seen = BTreeSet::new();
    for rule in Catalog::builtin().rules() {
        let Some(control) = rule.control else {
            continue;
        };
        assert!(
            seen.insert(control),
            "{control} is implemented by two rules (the second: {})",
            rule.id
        );
    }
}
