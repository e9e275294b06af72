//! Amazon GuardDuty: the detectors of one Region.
//!
//! Layout, with the outputs of `aws guardduty`:
//! ```text
//! <region>/guardduty/list-detectors.json                 {"DetectorIds": [...]}
//! <region>/guardduty/<detector-id>/get-detector.json     {"Status", "CreatedAt", ...}
//! ```
//! `get-detector` does not print the detector id: the folder gives it.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::shared::{dangling, duplicate, in_service, outside_folder, retract, set_once};
use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::{Origin, Resource};
use crate::source::Place;
use crate::{LoadError, Warning};

/// One protection plan of a detector.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DetectorFeature {
    /// Such as `S3_DATA_EVENTS`, `EKS_AUDIT_LOGS`, `RUNTIME_MONITORING`.
    pub name: String,
    /// `ENABLED` or `DISABLED`.
    #[serde(default)]
    pub status: Option<String>,
}

/// `aws guardduty get-detector`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DetectorDetails {
    /// `ENABLED` or `DISABLED`.
    pub status: String,
    /// `FIFTEEN_MINUTES`, `ONE_HOUR` or `SIX_HOURS`.
    #[serde(default)]
    pub finding_publishing_frequency: Option<String>,
    /// The service-linked role.
    #[serde(default)]
    pub service_role: Option<String>,
    /// When the detector was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it was last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// The protection plans.
    #[serde(default)]
    pub features: Vec<DetectorFeature>,
    /// Tags, as a map.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// One detector with everything the snapshot says about it.
#[derive(Debug, Clone)]
pub struct Detector {
    /// The detector id.
    pub id: String,
    /// Its entry in `list-detectors`, if it is listed.
    pub listed: Option<Resource<String>>,
    /// `get-detector`.
    pub details: Option<Resource<DetectorDetails>>,
    origin: Origin,
    dangling: Option<Warning>,
}

impl Detector {
    fn new(id: String, origin: Origin) -> Self {
        Self {
            id,
            listed: None,
            details: None,
            origin,
            dangling: None,
        }
    }

    /// Where the detector was read.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Whether the detector is `ENABLED`; `None` without `get-detector`.
    pub fn is_enabled(&self) -> Option<bool> {
        self.details.as_ref().map(|d| d.status == "ENABLED")
    }
}

/// What one GuardDuty file holds.
#[derive(Debug)]
pub enum Output {
    /// `list-detectors`.
    DetectorIds(Vec<Resource<String>>),
    /// `get-detector`, with the detector its folder names.
    Detector {
        /// The detector id from the folder.
        id: Option<String>,
        /// The details.
        details: Box<Resource<DetectorDetails>>,
    },
}

/// Amazon GuardDuty in one Region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct GuardDuty {
    /// The detectors (at most one per account and Region).
    pub detectors: Vec<Detector>,
    /// Positions by id.
    index: HashMap<String, usize>,
    /// Whether a `list-detectors` output was read (an empty one means GuardDuty is off).
    listed: bool,
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    let place = doc.place();
    if doc.is("DetectorIds", &["NextToken"]) {
        return Some(doc.list("DetectorIds").map(Output::DetectorIds));
    }
    let looks_like_detector = doc.has("Status")
        && (doc.has("ServiceRole")
            || doc.has("FindingPublishingFrequency")
            || doc.has("CreatedAt"));
    if looks_like_detector && in_service(place, &["guardduty"], &["get-detector"]) {
        return Some(
            doc.whole()
                .map(|details| Output::Detector {
                    id: place.resource.clone(),
                    details: Box::new(details),
                })
                .map_err(|e| vec![e]),
        );
    }
    None
}

impl GuardDuty {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, warnings: &mut Vec<Warning>) {
        match output {
            Output::DetectorIds(ids) => {
                self.listed = true;
                for listed in ids {
                    self.add_listed(listed, warnings);
                }
            }
            Output::Detector { id: None, details } => warnings.push(outside_folder(
                &details.origin,
                "get-detector",
                "<region>/guardduty/<detector-id>/",
            )),
            Output::Detector {
                id: Some(id),
                details,
            } => {
                let i = match self.index.get(&id) {
                    Some(&i) => i,
                    None => {
                        let warning = dangling(
                            &details.origin,
                            "get-detector",
                            "detector",
                            &id,
                            "list-detectors",
                        );
                        warnings.push(warning.clone());
                        let mut detector = Detector::new(id.clone(), details.origin.clone());
                        detector.dangling = Some(warning);
                        self.index.insert(id.clone(), self.detectors.len());
                        self.detectors.push(detector);
                        self.detectors.len() - 1
                    }
                };
                let what = format!("detector {id:?}: get-detector");
                set_once(&mut self.detectors[i].details, *details, &what, warnings);
            }
        }
    }

    fn add_listed(&mut self, listed: Resource<String>, warnings: &mut Vec<Warning>) {
        let Some(&i) = self.index.get(&listed.data) else {
            self.index.insert(listed.data.clone(), self.detectors.len());
            let mut detector = Detector::new(listed.data.clone(), listed.origin.clone());
            detector.listed = Some(listed);
            self.detectors.push(detector);
            return;
        };
        let detector = &mut self.detectors[i];
        if let Some(first) = &detector.listed {
            warnings.push(duplicate(
                &listed.origin,
                "detector",
                &detector.id,
                "list-detectors",
                first,
            ));
            return;
        }
        detector.origin = listed.origin.clone();
        detector.listed = Some(listed);
        if let Some(warning) = detector.dangling.take() {
            retract(warnings, &warning);
        }
    }

    /// The detector `id`.
    pub fn detector(&self, id: &str) -> Option<&Detector> {
        self.detectors.get(*self.index.get(id)?)
    }

    /// Whether GuardDuty is on in this Region: a detector is `ENABLED`. `Some(false)` also
    /// when `list-detectors` lists no detector; `None` when the snapshot cannot tell.
    pub fn is_enabled(&self) -> Option<bool> {
        if self.listed && self.detectors.is_empty() {
            return Some(false);
        }
        let statuses = self.detectors.iter().filter_map(Detector::is_enabled);
        statuses.reduce(|a, b| a || b)
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.detectors.is_empty() && !self.listed
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        use serde_json::json;
        for d in &self.detectors {
            let details = d.details.as_ref();
            let features: Vec<&str> = details
                .map(|x| {
                    x.features
                        .iter()
                        .filter(|f| f.status.as_deref() == Some("ENABLED"))
                        .map(|f| f.name.as_str())
                        .collect()
                })
                .unwrap_or_default();
            out.push(
                scope
                    .item("AWS::GuardDuty::Detector", &d.id, d.origin())
                    .arn(scope.arn("guardduty", &format!("detector/{}", d.id)))
                    .attr("status", details.map(|x| x.status.clone()))
                    .attr(
                        "finding_publishing_frequency",
                        details.and_then(|x| x.finding_publishing_frequency.clone()),
                    )
                    .attr(
                        "enabled_features",
                        (!features.is_empty()).then(|| json!(features)),
                    ),
            );
        }
    }
}
