//! `audit`: an evidence package for one framework that an auditor reads without keyaki.
//!
//! The package is a folder:
//!
//! - `index.html`: a self-contained page (inline CSS, no script, no network) with the summary
//!   per requirement, the failures with their evidence, and the snapshot's files with their
//!   SHA-256;
//! - `index.json`: the same summary, machine-readable;
//! - `requirements/<id>/findings.json`: every result of the rules that check the requirement;
//! - `requirements/<id>/evidence/<n>.json`: the evidence of each result, one file each;
//! - the times (snapshot, generation), the keyaki version and the file list with hashes, so
//!   that anyone can check that the evidence came from that snapshot (`sha256sum -c`).
//!
//! Every value shown in the page is escaped: resource names and tags are chosen by whoever
//! controls the account.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use keyaki_snapshot::Snapshot;
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::check::{CheckOptions, CheckReport, CheckResult, check};
use crate::rule::Status;
use crate::{Catalog, Framework};

/// The version of the package's JSON layout.
pub const AUDIT_FORMAT_VERSION: u32 = 1;

/// What to put in the package.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// The framework audited.
    pub framework: Framework,
    /// How to run the rules (custom rules, suppressions, "now"); the framework is set to
    /// [`AuditOptions::framework`].
    pub check: CheckOptions,
    /// The version of keyaki that writes the package.
    pub keyaki_version: String,
    /// When the package is generated, as ISO 8601 UTC.
    pub generated_at: String,
}

/// The status of one requirement in the package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RequirementStatus {
    /// Checked automatically: every result passes (or is suppressed, or not applicable
    /// alongside passes).
    Pass,
    /// Checked automatically: at least one open failure.
    Fail,
    /// Checked automatically, but the snapshot lacks data for some result and none fails.
    Unknown,
    /// Checked automatically: no resource the rules apply to.
    NotApplicable,
    /// The framework says the requirement is assessed by hand.
    Manual,
    /// Could be automated, but keyaki has no rule for it yet.
    NotAutomated,
}

impl RequirementStatus {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RequirementStatus::Pass => "pass",
            RequirementStatus::Fail => "fail",
            RequirementStatus::Unknown => "unknown",
            RequirementStatus::NotApplicable => "not_applicable",
            RequirementStatus::Manual => "manual",
            RequirementStatus::NotAutomated => "not_automated",
        }
    }
}

/// Result counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Passing results.
    pub pass: usize,
    /// Open failures.
    pub fail: usize,
    /// Failures hidden by a live suppression.
    pub suppressed: usize,
    /// Not applicable.
    pub not_applicable: usize,
    /// Missing data.
    pub unknown: usize,
}

impl Counts {
    fn add(&mut self, r: &CheckResult) {
        match r.status {
            Status::Fail if r.suppressed.is_some() => self.suppressed += 1,
            Status::Fail => self.fail += 1,
            Status::Pass => self.pass += 1,
            Status::NotApplicable => self.not_applicable += 1,
            _ => self.unknown += 1,
        }
    }
}

/// One requirement of the package.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequirementEntry {
    /// The requirement id (`1.4`, `EC2.8`, `AC-3`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: RequirementStatus,
    /// The rules that check it.
    pub rules: Vec<String>,
    /// Result counts.
    pub counts: Counts,
    /// Its folder in the package, relative to the package (`requirements/1.4/`); `null` when
    /// no rule checks it.
    pub folder: Option<String>,
}

/// A file of the snapshot, with its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnapshotFile {
    /// The path relative to the snapshot folder, with `/` separators.
    pub path: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// The SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
}

/// `index.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditIndex {
    /// [`AUDIT_FORMAT_VERSION`].
    pub format_version: u32,
    /// The keyaki version that wrote the package.
    pub keyaki_version: String,
    /// The framework: `{"id", "name"}`.
    pub framework: Value,
    /// When the package was generated.
    pub generated_at: String,
    /// The snapshot: its folder, its time (the newest modification time of its files, ISO
    /// 8601 UTC), and every file with its SHA-256.
    pub snapshot: SnapshotInfo,
    /// Requirement counts by status, and result counts.
    pub summary: Value,
    /// Every requirement of the framework, in the framework's order.
    pub requirements: Vec<RequirementEntry>,
}

/// The snapshot the package was made from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotInfo {
    /// The folder, as given.
    pub path: String,
    /// The newest modification time of its files, ISO 8601 UTC (`null` when unknown).
    pub snapshot_time: Option<String>,
    /// Every file under the folder (hidden files excepted), sorted by path.
    pub files: Vec<SnapshotFile>,
}

/// A package in memory, ready to be written.
#[derive(Debug, Clone)]
pub struct AuditPackage {
    /// `index.json`.
    pub index: AuditIndex,
    /// The results of each requirement that rules check, by requirement id.
    pub findings: BTreeMap<String, Vec<CheckResult>>,
}

/// Why a package could not be made or written.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum AuditError {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> AuditError + '_ {
    move |source| AuditError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Runs the rules of `options.framework` on `snapshot` and gathers the package.
pub fn audit(snapshot: &Snapshot, options: &AuditOptions) -> Result<AuditPackage, AuditError> {
    let framework = options.framework;
    let mut check_options = options.check.clone();
    check_options.framework = Some(framework);
    let report = check(snapshot, &check_options);
    let (files, snapshot_time) = hash_files(snapshot.root())?;
    Ok(package(
        framework,
        &report,
        &check_options,
        options,
        SnapshotInfo {
            path: snapshot.root().display().to_string(),
            snapshot_time,
            files,
        },
    ))
}

fn package(
    framework: Framework,
    report: &CheckReport,
    check_options: &CheckOptions,
    options: &AuditOptions,
    snapshot: SnapshotInfo,
) -> AuditPackage {
    let catalog = Catalog::builtin();
    let mut requirements = Vec::new();
    let mut findings = BTreeMap::new();
    let mut by_status: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut totals = Counts::default();
    for r in &report.results {
        totals.add(r);
    }
    for req in framework.requirements() {
        let mut rules: Vec<String> = Vec::new();
        if !check_options.no_builtin {
            rules.extend(
                catalog
                    .rules_for(framework, req.id)
                    .iter()
                    .map(|r| r.id.to_owned()),
            );
        }
        rules.extend(
            check_options
                .custom
                .rules()
                .iter()
                .filter(|r| {
                    r.compliance
                        .iter()
                        .any(|(f, q)| *f == framework && q == req.id)
                })
                .map(|r| r.id.clone()),
        );
        let results: Vec<CheckResult> = report
            .results
            .iter()
            .filter(|r| {
                r.compliance
                    .iter()
                    .any(|c| c.framework == framework.id() && c.requirement == req.id)
            })
            .cloned()
            .collect();
        let mut counts = Counts::default();
        for r in &results {
            counts.add(r);
        }
        let status = if rules.is_empty() {
            if req.manual {
                RequirementStatus::Manual
            } else {
                RequirementStatus::NotAutomated
            }
        } else if counts.fail > 0 {
            RequirementStatus::Fail
        } else if counts.unknown > 0 {
            RequirementStatus::Unknown
        } else if counts.pass > 0 || counts.suppressed > 0 {
            RequirementStatus::Pass
        } else {
            RequirementStatus::NotApplicable
        };
        *by_status.entry(status.as_str()).or_default() += 1;
        let folder = (!rules.is_empty()).then(|| format!("requirements/{}/", safe_name(req.id)));
        if folder.is_some() {
            findings.insert(req.id.to_owned(), results);
        }
        requirements.push(RequirementEntry {
            id: req.id.to_owned(),
            title: req.title.to_owned(),
            status,
            rules,
            counts,
            folder,
        });
    }
    let index = AuditIndex {
        format_version: AUDIT_FORMAT_VERSION,
        keyaki_version: options.keyaki_version.clone(),
        framework: json!({"id": framework.id(), "name": framework.name()}),
        generated_at: options.generated_at.clone(),
        snapshot,
        summary: json!({
            "requirements": requirements.len(),
            "by_status": by_status,
            "results": totals,
        }),
        requirements,
    };
    AuditPackage { index, findings }
}

impl AuditPackage {
    /// Writes the package into `dir` (created if missing; files of an earlier package with the
    /// same names are replaced).
    pub fn write(&self, dir: &Path) -> Result<(), AuditError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        for entry in &self.index.requirements {
            let (Some(folder), Some(results)) = (&entry.folder, self.findings.get(&entry.id))
            else {
                continue;
            };
            let folder = dir.join(folder);
            let evidence_dir = folder.join("evidence");
            std::fs::create_dir_all(&evidence_dir).map_err(io(&evidence_dir))?;
            write_json(&folder.join("findings.json"), &results)?;
            for (n, r) in results.iter().enumerate() {
                let evidence = json!({
                    "result_id": r.id,
                    "rule_id": r.rule_id,
                    "status": r.status,
                    "resource_arn": r.resource_arn,
                    "account": r.account,
                    "region": r.region,
                    "evidence": r.evidence,
                });
                write_json(&evidence_dir.join(evidence_name(n, r)), &evidence)?;
            }
        }
        write_json(&dir.join("index.json"), &self.index)?;
        let html = dir.join("index.html");
        std::fs::write(&html, self.to_html()).map_err(io(&html))?;
        Ok(())
    }

    /// The self-contained page.
    pub fn to_html(&self) -> String {
        let ix = &self.index;
        let fw_name = ix.framework["name"].as_str().unwrap_or_default();
        let mut h = String::new();
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
             <title>{} evidence package</title><style>{CSS}</style></head><body>\n",
            esc(fw_name)
        );
        let _ = write!(
            h,
            "<h1>{}</h1>\n<table class=\"meta\">\
             <tr><th>Snapshot</th><td>{}</td></tr>\
             <tr><th>Snapshot time</th><td>{}</td></tr>\
             <tr><th>Generated</th><td>{}</td></tr>\
             <tr><th>Generated by</th><td>keyaki {}</td></tr>\
             <tr><th>Format</th><td>version {} (index.json)</td></tr></table>\n",
            esc(fw_name),
            esc(&ix.snapshot.path),
            esc(ix.snapshot.snapshot_time.as_deref().unwrap_or("unknown")),
            esc(&ix.generated_at),
            esc(&ix.keyaki_version),
            ix.format_version
        );
        h.push_str(
            "<h2>Summary</h2>\n<table><tr><th>Requirement status</th><th>Requirements</th></tr>",
        );
        if let Some(map) = ix.summary["by_status"].as_object() {
            for (k, v) in map {
                let _ = write!(
                    h,
                    "<tr><td><span class=\"s {k}\">{}</span></td><td>{}</td></tr>",
                    esc(k),
                    esc(&v.to_string())
                );
            }
        }
        h.push_str("</table>\n<h2>Requirements</h2>\n<table><tr><th>Id</th><th>Title</th><th>Status</th>\
                    <th>Pass</th><th>Fail</th><th>Suppressed</th><th>N/A</th><th>Unknown</th><th>Rules</th><th>Files</th></tr>\n");
        for r in &ix.requirements {
            let c = &r.counts;
            let files = match &r.folder {
                Some(f) => format!("<a href=\"{}findings.json\">findings.json</a>", esc(f)),
                None => String::new(),
            };
            let _ = writeln!(
                h,
                "<tr><td><a href=\"#req-{}\">{}</a></td><td>{}</td><td><span class=\"s {}\">{}</span></td>\
                 <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{files}</td></tr>",
                esc(&safe_name(&r.id)),
                esc(&r.id),
                esc(&r.title),
                r.status.as_str(),
                r.status.as_str(),
                c.pass,
                c.fail,
                c.suppressed,
                c.not_applicable,
                c.unknown,
                esc(&r.rules.join(", ")),
            );
        }
        h.push_str("</table>\n<h2>Results</h2>\n");
        for r in &ix.requirements {
            let Some(results) = self.findings.get(&r.id) else {
                continue;
            };
            let _ = writeln!(
                h,
                "<section id=\"req-{}\"><h3>{} {} <span class=\"s {}\">{}</span></h3>",
                esc(&safe_name(&r.id)),
                esc(&r.id),
                esc(&r.title),
                r.status.as_str(),
                r.status.as_str()
            );
            if results.is_empty() {
                h.push_str("<p>No resource of the types these rules check.</p>\n");
            } else {
                h.push_str("<table><tr><th>Status</th><th>Rule</th><th>Resource</th><th>Evidence</th></tr>\n");
                for (n, res) in results.iter().enumerate() {
                    let status = if res.status == Status::Fail && res.suppressed.is_some() {
                        "suppressed"
                    } else {
                        res.status.as_str()
                    };
                    let evidence = serde_json::to_string_pretty(&res.evidence).unwrap_or_default();
                    let _ = writeln!(
                        h,
                        "<tr><td><span class=\"s {status}\">{status}</span></td><td>{}<br><small>{}</small></td>\
                         <td>{}</td><td><details><summary><a href=\"{}evidence/{}\">{}</a></summary><pre>{}</pre></details></td></tr>",
                        esc(&res.rule_id),
                        esc(&res.title),
                        esc(&res.resource_arn),
                        esc(r.folder.as_deref().unwrap_or_default()),
                        esc(&evidence_name(n, res)),
                        esc(&evidence_name(n, res)),
                        esc(&evidence)
                    );
                }
                h.push_str("</table>\n");
            }
            h.push_str("</section>\n");
        }
        let _ = write!(
            h,
            "<h2>Snapshot files</h2>\n<p>{} files. Check them with <code>sha256sum</code> in the snapshot folder.</p>\n\
             <table><tr><th>SHA-256</th><th>Bytes</th><th>File</th></tr>\n",
            ix.snapshot.files.len()
        );
        for f in &ix.snapshot.files {
            let _ = writeln!(
                h,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(&f.sha256),
                f.bytes,
                esc(&f.path)
            );
        }
        h.push_str("</table>\n</body></html>\n");
        h
    }
}

const CSS: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}\
th{background:#f3f3f3}pre{white-space:pre-wrap;word-break:break-all;max-width:60em}\
.s{padding:.1em .5em;border-radius:.3em;font-weight:600}.pass{background:#d6f5d6}.fail{background:#f8d0d0}\
.suppressed{background:#f5e6c8}.unknown{background:#e8e0f5}.not_applicable{background:#eee}\
.manual{background:#d6e6f5}.not_automated{background:#f0f0f0;color:#666}code{font-size:.9em}";

/// HTML text and attribute escaping.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A file or folder name made of `[A-Za-z0-9._-]` only, never `.` or `..`.
fn safe_name(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    if out.chars().all(|c| c == '.') {
        out = out.replace('.', "_");
    }
    out
}

/// `0001-ec2.imdsv2-required-i-0abc.json`: numbered, so names never collide.
fn evidence_name(n: usize, r: &CheckResult) -> String {
    let resource = r.resource_arn.rsplit(['/', ':']).next().unwrap_or_default();
    format!(
        "{:04}-{}-{}.json",
        n + 1,
        safe_name(&r.rule_id),
        safe_name(resource)
    )
}

fn write_json(path: &Path, value: &impl Serialize) -> Result<(), AuditError> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| AuditError::Io {
        path: path.to_owned(),
        source: std::io::Error::other(e),
    })?;
    text.push('\n');
    std::fs::write(path, text).map_err(io(path))
}

/// Every file under `root` (hidden ones excepted) with its hash, and the newest modification
/// time.
fn hash_files(root: &Path) -> Result<(Vec<SnapshotFile>, Option<String>), AuditError> {
    let mut files = Vec::new();
    let mut newest: Option<std::time::SystemTime> = None;
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let entry = entry.map_err(io(&dir))?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let meta = std::fs::metadata(&path).map_err(io(&path))?;
            if meta.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).map_err(io(&path))?;
            if let Ok(m) = meta.modified() {
                newest = Some(newest.map_or(m, |n| n.max(m)));
            }
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let name: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.push(SnapshotFile {
                path: name.join("/"),
                bytes: meta.len(),
                sha256: hex(&Sha256::digest(&bytes)),
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let time = newest
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_secs()).ok())
        .map(crate::history::iso);
    Ok((files, time))
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_safe_names() {
        assert_eq!(
            esc("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(safe_name("../../etc/passwd"), ".._.._etc_passwd");
        assert_eq!(safe_name(".."), "__");
        assert_eq!(safe_name("1.4"), "1.4");
        assert_eq!(safe_name("AC-3(7)"), "AC-3_7_");
    }

    #[test]
    fn sha256_hex() {
        // FIPS 180-2 example: SHA-256("abc").
        assert_eq!(
            hex(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
