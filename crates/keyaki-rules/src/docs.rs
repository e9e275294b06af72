//! `docs/rules.md`: every rule, and every framework requirement with its status.

use std::fmt::Write;

use crate::{Catalog, Framework};

/// The Markdown of docs/rules.md, generated from the catalog.
pub fn rules_markdown() -> String {
    let catalog = Catalog::builtin();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Rules\n\nGenerated from the catalog of `keyaki-rules` (`cargo test -p keyaki-rules` checks it; \
        `KEYAKI_BLESS=1 cargo test -p keyaki-rules --test docs` rewrites it). `keyaki check` evaluates every rule on a \
        snapshot; each result is `pass`, `fail`, `not_applicable` or `unknown` (the snapshot lacks the AWS CLI output \
        the rule needs, named in the evidence).\n\nThe AWS Security Hub control ids, their FSBP membership and their NIST \
        SP 800-53 rev5 mapping come from the AWS Security Hub user guide (June 2023 edition of its per-service \
        control pages).\n\n**Verified:** every CIS v3.0 and v5.0 requirement number a rule claims, and the list of \
        requirement ids below, were checked against the benchmark tables in Prowler's compliance mappings \
        (`prowler/compliance/aws/cis_3.0_aws.json` and `cis_5.0_aws.json`), vendored in a compact form in \
        `crates/keyaki-rules/data/cis-prowler/` by `scripts/cis_prowler.py` (its README names the commit). \
        `cargo test -p keyaki-rules --test cis_prowler` fails when a rule claims a requirement id those tables do \
        not have, or when keyaki's list of requirement ids differs from them; [cis-prowler.md](cis-prowler.md) \
        puts each requirement beside the keyaki rules and Prowler checks that cover it. **Not yet verified:** \
        whether each rule decides its requirement exactly as the benchmark's audit procedure does (the tables \
        carry titles, not audit procedures). For NIST SP 800-53, \"automated\" means that at least \
        one control mapped to the requirement is checked, not that the requirement is met.\n"
    );
    let _ = writeln!(s, "## Rules ({})\n", catalog.rules().len());
    let _ = writeln!(
        s,
        "| rule | severity | resource type | title | AWS control | CIS v3.0 | CIS v5.0 |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|");
    for r in catalog.rules() {
        let cis = |f: Framework| {
            r.requirements
                .iter()
                .filter(|(g, _)| *g == f)
                .map(|(_, id)| *id)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            r.id,
            r.severity,
            r.resource_type,
            r.title.replace('|', "\\|"),
            r.control.unwrap_or(""),
            cis(Framework::Cis30),
            cis(Framework::Cis50)
        );
    }
    for r in catalog.rules() {
        let _ = writeln!(
            s,
            "\n### `{}`\n\n{}\n\n- What: {}\n- Why: {}\n- Fix: {}",
            r.id, r.title, r.description, r.rationale, r.remediation
        );
        if let Some(cli) = r.cli {
            let _ = writeln!(s, "- CLI: `{}`", cli.replace('|', "\\|"));
        }
        for link in r.references {
            let _ = writeln!(s, "- See: {link}");
        }
    }
    for f in Framework::ALL {
        let reqs = f.requirements();
        let automated = reqs
            .iter()
            .filter(|q| !catalog.rules_for(f, q.id).is_empty())
            .count();
        let manual = reqs
            .iter()
            .filter(|q| q.manual && catalog.rules_for(f, q.id).is_empty())
            .count();
        let _ = writeln!(
            s,
            "\n## {} (`{}`)\n\n{} requirements: {} automated, {} manual, {} not yet.\n",
            f.name(),
            f.id(),
            reqs.len(),
            automated,
            manual,
            reqs.len() - automated - manual
        );
        let _ = writeln!(
            s,
            "| requirement | title | status | rules |\n|---|---|---|---|"
        );
        for q in &reqs {
            let rules = catalog.rules_for(f, q.id);
            let status = if !rules.is_empty() {
                "automated"
            } else if q.manual {
                "manual"
            } else {
                "not yet"
            };
            let ids = rules
                .iter()
                .map(|r| format!("`{}`", r.id))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                q.id,
                q.title.replace('|', "\\|"),
                status,
                ids
            );
        }
    }
    s
}
