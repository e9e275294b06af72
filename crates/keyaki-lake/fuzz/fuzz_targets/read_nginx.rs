//! Any bytes (plain or gzip), read as nginx access logs in the combined format: the reader must
//! never panic, and every record it reads must be written, quarantined or skipped.
#![no_main]

use keyaki_lake::{IngestOptions, SourceKind, scan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = IngestOptions::new().source(SourceKind::Nginx);
    if let Ok(report) = scan("web-1/access.log".as_ref(), data, &options) {
        assert!(report.counts.balanced(), "{:?}", report.counts);
        assert_eq!(report.counts.quarantined as usize, report.quarantine.len());
    }
    // Recognising the source from the content must not panic either.
    let _ = scan("web-1/access.log".as_ref(), data, &IngestOptions::new());
});
