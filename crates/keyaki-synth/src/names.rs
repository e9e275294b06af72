//! Word lists for names that look like a real organisation's.

use rand::Rng;

pub(crate) const FIRST: &[&str] = &[
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
    "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yuki", "aiko",
    "hiro", "mei", "noah", "liam", "emma", "ava", "mia", "lucas", "amir", "fatima", "sofia",
    "mateo", "chen", "priya", "arjun", "lena", "omar", "nina", "tomas",
];

pub(crate) const LAST: &[&str] = &[
    "nguyen", "smith", "tanaka", "garcia", "mueller", "rossi", "kowalski", "silva", "khan", "kim",
    "patel", "cohen", "dubois", "jensen", "novak", "ito", "sato", "lopez", "brown", "wilson",
    "moreau", "larsen", "haddad", "okafor", "yamada", "fischer", "petrov", "ricci",
];

pub(crate) const APPS: &[&str] = &[
    "checkout",
    "catalog",
    "payments",
    "search",
    "orders",
    "identity",
    "billing",
    "reports",
    "ledger",
    "inventory",
    "shipping",
    "notify",
    "profile",
    "analytics",
    "media",
    "gateway",
    "pricing",
    "ledger-sync",
    "audit",
    "partner-api",
];

pub(crate) const ENVS: &[&str] = &["prod", "staging", "dev", "shared", "sandbox"];

pub(crate) const TEAMS: &[&str] = &[
    "platform", "payments", "data", "security", "growth", "mobile", "infra", "sre", "finance",
    "support",
];

pub(crate) const COMPANIES: &[&str] = &[
    "northwind",
    "bluepeak",
    "kitecorp",
    "riverbend",
    "lumenly",
    "orchard",
    "tallyho",
    "meridian",
];

pub(crate) const ACCOUNT_ROLES: &[&str] = &[
    "security",
    "log-archive",
    "shared-services",
    "network",
    "prod",
    "staging",
    "dev",
    "sandbox",
    "data",
    "audit",
];

pub(crate) const GROUPS: &[&str] = &[
    "Admins",
    "Developers",
    "ReadOnly",
    "Ops",
    "Billing",
    "DataEngineers",
    "Security",
    "Support",
];

pub(crate) const BUCKET_PURPOSES: &[&str] = &[
    "assets",
    "logs",
    "backups",
    "data-lake",
    "uploads",
    "artifacts",
    "reports",
    "static-site",
    "exports",
    "ml-models",
    "archive",
    "media",
];

/// Picks one word.
pub(crate) fn pick<R: Rng>(rng: &mut R, words: &'static [&'static str]) -> &'static str {
    words[rng.random_range(0..words.len())]
}
