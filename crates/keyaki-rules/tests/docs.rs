//! docs/rules.md is generated from the catalog and must not drift.

#[test]
fn rules_md_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/rules.md");
    let want = keyaki_rules::rules_markdown();
    if std::env::var_os("KEYAKI_BLESS").is_some() {
        std::fs::write(path, &want).expect("write docs/rules.md");
        return;
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: run KEYAKI_BLESS=1 cargo test -p keyaki-rules --test docs"
    );
}
