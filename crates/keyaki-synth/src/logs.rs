//! Deterministic, realistic CloudTrail logs, written as a trail delivers them to S3.
//!
//! [`generate_logs`] writes `OUT/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/
//! <account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 characters>.json.gz` files, each a gzip
//! of one `{"Records":[...]}` document covering five minutes of one account and region, until
//! the uncompressed JSON reaches [`LogsConfig::bytes`].
//!
//! The records mix what a busy account logs: mostly read calls from roles (EC2 instance
//! profiles, Lambda, CI), AWS services acting for the account, some IAM users with long-term
//! keys, console sessions, a little root; `errorCode` on a few percent (access denied,
//! throttling, missing entities); source addresses from a pool of public addresses, service
//! names and `AWS Internal`; user agents of the CLI, SDKs, Terraform and the console.
//!
//! Every file is generated from its own ChaCha stream, seeded by the seed and the file's
//! index, and streamed through gzip: output is byte-identical for a given configuration,
//! whatever the thread count, and memory does not grow with the size asked for.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde_json::{Value, json};

use crate::error::Error;

/// What [`generate_logs`] writes.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LogsConfig {
    /// Uncompressed JSON to write, in bytes (the files are gzip, about 10 to 15 times smaller).
    pub bytes: u64,
    /// Accounts, numbered from `111111111111` up.
    pub accounts: usize,
    /// Regions the trail logs (at most 6).
    pub regions: usize,
    /// Random seed.
    pub seed: u64,
    /// First delivery time, Unix seconds (default 2026-03-01T00:00:00Z).
    pub start: i64,
    /// Write into a non-empty directory (only `AWSLogs/` is replaced).
    pub overwrite: bool,
}

impl Default for LogsConfig {
    fn default() -> Self {
        LogsConfig {
            bytes: 64 << 20,
            accounts: 1,
            regions: 2,
            seed: 1,
            start: 1_772_323_200,
            overwrite: false,
        }
    }
}

impl LogsConfig {
    /// A configuration that writes about `bytes` of uncompressed JSON.
    pub fn new(bytes: u64) -> Self {
        LogsConfig {
            bytes,
            ..LogsConfig::default()
        }
    }

    fn validate(&self) -> Result<(), Error> {
        let check = |field, value: u64, min, max| {
            if (min..=max).contains(&value) {
                Ok(())
            } else {
                Err(Error::OutOfRange {
                    field,
                    value,
                    min,
                    max,
                })
            }
        };
        check("logs bytes", self.bytes, 1, 1 << 40)?;
        check("accounts", self.accounts as u64, 1, 10_000)?;
        check("regions", self.regions as u64, 1, REGIONS.len() as u64)
    }
}

/// What [`generate_logs`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct LogsSummary {
    /// Files written.
    pub files: u64,
    /// CloudTrail records in them.
    pub records: u64,
    /// Uncompressed JSON bytes.
    pub json_bytes: u64,
    /// Bytes on disk (gzip).
    pub gzip_bytes: u64,
}

impl std::fmt::Display for LogsSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} CloudTrail files, {} records, {:.1} MB of JSON ({:.1} MB gzip)",
            self.files,
            self.records,
            self.json_bytes as f64 / 1e6,
            self.gzip_bytes as f64 / 1e6
        )
    }
}

/// Parses a size such as `2GB`, `500MB`, `64MiB` or `1000000` (bytes).
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let v = n * mult;
    (1.0..1e15).contains(&v).then_some(v as u64)
}

const REGIONS: [&str; 6] = [
    "us-east-1",
    "eu-west-1",
    "us-west-2",
    "ap-northeast-1",
    "eu-central-1",
    "us-east-2",
];

/// Files of one account and region cover five minutes each.
const FILE_SECONDS: i64 = 300;
/// Files generated per round; rounds continue until the size is reached.
const ROUND: usize = 256;

/// Writes CloudTrail log files into `out` (see the module documentation).
pub fn generate_logs(config: &LogsConfig, out: &Path) -> Result<LogsSummary, Error> {
    config.validate()?;
    prepare(out, config.overwrite)?;
    let mut total = LogsSummary::default();
    let mut next = 0usize;
    while total.json_bytes < config.bytes {
        // About 1 MB of JSON per file: enough files to reach the size, at most ROUND.
        let round_len =
            ((config.bytes - total.json_bytes) / 1_000_000 + 1).min(ROUND as u64) as usize;
        let round: Vec<LogsSummary> = (next..next + round_len)
            .into_par_iter()
            .map(|i| write_file(config, out, i))
            .collect::<Result<_, _>>()?;
        // Keep the files of this round in index order until the size is reached, and
        // delete the rest, so the output does not depend on the round size.
        for (k, s) in round.iter().enumerate() {
            if total.json_bytes >= config.bytes {
                remove_with_empty_parents(&file_path(config, out, next + k), out)?;
                continue;
            }
            total.files += s.files;
            total.records += s.records;
            total.json_bytes += s.json_bytes;
            total.gzip_bytes += s.gzip_bytes;
        }
        next += round_len;
    }
    Ok(total)
}

/// Removes a file beyond the size asked for, and the folders it leaves empty below `out`.
fn remove_with_empty_parents(path: &Path, out: &Path) -> Result<(), Error> {
    fs::remove_file(path).map_err(|e| Error::io(path, e))?;
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == out || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

fn prepare(out: &Path, overwrite: bool) -> Result<(), Error> {
    match fs::read_dir(out) {
        Ok(mut rd) => {
            if rd.next().is_some() {
                if !overwrite {
                    return Err(Error::NotEmpty {
                        path: out.to_path_buf(),
                    });
                }
                let logs = out.join("AWSLogs");
                match fs::remove_dir_all(&logs) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(Error::io(logs, e)),
                }
            }
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(out).map_err(|e| Error::io(out, e))
        }
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => Err(Error::NotADirectory {
            path: out.to_path_buf(),
        }),
        Err(e) => Err(Error::io(out, e)),
    }
}

fn account_id(index: usize) -> String {
    format!("{:012}", 111_111_111_111u64 + index as u64 * 1_000_003)
}

/// The file's account, region and delivery slot.
fn slot(config: &LogsConfig, index: usize) -> (usize, &'static str, i64) {
    let account = index % config.accounts;
    let region = REGIONS[(index / config.accounts) % config.regions];
    let n = (index / (config.accounts * config.regions)) as i64;
    (account, region, config.start + (n + 1) * FILE_SECONDS)
}

fn file_rng(config: &LogsConfig, index: usize) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(
        config
            .seed
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .wrapping_add(index as u64),
    )
}

fn file_path(config: &LogsConfig, out: &Path, index: usize) -> PathBuf {
    let (account, region, delivered) = slot(config, index);
    let account = account_id(account);
    let (date, stamp) = (date_of(delivered), stamp_of(delivered));
    let mut rng = file_rng(config, index);
    let suffix: String = (0..16)
        .map(|_| ALNUM[rng.random_range(0..ALNUM.len())] as char)
        .collect();
    out.join("AWSLogs")
        .join(&account)
        .join("CloudTrail")
        .join(region)
        .join(&date[0..4])
        .join(&date[5..7])
        .join(&date[8..10])
        .join(format!(
            "{account}_CloudTrail_{region}_{stamp}_{suffix}.json.gz"
        ))
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Counts bytes written through it.
struct Counting<W> {
    inner: W,
    n: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let k = self.inner.write(buf)?;
        self.n += k as u64;
        Ok(k)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn write_file(config: &LogsConfig, out: &Path, index: usize) -> Result<LogsSummary, Error> {
    let path = file_path(config, out, index);
    let (account, region, delivered) = slot(config, index);
    let mut rng = file_rng(config, index);
    // The same stream drew the file name's suffix first; skip past it.
    for _ in 0..16 {
        let _ = rng.random_range(0..ALNUM.len());
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let file = fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
    let gz = GzEncoder::new(
        Counting {
            inner: BufWriter::with_capacity(1 << 16, file),
            n: 0,
        },
        Compression::default(),
    );
    let mut w = Counting {
        inner: BufWriter::with_capacity(1 << 16, gz),
        n: 0,
    };
    let actors = Actors::new(config.seed, account);
    let records = rng.random_range(200..1800usize);
    let mut times: Vec<i64> = (0..records)
        .map(|_| delivered - FILE_SECONDS + rng.random_range(0..FILE_SECONDS * 1000) / 1000)
        .collect();
    times.sort_unstable();
    let io_err = |e| Error::io(&path, e);
    w.write_all(b"{\"Records\":[").map_err(io_err)?;
    for (k, t) in times.iter().enumerate() {
        if k > 0 {
            w.write_all(b",").map_err(io_err)?;
        }
        let record = record(&mut rng, &actors, region, *t);
        serde_json::to_writer(&mut w, &record).map_err(|e| Error::io(&path, e.into()))?;
    }
    w.write_all(b"]}").map_err(io_err)?;
    let json_bytes = w.n;
    let gz = w
        .inner
        .into_inner()
        .map_err(|e| Error::io(&path, e.into_error()))?;
    let mut counting = gz.finish().map_err(io_err)?;
    counting.flush().map_err(io_err)?;
    Ok(LogsSummary {
        files: 1,
        records: records as u64,
        json_bytes,
        gzip_bytes: counting.n,
    })
}

fn civil(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn date_of(t: i64) -> String {
    let (y, m, d) = civil(t.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

fn iso(t: i64) -> String {
    let s = t.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date_of(t),
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

fn stamp_of(t: i64) -> String {
    let s = t.rem_euclid(86_400);
    format!(
        "{}T{:02}{:02}Z",
        date_of(t).replace('-', ""),
        s / 3600,
        s / 60 % 60
    )
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn upper_id(rng: &mut ChaCha8Rng, prefix: &str, n: usize) -> String {
    const UP: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut s = String::with_capacity(prefix.len() + n);
    s.push_str(prefix);
    for _ in 0..n {
        s.push(UP[rng.random_range(0..UP.len())] as char);
    }
    s
}

fn uuid(rng: &mut ChaCha8Rng) -> String {
    let a: u128 = rng.random();
    let h = format!("{a:032x}");
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// Who acts in one account: a fixed cast derived from the seed and the account.
struct Actors {
    account: String,
    users: Vec<(String, String, String)>,
    roles: Vec<(String, String)>,
    addresses: Vec<String>,
}

impl Actors {
    fn new(seed: u64, account: usize) -> Actors {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (0x5eed_0000 + account as u64));
        let id = account_id(account);
        let users = [
            "alice",
            "bob",
            "carol",
            "deploy-bot",
            "backup",
            "ci-runner",
            "dave",
            "erin",
        ]
        .iter()
        .map(|u| {
            (
                (*u).to_owned(),
                upper_id(&mut rng, "AIDA", 17),
                upper_id(&mut rng, "AKIA", 16),
            )
        })
        .collect();
        let roles = [
            "web-server-role",
            "batch-role",
            "lambda-exec",
            "github-actions-deploy",
            "AWSReservedSSO_AdministratorAccess_1a2b3c4d5e6f7a8b",
            "AWSReservedSSO_ReadOnly_9f8e7d6c5b4a3f2e",
            "OrganizationAccountAccessRole",
            "datadog-integration",
        ]
        .iter()
        .map(|r| ((*r).to_owned(), upper_id(&mut rng, "AROA", 17)))
        .collect();
        let addresses = (0..64)
            .map(|_| {
                let a: u32 = rng.random();
                // Public unicast space: first octet 13..=223 except 127 and 10.
                let first = 13 + (a >> 24) % 200;
                let first = if first == 127 || first == 100 {
                    54
                } else {
                    first
                };
                format!(
                    "{first}.{}.{}.{}",
                    (a >> 16) & 0xff,
                    (a >> 8) & 0xff,
                    (a & 0xfe).max(1)
                )
            })
            .collect();
        Actors {
            account: id,
            users,
            roles,
            addresses,
        }
    }
}

/// (eventSource, eventName, weight, read-only, request parameters).
type Op = (&'static str, &'static str, u32, bool);

const OPS: &[Op] = &[
    ("ec2.amazonaws.com", "DescribeInstances", 120, true),
    ("ec2.amazonaws.com", "DescribeSecurityGroups", 40, true),
    ("ec2.amazonaws.com", "DescribeNetworkInterfaces", 30, true),
    ("ec2.amazonaws.com", "DescribeVolumes", 25, true),
    ("ec2.amazonaws.com", "RunInstances", 3, false),
    ("ec2.amazonaws.com", "TerminateInstances", 2, false),
    (
        "ec2.amazonaws.com",
        "AuthorizeSecurityGroupIngress",
        1,
        false,
    ),
    ("ec2.amazonaws.com", "CreateTags", 6, false),
    ("sts.amazonaws.com", "AssumeRole", 90, true),
    ("sts.amazonaws.com", "GetCallerIdentity", 50, true),
    ("sts.amazonaws.com", "AssumeRoleWithWebIdentity", 15, true),
    ("s3.amazonaws.com", "ListBuckets", 20, true),
    ("s3.amazonaws.com", "GetBucketAcl", 25, true),
    ("s3.amazonaws.com", "GetBucketPolicy", 15, true),
    ("s3.amazonaws.com", "PutBucketPolicy", 1, false),
    ("s3.amazonaws.com", "CreateBucket", 1, false),
    ("iam.amazonaws.com", "GetRole", 20, true),
    ("iam.amazonaws.com", "ListRoles", 10, true),
    ("iam.amazonaws.com", "GetPolicyVersion", 10, true),
    ("iam.amazonaws.com", "CreateAccessKey", 1, false),
    ("iam.amazonaws.com", "AttachRolePolicy", 1, false),
    ("iam.amazonaws.com", "CreateUser", 1, false),
    ("kms.amazonaws.com", "Decrypt", 80, true),
    ("kms.amazonaws.com", "GenerateDataKey", 40, true),
    ("lambda.amazonaws.com", "ListFunctions20150331", 10, true),
    (
        "lambda.amazonaws.com",
        "UpdateFunctionCode20150331v2",
        2,
        false,
    ),
    ("logs.amazonaws.com", "CreateLogStream", 30, false),
    ("logs.amazonaws.com", "DescribeLogGroups", 10, true),
    ("dynamodb.amazonaws.com", "DescribeTable", 20, true),
    ("secretsmanager.amazonaws.com", "GetSecretValue", 25, true),
    ("ssm.amazonaws.com", "GetParameter", 30, true),
    ("ssm.amazonaws.com", "UpdateInstanceInformation", 30, false),
    ("cloudtrail.amazonaws.com", "LookupEvents", 3, true),
    ("cloudtrail.amazonaws.com", "StopLogging", 1, false),
    ("signin.amazonaws.com", "ConsoleLogin", 2, false),
    ("config.amazonaws.com", "PutEvaluations", 10, false),
    ("ecr.amazonaws.com", "GetAuthorizationToken", 15, true),
    (
        "elasticloadbalancing.amazonaws.com",
        "DescribeTargetHealth",
        15,
        true,
    ),
    ("monitoring.amazonaws.com", "GetMetricData", 25, true),
];

const AGENTS: &[&str] = &[
    "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79-99.167.amzn2023.x86_64 exe/x86_64.amzn.2023 prompt/off command/ec2.describe-instances",
    "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.213 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69",
    "aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.149.1",
    "APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.41.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25.3 os/linux lang/go#1.21.8",
    "aws-sdk-java/2.25.11 Linux/5.10.210-201.852.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "AWS Internal",
    "aws-internal/3 aws-sdk-java/1.12.672 Linux/5.10.213-180.860.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.402-b08 java/1.8.0_402 vendor/Oracle_Corporation cfg/retry-mode/standard",
];

const SERVICES: &[&str] = &[
    "ec2.amazonaws.com",
    "lambda.amazonaws.com",
    "config.amazonaws.com",
    "cloudformation.amazonaws.com",
    "autoscaling.amazonaws.com",
];

fn weighted_op(rng: &mut ChaCha8Rng) -> &'static Op {
    let total: u32 = OPS.iter().map(|o| o.2).sum();
    let mut x = rng.random_range(0..total);
    for op in OPS {
        if x < op.2 {
            return op;
        }
        x -= op.2;
    }
    &OPS[0]
}

fn request_parameters(rng: &mut ChaCha8Rng, name: &str, actors: &Actors) -> Value {
    let acct = &actors.account;
    match name {
        "DescribeInstances" => json!({"instancesSet": {}, "filterSet": {}, "maxResults": 1000}),
        "RunInstances" => json!({
            "instancesSet": {"items": [{"imageId": format!("ami-{:017x}", rng.random::<u64>() >> 4), "minCount": 1, "maxCount": 1}]},
            "instanceType": pick(rng, &["t3.micro", "m5.large", "c6i.xlarge", "p4d.24xlarge"]),
        }),
        "AssumeRole" => {
            let role = &pick(rng, &actors.roles).0;
            json!({"roleArn": format!("arn:aws:iam::{acct}:role/{role}"), "roleSessionName": format!("session-{}", rng.random_range(1000..9999)), "durationSeconds": 3600})
        }
        "GetBucketAcl" | "GetBucketPolicy" | "PutBucketPolicy" | "CreateBucket" => {
            json!({"bucketName": format!("acme-{}-{}", pick(rng, &["logs", "data", "artifacts", "backups"]), acct), "Host": "s3.amazonaws.com"})
        }
        "GetRole" => json!({"roleName": pick(rng, &actors.roles).0}),
        "CreateAccessKey" | "CreateUser" => json!({"userName": pick(rng, &actors.users).0}),
        "AttachRolePolicy" => {
            json!({"roleName": pick(rng, &actors.roles).0, "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"})
        }
        "Decrypt" | "GenerateDataKey" => {
            json!({"encryptionAlgorithm": "SYMMETRIC_DEFAULT", "keyId": format!("arn:aws:kms:us-east-1:{acct}:key/{}", uuid(rng))})
        }
        "GetSecretValue" => {
            json!({"secretId": format!("prod/{}", pick(rng, &["db", "api-key", "stripe"]))})
        }
        "GetParameter" => {
            json!({"name": format!("/app/{}", pick(rng, &["db-host", "feature-flags", "region"])), "withDecryption": true})
        }
        "CreateLogStream" => {
            json!({"logGroupName": format!("/aws/lambda/fn-{}", rng.random_range(1..40)), "logStreamName": uuid(rng)})
        }
        "DescribeTable" => json!({"tableName": pick(rng, &["orders", "sessions", "users"])}),
        "StopLogging" => {
            json!({"name": format!("arn:aws:cloudtrail:us-east-1:{acct}:trail/management-trail")})
        }
        "ConsoleLogin" | "GetCallerIdentity" | "ListBuckets" | "ListRoles" => Value::Null,
        _ => json!({}),
    }
}

fn record(rng: &mut ChaCha8Rng, actors: &Actors, region: &str, t: i64) -> Value {
    let (source, name, _, read_only) = *weighted_op(rng);
    let acct = &actors.account;
    let kind = rng.random_range(0..100u32);
    let (identity, ip, agent) = if kind < 55 {
        // A role session.
        let (role, role_id) = pick(rng, &actors.roles);
        let session = if role.starts_with("AWSReservedSSO") {
            format!("{}@example.com", pick(rng, &["alice", "bob", "carol"]))
        } else {
            format!("i-{:017x}", rng.random::<u64>() >> 4)
        };
        let created = iso(t - rng.random_range(60..3600));
        (
            json!({
                "type": "AssumedRole",
                "principalId": format!("{role_id}:{session}"),
                "arn": format!("arn:aws:sts::{acct}:assumed-role/{role}/{session}"),
                "accountId": acct,
                "accessKeyId": upper_id(rng, "ASIA", 16),
                "sessionContext": {
                    "sessionIssuer": {"type": "Role", "principalId": role_id, "arn": format!("arn:aws:iam::{acct}:role/{role}"), "accountId": acct, "userName": role},
                    "webIdFederationData": {},
                    "attributes": {"creationDate": created, "mfaAuthenticated": "false"}
                }
            }),
            pick(rng, &actors.addresses).clone(),
            *pick(rng, &AGENTS[..5]),
        )
    } else if kind < 80 {
        let service = *pick(rng, SERVICES);
        (
            json!({"type": "AWSService", "invokedBy": service}),
            service.to_owned(),
            service,
        )
    } else if kind < 97 {
        let (user, id, key) = pick(rng, &actors.users);
        (
            json!({
                "type": "IAMUser",
                "principalId": id,
                "arn": format!("arn:aws:iam::{acct}:user/{user}"),
                "accountId": acct,
                "accessKeyId": key,
                "userName": user
            }),
            pick(rng, &actors.addresses).clone(),
            *pick(rng, AGENTS),
        )
    } else {
        (
            json!({
                "type": "Root",
                "principalId": acct,
                "arn": format!("arn:aws:iam::{acct}:root"),
                "accountId": acct,
                "accessKeyId": upper_id(rng, "ASIA", 16)
            }),
            pick(rng, &actors.addresses).clone(),
            AGENTS[5],
        )
    };
    let error = match rng.random_range(0..1000u32) {
        0..=24 => Some(if source == "ec2.amazonaws.com" {
            (
                "Client.UnauthorizedOperation",
                "You are not authorized to perform this operation.",
            )
        } else {
            (
                "AccessDenied",
                "User is not authorized to perform this action",
            )
        }),
        25..=34 => Some(("ThrottlingException", "Rate exceeded")),
        35..=39 => Some(("NoSuchEntityException", "The role cannot be found.")),
        _ => None,
    };
    let mut rec = json!({
        "eventVersion": "1.09",
        "userIdentity": identity,
        "eventTime": iso(t),
        "eventSource": source,
        "eventName": name,
        "awsRegion": if source == "iam.amazonaws.com" || source == "signin.amazonaws.com" { "us-east-1" } else { region },
        "sourceIPAddress": ip,
        "userAgent": agent,
    });
    if let Value::Object(m) = &mut rec {
        if let Some((code, message)) = error {
            m.insert("errorCode".into(), code.into());
            m.insert("errorMessage".into(), message.into());
        }
        m.insert(
            "requestParameters".into(),
            request_parameters(rng, name, actors),
        );
        let response = if error.is_none() && name == "AssumeRole" {
            json!({"credentials": {"accessKeyId": upper_id(rng, "ASIA", 16), "expiration": iso(t + 3600), "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE"}})
        } else if name == "ConsoleLogin" {
            json!({"ConsoleLogin": if error.is_none() { "Success" } else { "Failure" }})
        } else {
            Value::Null
        };
        m.insert("responseElements".into(), response);
        m.insert("requestID".into(), uuid(rng).into());
        m.insert("eventID".into(), uuid(rng).into());
        m.insert("readOnly".into(), read_only.into());
        m.insert(
            "eventType".into(),
            if name == "ConsoleLogin" {
                "AwsConsoleSignIn"
            } else {
                "AwsApiCall"
            }
            .into(),
        );
        m.insert("managementEvent".into(), true.into());
        m.insert("recipientAccountId".into(), acct.as_str().into());
        m.insert("eventCategory".into(), "Management".into());
        if !read_only || rng.random_range(0..4) == 0 {
            m.insert(
                "tlsDetails".into(),
                json!({"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256", "clientProvidedHostHeader": format!("{}.{region}.amazonaws.com", source.trim_end_matches(".amazonaws.com"))}),
            );
        }
    }
    rec
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn small() -> LogsConfig {
        LogsConfig {
            bytes: 3 << 20,
            accounts: 2,
            regions: 2,
            seed: 7,
            ..LogsConfig::default()
        }
    }

    fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.push((
                        p.strip_prefix(dir).unwrap().to_path_buf(),
                        fs::read(&p).unwrap(),
                    ));
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn same_config_same_bytes_and_size_reached() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let sa = generate_logs(&small(), a.path()).unwrap();
        let sb = generate_logs(&small(), b.path()).unwrap();
        assert_eq!(sa, sb);
        assert!(sa.json_bytes >= 3 << 20);
        let fa = files(a.path());
        assert_eq!(fa, files(b.path()));
        assert_eq!(fa.len() as u64, sa.files);
        // Files beyond the size are removed with the folders they leave empty.
        let mut stack = vec![a.path().to_path_buf()];
        while let Some(d) = stack.pop() {
            let entries: Vec<PathBuf> = fs::read_dir(&d)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            assert!(!entries.is_empty(), "empty folder {}", d.display());
            stack.extend(entries.into_iter().filter(|p| p.is_dir()));
        }
    }

    #[test]
    fn files_are_named_and_shaped_as_cloudtrail_delivers_them() {
        let dir = tempfile::tempdir().unwrap();
        let s = generate_logs(&small(), dir.path()).unwrap();
        let mut records = 0u64;
        for (path, bytes) in files(dir.path()) {
            let parts: Vec<String> = path
                .iter()
                .map(|c| c.to_string_lossy().into_owned())
                .collect();
            assert_eq!(parts[0], "AWSLogs");
            assert_eq!(parts[2], "CloudTrail");
            let name = &parts[7];
            let fields: Vec<&str> = name.split('_').collect();
            assert_eq!(fields[0], parts[1]);
            assert_eq!(fields[1], "CloudTrail");
            assert_eq!(fields[2], parts[3]);
            assert_eq!(
                &fields[3][0..8],
                format!("{}{}{}", parts[4], parts[5], parts[6])
            );
            assert!(fields[4].ends_with(".json.gz") && fields[4].len() == 16 + 8);
            let mut text = String::new();
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
                .unwrap();
            let v: Value = serde_json::from_str(&text).unwrap();
            let recs = v["Records"].as_array().unwrap();
            for r in recs {
                assert_eq!(r["recipientAccountId"], parts[1]);
                assert!(r["eventTime"].as_str().unwrap().ends_with('Z'));
                assert!(r["eventID"].as_str().unwrap().len() == 36);
            }
            records += recs.len() as u64;
        }
        assert_eq!(records, s.records);
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("2GB"), Some(2_000_000_000));
        assert_eq!(parse_size("500mb"), Some(500_000_000));
        assert_eq!(parse_size("64MiB"), Some(64 << 20));
        assert_eq!(parse_size("1.5G"), Some(1_500_000_000));
        assert_eq!(parse_size("12"), Some(12));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("2XB"), None);
    }

    #[test]
    fn dates_are_civil() {
        assert_eq!(iso(1_772_323_200), "2026-03-01T00:00:00Z");
        assert_eq!(iso(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(stamp_of(1_772_323_200 + 3900), "20260301T0105Z");
    }
}
