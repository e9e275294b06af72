//! The command line: every command, flag and help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// keyaki answers AWS security questions from an account snapshot (the JSON the AWS CLI
/// writes) and its logs, offline, exactly, with the evidence behind every answer.
#[derive(Debug, Parser)]
#[command(name = "keyaki", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Start with `keyaki demo`, then `keyaki inventory SNAPSHOT` and `keyaki exposure SNAPSHOT`. Docs: docs/commands/"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every resource of a snapshot: type, id, ARN, account, region, name, key attributes
    #[command(after_help = "Examples:\n  \
        keyaki inventory examples/incident-3tier\n  \
        keyaki inventory SNAP --format xlsx --output inventory.xlsx\n  \
        keyaki inventory SNAP --type AWS::EC2::Instance --format json | jq '.[].id'")]
    Inventory(InventoryArgs),
    /// Work with snapshots
    Snapshot {
        #[command(subcommand)]
        command: SnapshotCommand,
    },
    /// Run every engine on the bundled example snapshot and print a short report
    #[command(
        after_help = "Examples:\n  keyaki demo\n  keyaki demo --example path/to/incident-3tier"
    )]
    Demo(DemoArgs),
    /// Write a large synthetic snapshot, for benchmarks and scale tests
    #[command(after_help = "Examples:\n  \
        keyaki synth /tmp/big --enis 100000 --instances 60000 --security-groups 2000\n  \
        keyaki synth /tmp/org --accounts 50 --principals 200 --seed 7\n  \
        keyaki synth /tmp/trail --logs 2GB --accounts 3")]
    Synth(SynthArgs),
    /// Evaluate the compliance rules (CIS, AWS FSBP, NIST 800-53) on a snapshot
    #[command(after_help = "Examples:\n  \
        keyaki check examples/incident-3tier\n  \
        keyaki check SNAP --framework cis-3.0 --format json\n  \
        keyaki check SNAP --format sarif --output keyaki.sarif --fail-on high\n  \
        keyaki check SNAP --suppressions accepted-risks.json\n  \
        keyaki check SNAP --rules examples/rules --no-builtin\n\n\
        Exit codes: 0 no open failure at or above --fail-on; 1 bad input; 3 open failures at or above --fail-on.")]
    Check(CheckArgs),
    /// What the internet can reach: every network interface exposed, directly or through an
    /// internet-facing load balancer, with the exact flows and the rule at every hop
    #[command(after_help = "Examples:\n  \
        keyaki exposure examples/incident-3tier\n  \
        keyaki exposure SNAP --format json | jq '.findings[] | select(.severity == \"high\")'\n  \
        keyaki exposure SNAP --format csv --output exposure.csv --fail-on high\n\n\
        Exit code 3 when an exposure is at or above --fail-on.")]
    Exposure(ExposureArgs),
    /// Can A reach B on this protocol and port? The path both ways, or the hop that blocks it,
    /// why, and the change that would open it
    #[command(after_help = "Examples:\n  \
        keyaki reach examples/incident-3tier --from internet --to i-dbe834b4ae262edd3 --port 22\n  \
        keyaki reach examples/incident-3tier --from i-dbe834b4ae262edd3 --to 10.0.20.14 --port 3306\n  \
        keyaki reach SNAP --from eni-0123 --to 198.51.100.77 --protocol udp --port 53 --format json\n\n\
        Exit code 0 whenever the question was answered, reachable or not (the answer is in the output).")]
    Reach(ReachArgs),
    /// Which network interfaces can reach the internet, through which gateway, and which
    /// cannot and why
    #[command(after_help = "Examples:\n  \
        keyaki egress examples/incident-3tier\n  \
        keyaki egress SNAP --format json | jq '.egress[] | select(.gateway_kind == \"internet-gateway\")'")]
    Egress(EgressArgs),
    /// Read log files (CloudTrail, VPC Flow Logs, ALB, nginx) into a lake of Parquet files
    #[command(after_help = "Examples:\n  \
        keyaki ingest --lake lake examples/incident-3tier/logs\n  \
        keyaki ingest --lake lake s3-export/AWSLogs/ --format json\n  \
        keyaki ingest --lake lake --source nginx --account 123456789012 --region us-east-1 /var/log/nginx/\n\n\
        Every record read is written, quarantined (LAKE/_keyaki/quarantine/) or skipped.\n\
        Exit code 1 when a file could not be read.")]
    Ingest(IngestArgs),
    /// Run SQL over a lake (tables cloudtrail_logs, vpc_flow_logs, alb_logs, nginx_logs)
    #[command(after_help = "Examples:\n  \
        keyaki query lake \"SELECT eventname, count(*) AS n FROM cloudtrail_logs GROUP BY 1 ORDER BY n DESC\"\n  \
        keyaki query lake \"SELECT dstaddr, sum(bytes) AS b FROM vpc_flow_logs WHERE dt = '2026-03-12' GROUP BY 1\" --format csv")]
    Query(QueryArgs),
    /// Run detections (built in and your own SQL) over a lake and report findings
    #[command(after_help = "Examples:\n  \
        keyaki detect lake\n  \
        keyaki detect lake --ioc bad-addresses.txt --format json --fail-on high\n  \
        keyaki detect lake --rules my-detections/ --no-builtin\n  \
        keyaki detect --list\n\n\
        Exit code 3 when a finding is at or above --fail-on; 1 when a detection could not run.")]
    Detect(DetectArgs),
    /// Everything one access key, principal or address did, across all logs, in time order
    #[command(after_help = "Examples:\n  \
        keyaki timeline lake --actor ASIABZPUZDIKIRIUQMHC\n  \
        keyaki timeline lake --actor 198.51.100.77 --from 2026-03-12T09:00:00Z --to 2026-03-12T11:00:00Z\n  \
        keyaki timeline lake --actor arn:aws:iam::123456789012:user/batch-job --format json")]
    Timeline(TimelineArgs),
    /// Export a lake's CloudTrail and VPC flow rows as OCSF events (Amazon Security Lake's layout)
    #[command(after_help = "Examples:\n  \
        keyaki export lake --ocsf --output ocsf/\n  \
        keyaki export lake --ocsf --output ocsf/ --format json\n\n\
        CloudTrail rows become OCSF 1.1.0 API Activity (6003), flow rows Network Activity (4001),\n\
        in Parquet under OUT/aws/<SOURCE>/2.0/region=/accountId=/eventDay=/.")]
    Export(ExportArgs),
    /// Can this principal do this action on this resource? The decision, the statements that
    /// made it (file:line and JSON path), the conditions that failed and the keys that matter
    #[command(after_help = "Examples:\n  \
        keyaki can examples/incident-3tier batch-job sts:AssumeRole arn:aws:iam::123456789012:role/developer-role\n  \
        keyaki can SNAP bob sts:AssumeRole arn:aws:iam::123456789012:role/developer-role --context aws:MultiFactorAuthPresent=true\n  \
        keyaki can SNAP developer-role iam:CreatePolicyVersion arn:aws:iam::123456789012:policy/developer-policy --format json\n\n\
        Exit code 0 whenever the question was answered, allowed or not (the decision is in the output); 1 on bad input.")]
    Can(CanArgs),
    /// Every principal that can do an action on a resource, and under which conditions
    #[command(
        name = "who-can",
        after_help = "Examples:\n  \
        keyaki who-can examples/incident-3tier s3:GetObject 'arn:aws:s3:::acme-customer-data/*'\n  \
        keyaki who-can SNAP sts:AssumeRole arn:aws:iam::123456789012:role/developer-role --format json\n\n\
        Exit code 0 when answered; 1 on bad input."
    )]
    WhoCan(WhoCanArgs),
    /// Everything a principal can do, by service and access level, with the resources
    #[command(
        name = "what-can",
        after_help = "Examples:\n  \
        keyaki what-can examples/incident-3tier developer-role --service iam --access-level permissions-management\n  \
        keyaki what-can SNAP web-server-role --format json\n\n\
        Exit code 0 when answered; 1 on bad input."
    )]
    WhatCan(WhatCanArgs),
    /// Decide one request against policies given inline in a JSON file (no snapshot)
    #[command(after_help = "Examples:\n  \
        keyaki simulate request.json\n  \
        keyaki simulate request.json --format json\n\n\
        Exit code 0 when decided; 1 when the input or a policy is not valid (each error with its line, column and JSON path).")]
    Simulate(SimulateArgs),
    /// Work with IAM policy documents
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
    /// Compare two snapshots: resources added, removed and changed (field by field), and the
    /// findings that appeared and were resolved
    #[command(after_help = "Examples:\n  \
        keyaki diff snapshots/2026-03-11 snapshots/2026-03-12\n  \
        keyaki diff OLD NEW --framework cis-3.0 --format json\n\n\
        Exit code 0 when compared; 1 on bad input.")]
    Diff(DiffArgs),
    /// One resource's configuration over time from AWS Config history files: each change field
    /// by field, and with a lake the CloudTrail event (who, when, from where) behind it
    #[command(after_help = "Examples:\n  \
        keyaki history AWSLogs/123456789012/Config --resource sg-0123456789abcdef0\n  \
        keyaki history CONFIG_DIR --resource arn:aws:iam::123456789012:role/web-server-role --lake lake\n  \
        keyaki history CONFIG_DIR --resource sg-0123456789abcdef0 --format json\n\n\
        Exit code 0 when the history was found; 1 when it was not, or on bad input.")]
    History(HistoryArgs),
    /// Write an evidence package for one framework: index.html and index.json with the status of
    /// every requirement, each result's evidence, and the snapshot's files with their SHA-256
    #[command(after_help = "Examples:\n  \
        keyaki audit examples/incident-3tier --framework cis-3.0 --output audit-cis\n  \
        keyaki audit SNAP --framework fsbp --output audit-fsbp --rules my-rules/ --suppressions accepted-risks.json\n\n\
        Exit code 0 when the package was written; 1 on bad input.")]
    Audit(AuditArgs),
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Check policy documents (files, or every policy of a snapshot) and report findings
    /// (ERROR, SECURITY_WARNING, WARNING, SUGGESTION) with line, column and JSON path
    #[command(after_help = "Examples:\n  \
        keyaki policy validate policy.json\n  \
        keyaki policy validate trust.json --kind trust --format json\n  \
        keyaki policy validate --snapshot examples/incident-3tier --fail-on security-warning\n\n\
        Exit codes: 0 no finding at or above --fail-on (default error); 3 one is; 1 a file cannot be read.")]
    Validate(PolicyValidateArgs),
}

#[derive(Debug, Subcommand)]
pub enum SnapshotCommand {
    /// Load a snapshot and report what loaded, counts per type, warnings and errors
    #[command(
        after_help = "Examples:\n  keyaki snapshot validate examples/incident-3tier\n  keyaki snapshot validate SNAP --format json\n\nExit code 1 when any file has an error."
    )]
    Validate(ValidateArgs),
}

/// Output formats of `keyaki inventory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InventoryFormat {
    /// A table for the terminal
    Table,
    /// A JSON array of resources (docs/formats.md#inventory)
    Json,
    /// One JSON resource per line
    Jsonl,
    /// Comma-separated values, one row per resource
    Csv,
    /// An Excel workbook with one sheet per resource type (needs --output)
    Xlsx,
}

#[derive(Debug, Args)]
pub struct InventoryArgs {
    /// The snapshot directory
    pub snapshot: PathBuf,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = InventoryFormat::Table)]
    pub format: InventoryFormat,
    /// Write to this file instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Only resources of these types (AWS CloudFormation names such as AWS::EC2::Instance;
    /// a prefix such as AWS::EC2:: selects a service); repeatable
    #[arg(long = "type", short = 't', value_name = "TYPE")]
    pub types: Vec<String>,
}

/// Output formats of `keyaki snapshot validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    /// A summary for people
    Table,
    /// A JSON report (docs/formats.md#validation-report)
    Json,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The snapshot directory
    pub snapshot: PathBuf,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = ValidateFormat::Table)]
    pub format: ValidateFormat,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The example snapshot (default: examples/incident-3tier of this repository)
    #[arg(long)]
    pub example: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SynthArgs {
    /// The directory to write (must be empty or absent, unless --overwrite)
    pub out_dir: PathBuf,
    /// Number of accounts; more than one writes an organisation (accounts/<id>/...)
    #[arg(long, default_value_t = 1)]
    pub accounts: usize,
    /// IAM users and roles per account
    #[arg(long, default_value_t = 50)]
    pub principals: usize,
    /// Customer managed policies per account
    #[arg(long, default_value_t = 20)]
    pub policies: usize,
    /// S3 buckets per account
    #[arg(long, default_value_t = 10)]
    pub buckets: usize,
    /// EC2 instances per account
    #[arg(long, default_value_t = 100)]
    pub instances: usize,
    /// Network interfaces per account (at least one per instance)
    #[arg(long, default_value_t = 150)]
    pub enis: usize,
    /// Security groups per account
    #[arg(long = "security-groups", default_value_t = 20)]
    pub security_groups: usize,
    /// Subnets per account, shared by the VPCs (no default VPC then); unset, each VPC has one public, private and data subnet per zone
    #[arg(long)]
    pub subnets: Option<usize>,
    /// Random seed: the same seed and sizes give the same files, byte for byte
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write into a directory that is not empty
    #[arg(long)]
    pub overwrite: bool,
    /// Write CloudTrail logs of about this much JSON (2GB, 500MB) instead of a snapshot
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub logs: Option<u64>,
    /// Regions of the CloudTrail logs (with --logs; 1 to 6)
    #[arg(long, value_name = "N", default_value_t = 2, requires = "logs")]
    pub log_regions: usize,
}

fn parse_size(text: &str) -> Result<u64, String> {
    keyaki_synth::logs::parse_size(text)
        .ok_or_else(|| format!("{text:?} is not a size (examples: 2GB, 500MB, 64MiB)"))
}

/// A severity threshold for `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any finding
    #[value(alias = "info")]
    Informational,
    /// Low and above
    Low,
    /// Medium and above
    Medium,
    /// High and above
    High,
    /// Critical only
    Critical,
}

impl From<FailOn> for keyaki_core::Severity {
    fn from(f: FailOn) -> Self {
        match f {
            FailOn::Informational => keyaki_core::Severity::Informational,
            FailOn::Low => keyaki_core::Severity::Low,
            FailOn::Medium => keyaki_core::Severity::Medium,
            FailOn::High => keyaki_core::Severity::High,
            FailOn::Critical => keyaki_core::Severity::Critical,
        }
    }
}

/// Output formats of the commands that report findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FindingsFormat {
    /// A table for the terminal
    Table,
    /// JSON (the command's documented report)
    Json,
    /// One JSON finding per line
    Jsonl,
    /// Comma-separated values, one finding per row
    Csv,
    /// An Excel workbook of the findings and a summary (needs --output)
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ExposureArgs {
    /// The snapshot directory
    pub snapshot: PathBuf,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = FindingsFormat::Table)]
    pub format: FindingsFormat,
    /// Write to this file instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Exit with code 3 when an exposure is at or above this severity
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
}

/// Output formats of `keyaki reach`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReachFormat {
    /// The answer and the path, hop by hop, for people
    Table,
    /// The answer as JSON (docs/commands/reach.md)
    Json,
}

#[derive(Debug, Args)]
pub struct ReachArgs {
    /// The snapshot directory
    pub snapshot: PathBuf,
    /// Where the traffic starts: internet, an instance id, an ENI id, a subnet id or an IP address
    #[arg(long, value_name = "SRC")]
    pub from: String,
    /// Where it goes: internet, an instance id, an ENI id, a subnet id or an IP address
    #[arg(long, value_name = "DST")]
    pub to: String,
    /// The protocol: tcp, udp, icmp, icmpv6, all or a protocol number
    #[arg(long, default_value = "tcp")]
    pub protocol: String,
    /// The destination port (ICMP: type * 256 + code); any port when absent
    #[arg(long)]
    pub port: Option<u16>,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = ReachFormat::Table)]
    pub format: ReachFormat,
}

/// Output formats of `keyaki egress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EgressFormat {
    /// A table for the terminal
    Table,
    /// The egress report as JSON (docs/commands/egress.md)
    Json,
    /// One JSON object per way out
    Jsonl,
    /// Comma-separated values, one row per way out
    Csv,
}

#[derive(Debug, Args)]
pub struct EgressArgs {
    /// The snapshot directory
    pub snapshot: PathBuf,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = EgressFormat::Table)]
    pub format: EgressFormat,
    /// Write to this file instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// A log source, as `--source` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Source {
    /// CloudTrail records (table cloudtrail_logs)
    Cloudtrail,
    /// VPC Flow Logs (table vpc_flow_logs)
    Vpcflow,
    /// Application Load Balancer access logs (table alb_logs)
    Alb,
    /// nginx or Apache access logs (table nginx_logs)
    Nginx,
}

impl From<Source> for keyaki_lake::SourceKind {
    fn from(s: Source) -> Self {
        match s {
            Source::Cloudtrail => keyaki_lake::SourceKind::CloudTrail,
            Source::Vpcflow => keyaki_lake::SourceKind::VpcFlow,
            Source::Alb => keyaki_lake::SourceKind::Alb,
            Source::Nginx => keyaki_lake::SourceKind::Nginx,
        }
    }
}

/// Output formats of `keyaki ingest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IngestFormat {
    /// A summary per source, and the files that need attention
    Table,
    /// The full report, every file (docs/commands/ingest.md)
    Json,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// The lake directory (created when missing)
    #[arg(long, value_name = "LAKE")]
    pub lake: PathBuf,
    /// Log files or folders (walked recursively), plain or gzip
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read every file as this source instead of recognising it from its content
    #[arg(long, value_enum)]
    pub source: Option<Source>,
    /// The nginx log_format of access logs (default: combined)
    #[arg(long, value_name = "FORMAT")]
    pub nginx_format: Option<String>,
    /// The format of flow log files without a header line ('${version} ${account-id} ...')
    #[arg(long, value_name = "FORMAT")]
    pub flow_format: Option<String>,
    /// The account partition for records that carry none (nginx logs)
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,
    /// The region partition for records that carry none (nginx logs)
    #[arg(long)]
    pub region: Option<String>,
    /// Worker threads (default: one per core)
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = IngestFormat::Table)]
    pub format: IngestFormat,
}

/// Output formats of `keyaki export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A summary: events per class and the files written
    Table,
    /// The full report: counts, files, and rows that could not be converted
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The lake directory (written by keyaki ingest)
    pub lake: PathBuf,
    /// Write OCSF 1.1.0 events in Parquet (the only export format)
    #[arg(long, required = true)]
    pub ocsf: bool,
    /// The directory to write (must be empty or absent)
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
    /// Format of the summary on standard output
    #[arg(long, short, value_enum, default_value_t = ExportFormat::Table)]
    pub format: ExportFormat,
}

/// Output formats of `keyaki query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// A table for the terminal
    Table,
    /// Comma-separated values with a header line
    Csv,
    /// A JSON array of objects
    Json,
    /// One JSON object per row (null columns left out)
    Jsonl,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The lake directory (written by keyaki ingest)
    pub lake: PathBuf,
    /// One SQL statement
    pub sql: String,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = QueryFormat::Table)]
    pub format: QueryFormat,
    /// Write to this file instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// A list of bad addresses (one a line, optional `,note`), as the table ioc_addresses
    #[arg(long, value_name = "FILE")]
    pub ioc: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DetectArgs {
    /// The lake directory (written by keyaki ingest)
    #[arg(required_unless_present = "list")]
    pub lake: Option<PathBuf>,
    /// Your own detections: a .sql file or a folder of them; repeatable
    #[arg(long, value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Sigma rules for CloudTrail (SigmaHQ format): a .yml file or a folder of them; repeatable
    #[arg(long, value_name = "PATH")]
    pub sigma: Vec<PathBuf>,
    /// Run only the detections given with --rules and --sigma
    #[arg(long)]
    pub no_builtin: bool,
    /// Bad addresses, one a line, optionally followed by `,` and a note; `#` comments
    #[arg(long, value_name = "FILE")]
    pub ioc: Option<PathBuf>,
    /// List the detections (built in and --rules) instead of running them
    #[arg(long)]
    pub list: bool,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = DetectFormat::Table)]
    pub format: DetectFormat,
    /// Write to this file instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Exit with code 3 when a finding is at or above this severity
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
}

/// Output formats of `keyaki detect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DetectFormat {
    /// Severity, detection, resource and title, then a count
    Table,
    /// A JSON array of findings
    Json,
    /// One JSON finding per line
    Jsonl,
    /// Comma-separated values, one finding per row
    Csv,
    /// An Excel workbook with a summary sheet (needs --output)
    Xlsx,
    /// OCSF 1.8.0 Detection Finding events (docs/reports.md)
    Ocsf,
    /// A self-contained HTML report: chart and findings with filters
    Html,
}

/// Output formats of `keyaki timeline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimelineFormat {
    /// What was followed, then one event per line
    Table,
    /// The timeline as JSON (docs/commands/timeline.md)
    Json,
    /// One JSON event per line
    Jsonl,
    /// Comma-separated values, one event per row
    Csv,
    /// A self-contained HTML page (no scripts, nothing fetched)
    Html,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The lake directory (written by keyaki ingest)
    pub lake: PathBuf,
    /// An access key id (AKIA..., ASIA...), a principal ARN or an IP address
    #[arg(long)]
    pub actor: String,
    /// Only events at or after this time (ISO 8601, such as 2026-03-12T09:00:00Z)
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// Only events at or before this time (ISO 8601)
    #[arg(long, value_name = "TIME")]
    pub to: Option<String>,
    /// Also follow private source addresses (usually shared hosts that bring in unrelated traffic)
    #[arg(long)]
    pub private_addresses: bool,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = TimelineFormat::Table)]
    pub format: TimelineFormat,
    /// Write to this file instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Output formats of `keyaki check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Open failures as a table, then the summary
    Table,
    /// Every result: pass, fail, not_applicable, unknown (docs/commands/check.md)
    Json,
    /// Open failures, one JSON finding per line
    Jsonl,
    /// Open failures as comma-separated values
    Csv,
    /// Open failures in an Excel workbook with a summary sheet (needs --output)
    Xlsx,
    /// Open failures as SARIF 2.1.0
    Sarif,
    /// Open failures in the AWS Security Finding Format (for securityhub batch-import-findings)
    Asff,
    /// Open failures as OCSF 1.8.0 Compliance Finding events (docs/reports.md)
    Ocsf,
    /// A self-contained HTML report: chart, coverage per framework, findings with filters
    Html,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The snapshot directory
    pub snapshot: PathBuf,
    /// Only the rules of this framework: cis-3.0, cis-5.0, fsbp, nist-800-53-r5
    #[arg(long, value_name = "FRAMEWORK")]
    pub framework: Option<String>,
    /// Only rules of at least this severity
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub severity: Option<FailOn>,
    /// Only these rules (repeatable)
    #[arg(long = "rule", value_name = "RULE_ID")]
    pub rules: Vec<String>,
    /// Also run the custom rules of every *.yaml and *.yml file in this folder (docs/custom-rules.md)
    #[arg(long = "rules", value_name = "DIR")]
    pub custom_rules: Option<PathBuf>,
    /// Run only the custom rules of --rules, not the built-in ones
    #[arg(long, requires = "custom_rules")]
    pub no_builtin: bool,
    /// A JSON file of accepted risks (docs/commands/check.md#suppressions)
    #[arg(long, value_name = "FILE")]
    pub suppressions: Option<PathBuf>,
    /// Exit with code 3 when an open failure is at or above this severity
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = CheckFormat::Table)]
    pub format: CheckFormat,
    /// Write to this file instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Output formats of the IAM questions (`can`, `who-can`, `what-can`, `simulate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnswerFormat {
    /// The answer and its evidence, for people
    Table,
    /// The answer as JSON (docs/iam.md#explanations-json)
    Json,
}

#[derive(Debug, Args)]
pub struct CanArgs {
    /// The snapshot directory
    pub snapshot: PathBuf,
    /// A user or role name (alice, role/deploy), a user, role or session ARN, an account id,
    /// a service principal, or * for an anonymous request
    pub principal: String,
    /// The action, service:Action (any case)
    pub action: String,
    /// The resource ARN, or * for actions without a resource
    pub resource: String,
    /// A condition key of the request, KEY=VALUE; repeat a key for a multivalued one
    #[arg(long = "context", value_name = "KEY=VALUE")]
    pub context: Vec<String>,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = AnswerFormat::Table)]
    pub format: AnswerFormat,
}

#[derive(Debug, Args)]
pub struct WhoCanArgs {
    /// The snapshot directory
    pub snapshot: PathBuf,
    /// The action, service:Action (any case)
    pub action: String,
    /// The resource ARN, or * for actions without a resource
    pub resource: String,
    /// A condition key of the request, KEY=VALUE; repeat a key for a multivalued one
    #[arg(long = "context", value_name = "KEY=VALUE")]
    pub context: Vec<String>,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = AnswerFormat::Table)]
    pub format: AnswerFormat,
}

/// An access level of the service authorization reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AccessLevelArg {
    /// List
    List,
    /// Read
    Read,
    /// Write
    Write,
    /// Tagging
    Tagging,
    /// Permissions management
    PermissionsManagement,
}

impl From<AccessLevelArg> for keyaki_iam::AccessLevel {
    fn from(level: AccessLevelArg) -> Self {
        match level {
            AccessLevelArg::List => keyaki_iam::AccessLevel::List,
            AccessLevelArg::Read => keyaki_iam::AccessLevel::Read,
            AccessLevelArg::Write => keyaki_iam::AccessLevel::Write,
            AccessLevelArg::Tagging => keyaki_iam::AccessLevel::Tagging,
            AccessLevelArg::PermissionsManagement => keyaki_iam::AccessLevel::PermissionsManagement,
        }
    }
}

#[derive(Debug, Args)]
pub struct WhatCanArgs {
    /// The snapshot directory
    pub snapshot: PathBuf,
    /// A user or role name, a user, role or session ARN, an account id or a service principal
    pub principal: String,
    /// Only this service (its prefix, such as s3)
    #[arg(long, value_name = "SERVICE")]
    pub service: Option<String>,
    /// Only resources this ARN matches (wildcards allowed)
    #[arg(long, value_name = "ARN")]
    pub resource: Option<String>,
    /// Only actions of this access level
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub access_level: Option<AccessLevelArg>,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = AnswerFormat::Table)]
    pub format: AnswerFormat,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The request and its policies, as JSON (docs/commands/simulate.md)
    pub file: PathBuf,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = AnswerFormat::Table)]
    pub format: AnswerFormat,
}

/// How a policy document is used, as `--kind` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyKindArg {
    /// An identity-based policy of a user, group or role
    Identity,
    /// A resource-based policy (bucket, key, queue, topic, function, secret)
    Resource,
    /// A role trust policy
    Trust,
    /// A service control policy
    Scp,
    /// A resource control policy
    Rcp,
    /// A permissions boundary
    #[value(alias = "boundary")]
    PermissionsBoundary,
    /// A session policy
    Session,
    /// A VPC endpoint policy
    #[value(alias = "endpoint")]
    VpcEndpoint,
}

impl From<PolicyKindArg> for keyaki_iam::PolicyKind {
    fn from(kind: PolicyKindArg) -> Self {
        match kind {
            PolicyKindArg::Identity => keyaki_iam::PolicyKind::Identity,
            PolicyKindArg::Resource => keyaki_iam::PolicyKind::Resource,
            PolicyKindArg::Trust => keyaki_iam::PolicyKind::Trust,
            PolicyKindArg::Scp => keyaki_iam::PolicyKind::Scp,
            PolicyKindArg::Rcp => keyaki_iam::PolicyKind::Rcp,
            PolicyKindArg::PermissionsBoundary => keyaki_iam::PolicyKind::PermissionsBoundary,
            PolicyKindArg::Session => keyaki_iam::PolicyKind::Session,
            PolicyKindArg::VpcEndpoint => keyaki_iam::PolicyKind::VpcEndpoint,
        }
    }
}

/// A finding type threshold for `policy validate --fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FindingTypeArg {
    /// ERROR only
    Error,
    /// SECURITY_WARNING and ERROR
    SecurityWarning,
    /// WARNING and above
    Warning,
    /// Any finding
    Suggestion,
}

impl From<FindingTypeArg> for keyaki_iam::FindingType {
    fn from(t: FindingTypeArg) -> Self {
        match t {
            FindingTypeArg::Error => keyaki_iam::FindingType::Error,
            FindingTypeArg::SecurityWarning => keyaki_iam::FindingType::SecurityWarning,
            FindingTypeArg::Warning => keyaki_iam::FindingType::Warning,
            FindingTypeArg::Suggestion => keyaki_iam::FindingType::Suggestion,
        }
    }
}

/// Output formats of `keyaki policy validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyValidateFormat {
    /// One finding per line, file:line:col: JSON path: TYPE code: message
    Table,
    /// A JSON array of findings (with --snapshot: of policies and their findings)
    Json,
    /// SARIF 2.1.0
    Sarif,
}

#[derive(Debug, Args)]
pub struct PolicyValidateArgs {
    /// Policy documents (JSON files)
    #[arg(
        value_name = "FILE",
        required_unless_present = "snapshot",
        conflicts_with = "snapshot"
    )]
    pub files: Vec<PathBuf>,
    /// Validate every policy of this snapshot instead of files
    #[arg(long, value_name = "SNAPSHOT")]
    pub snapshot: Option<PathBuf>,
    /// Read every file as this kind of policy (default: resource-based when a statement names
    /// a principal, else identity-based)
    #[arg(long, value_enum)]
    pub kind: Option<PolicyKindArg>,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = PolicyValidateFormat::Table)]
    pub format: PolicyValidateFormat,
    /// Exit with code 3 when a finding is of this type or a more serious one
    #[arg(long, value_enum, value_name = "TYPE", default_value_t = FindingTypeArg::Error)]
    pub fail_on: FindingTypeArg,
}

/// Output formats of `keyaki diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A summary, the resource changes and the findings, for people
    Table,
    /// The diff as JSON (docs/commands/diff.md)
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older snapshot directory
    pub old: PathBuf,
    /// The newer snapshot directory
    pub new: PathBuf,
    /// Compare findings of this framework only: cis-3.0, cis-5.0, fsbp, nist-800-53-r5
    #[arg(long, value_name = "FRAMEWORK")]
    pub framework: Option<String>,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
}

/// Output formats of `keyaki history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    /// One block per configuration item, with its changes
    Table,
    /// The timeline as JSON (docs/commands/history.md)
    Json,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// A folder of AWS Config configuration history and snapshot files (*.json, *.json.gz)
    pub config_dir: PathBuf,
    /// The resource: its id (sg-...), ARN or name
    #[arg(long, value_name = "ID|ARN")]
    pub resource: String,
    /// A lake written by `keyaki ingest`, to find the CloudTrail event behind each change
    #[arg(long, value_name = "LAKE")]
    pub lake: Option<PathBuf>,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = HistoryFormat::Table)]
    pub format: HistoryFormat,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The snapshot directory
    pub snapshot: PathBuf,
    /// The framework: cis-3.0, cis-5.0, fsbp, nist-800-53-r5
    #[arg(long, value_name = "FRAMEWORK")]
    pub framework: String,
    /// The folder to write the package into (created if missing)
    #[arg(long, short, value_name = "DIR")]
    pub output: PathBuf,
    /// Also run the custom rules of every *.yaml and *.yml file in this folder (docs/custom-rules.md)
    #[arg(long = "rules", value_name = "DIR")]
    pub custom_rules: Option<PathBuf>,
    /// A JSON file of accepted risks (docs/commands/check.md#suppressions)
    #[arg(long, value_name = "FILE")]
    pub suppressions: Option<PathBuf>,
}
