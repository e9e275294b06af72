//! Monitoring (CIS section 4): a log metric filter and an alarm for each kind of sensitive
//! API activity.
//!
//! Every rule here is the same check with a different filter pattern, following the audit
//! procedure of CIS AWS Foundations Benchmark v3.0 section 4 and the AWS Security Hub
//! controls CloudWatch.1 to CloudWatch.14: a multi-Region trail that is logging and records
//! all management events delivers to a CloudWatch Logs log group; that log group has a
//! metric filter with the pattern; a metric alarm watches the filter's metric; and an SNS
//! topic among the alarm's actions has at least one confirmed subscription.

use keyaki_core::Severity;
use keyaki_snapshot::services::cloudtrail::Trail;
use keyaki_snapshot::services::logs::{MetricFilter, log_group_of_arn};
use keyaki_snapshot::{Account, RegionData};
use serde_json::{Value, json};

use super::{account_resource, region_collected, region_name};
use crate::Framework::{Cis30, Cis50};
use crate::Rule;
use crate::rule::{Context, Evaluation, Status};

/// The Security Hub page that gives the patterns of CloudWatch.1 to CloudWatch.14.
const CONTROLS_PAGE: &str =
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html";

/// Defines one rule per row. The table is the single place where the patterns live: each
/// pattern is the one the AWS Security Hub page (`CONTROLS_PAGE`, "Security Hub controls
/// for Amazon CloudWatch", control CloudWatch.N) gives, or for CIS 4.15, which has no
/// Security Hub control, the one CIS AWS Foundations Benchmark v3.0 4.15 gives (its 18 event
/// names are all among the 21 of Prowler's `cloudwatch_log_metric_filter_aws_organizations_changes`
/// check, at the commit named in `data/cis-prowler/README.md`). For sign-in
/// without MFA the table holds the CIS v3.0 4.2 pattern; the Security Hub page adds two
/// terms (`$.userIdentity.type = "IAMUser"`, `$.responseElements.ConsoleLogin = "Success"`)
/// that narrow it, and a filter with them still holds every required term.
macro_rules! alarm_rules {
    ($( { id: $id:literal, cis: $cis:literal, control: $control:expr, title: $title:literal,
          rationale: $rationale:literal, pattern: $pattern:literal } ),* $(,)?) => {
        /// Each rule id with its filter pattern.
        #[cfg(test)]
        const PATTERNS: &[(&str, &str)] = &[$(($id, $pattern)),*];

        pub(crate) const RULES: &[Rule] = &[$(Rule {
            id: $id,
            title: $title,
            description: concat!(
                "Fails for the account unless a multi-Region trail that is logging and records all management events delivers to a CloudWatch Logs log group with a metric filter whose pattern holds every term of `",
                $pattern,
                "` (compared without whitespace or double quotes), a metric alarm on the filter's metric, and an SNS topic among the alarm's actions with a confirmed subscription. Unknown when the snapshot lacks logs describe-metric-filters, cloudwatch describe-alarms or sns list-subscriptions where the chain needs them.",
            ),
            rationale: $rationale,
            severity: Severity::Low,
            resource_type: "AWS::::Account",
            remediation: "Create the metric filter on the trail's log group, an alarm on its metric (threshold 1), and send the alarm to an SNS topic with a subscriber.",
            cli: Some(concat!(
                "aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name ",
                $id,
                " --metric-transformations metricName=",
                $id,
                ",metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '",
                $pattern,
                "' && aws cloudwatch put-metric-alarm --alarm-name ",
                $id,
                " --metric-name ",
                $id,
                " --namespace CISBenchmark --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --evaluation-periods 1 --alarm-actions <sns-topic-arn>",
            )),
            references: &[
                CONTROLS_PAGE,
                "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
            ],
            control: $control,
            requirements: &[(Cis30, $cis), (Cis50, $cis)],
            check: |cx, out| metric_alarm(cx, out, $pattern),
        }),*];
    };
}

alarm_rules! {
    {
        id: "cloudwatch.alarm-unauthorized-api-calls", cis: "4.1", control: Some("CloudWatch.2"),
        title: "A log metric filter and alarm exist for unauthorized API calls",
        rationale: "Bursts of denied calls reveal credential misuse and reconnaissance early.",
        pattern: r#"{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}"#
    },
    {
        id: "cloudwatch.alarm-console-signin-without-mfa", cis: "4.2", control: Some("CloudWatch.3"),
        title: "A log metric filter and alarm exist for Management Console sign-in without MFA",
        rationale: "Single-factor console sign-ins are how stolen passwords get used.",
        pattern: r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }"#
    },
    {
        id: "cloudwatch.alarm-root-usage", cis: "4.3", control: Some("CloudWatch.1"),
        title: "A log metric filter and alarm exist for usage of the root user",
        rationale: "The root user can do anything and should almost never act.",
        pattern: r#"{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}"#
    },
    {
        id: "cloudwatch.alarm-iam-policy-changes", cis: "4.4", control: Some("CloudWatch.4"),
        title: "A log metric filter and alarm exist for IAM policy changes",
        rationale: "Policy changes are how an intruder grants itself more access.",
        pattern: r#"{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}"#
    },
    {
        id: "cloudwatch.alarm-cloudtrail-changes", cis: "4.5", control: Some("CloudWatch.5"),
        title: "A log metric filter and alarm exist for CloudTrail configuration changes",
        rationale: "Stopping or changing a trail is how an intruder hides what follows.",
        pattern: r#"{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}"#
    },
    {
        id: "cloudwatch.alarm-console-auth-failures", cis: "4.6", control: Some("CloudWatch.6"),
        title: "A log metric filter and alarm exist for Management Console authentication failures",
        rationale: "Repeated failed sign-ins are password guessing.",
        pattern: r#"{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}"#
    },
    {
        id: "cloudwatch.alarm-cmk-disable-or-deletion", cis: "4.7", control: Some("CloudWatch.7"),
        title: "A log metric filter and alarm exist for disabling or scheduled deletion of customer managed keys",
        rationale: "Disabling or deleting a key makes the data it protects unreadable.",
        pattern: r#"{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}"#
    },
    {
        id: "cloudwatch.alarm-s3-bucket-policy-changes", cis: "4.8", control: Some("CloudWatch.8"),
        title: "A log metric filter and alarm exist for S3 bucket policy changes",
        rationale: "A changed bucket policy or ACL can expose data to the world.",
        pattern: r#"{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}"#
    },
    {
        id: "cloudwatch.alarm-config-changes", cis: "4.9", control: Some("CloudWatch.9"),
        title: "A log metric filter and alarm exist for AWS Config configuration changes",
        rationale: "Stopping the configuration recorder blinds change tracking.",
        pattern: r#"{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}"#
    },
    {
        id: "cloudwatch.alarm-security-group-changes", cis: "4.10", control: Some("CloudWatch.10"),
        title: "A log metric filter and alarm exist for security group changes",
        rationale: "A changed security group can open a port to the internet.",
        pattern: r#"{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}"#
    },
    {
        id: "cloudwatch.alarm-nacl-changes", cis: "4.11", control: Some("CloudWatch.11"),
        title: "A log metric filter and alarm exist for network ACL changes",
        rationale: "A changed network ACL can open a subnet to the internet.",
        pattern: r#"{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}"#
    },
    {
        id: "cloudwatch.alarm-network-gateway-changes", cis: "4.12", control: Some("CloudWatch.12"),
        title: "A log metric filter and alarm exist for network gateway changes",
        rationale: "A new or moved gateway changes which traffic reaches the internet.",
        pattern: r#"{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}"#
    },
    {
        id: "cloudwatch.alarm-route-table-changes", cis: "4.13", control: Some("CloudWatch.13"),
        title: "A log metric filter and alarm exist for route table changes",
        rationale: "A changed route can send traffic around inspection or out of the network.",
        pattern: r#"{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}"#
    },
    {
        id: "cloudwatch.alarm-vpc-changes", cis: "4.14", control: Some("CloudWatch.14"),
        title: "A log metric filter and alarm exist for VPC changes",
        rationale: "New VPCs and peering connections open paths between networks.",
        pattern: r#"{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}"#
    },
    {
        id: "cloudwatch.alarm-organizations-changes", cis: "4.15", control: None,
        title: "A log metric filter and alarm exist for AWS Organizations changes",
        rationale: "Organization changes move accounts and policies that bound every account.",
        pattern: r#"{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }"#
    },
}

/// The terms of a filter pattern: its comparisons, with whitespace, double quotes,
/// parentheses and braces removed, split at `&&` and `||`.
pub(crate) fn pattern_terms(pattern: &str) -> Vec<String> {
    let compact: String = pattern
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '(' | ')' | '{' | '}'))
        .collect();
    let mut terms: Vec<String> = compact
        .split("&&")
        .flat_map(|part| part.split("||"))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    terms.sort();
    terms.dedup();
    terms
}

/// Whether `candidate` holds every term of `required`.
pub(crate) fn pattern_covers(candidate: &str, required: &str) -> bool {
    let have = pattern_terms(candidate);
    pattern_terms(required)
        .iter()
        .all(|t| have.binary_search(t).is_ok())
}

/// Whether the trail is one CIS asks for: multi-Region, logging, and recording all
/// management events (an event selector with IncludeManagementEvents true and ReadWriteType
/// All, or an advanced selector on the Management category without a readOnly filter).
fn qualifying(trail: &Trail) -> Option<bool> {
    if trail.is_multi_region() == Some(false) || trail.is_logging() == Some(false) {
        return Some(false);
    }
    let selectors = trail.event_selectors.as_ref()?;
    let management = if selectors.advanced_event_selectors.is_empty() {
        selectors.event_selectors.iter().any(|s| {
            s.include_management_events != Some(false)
                && s.read_write_type.as_deref().is_none_or(|t| t == "All")
        })
    } else {
        selectors.advanced_event_selectors.iter().any(|s| {
            let mgmt = s
                .field_selectors
                .iter()
                .any(|f| f.field == "eventCategory" && f.equals.iter().any(|v| v == "Management"));
            mgmt && !s.field_selectors.iter().any(|f| f.field == "readOnly")
        })
    };
    Some(trail.is_multi_region()? && trail.is_logging()? && management)
}

fn region_of<'a>(account: &'a Account, name: &str) -> Option<&'a RegionData> {
    account.regions.iter().find(|r| region_name(r) == name)
}

/// What one trail's chain gives: `Some(true)` complete, `Some(false)` broken, `None` when
/// a needed output is missing; with the evidence.
fn chain(account: &Account, trail: &Trail, required: &str) -> (Option<bool>, Value) {
    let group_arn = trail
        .configuration
        .as_ref()
        .and_then(|c| c.cloud_watch_logs_log_group_arn.as_deref());
    let mut ev =
        json!({"trail": trail.name, "qualifies": qualifying(trail), "log_group_arn": group_arn});
    let Some(qualifies) = qualifying(trail) else {
        return (None, ev);
    };
    let Some((region, group)) = group_arn.and_then(log_group_of_arn) else {
        return (Some(false), ev);
    };
    if !qualifies {
        return (Some(false), ev);
    }
    let Some(data) = region_of(account, region).filter(|r| r.logs.filters_listed()) else {
        ev["missing"] = json!(format!("{region}/logs/describe-metric-filters.json"));
        return (None, ev);
    };
    let filters: Vec<&MetricFilter> = data
        .logs
        .filters_of(group)
        .map(|f| &f.data)
        .filter(|f| pattern_covers(&f.filter_pattern, required))
        .collect();
    ev["matching_filters"] = json!(filters.iter().map(|f| &f.filter_name).collect::<Vec<_>>());
    if filters.is_empty() {
        return (Some(false), ev);
    }
    if !data.cloudwatch.alarms_listed() {
        ev["missing"] = json!(format!("{region}/cloudwatch/describe-alarms.json"));
        return (None, ev);
    }
    let mut unknown = false;
    let mut alarms = Vec::new();
    for f in &filters {
        for m in &f.metric_transformations {
            for alarm in data
                .cloudwatch
                .alarms_on(&m.metric_namespace, &m.metric_name)
            {
                for topic in alarm.alarm_actions.iter().filter(|a| a.contains(":sns:")) {
                    let topic_region = topic.split(':').nth(3).unwrap_or(region);
                    let subscribers = region_of(account, topic_region).and_then(|r| {
                        r.sns
                            .confirmed_subscriptions(topic)
                            .map(|s| s.map(|s| s.endpoint.clone()).collect::<Vec<_>>())
                    });
                    if subscribers.is_none() {
                        unknown = true;
                    }
                    alarms.push(json!({"alarm": alarm.alarm_name, "topic": topic, "subscribers": subscribers}));
                }
                if alarm.alarm_actions.iter().all(|a| !a.contains(":sns:")) {
                    alarms.push(json!({"alarm": alarm.alarm_name, "topic": null}));
                }
            }
        }
    }
    let ok = alarms
        .iter()
        .any(|a| a["subscribers"].as_array().is_some_and(|s| !s.is_empty()));
    ev["alarms"] = Value::Array(alarms);
    if ok {
        return (Some(true), ev);
    }
    if unknown {
        ev["missing"] = json!("sns/list-subscriptions.json");
        return (None, ev);
    }
    (Some(false), ev)
}

fn metric_alarm(cx: &Context<'_>, out: &mut Vec<Evaluation>, required: &str) {
    for account in cx.snapshot.accounts() {
        if !account.regions.iter().any(region_collected) {
            continue;
        }
        let mut trails = Vec::new();
        let mut results = Vec::new();
        for region in &account.regions {
            for trail in &region.cloudtrail.trails {
                if trail.is_shadow(region_name(region)) {
                    continue;
                }
                let (ok, ev) = chain(account, trail, required);
                results.push(ok);
                trails.push(ev);
            }
        }
        let st = if results.contains(&Some(true)) {
            Status::Pass
        } else if results.contains(&None) {
            Status::Unknown
        } else {
            Status::Fail
        };
        out.push(super::global(
            account,
            account_resource(account),
            st,
            json!({"pattern": required, "trails": trails}),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::{PATTERNS, pattern_covers, pattern_terms};

    // The patterns on "Security Hub controls for Amazon CloudWatch"
    // (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html).
    #[test]
    fn whitespace_and_quotes_do_not_matter() {
        let root = PATTERNS
            .iter()
            .find(|(id, _)| *id == "cloudwatch.alarm-root-usage")
            .map(|(_, p)| *p)
            .unwrap_or_default();
        assert!(pattern_covers(
            r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#,
            root
        ));
        assert!(!pattern_covers(
            r#"{ $.userIdentity.type = "Root" && $.eventType != "AwsServiceEvent" }"#,
            root
        ));
        assert!(!pattern_covers(r#"{ $.userIdentity.type = "root" }"#, root));
    }

    #[test]
    fn the_security_hub_mfa_pattern_holds_the_cis_terms() {
        let mfa = r#"{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }"#;
        let required = PATTERNS
            .iter()
            .find(|(id, _)| *id == "cloudwatch.alarm-console-signin-without-mfa")
            .map(|(_, p)| *p)
            .unwrap_or_default();
        assert!(pattern_covers(mfa, required));
        assert_eq!(pattern_terms(required).len(), 2);
    }

    #[test]
    fn a_missing_event_name_fails() {
        let (_, iam) = PATTERNS[3];
        let short = iam.replace(" || ($.eventName=DetachGroupPolicy)", "");
        assert_ne!(short, iam);
        assert!(!pattern_covers(&short, iam));
        assert!(pattern_covers(iam, iam));
    }
}
