//! Finding the files of a snapshot and what their place in the tree says about them.
//!
//! The layout (docs/formats.md): `[accounts/<account>/]<region|global>/<service>/[<resource>/]<command>[.N].json`,
//! plus `account.json` at an account's root. Only the content decides what a file is; its
//! place gives the account, the region, and for commands about one resource (such as
//! `s3api get-bucket-policy`) the resource, whose id is the folder name with `/` written
//! `%2F` and `:` written `%3A`. A tree in the `aws_configs/` layout of network snapshots
//! (`aws_configs/[accounts/<id>/][<region>/]Vpcs.json`) is read the same way.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use keyaki_core::Region;
use percent_encoding::percent_decode_str;

use crate::LoadError;

/// Where a file sits in the snapshot, and what that says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    /// The `accounts/<label>` folder the file is under, if any.
    pub account: Option<String>,
    /// The region folder, or `None` for `global/` and for files outside any region folder.
    pub region: Option<Region>,
    /// Whether the file is under `global/`.
    pub global: bool,
    /// The folder that names the service (`ec2`, `iam`, ...), if any.
    pub service: Option<String>,
    /// The decoded name of the folder that names a resource, for per-resource commands.
    pub resource: Option<String>,
    /// The file name without `.json` and without a pagination suffix (`.2`).
    pub command: String,
    /// The folder the file is in, relative to the snapshot root; files of one folder share
    /// a region when the path does not give one.
    pub folder: PathBuf,
    /// The file itself.
    pub path: PathBuf,
}

impl Place {
    /// The file's path.
    pub fn file(&self) -> PathBuf {
        self.path.clone()
    }
}

/// A file of the snapshot, read into memory.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    pub path: Arc<Path>,
    pub text: Arc<str>,
    pub place: Place,
}

/// The root to read: the snapshot directory, or its `aws_configs/` when it has one.
pub(crate) fn snapshot_root(path: &Path) -> Result<PathBuf, LoadError> {
    let meta = std::fs::metadata(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotASnapshot {
            path: path.to_owned(),
            reason: "no such directory".into(),
        },
        _ => LoadError::Io {
            path: path.to_owned(),
            source,
        },
    })?;
    if !meta.is_dir() {
        return Err(LoadError::NotASnapshot {
            path: path.to_owned(),
            reason: "not a directory".into(),
        });
    }
    let nested = path.join("aws_configs");
    Ok(if nested.is_dir() {
        nested
    } else {
        path.to_owned()
    })
}

/// Every file under `root`, sorted by path so that loading is deterministic. Hidden files
/// and folders (`.git`, `.DS_Store`) are skipped.
pub(crate) fn walk(root: &Path) -> (Vec<PathBuf>, Vec<LoadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(source) => {
                errors.push(LoadError::Io { path: dir, source });
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(source) => {
                    errors.push(LoadError::Io {
                        path: dir.clone(),
                        source,
                    });
                    continue;
                }
            };
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            // Follow symbolic links, as a user who links a folder into a snapshot expects.
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => stack.push(path),
                Ok(_) => files.push(path),
                Err(source) => errors.push(LoadError::Io { path, source }),
            }
        }
    }
    // Pages of one output load in page order (`x.json`, `x.1.json`, `x.2.json`, `x.10.json`),
    // so that "the first is kept" keeps the first page's copy of a duplicate.
    files.sort_by_cached_key(|path| page_order(path));
    (files, errors)
}

/// The sort key of a file: its folder, its name without the page number, then the page
/// number as a number.
fn page_order(path: &Path) -> (PathBuf, String, u64, String) {
    let folder = path.parent().map(Path::to_owned).unwrap_or_default();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, extension) = name
        .rsplit_once('.')
        .map_or((name.as_str(), ""), |(s, e)| (s, e));
    match stem.rsplit_once('.') {
        Some((base, page))
            if !page.is_empty() && page.len() < 10 && page.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (
                folder,
                format!("{base}.{extension}"),
                page.parse().unwrap_or(0),
                name.clone(),
            )
        }
        _ => (folder, format!("{stem}.{extension}"), 0, name.clone()),
    }
}

/// Reads what the path of `file` (relative to `root`) says.
pub(crate) fn place(root: &Path, file: &Path) -> Place {
    let relative = file.strip_prefix(root).unwrap_or(file);
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let file_name = parts.pop().unwrap_or_default();
    let folder = relative.parent().map(Path::to_owned).unwrap_or_default();

    let mut rest = parts.as_slice();
    let mut account = None;
    if let [first, label, tail @ ..] = rest
        && first == "accounts"
    {
        account = Some(label.clone());
        rest = tail;
    }
    // The region or `global` folder may sit below other folders a user keeps (a date, a
    // name); take the first one.
    let mut region = None;
    let mut global = false;
    if let Some(i) = rest
        .iter()
        .position(|p| p == "global" || Region::is_region_code(p))
    {
        if rest[i] == "global" {
            global = true;
        } else {
            region = Region::new(&rest[i]).ok();
        }
        rest = &rest[i + 1..];
    }
    let service = rest.first().cloned();
    let resource = (rest.len() > 1).then(|| decode(&rest[1..].join("/")));

    let stem = file_name
        .strip_suffix(".json")
        .or_else(|| file_name.strip_suffix(".csv"))
        .unwrap_or(&file_name);
    let command = match stem.rsplit_once('.') {
        Some((base, page)) if !page.is_empty() && page.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => stem,
    };
    Place {
        account,
        region,
        global,
        service,
        resource,
        command: command.to_owned(),
        folder,
        path: file.to_owned(),
    }
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place_of(path: &str) -> Place {
        place(Path::new("/snap"), &Path::new("/snap").join(path))
    }

    #[test]
    fn regional_command() {
        let p = place_of("us-east-1/ec2/describe-vpcs.json");
        assert_eq!(p.region.unwrap().as_str(), "us-east-1");
        assert!(!p.global);
        assert_eq!(p.service.as_deref(), Some("ec2"));
        assert_eq!(p.resource, None);
        assert_eq!(p.command, "describe-vpcs");
    }

    #[test]
    fn per_resource_command_with_an_encoded_arn() {
        let p = place_of(
            "us-east-1/elbv2/arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A123456789012%3Atargetgroup%2Fweb%2F73e2/describe-target-health.json",
        );
        assert_eq!(
            p.resource.as_deref(),
            Some("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2")
        );
        assert_eq!(p.command, "describe-target-health");
    }

    #[test]
    fn global_bucket_command_in_an_organisation() {
        let p = place_of("accounts/123456789012/global/s3/my-bucket/get-bucket-policy.json");
        assert_eq!(p.account.as_deref(), Some("123456789012"));
        assert!(p.global);
        assert_eq!(p.service.as_deref(), Some("s3"));
        assert_eq!(p.resource.as_deref(), Some("my-bucket"));
    }

    #[test]
    fn pagination_suffix_is_not_part_of_the_command() {
        assert_eq!(
            place_of("eu-west-1/ec2/describe-instances.12.json").command,
            "describe-instances"
        );
        assert_eq!(
            place_of("eu-west-1/ec2/describe-instances.json").command,
            "describe-instances"
        );
        assert_eq!(
            place_of("global/iam/credential-report.csv").command,
            "credential-report"
        );
    }

    #[test]
    fn pages_sort_by_number() {
        let mut files: Vec<PathBuf> = [
            "r/ec2/x.10.json",
            "r/ec2/x.2.json",
            "r/ec2/x.json",
            "r/ec2/x.1.json",
            "r/ec2/w.json",
        ]
        .into_iter()
        .map(PathBuf::from)
        .collect();
        files.sort_by_cached_key(|p| page_order(p));
        let names: Vec<_> = files
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            ["w.json", "x.json", "x.1.json", "x.2.json", "x.10.json"]
        );
    }

    #[test]
    fn network_snapshot_layout() {
        let p = place_of("accounts/111/us-west-1/Vpcs.json");
        assert_eq!(p.account.as_deref(), Some("111"));
        assert_eq!(p.region.unwrap().as_str(), "us-west-1");
        assert_eq!(p.service, None);
        let p = place_of("Vpcs.json");
        assert_eq!(p.region, None);
        assert!(!p.global);
        assert_eq!(p.command, "Vpcs");
    }
}
