//! The organisation: account ids, names and e-mails, and the `aws organizations` outputs.

use std::path::Path;

use serde::Serialize;

use crate::config::SynthConfig;
use crate::ids::mix;
use crate::names::{ACCOUNT_ROLES, COMPANIES};
use crate::time::{DAY, epoch, iso};
use crate::write::{Job, Keyed, Rendered, Sink, page_name, pages};

/// One account of the organisation (or the only account).
#[derive(Debug)]
pub(crate) struct Member {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) joined: i64,
    pub(crate) invited: bool,
}

impl Member {
    /// The part of the e-mail before `@`, used as the S3 owner display name.
    pub(crate) fn email_local(&self) -> String {
        self.email.split('@').next().unwrap_or_default().to_owned()
    }
}

/// Facts shared by every account of a generation.
#[derive(Debug)]
pub(crate) struct Org {
    pub(crate) seed: u64,
    pub(crate) epoch: i64,
    pub(crate) members: Vec<Member>,
    /// `o-...` when there is more than one account.
    pub(crate) id: Option<String>,
    root: String,
    pub(crate) company: &'static str,
    /// Accounts outside the organisation that some roles and buckets trust (vendors).
    pub(crate) vendors: Vec<String>,
}

const ALNUM: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";

fn alnum(raw: u64, len: usize) -> String {
    let mut x = raw;
    (0..len)
        .map(|_| {
            let c = ALNUM[(x % 36) as usize] as char;
            x /= 36;
            c
        })
        .collect()
}

impl Org {
    pub(crate) fn new(config: &SynthConfig) -> Self {
        let seed = config.seed;
        let company = COMPANIES[(mix(seed ^ 0xc0) % COMPANIES.len() as u64) as usize];
        // Ids are base + i * step: distinct, 12 digits, below 900000000000.
        let base = 100_000_000_000 + mix(seed ^ 0xacc7) % 700_000_000_000;
        let step = 1_000_003 + 2 * (mix(seed ^ 0x57e9) % 4_000_000);
        let epoch = epoch(seed);
        let members = (0..config.accounts)
            .map(|i| {
                let name = match i {
                    0 if config.accounts > 1 => "management".to_owned(),
                    0 => "main".to_owned(),
                    _ => {
                        let role = ACCOUNT_ROLES[(i - 1) % ACCOUNT_ROLES.len()];
                        match (i - 1) / ACCOUNT_ROLES.len() {
                            0 => role.to_owned(),
                            k => format!("{role}-{}", k + 1),
                        }
                    }
                };
                Member {
                    id: format!("{:012}", base + i as u64 * step),
                    email: format!("aws+{name}@{company}.example"),
                    name,
                    joined: epoch + (i as i64 % 365) * DAY,
                    invited: i > 0 && mix(seed ^ i as u64).is_multiple_of(5),
                }
            })
            .collect();
        let vendors = (0..3)
            .map(|k| {
                format!(
                    "{:012}",
                    900_000_000_000 + mix(seed ^ 0xbe00 ^ k) % 99_999_999_999
                )
            })
            .collect();
        Org {
            seed,
            epoch,
            members,
            id: (config.accounts > 1).then(|| format!("o-{}", alnum(mix(seed ^ 0x0e9), 10))),
            root: format!("r-{}", alnum(mix(seed ^ 0x2007), 4)),
            company,
            vendors,
        }
    }

    pub(crate) fn is_org(&self) -> bool {
        self.id.is_some()
    }

    pub(crate) fn management(&self) -> &Member {
        &self.members[0]
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Organization<'a> {
    id: &'a str,
    arn: String,
    feature_set: &'static str,
    master_account_arn: String,
    master_account_id: &'a str,
    master_account_email: &'a str,
    available_policy_types: [PolicyType; 1],
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct PolicyType {
    #[serde(rename = "Type")]
    kind: &'static str,
    status: &'static str,
}

const SCP_ENABLED: PolicyType = PolicyType {
    kind: "SERVICE_CONTROL_POLICY",
    status: "ENABLED",
};

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct AccountOut {
    id: String,
    arn: String,
    email: String,
    name: String,
    status: &'static str,
    state: &'static str,
    joined_method: &'static str,
    joined_timestamp: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Root<'a> {
    id: &'a str,
    arn: String,
    name: &'static str,
    policy_types: [PolicyType; 1],
}

/// Queues `global/organizations/describe-organization.json`, `list-accounts*.json` and
/// `list-roots.json`; nothing for a single account.
pub(crate) fn write_jobs<'a>(org: &'a Org, sink: &'a Sink, jobs: &mut Vec<Job<'a>>) {
    let Some(org_id) = org.id.as_deref() else {
        return;
    };
    let dir = Path::new("global").join("organizations");
    let mgmt = org.management();
    let path = dir.join("describe-organization.json");
    jobs.push(Box::new(move || {
        let organization = Organization {
            id: org_id,
            arn: format!("arn:aws:organizations::{}:organization/{org_id}", mgmt.id),
            feature_set: "ALL",
            master_account_arn: format!(
                "arn:aws:organizations::{}:account/{org_id}/{}",
                mgmt.id, mgmt.id
            ),
            master_account_id: &mgmt.id,
            master_account_email: &mgmt.email,
            available_policy_types: [SCP_ENABLED],
        };
        sink.write(&path, &Keyed("Organization", &organization))
    }));
    let ranges = pages(org.members.len(), sink.page_size());
    let count = ranges.len();
    for (page, range) in ranges.into_iter().enumerate() {
        let path = dir.join(page_name("list-accounts", page, count));
        let members = &org.members[range];
        jobs.push(Box::new(move || {
            let render = |m: &Member| AccountOut {
                id: m.id.clone(),
                arn: format!(
                    "arn:aws:organizations::{}:account/{org_id}/{}",
                    mgmt.id, m.id
                ),
                email: m.email.clone(),
                name: m.name.clone(),
                status: "ACTIVE",
                state: "ACTIVE",
                joined_method: if m.invited { "INVITED" } else { "CREATED" },
                joined_timestamp: iso(m.joined),
            };
            sink.write(&path, &Keyed("Accounts", &Rendered(members, render)))
        }));
    }
    let path = dir.join("list-roots.json");
    let root = &org.root;
    jobs.push(Box::new(move || {
        let roots = [Root {
            id: root,
            arn: format!("arn:aws:organizations::{}:root/{org_id}/{root}", mgmt.id),
            name: "Root",
            policy_types: [SCP_ENABLED],
        }];
        sink.write(&path, &Keyed("Roots", &roots))
    }));
}
