//! The HTML report in a real browser: Chromium, headless, renders the findings table with the
//! report's own script, runs none of the scripts that hostile resource names, tags and
//! evidence carry, and paints the page (styles applied, severity chart drawn).
//!
//! Needs `chromium` (Debian's package; `.ci/run` installs it). Without it the test is skipped,
//! except when `CI=true`, where a missing browser is a failure. `KEYAKI_CHROMIUM` names
//! another binary.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use keyaki_core::{AccountId, Finding, Region, Severity};
use keyaki_report::{
    Coverage, CoverageStatus, FindingFormat, FrameworkCoverage, RenderOptions, RequirementCoverage,
};
use serde_json::json;

const TITLE: &str = "keyaki check: browser test";

/// Each tries to run a script or add an element; none may.
const HOSTILE: &[&str] = &[
    "<script>document.title='PWNED'</script>",
    "\"><img src=x onerror=\"document.title='PWNED'\">",
    "'><svg onload=\"document.title='PWNED'\">",
    "</script><script>document.body.appendChild(document.createElement('hr')).id='pwned'</script>",
    "</style><script>document.title='PWNED'</script>",
    "javascript:document.title='PWNED'",
    "<!--<script>",
    "</textarea><iframe srcdoc=\"<script>parent.document.title='PWNED'</script>\"></iframe>",
];

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("KEYAKI_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

fn findings() -> Vec<Finding> {
    let mut all: Vec<Finding> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, h)| {
            Finding::builder(format!("hostile.{i}"), format!("title {h}"), Severity::High)
                .resource(format!("arn:aws:s3:::{h}"))
                .account(Some(AccountId::new("123456789012").unwrap()))
                .region(Some(Region::new("us-east-1").unwrap()))
                .evidence(json!({"Tags": [{"Key": "Name", "Value": h}], "note": h}))
                .remediation(format!("fix {h}"), Some(format!("aws s3 {h}")))
                .compliance("cis-3.0", *h)
                .build()
        })
        .collect();
    all.push(
        Finding::builder("iam.root-mfa", "Root user has no MFA", Severity::Critical)
            .resource("arn:aws:iam::123456789012:root")
            .account(Some(AccountId::new("123456789012").unwrap()))
            .build(),
    );
    all
}

fn coverage() -> Coverage {
    Coverage::new(vec![FrameworkCoverage {
        id: "cis-3.0".into(),
        name: HOSTILE[4].into(),
        requirements: HOSTILE
            .iter()
            .map(|h| RequirementCoverage {
                id: (*h).into(),
                title: (*h).into(),
                status: CoverageStatus::Automated,
                rules: vec![(*h).into()],
                pass: 0,
                fail: 1,
            })
            .collect(),
    }])
}

/// Runs the browser with `args` on `page`; its standard output.
fn run(browser: &Path, profile: &Path, args: &[&str], page: &Path) -> String {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: cannot start: {e}", browser.display()));
    // A guard against a hung browser, not a timing assertion.
    let deadline = Instant::now() + Duration::from_secs(180);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{} did not finish", browser.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{} failed: {}",
        browser.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn chromium_renders_the_report_and_runs_no_injected_script() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but chromium is missing: apt-get install -y chromium (or set KEYAKI_CHROMIUM)"
        );
        eprintln!("skipped: chromium not installed (apt-get install -y chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let findings = findings();
    let mut html = Vec::new();
    FindingFormat::Html
        .write(
            &findings,
            &mut html,
            &RenderOptions::new()
                .title(TITLE)
                .timestamp("2026-03-14T12:00:00Z")
                .coverage(coverage()),
        )
        .unwrap();
    std::fs::write(&page, &html).unwrap();

    // The DOM after the page's scripts ran.
    let dom = run(
        &browser,
        &dir.path().join("profile-dom"),
        &["--dump-dom"],
        &page,
    );
    let rows = dom.matches("<tr class=\"finding sev-").count();
    assert_eq!(
        rows,
        findings.len(),
        "the script drew one row per finding\n{dom}"
    );
    assert!(
        dom.contains(&format!("{0} of {0} findings shown", findings.len())),
        "{dom}"
    );
    assert!(
        dom.contains(&format!("<title>{TITLE}</title>")),
        "the title is untouched"
    );
    assert!(
        !dom.contains("id=\"pwned\""),
        "an injected script added an element"
    );
    assert!(
        !dom.contains("<iframe") && !dom.contains("<img") && !dom.contains("<hr"),
        "{dom}"
    );
    assert_eq!(
        dom.matches("<script").count(),
        2,
        "only the report's two script elements"
    );
    // The hostile text is on the page, as text, in the table and the evidence.
    assert!(
        dom.contains("arn:aws:s3:::&lt;script&gt;document.title='PWNED'&lt;/script&gt;"),
        "{dom}"
    );
    assert!(dom.contains("&lt;/style&gt;&lt;script&gt;"), "{dom}");
    assert!(
        dom.contains("\"Value\": \"javascript:document.title='PWNED'\""),
        "evidence is shown: {dom}"
    );
    // Filters are filled from the data, as text.
    assert!(
        dom.contains("<option value=\"hostile.0\">hostile.0</option>"),
        "{dom}"
    );

    // A screenshot: styled (the header's colour), with the chart's bars (critical and high).
    let shot = dir.path().join("report.png");
    run(
        &browser,
        &dir.path().join("profile-shot"),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,900",
        ],
        &page,
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert!(
        channels >= 3 && info.bit_depth == png::BitDepth::Eight,
        "{info:?}"
    );
    let pixels: Vec<[u8; 3]> = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    let near = |want: [u8; 3]| {
        pixels
            .iter()
            .filter(|p| p.iter().zip(want).all(|(&a, b)| a.abs_diff(b) <= 6))
            .count()
    };
    let white = near([255, 255, 255]);
    assert!(
        white < pixels.len() * 95 / 100,
        "the page is nearly blank: {white} of {} white",
        pixels.len()
    );
    assert!(
        near([0x23, 0x41, 0x2f]) > 1000,
        "the header is styled (the CSP let the style sheet in)"
    );
    assert!(
        near([0xd3, 0x2f, 0x2f]) > 500,
        "the bar of high findings is drawn"
    );
    assert!(
        near([0x7b, 0x1f, 0xa2]) > 20,
        "the bar of critical findings is drawn"
    );
}
