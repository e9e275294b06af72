//! Loads a snapshot and prints what it holds: `cargo run --example load -- DIR`.

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: load SNAPSHOT_DIR");
        std::process::exit(2);
    };
    let started = std::time::Instant::now();
    let report = keyaki_snapshot::Snapshot::load_report(&dir);
    let elapsed = started.elapsed();
    for (kind, n) in report.snapshot.counts() {
        println!("{n:>8} {kind}");
    }
    for w in report.snapshot.warnings() {
        println!("warning: {w}");
    }
    for e in &report.errors {
        println!("error: {e}");
    }
    println!(
        "{} files, {} resources in {elapsed:?}",
        report.snapshot.file_count(),
        report.snapshot.inventory().len()
    );
}
