//! Listener rules (`aws elbv2 describe-rules --listener-arn ...`), saved in a folder named after
//! the listener ARN and attached to their listener.
//! <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html>

use std::path::{Path, PathBuf};

use keyaki_core::Region;
use keyaki_snapshot::{Snapshot, WarningKind};

const LISTENER: &str = "arn:aws:elasticloadbalancing:us-east-1:111122223333:listener/app/shop-alb/50dc6c495c0c9188/f2f7dc8efc522ab2";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/elbv2/listener-rules")
}

fn rules_file() -> PathBuf {
    fixture()
        .join("us-east-1/elbv2")
        .join(LISTENER.replace('/', "%2F").replace(':', "%3A"))
        .join("describe-rules.json")
}

#[test]
fn rules_attach_to_their_listener() {
    let snapshot = Snapshot::load(fixture()).expect("the snapshot loads");
    let odd: Vec<String> = snapshot
        .warnings()
        .iter()
        .filter(|w| matches!(w.kind, WarningKind::Dangling | WarningKind::Location))
        .map(ToString::to_string)
        .collect();
    assert!(odd.is_empty(), "{odd:?}");
    let region = snapshot.accounts()[0]
        .region(&Region::new("us-east-1").expect("a region code"))
        .expect("us-east-1 is loaded");
    let listener = region
        .elbv2
        .listeners
        .iter()
        .find(|l| l.listener_arn == LISTENER)
        .expect("the listener");
    let described: Vec<String> = listener.rules.iter().map(|r| r.describe()).collect();
    assert_eq!(
        described,
        [
            "rule 10 (path-pattern /admin/*; source-ip 198.51.100.0/24)",
            "rule 20 (host-header api.example.com)",
            "rule 30 (http-header X-Legacy: 1)",
            "default rule",
        ]
    );
    let forwards: Vec<Vec<&str>> = listener
        .rules
        .iter()
        .map(|r| {
            r.target_groups()
                .map(|t| t.rsplit('/').nth(1).unwrap_or(t))
                .collect()
        })
        .collect();
    // A forward action names its group twice (TargetGroupArn and ForwardConfig); a weighted
    // forward names several; a fixed response none.
    assert_eq!(
        forwards,
        [
            vec!["admin-tg", "admin-tg"],
            vec!["api-blue", "api-green"],
            vec![],
            vec!["web-tg", "web-tg"],
        ]
    );
    assert_eq!(
        listener.rules[0].conditions[1].source_ips(),
        Some(&["198.51.100.0/24".to_owned()][..])
    );
    assert_eq!(listener.rules[0].conditions[0].source_ips(), None);
    assert!(listener.rules[3].is_default);
    assert_eq!(listener.rules[1].priority.as_deref(), Some("20"));

    let row = snapshot
        .inventory()
        .iter()
        .find(|i| i.resource_type == "AWS::ElasticLoadBalancingV2::Listener")
        .map(|i| serde_json::to_value(i).expect("an inventory row as JSON"))
        .expect("the listener's inventory row");
    let text = row.to_string();
    for group in ["web-tg", "admin-tg", "api-blue", "api-green"] {
        assert!(
            text.contains(&format!("targetgroup/{group}/")),
            "{group}: {text}"
        );
    }
}

#[test]
fn rules_of_an_unknown_listener_are_dangling() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();
    std::fs::copy(fixture().join("account.json"), root.join("account.json"))
        .expect("copying account.json");
    let folder = root
        .join("us-east-1/elbv2")
        .join(LISTENER.replace('/', "%2F").replace(':', "%3A"));
    std::fs::create_dir_all(&folder).expect("creating the folders");
    std::fs::copy(rules_file(), folder.join("describe-rules.json")).expect("copying the rules");
    let snapshot = Snapshot::load(root).expect("the snapshot loads");
    let dangling: Vec<String> = snapshot
        .warnings()
        .iter()
        .filter(|w| matches!(w.kind, WarningKind::Dangling))
        .map(ToString::to_string)
        .collect();
    assert_eq!(dangling.len(), 1, "{dangling:?}");
    assert!(dangling[0].contains(LISTENER), "{}", dangling[0]);
    assert!(dangling[0].contains("describe-listeners does not list"));
}
