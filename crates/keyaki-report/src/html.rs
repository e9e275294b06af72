//! A self-contained HTML report: one file that opens in any browser without a network.
//!
//! The page carries its own CSS and JavaScript inline and draws the severity chart as inline
//! SVG. A Content-Security-Policy meta allows only that one style sheet and that one script
//! (by SHA-256 hash) and nothing from anywhere else, so the page loads nothing and runs no
//! other script even if some text slipped through. Text from the findings is never written as
//! markup: the coverage tables escape every character that HTML gives a meaning to, and the
//! findings go into a `<script type="application/json">` block with `<`, `>` and `&`
//! written as `\u003c`, `\u003e` and `\u0026`, which the script reads with `JSON.parse` and
//! puts on the page with `textContent` only. Nothing from the data becomes a link.

use std::fmt::Write as _;
use std::io::{BufWriter, Write};

use keyaki_core::{Finding, Severity};
use sha2::{Digest, Sha256};

use crate::{Coverage, CoverageStatus, Error, RenderOptions};

const SCRIPT: &str = include_str!("html/report.js");
const STYLE: &str = include_str!("html/report.css");

/// Writes the report of `findings` to `out`.
pub(crate) fn write(
    findings: &[Finding],
    out: impl Write,
    options: &RenderOptions,
) -> Result<(), Error> {
    let page = render(
        findings,
        options.title_value().unwrap_or("keyaki findings"),
        &options.now_iso8601(),
        options.coverage_value(),
    )?;
    let mut out = BufWriter::new(out);
    out.write_all(page.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// The page, as text.
pub(crate) fn render(
    findings: &[Finding],
    title: &str,
    generated: &str,
    coverage: Option<&Coverage>,
) -> Result<String, Error> {
    let csp = format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; img-src 'none'; font-src 'none'; \
         connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; \
         worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'",
        csp_hash(SCRIPT),
        csp_hash(STYLE)
    );
    let data = script_json(&serde_json::json!({ "findings": findings }))?;
    let title = escape(title);
    let mut page = String::with_capacity(16 * 1024 + data.len());
    // `write!` to a String cannot fail.
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header><h1>{title}</h1><p>{} by keyaki {}, generated {}</p></header>\n",
        count_text(findings.len()),
        env!("CARGO_PKG_VERSION"),
        escape(generated),
    );
    page.push_str("<section id=\"severity\">\n<h2>Findings by severity</h2>\n");
    page.push_str(&severity_chart(findings));
    page.push_str("</section>\n");
    if let Some(coverage) = coverage {
        page.push_str(&coverage_section(coverage));
    }
    page.push_str(
        "<section id=\"findings\">\n<h2>Findings</h2>\n<div id=\"filters\">\n\
         <label>Severity <select id=\"f-severity\"><option value=\"\">all</option></select></label>\n\
         <label>Rule <select id=\"f-rule\"><option value=\"\">all</option></select></label>\n\
         <label>Account <select id=\"f-account\"><option value=\"\">all</option></select></label>\n\
         <label>Region <select id=\"f-region\"><option value=\"\">all</option></select></label>\n\
         <label>Search <input id=\"f-text\" type=\"search\" placeholder=\"any text\"></label>\n\
         </div>\n<p id=\"shown\"></p>\n\
         <noscript><p>The findings table needs JavaScript; the same findings are in \
         <code>--format json</code>.</p></noscript>\n\
         <table id=\"findings-table\">\n<thead><tr><th>Severity</th><th>Rule</th><th>Title</th>\
         <th>Resource</th><th>Account</th><th>Region</th><th>Details</th></tr></thead>\n\
         <tbody id=\"rows\"></tbody>\n</table>\n</section>\n",
    );
    page.push_str("<footer>Made by keyaki. This page loads nothing from the network.</footer>\n");
    let _ = write!(
        page,
        "<script type=\"application/json\" id=\"keyaki-data\">{data}</script>\n\
         <script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    Ok(page)
}

/// `'sha256-BASE64'` of a script or style sheet, for the Content-Security-Policy.
fn csp_hash(text: &str) -> String {
    format!("sha256-{}", base64(&Sha256::digest(text.as_bytes())))
}

/// JSON that is safe inside `<script type="application/json">`: the text can neither close
/// the element (`</script>`) nor open a comment (`<!--`), because no `<` is left in it.
/// `<`, `>` and `&` can only occur inside JSON strings, where `\uXXXX` means the same.
pub(crate) fn script_json(value: &serde_json::Value) -> Result<String, Error> {
    let text = serde_json::to_string(value)?;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Text made safe for HTML element content and quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn count_text(n: usize) -> String {
    if n == 1 {
        "1 finding".to_owned()
    } else {
        format!("{n} findings")
    }
}

/// The colour of a severity's bar.
pub(crate) fn severity_fill(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "#7b1fa2",
        Severity::High => "#d32f2f",
        Severity::Medium => "#f57c00",
        Severity::Low => "#1976d2",
        Severity::Informational => "#757575",
    }
}

/// A horizontal bar per severity, most severe first, as inline SVG.
fn severity_chart(findings: &[Finding]) -> String {
    const BAR: usize = 400;
    const ROW: usize = 28;
    let counts: Vec<(Severity, usize)> = Severity::ALL
        .into_iter()
        .rev()
        .map(|s| (s, findings.iter().filter(|f| f.severity == s).count()))
        .collect();
    let max = counts.iter().map(|&(_, n)| n).max().unwrap_or(0).max(1);
    let height = ROW * counts.len() + 8;
    let mut svg = format!(
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"{height}\" \
         viewBox=\"0 0 640 {height}\" role=\"img\" aria-label=\"findings by severity\">\n"
    );
    for (i, (severity, n)) in counts.iter().enumerate() {
        let y = i * ROW + 4;
        let width = if *n == 0 { 0 } else { (BAR * n / max).max(2) };
        let _ = writeln!(
            svg,
            "<text x=\"0\" y=\"{}\">{severity}</text>\
             <rect class=\"bar bar-{severity}\" x=\"110\" y=\"{y}\" width=\"{width}\" height=\"20\" fill=\"{}\"/>\
             <text x=\"{}\" y=\"{}\">{n}</text>",
            y + 15,
            severity_fill(*severity),
            110 + width + 8,
            y + 15,
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// Per framework: a summary line and every requirement with its status and counts.
fn coverage_section(coverage: &Coverage) -> String {
    let mut s = String::from("<section id=\"coverage\">\n<h2>Coverage by framework</h2>\n");
    for (i, f) in coverage.frameworks().iter().enumerate() {
        let _ = writeln!(
            s,
            "<details class=\"framework\" id=\"framework-{i}\"><summary><strong>{}</strong> ({}): \
             {} requirements, {} automated, {} manual, {} not yet; {} passing, {} failing</summary>",
            escape(&f.name),
            escape(&f.id),
            f.requirements.len(),
            f.automated(),
            f.count(CoverageStatus::Manual),
            f.count(CoverageStatus::NotYet),
            f.passing(),
            f.failing(),
        );
        s.push_str(
            "<table><thead><tr><th>Requirement</th><th>Title</th><th>Status</th><th>Rules</th>\
             <th>Pass</th><th>Fail</th></tr></thead><tbody>\n",
        );
        for r in &f.requirements {
            let status_class = match r.status {
                CoverageStatus::Automated => "status-automated",
                CoverageStatus::Manual => "status-manual",
                CoverageStatus::NotYet => "status-not-yet",
            };
            let fail_class = if r.fail > 0 { " class=\"failing\"" } else { "" };
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td><td class=\"{status_class}\">{}</td><td>{}</td>\
                 <td>{}</td><td{fail_class}>{}</td></tr>",
                escape(&r.id),
                escape(&r.title),
                r.status,
                escape(&r.rules.join(", ")),
                r.pass,
                r.fail,
            );
        }
        s.push_str("</tbody></table></details>\n");
    }
    s.push_str("</section>\n");
    s
}

/// Standard base64 with padding (RFC 4648), as CSP hashes are written.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FrameworkCoverage, RequirementCoverage};
    use keyaki_core::{AccountId, Region};
    use serde_json::json;

    /// Strings that try every way out of their context: element content, attribute values,
    /// the JSON script block, the style sheet, and links.
    pub(crate) const HOSTILE: &[&str] = &[
        "<script>document.title='PWNED'</script>",
        "\"><img src=x onerror=\"document.title='PWNED'\">",
        "'><svg onload=alert(1)>",
        "</script><script>document.body.appendChild(document.createElement('hr')).id='pwned'</script>",
        "</style><script>document.title='PWNED'</script>",
        "javascript:alert(document.domain)",
        "<!--<script>",
        "&lt;already escaped&gt; & \u{2028}line separator",
    ];

    fn hostile_findings() -> Vec<Finding> {
        HOSTILE
            .iter()
            .map(|h| {
                Finding::builder(format!("rule.{h}"), format!("title {h}"), Severity::High)
                    .resource(format!("arn:aws:s3:::{h}"))
                    .account(Some(AccountId::new("123456789012").expect("account")))
                    .region(Some(Region::new("us-east-1").expect("region")))
                    .evidence(json!({"Tags": [{"Key": h, "Value": h}], (*h): h}))
                    .remediation(format!("fix {h}"), Some(format!("aws s3 {h}")))
                    .compliance(*h, *h)
                    .build()
            })
            .collect()
    }

    fn hostile_coverage() -> Coverage {
        Coverage::new(vec![FrameworkCoverage {
            id: HOSTILE[1].into(),
            name: HOSTILE[4].into(),
            requirements: HOSTILE
                .iter()
                .map(|h| RequirementCoverage {
                    id: (*h).into(),
                    title: (*h).into(),
                    status: CoverageStatus::Automated,
                    rules: vec![(*h).into()],
                    pass: 1,
                    fail: 2,
                })
                .collect(),
        }])
    }

    #[test]
    fn escape_leaves_no_markup() {
        for h in HOSTILE {
            let e = escape(h);
            assert!(!e.contains(['<', '>', '"', '\'']), "{e}");
            // Every & starts an entity we wrote.
            for (i, _) in e.match_indices('&') {
                let rest = &e[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                        .iter()
                        .any(|ent| rest.starts_with(ent)),
                    "{e}"
                );
            }
        }
        assert_eq!(
            escape("<a href='x'>\"&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;"
        );
    }

    #[test]
    fn script_json_cannot_leave_its_element_and_means_the_same() {
        let value = json!({"findings": hostile_findings()});
        let text = script_json(&value).expect("json");
        assert!(!text.contains(['<', '>', '&', '\u{2028}', '\u{2029}']));
        let back: serde_json::Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back, value);
    }

    #[test]
    fn hostile_text_never_becomes_markup() {
        let page = render(
            &hostile_findings(),
            HOSTILE[0],
            "2026-03-14T12:00:00Z",
            Some(&hostile_coverage()),
        )
        .expect("page");
        // Exactly the two script elements we wrote, and one style sheet.
        assert_eq!(page.matches("<script").count(), 2, "{page}");
        assert_eq!(page.matches("</script>").count(), 2);
        assert_eq!(page.matches("<style").count(), 1);
        assert_eq!(page.matches("</style>").count(), 1);
        // Every tag in the page is one we wrote, with no event handler and no link.
        const TAGS: &[&str] = &[
            "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "header", "h1", "h2",
            "p", "section", "svg", "text", "rect", "details", "summary", "strong", "table",
            "thead", "tbody", "tr", "th", "td", "div", "label", "select", "option", "input",
            "noscript", "code", "footer", "script",
        ];
        for (at, _) in page.match_indices('<') {
            let tag = &page[at + 1..];
            let tag = &tag[..tag.find('>').expect("tag closes")];
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
                .collect();
            assert!(TAGS.contains(&name.as_str()), "unexpected tag <{tag}>");
            // Attribute values are quoted and escaped: look at names only.
            let names: String = tag.split('"').step_by(2).collect();
            let lower = names.to_ascii_lowercase();
            assert!(!lower.contains(" on"), "event handler in <{tag}>");
            assert!(
                !lower.contains("href") && !lower.contains("src="),
                "link in <{tag}>"
            );
        }
        // The hostile text is there, as text.
        assert!(page.contains("&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;"));
        assert!(page.contains("\\u003c/script\\u003e\\u003cscript\\u003e"));
        // Only our script and style run: the CSP pins both by hash and allows nothing else.
        let csp_start = page
            .find("Content-Security-Policy\" content=\"")
            .expect("csp");
        let csp = &page[csp_start
            ..page[csp_start..]
                .find("\">")
                .map_or(page.len(), |e| csp_start + e)];
        assert!(csp.contains("default-src 'none'"));
        assert!(csp.contains(&csp_hash(SCRIPT)) && csp.contains(&csp_hash(STYLE)));
        assert!(!csp.contains("unsafe-inline") && !csp.contains("http"));
        let script_start = page.rfind("<script>").expect("script") + "<script>".len();
        let script_end = page.rfind("</script>").expect("end");
        assert_eq!(&page[script_start..script_end], SCRIPT);
    }

    #[test]
    fn the_script_never_writes_markup() {
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "Function(",
        ] {
            assert!(!SCRIPT.contains(sink), "{sink}");
        }
    }

    #[test]
    fn base64_and_hashes() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            csp_hash("alert(1)"),
            "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
        );
    }

    #[test]
    fn chart_counts_by_severity() {
        let page = render(&hostile_findings()[..3], "t", "now", None).expect("page");
        assert!(
            page.contains("width=\"400\" height=\"20\" fill=\"#d32f2f\""),
            "three highs fill the bar"
        );
        assert!(page.contains("<h1>t</h1>"));
        assert!(!page.contains("id=\"coverage\""), "no coverage, no section");
    }
}
