//! A uniform list of every resource in a snapshot: what `keyaki inventory` prints and what
//! the ARN and id indexes are built from.

use keyaki_core::{AccountId, Partition, Region};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::resource::Origin;

/// Every resource type the inventory can list, named as AWS CloudFormation names them.
pub const RESOURCE_TYPES: &[&str] = &[
    "AWS::CloudTrail::Trail",
    "AWS::Config::ConfigurationRecorder",
    "AWS::EC2::EIP",
    "AWS::EC2::EgressOnlyInternetGateway",
    "AWS::EC2::FlowLog",
    "AWS::EC2::Instance",
    "AWS::EC2::InternetGateway",
    "AWS::EC2::NatGateway",
    "AWS::EC2::NetworkAcl",
    "AWS::EC2::NetworkInterface",
    "AWS::EC2::PrefixList",
    "AWS::EC2::RouteTable",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::Subnet",
    "AWS::EC2::TransitGateway",
    "AWS::EC2::TransitGatewayAttachment",
    "AWS::EC2::TransitGatewayRouteTable",
    "AWS::EC2::VPC",
    "AWS::EC2::VPCEndpoint",
    "AWS::EC2::VPCPeeringConnection",
    "AWS::EC2::Volume",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::GuardDuty::Detector",
    "AWS::IAM::Group",
    "AWS::IAM::InstanceProfile",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::Role",
    "AWS::IAM::User",
    "AWS::KMS::Key",
    "AWS::Lambda::Function",
    "AWS::Organizations::Account",
    "AWS::Organizations::Organization",
    "AWS::Organizations::OrganizationalUnit",
    "AWS::Organizations::Policy",
    "AWS::RDS::DBInstance",
    "AWS::S3::Bucket",
    "AWS::SNS::Topic",
    "AWS::SQS::Queue",
    "AWS::SecretsManager::Secret",
    "AWS::SecurityHub::Hub",
];

/// One row of the inventory.
#[derive(Debug, Clone)]
pub struct InventoryItem {
    /// The resource type, named as AWS CloudFormation and AWS Config name it
    /// (`AWS::EC2::Instance`), so that inventories line up with theirs.
    pub resource_type: &'static str,
    /// The resource's id (`i-0abc...`, a bucket name, a user name).
    pub id: String,
    /// Its ARN, when it has one.
    pub arn: Option<String>,
    /// The owning account.
    pub account: Option<AccountId>,
    /// The region; `None` for global resources.
    pub region: Option<Region>,
    /// The value of its `Name` tag, or its name where the resource has one of its own.
    pub name: Option<String>,
    /// The attributes a person looks at first, in display order.
    pub attributes: Vec<(&'static str, Value)>,
    /// Where it was read.
    pub origin: Origin,
}

impl Serialize for InventoryItem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Attributes<'a>(&'a [(&'static str, Value)]);
        impl Serialize for Attributes<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
        let mut map = s.serialize_map(Some(8))?;
        map.serialize_entry("type", self.resource_type)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("arn", &self.arn)?;
        map.serialize_entry("account", &self.account)?;
        map.serialize_entry("region", &self.region)?;
        map.serialize_entry("name", &self.name)?;
        map.serialize_entry("attributes", &Attributes(&self.attributes))?;
        map.serialize_entry(
            "source",
            &format!("{}:{}", self.origin.file.display(), self.origin.line),
        )?;
        map.end()
    }
}

/// The account, region and partition a service's resources belong to, for building ARNs
/// and inventory rows.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    /// The owning account, when known.
    pub account: Option<&'a AccountId>,
    /// The region, for regional services.
    pub region: Option<&'a Region>,
    /// The partition.
    pub partition: Partition,
}

impl Scope<'_> {
    /// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` with this scope's region and account.
    pub fn arn(&self, service: &str, resource: &str) -> String {
        self.arn_in(
            service,
            self.region.map(Region::as_str).unwrap_or(""),
            self.account.map(AccountId::as_str).unwrap_or(""),
            resource,
        )
    }

    /// An ARN with this scope's partition and the given region and account fields.
    pub fn arn_in(&self, service: &str, region: &str, account: &str, resource: &str) -> String {
        format!(
            "arn:{}:{service}:{region}:{account}:{resource}",
            self.partition
        )
    }

    /// An inventory item in this scope.
    pub fn item(
        &self,
        resource_type: &'static str,
        id: impl Into<String>,
        origin: &Origin,
    ) -> InventoryItem {
        InventoryItem {
            resource_type,
            id: id.into(),
            arn: None,
            account: self.account.cloned(),
            region: self.region.cloned(),
            name: None,
            attributes: Vec::new(),
            origin: origin.clone(),
        }
    }
}

impl InventoryItem {
    /// Sets the ARN.
    pub fn arn(mut self, arn: impl Into<String>) -> Self {
        self.arn = Some(arn.into());
        self
    }

    /// Sets the name.
    pub fn name(mut self, name: Option<impl Into<String>>) -> Self {
        self.name = name.map(Into::into);
        self
    }

    /// Adds an attribute; `null`s, empty strings and empty lists are left out.
    pub fn attr(mut self, key: &'static str, value: impl Into<Value>) -> Self {
        let value = value.into();
        let empty = match &value {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(items) => items.is_empty(),
            _ => false,
        };
        if !empty {
            self.attributes.push((key, value));
        }
        self
    }
}
