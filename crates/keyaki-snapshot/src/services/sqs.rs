//! Amazon SQS: the queues of one Region with their attributes and access policies.
//!
//! Layout, with the outputs of `aws sqs`:
//! ```text
//! <region>/sqs/list-queues.json                          {"QueueUrls": [...]}
//! <region>/sqs/<queue-name>/get-queue-attributes.json    {"Attributes": {"QueueArn", ...}}
//! ```
//! Every attribute value is a string; the access policy is a JSON document inside the
//! `Policy` string. `sns get-topic-attributes` prints `Attributes` too: the folder tells them
//! apart, and outside a service folder `QueueArn` versus `TopicArn` does.

use std::collections::HashMap;

use serde::Deserialize;

use super::shared::{
    AttributeKeys, ResourcePolicy, attribute_policy, dangling, duplicate, outside_folder, retract,
    set_once,
};
use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::{Origin, Resource};
use crate::source::Place;
use crate::{LoadError, Warning};

/// `aws sqs get-queue-attributes`: the attributes keyaki reads (all strings, as printed).
/// The access policy is in [`Queue::policy`]; every attribute stays in the raw JSON.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct QueueAttributes {
    pub queue_arn: Option<String>,
    /// The KMS key of SSE-KMS encryption.
    pub kms_master_key_id: Option<String>,
    /// `true` when SQS-managed encryption (SSE-SQS) is on.
    pub sqs_managed_sse_enabled: Option<String>,
    pub visibility_timeout: Option<String>,
    pub message_retention_period: Option<String>,
    pub maximum_message_size: Option<String>,
    pub delay_seconds: Option<String>,
    pub receive_message_wait_time_seconds: Option<String>,
    /// `true` for FIFO queues.
    pub fifo_queue: Option<String>,
    /// The dead-letter queue, as a JSON document in a string.
    pub redrive_policy: Option<String>,
    /// Seconds since 1970, as a string.
    pub created_timestamp: Option<String>,
    pub last_modified_timestamp: Option<String>,
}

/// One queue with everything the snapshot says about it.
#[derive(Debug, Clone)]
pub struct Queue {
    /// The queue name.
    pub name: String,
    /// Its URL in `list-queues`, if it is listed.
    pub listed: Option<Resource<String>>,
    /// `get-queue-attributes`.
    pub attributes: Option<Resource<QueueAttributes>>,
    /// The access policy (the `Policy` attribute).
    pub policy: Option<Resource<ResourcePolicy>>,
    origin: Origin,
    dangling: Option<Warning>,
}

impl Queue {
    fn new(name: String, origin: Origin) -> Self {
        Self {
            name,
            listed: None,
            attributes: None,
            policy: None,
            origin,
            dangling: None,
        }
    }

    /// Where the queue was read.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The queue URL, when listed.
    pub fn url(&self) -> Option<&str> {
        self.listed.as_ref().map(|u| u.data.as_str())
    }

    /// The queue ARN, from its attributes.
    pub fn arn(&self) -> Option<&str> {
        self.attributes
            .as_ref()
            .and_then(|a| a.queue_arn.as_deref())
    }

    /// `SSE-KMS`, `SSE-SQS` or `none`; `None` without `get-queue-attributes`.
    pub fn encryption(&self) -> Option<&'static str> {
        let a = self.attributes.as_ref()?;
        Some(
            if a.kms_master_key_id
                .as_deref()
                .is_some_and(|k| !k.is_empty())
            {
                "SSE-KMS"
            } else if a.sqs_managed_sse_enabled.as_deref() == Some("true") {
                "SSE-SQS"
            } else {
                "none"
            },
        )
    }
}

/// What one SQS file holds.
#[derive(Debug)]
pub enum Output {
    /// `list-queues`.
    QueueUrls(Vec<Resource<String>>),
    /// `get-queue-attributes`.
    Attributes {
        /// The queue name, from the folder or the attributes.
        queue: Option<String>,
        /// The attributes.
        attributes: Box<Resource<QueueAttributes>>,
        /// The access policy.
        policy: Option<Resource<ResourcePolicy>>,
    },
}

/// Amazon SQS queues of one Region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Sqs {
    /// The queues, in the order they were first read.
    pub queues: Vec<Queue>,
    /// Positions by name.
    index: HashMap<String, usize>,
}

/// The queue name in a queue name, URL (`https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`) or
/// ARN (`arn:aws:sqs:REGION:ACCOUNT:NAME`).
pub fn queue_name_of(name_url_or_arn: &str) -> &str {
    if name_url_or_arn.starts_with("arn:") {
        name_url_or_arn
            .rsplit(':')
            .next()
            .unwrap_or(name_url_or_arn)
    } else if name_url_or_arn.contains("://") {
        name_url_or_arn
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(name_url_or_arn)
    } else {
        name_url_or_arn
    }
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    let place = doc.place();
    let service = place.service.as_deref();
    if doc.is("QueueUrls", &["NextToken"]) {
        return Some(doc.list("QueueUrls").map(Output::QueueUrls));
    }
    if !doc.is("Attributes", &[]) {
        return None;
    }
    let queue = match service {
        Some("sqs") => true,
        Some("sns") => false,
        _ => AttributeKeys::of(doc).queue_arn.is_some(),
    };
    if !queue {
        return None;
    }
    let attributes = doc.member("Attributes").transpose()?;
    Some(queue_attributes(doc, place, attributes).map_err(|e| vec![e]))
}

fn queue_attributes(
    doc: &Document<'_>,
    place: &Place,
    attributes: Result<Resource<QueueAttributes>, LoadError>,
) -> Result<Output, LoadError> {
    let attributes = attributes?;
    let policy = attribute_policy(doc)?;
    let queue = place
        .resource
        .as_deref()
        .or(attributes.queue_arn.as_deref())
        .map(|q| queue_name_of(q).to_owned());
    Ok(Output::Attributes {
        queue,
        attributes: Box::new(attributes),
        policy,
    })
}

impl Sqs {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, warnings: &mut Vec<Warning>) {
        match output {
            Output::QueueUrls(urls) => {
                for url in urls {
                    self.add_listed(url, warnings);
                }
            }
            Output::Attributes {
                queue: None,
                attributes,
                ..
            } => warnings.push(outside_folder(
                &attributes.origin,
                "get-queue-attributes",
                "<region>/sqs/<queue-name>/",
            )),
            Output::Attributes {
                queue: Some(name),
                attributes,
                policy,
            } => {
                let i = match self.index.get(&name) {
                    Some(&i) => i,
                    None => {
                        let warning = dangling(
                            &attributes.origin,
                            "get-queue-attributes",
                            "queue",
                            &name,
                            "list-queues",
                        );
                        warnings.push(warning.clone());
                        let mut queue = Queue::new(name.clone(), attributes.origin.clone());
                        queue.dangling = Some(warning);
                        self.index.insert(name.clone(), self.queues.len());
                        self.queues.push(queue);
                        self.queues.len() - 1
                    }
                };
                let queue = &mut self.queues[i];
                if queue.attributes.is_none()
                    && let Some(policy) = policy
                {
                    queue.policy = Some(policy);
                }
                let what = format!("queue {name:?}: get-queue-attributes");
                set_once(&mut queue.attributes, *attributes, &what, warnings);
            }
        }
    }

    fn add_listed(&mut self, url: Resource<String>, warnings: &mut Vec<Warning>) {
        let name = queue_name_of(&url).to_owned();
        let Some(&i) = self.index.get(&name) else {
            self.index.insert(name.clone(), self.queues.len());
            let mut queue = Queue::new(name, url.origin.clone());
            queue.listed = Some(url);
            self.queues.push(queue);
            return;
        };
        let queue = &mut self.queues[i];
        if let Some(first) = &queue.listed {
            warnings.push(duplicate(&url.origin, "queue", &name, "list-queues", first));
            return;
        }
        queue.origin = url.origin.clone();
        queue.listed = Some(url);
        if let Some(warning) = queue.dangling.take() {
            retract(warnings, &warning);
        }
    }

    /// The queue with this name, URL or ARN.
    pub fn queue(&self, name_url_or_arn: &str) -> Option<&Queue> {
        self.queues
            .get(*self.index.get(queue_name_of(name_url_or_arn))?)
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.queues.is_empty()
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        for q in &self.queues {
            // The URL names the owning account: `https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`.
            let url_account = q
                .url()
                .and_then(|u| u.trim_end_matches('/').rsplit('/').nth(1));
            let arn = q.arn().map(str::to_owned).unwrap_or_else(|| {
                scope.arn_in(
                    "sqs",
                    scope.region.map(|r| r.as_str()).unwrap_or(""),
                    url_account
                        .or(scope.account.map(|a| a.as_str()))
                        .unwrap_or(""),
                    &q.name,
                )
            });
            let a = q.attributes.as_ref().map(|a| &a.data);
            out.push(
                scope
                    .item("AWS::SQS::Queue", q.url().unwrap_or(&q.name), q.origin())
                    .arn(arn)
                    .name(Some(&q.name))
                    .attr("encryption", q.encryption())
                    .attr("kms_key", a.and_then(|a| a.kms_master_key_id.clone()))
                    .attr("has_policy", q.policy.is_some())
                    .attr(
                        "fifo",
                        a.and_then(|a| a.fifo_queue.as_deref()).map(|f| f == "true"),
                    )
                    .attr(
                        "dead_letter_queue",
                        a.and_then(|a| a.redrive_policy.as_deref())
                            .and_then(dead_letter_target),
                    ),
            );
        }
    }
}

/// The `deadLetterTargetArn` of a redrive policy.
fn dead_letter_target(redrive_policy: &str) -> Option<String> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Redrive {
        dead_letter_target_arn: Option<String>,
    }
    serde_json::from_str::<Redrive>(redrive_policy)
        .ok()?
        .dead_letter_target_arn
}
