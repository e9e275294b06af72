//! The timeline page in a real browser: headless Chromium renders `Timeline::to_html` for a
//! lake whose logs carry hostile values (script tags, event-handler attributes, quotes,
//! `javascript:` URLs in request parameters, user agents, request lines and event names), and
//! the rendered DOM must show every event, show the hostile values as text, and show no sign
//! that any of them ran. The page is rendered twice: as written (with its Content-Security-Policy)
//! and with the policy removed, so escaping alone is shown to be enough.
//!
//! Skipped when Chromium is missing, except under CI (`CI=true`), where a missing browser fails
//! the test. The browser path is `$CHROMIUM`, else `/usr/bin/chromium`, else `chromium` on PATH.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

use std::path::{Path, PathBuf};
use std::process::Command;

use keyaki_lake::{IngestOptions, Lake, TimelineQuery, ingest, timeline};

const KEY: &str = "AKIAHOSTILE000000001";
const ADDRESS: &str = "198.51.100.23";

/// Each payload, if it ever ran, would mark the document (`data-pwned` on the root element)
/// and change the title.
const RUN: &str = "document.documentElement.setAttribute('data-pwned','1');document.title='PWNED'";

fn payloads() -> Vec<String> {
    vec![
        format!("<script>{RUN}</script>"),
        format!("\"><img src=x onerror=\"{RUN}\">"),
        format!("'><svg onload=\"{RUN}\"></svg>"),
        format!("javascript:{RUN}"),
        format!("</td></tr></tbody></table><iframe src=\"javascript:parent.{RUN}\"></iframe>"),
    ]
}

fn browser() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("CHROMIUM").map(PathBuf::from),
        Some(PathBuf::from("/usr/bin/chromium")),
        Some(PathBuf::from("chromium")),
    ];
    candidates.into_iter().flatten().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn write_logs(dir: &Path) {
    let p = payloads();
    let mut records = Vec::new();
    for (i, payload) in p.iter().enumerate() {
        records.push(serde_json::json!({
            "eventVersion": "1.09",
            "userIdentity": {
                "type": "IAMUser",
                "principalId": "AIDAHOSTILE0000000001",
                "arn": "arn:aws:iam::123456789012:user/mallory",
                "accountId": "123456789012",
                "accessKeyId": KEY,
                "userName": "mallory"
            },
            "eventTime": format!("2026-03-12T09:0{i}:00Z"),
            "eventSource": "s3.amazonaws.com",
            "eventName": if i == 2 { payload.clone() } else { "PutBucketPolicy".to_owned() },
            "awsRegion": "us-east-1",
            "sourceIPAddress": ADDRESS,
            "userAgent": payload,
            "requestParameters": {"bucketName": payload, "policy": payload},
            "errorCode": if i == 1 { Some(payload.clone()) } else { None },
            "responseElements": null,
            "requestID": format!("req-{i}"),
            "eventID": format!("00000000-0000-4000-a000-00000000000{i}"),
            "readOnly": false,
            "eventType": "AwsApiCall",
            "managementEvent": true,
            "recipientAccountId": "123456789012",
            "eventCategory": "Management"
        }));
    }
    let ct = dir.join("123456789012_CloudTrail_us-east-1_20260312T0910Z_hostile.json");
    std::fs::write(&ct, serde_json::json!({ "Records": records }).to_string()).unwrap();
    let web = dir.join("web-1");
    std::fs::create_dir_all(&web).unwrap();
    let mut lines = String::new();
    for (i, payload) in p.iter().enumerate() {
        let path = payload.replace(' ', "%20").replace('"', "%22");
        lines.push_str(&format!(
            "{ADDRESS} - - [12/Mar/2026:09:1{i}:00 +0000] \"GET /search?q={path} HTTP/1.1\" 200 512 \"{}\" \"{}\"\n",
            payload.replace('"', "\\\""),
            payload.replace('"', "\\\"")
        ));
    }
    std::fs::write(web.join("access.log"), lines).unwrap();
}

fn render(chromium: &Path, page: &Path, profile: &Path) -> String {
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text of each cell of each body row of the rendered table (tags stripped, entities
/// decoded for the few the serialiser writes).
fn rows(dom: &str) -> Vec<Vec<String>> {
    let body = dom
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tbody>")
        .next()
        .unwrap();
    body.split("<tr")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let inner = &cell[cell.find('>').unwrap() + 1..];
                    let inner = inner.split("</td>").next().unwrap();
                    inner
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&amp;", "&")
                })
                .collect()
        })
        .collect()
}

#[test]
fn hostile_log_values_render_as_text_and_never_run() {
    let Some(chromium) = browser() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("chromium is missing: CI must install it (apt-get install chromium)");
        }
        eprintln!("skipped: chromium is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    write_logs(&logs);
    let lake_dir = dir.path().join("lake");
    let options = IngestOptions::new()
        .account("123456789012")
        .region("us-east-1");
    let report = ingest(&lake_dir, &[logs], &options).unwrap();
    assert_eq!(report.totals.quarantined, 0, "{report:?}");
    assert_eq!(report.totals.written, 10);
    let lake = Lake::open(&lake_dir).unwrap();
    let t = timeline(&lake, &TimelineQuery::new(KEY)).unwrap();
    assert_eq!(t.events.len(), 10, "{:?}", t.events);
    let html = t.to_html();

    let csp = "<meta http-equiv=\"Content-Security-Policy\"";
    assert!(html.contains(csp));
    let without_csp: String = html
        .lines()
        .filter(|l| !l.starts_with(csp))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!without_csp.contains("Content-Security-Policy"));

    for (name, page) in [
        ("with-csp.html", html.clone()),
        ("without-csp.html", without_csp),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &page).unwrap();
        let dom = render(
            &chromium,
            &path,
            &dir.path().join(format!("profile-{name}")),
        );
        assert!(dom.contains("<table id=\"events\">"), "{name}: {dom}");
        // Nothing ran: the root element has only its own attribute, the title is unchanged.
        // (The payloads' text, "data-pwned" included, is in the page as escaped text.)
        let root = &dom[dom.find("<html").unwrap()..];
        let root = &root[..root.find('>').unwrap() + 1];
        assert_eq!(root, "<html lang=\"en\">", "{name}: a payload ran: {dom}");
        assert!(
            dom.contains(&format!("<title>keyaki timeline: {KEY}</title>")),
            "{name}: a payload ran: {dom}"
        );
        // No element came from a log value.
        for tag in ["<script", "<img", "<svg", "<iframe"] {
            assert!(!dom.contains(tag), "{name}: {tag} in the DOM: {dom}");
        }
        // Every event is a row, in time order, with the hostile values shown as text.
        let rows = rows(&dom);
        assert_eq!(rows.len(), t.events.len(), "{name}");
        for (row, e) in rows.iter().zip(&t.events) {
            assert_eq!(row[0], e.time, "{name}");
            assert_eq!(row[1], e.source.as_str(), "{name}");
            assert_eq!(row[2], e.action, "{name}");
            assert_eq!(row[3], e.target.clone().unwrap_or_default(), "{name}");
            assert_eq!(row[7], e.id.clone().unwrap_or_default(), "{name}");
        }
        let text: String = rows
            .iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join("\n");
        for p in payloads() {
            // The CloudTrail targets (bucketName) carry every payload verbatim.
            assert!(text.contains(&p), "{name}: {p} not shown as text");
        }
        assert!(text.contains("javascript:"), "{name}");
    }
}
