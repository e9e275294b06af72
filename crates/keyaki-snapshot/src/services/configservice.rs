//! AWS Config: the configuration recorders of one Region, their status, and the delivery
//! channels.
//!
//! Layout, with the outputs of `aws configservice` (whose members are camelCase):
//! ```text
//! <region>/configservice/describe-configuration-recorders.json        {"ConfigurationRecorders"}
//! <region>/configservice/describe-configuration-recorder-status.json  {"ConfigurationRecordersStatus"}
//! <region>/configservice/describe-delivery-channels.json              {"DeliveryChannels"}
//! ```

use std::collections::HashMap;

use serde::Deserialize;

use super::shared::{dangling, duplicate, retract, set_once, timestamp};
use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::{Origin, Resource};
use crate::source::Place;
use crate::{LoadError, Warning};

/// The resource types to exclude, for the `EXCLUSION_BY_RESOURCE_TYPES` strategy.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExclusionByResourceTypes {
    /// The excluded types.
    #[serde(default)]
    pub resource_types: Vec<String>,
}

/// The recording strategy.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordingStrategy {
    /// `ALL_SUPPORTED_RESOURCE_TYPES`, `INCLUSION_BY_RESOURCE_TYPES` or
    /// `EXCLUSION_BY_RESOURCE_TYPES`.
    #[serde(default)]
    pub use_only: Option<String>,
}

/// Which resource types a recorder records.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordingGroup {
    /// Whether every supported resource type is recorded.
    #[serde(default)]
    pub all_supported: Option<bool>,
    /// Whether global resource types (IAM) are recorded too.
    #[serde(default)]
    pub include_global_resource_types: Option<bool>,
    /// The recorded types, for `INCLUSION_BY_RESOURCE_TYPES`.
    #[serde(default)]
    pub resource_types: Vec<String>,
    /// The excluded types, for `EXCLUSION_BY_RESOURCE_TYPES`.
    #[serde(default)]
    pub exclusion_by_resource_types: Option<ExclusionByResourceTypes>,
    /// The strategy.
    #[serde(default)]
    pub recording_strategy: Option<RecordingStrategy>,
}

/// How often a recorder records.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordingMode {
    /// `CONTINUOUS` or `DAILY`.
    #[serde(default)]
    pub recording_frequency: Option<String>,
}

/// One recorder of `aws configservice describe-configuration-recorders`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigurationRecorder {
    /// The recorder name (`default` unless renamed).
    pub name: String,
    /// The recorder ARN (newer versions of the API).
    #[serde(default)]
    pub arn: Option<String>,
    /// The role AWS Config assumes.
    #[serde(default, rename = "roleARN")]
    pub role_arn: Option<String>,
    /// What is recorded.
    #[serde(default)]
    pub recording_group: Option<RecordingGroup>,
    /// How often.
    #[serde(default)]
    pub recording_mode: Option<RecordingMode>,
    /// The service of a service-linked recorder.
    #[serde(default)]
    pub service_principal: Option<String>,
}

/// One status of `aws configservice describe-configuration-recorder-status`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigurationRecorderStatus {
    /// The recorder name.
    pub name: String,
    /// Whether the recorder is recording.
    pub recording: bool,
    /// `Pending`, `Success` or `Failure` (as AWS spells it).
    #[serde(default)]
    pub last_status: Option<String>,
    /// The error code of the last failure.
    #[serde(default)]
    pub last_error_code: Option<String>,
    /// The error message of the last failure.
    #[serde(default)]
    pub last_error_message: Option<String>,
    /// When the recorder last started.
    #[serde(default, deserialize_with = "timestamp")]
    pub last_start_time: Option<String>,
    /// When the recorder last stopped.
    #[serde(default, deserialize_with = "timestamp")]
    pub last_stop_time: Option<String>,
    /// When the status last changed.
    #[serde(default, deserialize_with = "timestamp")]
    pub last_status_change_time: Option<String>,
}

/// How often configuration snapshots are delivered.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigSnapshotDeliveryProperties {
    /// `One_Hour`, `Three_Hours`, `Six_Hours`, `Twelve_Hours` or `TwentyFour_Hours`.
    #[serde(default)]
    pub delivery_frequency: Option<String>,
}

/// One channel of `aws configservice describe-delivery-channels`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryChannel {
    /// The channel name.
    pub name: String,
    /// The bucket that receives configuration snapshots and history.
    #[serde(default)]
    pub s3_bucket_name: Option<String>,
    /// The key prefix.
    #[serde(default)]
    pub s3_key_prefix: Option<String>,
    /// The KMS key that encrypts the delivered objects.
    #[serde(default)]
    pub s3_kms_key_arn: Option<String>,
    /// The SNS topic notified of changes.
    #[serde(default, rename = "snsTopicARN")]
    pub sns_topic_arn: Option<String>,
    /// Snapshot delivery.
    #[serde(default)]
    pub config_snapshot_delivery_properties: Option<ConfigSnapshotDeliveryProperties>,
}

/// One configuration recorder with its status.
#[derive(Debug, Clone)]
pub struct Recorder {
    /// The recorder name.
    pub name: String,
    /// Its entry in `describe-configuration-recorders`.
    pub configuration: Option<Resource<ConfigurationRecorder>>,
    /// Its entry in `describe-configuration-recorder-status`.
    pub status: Option<Resource<ConfigurationRecorderStatus>>,
    origin: Origin,
    dangling: Option<Warning>,
}

impl Recorder {
    fn new(name: String, origin: Origin) -> Self {
        Self {
            name,
            configuration: None,
            status: None,
            origin,
            dangling: None,
        }
    }

    /// Where the recorder was read.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Whether the recorder is recording; `None` without its status.
    pub fn is_recording(&self) -> Option<bool> {
        self.status.as_ref().map(|s| s.recording)
    }
}

/// What one AWS Config file holds.
#[derive(Debug)]
pub enum Output {
    /// `describe-configuration-recorders`.
    Recorders(Vec<Resource<ConfigurationRecorder>>),
    /// `describe-configuration-recorder-status`.
    Statuses(Vec<Resource<ConfigurationRecorderStatus>>),
    /// `describe-delivery-channels`.
    DeliveryChannels(Vec<Resource<DeliveryChannel>>),
}

/// AWS Config in one Region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ConfigService {
    /// The configuration recorders (at most one per Region, plus service-linked ones).
    pub recorders: Vec<Recorder>,
    /// The delivery channels.
    pub delivery_channels: Vec<Resource<DeliveryChannel>>,
    /// Recorder positions by name.
    index: HashMap<String, usize>,
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    let result = if doc.is("ConfigurationRecorders", &[]) {
        doc.list("ConfigurationRecorders").map(Output::Recorders)
    } else if doc.is("ConfigurationRecordersStatus", &[]) {
        doc.list("ConfigurationRecordersStatus")
            .map(Output::Statuses)
    } else if doc.is("DeliveryChannels", &[]) {
        doc.list("DeliveryChannels").map(Output::DeliveryChannels)
    } else {
        return None;
    };
    Some(result)
}

impl ConfigService {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, warnings: &mut Vec<Warning>) {
        match output {
            Output::Recorders(recorders) => {
                for configuration in recorders {
                    self.add_recorder(configuration, warnings);
                }
            }
            Output::Statuses(statuses) => {
                for status in statuses {
                    let name = status.name.clone();
                    let i = match self.index.get(&name) {
                        Some(&i) => i,
                        None => {
                            let warning = dangling(
                                &status.origin,
                                "describe-configuration-recorder-status",
                                "configuration recorder",
                                &name,
                                "describe-configuration-recorders",
                            );
                            warnings.push(warning.clone());
                            let mut recorder = Recorder::new(name.clone(), status.origin.clone());
                            recorder.dangling = Some(warning);
                            self.index.insert(name.clone(), self.recorders.len());
                            self.recorders.push(recorder);
                            self.recorders.len() - 1
                        }
                    };
                    let what = format!(
                        "configuration recorder {name:?}: describe-configuration-recorder-status"
                    );
                    set_once(&mut self.recorders[i].status, status, &what, warnings);
                }
            }
            Output::DeliveryChannels(channels) => {
                for channel in channels {
                    match self
                        .delivery_channels
                        .iter()
                        .find(|c| c.name == channel.name)
                    {
                        Some(first) => warnings.push(duplicate(
                            &channel.origin,
                            "delivery channel",
                            &channel.name,
                            "describe-delivery-channels",
                            first,
                        )),
                        None => self.delivery_channels.push(channel),
                    }
                }
            }
        }
    }

    fn add_recorder(
        &mut self,
        configuration: Resource<ConfigurationRecorder>,
        warnings: &mut Vec<Warning>,
    ) {
        let Some(&i) = self.index.get(&configuration.name) else {
            self.index
                .insert(configuration.name.clone(), self.recorders.len());
            let mut recorder =
                Recorder::new(configuration.name.clone(), configuration.origin.clone());
            recorder.configuration = Some(configuration);
            self.recorders.push(recorder);
            return;
        };
        let recorder = &mut self.recorders[i];
        if let Some(first) = &recorder.configuration {
            warnings.push(duplicate(
                &configuration.origin,
                "configuration recorder",
                &recorder.name,
                "describe-configuration-recorders",
                first,
            ));
            return;
        }
        recorder.origin = configuration.origin.clone();
        recorder.configuration = Some(configuration);
        if let Some(warning) = recorder.dangling.take() {
            retract(warnings, &warning);
        }
    }

    /// The recorder `name`.
    pub fn recorder(&self, name: &str) -> Option<&Recorder> {
        self.recorders.get(*self.index.get(name)?)
    }

    /// Whether any recorder of the Region is recording; `None` when no recorder status was
    /// loaded.
    pub fn is_recording(&self) -> Option<bool> {
        self.recorders
            .iter()
            .filter_map(Recorder::is_recording)
            .reduce(|a, b| a || b)
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.recorders.is_empty() && self.delivery_channels.is_empty()
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        for r in &self.recorders {
            let c = r.configuration.as_ref().map(|c| &c.data);
            let group = c.and_then(|c| c.recording_group.as_ref());
            let mut item = scope
                .item("AWS::Config::ConfigurationRecorder", &r.name, r.origin())
                .name(Some(&r.name))
                .attr("recording", r.is_recording())
                .attr(
                    "last_status",
                    r.status.as_ref().and_then(|s| s.last_status.clone()),
                )
                .attr("all_supported", group.and_then(|g| g.all_supported))
                .attr(
                    "include_global_resource_types",
                    group.and_then(|g| g.include_global_resource_types),
                )
                .attr(
                    "recording_strategy",
                    group
                        .and_then(|g| g.recording_strategy.as_ref())
                        .and_then(|s| s.use_only.clone()),
                )
                .attr(
                    "recording_frequency",
                    c.and_then(|c| c.recording_mode.as_ref())
                        .and_then(|m| m.recording_frequency.clone()),
                )
                .attr("role", c.and_then(|c| c.role_arn.clone()))
                .attr(
                    "delivery_bucket",
                    self.delivery_channels
                        .first()
                        .and_then(|d| d.s3_bucket_name.clone()),
                );
            // The recorder ARN carries an id the API assigns; it is known only when printed.
            if let Some(arn) = c.and_then(|c| c.arn.clone()) {
                item = item.arn(arn);
            }
            out.push(item);
        }
    }
}
