//! Any bytes (plain or gzip), read as VPC Flow Logs with or without a header line: the reader must
//! never panic, and every record it reads must be written, quarantined or skipped.
#![no_main]

use keyaki_lake::{IngestOptions, SourceKind, scan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = IngestOptions::new().source(SourceKind::VpcFlow);
    if let Ok(report) = scan(
        "123456789012_vpcflowlogs_us-east-1_fl-0123_20260312T0915Z_abcd.log.gz".as_ref(),
        data,
        &options,
    ) {
        assert!(report.counts.balanced(), "{:?}", report.counts);
        assert_eq!(report.counts.quarantined as usize, report.quarantine.len());
    }
    // Recognising the source from the content must not panic either.
    let _ = scan(
        "123456789012_vpcflowlogs_us-east-1_fl-0123_20260312T0915Z_abcd.log.gz".as_ref(),
        data,
        &IngestOptions::new(),
    );
});
