//! `scan` on the example's logs and on damaged copies of them (truncated anywhere, bytes
//! flipped, gzip cut short): it never panics, every record read is written, quarantined or
//! skipped, and an intact file gives the same counts as `ingest`. The fuzz targets in
//! `fuzz/` run the same checks on arbitrary bytes.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use keyaki_lake::{IngestOptions, SourceKind, ingest, scan};

fn one_file(kind: &str) -> PathBuf {
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/incident-3tier/logs")
        .join(kind);
    loop {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        // Skip the CloudTrail digest folder.
        entries.retain(|p| !p.to_string_lossy().contains("Digest"));
        let first = entries.into_iter().next().unwrap();
        if first.is_dir() {
            dir = first;
        } else {
            return first;
        }
    }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return bytes.to_vec();
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

const SOURCES: [(&str, SourceKind); 4] = [
    ("cloudtrail", SourceKind::CloudTrail),
    ("vpcflow", SourceKind::VpcFlow),
    ("alb", SourceKind::Alb),
    ("nginx", SourceKind::Nginx),
];

#[test]
fn intact_files_scan_as_they_ingest() {
    for (folder, kind) in SOURCES {
        let file = one_file(folder);
        let bytes = std::fs::read(&file).unwrap();
        let report = scan(&file, &bytes, &IngestOptions::new()).unwrap();
        assert_eq!(report.source, Some(kind), "{}", file.display());
        let dir = tempfile::tempdir().unwrap();
        let ingested = ingest(
            dir.path(),
            std::slice::from_ref(&file),
            &IngestOptions::new(),
        )
        .unwrap();
        assert_eq!(report.counts, ingested.totals, "{}", file.display());
        assert!(report.counts.written > 0);
        assert!(!report.partitions.is_empty());
    }
}

/// A small deterministic generator (xorshift), so the damage is the same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn damaged_files_never_panic_and_stay_balanced() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for (folder, kind) in SOURCES {
        let file = one_file(folder);
        let plain = gunzip(&std::fs::read(&file).unwrap());
        let name = file.file_name().unwrap();
        let mut cases: Vec<Vec<u8>> = Vec::new();
        for _ in 0..40 {
            cases.push(plain[..rng.below(plain.len())].to_vec());
        }
        for _ in 0..40 {
            let mut b = plain.clone();
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(b.len());
                b[i] = [b'"', b'{', b']', b'\n', b' ', b'-', 0xff, 0][rng.below(8)];
            }
            cases.push(b);
        }
        let gz = gzip(&plain);
        for _ in 0..20 {
            cases.push(gz[..rng.below(gz.len())].to_vec());
        }
        for bytes in cases {
            for options in [IngestOptions::new().source(kind), IngestOptions::new()] {
                if let Ok(r) = scan(name.as_ref(), &bytes, &options) {
                    assert!(r.counts.balanced(), "{folder}: {:?}", r.counts);
                    assert_eq!(
                        r.counts.quarantined as usize,
                        r.quarantine.len(),
                        "{folder}"
                    );
                }
            }
        }
    }
}
