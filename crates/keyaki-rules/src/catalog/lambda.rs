//! AWS Lambda: the AWS Security Hub controls Lambda.2 and Lambda.5, as the AWS Security Hub
//! user guide defines them ("AWS Lambda controls", `lambda-controls.md`).

use std::collections::BTreeSet;

use keyaki_core::Severity;
use serde_json::json;

use super::{regional, regions, status};
use crate::Rule;
use crate::rule::{Context, Evaluation, Status};

const GUIDE: &str = "https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html";

/// The control's `runtime` parameter (not customizable), as the current control page lists it.
const SUPPORTED_RUNTIMES: &[&str] = &[
    "dotnet8",
    "java25",
    "java21",
    "java17",
    "java11",
    "java8.al2",
    "nodejs24.x",
    "nodejs22.x",
    "nodejs20.x",
    "python3.14",
    "python3.13",
    "python3.12",
    "python3.11",
    "python3.10",
    "ruby3.4",
    "ruby3.3",
    "ruby3.2",
];

pub(crate) const RULES: &[Rule] = &[
    Rule {
        id: "lambda.supported-runtime",
        title: "Lambda functions use a supported runtime",
        description: "Fails for each function whose Runtime is not one of the control's supported runtimes: dotnet8, java25, java21, java17, java11, java8.al2, nodejs24.x, nodejs22.x, nodejs20.x, python3.14, python3.13, python3.12, python3.11, python3.10, ruby3.4, ruby3.3, ruby3.2. Container image functions (no Runtime) are not applicable.",
        rationale: "A deprecated runtime no longer gets security patches.",
        severity: Severity::Medium,
        resource_type: "AWS::Lambda::Function",
        remediation: "Move the function to a supported runtime version.",
        cli: Some(
            "aws lambda update-function-configuration --function-name {function} --runtime <runtime> --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
        ],
        control: Some("Lambda.2"),
        requirements: &[],
        check: supported_runtime,
    },
    Rule {
        id: "lambda.vpc-multi-az",
        title: "VPC Lambda functions run in more than one Availability Zone",
        description: "Fails for each function connected to a VPC whose subnets (looked up in describe-subnets) are all in one Availability Zone; functions outside a VPC are not applicable.",
        rationale: "A function whose subnets are in one zone stops when that zone fails.",
        severity: Severity::Medium,
        resource_type: "AWS::Lambda::Function",
        remediation: "Add a subnet in another Availability Zone to the function's VPC configuration.",
        cli: Some(
            "aws lambda update-function-configuration --function-name {function} --vpc-config SubnetIds=<subnet-a>,<subnet-b>,SecurityGroupIds=<sg> --region {region}",
        ),
        references: &[
            GUIDE,
            "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html",
        ],
        control: Some("Lambda.5"),
        requirements: &[],
        check: vpc_multi_az,
    },
];

fn supported_runtime(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for f in &region.lambda.functions {
            let Some(config) = &f.configuration else {
                continue;
            };
            let runtime = config.runtime.as_deref();
            let st = match runtime {
                None | Some("") => Status::NotApplicable,
                Some(r) => status(SUPPORTED_RUNTIMES.contains(&r)),
            };
            let arn = f.arn().map_or_else(|| f.name.clone(), str::to_owned);
            let mut e = regional(
                account,
                region,
                arn,
                st,
                json!({"runtime": runtime, "package_type": config.package_type}),
            );
            e.vars.push(("function", f.name.clone()));
            out.push(e);
        }
    }
}

fn vpc_multi_az(cx: &Context<'_>, out: &mut Vec<Evaluation>) {
    for (account, region) in regions(cx) {
        for f in &region.lambda.functions {
            let Some(config) = &f.configuration else {
                continue;
            };
            let subnets: Vec<&str> = config
                .vpc_config
                .as_ref()
                .map(|v| v.subnet_ids.iter().map(String::as_str).collect())
                .unwrap_or_default();
            let arn = f.arn().map_or_else(|| f.name.clone(), str::to_owned);
            let (st, evidence) = if subnets.is_empty() {
                (Status::NotApplicable, json!({"vpc": false}))
            } else {
                let zones: Vec<Option<&str>> = subnets
                    .iter()
                    .map(|s| {
                        region
                            .ec2
                            .subnets
                            .iter()
                            .find(|x| x.subnet_id == *s)
                            .and_then(|x| x.availability_zone.as_deref())
                    })
                    .collect();
                let known: BTreeSet<&str> = zones.iter().flatten().copied().collect();
                let st = if known.len() >= 2 {
                    Status::Pass
                } else if zones.iter().any(Option::is_none) {
                    Status::Unknown
                } else {
                    Status::Fail
                };
                let mut evidence = json!({"subnets": subnets, "availability_zones": known});
                if st == Status::Unknown {
                    evidence["missing"] =
                        json!("aws ec2 describe-subnets (the function's subnets)");
                }
                (st, evidence)
            };
            let mut e = regional(account, region, arn, st, evidence);
            e.vars.push(("function", f.name.clone()));
            out.push(e);
        }
    }
}
