//! Amazon SNS: the AWS Security Hub control SNS.2, as the AWS Security Hub user guide defines
//! it ("Amazon SNS controls", `sns-controls.md`).

use keyaki_core::Severity;
use serde_json::json;

use super::fields::raw;
use super::{regional, regions, status};
use crate::Rule;
use crate::rule::{Context, Evaluation, Status};

pub(crate) const RULES: &[Rule] = &[Rule {
    id: "sns.delivery-status-logging",
    title: "SNS topics log the delivery status of their messages",
    description: "Fails for each topic whose attributes set no delivery status logging role (no `<endpoint>SuccessFeedbackRoleArn` or `<endpoint>FailureFeedbackRoleArn` attribute for any endpoint type).",
    rationale: "Delivery status logs show whether messages reached their endpoints, and why not.",
    severity: Severity::Medium,
    resource_type: "AWS::SNS::Topic",
    remediation: "Configure delivery status logging for the topic's endpoint types.",
    cli: Some(
        "aws sns set-topic-attributes --topic-arn {resource} --attribute-name LambdaFailureFeedbackRoleArn --attribute-value <role-arn> --region {region}",
    ),
    references: &[
        "https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html",
        "https://docs.aws.amazon.com/sns/latest/dg/sns-topic-attributes.html",
    ],
    control: Some("SNS.2"),
    requirements: &[],
    check: delivery_status_logging,
}];

fn delivery_status_logging(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for t in &region.sns.topics {
            let arn = t.arn().map_or_else(|| t.name.clone(), str::to_owned);
            let Some(attributes) = &t.attributes else {
                out.push(regional(
                    account,
                    region,
                    arn,
                    Status::Unknown,
                    json!({"missing": "aws sns get-topic-attributes"}),
                ));
                continue;
            };
            let raw = raw(attributes);
            let roles: Vec<&str> = raw
                .as_object()
                .map(|m| {
                    m.iter()
                        .filter(|(k, v)| {
                            k.ends_with("FeedbackRoleArn")
                                && v.as_str().is_some_and(|s| !s.is_empty())
                        })
                        .map(|(k, _)| k.as_str())
                        .collect()
                })
                .unwrap_or_default();
            out.push(regional(
                account,
                region,
                arn,
                status(!roles.is_empty()),
                json!({"feedback_role_attributes": roles}),
            ));
        }
    }
}
