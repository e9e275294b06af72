//! Any text, as a policy of every kind: parsing and validation must never panic.
#![no_main]

use keyaki_iam::{Origin, Policy, PolicyKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for kind in [PolicyKind::Identity, PolicyKind::Resource, PolicyKind::Trust, PolicyKind::Scp, PolicyKind::Rcp] {
            let _ = Policy::parse_lenient(text, kind, Origin::inline("$"));
        }
        let _ = keyaki_iam::validate(text, PolicyKind::Identity, Origin::inline("$"));
        let _ = keyaki_iam::simulate(text, None);
    }
});
