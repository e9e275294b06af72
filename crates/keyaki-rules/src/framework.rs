//! The compliance frameworks and their requirements.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Error;

/// A compliance framework whose requirements rules map to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Framework {
    /// CIS Amazon Web Services Foundations Benchmark v3.0.0.
    #[serde(rename = "cis-3.0")]
    Cis30,
    /// CIS Amazon Web Services Foundations Benchmark v5.0.0.
    #[serde(rename = "cis-5.0")]
    Cis50,
    /// AWS Foundational Security Best Practices (the AWS Security Hub standard).
    #[serde(rename = "fsbp")]
    Fsbp,
    /// NIST SP 800-53 revision 5, through AWS Security Hub's published control mapping.
    #[serde(rename = "nist-800-53-r5")]
    Nist80053R5,
}

impl Framework {
    /// Every framework.
    pub const ALL: [Framework; 4] = [
        Framework::Cis30,
        Framework::Cis50,
        Framework::Fsbp,
        Framework::Nist80053R5,
    ];

    /// The id used in JSON and on the command line (`cis-3.0`).
    pub fn id(self) -> &'static str {
        match self {
            Framework::Cis30 => "cis-3.0",
            Framework::Cis50 => "cis-5.0",
            Framework::Fsbp => "fsbp",
            Framework::Nist80053R5 => "nist-800-53-r5",
        }
    }

    /// The framework's full name.
    pub fn name(self) -> &'static str {
        match self {
            Framework::Cis30 => "CIS Amazon Web Services Foundations Benchmark v3.0.0",
            Framework::Cis50 => "CIS Amazon Web Services Foundations Benchmark v5.0.0",
            Framework::Fsbp => "AWS Foundational Security Best Practices",
            Framework::Nist80053R5 => "NIST SP 800-53 Revision 5",
        }
    }

    /// Every requirement of the framework, in the framework's order.
    pub fn requirements(self) -> Vec<Requirement> {
        match self {
            Framework::Cis30 => cis_list(CIS_3_0_TABLE, CIS_3_0_NEEDS_BEHAVIOUR),
            Framework::Cis50 => cis_list(CIS_5_0_TABLE, CIS_5_0_NEEDS_BEHAVIOUR),
            Framework::Fsbp => crate::controls::CONTROLS
                .iter()
                .filter(|c| c.fsbp)
                .map(|c| Requirement {
                    id: c.id,
                    title: c.title,
                    manual: false,
                })
                .collect(),
            Framework::Nist80053R5 => {
                let mut ids: Vec<&'static str> = crate::controls::CONTROLS
                    .iter()
                    .flat_map(|c| c.nist.iter().copied())
                    .collect();
                ids.sort_by_key(|id| nist_key(id));
                ids.dedup();
                ids.into_iter()
                    .map(|id| Requirement {
                        id,
                        title: "",
                        manual: false,
                    })
                    .collect()
            }
        }
    }
}

/// Sorts `AC-2(12)` after `AC-2(3)` and `AC-10` after `AC-9`.
fn nist_key(id: &str) -> (String, u32, u32) {
    let (family, rest) = id.split_once('-').unwrap_or((id, ""));
    let (num, enh) = match rest.split_once('(') {
        Some((n, e)) => (n, e.trim_end_matches(')')),
        None => (rest, "0"),
    };
    (
        family.to_owned(),
        num.parse().unwrap_or(0),
        enh.parse().unwrap_or(0),
    )
}

impl fmt::Display for Framework {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Framework {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let lower = s.to_ascii_lowercase();
        let found = match lower.as_str() {
            "cis-3.0" | "cis-3.0.0" | "cis3" => Some(Framework::Cis30),
            "cis-5.0" | "cis-5.0.0" | "cis5" => Some(Framework::Cis50),
            "fsbp" | "aws-fsbp" => Some(Framework::Fsbp),
            "nist-800-53-r5" | "nist" | "nist-800-53" => Some(Framework::Nist80053R5),
            _ => None,
        };
        found.ok_or_else(|| Error::UnknownFramework {
            input: s.to_owned(),
        })
    }
}

/// One requirement of a framework.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// Its id within the framework (`1.4`, `EC2.8`, `AC-2(1)`).
    pub id: &'static str,
    /// Its title; empty for NIST controls (keyaki does not ship the NIST catalog text).
    pub title: &'static str,
    /// Whether the framework itself says it is assessed by hand (CIS "Manual"), or it
    /// cannot be decided from resource configuration.
    pub manual: bool,
}

/// The CIS requirement lists, read from the tables vendored under `data/cis-prowler/`
/// (derived from Prowler's CIS mappings by `scripts/cis_prowler.py`; `tests/cis_prowler.rs`
/// keeps them honest). Columns: id, the benchmark's assessment status, title, Prowler checks.
const CIS_3_0_TABLE: &str = include_str!("../data/cis-prowler/cis_3.0_aws.tsv");
const CIS_5_0_TABLE: &str = include_str!("../data/cis-prowler/cis_5.0_aws.tsv");

/// Requirements v3.0 marks "Automated" but that a configuration snapshot cannot decide:
/// they are about behaviour over time (root user usage, keys created at user setup). v5.0
/// itself marks the same two (its 1.6 and 1.10) "Manual", so keyaki treats them as manual.
const CIS_3_0_NEEDS_BEHAVIOUR: &[&str] = &["1.7", "1.11"];
const CIS_5_0_NEEDS_BEHAVIOUR: &[&str] = &[];

fn cis_list(table: &'static str, needs_behaviour: &[&str]) -> Vec<Requirement> {
    table
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let id = cols.next()?;
            let assessment = cols.next()?;
            let title = cols.next()?;
            Some(Requirement {
                id,
                title,
                manual: assessment == "Manual" || needs_behaviour.contains(&id),
            })
        })
        .collect()
}
