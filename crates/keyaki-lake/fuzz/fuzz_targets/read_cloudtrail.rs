//! Any bytes (plain or gzip), read as CloudTrail `{"Records": [...]}` files, lookup-events output
//! and JSON Lines: the reader must never panic, and every record it reads must be written,
//! quarantined or skipped.
#![no_main]

use keyaki_lake::{IngestOptions, SourceKind, scan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = IngestOptions::new().source(SourceKind::CloudTrail);
    if let Ok(report) = scan(
        "123456789012_CloudTrail_us-east-1_20260312T0915Z_abcdefgh.json.gz".as_ref(),
        data,
        &options,
    ) {
        assert!(report.counts.balanced(), "{:?}", report.counts);
        assert_eq!(report.counts.quarantined as usize, report.quarantine.len());
    }
    // Recognising the source from the content must not panic either.
    let _ = scan(
        "123456789012_CloudTrail_us-east-1_20260312T0915Z_abcdefgh.json.gz".as_ref(),
        data,
        &IngestOptions::new(),
    );
});
