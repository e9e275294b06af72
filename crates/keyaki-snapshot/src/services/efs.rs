//! Amazon EFS: the file systems of one Region.
//!
//! Layout, with the outputs of `aws efs`:
//! ```text
//! <region>/efs/describe-file-systems.json    {"FileSystems": [...], "NextMarker"}
//! ```
//! A paginated listing may be split over several files; their file systems are added up.

use serde::Deserialize;

use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::Resource;
use crate::source::Place;
use crate::{LoadError, Warning};

/// One file system of `aws efs describe-file-systems`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FileSystem {
    /// The file system id, such as `fs-0123456789abcdef0`.
    pub file_system_id: String,
    /// The file system ARN.
    #[serde(default)]
    pub file_system_arn: Option<String>,
    /// The `Name` tag.
    #[serde(default)]
    pub name: Option<String>,
    /// Whether the file data is encrypted at rest.
    #[serde(default)]
    pub encrypted: Option<bool>,
    /// The KMS key of encryption at rest.
    #[serde(default)]
    pub kms_key_id: Option<String>,
    /// Such as `available`, `deleting`.
    #[serde(default)]
    pub life_cycle_state: Option<String>,
}

/// What one EFS file holds.
#[derive(Debug)]
pub enum Output {
    /// `describe-file-systems`.
    FileSystems(Vec<Resource<FileSystem>>),
}

/// Amazon EFS in one Region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Efs {
    /// The file systems, in the order they were read.
    pub file_systems: Vec<Resource<FileSystem>>,
    listed: bool,
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    if doc.is("FileSystems", &["Marker", "NextMarker"]) {
        return Some(doc.list("FileSystems").map(Output::FileSystems));
    }
    None
}

impl Efs {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, _warnings: &mut Vec<Warning>) {
        match output {
            Output::FileSystems(items) => {
                self.listed = true;
                self.file_systems.extend(items);
            }
        }
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.file_systems.is_empty() && !self.listed
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        for fs in &self.file_systems {
            let arn = fs.file_system_arn.clone().unwrap_or_else(|| {
                scope.arn(
                    "elasticfilesystem",
                    &format!("file-system/{}", fs.file_system_id),
                )
            });
            out.push(
                scope
                    .item("AWS::EFS::FileSystem", arn.clone(), &fs.origin)
                    .arn(arn)
                    .name(fs.name.as_ref())
                    .attr("encrypted", fs.encrypted)
                    .attr("kms_key", fs.kms_key_id.clone())
                    .attr("state", fs.life_cycle_state.clone()),
            );
        }
    }
}
