//! Amazon SNS: the topics of one Region with their attributes and access policies.
//!
//! Layout, with the outputs of `aws sns`:
//! ```text
//! <region>/sns/list-topics.json                          {"Topics": [{"TopicArn"}]}
//! <region>/sns/<topic-arn>/get-topic-attributes.json     {"Attributes": {"Policy", ...}}
//! <region>/sns/list-subscriptions.json                   {"Subscriptions": [...]}
//! ```
//! The topic folder is the topic ARN (`:` written `%3A`) or the topic name. Every attribute
//! value is a string; the access policy is a JSON document inside the `Policy` string.
//! `sqs get-queue-attributes` prints `Attributes` too: the folder tells them apart, and
//! outside a service folder `TopicArn` versus `QueueArn` does.

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

/// One topic of `aws sns list-topics`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TopicListEntry {
    /// The topic ARN.
    pub topic_arn: String,
}

/// `aws sns get-topic-attributes`: the attributes keyaki reads (all strings, as printed).
/// The access policy is in [`Topic::policy`]; every attribute stays in the raw JSON.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct TopicAttributes {
    pub topic_arn: Option<String>,
    /// The owning account.
    pub owner: Option<String>,
    pub display_name: Option<String>,
    /// The KMS key of server-side encryption; absent when the topic is not encrypted.
    pub kms_master_key_id: Option<String>,
    pub subscriptions_confirmed: Option<String>,
    pub subscriptions_pending: Option<String>,
    pub subscriptions_deleted: Option<String>,
    /// `true` for FIFO topics.
    pub fifo_topic: Option<String>,
    /// `1` (SHA1) or `2` (SHA256).
    pub signature_version: Option<String>,
}

/// One subscription of `aws sns list-subscriptions`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subscription {
    /// The subscription ARN, or `PendingConfirmation` until the endpoint confirms it.
    pub subscription_arn: String,
    /// The topic subscribed to.
    pub topic_arn: String,
    /// Such as `email`, `sqs`, `lambda`, `https`.
    #[serde(default)]
    pub protocol: Option<String>,
    /// Where messages go.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// The subscription owner's account.
    #[serde(default)]
    pub owner: Option<String>,
}

impl Subscription {
    /// Whether the endpoint confirmed the subscription (its ARN is an ARN, not
    /// `PendingConfirmation`).
    pub fn is_confirmed(&self) -> bool {
        self.subscription_arn.starts_with("arn:")
    }
}

/// One topic with everything the snapshot says about it.
#[derive(Debug, Clone)]
pub struct Topic {
    /// The topic name.
    pub name: String,
    /// Its entry in `list-topics`, if it is listed.
    pub listed: Option<Resource<TopicListEntry>>,
    /// `get-topic-attributes`.
    pub attributes: Option<Resource<TopicAttributes>>,
    /// The access policy (the `Policy` attribute).
    pub policy: Option<Resource<ResourcePolicy>>,
    arn: Option<String>,
    origin: Origin,
    dangling: Option<Warning>,
}

impl Topic {
    fn new(name: String, arn: Option<String>, origin: Origin) -> Self {
        Self {
            name,
            listed: None,
            attributes: None,
            policy: None,
            arn,
            origin,
            dangling: None,
        }
    }

    /// Where the topic was read.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The topic ARN, when the snapshot says it.
    pub fn arn(&self) -> Option<&str> {
        self.arn.as_deref()
    }

    /// The KMS key of server-side encryption; `None` when unencrypted or unknown.
    pub fn kms_key(&self) -> Option<&str> {
        self.attributes
            .as_ref()
            .and_then(|a| a.kms_master_key_id.as_deref())
            .filter(|k| !k.is_empty())
    }
}

/// What one SNS file holds.
#[derive(Debug)]
pub enum Output {
    /// `list-topics`.
    Topics(Vec<Resource<TopicListEntry>>),
    /// `list-subscriptions`.
    Subscriptions(Vec<Resource<Subscription>>),
    /// `get-topic-attributes`.
    Attributes {
        /// The topic ARN or name, from the attributes or the folder.
        topic: Option<String>,
        /// The attributes.
        attributes: Box<Resource<TopicAttributes>>,
        /// The access policy.
        policy: Option<Resource<ResourcePolicy>>,
    },
}

/// Amazon SNS topics of one Region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Sns {
    /// The topics, in the order they were first read.
    pub topics: Vec<Topic>,
    /// The subscriptions of `list-subscriptions`, of every topic.
    pub subscriptions: Vec<Resource<Subscription>>,
    /// Positions by ARN and by name.
    index: HashMap<String, usize>,
    /// Whether a `list-subscriptions` output was read (an empty one means none exist).
    subscriptions_listed: bool,
}

/// The topic name in a topic name or ARN (`arn:aws:sns:REGION:ACCOUNT:NAME`).
pub fn topic_name_of(name_or_arn: &str) -> &str {
    if name_or_arn.starts_with("arn:") {
        name_or_arn.rsplit(':').next().unwrap_or(name_or_arn)
    } else {
        name_or_arn
    }
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    let place = doc.place();
    let service = place.service.as_deref();
    if doc.is("Topics", &["NextToken"]) && matches!(service, None | Some("sns")) {
        return Some(doc.list("Topics").map(Output::Topics));
    }
    if doc.is("Subscriptions", &["NextToken"]) && matches!(service, None | Some("sns")) {
        return Some(doc.list("Subscriptions").map(Output::Subscriptions));
    }
    if !doc.is("Attributes", &[]) {
        return None;
    }
    let keys = AttributeKeys::of(doc);
    let topic = match service {
        // A subscription's attributes name its topic too.
        Some("sns") => keys.subscription_arn.is_none(),
        Some("sqs") => false,
        _ => {
            keys.topic_arn.is_some() && keys.queue_arn.is_none() && keys.subscription_arn.is_none()
        }
    };
    if !topic {
        return None;
    }
    let attributes = doc.member("Attributes").transpose()?;
    Some(topic_attributes(doc, place, attributes).map_err(|e| vec![e]))
}

fn topic_attributes(
    doc: &Document<'_>,
    place: &Place,
    attributes: Result<Resource<TopicAttributes>, LoadError>,
) -> Result<Output, LoadError> {
    let attributes = attributes?;
    let policy = attribute_policy(doc)?;
    Ok(Output::Attributes {
        topic: attributes
            .topic_arn
            .clone()
            .or_else(|| place.resource.clone()),
        attributes: Box::new(attributes),
        policy,
    })
}

impl Sns {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, warnings: &mut Vec<Warning>) {
        match output {
            Output::Topics(topics) => {
                for listed in topics {
                    self.add_listed(listed, warnings);
                }
            }
            Output::Subscriptions(subscriptions) => {
                self.subscriptions_listed = true;
                self.subscriptions.extend(subscriptions);
            }
            Output::Attributes {
                topic: None,
                attributes,
                ..
            } => warnings.push(outside_folder(
                &attributes.origin,
                "get-topic-attributes",
                "<region>/sns/<topic-arn>/",
            )),
            Output::Attributes {
                topic: Some(topic),
                attributes,
                policy,
            } => {
                let i = match self.position(&topic) {
                    Some(i) => i,
                    None => {
                        let name = topic_name_of(&topic).to_owned();
                        let warning = dangling(
                            &attributes.origin,
                            "get-topic-attributes",
                            "topic",
                            &topic,
                            "list-topics",
                        );
                        warnings.push(warning.clone());
                        let arn = topic.starts_with("arn:").then(|| topic.clone());
                        let i = self.insert(Topic::new(name, arn, attributes.origin.clone()));
                        self.topics[i].dangling = Some(warning);
                        i
                    }
                };
                let what = format!("topic {topic:?}: get-topic-attributes");
                let t = &mut self.topics[i];
                if t.attributes.is_none()
                    && let Some(policy) = policy
                {
                    t.policy = Some(policy);
                }
                set_once(&mut t.attributes, *attributes, &what, warnings);
            }
        }
    }

    fn add_listed(&mut self, listed: Resource<TopicListEntry>, warnings: &mut Vec<Warning>) {
        let arn = listed.topic_arn.clone();
        let Some(i) = self.position(&arn) else {
            let mut topic = Topic::new(
                topic_name_of(&arn).to_owned(),
                Some(arn),
                listed.origin.clone(),
            );
            topic.listed = Some(listed);
            self.insert(topic);
            return;
        };
        if let Some(first) = &self.topics[i].listed {
            warnings.push(duplicate(
                &listed.origin,
                "topic",
                &arn,
                "list-topics",
                first,
            ));
            return;
        }
        if self.topics[i].arn.is_none() {
            self.index.insert(arn.clone(), i);
            self.topics[i].arn = Some(arn);
        }
        let topic = &mut self.topics[i];
        topic.origin = listed.origin.clone();
        topic.listed = Some(listed);
        if let Some(warning) = topic.dangling.take() {
            retract(warnings, &warning);
        }
    }

    fn insert(&mut self, topic: Topic) -> usize {
        let i = self.topics.len();
        self.index.entry(topic.name.clone()).or_insert(i);
        if let Some(arn) = &topic.arn {
            self.index.insert(arn.clone(), i);
        }
        self.topics.push(topic);
        i
    }

    fn position(&self, name_or_arn: &str) -> Option<usize> {
        self.index.get(name_or_arn).copied().or_else(|| {
            // An ARN matches a topic known by name only.
            let i = *self.index.get(topic_name_of(name_or_arn))?;
            self.topics[i].arn.is_none().then_some(i)
        })
    }

    /// The topic with this ARN or name.
    pub fn topic(&self, name_or_arn: &str) -> Option<&Topic> {
        self.topics.get(self.position(name_or_arn)?)
    }

    /// The confirmed subscriptions of the topic `arn`; `None` when `list-subscriptions` was
    /// not read for this Region.
    pub fn confirmed_subscriptions<'a>(
        &'a self,
        arn: &'a str,
    ) -> Option<impl Iterator<Item = &'a Resource<Subscription>> + 'a> {
        self.subscriptions_listed.then(|| {
            self.subscriptions
                .iter()
                .filter(move |s| s.topic_arn == arn && s.is_confirmed())
        })
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.topics.is_empty() && !self.subscriptions_listed
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        for t in &self.topics {
            let arn = t
                .arn()
                .map(str::to_owned)
                .unwrap_or_else(|| scope.arn("sns", &t.name));
            let a = t.attributes.as_ref().map(|a| &a.data);
            out.push(
                scope
                    .item("AWS::SNS::Topic", arn.clone(), t.origin())
                    .arn(arn)
                    .name(Some(&t.name))
                    .attr("display_name", a.and_then(|a| a.display_name.clone()))
                    .attr(
                        "encryption",
                        a.map(|_| {
                            if t.kms_key().is_some() {
                                "SSE-KMS"
                            } else {
                                "none"
                            }
                        }),
                    )
                    .attr("kms_key", t.kms_key().map(str::to_owned))
                    .attr("has_policy", t.policy.is_some())
                    .attr(
                        "subscriptions_confirmed",
                        a.and_then(|a| a.subscriptions_confirmed.as_deref())
                            .and_then(|n| n.parse::<u64>().ok()),
                    )
                    .attr(
                        "fifo",
                        a.and_then(|a| a.fifo_topic.as_deref()).map(|f| f == "true"),
                    ),
            );
        }
    }
}
