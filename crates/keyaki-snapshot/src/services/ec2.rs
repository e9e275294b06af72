//! Amazon EC2 and Amazon VPC: the network and the instances on it.
//!
//! Field names follow the AWS CLI output exactly (`aws ec2 describe-*`); the typed structs
//! keep the fields keyaki's engines read, and every resource keeps its full raw JSON.

use std::collections::HashMap;
use std::path::PathBuf;

use keyaki_core::Region;
use serde::Deserialize;

use crate::common::{Tag, tag};
use crate::document::Document;
use crate::inventory::{InventoryItem, Scope};
use crate::resource::Resource;
use crate::source::Place;
use crate::{LoadError, Warning, WarningKind};

/// `{"CidrBlock": ...}` in a VPC's CIDR block association set.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CidrBlockAssociation {
    /// The IPv4 CIDR block.
    pub cidr_block: String,
    /// `associated`, `disassociated`, ...
    #[serde(default)]
    pub cidr_block_state: Option<BlockState>,
}

/// An IPv6 CIDR block association of a VPC or subnet.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6CidrBlockAssociation {
    /// The IPv6 CIDR block.
    pub ipv6_cidr_block: String,
    /// `associated`, `disassociated`, ... (`Ipv6CidrBlockState` on VPCs and subnets).
    #[serde(default, alias = "Ipv6CidrBlockState")]
    pub cidr_block_state: Option<BlockState>,
}

/// The state of a CIDR association.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct BlockState {
    /// The state name.
    pub state: String,
}

/// `aws ec2 describe-vpcs`: one VPC.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Vpc {
    /// `vpc-...`.
    pub vpc_id: String,
    /// The primary IPv4 CIDR block.
    pub cidr_block: String,
    /// All IPv4 CIDR blocks.
    #[serde(default)]
    pub cidr_block_association_set: Vec<CidrBlockAssociation>,
    /// IPv6 CIDR blocks.
    #[serde(default)]
    pub ipv6_cidr_block_association_set: Vec<Ipv6CidrBlockAssociation>,
    /// Whether this is the region's default VPC.
    #[serde(default)]
    pub is_default: bool,
    /// The owning account.
    #[serde(default)]
    pub owner_id: Option<String>,
    /// `available` or `pending`.
    #[serde(default)]
    pub state: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `aws ec2 describe-subnets`: one subnet.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Subnet {
    /// `subnet-...`.
    pub subnet_id: String,
    /// The VPC.
    pub vpc_id: String,
    /// The IPv4 CIDR block (absent for IPv6-only subnets).
    #[serde(default)]
    pub cidr_block: Option<String>,
    /// IPv6 CIDR blocks.
    #[serde(default)]
    pub ipv6_cidr_block_association_set: Vec<Ipv6CidrBlockAssociation>,
    /// The availability zone, such as `us-east-1a`.
    #[serde(default)]
    pub availability_zone: Option<String>,
    /// Whether instances launched here get a public IPv4 address.
    #[serde(default)]
    pub map_public_ip_on_launch: bool,
    /// The owning account.
    #[serde(default)]
    pub owner_id: Option<String>,
    /// The subnet's ARN.
    #[serde(default)]
    pub subnet_arn: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// A route table's association with a subnet, a gateway (edge association), or the VPC
/// (the main route table).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTableAssociation {
    /// Whether this is the VPC's main route table.
    #[serde(default)]
    pub main: bool,
    /// The associated subnet.
    #[serde(default)]
    pub subnet_id: Option<String>,
    /// The associated gateway, for gateway route tables (edge association).
    #[serde(default)]
    pub gateway_id: Option<String>,
    /// The association id.
    #[serde(default)]
    pub route_table_association_id: Option<String>,
    /// `associated`, `disassociated`, ...
    #[serde(default)]
    pub association_state: Option<BlockState>,
}

/// One route: a destination and exactly one target.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct Route {
    pub destination_cidr_block: Option<String>,
    pub destination_ipv6_cidr_block: Option<String>,
    pub destination_prefix_list_id: Option<String>,
    /// An internet gateway, virtual private gateway, `local`, or a gateway VPC endpoint.
    pub gateway_id: Option<String>,
    pub nat_gateway_id: Option<String>,
    pub instance_id: Option<String>,
    pub network_interface_id: Option<String>,
    pub vpc_peering_connection_id: Option<String>,
    pub transit_gateway_id: Option<String>,
    pub egress_only_internet_gateway_id: Option<String>,
    pub local_gateway_id: Option<String>,
    pub carrier_gateway_id: Option<String>,
    pub core_network_arn: Option<String>,
    /// `CreateRouteTable`, `CreateRoute` or `EnableVgwRoutePropagation`.
    pub origin: Option<String>,
    /// `active` or `blackhole`.
    pub state: Option<String>,
}

/// `aws ec2 describe-route-tables`: one route table.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTable {
    /// `rtb-...`.
    pub route_table_id: String,
    /// The VPC.
    pub vpc_id: String,
    /// Associations with subnets and gateways.
    #[serde(default)]
    pub associations: Vec<RouteTableAssociation>,
    /// The routes.
    #[serde(default)]
    pub routes: Vec<Route>,
    /// The owning account.
    #[serde(default)]
    pub owner_id: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// An attachment of a gateway to a VPC.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GatewayAttachment {
    /// The VPC.
    pub vpc_id: String,
    /// `available`/`attached`, `attaching`, ...
    #[serde(default)]
    pub state: Option<String>,
}

/// `aws ec2 describe-internet-gateways`: one internet gateway.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGateway {
    /// `igw-...`.
    pub internet_gateway_id: String,
    /// The VPCs it is attached to (at most one).
    #[serde(default)]
    pub attachments: Vec<GatewayAttachment>,
    /// The owning account.
    #[serde(default)]
    pub owner_id: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `aws ec2 describe-egress-only-internet-gateways`: one egress-only internet gateway.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct EgressOnlyInternetGateway {
    /// `eigw-...`.
    pub egress_only_internet_gateway_id: String,
    /// The VPC it is attached to.
    #[serde(default)]
    pub attachments: Vec<GatewayAttachment>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// An address of a NAT gateway.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct NatGatewayAddress {
    pub allocation_id: Option<String>,
    pub network_interface_id: Option<String>,
    pub private_ip: Option<String>,
    pub public_ip: Option<String>,
    pub is_primary: Option<bool>,
}

/// `aws ec2 describe-nat-gateways`: one NAT gateway.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NatGateway {
    /// `nat-...`.
    pub nat_gateway_id: String,
    /// The VPC.
    #[serde(default)]
    pub vpc_id: Option<String>,
    /// The subnet it sits in.
    #[serde(default)]
    pub subnet_id: Option<String>,
    /// `pending`, `available`, `deleting`, `deleted`, `failed`.
    #[serde(default)]
    pub state: Option<String>,
    /// `public` or `private`; `public` when absent (older outputs).
    #[serde(default)]
    pub connectivity_type: Option<String>,
    /// Its addresses.
    #[serde(default)]
    pub nat_gateway_addresses: Vec<NatGatewayAddress>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// An IPv4 range in a security group rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpRange {
    /// The CIDR.
    pub cidr_ip: String,
    /// The rule description.
    #[serde(default)]
    pub description: Option<String>,
}

/// An IPv6 range in a security group rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6Range {
    /// The CIDR.
    pub cidr_ipv6: String,
    /// The rule description.
    #[serde(default)]
    pub description: Option<String>,
}

/// A prefix list in a security group rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrefixListRef {
    /// `pl-...`.
    pub prefix_list_id: String,
    /// The rule description.
    #[serde(default)]
    pub description: Option<String>,
}

/// A security group referenced by a rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct UserIdGroupPair {
    pub group_id: Option<String>,
    pub group_name: Option<String>,
    pub user_id: Option<String>,
    pub vpc_id: Option<String>,
    pub vpc_peering_connection_id: Option<String>,
    pub peering_status: Option<String>,
    pub description: Option<String>,
}

/// One rule of a security group (`IpPermissions` / `IpPermissionsEgress`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpPermission {
    /// `tcp`, `udp`, `icmp`, `icmpv6`, `-1` (all) or a protocol number, as text.
    pub ip_protocol: String,
    /// First port, or ICMP type; absent for all protocols.
    #[serde(default)]
    pub from_port: Option<i32>,
    /// Last port, or ICMP code.
    #[serde(default)]
    pub to_port: Option<i32>,
    /// IPv4 sources or destinations.
    #[serde(default)]
    pub ip_ranges: Vec<IpRange>,
    /// IPv6 sources or destinations.
    #[serde(default)]
    pub ipv6_ranges: Vec<Ipv6Range>,
    /// Prefix lists.
    #[serde(default)]
    pub prefix_list_ids: Vec<PrefixListRef>,
    /// Referenced security groups.
    #[serde(default)]
    pub user_id_group_pairs: Vec<UserIdGroupPair>,
}

/// `aws ec2 describe-security-groups`: one security group.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecurityGroup {
    /// `sg-...`.
    pub group_id: String,
    /// The name.
    pub group_name: String,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The VPC.
    #[serde(default)]
    pub vpc_id: Option<String>,
    /// The owning account.
    #[serde(default)]
    pub owner_id: Option<String>,
    /// Inbound rules.
    #[serde(default)]
    pub ip_permissions: Vec<IpPermission>,
    /// Outbound rules.
    #[serde(default)]
    pub ip_permissions_egress: Vec<IpPermission>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// An ICMP type and code in a network ACL entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct IcmpTypeCode {
    pub code: Option<i32>,
    #[serde(rename = "Type")]
    pub kind: Option<i32>,
}

/// A port range in a network ACL entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct PortRange {
    pub from: Option<i32>,
    pub to: Option<i32>,
}

/// One numbered rule of a network ACL.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAclEntry {
    /// Rules are evaluated in increasing number; 32767 is the default deny.
    pub rule_number: i32,
    /// A protocol number as text, or `-1` for all.
    pub protocol: String,
    /// `allow` or `deny`.
    pub rule_action: String,
    /// Whether the rule applies to outbound traffic.
    pub egress: bool,
    /// IPv4 CIDR.
    #[serde(default)]
    pub cidr_block: Option<String>,
    /// IPv6 CIDR.
    #[serde(default)]
    pub ipv6_cidr_block: Option<String>,
    /// ICMP type and code, for ICMP rules.
    #[serde(default)]
    pub icmp_type_code: Option<IcmpTypeCode>,
    /// Ports, for TCP and UDP rules.
    #[serde(default)]
    pub port_range: Option<PortRange>,
}

/// A network ACL's association with a subnet.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct NetworkAclAssociation {
    pub subnet_id: String,
    pub network_acl_association_id: Option<String>,
    pub network_acl_id: Option<String>,
}

/// `aws ec2 describe-network-acls`: one network ACL.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkAcl {
    /// `acl-...`.
    pub network_acl_id: String,
    /// The VPC.
    pub vpc_id: String,
    /// Whether this is the VPC's default network ACL.
    #[serde(default)]
    pub is_default: bool,
    /// The rules, inbound and outbound.
    #[serde(default)]
    pub entries: Vec<NetworkAclEntry>,
    /// The subnets it applies to.
    #[serde(default)]
    pub associations: Vec<NetworkAclAssociation>,
    /// The owning account.
    #[serde(default)]
    pub owner_id: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// A public address associated with an ENI or one of its private addresses.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct IpAssociation {
    pub public_ip: Option<String>,
    pub public_dns_name: Option<String>,
    pub ip_owner_id: Option<String>,
    pub allocation_id: Option<String>,
    pub association_id: Option<String>,
    pub carrier_ip: Option<String>,
}

/// A private IPv4 address of an ENI.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct PrivateIpAddress {
    pub private_ip_address: String,
    #[serde(default)]
    pub primary: bool,
    pub private_dns_name: Option<String>,
    pub association: Option<IpAssociation>,
}

/// An IPv6 address of an ENI.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct Ipv6Address {
    pub ipv6_address: String,
}

/// A security group on an ENI or instance.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct GroupIdentifier {
    pub group_id: String,
    pub group_name: Option<String>,
}

/// An ENI's attachment to an instance (or another owner).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct EniAttachment {
    pub attachment_id: Option<String>,
    pub instance_id: Option<String>,
    pub instance_owner_id: Option<String>,
    pub device_index: Option<i32>,
    pub status: Option<String>,
    pub delete_on_termination: Option<bool>,
}

/// `aws ec2 describe-network-interfaces`: one elastic network interface (ENI).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkInterface {
    /// `eni-...`.
    pub network_interface_id: String,
    /// The subnet.
    pub subnet_id: String,
    /// The VPC.
    pub vpc_id: String,
    /// The availability zone.
    #[serde(default)]
    pub availability_zone: Option<String>,
    /// What the ENI is for (`ELB app/web-alb/...`, `RDSNetworkInterface`, ...).
    #[serde(default)]
    pub description: Option<String>,
    /// `interface`, `nat_gateway`, `network_load_balancer`, `vpc_endpoint`, `lambda`, ...
    #[serde(default)]
    pub interface_type: Option<String>,
    /// The account that owns the ENI.
    #[serde(default)]
    pub owner_id: Option<String>,
    /// The service that created it, for requester-managed ENIs.
    #[serde(default)]
    pub requester_id: Option<String>,
    /// Whether an AWS service manages it.
    #[serde(default)]
    pub requester_managed: bool,
    /// `available`, `in-use`, ...
    #[serde(default)]
    pub status: Option<String>,
    /// The primary private IPv4 address.
    #[serde(default)]
    pub private_ip_address: Option<String>,
    /// All private IPv4 addresses, each with its public address if any.
    #[serde(default)]
    pub private_ip_addresses: Vec<PrivateIpAddress>,
    /// IPv6 addresses.
    #[serde(default)]
    pub ipv6_addresses: Vec<Ipv6Address>,
    /// The public address of the primary private address.
    #[serde(default)]
    pub association: Option<IpAssociation>,
    /// The attachment.
    #[serde(default)]
    pub attachment: Option<EniAttachment>,
    /// Security groups.
    #[serde(default)]
    pub groups: Vec<GroupIdentifier>,
    /// Whether source/destination checking is on (off for NAT instances and appliances).
    #[serde(default = "yes")]
    pub source_dest_check: bool,
    /// Tags (`TagSet` in this output).
    #[serde(default, rename = "TagSet")]
    pub tags: Vec<Tag>,
}

fn yes() -> bool {
    true
}

/// An instance's state.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct InstanceState {
    pub code: Option<i32>,
    pub name: String,
}

/// An instance profile on an instance.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct IamInstanceProfileRef {
    pub arn: String,
    pub id: Option<String>,
}

/// The instance metadata service settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetadataOptions {
    /// `optional` (IMDSv1 allowed) or `required` (IMDSv2 only).
    #[serde(default)]
    pub http_tokens: Option<String>,
    /// `enabled` or `disabled`.
    #[serde(default)]
    pub http_endpoint: Option<String>,
    /// The hop limit of the metadata response.
    #[serde(default)]
    pub http_put_response_hop_limit: Option<i32>,
}

/// An ENI as described inside `describe-instances`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct InstanceNetworkInterface {
    pub network_interface_id: String,
    pub subnet_id: Option<String>,
    pub vpc_id: Option<String>,
    pub private_ip_address: Option<String>,
    #[serde(default)]
    pub groups: Vec<GroupIdentifier>,
    pub association: Option<IpAssociation>,
    pub attachment: Option<EniAttachment>,
}

/// The placement of an instance.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct Placement {
    pub availability_zone: Option<String>,
}

/// An EBS volume mapped to an instance.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct BlockDeviceMapping {
    pub device_name: Option<String>,
    pub ebs: Option<EbsInstanceBlockDevice>,
}

/// The EBS part of a block device mapping.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct EbsInstanceBlockDevice {
    pub volume_id: Option<String>,
    pub status: Option<String>,
}

/// One EC2 instance, from `aws ec2 describe-instances` (`Reservations[].Instances[]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Instance {
    /// `i-...`.
    pub instance_id: String,
    /// Such as `t3.small`.
    #[serde(default)]
    pub instance_type: Option<String>,
    /// The AMI.
    #[serde(default)]
    pub image_id: Option<String>,
    /// Running, stopped, ...
    #[serde(default)]
    pub state: Option<InstanceState>,
    /// The subnet of the primary ENI.
    #[serde(default)]
    pub subnet_id: Option<String>,
    /// The VPC.
    #[serde(default)]
    pub vpc_id: Option<String>,
    /// The primary private IPv4 address.
    #[serde(default)]
    pub private_ip_address: Option<String>,
    /// The public IPv4 address, if any.
    #[serde(default)]
    pub public_ip_address: Option<String>,
    /// The instance profile, if any.
    #[serde(default)]
    pub iam_instance_profile: Option<IamInstanceProfileRef>,
    /// Security groups of the primary ENI.
    #[serde(default)]
    pub security_groups: Vec<GroupIdentifier>,
    /// All ENIs.
    #[serde(default)]
    pub network_interfaces: Vec<InstanceNetworkInterface>,
    /// The metadata service settings.
    #[serde(default)]
    pub metadata_options: Option<MetadataOptions>,
    /// Placement.
    #[serde(default)]
    pub placement: Option<Placement>,
    /// The SSH key pair.
    #[serde(default)]
    pub key_name: Option<String>,
    /// `windows` for Windows instances.
    #[serde(default)]
    pub platform: Option<String>,
    /// When it was launched.
    #[serde(default)]
    pub launch_time: Option<String>,
    /// EBS volumes.
    #[serde(default)]
    pub block_device_mappings: Vec<BlockDeviceMapping>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// One reservation of `describe-instances`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Reservation {
    #[serde(default)]
    owner_id: Option<String>,
    #[serde(default)]
    instances: Vec<serde::de::IgnoredAny>,
}

/// `aws ec2 describe-addresses`: one Elastic IP address.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct Address {
    pub public_ip: String,
    pub allocation_id: Option<String>,
    pub association_id: Option<String>,
    pub domain: Option<String>,
    pub instance_id: Option<String>,
    pub network_interface_id: Option<String>,
    pub network_interface_owner_id: Option<String>,
    pub private_ip_address: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `aws ec2 describe-managed-prefix-lists`: one managed prefix list, with its entries from
/// `aws ec2 get-managed-prefix-list-entries` when the snapshot has them; or an AWS-managed
/// prefix list from `aws ec2 describe-prefix-lists` (`Cidrs`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrefixList {
    /// `pl-...`.
    pub prefix_list_id: String,
    /// The name, such as `com.amazonaws.us-east-1.s3`.
    #[serde(default)]
    pub prefix_list_name: Option<String>,
    /// `IPv4` or `IPv6`.
    #[serde(default)]
    pub address_family: Option<String>,
    /// The owner: an account id, or `AWS`.
    #[serde(default)]
    pub owner_id: Option<String>,
    /// The ARN.
    #[serde(default)]
    pub prefix_list_arn: Option<String>,
    /// The CIDRs (`describe-prefix-lists`).
    #[serde(default)]
    pub cidrs: Vec<String>,
    /// The entries (`get-managed-prefix-list-entries`), filled in by the loader.
    #[serde(skip)]
    pub entries: Vec<PrefixListEntry>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// One entry of a managed prefix list.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct PrefixListEntry {
    pub cidr: String,
    pub description: Option<String>,
}

/// `aws ec2 describe-vpc-endpoints`: one VPC endpoint.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcEndpoint {
    /// `vpce-...`.
    pub vpc_endpoint_id: String,
    /// `Gateway`, `Interface`, `GatewayLoadBalancer`, ...
    #[serde(default)]
    pub vpc_endpoint_type: Option<String>,
    /// The VPC.
    pub vpc_id: String,
    /// Such as `com.amazonaws.us-east-1.s3`.
    pub service_name: String,
    /// The endpoint policy, a JSON document as a string.
    #[serde(default)]
    pub policy_document: Option<String>,
    /// Route tables of a gateway endpoint.
    #[serde(default)]
    pub route_table_ids: Vec<String>,
    /// Subnets of an interface endpoint.
    #[serde(default)]
    pub subnet_ids: Vec<String>,
    /// ENIs of an interface endpoint.
    #[serde(default)]
    pub network_interface_ids: Vec<String>,
    /// Security groups of an interface endpoint.
    #[serde(default)]
    pub groups: Vec<GroupIdentifier>,
    /// `available`, ...
    #[serde(default)]
    pub state: Option<String>,
    /// The owning account.
    #[serde(default)]
    pub owner_id: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// One side of a VPC peering connection.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct PeeringVpcInfo {
    pub vpc_id: Option<String>,
    pub owner_id: Option<String>,
    pub region: Option<String>,
    pub cidr_block: Option<String>,
    #[serde(default)]
    pub cidr_block_set: Vec<PeeringCidr>,
    #[serde(default)]
    pub ipv6_cidr_block_set: Vec<PeeringIpv6Cidr>,
}

/// An IPv4 CIDR of a peered VPC.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct PeeringCidr {
    pub cidr_block: String,
}

/// An IPv6 CIDR of a peered VPC.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct PeeringIpv6Cidr {
    pub ipv6_cidr_block: String,
}

/// The status of a peering connection.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct PeeringStatus {
    pub code: String,
    pub message: Option<String>,
}

/// `aws ec2 describe-vpc-peering-connections`: one VPC peering connection.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct VpcPeeringConnection {
    pub vpc_peering_connection_id: String,
    pub accepter_vpc_info: Option<PeeringVpcInfo>,
    pub requester_vpc_info: Option<PeeringVpcInfo>,
    pub status: Option<PeeringStatus>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `aws ec2 describe-transit-gateways`: one transit gateway.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct TransitGateway {
    pub transit_gateway_id: String,
    pub transit_gateway_arn: Option<String>,
    pub owner_id: Option<String>,
    pub state: Option<String>,
    pub options: Option<TransitGatewayOptions>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// A transit gateway's options.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct TransitGatewayOptions {
    pub default_route_table_association: Option<String>,
    pub default_route_table_propagation: Option<String>,
    pub association_default_route_table_id: Option<String>,
    pub propagation_default_route_table_id: Option<String>,
}

/// `aws ec2 describe-transit-gateway-attachments`: one attachment (VPC, VPN, peering, ...).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct TransitGatewayAttachment {
    pub transit_gateway_attachment_id: String,
    pub transit_gateway_id: Option<String>,
    pub transit_gateway_owner_id: Option<String>,
    pub resource_owner_id: Option<String>,
    /// `vpc`, `vpn`, `direct-connect-gateway`, `peering`, `connect`, ...
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    pub state: Option<String>,
    pub association: Option<TransitGatewayAssociation>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// The route table an attachment is associated with.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct TransitGatewayAssociation {
    pub transit_gateway_route_table_id: Option<String>,
    pub state: Option<String>,
}

/// `aws ec2 describe-transit-gateway-vpc-attachments`: a VPC attachment with its subnets
/// and options (appliance mode).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct TransitGatewayVpcAttachment {
    pub transit_gateway_attachment_id: String,
    pub transit_gateway_id: Option<String>,
    pub vpc_id: Option<String>,
    pub vpc_owner_id: Option<String>,
    pub state: Option<String>,
    #[serde(default)]
    pub subnet_ids: Vec<String>,
    /// `Options`; fields keyaki does not use stay in the file's JSON.
    pub options: Option<TransitGatewayVpcAttachmentOptions>,
}

/// The `Options` of a transit gateway VPC attachment. Each is `enable` or `disable`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TransitGatewayVpcAttachmentOptions {
    /// `ApplianceModeSupport`: when `enable`, the transit gateway keeps both directions of a
    /// flow on one attachment subnet (one availability zone) of this VPC.
    pub appliance_mode_support: Option<String>,
    /// `DnsSupport`.
    pub dns_support: Option<String>,
    /// `Ipv6Support`.
    pub ipv6_support: Option<String>,
}

impl TransitGatewayVpcAttachmentOptions {
    /// Whether appliance mode is on (`ApplianceModeSupport` is `enable`).
    pub fn appliance_mode(&self) -> bool {
        self.appliance_mode_support.as_deref() == Some("enable")
    }
}

impl TransitGatewayVpcAttachment {
    /// Whether appliance mode is on for this attachment (off when `Options` is absent).
    pub fn appliance_mode(&self) -> bool {
        self.options
            .as_ref()
            .is_some_and(TransitGatewayVpcAttachmentOptions::appliance_mode)
    }
}

/// `aws ec2 describe-transit-gateway-route-tables`: one transit gateway route table, with
/// its routes (`search-transit-gateway-routes`) and propagations when the snapshot has them.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct TransitGatewayRouteTable {
    pub transit_gateway_route_table_id: String,
    pub transit_gateway_id: Option<String>,
    pub state: Option<String>,
    #[serde(default)]
    pub default_association_route_table: bool,
    #[serde(default)]
    pub default_propagation_route_table: bool,
    /// Routes, filled in by the loader.
    #[serde(skip)]
    pub routes: Vec<TransitGatewayRoute>,
    /// Propagations, filled in by the loader.
    #[serde(skip)]
    pub propagations: Vec<TransitGatewayPropagation>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// One route of a transit gateway route table.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct TransitGatewayRoute {
    pub destination_cidr_block: Option<String>,
    pub prefix_list_id: Option<String>,
    /// `static` or `propagated`.
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    /// `active` or `blackhole`.
    pub state: Option<String>,
    #[serde(default)]
    pub transit_gateway_attachments: Vec<TransitGatewayRouteAttachment>,
}

/// The attachment a transit gateway route points at.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct TransitGatewayRouteAttachment {
    pub transit_gateway_attachment_id: Option<String>,
    pub resource_id: Option<String>,
    pub resource_type: Option<String>,
}

/// A propagation into a transit gateway route table.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct TransitGatewayPropagation {
    pub transit_gateway_attachment_id: Option<String>,
    pub resource_id: Option<String>,
    pub resource_type: Option<String>,
    pub state: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RouteTableRoutes {
    transit_gateway_route_table_id: String,
    #[serde(default)]
    routes: Vec<TransitGatewayRoute>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RouteTablePropagations {
    transit_gateway_route_table_id: String,
    #[serde(default)]
    transit_gateway_route_table_propagations: Vec<TransitGatewayPropagation>,
}

/// `aws ec2 describe-flow-logs`: one flow log.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct FlowLog {
    pub flow_log_id: String,
    /// The VPC, subnet or ENI it records.
    pub resource_id: Option<String>,
    /// `ACCEPT`, `REJECT` or `ALL`.
    pub traffic_type: Option<String>,
    pub log_destination_type: Option<String>,
    pub log_destination: Option<String>,
    pub log_group_name: Option<String>,
    pub log_format: Option<String>,
    pub flow_log_status: Option<String>,
    pub deliver_logs_status: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// `aws ec2 get-ebs-encryption-by-default`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct EbsEncryptionByDefault {
    pub ebs_encryption_by_default: bool,
    pub sse_type: Option<String>,
}

/// `aws ec2 describe-volumes`: one EBS volume.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct Volume {
    pub volume_id: String,
    pub size: Option<i64>,
    pub volume_type: Option<String>,
    #[serde(default)]
    pub encrypted: bool,
    pub kms_key_id: Option<String>,
    pub state: Option<String>,
    pub availability_zone: Option<String>,
    #[serde(default)]
    pub attachments: Vec<VolumeAttachment>,
    pub snapshot_id: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// A volume's attachment to an instance.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct VolumeAttachment {
    pub instance_id: Option<String>,
    pub device: Option<String>,
    pub state: Option<String>,
}

/// `aws ec2 describe-snapshots --owner-ids self`: one EBS snapshot.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct Snapshot {
    pub snapshot_id: String,
    pub volume_id: Option<String>,
    pub state: Option<String>,
    pub owner_id: Option<String>,
    #[serde(default)]
    pub encrypted: bool,
    pub start_time: Option<String>,
}

/// One entry of a snapshot's `createVolumePermission` attribute: `Group` `all` makes the
/// snapshot public, `UserId` shares it with one account.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct CreateVolumePermission {
    pub group: Option<String>,
    pub user_id: Option<String>,
}

/// `aws ec2 describe-snapshot-attribute --attribute createVolumePermission`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct SnapshotAttribute {
    pub snapshot_id: String,
    #[serde(default)]
    pub create_volume_permissions: Vec<CreateVolumePermission>,
}

/// The state of one tunnel of a Site-to-Site VPN connection.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct VgwTelemetry {
    pub outside_ip_address: Option<String>,
    pub status: Option<String>,
    pub status_message: Option<String>,
}

/// `aws ec2 describe-vpn-connections`: one Site-to-Site VPN connection.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct VpnConnection {
    pub vpn_connection_id: String,
    pub state: Option<String>,
    pub vpn_gateway_id: Option<String>,
    pub transit_gateway_id: Option<String>,
    pub customer_gateway_id: Option<String>,
    #[serde(default)]
    pub vgw_telemetry: Vec<VgwTelemetry>,
}

/// `aws ec2 describe-launch-template-versions --versions '$Default'`: one launch template
/// version; its `LaunchTemplateData` is in the raw JSON.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(missing_docs)]
pub struct LaunchTemplateVersion {
    pub launch_template_id: String,
    pub launch_template_name: Option<String>,
    pub version_number: Option<i64>,
    pub default_version: Option<bool>,
}

/// What one EC2 file holds.
#[derive(Debug)]
#[allow(missing_docs)]
pub enum Output {
    Snapshots(Vec<Resource<Snapshot>>),
    SnapshotAttribute(Box<Resource<SnapshotAttribute>>),
    VpnConnections(Vec<Resource<VpnConnection>>),
    LaunchTemplateVersions(Vec<Resource<LaunchTemplateVersion>>),
    Vpcs(Vec<Resource<Vpc>>),
    Subnets(Vec<Resource<Subnet>>),
    RouteTables(Vec<Resource<RouteTable>>),
    InternetGateways(Vec<Resource<InternetGateway>>),
    EgressOnlyInternetGateways(Vec<Resource<EgressOnlyInternetGateway>>),
    NatGateways(Vec<Resource<NatGateway>>),
    SecurityGroups(Vec<Resource<SecurityGroup>>),
    NetworkAcls(Vec<Resource<NetworkAcl>>),
    NetworkInterfaces(Vec<Resource<NetworkInterface>>),
    /// Instances, each with its reservation's owner.
    Instances(Vec<(Option<String>, Resource<Instance>)>),
    Addresses(Vec<Resource<Address>>),
    PrefixLists(Vec<Resource<PrefixList>>),
    /// `get-managed-prefix-list-entries`, for the prefix list named by the folder.
    PrefixListEntries {
        prefix_list_id: Option<String>,
        entries: Vec<PrefixListEntry>,
    },
    VpcEndpoints(Vec<Resource<VpcEndpoint>>),
    VpcPeeringConnections(Vec<Resource<VpcPeeringConnection>>),
    TransitGateways(Vec<Resource<TransitGateway>>),
    TransitGatewayAttachments(Vec<Resource<TransitGatewayAttachment>>),
    TransitGatewayVpcAttachments(Vec<Resource<TransitGatewayVpcAttachment>>),
    TransitGatewayRouteTables(Vec<Resource<TransitGatewayRouteTable>>),
    /// Routes by route table id (`search-transit-gateway-routes` in the table's folder, or
    /// the `TransitGatewayStaticRoutes` file of network snapshots).
    TransitGatewayRoutes(Vec<(Option<String>, Vec<TransitGatewayRoute>)>),
    TransitGatewayPropagations(Vec<(String, Vec<TransitGatewayPropagation>)>),
    FlowLogs(Vec<Resource<FlowLog>>),
    EbsEncryptionByDefault(Resource<EbsEncryptionByDefault>),
    Volumes(Vec<Resource<Volume>>),
}

/// Amazon EC2 and Amazon VPC resources of one region.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
#[allow(missing_docs)]
pub struct Ec2 {
    pub vpcs: Vec<Resource<Vpc>>,
    pub subnets: Vec<Resource<Subnet>>,
    pub route_tables: Vec<Resource<RouteTable>>,
    pub internet_gateways: Vec<Resource<InternetGateway>>,
    pub egress_only_internet_gateways: Vec<Resource<EgressOnlyInternetGateway>>,
    pub nat_gateways: Vec<Resource<NatGateway>>,
    pub security_groups: Vec<Resource<SecurityGroup>>,
    pub network_acls: Vec<Resource<NetworkAcl>>,
    pub network_interfaces: Vec<Resource<NetworkInterface>>,
    pub instances: Vec<Resource<Instance>>,
    pub addresses: Vec<Resource<Address>>,
    pub prefix_lists: Vec<Resource<PrefixList>>,
    pub vpc_endpoints: Vec<Resource<VpcEndpoint>>,
    pub vpc_peering_connections: Vec<Resource<VpcPeeringConnection>>,
    pub transit_gateways: Vec<Resource<TransitGateway>>,
    pub transit_gateway_attachments: Vec<Resource<TransitGatewayAttachment>>,
    pub transit_gateway_vpc_attachments: Vec<Resource<TransitGatewayVpcAttachment>>,
    pub transit_gateway_route_tables: Vec<Resource<TransitGatewayRouteTable>>,
    pub flow_logs: Vec<Resource<FlowLog>>,
    pub ebs_encryption_by_default: Option<Resource<EbsEncryptionByDefault>>,
    pub volumes: Vec<Resource<Volume>>,
    /// EBS snapshots the account owns.
    pub snapshots: Vec<Resource<Snapshot>>,
    /// `createVolumePermission` attributes of EBS snapshots.
    pub snapshot_attributes: Vec<Resource<SnapshotAttribute>>,
    /// Site-to-Site VPN connections.
    pub vpn_connections: Vec<Resource<VpnConnection>>,
    /// Launch template versions (the default version of each template).
    pub launch_template_versions: Vec<Resource<LaunchTemplateVersion>>,
    /// Positions by id, for every list above.
    index: HashMap<String, usize>,
    /// Routes and propagations that arrived before their route table.
    pending_routes: Vec<(PathBuf, String, Vec<TransitGatewayRoute>)>,
    pending_propagations: Vec<(PathBuf, String, Vec<TransitGatewayPropagation>)>,
    pending_entries: Vec<(PathBuf, String, Vec<PrefixListEntry>)>,
}

fn list<T: serde::de::DeserializeOwned>(
    doc: &Document<'_>,
    key: &str,
) -> Result<Vec<Resource<T>>, Vec<LoadError>> {
    doc.list(key)
}

pub(crate) fn recognize(doc: &Document<'_>) -> Option<Result<Output, Vec<LoadError>>> {
    // Every describe-* output may carry a NextToken when it was saved page by page.
    const PAGE: &[&str] = &["NextToken"];
    let one = |key: &str| doc.is(key, PAGE);
    let result = if one("Vpcs") {
        list(doc, "Vpcs").map(Output::Vpcs)
    } else if one("Subnets") {
        list(doc, "Subnets").map(Output::Subnets)
    } else if one("RouteTables") {
        list(doc, "RouteTables").map(Output::RouteTables)
    } else if one("InternetGateways") {
        list(doc, "InternetGateways").map(Output::InternetGateways)
    } else if one("EgressOnlyInternetGateways") {
        list(doc, "EgressOnlyInternetGateways").map(Output::EgressOnlyInternetGateways)
    } else if one("NatGateways") {
        list(doc, "NatGateways").map(Output::NatGateways)
    } else if one("SecurityGroups") {
        list(doc, "SecurityGroups").map(Output::SecurityGroups)
    } else if one("NetworkAcls") {
        list(doc, "NetworkAcls").map(Output::NetworkAcls)
    } else if one("NetworkInterfaces") {
        list(doc, "NetworkInterfaces").map(Output::NetworkInterfaces)
    } else if one("Reservations") {
        instances(doc)
    } else if one("Addresses") {
        list(doc, "Addresses").map(Output::Addresses)
    } else if one("PrefixLists") {
        list(doc, "PrefixLists").map(Output::PrefixLists)
    } else if one("Entries") && doc.place().service.as_deref().is_none_or(|s| s == "ec2") {
        list::<PrefixListEntry>(doc, "Entries").map(|entries| Output::PrefixListEntries {
            prefix_list_id: doc.place().resource.clone(),
            entries: entries.into_iter().map(|e| e.data).collect(),
        })
    } else if one("VpcEndpoints") {
        list(doc, "VpcEndpoints").map(Output::VpcEndpoints)
    } else if one("VpcPeeringConnections") {
        list(doc, "VpcPeeringConnections").map(Output::VpcPeeringConnections)
    } else if one("TransitGateways") {
        list(doc, "TransitGateways").map(Output::TransitGateways)
    } else if one("TransitGatewayAttachments") {
        list(doc, "TransitGatewayAttachments").map(Output::TransitGatewayAttachments)
    } else if one("TransitGatewayVpcAttachments") {
        list(doc, "TransitGatewayVpcAttachments").map(Output::TransitGatewayVpcAttachments)
    } else if one("TransitGatewayRouteTables") {
        list(doc, "TransitGatewayRouteTables").map(Output::TransitGatewayRouteTables)
    } else if doc.is("Routes", &["AdditionalRoutesAvailable"]) {
        // search-transit-gateway-routes, saved in the route table's folder.
        list::<TransitGatewayRoute>(doc, "Routes").map(|routes| {
            Output::TransitGatewayRoutes(vec![(
                doc.place().resource.clone(),
                routes.into_iter().map(|r| r.data).collect(),
            )])
        })
    } else if one("TransitGatewayStaticRoutes") {
        list::<RouteTableRoutes>(doc, "TransitGatewayStaticRoutes").map(|tables| {
            Output::TransitGatewayRoutes(
                tables
                    .into_iter()
                    .map(|t| (Some(t.data.transit_gateway_route_table_id), t.data.routes))
                    .collect(),
            )
        })
    } else if one("TransitGatewayPropagations") && doc.place().resource.is_none() {
        list::<RouteTablePropagations>(doc, "TransitGatewayPropagations").map(|tables| {
            Output::TransitGatewayPropagations(
                tables
                    .into_iter()
                    .map(|t| {
                        (
                            t.data.transit_gateway_route_table_id,
                            t.data.transit_gateway_route_table_propagations,
                        )
                    })
                    .collect(),
            )
        })
    } else if one("TransitGatewayRouteTablePropagations") {
        // get-transit-gateway-route-table-propagations, saved in the route table's folder.
        let table = doc.place().resource.clone().unwrap_or_default();
        list::<TransitGatewayPropagation>(doc, "TransitGatewayRouteTablePropagations").map(|p| {
            Output::TransitGatewayPropagations(vec![(
                table,
                p.into_iter().map(|r| r.data).collect(),
            )])
        })
    } else if one("FlowLogs") {
        list(doc, "FlowLogs").map(Output::FlowLogs)
    } else if doc.is("EbsEncryptionByDefault", &["SseType"]) {
        doc.whole()
            .map(Output::EbsEncryptionByDefault)
            .map_err(|e| vec![e])
    } else if one("Volumes") {
        list(doc, "Volumes").map(Output::Volumes)
    } else if one("Snapshots") && doc.place().service.as_deref().is_none_or(|s| s == "ec2") {
        list(doc, "Snapshots").map(Output::Snapshots)
    } else if doc.is("CreateVolumePermissions", &["SnapshotId"]) && doc.has("SnapshotId") {
        doc.whole()
            .map(|a| Output::SnapshotAttribute(Box::new(a)))
            .map_err(|e| vec![e])
    } else if one("VpnConnections") {
        list(doc, "VpnConnections").map(Output::VpnConnections)
    } else if one("LaunchTemplateVersions") {
        list(doc, "LaunchTemplateVersions").map(Output::LaunchTemplateVersions)
    } else {
        return None;
    };
    Some(result)
}

fn instances(doc: &Document<'_>) -> Result<Output, Vec<LoadError>> {
    let reservations: Vec<Resource<Reservation>> = doc.list("Reservations")?;
    let nested: Vec<Vec<Resource<Instance>>> = doc.nested("Reservations", "Instances")?;
    let mut out = Vec::new();
    for (reservation, instances) in reservations.iter().zip(nested) {
        debug_assert!(reservation.instances.len() == instances.len());
        out.extend(
            instances
                .into_iter()
                .map(|i| (reservation.owner_id.clone(), i)),
        );
    }
    Ok(Output::Instances(out))
}

impl Output {
    pub(crate) fn region_hint(&self) -> Option<Region> {
        let zone = |z: &Option<String>| z.as_deref().and_then(Region::from_availability_zone);
        match self {
            Output::Subnets(s) => s.iter().find_map(|s| zone(&s.availability_zone)),
            Output::NetworkInterfaces(e) => e.iter().find_map(|e| zone(&e.availability_zone)),
            Output::Instances(i) => i.iter().find_map(|(_, i)| {
                i.placement
                    .as_ref()
                    .and_then(|p| zone(&p.availability_zone))
            }),
            Output::Volumes(v) => v.iter().find_map(|v| zone(&v.availability_zone)),
            Output::PrefixLists(p) => p.iter().find_map(|p| {
                // AWS-managed lists are named `com.amazonaws.<region>.<service>`.
                p.prefix_list_name
                    .as_deref()?
                    .split('.')
                    .find_map(|part| Region::new(part).ok())
            }),
            Output::TransitGateways(t) => t.iter().find_map(|t| {
                t.transit_gateway_arn
                    .as_deref()?
                    .parse::<keyaki_core::Arn>()
                    .ok()?
                    .region()
                    .cloned()
            }),
            _ => None,
        }
    }

    pub(crate) fn owner_hints(&self, f: &mut dyn FnMut(&str)) {
        let mut each = |owner: &Option<String>| {
            if let Some(owner) = owner {
                f(owner);
            }
        };
        match self {
            Output::Vpcs(v) => v.iter().for_each(|v| each(&v.owner_id)),
            Output::Subnets(s) => s.iter().for_each(|s| each(&s.owner_id)),
            Output::SecurityGroups(s) => s.iter().for_each(|s| each(&s.owner_id)),
            Output::NetworkInterfaces(e) => e.iter().for_each(|e| each(&e.owner_id)),
            Output::Instances(i) => i.iter().for_each(|(owner, _)| each(owner)),
            _ => {}
        }
    }
}

/// Adds `items` to `list`, skipping ids already present (paginated outputs saved twice, or
/// overlapping pages) with a warning.
fn merge<T>(
    list: &mut Vec<Resource<T>>,
    index: &mut HashMap<String, usize>,
    items: Vec<Resource<T>>,
    id: impl Fn(&T) -> &str,
    warnings: &mut Vec<Warning>,
) {
    for item in items {
        let key = id(&item.data).to_owned();
        if let Some(&existing) = index.get(&key)
            && list.get(existing).is_some_and(|e| id(&e.data) == key)
        {
            warnings.push(Warning {
                path: item.origin.file.to_path_buf(),
                kind: WarningKind::Duplicate,
                message: format!(
                    "{key} at {} is already loaded from {}; the first is kept",
                    item.origin.json_path, list[existing].origin
                ),
            });
            continue;
        }
        index.insert(key, list.len());
        list.push(item);
    }
}

impl Ec2 {
    pub(crate) fn absorb(&mut self, output: Output, place: &Place, warnings: &mut Vec<Warning>) {
        // Each list has its own id space, so each keeps its own positions; the ids of
        // different resource types never collide (their prefixes differ).
        let ix = &mut self.index;
        match output {
            Output::Vpcs(items) => merge(&mut self.vpcs, ix, items, |v| &v.vpc_id, warnings),
            Output::Subnets(items) => merge(&mut self.subnets, ix, items, |v| &v.subnet_id, warnings),
            Output::RouteTables(items) => merge(&mut self.route_tables, ix, items, |v| &v.route_table_id, warnings),
            Output::InternetGateways(items) => merge(&mut self.internet_gateways, ix, items, |v| &v.internet_gateway_id, warnings),
            Output::EgressOnlyInternetGateways(items) => {
                merge(&mut self.egress_only_internet_gateways, ix, items, |v| &v.egress_only_internet_gateway_id, warnings)
            }
            Output::NatGateways(items) => merge(&mut self.nat_gateways, ix, items, |v| &v.nat_gateway_id, warnings),
            Output::SecurityGroups(items) => merge(&mut self.security_groups, ix, items, |v| &v.group_id, warnings),
            Output::NetworkAcls(items) => merge(&mut self.network_acls, ix, items, |v| &v.network_acl_id, warnings),
            Output::NetworkInterfaces(items) => merge(&mut self.network_interfaces, ix, items, |v| &v.network_interface_id, warnings),
            Output::Instances(items) => {
                merge(&mut self.instances, ix, items.into_iter().map(|(_, i)| i).collect(), |v| &v.instance_id, warnings)
            }
            Output::Addresses(items) => {
                // Elastic IPs have an allocation id in a VPC; EC2-Classic ones only the address.
                merge(&mut self.addresses, ix, items, |v| v.allocation_id.as_deref().unwrap_or(&v.public_ip), warnings)
            }
            Output::PrefixLists(items) => merge(&mut self.prefix_lists, ix, items, |v| &v.prefix_list_id, warnings),
            Output::PrefixListEntries { prefix_list_id, entries } => match prefix_list_id {
                Some(id) => self.pending_entries.push((place.file(), id, entries)),
                None => warnings.push(Warning {
                    path: place.file(),
                    kind: WarningKind::Location,
                    message: "get-managed-prefix-list-entries output outside a folder named after its prefix list; skipped".into(),
                }),
            },
            Output::VpcEndpoints(items) => merge(&mut self.vpc_endpoints, ix, items, |v| &v.vpc_endpoint_id, warnings),
            Output::VpcPeeringConnections(items) => {
                merge(&mut self.vpc_peering_connections, ix, items, |v| &v.vpc_peering_connection_id, warnings)
            }
            Output::TransitGateways(items) => merge(&mut self.transit_gateways, ix, items, |v| &v.transit_gateway_id, warnings),
            Output::TransitGatewayAttachments(items) => {
                merge(&mut self.transit_gateway_attachments, ix, items, |v| &v.transit_gateway_attachment_id, warnings)
            }
            Output::TransitGatewayVpcAttachments(items) => {
                // Same ids as the generic attachments: a separate index keeps them apart.
                let mut own = HashMap::new();
                for (i, a) in self.transit_gateway_vpc_attachments.iter().enumerate() {
                    own.insert(a.transit_gateway_attachment_id.clone(), i);
                }
                merge(&mut self.transit_gateway_vpc_attachments, &mut own, items, |v| &v.transit_gateway_attachment_id, warnings)
            }
            Output::TransitGatewayRouteTables(items) => {
                merge(&mut self.transit_gateway_route_tables, ix, items, |v| &v.transit_gateway_route_table_id, warnings)
            }
            Output::TransitGatewayRoutes(tables) => {
                for (table, routes) in tables {
                    match table {
                        Some(table) => self.pending_routes.push((place.file(), table, routes)),
                        None => warnings.push(Warning {
                            path: place.file(),
                            kind: WarningKind::Location,
                            message: "search-transit-gateway-routes output outside a folder named after its route table; skipped".into(),
                        }),
                    }
                }
            }
            Output::TransitGatewayPropagations(tables) => {
                self.pending_propagations.extend(tables.into_iter().map(|(t, p)| (place.file(), t, p)))
            }
            Output::FlowLogs(items) => merge(&mut self.flow_logs, ix, items, |v| &v.flow_log_id, warnings),
            Output::EbsEncryptionByDefault(setting) => self.ebs_encryption_by_default = Some(setting),
            Output::Volumes(items) => merge(&mut self.volumes, ix, items, |v| &v.volume_id, warnings),
            Output::Snapshots(items) => merge(&mut self.snapshots, ix, items, |v| &v.snapshot_id, warnings),
            Output::SnapshotAttribute(a) => {
                // Keyed apart from the snapshots, which have the same id.
                let mut own: HashMap<String, usize> = self
                    .snapshot_attributes
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (a.snapshot_id.clone(), i))
                    .collect();
                merge(&mut self.snapshot_attributes, &mut own, vec![*a], |v| &v.snapshot_id, warnings)
            }
            Output::VpnConnections(items) => merge(&mut self.vpn_connections, ix, items, |v| &v.vpn_connection_id, warnings),
            Output::LaunchTemplateVersions(items) => {
                // A template has several versions: keyed by template and version.
                for item in items {
                    let same = |v: &Resource<LaunchTemplateVersion>| {
                        v.launch_template_id == item.launch_template_id && v.version_number == item.version_number
                    };
                    if let Some(existing) = self.launch_template_versions.iter().find(|v| same(v)) {
                        warnings.push(Warning {
                            path: item.origin.file.to_path_buf(),
                            kind: WarningKind::Duplicate,
                            message: format!(
                                "{} version {:?} is already loaded from {}; the first is kept",
                                item.launch_template_id, item.version_number, existing.origin
                            ),
                        });
                        continue;
                    }
                    self.launch_template_versions.push(item);
                }
            }
        }
    }

    /// Attaches routes, propagations and prefix list entries that were read from their own
    /// files to the tables and lists they belong to.
    pub(crate) fn settle(&mut self, warnings: &mut Vec<Warning>) {
        for (file, table, routes) in std::mem::take(&mut self.pending_routes) {
            match self
                .transit_gateway_route_tables
                .iter_mut()
                .find(|t| t.transit_gateway_route_table_id == table)
            {
                Some(t) => t.data.routes.extend(routes),
                None => warnings.push(dangling(file, "transit gateway routes", &table)),
            }
        }
        for (file, table, propagations) in std::mem::take(&mut self.pending_propagations) {
            match self
                .transit_gateway_route_tables
                .iter_mut()
                .find(|t| t.transit_gateway_route_table_id == table)
            {
                Some(t) => t.data.propagations.extend(propagations),
                None => warnings.push(dangling(file, "transit gateway propagations", &table)),
            }
        }
        for (file, list, entries) in std::mem::take(&mut self.pending_entries) {
            match self
                .prefix_lists
                .iter_mut()
                .find(|p| p.prefix_list_id == list)
            {
                Some(p) => p.data.entries.extend(entries),
                None => warnings.push(dangling(file, "prefix list entries", &list)),
            }
        }
    }

    fn get<'a, T>(
        &self,
        list: &'a [Resource<T>],
        id: &str,
        key: impl Fn(&T) -> &str,
    ) -> Option<&'a Resource<T>> {
        let i = *self.index.get(id)?;
        list.get(i).filter(|r| key(&r.data) == id)
    }

    /// The VPC `id`.
    pub fn vpc(&self, id: &str) -> Option<&Resource<Vpc>> {
        self.get(&self.vpcs, id, |v| &v.vpc_id)
    }

    /// The subnet `id`.
    pub fn subnet(&self, id: &str) -> Option<&Resource<Subnet>> {
        self.get(&self.subnets, id, |v| &v.subnet_id)
    }

    /// The security group `id`.
    pub fn security_group(&self, id: &str) -> Option<&Resource<SecurityGroup>> {
        self.get(&self.security_groups, id, |v| &v.group_id)
    }

    /// The ENI `id`.
    pub fn network_interface(&self, id: &str) -> Option<&Resource<NetworkInterface>> {
        self.get(&self.network_interfaces, id, |v| &v.network_interface_id)
    }

    /// The instance `id`.
    pub fn instance(&self, id: &str) -> Option<&Resource<Instance>> {
        self.get(&self.instances, id, |v| &v.instance_id)
    }

    /// The route table `id`.
    pub fn route_table(&self, id: &str) -> Option<&Resource<RouteTable>> {
        self.get(&self.route_tables, id, |v| &v.route_table_id)
    }

    /// The network ACL `id`.
    pub fn network_acl(&self, id: &str) -> Option<&Resource<NetworkAcl>> {
        self.get(&self.network_acls, id, |v| &v.network_acl_id)
    }

    /// The prefix list `id`.
    pub fn prefix_list(&self, id: &str) -> Option<&Resource<PrefixList>> {
        self.get(&self.prefix_lists, id, |v| &v.prefix_list_id)
    }

    /// The ENIs of instance `id`: those whose attachment names it, in device order.
    pub fn instance_network_interfaces(
        &self,
        instance_id: &str,
    ) -> Vec<&Resource<NetworkInterface>> {
        let mut enis: Vec<_> = self
            .network_interfaces
            .iter()
            .filter(|e| {
                e.attachment.as_ref().and_then(|a| a.instance_id.as_deref()) == Some(instance_id)
            })
            .collect();
        if enis.is_empty()
            && let Some(instance) = self.instance(instance_id)
        {
            // The snapshot may lack describe-network-interfaces; the instance lists its ENIs.
            enis = instance
                .network_interfaces
                .iter()
                .filter_map(|n| self.network_interface(&n.network_interface_id))
                .collect();
        }
        enis.sort_by_key(|e| {
            e.attachment
                .as_ref()
                .and_then(|a| a.device_index)
                .unwrap_or(i32::MAX)
        });
        enis
    }

    /// The route table that applies to `subnet_id`: its explicit association, else the
    /// main route table of its VPC.
    /// (<https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html#subnet-route-tables>)
    pub fn subnet_route_table(&self, subnet_id: &str) -> Option<&Resource<RouteTable>> {
        let explicit = self.route_tables.iter().find(|t| {
            t.associations
                .iter()
                .any(|a| a.subnet_id.as_deref() == Some(subnet_id))
        });
        explicit.or_else(|| {
            let vpc = &self.subnet(subnet_id)?.vpc_id;
            self.route_tables
                .iter()
                .find(|t| &t.vpc_id == vpc && t.associations.iter().any(|a| a.main))
        })
    }

    /// The network ACL associated with `subnet_id` (every subnet has exactly one).
    pub fn subnet_network_acl(&self, subnet_id: &str) -> Option<&Resource<NetworkAcl>> {
        self.network_acls
            .iter()
            .find(|a| a.associations.iter().any(|s| s.subnet_id == subnet_id))
    }

    /// The instances whose instance profile has ARN `profile_arn`.
    pub fn instances_with_profile<'a>(
        &'a self,
        profile_arn: &'a str,
    ) -> impl Iterator<Item = &'a Resource<Instance>> + 'a {
        self.instances.iter().filter(move |i| {
            i.iam_instance_profile
                .as_ref()
                .is_some_and(|p| p.arn == profile_arn)
        })
    }

    /// Whether nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
            && self.ebs_encryption_by_default.is_none()
            && self.snapshot_attributes.is_empty()
            && self.launch_template_versions.is_empty()
    }

    /// The `createVolumePermission` attribute of the EBS snapshot `id`.
    pub fn snapshot_attribute(&self, id: &str) -> Option<&Resource<SnapshotAttribute>> {
        self.snapshot_attributes
            .iter()
            .find(|a| a.snapshot_id == id)
    }
}

fn dangling(path: PathBuf, what: &str, id: &str) -> Warning {
    Warning {
        path,
        kind: WarningKind::Dangling,
        message: format!("{what} for {id}, which the snapshot does not describe; skipped"),
    }
}

impl Ec2 {
    pub(crate) fn inventory(&self, scope: &Scope, out: &mut Vec<InventoryItem>) {
        use serde_json::json;
        let arn = |owner: Option<&String>, resource: String| {
            let account = owner
                .map(String::as_str)
                .or(scope.account.map(|a| a.as_str()))
                .unwrap_or("");
            scope.arn_in(
                "ec2",
                scope.region.map(Region::as_str).unwrap_or(""),
                account,
                &resource,
            )
        };
        for r in &self.vpcs {
            out.push(
                scope
                    .item("AWS::EC2::VPC", &r.vpc_id, &r.origin)
                    .arn(arn(r.owner_id.as_ref(), format!("vpc/{}", r.vpc_id)))
                    .name(tag(&r.tags, "Name"))
                    .attr("cidr_block", r.cidr_block.clone())
                    .attr("ipv6_cidr_blocks", ipv6(&r.ipv6_cidr_block_association_set))
                    .attr("is_default", r.is_default),
            );
        }
        for r in &self.subnets {
            out.push(
                scope
                    .item("AWS::EC2::Subnet", &r.subnet_id, &r.origin)
                    .arn(r.subnet_arn.clone().unwrap_or_else(|| {
                        arn(r.owner_id.as_ref(), format!("subnet/{}", r.subnet_id))
                    }))
                    .name(tag(&r.tags, "Name"))
                    .attr("vpc_id", r.vpc_id.clone())
                    .attr("cidr_block", r.cidr_block.clone())
                    .attr("availability_zone", r.availability_zone.clone())
                    .attr("map_public_ip_on_launch", r.map_public_ip_on_launch),
            );
        }
        for r in &self.route_tables {
            let main = r.associations.iter().any(|a| a.main);
            let subnets: Vec<&str> = r
                .associations
                .iter()
                .filter_map(|a| a.subnet_id.as_deref())
                .collect();
            out.push(
                scope
                    .item("AWS::EC2::RouteTable", &r.route_table_id, &r.origin)
                    .arn(arn(
                        r.owner_id.as_ref(),
                        format!("route-table/{}", r.route_table_id),
                    ))
                    .name(tag(&r.tags, "Name"))
                    .attr("vpc_id", r.vpc_id.clone())
                    .attr("main", main)
                    .attr("subnets", json!(subnets))
                    .attr("routes", r.routes.len()),
            );
        }
        for r in &self.internet_gateways {
            out.push(
                scope
                    .item(
                        "AWS::EC2::InternetGateway",
                        &r.internet_gateway_id,
                        &r.origin,
                    )
                    .arn(arn(
                        r.owner_id.as_ref(),
                        format!("internet-gateway/{}", r.internet_gateway_id),
                    ))
                    .name(tag(&r.tags, "Name"))
                    .attr("vpc_id", r.attachments.first().map(|a| a.vpc_id.clone())),
            );
        }
        for r in &self.egress_only_internet_gateways {
            out.push(
                scope
                    .item(
                        "AWS::EC2::EgressOnlyInternetGateway",
                        &r.egress_only_internet_gateway_id,
                        &r.origin,
                    )
                    .arn(arn(
                        None,
                        format!(
                            "egress-only-internet-gateway/{}",
                            r.egress_only_internet_gateway_id
                        ),
                    ))
                    .name(tag(&r.tags, "Name"))
                    .attr("vpc_id", r.attachments.first().map(|a| a.vpc_id.clone())),
            );
        }
        for r in &self.nat_gateways {
            let public: Vec<&str> = r
                .nat_gateway_addresses
                .iter()
                .filter_map(|a| a.public_ip.as_deref())
                .collect();
            out.push(
                scope
                    .item("AWS::EC2::NatGateway", &r.nat_gateway_id, &r.origin)
                    .arn(arn(None, format!("natgateway/{}", r.nat_gateway_id)))
                    .name(tag(&r.tags, "Name"))
                    .attr("vpc_id", r.vpc_id.clone())
                    .attr("subnet_id", r.subnet_id.clone())
                    .attr(
                        "connectivity_type",
                        r.connectivity_type
                            .clone()
                            .unwrap_or_else(|| "public".into()),
                    )
                    .attr("public_ips", json!(public))
                    .attr("state", r.state.clone()),
            );
        }
        for r in &self.security_groups {
            out.push(
                scope
                    .item("AWS::EC2::SecurityGroup", &r.group_id, &r.origin)
                    .arn(arn(
                        r.owner_id.as_ref(),
                        format!("security-group/{}", r.group_id),
                    ))
                    .name(tag(&r.tags, "Name").or(Some(r.group_name.as_str())))
                    .attr("group_name", r.group_name.clone())
                    .attr("vpc_id", r.vpc_id.clone())
                    .attr("inbound_rules", r.ip_permissions.len())
                    .attr("outbound_rules", r.ip_permissions_egress.len()),
            );
        }
        for r in &self.network_acls {
            let subnets: Vec<&str> = r
                .associations
                .iter()
                .map(|a| a.subnet_id.as_str())
                .collect();
            out.push(
                scope
                    .item("AWS::EC2::NetworkAcl", &r.network_acl_id, &r.origin)
                    .arn(arn(
                        r.owner_id.as_ref(),
                        format!("network-acl/{}", r.network_acl_id),
                    ))
                    .name(tag(&r.tags, "Name"))
                    .attr("vpc_id", r.vpc_id.clone())
                    .attr("is_default", r.is_default)
                    .attr("subnets", json!(subnets))
                    .attr("entries", r.entries.len()),
            );
        }
        for r in &self.network_interfaces {
            let public = r.association.as_ref().and_then(|a| a.public_ip.clone());
            let groups: Vec<&str> = r.groups.iter().map(|g| g.group_id.as_str()).collect();
            out.push(
                scope
                    .item(
                        "AWS::EC2::NetworkInterface",
                        &r.network_interface_id,
                        &r.origin,
                    )
                    .arn(arn(
                        r.owner_id.as_ref(),
                        format!("network-interface/{}", r.network_interface_id),
                    ))
                    .name(tag(&r.tags, "Name"))
                    .attr("interface_type", r.interface_type.clone())
                    .attr("vpc_id", r.vpc_id.clone())
                    .attr("subnet_id", r.subnet_id.clone())
                    .attr("private_ip", r.private_ip_address.clone())
                    .attr("public_ip", public)
                    .attr("security_groups", json!(groups))
                    .attr(
                        "attached_to",
                        r.attachment.as_ref().and_then(|a| a.instance_id.clone()),
                    )
                    .attr("description", r.description.clone()),
            );
        }
        for r in &self.instances {
            let groups: Vec<&str> = r
                .security_groups
                .iter()
                .map(|g| g.group_id.as_str())
                .collect();
            out.push(
                scope
                    .item("AWS::EC2::Instance", &r.instance_id, &r.origin)
                    .arn(arn(None, format!("instance/{}", r.instance_id)))
                    .name(tag(&r.tags, "Name"))
                    .attr("state", r.state.as_ref().map(|s| s.name.clone()))
                    .attr("instance_type", r.instance_type.clone())
                    .attr("vpc_id", r.vpc_id.clone())
                    .attr("subnet_id", r.subnet_id.clone())
                    .attr("private_ip", r.private_ip_address.clone())
                    .attr("public_ip", r.public_ip_address.clone())
                    .attr("security_groups", json!(groups))
                    .attr(
                        "instance_profile",
                        r.iam_instance_profile.as_ref().map(|p| p.arn.clone()),
                    )
                    .attr(
                        "imds_http_tokens",
                        r.metadata_options
                            .as_ref()
                            .and_then(|m| m.http_tokens.clone()),
                    ),
            );
        }
        for r in &self.addresses {
            let id = r
                .allocation_id
                .clone()
                .unwrap_or_else(|| r.public_ip.clone());
            out.push(
                scope
                    .item("AWS::EC2::EIP", id.clone(), &r.origin)
                    .arn(arn(None, format!("elastic-ip/{id}")))
                    .name(tag(&r.tags, "Name"))
                    .attr("public_ip", r.public_ip.clone())
                    .attr("instance_id", r.instance_id.clone())
                    .attr("network_interface_id", r.network_interface_id.clone())
                    .attr("private_ip", r.private_ip_address.clone()),
            );
        }
        for r in &self.prefix_lists {
            let cidrs: Vec<&str> = r
                .cidrs
                .iter()
                .map(String::as_str)
                .chain(r.entries.iter().map(|e| e.cidr.as_str()))
                .collect();
            out.push(
                scope
                    .item("AWS::EC2::PrefixList", &r.prefix_list_id, &r.origin)
                    .arn(
                        r.prefix_list_arn.clone().unwrap_or_else(|| {
                            arn(None, format!("prefix-list/{}", r.prefix_list_id))
                        }),
                    )
                    .name(tag(&r.tags, "Name").or(r.prefix_list_name.as_deref()))
                    .attr("address_family", r.address_family.clone())
                    .attr("owner", r.owner_id.clone())
                    .attr("cidrs", json!(cidrs)),
            );
        }
        for r in &self.vpc_endpoints {
            out.push(
                scope
                    .item("AWS::EC2::VPCEndpoint", &r.vpc_endpoint_id, &r.origin)
                    .arn(arn(
                        r.owner_id.as_ref(),
                        format!("vpc-endpoint/{}", r.vpc_endpoint_id),
                    ))
                    .name(tag(&r.tags, "Name"))
                    .attr("type", r.vpc_endpoint_type.clone())
                    .attr("vpc_id", r.vpc_id.clone())
                    .attr("service_name", r.service_name.clone())
                    .attr("state", r.state.clone()),
            );
        }
        for r in &self.vpc_peering_connections {
            let side = |s: &Option<PeeringVpcInfo>| s.as_ref().and_then(|s| s.vpc_id.clone());
            out.push(
                scope
                    .item(
                        "AWS::EC2::VPCPeeringConnection",
                        &r.vpc_peering_connection_id,
                        &r.origin,
                    )
                    .arn(arn(
                        None,
                        format!("vpc-peering-connection/{}", r.vpc_peering_connection_id),
                    ))
                    .name(tag(&r.tags, "Name"))
                    .attr("requester_vpc", side(&r.requester_vpc_info))
                    .attr("accepter_vpc", side(&r.accepter_vpc_info))
                    .attr("status", r.status.as_ref().map(|s| s.code.clone())),
            );
        }
        for r in &self.transit_gateways {
            out.push(
                scope
                    .item("AWS::EC2::TransitGateway", &r.transit_gateway_id, &r.origin)
                    .arn(r.transit_gateway_arn.clone().unwrap_or_else(|| {
                        arn(
                            r.owner_id.as_ref(),
                            format!("transit-gateway/{}", r.transit_gateway_id),
                        )
                    }))
                    .name(tag(&r.tags, "Name"))
                    .attr("state", r.state.clone()),
            );
        }
        for r in &self.transit_gateway_attachments {
            out.push(
                scope
                    .item(
                        "AWS::EC2::TransitGatewayAttachment",
                        &r.transit_gateway_attachment_id,
                        &r.origin,
                    )
                    .arn(arn(
                        r.transit_gateway_owner_id.as_ref(),
                        format!(
                            "transit-gateway-attachment/{}",
                            r.transit_gateway_attachment_id
                        ),
                    ))
                    .name(tag(&r.tags, "Name"))
                    .attr("transit_gateway_id", r.transit_gateway_id.clone())
                    .attr("resource_type", r.resource_type.clone())
                    .attr("resource_id", r.resource_id.clone())
                    .attr("state", r.state.clone()),
            );
        }
        for r in &self.transit_gateway_route_tables {
            out.push(
                scope
                    .item(
                        "AWS::EC2::TransitGatewayRouteTable",
                        &r.transit_gateway_route_table_id,
                        &r.origin,
                    )
                    .arn(arn(
                        None,
                        format!(
                            "transit-gateway-route-table/{}",
                            r.transit_gateway_route_table_id
                        ),
                    ))
                    .name(tag(&r.tags, "Name"))
                    .attr("transit_gateway_id", r.transit_gateway_id.clone())
                    .attr("routes", r.routes.len())
                    .attr("propagations", r.propagations.len()),
            );
        }
        for r in &self.flow_logs {
            out.push(
                scope
                    .item("AWS::EC2::FlowLog", &r.flow_log_id, &r.origin)
                    .arn(arn(None, format!("vpc-flow-log/{}", r.flow_log_id)))
                    .name(tag(&r.tags, "Name"))
                    .attr("resource_id", r.resource_id.clone())
                    .attr("traffic_type", r.traffic_type.clone())
                    .attr(
                        "destination",
                        r.log_destination.clone().or(r.log_group_name.clone()),
                    )
                    .attr("status", r.flow_log_status.clone()),
            );
        }
        for r in &self.volumes {
            out.push(
                scope
                    .item("AWS::EC2::Volume", &r.volume_id, &r.origin)
                    .arn(arn(None, format!("volume/{}", r.volume_id)))
                    .name(tag(&r.tags, "Name"))
                    .attr("size_gib", r.size)
                    .attr("volume_type", r.volume_type.clone())
                    .attr("encrypted", r.encrypted)
                    .attr(
                        "attached_to",
                        r.attachments.first().and_then(|a| a.instance_id.clone()),
                    ),
            );
        }
    }
}

fn ipv6(blocks: &[Ipv6CidrBlockAssociation]) -> serde_json::Value {
    if blocks.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::json!(
            blocks
                .iter()
                .map(|b| b.ipv6_cidr_block.as_str())
                .collect::<Vec<_>>()
        )
    }
}
