//! `keyaki ingest`, `query`, `detect` and `timeline` on the bundled example's logs, against
//! its README's ground truth.

#![allow(clippy::unwrap_used)] // a test that cannot read its own data should stop right there

mod common;

use common::{example, example_lake, keyaki, run, stdout_json};
use serde_json::Value;

const STOLEN_KEY: &str = "ASIABZPUZDIKIRIUQMHC";
const ATTACKER_1: &str = "203.0.113.45";

#[test]
fn ingest_accounts_for_every_record_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let lake = dir.path().join("lake");
    let report = stdout_json(
        keyaki()
            .args(["ingest", "--format", "json", "--lake"])
            .arg(&lake)
            .arg(example().join("logs")),
    );
    let totals = &report["totals"];
    let n = |v: &Value| v.as_u64().unwrap();
    assert_eq!(
        n(&totals["read"]),
        n(&totals["written"]) + n(&totals["quarantined"]) + n(&totals["skipped"])
    );
    // The README: 483 CloudTrail records, 5500 flow records, 1196 ALB entries, 578 + 588
    // nginx lines; one digest file.
    assert_eq!(n(&totals["written"]), 483 + 5500 + 1196 + 578 + 588);
    assert_eq!(n(&totals["quarantined"]), 0);
    let files = report["files"].as_array().unwrap();
    let status = |s: &str| files.iter().filter(|f| f["status"] == s).count();
    assert_eq!(status("digest_skipped"), 1);
    assert_eq!(status("ingested"), files.len() - 1);
    // Again: nothing new.
    let (out, err) = run(
        keyaki()
            .args(["ingest", "--lake"])
            .arg(&lake)
            .arg(example().join("logs")),
        0,
    );
    assert_eq!(err, "");
    let out = out.replace(&lake.display().to_string(), "LAKE");
    insta::assert_snapshot!(out, @r"
    0 files ingested into LAKE (497 input files given)
    496 files already in the lake (same content): nothing written
    1 CloudTrail digest file skipped (they hold no records)
    records: 0 read = 0 written + 0 quarantined + 0 skipped
    ");
}

#[test]
fn ingest_reports_bad_records_and_unknown_files() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    std::fs::write(logs.join("notes.txt"), "hello\n").unwrap();
    std::fs::write(
        logs.join("trail.json"),
        r#"{"Records": [
{"eventVersion": "1.08", "eventTime": "2026-03-12T00:00:00Z", "eventSource": "s3.amazonaws.com", "eventName": "GetObject", "awsRegion": "us-east-1", "recipientAccountId": "123456789012"},
{"eventVersion": "1.08"}
]}"#,
    )
    .unwrap();
    let lake = dir.path().join("lake");
    let (out, _) = run(keyaki().args(["ingest", "--lake"]).arg(&lake).arg(&logs), 0);
    let root = dir.path().display().to_string();
    let out = out.replace(&root, "TMP");
    let out = regex_quarantine(&out);
    insta::assert_snapshot!(out, @r"
    1 file ingested into TMP/lake (2 input files given)
    ╭────────────┬───────┬──────┬─────────┬─────────────┬─────────╮
    │ Source     ┆ Files ┆ Read ┆ Written ┆ Quarantined ┆ Skipped │
    ╞════════════╪═══════╪══════╪═════════╪═════════════╪═════════╡
    │ cloudtrail ┆     1 ┆    2 ┆       1 ┆           1 ┆       0 │
    │ total      ┆     1 ┆    2 ┆       1 ┆           1 ┆       0 │
    ╰────────────┴───────┴──────┴─────────┴─────────────┴─────────╯
    not a log keyaki reads: TMP/logs/notes.txt: not a CloudTrail, VPC Flow Logs, ALB or nginx log
    1 record quarantined: TMP/logs/trail.json
    quarantine, with the reasons: TMP/lake/_keyaki/quarantine/BATCH.jsonl
    records: 2 read = 1 written + 1 quarantined + 0 skipped
    ");
    // A path that does not exist is an error.
    let (_, err) = run(
        keyaki()
            .args(["ingest", "--lake"])
            .arg(&lake)
            .arg(dir.path().join("missing")),
        1,
    );
    assert!(
        err.starts_with("error: cannot ingest into the lake "),
        "{err}"
    );
    assert!(err.contains("missing"), "{err}");
}

/// The quarantine file is named after its batch, a hash: `BATCH`.
fn regex_quarantine(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("/quarantine/") {
            Some(i) => format!("{}/quarantine/BATCH.jsonl", &l[..i]),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn query_answers_in_every_format_and_explains_bad_sql() {
    let lake = example_lake();
    let sql = "SELECT eventname, count(*) AS n FROM cloudtrail_logs \
               WHERE eventname IN ('StopLogging', 'CreatePolicyVersion') GROUP BY 1 ORDER BY 1";
    let rows = stdout_json(
        keyaki()
            .arg("query")
            .arg(&lake.path)
            .arg(sql)
            .args(["--format", "json"]),
    );
    assert_eq!(
        rows,
        serde_json::json!([
            {"eventname": "CreatePolicyVersion", "n": 1},
            {"eventname": "StopLogging", "n": 1}
        ])
    );
    let (csv, _) = run(
        keyaki()
            .arg("query")
            .arg(&lake.path)
            .arg(sql)
            .args(["--format", "csv"]),
        0,
    );
    assert_eq!(csv, "eventname,n\nCreatePolicyVersion,1\nStopLogging,1\n");
    let (jsonl, _) = run(
        keyaki()
            .arg("query")
            .arg(&lake.path)
            .arg(sql)
            .args(["--format", "jsonl"]),
        0,
    );
    assert_eq!(jsonl.lines().count(), 2);
    let (table, _) = run(keyaki().arg("query").arg(&lake.path).arg(sql), 0);
    insta::assert_snapshot!(table, @r"
    ╭─────────────────────┬───╮
    │ eventname           ┆ n │
    ╞═════════════════════╪═══╡
    │ CreatePolicyVersion ┆ 1 │
    │ StopLogging         ┆ 1 │
    ╰─────────────────────┴───╯
    2 rows
    ");
    // Every flow log record is there.
    let rows = stdout_json(
        keyaki()
            .arg("query")
            .arg(&lake.path)
            .arg("SELECT count(*) AS n FROM vpc_flow_logs")
            .args(["--format", "json"]),
    );
    assert_eq!(rows[0]["n"], 5500);

    // Bad SQL: exit 1, the problem named, a hint with the tables.
    let (out, err) = run(
        keyaki()
            .arg("query")
            .arg(&lake.path)
            .arg("SELECT * FROM cloudtrail"),
        1,
    );
    assert_eq!(out, "");
    insta::assert_snapshot!(err, @r"
    error: cannot run the query
      caused by: sql: Error during planning: table 'keyaki.lake.cloudtrail' not found
    hint: tables are cloudtrail_logs, vpc_flow_logs, alb_logs and nginx_logs
    ");
    let (_, err) = run(keyaki().arg("query").arg(&lake.path).arg("SELEC 1"), 1);
    assert!(err.starts_with("error: cannot run the query\n"), "{err}");
    assert!(err.contains("SELEC"), "{err}");
    // A lake that does not exist is an error, not an empty answer.
    let (_, err) = run(
        keyaki()
            .arg("query")
            .arg(lake.path.join("nope"))
            .arg("SELECT 1"),
        1,
    );
    assert!(err.contains("nope: no such directory"), "{err}");
}

#[test]
fn query_sees_the_ioc_list() {
    let lake = example_lake();
    let dir = tempfile::tempdir().unwrap();
    let ioc = dir.path().join("bad.txt");
    std::fs::write(
        &ioc,
        "# attacker\n198.51.100.77, upload server\n203.0.113.45\n",
    )
    .unwrap();
    let rows = stdout_json(
        keyaki()
            .arg("query")
            .arg(&lake.path)
            .arg(
                "SELECT i.address, count(*) AS calls FROM cloudtrail_logs c \
                 JOIN ioc_addresses i ON c.sourceipaddress = i.address GROUP BY 1 ORDER BY 1",
            )
            .args(["--format", "json", "--ioc"])
            .arg(&ioc),
    );
    let addresses: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["address"].as_str().unwrap())
        .collect();
    assert_eq!(addresses, ["198.51.100.77", ATTACKER_1]);
}

#[test]
fn detect_finds_the_attack_and_fails_on_severity() {
    let lake = example_lake();
    let findings = stdout_json(
        keyaki()
            .arg("detect")
            .arg(&lake.path)
            .args(["--format", "json"]),
    );
    let findings = findings.as_array().unwrap();
    let find = |rule: &str| -> &Value {
        findings
            .iter()
            .find(|f| f["rule_id"] == rule)
            .unwrap_or_else(|| panic!("no {rule} finding"))
    };
    // 10:13:05 StopLogging on management-trail.
    let stop = find("ct.cloudtrail-tampering");
    assert_eq!(stop["resource_arn"], "management-trail");
    assert!(stop["evidence"].to_string().contains("StopLogging"));
    // 09:36:48 CreatePolicyVersion on developer-policy.
    let escalation = find("ct.policy-version-escalation");
    assert!(
        escalation["resource_arn"]
            .as_str()
            .unwrap()
            .ends_with(":policy/developer-policy")
    );
    // 09:14:03 web-1's instance credentials used from the attacker's address.
    let stolen = find("ct.instance-credential-exfiltration");
    assert_eq!(stolen["evidence"]["access_key_id"], STOLEN_KEY);
    assert!(stolen["evidence"].to_string().contains(ATTACKER_1));
    // Findings are worst first, each with a stable id.
    let rank = |s: &Value| {
        ["informational", "low", "medium", "high", "critical"]
            .iter()
            .position(|x| s == x)
            .unwrap()
    };
    assert!(
        findings
            .windows(2)
            .all(|w| rank(&w[0]["severity"]) >= rank(&w[1]["severity"]))
    );
    assert!(
        findings
            .iter()
            .all(|f| f["id"].as_str().unwrap().len() == 32)
    );

    // The table ends with the count by severity; --fail-on sets the exit code.
    let (table, _) = run(keyaki().arg("detect").arg(&lake.path), 0);
    assert!(table.contains("ct.cloudtrail-tampering"), "{table}");
    assert!(table.contains(" findings: "), "{table}");
    keyaki()
        .arg("detect")
        .arg(&lake.path)
        .args(["--fail-on", "high"])
        .assert()
        .code(3);
    // The other finding formats carry the same findings.
    let (csv, _) = run(
        keyaki()
            .arg("detect")
            .arg(&lake.path)
            .args(["--format", "csv"]),
        0,
    );
    assert_eq!(
        csv::Reader::from_reader(csv.as_bytes()).records().count(),
        findings.len()
    );
    let (jsonl, _) = run(
        keyaki()
            .arg("detect")
            .arg(&lake.path)
            .args(["--format", "jsonl"]),
        0,
    );
    assert_eq!(jsonl.lines().count(), findings.len());
}

#[test]
fn detect_runs_your_own_detections_and_reports_the_broken_ones() {
    let lake = example_lake();
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.sql");
    std::fs::write(
        &mine,
        "-- id: acme.secret-read\n\
         -- title: Secret read from outside the VPC\n\
         -- severity: low\n\
         -- mitre: T1552\n\
         SELECT useridentity.arn AS actor, eventtime AS first_seen, [eventid] AS event_ids \
         FROM cloudtrail_logs WHERE eventname = 'GetSecretValue' AND sourceipaddress = '203.0.113.45'\n\
         \n\
         -- id: acme.nothing\n\
         -- title: Never fires\n\
         -- severity: critical\n\
         SELECT useridentity.arn AS actor FROM cloudtrail_logs WHERE eventname = 'NoSuchCall'\n",
    )
    .unwrap();
    let findings = stdout_json(
        keyaki()
            .arg("detect")
            .arg(&lake.path)
            .args(["--no-builtin", "--format", "json", "--rules"])
            .arg(&mine),
    );
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule_id"], "acme.secret-read");
    assert!(
        findings[0]["resource_arn"]
            .as_str()
            .unwrap()
            .contains("web-server-role")
    );
    // Only a low finding: --fail-on medium passes, --fail-on low does not.
    for (threshold, code) in [("medium", 0), ("low", 3)] {
        keyaki()
            .arg("detect")
            .arg(&lake.path)
            .args(["--no-builtin", "--fail-on", threshold, "--rules"])
            .arg(&mine)
            .assert()
            .code(code);
    }
    // A detection whose SQL fails: the others still run, the failure is named, exit 1.
    let broken = dir.path().join("broken.sql");
    std::fs::write(
        &broken,
        "-- id: acme.broken\n-- title: Broken\n-- severity: high\nSELECT nope FROM cloudtrail_logs\n",
    )
    .unwrap();
    let (out, err) = run(
        keyaki()
            .arg("detect")
            .arg(&lake.path)
            .args(["--no-builtin", "--format", "json", "--rules"])
            .arg(&mine)
            .arg("--rules")
            .arg(&broken),
        1,
    );
    let printed: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(printed.as_array().unwrap().len(), 1);
    assert!(
        err.starts_with("error: detection acme.broken could not run: sql: "),
        "{err}"
    );
    assert!(
        err.ends_with(
            "error: 1 of 3 detections could not run; the findings above are from the others\n"
        ),
        "{err}"
    );
    // A detection file without a header, a missing file, nothing to run: errors.
    let headless = dir.path().join("headless.sql");
    std::fs::write(&headless, "SELECT 1\n").unwrap();
    for args in [
        vec!["--rules".to_owned(), headless.display().to_string()],
        vec![
            "--rules".to_owned(),
            dir.path().join("missing.sql").display().to_string(),
        ],
        vec!["--no-builtin".to_owned()],
    ] {
        let (_, err) = run(keyaki().arg("detect").arg(&lake.path).args(&args), 1);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
}

#[test]
fn detect_runs_sigma_rules_and_names_the_unsupported_ones() {
    let lake = example_lake();
    let sigma = example().join("../../crates/keyaki-lake/tests/data/sigma");
    let (out, err) = run(
        keyaki()
            .arg("detect")
            .arg(&lake.path)
            .args(["--no-builtin", "--format", "json", "--sigma"])
            .arg(&sigma),
        0,
    );
    // aws_delete_saml_provider.yml matches on `status`, which CloudTrail records lack.
    assert!(
        err.contains("aws_delete_saml_provider.yml: Sigma rule not run: selection selection: unknown CloudTrail field \"status\""),
        "{err}"
    );
    assert!(err.contains("1 of 57 Sigma rules"), "{err}");
    let findings: Value = serde_json::from_str(&out).unwrap();
    let findings = findings.as_array().unwrap();
    // 10:13 StopLogging: SigmaHQ's "AWS CloudTrail Important Change".
    let stop = findings
        .iter()
        .find(|f| f["rule_id"] == "4db60cc0-36fb-42b7-9b58-a5b53019fb74")
        .expect("StopLogging found by the Sigma rule");
    assert_eq!(stop["title"], "AWS CloudTrail Important Change");
    assert_eq!(stop["severity"], "medium");
    let e = &stop["evidence"];
    assert_eq!(e["mitre"], serde_json::json!(["T1685.002"]));
    assert!(
        e["sigma_tags"]
            .to_string()
            .contains("attack.defense-impairment")
    );
    assert!(e["event_names"].to_string().contains("StopLogging"));
    assert!(!e["event_ids"].as_array().unwrap().is_empty());
    // A folder with no rules is an error.
    let empty = tempfile::tempdir().unwrap();
    let (_, err) = run(
        keyaki()
            .arg("detect")
            .arg(&lake.path)
            .arg("--sigma")
            .arg(empty.path()),
        1,
    );
    assert!(err.contains("no .yml Sigma rules"), "{err}");
}

#[test]
fn detect_list_needs_no_lake() {
    let list = stdout_json(keyaki().args(["detect", "--list", "--format", "json"]));
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert!(ids.len() >= 30, "{ids:?}");
    for id in [
        "ct.cloudtrail-tampering",
        "ct.policy-version-escalation",
        "ct.instance-credential-exfiltration",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
    let (table, _) = run(keyaki().args(["detect", "--list"]), 0);
    assert!(table.contains("T1562.008"), "{table}");
    // Without --list the lake is required.
    keyaki().arg("detect").assert().failure();
}

/// The cells of each `<tr>` of the page's table body, unescaped.
fn html_rows(page: &str) -> Vec<Vec<String>> {
    let body = page.split("<tbody>").nth(1).unwrap();
    let body = body.split("</tbody>").next().unwrap();
    let unescape = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    };
    body.split("<tr ")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let inner = &cell[cell.find('>').unwrap() + 1..];
                    unescape(&inner[..inner.find("</td>").unwrap()])
                })
                .collect()
        })
        .collect()
}

#[test]
fn timeline_as_html_holds_every_event_in_order_and_escapes_log_values() {
    let lake = example_lake();
    let json = stdout_json(
        keyaki()
            .arg("timeline")
            .arg(&lake.path)
            .args(["--actor", STOLEN_KEY, "--format", "json"]),
    );
    let (page, _) = run(
        keyaki()
            .arg("timeline")
            .arg(&lake.path)
            .args(["--actor", STOLEN_KEY, "--format", "html"]),
        0,
    );
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.trim_end().ends_with("</html>"));
    // Self-contained: no scripts, nothing loaded from elsewhere.
    for banned in ["<script", "src=", "href=", "<link", "@import", "url("] {
        assert!(!page.contains(banned), "{banned}");
    }
    let events = json["events"].as_array().unwrap();
    let rows = html_rows(&page);
    assert_eq!(rows.len(), events.len());
    let text = |v: &Value| v.as_str().unwrap_or("").to_owned();
    for (row, e) in rows.iter().zip(events) {
        assert_eq!(row.len(), 9);
        assert_eq!(row[0], text(&e["time"]));
        assert_eq!(row[1], text(&e["source"]));
        assert_eq!(row[2], text(&e["action"]));
        assert_eq!(row[4], text(&e["actor"]));
        assert_eq!(row[7], text(&e["id"]));
    }
    // Every `<` on the page opens one of the page's own tags.
    let tags = [
        "!DOCTYPE", "html", "/html", "head", "/head", "meta", "title", "/title", "style", "/style",
        "body", "/body", "h1", "/h1", "dl", "/dl", "dt", "/dt", "dd", "/dd", "table", "/table",
        "thead", "/thead", "tbody", "/tbody", "tr", "/tr", "th", "/th", "td", "/td",
    ];
    for part in page.split('<').skip(1) {
        let name: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '!')
            .collect();
        assert!(tags.contains(&name.as_str()), "unexpected tag <{name}");
    }

    // A web request carrying markup: shown as text, never as a tag.
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    std::fs::write(
        logs.join("access.log"),
        "198.51.100.9 - - [12/Mar/2026:09:00:00 +0000] \"GET /?q=<script>alert(1)</script> HTTP/1.1\" 200 12 \"-\" \"<script>evil()</script>\"\n",
    )
    .unwrap();
    let evil_lake = dir.path().join("lake");
    keyaki()
        .args(["ingest", "--lake"])
        .arg(&evil_lake)
        .arg(&logs)
        .assert()
        .success();
    let (page, _) = run(
        keyaki().arg("timeline").arg(&evil_lake).args([
            "--actor",
            "198.51.100.9",
            "--format",
            "html",
        ]),
        0,
    );
    assert!(!page.contains("<script"), "{page}");
    let rows = html_rows(&page);
    assert_eq!(rows.len(), 1, "{page}");
    assert!(
        rows[0][2].contains("<script>alert(1)</script>"),
        "{:?}",
        rows[0]
    );
}

#[test]
fn timeline_of_the_stolen_credentials_tells_the_story_in_order() {
    let lake = example_lake();
    let t = stdout_json(
        keyaki()
            .arg("timeline")
            .arg(&lake.path)
            .args(["--actor", STOLEN_KEY, "--format", "json"]),
    );
    assert_eq!(t["actor"], STOLEN_KEY);
    assert!(
        t["addresses"]
            .as_array()
            .unwrap()
            .contains(&Value::from(ATTACKER_1))
    );
    let events = t["events"].as_array().unwrap();
    let times: Vec<&str> = events.iter().map(|e| e["time"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "in time order");
    let first = |pred: &dyn Fn(&Value) -> bool| events.iter().position(pred).unwrap();
    let action = |a: &'static str| move |e: &Value| e["action"] == a;
    // The port scan, then the web exploit, then the stolen credentials' calls.
    let scan = first(&|e| e["source"] == "vpcflow");
    let web = first(&|e| e["source"] == "alb");
    let caller = first(&action("sts:GetCallerIdentity"));
    let secret = first(&action("secretsmanager:GetSecretValue"));
    assert!(
        scan < web && web < caller && caller < secret,
        "{scan} {web} {caller} {secret}"
    );
    assert!(
        events[caller]["time"]
            .as_str()
            .unwrap()
            .starts_with("2026-03-12T09:14:03")
    );

    // The table: what was followed, then one line per event.
    let (table, _) = run(
        keyaki()
            .arg("timeline")
            .arg(&lake.path)
            .args(["--actor", STOLEN_KEY])
            .args([
                "--from",
                "2026-03-12T09:14:00Z",
                "--to",
                "2026-03-12T09:14:30Z",
            ]),
        0,
    );
    insta::assert_snapshot!(table, @r"
    timeline of ASIABZPUZDIKIRIUQMHC: 2 events
      access keys followed: ASIABZPUZDIKIRIUQMHC
      principals followed: arn:aws:sts::123456789012:assumed-role/web-server-role/i-a8c31c8d9e52e859f
      addresses followed: 203.0.113.45

    2026-03-12T09:14:03Z  cloudtrail  sts:GetCallerIdentity by arn:aws:sts::123456789012:assumed-role/web-server-role/i-a8c31c8d9e52e859f from 203.0.113.45
    2026-03-12T09:14:22Z  cloudtrail  iam:ListUsers by arn:aws:sts::123456789012:assumed-role/web-server-role/i-a8c31c8d9e52e859f from 203.0.113.45
    ");
    let (csv, _) = run(
        keyaki()
            .arg("timeline")
            .arg(&lake.path)
            .args(["--actor", STOLEN_KEY, "--format", "csv"]),
        0,
    );
    assert_eq!(
        csv::Reader::from_reader(csv.as_bytes()).records().count(),
        events.len()
    );
    // A time that is not ISO 8601 is an error.
    let (_, err) = run(
        keyaki().arg("timeline").arg(&lake.path).args([
            "--actor",
            STOLEN_KEY,
            "--from",
            "yesterday",
        ]),
        1,
    );
    assert!(err.contains("ISO 8601"), "{err}");
}

#[test]
fn export_writes_ocsf_parquet_in_security_lake_layout() {
    let dir = tempfile::tempdir().unwrap();
    let lake = example_lake();
    let out = dir.path().join("ocsf");
    let report = stdout_json(
        keyaki()
            .arg("export")
            .arg(&lake.path)
            .args(["--ocsf", "--format", "json", "--output"])
            .arg(&out),
    );
    // The README: 483 CloudTrail records and 5500 flow records.
    assert_eq!(report["written"]["API Activity"], 483);
    assert_eq!(report["written"]["Network Activity"], 5500);
    assert_eq!(report["skipped"].as_array().unwrap().len(), 0);
    let files = report["files"].as_array().unwrap();
    assert!(files.iter().all(|f| {
        let p = f["path"].as_str().unwrap();
        p.contains("/aws/")
            && p.contains("/2.0/region=us-east-1/accountId=123456789012/eventDay=2026031")
    }));
    // A second export into the same folder is refused, naming it.
    let (_, err) = run(
        keyaki()
            .arg("export")
            .arg(&lake.path)
            .args(["--ocsf", "--output"])
            .arg(&out),
        1,
    );
    assert!(err.contains("not empty"), "{err}");
    // --ocsf is required.
    let (_, err) = run(
        keyaki()
            .arg("export")
            .arg(&lake.path)
            .arg("--output")
            .arg(dir.path().join("x")),
        2,
    );
    assert!(err.contains("--ocsf"), "{err}");
}

#[test]
fn synthetic_cloudtrail_logs_ingest_with_nothing_quarantined() {
    let dir = tempfile::tempdir().unwrap();
    let trail = dir.path().join("trail");
    let (out, _) = run(
        keyaki().arg("synth").arg(&trail).args([
            "--logs",
            "4MB",
            "--accounts",
            "2",
            "--log-regions",
            "3",
            "--seed",
            "5",
        ]),
        0,
    );
    // "wrote DIR in S s: F CloudTrail files, R records, ..."
    let records: u64 = out
        .split(", ")
        .find_map(|p| p.strip_suffix(" records"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(records > 0);
    let lake = dir.path().join("lake");
    let report = stdout_json(
        keyaki()
            .args(["ingest", "--format", "json", "--lake"])
            .arg(&lake)
            .arg(&trail),
    );
    let totals = &report["totals"];
    assert_eq!(totals["quarantined"], 0);
    assert_eq!(totals["skipped"], 0);
    assert_eq!(totals["read"], records);
    assert_eq!(totals["written"], records);
    let (count, _) = run(
        keyaki()
            .arg("query")
            .arg(&lake)
            .arg("SELECT count(*) AS n, count(DISTINCT eventid) AS ids, count(DISTINCT account) AS accounts, count(DISTINCT awsregion) AS regions FROM cloudtrail_logs")
            .args(["--format", "csv"]),
        0,
    );
    // The accounts and regions of the files' folders (AWSLogs/<account>/CloudTrail/<region>/);
    // the first file is in us-east-1, where IAM and sign-in events are logged from every region.
    let mut accounts = 0;
    let mut regions = std::collections::BTreeSet::new();
    for a in std::fs::read_dir(trail.join("AWSLogs")).unwrap() {
        accounts += 1;
        for r in std::fs::read_dir(a.unwrap().path().join("CloudTrail")).unwrap() {
            regions.insert(r.unwrap().file_name());
        }
    }
    assert!(regions.contains(std::ffi::OsStr::new("us-east-1")));
    assert_eq!(
        count.trim(),
        format!(
            "n,ids,accounts,regions\n{records},{records},{accounts},{}",
            regions.len()
        )
    );
}
