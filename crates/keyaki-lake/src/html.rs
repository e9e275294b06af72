//! A timeline as one self-contained HTML page: inline CSS, no scripts, every value escaped.

use std::fmt::Write as _;

use crate::timeline::Timeline;

/// Escapes text for HTML element content and double-quoted attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
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

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}\
h1{font-size:1.4em}table{border-collapse:collapse;width:100%}\
th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}\
th{background:#f4f4f4;position:sticky;top:0}td.t{white-space:nowrap;font-family:monospace}\
td{word-break:break-all}tr.cloudtrail td.s{color:#8a4b00}tr.vpcflow td.s{color:#005a8a}\
tr.alb td.s,tr.nginx td.s{color:#1d6b00}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 1em}\
dt{font-weight:600}dd{margin:0;font-family:monospace}";

impl Timeline {
    /// The timeline as a self-contained HTML page: what was followed, then one table row per
    /// event in time order. Every value from the logs is escaped; the page loads nothing.
    pub fn to_html(&self) -> String {
        let mut h = String::new();
        let _ = write!(
            h,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
             <title>keyaki timeline: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
             <h1>Timeline of {}</h1>\n<dl>\n",
            esc(&self.actor),
            esc(&self.actor)
        );
        for (name, values) in [
            ("Access keys", &self.access_keys),
            ("Principals", &self.principals),
            ("Addresses", &self.addresses),
        ] {
            let _ = writeln!(
                h,
                "<dt>{name}</dt><dd>{}</dd>",
                if values.is_empty() {
                    "none".to_owned()
                } else {
                    values.iter().map(|v| esc(v)).collect::<Vec<_>>().join(", ")
                }
            );
        }
        let _ = write!(
            h,
            "<dt>Events</dt><dd>{}</dd>\n</dl>\n<table id=\"events\">\n<thead><tr><th>Time</th>\
             <th>Source</th><th>Action</th><th>Target</th><th>Actor</th><th>From</th>\
             <th>Outcome</th><th>Id</th><th>Via</th></tr></thead>\n<tbody>\n",
            self.events.len()
        );
        let opt = |v: &Option<String>| v.as_deref().map(esc).unwrap_or_default();
        for e in &self.events {
            let _ = writeln!(
                h,
                "<tr class=\"{src}\"><td class=\"t\">{}</td><td class=\"s\">{src}</td><td>{}</td>\
                 <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&e.time),
                esc(&e.action),
                opt(&e.target),
                esc(&e.actor),
                opt(&e.source_ip),
                opt(&e.outcome),
                opt(&e.id),
                esc(&e.via),
                src = esc(e.source.as_str()),
            );
        }
        h.push_str("</tbody>\n</table>\n</body>\n</html>\n");
        h
    }
}

#[cfg(test)]
mod tests {
    use crate::read::SourceKind;
    use crate::timeline::{Timeline, TimelineEvent};

    #[test]
    fn log_values_are_escaped() {
        let t = Timeline {
            actor: "<b>me</b>".into(),
            events: vec![TimelineEvent {
                time: "2026-03-12T09:00:00Z".into(),
                source: SourceKind::Nginx,
                actor: "203.0.113.45".into(),
                action: "GET /?q=<script>alert('x')</script>&a=\"1\"".into(),
                target: None,
                source_ip: Some("203.0.113.45".into()),
                outcome: Some("200".into()),
                id: None,
                via: "address:203.0.113.45".into(),
            }],
            ..Timeline::default()
        };
        let h = t.to_html();
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<b>"), "{h}");
        assert!(h.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;a=&quot;1&quot;"));
        assert!(h.contains("<title>keyaki timeline: &lt;b&gt;me&lt;/b&gt;</title>"));
    }
}
