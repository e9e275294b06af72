//! AWS Lambda: the functions of one Region and their resource-based policies.
//!
//! Layout, with the outputs of `aws lambda`:
//! ```text
//! <region>/lambda/list-functions.json                 {"Functions": [...]}
//! <region>/lambda/<function-name>/get-policy.json     {"Policy": "<document>", "RevisionId"}
//! ```
//! The function folder is the function name or its ARN.
//!
//! Environment variables often hold secrets: the typed model keeps only their names. Their
//! values stay in the function's raw JSON and nothing keyaki prints shows them.

use std::collections::HashMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};

use super::shared::{
    ResourcePolicy, dangling, duplicate, in_service, outside_folder, retract, set_once,
};
use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::{Origin, Resource};
use crate::source::Place;
use crate::{LoadError, Warning};

/// The VPC a function is connected to.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcConfig {
    /// The subnets.
    #[serde(default)]
    pub subnet_ids: Vec<String>,
    /// The security groups.
    #[serde(default)]
    pub security_group_ids: Vec<String>,
    /// The VPC; an empty string when the function is not in a VPC.
    #[serde(default)]
    pub vpc_id: Option<String>,
}

impl VpcConfig {
    /// Whether the function is connected to a VPC.
    pub fn is_connected(&self) -> bool {
        self.vpc_id.as_deref().is_some_and(|v| !v.is_empty()) || !self.subnet_ids.is_empty()
    }
}

/// A function's environment: the names of its variables only.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Environment {
    /// The variable names, in the order printed. The values are not kept.
    #[serde(default, rename = "Variables", deserialize_with = "names_only")]
    pub variable_names: Vec<String>,
}

/// Reads a JSON object's keys and skips its values unread.
fn names_only<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct Names;
    impl<'de> Visitor<'de> for Names {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of environment variables")
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut names = Vec::new();
            while let Some((name, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? {
                names.push(name);
            }
            Ok(names)
        }
    }
    d.deserialize_any(Names)
}

/// A layer of a function.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Layer {
    /// The layer version ARN.
    pub arn: String,
}

/// One function of `aws lambda list-functions` (a `FunctionConfiguration`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FunctionConfiguration {
    /// The function name.
    pub function_name: String,
    /// The function ARN.
    #[serde(default)]
    pub function_arn: Option<String>,
    /// The runtime, such as `python3.12`; absent for container images.
    #[serde(default)]
    pub runtime: Option<String>,
    /// The execution role.
    #[serde(default)]
    pub role: Option<String>,
    /// The handler; absent for container images.
    #[serde(default)]
    pub handler: Option<String>,
    /// `Zip` or `Image`.
    #[serde(default)]
    pub package_type: Option<String>,
    /// `x86_64` or `arm64`.
    #[serde(default)]
    pub architectures: Vec<String>,
    /// The VPC connection.
    #[serde(default)]
    pub vpc_config: Option<VpcConfig>,
    /// The environment variables (names only).
    #[serde(default)]
    pub environment: Option<Environment>,
    /// The customer managed key that encrypts the environment variables.
    #[serde(default, rename = "KMSKeyArn")]
    pub kms_key_arn: Option<String>,
    /// The layers.
    #[serde(default)]
    pub layers: Vec<Layer>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The timeout in seconds.
    #[serde(default)]
    pub timeout: Option<i64>,
    /// The memory in MB.
    #[serde(default)]
    pub memory_size: Option<i64>,
    /// When the function was last changed, as printed (`2025-09-23T18:32:33.857+0000`).
    #[serde(default)]
    pub last_modified: Option<String>,
    /// `$LATEST`, or a version number when listed with `--function-version ALL`.
    #[serde(default)]
    pub version: Option<String>,
}

/// The `RevisionId` of `get-policy`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PolicyRevision {
    #[serde(default)]
    revision_id: Option<String>,
}

/// One function with everything the snapshot says about it.
#[derive(Debug, Clone)]
pub struct Function {
    /// The function name.
    pub name: String,
    /// Its entry in `list-functions`, if it is listed.
    pub configuration: Option<Resource<FunctionConfiguration>>,
    /// `get-policy`: the function's resource-based policy.
    pub policy: Option<Resource<ResourcePolicy>>,
    /// The policy's `RevisionId`.
    pub policy_revision_id: Option<String>,
    origin: Origin,
    dangling: Option<Warning>,
}

impl Function {
    fn new(name: String, origin: Origin) -> Self {
        Self {
            name,
            configuration: None,
            policy: None,
            policy_revision_id: None,
            origin,
            dangling: None,
        }
    }

    /// Where the function was read: its `list-functions` entry, or else its `get-policy`.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The function ARN, when the snapshot says it.
    pub fn arn(&self) -> Option<&str> {
        self.configuration
            .as_ref()
            .and_then(|c| c.function_arn.as_deref())
    }

    /// Whether the function is connected to a VPC; `None` when it is not listed.
    pub fn in_vpc(&self) -> Option<bool> {
        self.configuration
            .as_ref()
            .map(|c| c.vpc_config.as_ref().is_some_and(VpcConfig::is_connected))
    }
}

/// What one Lambda file holds.
#[derive(Debug)]
pub enum Output {
    /// `list-functions`.
    Functions(Vec<Resource<FunctionConfiguration>>),
    /// `get-policy`, with the function its folder names.
    Policy {
        /// The function name from the folder.
        function: Option<String>,
        /// The policy.
        policy: Resource<ResourcePolicy>,
        /// Its `RevisionId`.
        revision_id: Option<String>,
    },
}

/// AWS Lambda functions of one Region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Lambda {
    /// The functions, in the order they were first read.
    pub functions: Vec<Function>,
    /// Positions by function name.
    index: HashMap<String, usize>,
}

/// The function name in a function name or (possibly qualified) function ARN
/// (`arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`).
pub fn function_name_of(name_or_arn: &str) -> &str {
    match name_or_arn.split_once(":function:") {
        Some((_, rest)) if name_or_arn.starts_with("arn:") => {
            rest.split(':').next().unwrap_or(rest)
        }
        _ => name_or_arn,
    }
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    let place = doc.place();
    if doc.is("Functions", &["NextMarker"])
        && matches!(place.service.as_deref(), None | Some("lambda"))
    {
        return Some(doc.list("Functions").map(Output::Functions));
    }
    if doc.is("Policy", &["RevisionId"]) && in_service(place, &["lambda"], &["get-policy"]) {
        let policy = doc.embedded("Policy").transpose()?;
        return Some(function_policy(doc, place, policy).map_err(|e| vec![e]));
    }
    None
}

fn function_policy(
    doc: &Document<'_>,
    place: &Place,
    policy: Result<Resource<ResourcePolicy>, LoadError>,
) -> Result<Output, LoadError> {
    let policy = policy?;
    let revision: Resource<PolicyRevision> = doc.whole()?;
    Ok(Output::Policy {
        function: place
            .resource
            .as_deref()
            .map(|f| function_name_of(f).to_owned()),
        policy,
        revision_id: revision.data.revision_id,
    })
}

impl Lambda {
    pub(crate) fn absorb(&mut self, output: Output, _place: &Place, warnings: &mut Vec<Warning>) {
        match output {
            Output::Functions(functions) => {
                for configuration in functions {
                    self.add_listed(configuration, warnings);
                }
            }
            Output::Policy {
                function: None,
                policy,
                ..
            } => warnings.push(outside_folder(
                &policy.origin,
                "get-policy",
                "<region>/lambda/<function-name>/",
            )),
            Output::Policy {
                function: Some(name),
                policy,
                revision_id,
            } => {
                let i = match self.index.get(&name) {
                    Some(&i) => i,
                    None => {
                        let warning = dangling(
                            &policy.origin,
                            "get-policy",
                            "function",
                            &name,
                            "list-functions",
                        );
                        warnings.push(warning.clone());
                        let mut function = Function::new(name.clone(), policy.origin.clone());
                        function.dangling = Some(warning);
                        self.index.insert(name.clone(), self.functions.len());
                        self.functions.push(function);
                        self.functions.len() - 1
                    }
                };
                let function = &mut self.functions[i];
                if function.policy.is_none() {
                    function.policy_revision_id = revision_id;
                }
                let what = format!("function {name:?}: get-policy");
                set_once(&mut function.policy, policy, &what, warnings);
            }
        }
    }

    fn add_listed(
        &mut self,
        configuration: Resource<FunctionConfiguration>,
        warnings: &mut Vec<Warning>,
    ) {
        let name = configuration.function_name.clone();
        let Some(&i) = self.index.get(&name) else {
            self.index.insert(name.clone(), self.functions.len());
            let mut function = Function::new(name, configuration.origin.clone());
            function.configuration = Some(configuration);
            self.functions.push(function);
            return;
        };
        let function = &mut self.functions[i];
        if let Some(first) = &function.configuration {
            warnings.push(duplicate(
                &configuration.origin,
                "function",
                &name,
                "list-functions",
                first,
            ));
            return;
        }
        function.origin = configuration.origin.clone();
        function.configuration = Some(configuration);
        if let Some(warning) = function.dangling.take() {
            retract(warnings, &warning);
        }
    }

    /// The function with this name or ARN.
    pub fn function(&self, name_or_arn: &str) -> Option<&Function> {
        self.functions
            .get(*self.index.get(function_name_of(name_or_arn))?)
    }

    /// The functions whose execution role is `role_arn`.
    pub fn functions_with_role<'a>(
        &'a self,
        role_arn: &'a str,
    ) -> impl Iterator<Item = &'a Function> + 'a {
        self.functions.iter().filter(move |f| {
            f.configuration.as_ref().and_then(|c| c.role.as_deref()) == Some(role_arn)
        })
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.functions.is_empty()
    }

    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        use serde_json::json;
        for f in &self.functions {
            let c = f.configuration.as_ref().map(|c| &c.data);
            let vpc = c
                .and_then(|c| c.vpc_config.as_ref())
                .filter(|v| v.is_connected());
            let variables = c
                .and_then(|c| c.environment.as_ref())
                .map(|e| e.variable_names.as_slice())
                .filter(|names| !names.is_empty());
            let arn = f
                .arn()
                .map(str::to_owned)
                .unwrap_or_else(|| scope.arn("lambda", &format!("function:{}", f.name)));
            out.push(
                scope
                    .item("AWS::Lambda::Function", &f.name, f.origin())
                    .arn(arn)
                    .name(Some(&f.name))
                    .attr("runtime", c.and_then(|c| c.runtime.clone()))
                    .attr("package_type", c.and_then(|c| c.package_type.clone()))
                    .attr("role", c.and_then(|c| c.role.clone()))
                    .attr("handler", c.and_then(|c| c.handler.clone()))
                    .attr("in_vpc", f.in_vpc())
                    .attr("vpc_id", vpc.and_then(|v| v.vpc_id.clone()))
                    .attr("security_groups", vpc.map(|v| json!(v.security_group_ids)))
                    .attr("environment_variables", variables.map(|n| json!(n)))
                    .attr("kms_key", c.and_then(|c| c.kms_key_arn.clone()))
                    .attr("has_policy", f.policy.is_some())
                    .attr("last_modified", c.and_then(|c| c.last_modified.clone())),
            );
        }
    }
}
