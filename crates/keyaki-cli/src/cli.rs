//! The command line: every command, flag and help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// keyaki answers AWS security questions from an account snapshot (the JSON the AWS CLI
/// writes) and its logs, offline, exactly, with the evidence behind every answer.
#[derive(Debug, Parser)]
#[command(name = "keyaki", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Start with `keyaki demo`, then `keyaki inventory SNAPSHOT`. Docs: docs/commands/"
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
        keyaki synth /tmp/org --accounts 50 --principals 200 --seed 7")]
    Synth(SynthArgs),
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
    /// Random seed: the same seed and sizes give the same files, byte for byte
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write into a directory that is not empty
    #[arg(long)]
    pub overwrite: bool,
}
