//! Elastic Load Balancing: Application, Network and Gateway Load Balancers (v2), their
//! listeners, target groups, target health and attributes; and Classic Load Balancers
//! (`aws elb`) with their attributes and policies.

use keyaki_core::Region;
use serde::Deserialize;

use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::Resource;
use crate::source::Place;
use crate::{LoadError, Warning, WarningKind};

/// An availability zone of a load balancer, with its addresses.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct LoadBalancerZone {
    pub zone_name: Option<String>,
    pub subnet_id: Option<String>,
    #[serde(default)]
    pub load_balancer_addresses: Vec<LoadBalancerAddress>,
}

/// A static address of a Network Load Balancer.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct LoadBalancerAddress {
    pub ip_address: Option<String>,
    pub allocation_id: Option<String>,
    #[serde(rename = "PrivateIPv4Address")]
    pub private_ipv4_address: Option<String>,
    #[serde(rename = "IPv6Address")]
    pub ipv6_address: Option<String>,
}

/// The state of a load balancer.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct LoadBalancerState {
    pub code: String,
}

/// `aws elbv2 describe-load-balancers`: one load balancer.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LoadBalancer {
    /// The ARN.
    pub load_balancer_arn: String,
    /// The name.
    pub load_balancer_name: String,
    /// The DNS name.
    #[serde(default, rename = "DNSName")]
    pub dns_name: Option<String>,
    /// `internet-facing` or `internal`.
    #[serde(default)]
    pub scheme: Option<String>,
    /// `application`, `network` or `gateway`.
    #[serde(default, rename = "Type")]
    pub kind: Option<String>,
    /// The VPC.
    #[serde(default)]
    pub vpc_id: Option<String>,
    /// `active`, `provisioning`, ...
    #[serde(default)]
    pub state: Option<LoadBalancerState>,
    /// Zones and subnets.
    #[serde(default)]
    pub availability_zones: Vec<LoadBalancerZone>,
    /// Security groups (Application Load Balancers, and Network Load Balancers that have them).
    #[serde(default)]
    pub security_groups: Vec<String>,
    /// `ipv4`, `dualstack`, ...
    #[serde(default)]
    pub ip_address_type: Option<String>,
}

/// A target group in a forward action.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct WeightedTargetGroup {
    pub target_group_arn: String,
    pub weight: Option<i64>,
}

/// A forward action's target groups.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct ForwardConfig {
    #[serde(default)]
    pub target_groups: Vec<WeightedTargetGroup>,
}

/// One action of a listener.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Action {
    /// `forward`, `redirect`, `fixed-response`, `authenticate-oidc`, `authenticate-cognito`.
    #[serde(rename = "Type")]
    pub kind: String,
    /// The target group of a simple forward action.
    #[serde(default)]
    pub target_group_arn: Option<String>,
    /// The target groups of a weighted forward action.
    #[serde(default)]
    pub forward_config: Option<ForwardConfig>,
    /// The order.
    #[serde(default)]
    pub order: Option<i64>,
    /// The redirect, for redirect actions.
    #[serde(default)]
    pub redirect_config: Option<serde_json::Value>,
}

impl Action {
    /// Every target group the action forwards to.
    pub fn target_groups(&self) -> impl Iterator<Item = &str> {
        self.target_group_arn.as_deref().into_iter().chain(
            self.forward_config
                .iter()
                .flat_map(|f| f.target_groups.iter().map(|t| t.target_group_arn.as_str())),
        )
    }
}

/// `aws elbv2 describe-listeners`: one listener.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct Listener {
    pub listener_arn: String,
    pub load_balancer_arn: String,
    pub port: Option<i64>,
    /// `HTTP`, `HTTPS`, `TCP`, `TLS`, `UDP`, `TCP_UDP`, `GENEVE`.
    pub protocol: Option<String>,
    #[serde(default)]
    pub default_actions: Vec<Action>,
    pub ssl_policy: Option<String>,
    /// The listener's rules (`describe-rules`), filled in by the loader; empty when the
    /// snapshot has no `describe-rules` output for it.
    #[serde(skip)]
    pub rules: Vec<Rule>,
}

/// The values of a host-header, path-pattern, HTTP-method or source-IP condition.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct ConditionValues {
    #[serde(default)]
    pub values: Vec<String>,
}

/// The header name and values of an `http-header` condition.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct HttpHeaderCondition {
    pub http_header_name: Option<String>,
    #[serde(default)]
    pub values: Vec<String>,
}

/// One key/value pair of a `query-string` condition.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct QueryStringPair {
    pub key: Option<String>,
    pub value: Option<String>,
}

/// The pairs of a `query-string` condition.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct QueryStringCondition {
    #[serde(default)]
    pub values: Vec<QueryStringPair>,
}

/// One condition of a listener rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct RuleCondition {
    /// `host-header`, `path-pattern`, `http-header`, `http-request-method`, `query-string`
    /// or `source-ip`.
    pub field: Option<String>,
    /// The values of the older form (host-header and path-pattern only).
    #[serde(default)]
    pub values: Vec<String>,
    pub host_header_config: Option<ConditionValues>,
    pub path_pattern_config: Option<ConditionValues>,
    pub http_header_config: Option<HttpHeaderCondition>,
    pub query_string_config: Option<QueryStringCondition>,
    pub http_request_method_config: Option<ConditionValues>,
    /// Client addresses (CIDR blocks) the rule matches.
    pub source_ip_config: Option<ConditionValues>,
}

impl RuleCondition {
    /// The source CIDR blocks of a `source-ip` condition, `None` for other conditions.
    pub fn source_ips(&self) -> Option<&[String]> {
        match self.field.as_deref() {
            Some("source-ip") => Some(
                self.source_ip_config
                    .as_ref()
                    .map(|c| c.values.as_slice())
                    .unwrap_or(&[]),
            ),
            _ => None,
        }
    }

    /// A short text: `path-pattern /api/*`, `source-ip 198.51.100.0/24`.
    pub fn describe(&self) -> String {
        let field = self.field.as_deref().unwrap_or("condition");
        let values: Vec<String> = match field {
            "host-header" => self.host_header_config.as_ref().map(|c| c.values.clone()),
            "path-pattern" => self.path_pattern_config.as_ref().map(|c| c.values.clone()),
            "http-request-method" => self
                .http_request_method_config
                .as_ref()
                .map(|c| c.values.clone()),
            "source-ip" => self.source_ip_config.as_ref().map(|c| c.values.clone()),
            "http-header" => self.http_header_config.as_ref().map(|c| {
                let name = c.http_header_name.as_deref().unwrap_or("?");
                c.values.iter().map(|v| format!("{name}: {v}")).collect()
            }),
            "query-string" => self.query_string_config.as_ref().map(|c| {
                c.values
                    .iter()
                    .map(|p| {
                        format!(
                            "{}={}",
                            p.key.as_deref().unwrap_or(""),
                            p.value.as_deref().unwrap_or("")
                        )
                    })
                    .collect()
            }),
            _ => None,
        }
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| self.values.clone());
        format!("{field} {}", values.join(","))
    }
}

/// `aws elbv2 describe-rules --listener-arn ...`: one rule of a listener.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Rule {
    /// The ARN.
    pub rule_arn: Option<String>,
    /// The priority, a number as text, or `default` for the default rule.
    pub priority: Option<String>,
    /// The conditions; all must match.
    #[serde(default)]
    pub conditions: Vec<RuleCondition>,
    /// The actions.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Whether this is the listener's default rule (its default actions).
    #[serde(default)]
    pub is_default: bool,
}

impl Rule {
    /// Every target group the rule forwards to.
    pub fn target_groups(&self) -> impl Iterator<Item = &str> {
        self.actions
            .iter()
            .filter(|a| a.kind == "forward")
            .flat_map(Action::target_groups)
    }

    /// `rule 10 (path-pattern /api/*)`, or `default rule`.
    pub fn describe(&self) -> String {
        if self.is_default {
            return "default rule".into();
        }
        let priority = self.priority.as_deref().unwrap_or("?");
        if self.conditions.is_empty() {
            return format!("rule {priority}");
        }
        let conditions: Vec<String> = self
            .conditions
            .iter()
            .map(RuleCondition::describe)
            .collect();
        format!("rule {priority} ({})", conditions.join("; "))
    }
}

/// `aws elbv2 describe-target-groups`: one target group, with its targets' health when the
/// snapshot has `describe-target-health`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct TargetGroup {
    pub target_group_arn: String,
    pub target_group_name: String,
    pub protocol: Option<String>,
    pub port: Option<i64>,
    pub vpc_id: Option<String>,
    /// `instance`, `ip`, `lambda` or `alb`.
    pub target_type: Option<String>,
    #[serde(default)]
    pub load_balancer_arns: Vec<String>,
    /// Targets and their health, filled in by the loader.
    #[serde(skip)]
    pub targets: Vec<TargetHealthDescription>,
}

/// A registered target.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct Target {
    /// An instance id, an IP address, a Lambda function ARN or an ALB ARN.
    pub id: String,
    pub port: Option<i64>,
    pub availability_zone: Option<String>,
}

/// The health of a target.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct TargetHealth {
    /// `initial`, `healthy`, `unhealthy`, `unused`, `draining`, `unavailable`, ...
    pub state: Option<String>,
    pub reason: Option<String>,
    pub description: Option<String>,
}

/// `aws elbv2 describe-target-health`: one target with its health.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct TargetHealthDescription {
    pub target: Target,
    pub health_check_port: Option<String>,
    pub target_health: Option<TargetHealth>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GroupHealth {
    target_group_arn: String,
    #[serde(default)]
    target_health_descriptions: Vec<TargetHealthDescription>,
}

/// What one Elastic Load Balancing file holds.
#[derive(Debug)]
#[allow(missing_docs)]
pub enum Output {
    LoadBalancers(Vec<Resource<LoadBalancer>>),
    Listeners(Vec<Resource<Listener>>),
    TargetGroups(Vec<Resource<TargetGroup>>),
    /// Listener rules, with the listener ARN from the folder name.
    Rules(Option<String>, Vec<Rule>),
    /// Target health by target group ARN (from the folder, or from the network-snapshot
    /// `LoadBalancerTargetHealth` file).
    TargetHealth(Vec<(Option<String>, Vec<TargetHealthDescription>)>),
    /// `describe-load-balancer-attributes`, with the load balancer from the folder.
    /// (one file per load balancer, or the grouped `LoadBalancerAttributes` file of network
    /// snapshots).
    LoadBalancerAttributes(Vec<(Option<String>, Resource<Vec<Attribute>>)>),
    /// `elb describe-load-balancers`.
    ClassicLoadBalancers(Vec<Resource<ClassicLoadBalancer>>),
    /// `elb describe-load-balancer-attributes`, with the load balancer name from the folder.
    ClassicAttributes(Option<String>, Box<Resource<ClassicAttributes>>),
    /// `elb describe-load-balancer-policies`, with the load balancer name from the folder.
    ClassicPolicies(Option<String>, Vec<Resource<PolicyDescription>>),
}

/// One `Key`/`Value` attribute of `elbv2 describe-load-balancer-attributes`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct Attribute {
    pub key: String,
    pub value: Option<String>,
}

/// The attributes of one load balancer in the grouped `LoadBalancerAttributes` file of
/// network snapshots (`aws_configs/`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GroupedAttributes {
    load_balancer_arn: String,
    #[serde(default)]
    attributes: Vec<Attribute>,
}

/// `elbv2 describe-load-balancer-attributes`, saved in the load balancer's folder.
#[derive(Debug, Clone)]
pub struct LoadBalancerAttributes {
    /// The load balancer's ARN or name (the folder).
    pub load_balancer: String,
    /// The attributes.
    pub attributes: Resource<Vec<Attribute>>,
}

impl LoadBalancerAttributes {
    /// The value of attribute `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.key == key)
            .and_then(|a| a.value.as_deref())
    }
}

/// A listener of a Classic Load Balancer.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct ClassicListener {
    pub protocol: String,
    pub load_balancer_port: Option<i64>,
    pub instance_protocol: Option<String>,
    pub instance_port: Option<i64>,
    #[serde(rename = "SSLCertificateId")]
    pub ssl_certificate_id: Option<String>,
}

/// A listener of a Classic Load Balancer with the policies it uses.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct ClassicListenerDescription {
    pub listener: ClassicListener,
    #[serde(default)]
    pub policy_names: Vec<String>,
}

/// `elb describe-load-balancers`: one Classic Load Balancer.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct ClassicLoadBalancer {
    pub load_balancer_name: String,
    #[serde(rename = "DNSName")]
    pub dns_name: Option<String>,
    pub scheme: Option<String>,
    #[serde(rename = "VPCId")]
    pub vpc_id: Option<String>,
    #[serde(default)]
    pub availability_zones: Vec<String>,
    #[serde(default)]
    pub subnets: Vec<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    #[serde(default)]
    pub listener_descriptions: Vec<ClassicListenerDescription>,
}

/// `elb describe-load-balancer-attributes` (`LoadBalancerAttributes`), saved in the load
/// balancer's folder. The fields rules read; the rest is in the raw JSON.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct ClassicAttributes {
    pub cross_zone_load_balancing: Option<EnabledFlag>,
    pub access_log: Option<EnabledFlag>,
    pub connection_draining: Option<EnabledFlag>,
    #[serde(default)]
    pub additional_attributes: Vec<Attribute>,
}

/// `{"Enabled": true}`, as Classic Load Balancer attributes say it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct EnabledFlag {
    #[serde(default)]
    pub enabled: bool,
}

/// One attribute of a Classic Load Balancer policy.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct PolicyAttribute {
    pub attribute_name: String,
    pub attribute_value: Option<String>,
}

/// `elb describe-load-balancer-policies`: one policy of a Classic Load Balancer.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct PolicyDescription {
    pub policy_name: String,
    pub policy_type_name: Option<String>,
    #[serde(default)]
    pub policy_attribute_descriptions: Vec<PolicyAttribute>,
}

/// A Classic Load Balancer with its attributes and policies.
#[derive(Debug, Clone)]
pub struct Classic {
    /// `describe-load-balancers`.
    pub load_balancer: Resource<ClassicLoadBalancer>,
    /// `describe-load-balancer-attributes`, when the snapshot has it.
    pub attributes: Option<Resource<ClassicAttributes>>,
    /// `describe-load-balancer-policies`, when the snapshot has it.
    pub policies: Option<Vec<Resource<PolicyDescription>>>,
}

/// Elastic Load Balancing (v2) resources of one region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
#[allow(missing_docs)]
pub struct Elbv2 {
    pub load_balancers: Vec<Resource<LoadBalancer>>,
    pub listeners: Vec<Resource<Listener>>,
    pub target_groups: Vec<Resource<TargetGroup>>,
    /// `describe-load-balancer-attributes` of v2 load balancers.
    pub load_balancer_attributes: Vec<LoadBalancerAttributes>,
    /// Classic Load Balancers (`aws elb`).
    pub classic: Vec<Classic>,
    pending_classic_attributes: Vec<(std::path::PathBuf, String, Resource<ClassicAttributes>)>,
    pending_classic_policies: Vec<(std::path::PathBuf, String, Vec<Resource<PolicyDescription>>)>,
    pending_health: Vec<(std::path::PathBuf, String, Vec<TargetHealthDescription>)>,
    pending_rules: Vec<(std::path::PathBuf, String, Vec<Rule>)>,
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    const PAGE: &[&str] = &["NextMarker"];
    let result = if doc.is("LoadBalancers", PAGE) {
        doc.list("LoadBalancers").map(Output::LoadBalancers)
    } else if doc.is("Listeners", PAGE) {
        doc.list("Listeners").map(Output::Listeners)
    } else if doc.is("LoadBalancerListeners", &[]) {
        // Network snapshots group listeners by load balancer.
        doc.nested("LoadBalancerListeners", "Listeners")
            .map(|groups| Output::Listeners(groups.into_iter().flatten().collect()))
    } else if doc.is("TargetGroups", PAGE) {
        doc.list("TargetGroups").map(Output::TargetGroups)
    } else if doc.is("Rules", PAGE) && doc.place().service.as_deref() == Some("elbv2") {
        doc.list::<Rule>("Rules").map(|rules| {
            Output::Rules(
                doc.place().resource.clone(),
                rules.into_iter().map(|r| r.data).collect(),
            )
        })
    } else if doc.is("TargetHealthDescriptions", &[]) {
        doc.list::<TargetHealthDescription>("TargetHealthDescriptions")
            .map(|t| {
                Output::TargetHealth(vec![(
                    doc.place().resource.clone(),
                    t.into_iter().map(|t| t.data).collect(),
                )])
            })
    } else if doc.is("LoadBalancerTargetHealth", &[]) {
        doc.list::<GroupHealth>("LoadBalancerTargetHealth")
            .map(|groups| {
                Output::TargetHealth(
                    groups
                        .into_iter()
                        .map(|g| {
                            (
                                Some(g.data.target_group_arn),
                                g.data.target_health_descriptions,
                            )
                        })
                        .collect(),
                )
            })
    } else if doc.is("Attributes", &[])
        && doc.place().service.as_deref() == Some("elbv2")
        && doc.place().command == "describe-load-balancer-attributes"
    {
        match doc.member::<Vec<Attribute>>("Attributes") {
            Ok(Some(a)) => Ok(Output::LoadBalancerAttributes(vec![(
                doc.place().resource.clone(),
                a,
            )])),
            Ok(None) => return None,
            Err(e) => Err(vec![e]),
        }
    } else if doc.is("LoadBalancerAttributes", &[])
        && doc.place().service.is_none()
        && doc.place().resource.is_none()
    {
        // The network snapshot layout groups v2 attributes by load balancer ARN.
        doc.list::<GroupedAttributes>("LoadBalancerAttributes")
            .map(|groups| {
                Output::LoadBalancerAttributes(
                    groups
                        .into_iter()
                        .map(|g| {
                            let arn = g.data.load_balancer_arn;
                            let attributes = Resource {
                                data: g.data.attributes,
                                raw: g.raw,
                                origin: g.origin,
                            };
                            (Some(arn), attributes)
                        })
                        .collect(),
                )
            })
    } else if doc.is("LoadBalancerDescriptions", PAGE) {
        doc.list("LoadBalancerDescriptions")
            .map(Output::ClassicLoadBalancers)
    } else if doc.is("LoadBalancerAttributes", &[]) {
        match doc.member::<ClassicAttributes>("LoadBalancerAttributes") {
            Ok(Some(a)) => Ok(Output::ClassicAttributes(
                doc.place().resource.clone(),
                Box::new(a),
            )),
            Ok(None) => return None,
            Err(e) => Err(vec![e]),
        }
    } else if doc.is("PolicyDescriptions", &[]) && doc.place().service.as_deref() == Some("elb") {
        doc.list("PolicyDescriptions")
            .map(|p| Output::ClassicPolicies(doc.place().resource.clone(), p))
    } else {
        return None;
    };
    Some(result)
}

impl Output {
    pub(crate) fn region_hint(&self) -> Option<Region> {
        let from_arn = |arn: &str| arn.parse::<keyaki_core::Arn>().ok()?.region().cloned();
        match self {
            Output::LoadBalancers(l) => l.iter().find_map(|l| from_arn(&l.load_balancer_arn)),
            Output::Listeners(l) => l.iter().find_map(|l| from_arn(&l.listener_arn)),
            Output::TargetGroups(t) => t.iter().find_map(|t| from_arn(&t.target_group_arn)),
            Output::TargetHealth(t) => t.iter().find_map(|(arn, _)| from_arn(arn.as_deref()?)),
            Output::Rules(listener, rules) => listener
                .as_deref()
                .and_then(from_arn)
                .or_else(|| rules.iter().find_map(|r| from_arn(r.rule_arn.as_deref()?))),
            Output::LoadBalancerAttributes(groups) => groups
                .iter()
                .find_map(|(lb, _)| lb.as_deref().and_then(from_arn)),
            Output::ClassicLoadBalancers(_)
            | Output::ClassicAttributes(..)
            | Output::ClassicPolicies(..) => None,
        }
    }
}

impl Elbv2 {
    pub(crate) fn absorb(&mut self, output: Output, place: &Place, warnings: &mut Vec<Warning>) {
        match output {
            Output::LoadBalancers(items) => push_new(
                &mut self.load_balancers,
                items,
                |l| &l.load_balancer_arn,
                warnings,
            ),
            Output::Listeners(items) => {
                push_new(&mut self.listeners, items, |l| &l.listener_arn, warnings)
            }
            Output::TargetGroups(items) => push_new(
                &mut self.target_groups,
                items,
                |t| &t.target_group_arn,
                warnings,
            ),
            Output::Rules(listener, rules) => match listener {
                Some(listener) => self.pending_rules.push((place.file(), listener, rules)),
                None => warnings.push(Warning {
                    path: place.file(),
                    kind: WarningKind::Location,
                    message: "describe-rules output outside a folder named after its listener ARN; skipped".into(),
                }),
            },
            Output::LoadBalancerAttributes(groups) => {
                for (lb, attributes) in groups {
                    match lb {
                        Some(load_balancer) => self
                            .load_balancer_attributes
                            .push(LoadBalancerAttributes { load_balancer, attributes }),
                        None => warnings.push(Warning {
                            path: place.file(),
                            kind: WarningKind::Location,
                            message: "describe-load-balancer-attributes output outside a folder named after its load balancer; skipped".into(),
                        }),
                    }
                }
            }
            Output::ClassicLoadBalancers(items) => {
                for item in items {
                    if self.classic.iter().any(|c| c.load_balancer.load_balancer_name == item.load_balancer_name) {
                        warnings.push(Warning {
                            path: item.origin.file.to_path_buf(),
                            kind: WarningKind::Duplicate,
                            message: format!("{} is already loaded; the first is kept", item.load_balancer_name),
                        });
                        continue;
                    }
                    self.classic.push(Classic { load_balancer: item, attributes: None, policies: None });
                }
            }
            Output::ClassicAttributes(lb, attributes) => match lb {
                Some(lb) => self.pending_classic_attributes.push((place.file(), lb, *attributes)),
                None => warnings.push(Warning {
                    path: place.file(),
                    kind: WarningKind::Location,
                    message: "elb describe-load-balancer-attributes output outside a folder named after its load balancer; skipped".into(),
                }),
            },
            Output::ClassicPolicies(lb, policies) => match lb {
                Some(lb) => self.pending_classic_policies.push((place.file(), lb, policies)),
                None => warnings.push(Warning {
                    path: place.file(),
                    kind: WarningKind::Location,
                    message: "elb describe-load-balancer-policies output outside a folder named after its load balancer; skipped".into(),
                }),
            },
            Output::TargetHealth(groups) => {
                for (group, health) in groups {
                    match group {
                        Some(group) => self.pending_health.push((place.file(), group, health)),
                        None => warnings.push(Warning {
                            path: place.file(),
                            kind: WarningKind::Location,
                            message: "describe-target-health output outside a folder named after its target group ARN; skipped".into(),
                        }),
                    }
                }
            }
        }
    }

    /// Attaches target health to target groups and rules to listeners.
    pub(crate) fn settle(&mut self, warnings: &mut Vec<Warning>) {
        let dangling = |file, what: &str, lb: &str| Warning {
            path: file,
            kind: WarningKind::Dangling,
            message: format!(
                "{what} of {lb}, which elb describe-load-balancers does not list; skipped"
            ),
        };
        for (file, lb, attributes) in std::mem::take(&mut self.pending_classic_attributes) {
            match self
                .classic
                .iter_mut()
                .find(|c| c.load_balancer.load_balancer_name == lb)
            {
                Some(c) => c.attributes = Some(attributes),
                None => warnings.push(dangling(file, "attributes", &lb)),
            }
        }
        for (file, lb, policies) in std::mem::take(&mut self.pending_classic_policies) {
            match self
                .classic
                .iter_mut()
                .find(|c| c.load_balancer.load_balancer_name == lb)
            {
                Some(c) => c.policies.get_or_insert_with(Vec::new).extend(policies),
                None => warnings.push(dangling(file, "policies", &lb)),
            }
        }
        for (file, listener, rules) in std::mem::take(&mut self.pending_rules) {
            match self.listeners.iter_mut().find(|l| l.listener_arn == listener) {
                Some(l) => l.data.rules.extend(rules),
                None => warnings.push(Warning {
                    path: file,
                    kind: WarningKind::Dangling,
                    message: format!("rules of listener {listener}, which describe-listeners does not list; skipped"),
                }),
            }
        }
        for (file, group, health) in std::mem::take(&mut self.pending_health) {
            match self.target_groups.iter_mut().find(|t| t.target_group_arn == group) {
                Some(t) => t.data.targets.extend(health),
                None => warnings.push(Warning {
                    path: file,
                    kind: WarningKind::Dangling,
                    message: format!("target health for {group}, which describe-target-groups does not list; skipped"),
                }),
            }
        }
    }

    /// The `describe-load-balancer-attributes` of the v2 load balancer `lb` (its folder
    /// may be named after its ARN or its name).
    pub fn attributes_of(&self, lb: &LoadBalancer) -> Option<&LoadBalancerAttributes> {
        self.load_balancer_attributes.iter().find(|a| {
            a.load_balancer == lb.load_balancer_arn || a.load_balancer == lb.load_balancer_name
        })
    }

    /// The load balancer with ARN `arn`.
    pub fn load_balancer(&self, arn: &str) -> Option<&Resource<LoadBalancer>> {
        self.load_balancers
            .iter()
            .find(|l| l.load_balancer_arn == arn)
    }

    /// The listeners of load balancer `arn`.
    pub fn listeners_of<'a>(
        &'a self,
        arn: &'a str,
    ) -> impl Iterator<Item = &'a Resource<Listener>> + 'a {
        self.listeners
            .iter()
            .filter(move |l| l.load_balancer_arn == arn)
    }

    /// The target group with ARN `arn`.
    pub fn target_group(&self, arn: &str) -> Option<&Resource<TargetGroup>> {
        self.target_groups
            .iter()
            .find(|t| t.target_group_arn == arn)
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        use serde_json::json;
        for c in &self.classic {
            let lb = &c.load_balancer;
            out.push(
                scope
                    .item(
                        "AWS::ElasticLoadBalancing::LoadBalancer",
                        &lb.load_balancer_name,
                        &lb.origin,
                    )
                    .arn(scope.arn(
                        "elasticloadbalancing",
                        &format!("loadbalancer/{}", lb.load_balancer_name),
                    ))
                    .name(Some(lb.load_balancer_name.clone()))
                    .attr("scheme", lb.scheme.clone())
                    .attr("dns_name", lb.dns_name.clone())
                    .attr("vpc_id", lb.vpc_id.clone())
                    .attr("availability_zones", json!(lb.availability_zones)),
            );
        }
        for r in &self.load_balancers {
            let subnets: Vec<&str> = r
                .availability_zones
                .iter()
                .filter_map(|z| z.subnet_id.as_deref())
                .collect();
            out.push(
                scope
                    .item(
                        "AWS::ElasticLoadBalancingV2::LoadBalancer",
                        &r.load_balancer_name,
                        &r.origin,
                    )
                    .arn(r.load_balancer_arn.clone())
                    .name(Some(r.load_balancer_name.clone()))
                    .attr("type", r.kind.clone())
                    .attr("scheme", r.scheme.clone())
                    .attr("dns_name", r.dns_name.clone())
                    .attr("vpc_id", r.vpc_id.clone())
                    .attr("subnets", json!(subnets))
                    .attr("security_groups", json!(r.security_groups))
                    .attr("listeners", self.listeners_of(&r.load_balancer_arn).count()),
            );
        }
        for r in &self.listeners {
            let id = r
                .listener_arn
                .rsplit('/')
                .next()
                .unwrap_or(&r.listener_arn)
                .to_owned();
            let mut forwards: Vec<&str> = Vec::new();
            for group in r
                .default_actions
                .iter()
                .flat_map(Action::target_groups)
                .chain(r.rules.iter().flat_map(Rule::target_groups))
            {
                if !forwards.contains(&group) {
                    forwards.push(group);
                }
            }
            out.push(
                scope
                    .item("AWS::ElasticLoadBalancingV2::Listener", id, &r.origin)
                    .arn(r.listener_arn.clone())
                    .attr("load_balancer", r.load_balancer_arn.clone())
                    .attr("protocol", r.protocol.clone())
                    .attr("port", r.port)
                    .attr(
                        "actions",
                        json!(
                            r.default_actions
                                .iter()
                                .map(|a| a.kind.as_str())
                                .collect::<Vec<_>>()
                        ),
                    )
                    .attr("forwards_to", json!(forwards))
                    .attr(
                        "rules",
                        json!(r.rules.iter().map(Rule::describe).collect::<Vec<_>>()),
                    )
                    .attr("ssl_policy", r.ssl_policy.clone()),
            );
        }
        for r in &self.target_groups {
            let targets: Vec<String> = r
                .targets
                .iter()
                .map(|t| {
                    let state = t
                        .target_health
                        .as_ref()
                        .and_then(|h| h.state.as_deref())
                        .unwrap_or("unknown");
                    format!("{} ({state})", t.target.id)
                })
                .collect();
            out.push(
                scope
                    .item(
                        "AWS::ElasticLoadBalancingV2::TargetGroup",
                        &r.target_group_name,
                        &r.origin,
                    )
                    .arn(r.target_group_arn.clone())
                    .name(Some(r.target_group_name.clone()))
                    .attr("target_type", r.target_type.clone())
                    .attr("protocol", r.protocol.clone())
                    .attr("port", r.port)
                    .attr("vpc_id", r.vpc_id.clone())
                    .attr("targets", json!(targets)),
            );
        }
    }
}

/// Appends items whose key is new; a repeated key (an overlapping page) is warned about.
fn push_new<T>(
    list: &mut Vec<Resource<T>>,
    items: Vec<Resource<T>>,
    key: impl Fn(&T) -> &String,
    warnings: &mut Vec<Warning>,
) {
    let mut seen: std::collections::HashSet<String> =
        list.iter().map(|r| key(&r.data).clone()).collect();
    for item in items {
        if !seen.insert(key(&item.data).clone()) {
            warnings.push(Warning {
                path: item.origin.file.to_path_buf(),
                kind: WarningKind::Duplicate,
                message: format!(
                    "{} at {} is already loaded; the first is kept",
                    key(&item.data),
                    item.origin.json_path
                ),
            });
            continue;
        }
        list.push(item);
    }
}
