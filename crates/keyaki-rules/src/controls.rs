//! The AWS Security Hub controls: id, title, severity, whether the AWS Foundational Security
//! Best Practices standard (FSBP) includes the control, and the NIST SP 800-53 rev5 requirements
//! it maps to, as the AWS Security Hub user guide lists them (`awsdocs/aws-security-hub-user-guide`,
//! `doc_source/*-controls.md` and `doc_source/fsbp-standard.md`, June 2023 edition).
//! Generated from those pages by a script. The few controls added since (GuardDuty.5 to
//! GuardDuty.10, KMS.5, RDS.27) were added by hand from the current edition of their pages
//! ("Security Hub CSPM controls for ...", which lists them in the FSBP standard) and are
//! marked so; the NIST requirements are those the current page lists (none for some).

/// One AWS Security Hub control.
#[derive(Debug)]
pub(crate) struct Control {
    /// The control id, such as `EC2.8`.
    pub id: &'static str,
    /// The title as AWS words it.
    pub title: &'static str,
    /// Whether the FSBP standard includes it.
    pub fsbp: bool,
    /// Its NIST SP 800-53 rev5 requirements.
    pub nist: &'static [&'static str],
}

pub(crate) const CONTROLS: &[Control] = &[
    Control {
        id: "ACM.1",
        title: "Imported and ACM-issued certificates should be renewed after a specified time period",
        fsbp: true,
        nist: &["SC-28(3)", "SC-7(16)"],
    },
    Control {
        id: "APIGateway.1",
        title: "API Gateway REST and WebSocket API execution logging should be enabled",
        fsbp: true,
        nist: &[
            "AC-4(26)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)", "AU-6(4)", "CA-7", "SC-7(9)",
            "SI-7(8)",
        ],
    },
    Control {
        id: "APIGateway.2",
        title: "API Gateway REST API stages should be configured to use SSL certificates for backend authentication",
        fsbp: true,
        nist: &[
            "AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)",
            "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)",
        ],
    },
    Control {
        id: "APIGateway.3",
        title: "API Gateway REST API stages should have AWS X-Ray tracing enabled",
        fsbp: true,
        nist: &["CA-7"],
    },
    Control {
        id: "APIGateway.4",
        title: "API Gateway should be associated with a WAF Web ACL",
        fsbp: true,
        nist: &["AC-4(21)"],
    },
    Control {
        id: "APIGateway.5",
        title: "API Gateway REST API cache data should be encrypted at rest",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)",
        ],
    },
    Control {
        id: "APIGateway.8",
        title: "API Gateway routes should specify an authorization type",
        fsbp: true,
        nist: &["AC-3", "CM-2", "CM-2(2)"],
    },
    Control {
        id: "APIGateway.9",
        title: "Access logging should be configured for API Gateway V2 Stages",
        fsbp: true,
        nist: &[
            "AC-4(26)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)", "AU-6(4)", "CA-7", "SC-7(9)",
            "SI-7(8)",
        ],
    },
    Control {
        id: "Account.1",
        title: "Security contact information should be provided for an AWS account.",
        fsbp: true,
        nist: &["CM-2", "CM-2(2)"],
    },
    Control {
        id: "Account.2",
        title: "AWS accounts should be part of an AWS Organizations organization",
        fsbp: false,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "AutoScaling.1",
        title: "Auto Scaling groups associated with a Classic Load Balancer should use load balancer health checks",
        fsbp: true,
        nist: &["CA-7", "CP-2(2)", "SI-2"],
    },
    Control {
        id: "AutoScaling.2",
        title: "Amazon Amazon EC2 Auto Scaling group should cover multiple Availability Zones",
        fsbp: true,
        nist: &[
            "CP-10", "CP-2(2)", "CP-6(2)", "SC-36", "SC-5(2)", "SI-13(5)",
        ],
    },
    Control {
        id: "AutoScaling.3",
        title: "Auto Scaling group launch AWS Configurations should AWS Configure Amazon EC2 instances to require Instance Metadata Service Version 2 (IMDSv2)",
        fsbp: true,
        nist: &["AC-3", "AC-3(15)", "AC-3(7)", "AC-6", "CA-9(1)", "CM-2"],
    },
    Control {
        id: "AutoScaling.4",
        title: "Auto Scaling group launch AWS Configuration should not have a metadata response hop limit greater than 1",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2", "CM-2(2)"],
    },
    Control {
        id: "AutoScaling.6",
        title: "Auto Scaling groups should use multiple instance types in multiple Availability Zones",
        fsbp: true,
        nist: &[
            "CP-10", "CP-2(2)", "CP-6(2)", "SC-36", "SC-5(2)", "SI-13(5)",
        ],
    },
    Control {
        id: "AutoScaling.9",
        title: "Amazon EC2 Auto Scaling groups should use Amazon EC2 launch templates",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2", "CM-2(2)"],
    },
    Control {
        id: "Autoscaling.5",
        title: "Amazon Amazon EC2 instances launched using Auto Scaling group launch AWS Configurations should not have Public IP addresses",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "CloudFormation.1",
        title: "CloudFormation stacks should be integrated with Simple Notification Service (SNS)",
        fsbp: true,
        nist: &["SI-4(12)", "SI-4(5)"],
    },
    Control {
        id: "CloudFront.1",
        title: "CloudFront distributions should have a default root object configured",
        fsbp: true,
        nist: &["SC-7(11)", "SC-7(16)"],
    },
    Control {
        id: "CloudFront.2",
        title: "CloudFront distributions should have origin access identity enabled",
        fsbp: true,
        nist: &["SC-7(11)"],
    },
    Control {
        id: "CloudFront.3",
        title: "CloudFront distributions should require encryption in transit",
        fsbp: true,
        nist: &[
            "AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)",
            "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)",
        ],
    },
    Control {
        id: "CloudFront.4",
        title: "CloudFront distributions should have origin failover configured",
        fsbp: true,
        nist: &["CP-10", "SC-36", "SC-5(2)", "SI-13(5)"],
    },
    Control {
        id: "CloudFront.5",
        title: "CloudFront distributions should have logging enabled",
        fsbp: true,
        nist: &[
            "AC-2(4)", "AC-4(26)", "AC-6(9)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)",
            "AU-6(4)", "CA-7", "SC-7(9)", "SI-3(8)", "SI-4(20)", "SI-7(8)",
        ],
    },
    Control {
        id: "CloudFront.6",
        title: "CloudFront distributions should have WAF enabled",
        fsbp: true,
        nist: &["AC-4(21)"],
    },
    Control {
        id: "CloudFront.7",
        title: "CloudFront distributions should use custom SSL/TLS certificates",
        fsbp: true,
        nist: &[
            "AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)",
            "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)",
        ],
    },
    Control {
        id: "CloudFront.8",
        title: "CloudFront distributions should use SNI to serve HTTPS requests",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "CloudFront.9",
        title: "CloudFront distributions should encrypt traffic to custom origins",
        fsbp: true,
        nist: &[
            "AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)",
            "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)",
        ],
    },
    Control {
        id: "CloudFront.10",
        title: "CloudFront distributions should not use deprecated SSL protocols between edge locations and custom origins",
        fsbp: true,
        nist: &[
            "AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-7(4)", "SC-8",
            "SC-8(1)", "SC-8(2)", "SI-7(6)",
        ],
    },
    Control {
        id: "CloudFront.12",
        title: "CloudFront distributions should not point to non-existent S3 origins",
        fsbp: true,
        nist: &["CM-2", "CM-2(2)"],
    },
    Control {
        id: "CloudTrail.1",
        title: "CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events",
        fsbp: true,
        nist: &[
            "AC-2(4)", "AC-4(26)", "AC-6(9)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)",
            "AU-6(4)", "AU-14(1)", "CA-7", "SC-7(9)", "SI-3(8)", "SI-4(20)", "SI-7(8)", "SA-8(22)",
        ],
    },
    Control {
        id: "CloudTrail.2",
        title: "CloudTrail should have encryption at-rest enabled",
        fsbp: true,
        nist: &[
            "AU-9", "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)",
        ],
    },
    Control {
        id: "CloudTrail.3",
        title: "CloudTrail should be enabled",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudTrail.4",
        title: "CloudTrail log file validation should be enabled",
        fsbp: true,
        nist: &["AU-9", "SI-4", "SI-7(1)", "SI-7(3)", "SI-7(7)"],
    },
    Control {
        id: "CloudTrail.5",
        title: "CloudTrail trails should be integrated with Amazon CloudWatch Logs",
        fsbp: true,
        nist: &[
            "AC-2(4)", "AC-4(26)", "AC-6(9)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(1)",
            "AU-6(3)", "AU-6(4)", "AU-6(5)", "AU-7(1)", "CA-7", "SC-7(9)", "SI-20", "SI-3(8)",
            "SI-4(20)", "SI-4(5)", "SI-7(8)",
        ],
    },
    Control {
        id: "CloudTrail.6",
        title: "Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudTrail.7",
        title: "Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudWatch.1",
        title: "A log metric filter and alarm should exist for usage of the \"root\" user",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudWatch.2",
        title: "Ensure a log metric filter and alarm exist for unauthorized API calls",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudWatch.3",
        title: "Ensure a log metric filter and alarm exist for Management Console sign-in without MFA",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudWatch.4",
        title: "Ensure a log metric filter and alarm exist for IAM policy changes",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudWatch.5",
        title: "Ensure a log metric filter and alarm exist for CloudTrail AWS Configuration changes",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudWatch.6",
        title: "Ensure a log metric filter and alarm exist for AWS Management Console authentication failures",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudWatch.7",
        title: "Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer managed keys",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudWatch.8",
        title: "Ensure a log metric filter and alarm exist for S3 bucket policy changes",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudWatch.9",
        title: "Ensure a log metric filter and alarm exist for AWS Config configuration changes",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudWatch.10",
        title: "Ensure a log metric filter and alarm exist for security group changes",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudWatch.11",
        title: "Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudWatch.12",
        title: "Ensure a log metric filter and alarm exist for changes to network gateways",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudWatch.13",
        title: "Ensure a log metric filter and alarm exist for route table changes",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudWatch.14",
        title: "Ensure a log metric filter and alarm exist for VPC changes",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "CloudWatch.15",
        title: "CloudWatch alarms should have an action configured for the ALARM state",
        fsbp: false,
        nist: &[
            "AU-6(1)", "AU-6(5)", "CA-7", "IR-4(1)", "IR-4(5)", "SI-2", "SI-20", "SI-4(12)",
            "SI-4(5)",
        ],
    },
    Control {
        id: "CloudWatch.16",
        title: "CloudWatch log groups should be retained for at least 1 year",
        fsbp: false,
        nist: &["AU-10", "AU-11", "AU-6(3)", "AU-6(4)", "CA-7", "SI-12"],
    },
    Control {
        id: "CloudWatch.17",
        title: "CloudWatch alarm actions should be activated",
        fsbp: false,
        nist: &["AU-6(1)", "AU-6(5)", "CA-7", "SI-2", "SI-4(12)"],
    },
    Control {
        id: "CodeBuild.1",
        title: "CodeBuild GitHub or Bitbucket source repository URLs should use OAuth",
        fsbp: true,
        nist: &["SA-3"],
    },
    Control {
        id: "CodeBuild.2",
        title: "CodeBuild project environment variables should not contain clear text credentials",
        fsbp: true,
        nist: &["IA-5(7)", "SA-3"],
    },
    Control {
        id: "CodeBuild.3",
        title: "CodeBuild S3 logs should be encrypted",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SI-7(6)",
        ],
    },
    Control {
        id: "CodeBuild.4",
        title: "CodeBuild project environments should have a logging AWS Configuration",
        fsbp: true,
        nist: &[
            "AC-2(12)", "AC-2(4)", "AC-4(26)", "AC-6(9)", "AU-10", "AU-12", "AU-2", "AU-3",
            "AU-6(3)", "AU-6(4)", "AU-9(7)", "CA-7", "SC-7(9)", "SI-3(8)", "SI-4", "SI-4(20)",
            "SI-7(8)",
        ],
    },
    Control {
        id: "CodeBuild.5",
        title: "CodeBuild project environments should not have privileged mode enabled",
        fsbp: true,
        nist: &[
            "AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-5", "AC-6", "AC-6(10)", "AC-6(2)",
        ],
    },
    Control {
        id: "Config.1",
        title: "AWS Config should be enabled",
        fsbp: true,
        nist: &["CM-3", "CM-6(1)", "CM-8", "CM-8(2)"],
    },
    Control {
        id: "DMS.1",
        title: "Database Migration Service replication instances should not be public",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "DynamoDB.1",
        title: "DynamoDB tables should automatically scale capacity with demand",
        fsbp: true,
        nist: &[
            "CP-10", "CP-2(2)", "CP-6(2)", "SC-36", "SC-5(2)", "SI-13(5)",
        ],
    },
    Control {
        id: "DynamoDB.2",
        title: "DynamoDB tables should have point-in-time recovery enabled",
        fsbp: true,
        nist: &["CP-10", "CP-6(2)", "CP-9", "SC-5(2)", "SI-12", "SI-13(5)"],
    },
    Control {
        id: "DynamoDB.3",
        title: "DynamoDB Accelerator (DAX) clusters should be encrypted at rest",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)",
        ],
    },
    Control {
        id: "DynamoDB.4",
        title: "DynamoDB tables should be covered by a backup plan",
        fsbp: false,
        nist: &[
            "CP-10", "CP-6", "CP-6(1)", "CP-6(2)", "CP-9", "SC-5(2)", "SI-12", "SI-13(5)",
        ],
    },
    Control {
        id: "EC2.1",
        title: "Amazon EBS snapshots should not be publicly restorable",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "EC2.2",
        title: "The VPC default security group should not allow inbound and outbound traffic",
        fsbp: true,
        nist: &[
            "AC-4", "AC-4(21)", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(21)", "SC-7(4)", "SC-7(5)",
        ],
    },
    Control {
        id: "EC2.3",
        title: "Attached Amazon EBS volumes should be encrypted at-rest",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)",
        ],
    },
    Control {
        id: "EC2.4",
        title: "Stopped Amazon EC2 instances should be removed after a specified time period",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2", "CM-2(2)"],
    },
    Control {
        id: "EC2.6",
        title: "VPC flow logging should be enabled in all VPCs",
        fsbp: true,
        nist: &[
            "AC-4(26)", "AU-12", "AU-2", "AU-3", "AU-6(3)", "AU-6(4)", "CA-7", "SI-7(8)",
        ],
    },
    Control {
        id: "EC2.7",
        title: "Amazon EBS default encryption should be enabled",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)",
        ],
    },
    Control {
        id: "EC2.8",
        title: "Amazon EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)",
        fsbp: true,
        nist: &["AC-3", "AC-3(15)", "AC-3(7)", "AC-6"],
    },
    Control {
        id: "EC2.9",
        title: "Amazon EC2 instances should not have a public IPv4 address",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "EC2.10",
        title: "Amazon EC2 should be configured to use VPC endpoints that are created for the Amazon EC2 service",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)",
        ],
    },
    Control {
        id: "EC2.12",
        title: "Unused Amazon EC2 EIPs should be removed",
        fsbp: false,
        nist: &["CM-8(1)"],
    },
    Control {
        id: "EC2.13",
        title: "Security groups should not allow ingress from 0.0.0.0/0 to port 22",
        fsbp: false,
        nist: &[
            "AC-4", "AC-4(21)", "CM-7", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(21)", "SC-7(4)",
            "SC-7(5)",
        ],
    },
    Control {
        id: "EC2.14",
        title: "Ensure no security groups allow ingress from 0.0.0.0/0 to port 3389",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "EC2.15",
        title: "Amazon EC2 subnets should not automatically assign public IP addresses",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "EC2.16",
        title: "Unused Network Access Control Lists should be removed",
        fsbp: true,
        nist: &["CM-8(1)"],
    },
    Control {
        id: "EC2.17",
        title: "Amazon EC2 instances should not use multiple ENIs",
        fsbp: true,
        nist: &["AC-4(21)"],
    },
    Control {
        id: "EC2.18",
        title: "Security groups should only allow unrestricted incoming traffic for authorized ports",
        fsbp: true,
        nist: &[
            "AC-4", "AC-4(21)", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(21)", "SC-7(4)", "SC-7(5)",
        ],
    },
    Control {
        id: "EC2.19",
        title: "Security groups should not allow unrestricted access to ports with high risk",
        fsbp: true,
        nist: &[
            "AC-4", "AC-4(21)", "CA-9(1)", "CM-2", "CM-2(2)", "CM-7", "SC-7", "SC-7(11)",
            "SC-7(16)", "SC-7(21)", "SC-7(4)", "SC-7(5)",
        ],
    },
    Control {
        id: "EC2.20",
        title: "Both VPN tunnels for an AWS Site-to-Site VPN connection should be up",
        fsbp: true,
        nist: &["CP-10", "CP-6(2)", "SC-36", "SC-5(2)", "SI-13(5)"],
    },
    Control {
        id: "EC2.21",
        title: "Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389",
        fsbp: true,
        nist: &[
            "AC-4(21)", "CA-9(1)", "CM-2", "CM-2(2)", "CM-7", "SC-7", "SC-7(21)", "SC-7(5)",
        ],
    },
    Control {
        id: "EC2.22",
        title: "Unused Amazon EC2 security groups should be removed",
        fsbp: true,
        nist: &["CM-8(1)"],
    },
    Control {
        id: "EC2.23",
        title: "Amazon EC2 Transit Gateways should not automatically accept VPC attachment requests",
        fsbp: true,
        nist: &["AC-4(21)", "CA-9(1)", "CM-2"],
    },
    Control {
        id: "EC2.24",
        title: "Amazon EC2 paravirtual instance types should not be used",
        fsbp: true,
        nist: &["CM-2", "CM-2(2)"],
    },
    Control {
        id: "EC2.25",
        title: "Amazon EC2 launch templates should not assign public IPs to network interfaces",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "EC2.28",
        title: "EBS volumes should be covered by a backup plan",
        fsbp: false,
        nist: &[
            "CP-10", "CP-6", "CP-6(1)", "CP-6(2)", "CP-9", "SC-5(2)", "SI-12", "SI-13(5)",
        ],
    },
    Control {
        id: "EC2.29",
        title: "EC2 instances should be launched in a VPC",
        fsbp: false,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "ECR.1",
        title: "ECR private repositories should have image scanning configured",
        fsbp: true,
        nist: &["RA-5"],
    },
    Control {
        id: "ECR.2",
        title: "ECR private repositories should have tag immutability configured",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2", "CM-8(1)"],
    },
    Control {
        id: "ECR.3",
        title: "ECR repositories should have at least one lifecycle policy configured",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2", "CM-2(2)"],
    },
    Control {
        id: "ECS.1",
        title: "Amazon ECS task definitions should have secure networking modes and user definitions.",
        fsbp: true,
        nist: &["AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-5", "AC-6"],
    },
    Control {
        id: "ECS.2",
        title: "ECS services should not have public IP addresses assigned to them automatically",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "ECS.3",
        title: "ECS task definitions should not share the host's process namespace",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "ECS.4",
        title: "ECS containers should run as non-privileged",
        fsbp: true,
        nist: &["AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-5", "AC-6"],
    },
    Control {
        id: "ECS.5",
        title: "ECS containers should be limited to read-only access to root filesystems",
        fsbp: true,
        nist: &["AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-5", "AC-6"],
    },
    Control {
        id: "ECS.8",
        title: "Secrets should not be passed as container environment variables",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "ECS.10",
        title: "ECS Fargate services should run on the latest Fargate platform version",
        fsbp: true,
        nist: &["SI-2", "SI-2(2)", "SI-2(4)", "SI-2(5)"],
    },
    Control {
        id: "ECS.12",
        title: "ECS clusters should use Container Insights",
        fsbp: true,
        nist: &["AU-6(3)", "AU-6(4)", "CA-7", "SI-2"],
    },
    Control {
        id: "EFS.1",
        title: "Elastic File System should be configured to encrypt file data at-rest using AWS KMS",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)",
        ],
    },
    Control {
        id: "EFS.2",
        title: "Amazon EFS volumes should be in backup plans",
        fsbp: true,
        nist: &[
            "CP-10", "CP-6", "CP-6(1)", "CP-6(2)", "CP-9", "SC-5(2)", "SI-12", "SI-13(5)",
        ],
    },
    Control {
        id: "EFS.3",
        title: "EFS access points should enforce a root directory",
        fsbp: true,
        nist: &["AC-6(10)"],
    },
    Control {
        id: "EFS.4",
        title: "EFS access points should enforce a user identity",
        fsbp: true,
        nist: &["AC-6(2)"],
    },
    Control {
        id: "EKS.2",
        title: "EKS clusters should run on a supported Kubernetes version",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2", "SI-2", "SI-2(2)", "SI-2(4)", "SI-2(5)"],
    },
    Control {
        id: "ELB.1",
        title: "Application Load Balancer should be configured to redirect all HTTP requests to HTTPS",
        fsbp: true,
        nist: &[
            "AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)",
            "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)",
        ],
    },
    Control {
        id: "ELB.2",
        title: "Classic Load Balancers with SSL/HTTPS listeners should use a certificate provided by AWS Certificate Manager",
        fsbp: true,
        nist: &[
            "AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(5)", "SC-7(4)",
            "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)",
        ],
    },
    Control {
        id: "ELB.3",
        title: "Classic Load Balancer listeners should be configured with HTTPS or TLS termination",
        fsbp: true,
        nist: &[
            "AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)",
            "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)",
        ],
    },
    Control {
        id: "ELB.4",
        title: "Application Load Balancer should be configured to drop http headers",
        fsbp: true,
        nist: &["SC-7(4)", "SC-8(2)"],
    },
    Control {
        id: "ELB.5",
        title: "Application and Classic Load Balancers logging should be enabled",
        fsbp: true,
        nist: &[
            "AC-4(26)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)", "AU-6(4)", "CA-7", "SC-7(9)",
            "SI-7(8)",
        ],
    },
    Control {
        id: "ELB.6",
        title: "Application Load Balancer deletion protection should be enabled",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2", "CM-2(2)", "CM-3", "SC-5(2)"],
    },
    Control {
        id: "ELB.7",
        title: "Classic Load Balancers should have connection draining enabled",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "ELB.8",
        title: "Classic Load Balancers with SSL listeners should use a predefined security policy that has strong AWS Configuration",
        fsbp: true,
        nist: &[
            "AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)",
            "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)",
        ],
    },
    Control {
        id: "ELB.9",
        title: "Classic Load Balancers should have cross-zone load balancing enabled",
        fsbp: true,
        nist: &["CP-10", "CP-6(2)", "SC-36", "SC-5(2)", "SI-13(5)"],
    },
    Control {
        id: "ELB.10",
        title: "Classic Load Balancer should span multiple Availability Zones",
        fsbp: true,
        nist: &["CP-10", "CP-6(2)", "SC-36", "SC-5(2)", "SI-13(5)"],
    },
    Control {
        id: "ELB.12",
        title: "Application Load Balancer should be configured with defensive or strictest desync mitigation mode",
        fsbp: true,
        nist: &["AC-4(21)", "CA-9(1)", "CM-2"],
    },
    Control {
        id: "ELB.13",
        title: "Application, Network and Gateway Load Balancers should span multiple Availability Zones",
        fsbp: true,
        nist: &["CP-10", "CP-6(2)", "SC-36", "SC-5(2)", "SI-13(5)"],
    },
    Control {
        id: "ELB.14",
        title: "Classic Load Balancer should be configured with defensive or strictest desync mitigation mode",
        fsbp: true,
        nist: &["AC-4(21)", "CA-9(1)", "CM-2"],
    },
    Control {
        id: "EMR.1",
        title: "Amazon Elastic MapReduce cluster master nodes should not have public IP addresses",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "ES.1",
        title: "Elasticsearch domains should have encryption at-rest enabled",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)",
        ],
    },
    Control {
        id: "ES.2",
        title: "Elasticsearch domains should be in a VPC",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "ES.3",
        title: "Elasticsearch domains should encrypt data sent between nodes",
        fsbp: true,
        nist: &[
            "AC-4", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)", "SC-8", "SC-8(1)", "SC-8(2)",
        ],
    },
    Control {
        id: "ES.4",
        title: "Elasticsearch domain error logging to CloudWatch Logs should be enabled",
        fsbp: true,
        nist: &[
            "AC-2(4)", "AC-4(26)", "AC-6(9)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)",
            "AU-6(4)", "CA-7", "SC-7(9)", "SI-3(8)", "SI-4(20)", "SI-7(8)",
        ],
    },
    Control {
        id: "ES.5",
        title: "Elasticsearch domains should have audit logging enabled",
        fsbp: true,
        nist: &[
            "AC-2(4)", "AC-4(26)", "AC-6(9)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)",
            "AU-6(4)", "CA-7", "SC-7(9)", "SI-3(8)", "SI-4(20)", "SI-7(8)",
        ],
    },
    Control {
        id: "ES.6",
        title: "Elasticsearch domains should have at least three data nodes",
        fsbp: true,
        nist: &["CP-10", "CP-6(2)", "SC-36", "SC-5(2)", "SI-13(5)"],
    },
    Control {
        id: "ES.7",
        title: "Elasticsearch domains should be configured with at least three dedicated master nodes",
        fsbp: true,
        nist: &["CP-10", "CP-6(2)", "SC-36", "SC-5(2)", "SI-13(5)"],
    },
    Control {
        id: "ES.8",
        title: "Connections to Elasticsearch domains should be encrypted using TLS 1.2",
        fsbp: true,
        nist: &[
            "AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)",
            "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)",
        ],
    },
    Control {
        id: "ElastiCache.1",
        title: "ElastiCache for Redis clusters should have automatic backups scheduled",
        fsbp: true,
        nist: &[
            "CP-10", "CP-6", "CP-6(1)", "CP-6(2)", "CP-9", "SC-5(2)", "SI-12", "SI-13(5)",
        ],
    },
    Control {
        id: "ElastiCache.2",
        title: "Minor version upgrades should be automatically applied to ElastiCache for Redis cache clusters",
        fsbp: true,
        nist: &["SI-2", "SI-2(2)", "SI-2(4)", "SI-2(5)"],
    },
    Control {
        id: "ElastiCache.3",
        title: "ElastiCache for Redis replication groups should have automatic failover enabled",
        fsbp: true,
        nist: &["CP-10", "SC-36", "SC-5(2)", "SI-13(5)"],
    },
    Control {
        id: "ElastiCache.4",
        title: "ElastiCache for Redis replication groups should be encrypted at rest",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)",
        ],
    },
    Control {
        id: "ElastiCache.5",
        title: "ElastiCache for Redis replication groups should be encrypted in transit",
        fsbp: true,
        nist: &[
            "AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)",
            "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)",
        ],
    },
    Control {
        id: "ElastiCache.6",
        title: "ElastiCache for Redis replication groups before version 6.0 should use Redis AUTH",
        fsbp: true,
        nist: &["AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-6"],
    },
    Control {
        id: "ElastiCache.7",
        title: "ElastiCache clusters should not use the default subnet group",
        fsbp: true,
        nist: &[
            "AC-4", "AC-4(21)", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(21)", "SC-7(4)", "SC-7(5)",
        ],
    },
    Control {
        id: "ElasticBeanstalk.1",
        title: "Elastic Beanstalk environments should have enhanced health reporting enabled",
        fsbp: true,
        nist: &["CA-7", "SI-2"],
    },
    Control {
        id: "ElasticBeanstalk.2",
        title: "Elastic Beanstalk managed platform updates should be enabled",
        fsbp: true,
        nist: &["SI-2", "SI-2(2)", "SI-2(4)", "SI-2(5)"],
    },
    Control {
        id: "GuardDuty.1",
        title: "GuardDuty should be enabled",
        fsbp: true,
        nist: &[
            "AC-2(12)", "AU-6(1)", "AU-6(5)", "CA-7", "CM-8(3)", "RA-3(4)", "SA-11(1)", "SA-11(6)",
            "SA-15(2)", "SA-15(8)", "SA-8(19)", "SA-8(21)", "SA-8(25)", "SC-5", "SC-5(1)",
            "SC-5(3)", "SI-20", "SI-3(8)", "SI-4", "SI-4(1)", "SI-4(13)", "SI-4(2)", "SI-4(22)",
            "SI-4(25)", "SI-4(4)", "SI-4(5)",
        ],
    },
    // Current edition of guardduty-controls.md: no NIST SP 800-53 requirement listed.
    Control {
        id: "GuardDuty.5",
        title: "GuardDuty EKS Audit Log Monitoring should be enabled",
        fsbp: true,
        nist: &[],
    },
    // Current edition of guardduty-controls.md: no NIST SP 800-53 requirement listed.
    Control {
        id: "GuardDuty.6",
        title: "GuardDuty Lambda Protection should be enabled",
        fsbp: true,
        nist: &[],
    },
    // Current edition of guardduty-controls.md: no NIST SP 800-53 requirement listed.
    Control {
        id: "GuardDuty.7",
        title: "GuardDuty EKS Runtime Monitoring should be enabled",
        fsbp: true,
        nist: &[],
    },
    // Current edition of guardduty-controls.md: no NIST SP 800-53 requirement listed.
    Control {
        id: "GuardDuty.8",
        title: "GuardDuty Malware Protection for EC2 should be enabled",
        fsbp: true,
        nist: &[],
    },
    // Current edition of guardduty-controls.md: no NIST SP 800-53 requirement listed.
    Control {
        id: "GuardDuty.9",
        title: "GuardDuty RDS Protection should be enabled",
        fsbp: true,
        nist: &[],
    },
    // Current edition of guardduty-controls.md: no NIST SP 800-53 requirement listed.
    Control {
        id: "GuardDuty.10",
        title: "GuardDuty S3 Protection should be enabled",
        fsbp: true,
        nist: &[],
    },
    Control {
        id: "IAM.1",
        title: "IAM policies should not allow full \"*\" administrative privileges",
        fsbp: true,
        nist: &[
            "AC-2", "AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-5", "AC-6", "AC-6(10)",
            "AC-6(2)", "AC-6(3)",
        ],
    },
    Control {
        id: "IAM.2",
        title: "IAM users should not have IAM policies attached",
        fsbp: true,
        nist: &[
            "AC-2", "AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-6", "AC-6(3)",
        ],
    },
    Control {
        id: "IAM.3",
        title: "IAM users' access keys should be rotated every 90 days or less",
        fsbp: true,
        nist: &["AC-2(1)", "AC-2(3)", "AC-3(15)"],
    },
    Control {
        id: "IAM.4",
        title: "IAM root user access key should not exist",
        fsbp: true,
        nist: &[
            "AC-2(1)", "AC-3(15)", "AC-3(7)", "AC-6", "AC-6(10)", "AC-6(2)",
        ],
    },
    Control {
        id: "IAM.5",
        title: "MFA should be enabled for all IAM users that have a console password",
        fsbp: true,
        nist: &[
            "AC-2(1)", "AC-3(15)", "IA-2(1)", "IA-2(2)", "IA-2(6)", "IA-2(8)",
        ],
    },
    Control {
        id: "IAM.6",
        title: "Hardware MFA should be enabled for the root user",
        fsbp: true,
        nist: &[
            "AC-2(1)", "AC-3(15)", "IA-2(1)", "IA-2(2)", "IA-2(6)", "IA-2(8)",
        ],
    },
    Control {
        id: "IAM.7",
        title: "Password policies for IAM users should have strong AWS Configurations",
        fsbp: true,
        nist: &["AC-2(1)", "AC-2(3)", "AC-3(15)", "IA-5(1)"],
    },
    Control {
        id: "IAM.8",
        title: "Unused IAM user credentials should be removed",
        fsbp: true,
        nist: &[
            "AC-2", "AC-2(1)", "AC-2(3)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-6",
        ],
    },
    Control {
        id: "IAM.9",
        title: "Virtual MFA should be enabled for the root user",
        fsbp: false,
        nist: &[
            "AC-2(1)", "AC-3(15)", "IA-2(1)", "IA-2(2)", "IA-2(6)", "IA-2(8)",
        ],
    },
    Control {
        id: "IAM.10",
        title: "Password policies for IAM users should have strong AWS Configurations",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "IAM.11",
        title: "Ensure IAM password policy requires at least one uppercase letter",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "IAM.12",
        title: "Ensure IAM password policy requires at least one lowercase letter",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "IAM.13",
        title: "Ensure IAM password policy requires at least one symbol",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "IAM.14",
        title: "Ensure IAM password policy requires at least one number",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "IAM.15",
        title: "Ensure IAM password policy requires minimum password length of 14 or greater",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "IAM.16",
        title: "Ensure IAM password policy prevents password reuse",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "IAM.17",
        title: "Ensure IAM password policy expires passwords within 90 days or less",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "IAM.18",
        title: "Ensure a support role has been created to manage incidents with AWS Support",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "IAM.19",
        title: "MFA should be enabled for all IAM users",
        fsbp: false,
        nist: &[
            "AC-2(1)", "AC-3(15)", "IA-2(1)", "IA-2(2)", "IA-2(6)", "IA-2(8)",
        ],
    },
    Control {
        id: "IAM.20",
        title: "Avoid the use of the root user",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "IAM.21",
        title: "IAM customer managed policies that you create should not allow wildcard actions for services",
        fsbp: true,
        nist: &[
            "AC-2", "AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-5", "AC-6", "AC-6(10)",
            "AC-6(2)", "AC-6(3)",
        ],
    },
    Control {
        id: "IAM.22",
        title: "IAM user credentials unused for 45 days should be removed",
        fsbp: false,
        nist: &[],
    },
    Control {
        id: "KMS.1",
        title: "IAM customer managed policies should not allow decryption actions on all KMS keys",
        fsbp: true,
        nist: &[
            "AC-2", "AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-5", "AC-6", "AC-6(3)",
        ],
    },
    Control {
        id: "KMS.2",
        title: "IAM principals should not have IAM inline policies that allow decryption actions on all KMS keys",
        fsbp: true,
        nist: &[
            "AC-2", "AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-5", "AC-6", "AC-6(3)",
        ],
    },
    Control {
        id: "KMS.3",
        title: "AWS KMS keys should not be deleted unintentionally",
        fsbp: true,
        nist: &["SC-12", "SC-12(2)"],
    },
    Control {
        id: "KMS.4",
        title: "AWS KMS key rotation should be enabled",
        fsbp: false,
        nist: &["SC-12", "SC-12(2)", "SC-28(3)"],
    },
    // Current edition of kms-controls.md: no NIST SP 800-53 requirement listed.
    Control {
        id: "KMS.5",
        title: "KMS keys should not be publicly accessible",
        fsbp: true,
        nist: &[],
    },
    Control {
        id: "Kinesis.1",
        title: "Kinesis streams should be encrypted at rest",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)",
        ],
    },
    Control {
        id: "Lambda.1",
        title: "Lambda function policies should prohibit public access",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "Lambda.2",
        title: "Lambda functions should use supported runtimes",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2", "SI-2", "SI-2(2)", "SI-2(4)", "SI-2(5)"],
    },
    Control {
        id: "Lambda.3",
        title: "Lambda functions should be in a VPC",
        fsbp: false,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "Lambda.5",
        title: "VPC Lambda functions should operate in more than one Availability Zone",
        fsbp: true,
        nist: &["CP-10", "CP-6(2)", "SC-36", "SC-5(2)", "SI-13(5)"],
    },
    Control {
        id: "NetworkFirewall.3",
        title: "Network Firewall policies should have at least one rule group associated",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "NetworkFirewall.4",
        title: "The default stateless action for Network Firewall policies should be drop or forward for full packets",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "NetworkFirewall.5",
        title: "The default stateless action for Network Firewall policies should be drop or forward for fragmented packets",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "NetworkFirewall.6",
        title: "Stateless Network Firewall rule group should not be empty",
        fsbp: true,
        nist: &[
            "AC-4(21)", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(21)", "SC-7(5)",
        ],
    },
    Control {
        id: "Opensearch.1",
        title: "OpenSearch domains should have encryption at rest enabled",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SI-7(6)",
        ],
    },
    Control {
        id: "Opensearch.2",
        title: "OpenSearch domains should be in a VPC",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "Opensearch.3",
        title: "OpenSearch domains should encrypt data sent between nodes",
        fsbp: true,
        nist: &[
            "AC-4", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)", "SC-8", "SC-8(1)", "SC-8(2)",
        ],
    },
    Control {
        id: "Opensearch.4",
        title: "OpenSearch domain error logging to CloudWatch Logs should be enabled",
        fsbp: true,
        nist: &[
            "AC-2(4)", "AC-4(26)", "AC-6(9)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)",
            "AU-6(4)", "CA-7", "SC-7(9)", "SI-3(8)", "SI-4(20)", "SI-7(8)",
        ],
    },
    Control {
        id: "Opensearch.5",
        title: "OpenSearch domains should have audit logging enabled",
        fsbp: true,
        nist: &[
            "AC-2(4)", "AC-4(26)", "AC-6(9)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)",
            "AU-6(4)", "CA-7", "SC-7(9)", "SI-3(8)", "SI-4(20)", "SI-7(8)",
        ],
    },
    Control {
        id: "Opensearch.6",
        title: "OpenSearch domains should have at least three data nodes",
        fsbp: true,
        nist: &["CP-10", "CP-6(2)", "SC-36", "SC-5(2)", "SI-13(5)"],
    },
    Control {
        id: "Opensearch.7",
        title: "OpenSearch domains should have fine-grained access control enabled",
        fsbp: true,
        nist: &["AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-5", "AC-6"],
    },
    Control {
        id: "Opensearch.8",
        title: "Connections to OpenSearch domains should be encrypted using TLS 1.2",
        fsbp: true,
        nist: &[
            "AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)",
            "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)",
        ],
    },
    Control {
        id: "RDS.1",
        title: "RDS snapshot should be private",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "RDS.2",
        title: "RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible AWS Configuration",
        fsbp: true,
        nist: &[
            "AC-4", "AC-4(21)", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(21)", "SC-7(4)", "SC-7(5)",
        ],
    },
    Control {
        id: "RDS.3",
        title: "RDS DB instances should have encryption at-rest enabled",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)",
        ],
    },
    Control {
        id: "RDS.4",
        title: "RDS cluster snapshots and database snapshots should be encrypted at rest",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)",
        ],
    },
    Control {
        id: "RDS.5",
        title: "RDS DB instances should be configured with multiple Availability Zones",
        fsbp: true,
        nist: &["CP-10", "CP-6(2)", "SC-36", "SC-5(2)", "SI-13(5)"],
    },
    Control {
        id: "RDS.6",
        title: "Enhanced monitoring should be configured for RDS DB instances",
        fsbp: true,
        nist: &["CA-7", "SI-2"],
    },
    Control {
        id: "RDS.7",
        title: "RDS clusters should have deletion protection enabled",
        fsbp: true,
        nist: &["CM-3", "SC-5(2)"],
    },
    Control {
        id: "RDS.8",
        title: "RDS DB instances should have deletion protection enabled",
        fsbp: true,
        nist: &["CM-3", "SC-5(2)", "SI-13(5)"],
    },
    Control {
        id: "RDS.9",
        title: "Database logging should be enabled",
        fsbp: true,
        nist: &[
            "AC-2(4)", "AC-4(26)", "AC-6(9)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)",
            "AU-6(4)", "CA-7", "SC-7(10)", "SC-7(9)", "SI-3(8)", "SI-4(20)", "SI-7(8)",
        ],
    },
    Control {
        id: "RDS.10",
        title: "IAM authentication should be configured for RDS instances",
        fsbp: true,
        nist: &["AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-6"],
    },
    Control {
        id: "RDS.11",
        title: "RDS instances should have automatic backups enabled",
        fsbp: true,
        nist: &[
            "CP-10", "CP-6", "CP-6(1)", "CP-6(2)", "CP-9", "SC-5(2)", "SI-12", "SI-13(5)",
        ],
    },
    Control {
        id: "RDS.12",
        title: "IAM authentication should be configured for RDS clusters",
        fsbp: true,
        nist: &["AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-6"],
    },
    Control {
        id: "RDS.13",
        title: "RDS automatic minor version upgrades should be enabled",
        fsbp: true,
        nist: &["SI-2", "SI-2(2)", "SI-2(4)", "SI-2(5)"],
    },
    Control {
        id: "RDS.14",
        title: "Amazon Aurora clusters should have backtracking enabled",
        fsbp: true,
        nist: &["CP-10", "CP-6", "CP-6(1)", "CP-6(2)", "CP-9", "SI-13(5)"],
    },
    Control {
        id: "RDS.15",
        title: "RDS DB clusters should be configured for multiple Availability Zones",
        fsbp: true,
        nist: &["CP-10", "CP-6(2)", "SC-36", "SC-5(2)", "SI-13(5)"],
    },
    Control {
        id: "RDS.16",
        title: "RDS DB clusters should be configured to copy tags to snapshots",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2", "CM-2(2)"],
    },
    Control {
        id: "RDS.17",
        title: "RDS DB instances should be configured to copy tags to snapshots",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2", "CM-2(2)"],
    },
    Control {
        id: "RDS.18",
        title: "RDS instances should be deployed in a VPC",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "RDS.19",
        title: "An RDS event notifications subscription should be configured for critical cluster events",
        fsbp: true,
        nist: &["CA-7", "SI-2"],
    },
    Control {
        id: "RDS.20",
        title: "An RDS event notifications subscription should be configured for critical database instance events",
        fsbp: true,
        nist: &["CA-7", "SI-2"],
    },
    Control {
        id: "RDS.21",
        title: "An RDS event notifications subscription should be configured for critical database parameter group events",
        fsbp: true,
        nist: &["CA-7", "SI-2"],
    },
    Control {
        id: "RDS.22",
        title: "An RDS event notifications subscription should be configured for critical database security group events",
        fsbp: true,
        nist: &["CA-7", "SI-2"],
    },
    Control {
        id: "RDS.23",
        title: "RDS instances should not use a database engine default port",
        fsbp: true,
        nist: &[
            "AC-4", "AC-4(21)", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(21)", "SC-7(4)", "SC-7(5)",
        ],
    },
    Control {
        id: "RDS.24",
        title: "RDS Database clusters should use a custom administrator username",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "RDS.25",
        title: "RDS database instances should use a custom administrator username",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "RDS.26",
        title: "RDS DB instances should be covered by a backup plan",
        fsbp: false,
        nist: &[
            "CP-10", "CP-6", "CP-6(1)", "CP-6(2)", "CP-9", "SC-5(2)", "SI-12", "SI-13(5)",
        ],
    },
    // Current edition of rds-controls.md.
    Control {
        id: "RDS.27",
        title: "RDS DB clusters should be encrypted at rest",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)",
        ],
    },
    Control {
        id: "Redshift.1",
        title: "Amazon Redshift clusters should prohibit public access",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "Redshift.2",
        title: "Connections to Amazon Redshift clusters should be encrypted in transit",
        fsbp: true,
        nist: &[
            "AC-4", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)", "SC-8", "SC-8(1)", "SC-8(2)",
        ],
    },
    Control {
        id: "Redshift.3",
        title: "Amazon Redshift clusters should have automatic snapshots enabled",
        fsbp: true,
        nist: &[
            "CP-10", "CP-6", "CP-6(1)", "CP-6(2)", "CP-9", "SC-5(2)", "SC-7(10)", "SI-13(5)",
        ],
    },
    Control {
        id: "Redshift.4",
        title: "Amazon Redshift clusters should have audit logging enabled",
        fsbp: true,
        nist: &[
            "AC-2(4)", "AC-4(26)", "AC-6(9)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)",
            "AU-6(4)", "CA-7", "SC-7(9)", "SI-3(8)", "SI-4(20)", "SI-7(8)",
        ],
    },
    Control {
        id: "Redshift.6",
        title: "Amazon Redshift should have automatic upgrades to major versions enabled",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-2", "CP-9", "SC-5(2)", "SI-2", "SI-2(2)", "SI-2(4)", "SI-2(5)",
        ],
    },
    Control {
        id: "Redshift.7",
        title: "Redshift clusters should use enhanced VPC routing",
        fsbp: true,
        nist: &[
            "AC-4", "AC-4(21)", "SC-7", "SC-7(11)", "SC-7(20)", "SC-7(21)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "Redshift.8",
        title: "Amazon Redshift clusters should not use the default Admin username",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "Redshift.9",
        title: "Redshift clusters should not use the default database name",
        fsbp: true,
        nist: &[],
    },
    Control {
        id: "S3.1",
        title: "S3 Block Public Access setting should be enabled",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "S3.2",
        title: "S3 buckets should prohibit public read access",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "S3.3",
        title: "S3 buckets should prohibit public write access",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "S3.4",
        title: "S3 buckets should have server-side encryption enabled",
        fsbp: true,
        nist: &[
            "AU-9", "AU-9(2)", "AU-9(7)", "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)",
            "SC-7(10)", "SI-7(6)",
        ],
    },
    Control {
        id: "S3.5",
        title: "S3 buckets should require requests to use Secure Socket Layer",
        fsbp: true,
        nist: &[
            "AC-17(2)", "AC-4", "IA-5(1)", "SC-12(3)", "SC-13", "SC-23", "SC-23(3)", "SC-7(4)",
            "SC-8", "SC-8(1)", "SC-8(2)", "SI-7(6)",
        ],
    },
    Control {
        id: "S3.6",
        title: "S3 permissions granted to other AWS accounts in bucket policies should be restricted",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "S3.7",
        title: "S3 buckets should have cross-Region replication enabled",
        fsbp: false,
        nist: &[
            "AU-9(2)", "CP-10", "CP-6", "CP-6(1)", "CP-6(2)", "CP-9", "SC-36(2)", "SC-5(2)",
            "SI-13(5)",
        ],
    },
    Control {
        id: "S3.8",
        title: "S3 Block Public Access setting should be enabled at the bucket-level",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "S3.9",
        title: "S3 bucket server access logging should be enabled",
        fsbp: true,
        nist: &[
            "AC-2(4)", "AC-4(26)", "AC-6(9)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)",
            "AU-6(4)", "CA-7", "SC-7(9)", "SI-3(8)", "SI-4(20)", "SI-7(8)",
        ],
    },
    Control {
        id: "S3.10",
        title: "S3 buckets with versioning enabled should have lifecycle policies configured",
        fsbp: true,
        nist: &["CP-10", "CP-6(2)", "CP-9", "SC-5(2)", "SI-13(5)"],
    },
    Control {
        id: "S3.11",
        title: "S3 buckets should have event notifications enabled",
        fsbp: true,
        nist: &["CA-7", "SI-3(8)", "SI-4", "SI-4(4)"],
    },
    Control {
        id: "S3.12",
        title: "S3 access control lists (ACLs) should not be used to manage user access to buckets",
        fsbp: true,
        nist: &["AC-2(1)", "AC-3", "AC-3(15)", "AC-3(7)", "AC-6"],
    },
    Control {
        id: "S3.13",
        title: "S3 buckets should have lifecycle policies configured",
        fsbp: true,
        nist: &["CP-10", "CP-6(2)", "CP-9", "SC-5(2)", "SI-13(5)"],
    },
    Control {
        id: "S3.14",
        title: "S3 buckets should use versioning",
        fsbp: false,
        nist: &[
            "AU-9(2)", "CP-10", "CP-6", "CP-6(1)", "CP-6(2)", "CP-9", "SC-5(2)", "SI-12",
            "SI-13(5)",
        ],
    },
    Control {
        id: "SNS.1",
        title: "SNS topics should be encrypted at-rest using AWS KMS",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)",
        ],
    },
    Control {
        id: "SNS.2",
        title: "Logging of delivery status should be enabled for notification messages sent to a topic",
        fsbp: true,
        nist: &["AU-12", "AU-2"],
    },
    Control {
        id: "SQS.1",
        title: "Amazon SQS queues should be encrypted at rest",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)", "SI-7(6)",
        ],
    },
    Control {
        id: "SSM.1",
        title: "Amazon EC2 instances should be managed by AWS Systems Manager",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-2", "CM-2(2)", "CM-8", "CM-8(1)", "CM-8(2)", "CM-8(3)", "SA-15(2)",
            "SA-15(8)", "SA-3", "SI-2(3)",
        ],
    },
    Control {
        id: "SSM.2",
        title: "Amazon EC2 instances managed by Systems Manager should have a patch compliance status of COMPLIANT after a patch installation",
        fsbp: true,
        nist: &[
            "CM-8(3)", "SI-2", "SI-2(2)", "SI-2(3)", "SI-2(4)", "SI-2(5)",
        ],
    },
    Control {
        id: "SSM.3",
        title: "Amazon EC2 instances managed by Systems Manager should have an association compliance status of COMPLIANT",
        fsbp: true,
        nist: &[
            "CA-9(1)", "CM-2", "CM-2(2)", "CM-8", "CM-8(1)", "CM-8(3)", "SI-2(3)",
        ],
    },
    Control {
        id: "SSM.4",
        title: "SSM documents should not be public",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "SageMaker.1",
        title: "Amazon SageMaker notebook instances should not have direct internet access",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "SageMaker.2",
        title: "SageMaker notebook instances should be launched in a custom VPC",
        fsbp: true,
        nist: &[
            "AC-21", "AC-3", "AC-3(7)", "AC-4", "AC-4(21)", "AC-6", "SC-7", "SC-7(11)", "SC-7(16)",
            "SC-7(20)", "SC-7(21)", "SC-7(3)", "SC-7(4)", "SC-7(9)",
        ],
    },
    Control {
        id: "SageMaker.3",
        title: "Users should not have root access to SageMaker notebook instances",
        fsbp: true,
        nist: &[
            "AC-2(1)", "AC-3(15)", "AC-3(7)", "AC-6", "AC-6(10)", "AC-6(2)",
        ],
    },
    Control {
        id: "SecretsManager.1",
        title: "Secrets Manager secrets should have automatic rotation enabled",
        fsbp: true,
        nist: &["AC-2(1)", "AC-3(15)"],
    },
    Control {
        id: "SecretsManager.2",
        title: "Secrets Manager secrets configured with automatic rotation should rotate successfully",
        fsbp: true,
        nist: &["AC-2(1)", "AC-3(15)"],
    },
    Control {
        id: "SecretsManager.3",
        title: "Remove unused Secrets Manager secrets",
        fsbp: true,
        nist: &["AC-2(1)", "AC-3(15)"],
    },
    Control {
        id: "SecretsManager.4",
        title: "Secrets Manager secrets should be rotated within a specified number of days",
        fsbp: true,
        nist: &["AC-2(1)", "AC-3(15)"],
    },
    Control {
        id: "WAF.1",
        title: "AWS WAF Classic Global Web ACL logging should be enabled",
        fsbp: true,
        nist: &[
            "AC-4(26)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)", "AU-6(4)", "CA-7", "SC-7(9)",
            "SI-7(8)",
        ],
    },
    Control {
        id: "WAF.2",
        title: "A WAF Regional rule should have at least one condition",
        fsbp: true,
        nist: &["AC-4(21)", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(21)"],
    },
    Control {
        id: "WAF.3",
        title: "A WAF Regional rule group should have at least one rule",
        fsbp: true,
        nist: &["AC-4(21)", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(21)"],
    },
    Control {
        id: "WAF.4",
        title: "A WAF Regional web ACL should have at least one rule or rule group",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "WAF.6",
        title: "A WAF global rule should have at least one condition",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "WAF.7",
        title: "A WAF global rule group should have at least one rule",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "WAF.8",
        title: "A WAF global web ACL should have at least one rule or rule group",
        fsbp: true,
        nist: &["AC-4(21)", "SC-7", "SC-7(11)", "SC-7(16)", "SC-7(21)"],
    },
    Control {
        id: "WAF.10",
        title: "A WAFV2 web ACL should have at least one rule or rule group",
        fsbp: true,
        nist: &["CA-9(1)", "CM-2"],
    },
    Control {
        id: "WAF.11",
        title: "AWS WAFv2 web ACL logging should be activated",
        fsbp: false,
        nist: &[
            "AC-4(26)", "AU-10", "AU-12", "AU-2", "AU-3", "AU-6(3)", "AU-6(4)", "CA-7", "SC-7(10)",
            "SC-7(9)", "SI-7(8)",
        ],
    },
];

/// The control with id `id`.
pub(crate) fn control(id: &str) -> Option<&'static Control> {
    CONTROLS.iter().find(|c| c.id == id)
}
