//! The AWS CLI's output shapes for EC2 (`aws ec2 describe-*`), rendered from the compact model
//! while files are written. Field names and order follow the EC2 API model.

use std::ops::Range;
use std::path::Path;

use serde::Serialize;

use super::security::{IpPermission, NaclEntry};
use super::{EniKind, IMAGES, INSTANCE_TYPES, IpOwner, KEY_NAMES, Network};
use crate::account::AccountCtx;
use crate::iam::ProfileRef;
use crate::ids::{IdSpace, Kind, dashed, derive, hex_digits, hex_id, ipv4, uuid};
use crate::names::APPS;
use crate::region::Region;
use crate::tag::{Tag, tags};
use crate::time::{gmt, iso};
use crate::write::{Job, Keyed, Rendered, Sink, page_name, pages};

const TAG_ATTACH: u64 = 1;
const TAG_MAC: u64 = 2;
const TAG_ASSOC: u64 = 3;
const TAG_VOLUME: u64 = 4;
const TAG_V6: u64 = 5;
const TAG_ROUTE_ASSOC: u64 = 6;
const TAG_ACL_ASSOC: u64 = 7;
const TAG_DHCP: u64 = 8;
const TAG_CIDR_ASSOC: u64 = 9;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Route {
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_cidr_block: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_ipv6_cidr_block: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_prefix_list_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nat_gateway_id: Option<String>,
    origin: &'static str,
    state: &'static str,
}

impl Route {
    fn new() -> Self {
        Route {
            destination_cidr_block: None,
            destination_ipv6_cidr_block: None,
            destination_prefix_list_id: None,
            gateway_id: None,
            nat_gateway_id: None,
            origin: "CreateRoute",
            state: "active",
        }
    }

    /// The local routes of a VPC (IPv4, and IPv6 when it has a block).
    pub(crate) fn local(v4: &str, v6: Option<String>) -> Vec<Route> {
        let mut out = vec![Route {
            destination_cidr_block: Some(v4.to_owned()),
            gateway_id: Some("local".to_owned()),
            origin: "CreateRouteTable",
            ..Route::new()
        }];
        if let Some(v6) = v6 {
            out.push(Route {
                destination_ipv6_cidr_block: Some(v6),
                gateway_id: Some("local".to_owned()),
                origin: "CreateRouteTable",
                ..Route::new()
            });
        }
        out
    }

    pub(crate) fn gateway(destination: &str, gateway: &str) -> Route {
        Route {
            destination_cidr_block: Some(destination.to_owned()),
            gateway_id: Some(gateway.to_owned()),
            ..Route::new()
        }
    }

    pub(crate) fn gateway6(destination: &str, gateway: &str) -> Route {
        Route {
            destination_ipv6_cidr_block: Some(destination.to_owned()),
            gateway_id: Some(gateway.to_owned()),
            ..Route::new()
        }
    }

    pub(crate) fn nat(destination: &str, nat: &str) -> Route {
        Route {
            destination_cidr_block: Some(destination.to_owned()),
            nat_gateway_id: Some(nat.to_owned()),
            ..Route::new()
        }
    }

    pub(crate) fn prefix_list(list: &str, endpoint: &str) -> Route {
        Route {
            destination_prefix_list_id: Some(list.to_owned()),
            gateway_id: Some(endpoint.to_owned()),
            ..Route::new()
        }
    }
}

pub(crate) fn igw_id(ctx: &AccountCtx<'_>, index: u32) -> String {
    ctx.ids.hex("igw", Kind::InternetGateway, index as usize)
}

/// A canonical IPv6 block: the region pool, then `g3` and `g4`, then `::/len`.
fn ipv6_prefix(region: &Region, g3: u32, g4: u32, len: u8) -> String {
    match (g3, g4) {
        (0, 0) => format!("{}::/{len}", region.ipv6_pool),
        (_, 0) => format!("{}:{g3:x}::/{len}", region.ipv6_pool),
        _ => format!("{}:{g3:x}:{g4:x}::/{len}", region.ipv6_pool),
    }
}

/// The /56 of a VPC from its 24-bit block number.
pub(crate) fn ipv6_block(region: &Region, block: u32) -> String {
    ipv6_prefix(region, block >> 8, (block & 0xff) << 8, 56)
}

fn ipv6_subnet(region: &Region, block: u32, position: u8) -> String {
    ipv6_prefix(
        region,
        block >> 8,
        (block & 0xff) << 8 | u32::from(position),
        64,
    )
}

fn ipv6_address(region: &Region, block: u32, position: u8, raw: u64) -> String {
    let id = derive(raw, TAG_V6);
    format!(
        "{}:{:x}:{:x}:{:x}:{:x}:{:x}:{:x}",
        region.ipv6_pool,
        block >> 8,
        (block & 0xff) << 8 | u32::from(position),
        (id >> 48) & 0xffff,
        (id >> 32) & 0xffff,
        (id >> 16) & 0xffff,
        id & 0xffff
    )
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct State {
    state: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct BlockPublicAccess {
    internet_gateway_block_mode: &'static str,
}

const BPA_OFF: BlockPublicAccess = BlockPublicAccess {
    internet_gateway_block_mode: "off",
};

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct VpcOut {
    owner_id: String,
    instance_tenancy: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ipv6_cidr_block_association_set: Option<Vec<Ipv6Association>>,
    cidr_block_association_set: Vec<CidrAssociation>,
    is_default: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<Tag>>,
    block_public_access_states: BlockPublicAccess,
    vpc_id: String,
    state: &'static str,
    cidr_block: String,
    dhcp_options_id: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Ipv6Association {
    association_id: String,
    ipv6_cidr_block: String,
    ipv6_cidr_block_state: State,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_border_group: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ipv6_pool: Option<&'static str>,
    ipv6_address_attribute: &'static str,
    ip_source: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct CidrAssociation {
    association_id: String,
    cidr_block: String,
    cidr_block_state: State,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct SubnetOut {
    availability_zone_id: &'static str,
    map_customer_owned_ip_on_launch: bool,
    owner_id: String,
    assign_ipv6_address_on_creation: bool,
    ipv6_cidr_block_association_set: Vec<Ipv6Association>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<Tag>>,
    subnet_arn: String,
    enable_dns64: bool,
    ipv6_native: bool,
    private_dns_name_options_on_launch: PrivateDnsNameOptions,
    block_public_access_states: BlockPublicAccess,
    subnet_id: String,
    state: &'static str,
    vpc_id: String,
    cidr_block: String,
    available_ip_address_count: u32,
    availability_zone: &'static str,
    default_for_az: bool,
    map_public_ip_on_launch: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct PrivateDnsNameOptions {
    hostname_type: &'static str,
    enable_resource_name_dns_a_record: bool,
    #[serde(rename = "EnableResourceNameDnsAAAARecord")]
    enable_resource_name_dns_aaaa_record: bool,
}

const IP_NAME: PrivateDnsNameOptions = PrivateDnsNameOptions {
    hostname_type: "ip-name",
    enable_resource_name_dns_a_record: false,
    enable_resource_name_dns_aaaa_record: false,
};

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct InternetGatewayOut {
    attachments: Vec<IgwAttachment>,
    internet_gateway_id: String,
    owner_id: String,
    tags: Vec<Tag>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct IgwAttachment {
    state: &'static str,
    vpc_id: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct NatGatewayOut {
    create_time: String,
    nat_gateway_addresses: Vec<NatAddress>,
    nat_gateway_id: String,
    state: &'static str,
    subnet_id: String,
    vpc_id: String,
    tags: Vec<Tag>,
    connectivity_type: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct NatAddress {
    allocation_id: String,
    network_interface_id: String,
    private_ip: String,
    public_ip: String,
    association_id: String,
    is_primary: bool,
    status: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct RouteTableOut<'a> {
    associations: Vec<RouteTableAssociation>,
    propagating_vgws: [(); 0],
    route_table_id: String,
    routes: &'a [Route],
    tags: Vec<Tag>,
    vpc_id: String,
    owner_id: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct RouteTableAssociation {
    main: bool,
    route_table_association_id: String,
    route_table_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    subnet_id: Option<String>,
    association_state: State,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct NetworkAclOut<'a> {
    associations: Vec<AclAssociation>,
    entries: &'a [NaclEntry],
    is_default: bool,
    network_acl_id: String,
    tags: Vec<Tag>,
    vpc_id: String,
    owner_id: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct AclAssociation {
    network_acl_association_id: String,
    network_acl_id: String,
    subnet_id: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct SecurityGroupOut<'a> {
    group_id: String,
    ip_permissions_egress: &'a [IpPermission],
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<Tag>>,
    vpc_id: String,
    security_group_arn: String,
    owner_id: String,
    group_name: &'a str,
    description: &'a str,
    ip_permissions: &'a [IpPermission],
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct GroupIdentifier {
    group_id: String,
    group_name: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct EniAssociation {
    #[serde(skip_serializing_if = "Option::is_none")]
    allocation_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    association_id: Option<String>,
    ip_owner_id: String,
    public_dns_name: String,
    public_ip: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct EniAttachment {
    #[serde(skip_serializing_if = "Option::is_none")]
    attach_time: Option<String>,
    attachment_id: String,
    delete_on_termination: bool,
    device_index: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_card_index: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_id: Option<String>,
    instance_owner_id: String,
    status: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Ipv6Address {
    ipv6_address: String,
    is_primary_ipv6: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct PrivateIp {
    #[serde(skip_serializing_if = "Option::is_none")]
    association: Option<EniAssociation>,
    primary: bool,
    private_dns_name: String,
    private_ip_address: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Operator {
    managed: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct NetworkInterfaceOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    association: Option<EniAssociation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attachment: Option<EniAttachment>,
    availability_zone: &'static str,
    description: String,
    groups: Vec<GroupIdentifier>,
    interface_type: &'static str,
    ipv6_addresses: Vec<Ipv6Address>,
    mac_address: String,
    network_interface_id: String,
    owner_id: String,
    private_dns_name: String,
    private_ip_address: String,
    private_ip_addresses: Vec<PrivateIp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requester_id: Option<&'static str>,
    requester_managed: bool,
    source_dest_check: bool,
    status: &'static str,
    subnet_id: String,
    tag_set: Vec<Tag>,
    vpc_id: String,
    operator: Operator,
    availability_zone_id: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct InstanceAssociation {
    ip_owner_id: String,
    public_dns_name: String,
    public_ip: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct InstanceAttachment {
    attach_time: String,
    attachment_id: String,
    delete_on_termination: bool,
    device_index: u32,
    status: &'static str,
    network_card_index: u32,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct InstancePrivateIp {
    #[serde(skip_serializing_if = "Option::is_none")]
    association: Option<InstanceAssociation>,
    primary: bool,
    private_dns_name: String,
    private_ip_address: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct InstanceNetworkInterface {
    #[serde(skip_serializing_if = "Option::is_none")]
    association: Option<InstanceAssociation>,
    attachment: InstanceAttachment,
    description: String,
    groups: Vec<GroupIdentifier>,
    ipv6_addresses: Vec<Ipv6Address>,
    mac_address: String,
    network_interface_id: String,
    owner_id: String,
    private_dns_name: String,
    private_ip_address: String,
    private_ip_addresses: Vec<InstancePrivateIp>,
    source_dest_check: bool,
    status: &'static str,
    subnet_id: String,
    vpc_id: String,
    interface_type: &'static str,
    operator: Operator,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct BlockDevice {
    device_name: &'static str,
    ebs: Ebs,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Ebs {
    attach_time: String,
    delete_on_termination: bool,
    status: &'static str,
    volume_id: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct IamInstanceProfile<'a> {
    arn: &'a str,
    id: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct StateReason {
    code: &'static str,
    message: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct CpuOptions {
    core_count: u8,
    threads_per_core: u8,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct CapacityReservationSpecification {
    capacity_reservation_preference: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Configured {
    configured: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Enabled {
    enabled: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct MetadataOptions {
    state: &'static str,
    http_tokens: &'static str,
    http_put_response_hop_limit: u8,
    http_endpoint: &'static str,
    http_protocol_ipv6: &'static str,
    instance_metadata_tags: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct MaintenanceOptions {
    auto_recovery: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct InstanceState {
    code: u8,
    name: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Placement {
    group_name: &'static str,
    tenancy: &'static str,
    availability_zone: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct InstanceOut<'a> {
    architecture: &'static str,
    block_device_mappings: Vec<BlockDevice>,
    client_token: String,
    ebs_optimized: bool,
    ena_support: bool,
    hypervisor: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    iam_instance_profile: Option<IamInstanceProfile<'a>>,
    network_interfaces: Vec<InstanceNetworkInterface>,
    root_device_name: &'static str,
    root_device_type: &'static str,
    security_groups: Vec<GroupIdentifier>,
    source_dest_check: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    state_reason: Option<StateReason>,
    tags: Vec<Tag>,
    virtualization_type: &'static str,
    cpu_options: CpuOptions,
    capacity_reservation_specification: CapacityReservationSpecification,
    hibernation_options: Configured,
    metadata_options: MetadataOptions,
    enclave_options: Enabled,
    platform_details: &'static str,
    usage_operation: &'static str,
    usage_operation_update_time: String,
    private_dns_name_options: PrivateDnsNameOptions,
    maintenance_options: MaintenanceOptions,
    current_instance_boot_mode: &'static str,
    instance_id: String,
    image_id: String,
    state: InstanceState,
    private_dns_name: String,
    public_dns_name: String,
    state_transition_reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_name: Option<&'static str>,
    ami_launch_index: u32,
    product_codes: [(); 0],
    instance_type: &'static str,
    launch_time: String,
    placement: Placement,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform: Option<&'static str>,
    monitoring: State,
    subnet_id: String,
    vpc_id: String,
    private_ip_address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    public_ip_address: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct ReservationOut<'a> {
    reservation_id: String,
    owner_id: String,
    groups: [(); 0],
    instances: Vec<InstanceOut<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct AddressOut {
    allocation_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    association_id: Option<String>,
    domain: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_interface_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_interface_owner_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    private_ip_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<Tag>>,
    public_ipv4_pool: &'static str,
    network_border_group: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_id: Option<String>,
    public_ip: String,
}

/// Renders the model of one account.
#[derive(Clone, Copy)]
struct View<'a> {
    net: &'a Network,
    ctx: &'a AccountCtx<'a>,
    profiles: &'a [ProfileRef],
}

impl<'a> View<'a> {
    fn account(self) -> String {
        self.ctx.id.to_owned()
    }

    fn region_of_vpc(self, vpc: u32) -> &'static Region {
        self.net.regions[self.net.vpcs[vpc as usize].region as usize]
    }

    fn vpc_id(self, vpc: u32) -> String {
        hex_id("vpc", self.net.vpcs[vpc as usize].raw)
    }

    fn subnet_id(self, subnet: u32) -> String {
        hex_id("subnet", self.net.subnets[subnet as usize].raw)
    }

    fn sg_id(self, sg: u32) -> String {
        hex_id("sg", self.net.sgs[sg as usize].raw)
    }

    fn groups(self, groups: &[u32]) -> Vec<GroupIdentifier> {
        groups
            .iter()
            .map(|&g| GroupIdentifier {
                group_id: self.sg_id(g),
                group_name: self.net.sgs[g as usize].name.clone(),
            })
            .collect()
    }

    fn vpc(self, v: u32) -> VpcOut {
        let vpc = &self.net.vpcs[v as usize];
        let region = self.region_of_vpc(v);
        VpcOut {
            owner_id: self.account(),
            instance_tenancy: "default",
            ipv6_cidr_block_association_set: vpc.ipv6.map(|block| {
                vec![Ipv6Association {
                    association_id: hex_id("vpc-cidr-assoc", derive(vpc.raw, TAG_CIDR_ASSOC + 100)),
                    ipv6_cidr_block: ipv6_block(region, block),
                    ipv6_cidr_block_state: State {
                        state: "associated",
                    },
                    network_border_group: Some(region.name),
                    ipv6_pool: Some("Amazon"),
                    ipv6_address_attribute: "public",
                    ip_source: "amazon",
                }]
            }),
            cidr_block_association_set: vec![CidrAssociation {
                association_id: hex_id("vpc-cidr-assoc", derive(vpc.raw, TAG_CIDR_ASSOC)),
                cidr_block: crate::ids::cidr(vpc.base, 16),
                cidr_block_state: State {
                    state: "associated",
                },
            }],
            is_default: vpc.is_default,
            tags: (!vpc.is_default)
                .then(|| tags([("Name", vpc.name.as_str()), ("Environment", vpc.env)])),
            block_public_access_states: BPA_OFF,
            vpc_id: self.vpc_id(v),
            state: "available",
            cidr_block: crate::ids::cidr(vpc.base, 16),
            dhcp_options_id: hex_id(
                "dopt",
                derive(
                    self.ctx.ids.raw(Kind::DhcpOptions, vpc.region as usize),
                    TAG_DHCP,
                ),
            ),
        }
    }

    fn subnet(self, s: u32) -> SubnetOut {
        let subnet = &self.net.subnets[s as usize];
        let vpc = &self.net.vpcs[subnet.vpc as usize];
        let region = self.region_of_vpc(subnet.vpc);
        let ipv6 = match (vpc.ipv6, subnet.ipv6) {
            (Some(block), Some(position)) => vec![Ipv6Association {
                association_id: hex_id("subnet-cidr-assoc", derive(subnet.raw, TAG_CIDR_ASSOC)),
                ipv6_cidr_block: ipv6_subnet(region, block, position),
                ipv6_cidr_block_state: State {
                    state: "associated",
                },
                network_border_group: None,
                ipv6_pool: None,
                ipv6_address_attribute: "public",
                ip_source: "amazon",
            }],
            _ => Vec::new(),
        };
        let id = self.subnet_id(s);
        let az = subnet.az as usize;
        let name = format!(
            "{}-{}-{}",
            vpc.name,
            subnet.tier.label(),
            &region.azs[az][region.azs[az].len() - 1..]
        );
        SubnetOut {
            availability_zone_id: region.az_ids[az],
            map_customer_owned_ip_on_launch: false,
            owner_id: self.account(),
            assign_ipv6_address_on_creation: false,
            ipv6_cidr_block_association_set: ipv6,
            tags: (!vpc.is_default).then(|| tags([("Name", name.as_str())])),
            subnet_arn: format!("arn:aws:ec2:{}:{}:subnet/{id}", region.name, self.ctx.id),
            enable_dns64: false,
            ipv6_native: false,
            private_dns_name_options_on_launch: IP_NAME,
            block_public_access_states: BPA_OFF,
            subnet_id: id,
            state: "available",
            vpc_id: self.vpc_id(subnet.vpc),
            cidr_block: crate::ids::cidr(subnet.base, subnet.len),
            available_ip_address_count: subnet.free(),
            availability_zone: region.azs[az],
            default_for_az: subnet.default_for_az,
            map_public_ip_on_launch: subnet.map_public,
        }
    }

    fn internet_gateway(self, v: u32) -> InternetGatewayOut {
        let vpc = &self.net.vpcs[v as usize];
        let index = vpc.igw.unwrap_or_default();
        InternetGatewayOut {
            attachments: vec![IgwAttachment {
                state: "available",
                vpc_id: self.vpc_id(v),
            }],
            internet_gateway_id: igw_id(self.ctx, index),
            owner_id: self.account(),
            tags: if vpc.is_default {
                Vec::new()
            } else {
                tags([("Name", &format!("{}-igw", vpc.name))])
            },
        }
    }

    fn nat_gateway(self, n: u32) -> NatGatewayOut {
        let nat = &self.net.nats[n as usize];
        let eni = &self.net.enis[nat.eni as usize];
        let address = &self.net.addresses[nat.address as usize];
        let id = hex_id("nat", nat.raw);
        NatGatewayOut {
            create_time: iso(nat.created),
            nat_gateway_addresses: vec![NatAddress {
                allocation_id: hex_id("eipalloc", address.alloc),
                network_interface_id: hex_id("eni", eni.raw),
                private_ip: ipv4(eni.ip),
                public_ip: ipv4(address.ip),
                association_id: hex_id("eipassoc", derive(address.alloc, TAG_ASSOC)),
                is_primary: true,
                status: "succeeded",
            }],
            nat_gateway_id: id,
            state: "available",
            subnet_id: self.subnet_id(nat.subnet),
            vpc_id: self.vpc_id(nat.vpc),
            tags: tags([(
                "Name",
                &format!("{}-nat-{n}", self.net.vpcs[nat.vpc as usize].name),
            )]),
            connectivity_type: "public",
        }
    }

    fn route_table(self, r: u32) -> RouteTableOut<'a> {
        let table = &self.net.route_tables[r as usize];
        let id = hex_id("rtb", table.raw);
        let mut associations = Vec::new();
        if table.main {
            associations.push(RouteTableAssociation {
                main: true,
                route_table_association_id: hex_id("rtbassoc", derive(table.raw, TAG_ROUTE_ASSOC)),
                route_table_id: id.clone(),
                subnet_id: None,
                association_state: State {
                    state: "associated",
                },
            });
        }
        for &s in &table.subnets {
            associations.push(RouteTableAssociation {
                main: false,
                route_table_association_id: hex_id(
                    "rtbassoc",
                    derive(self.net.subnets[s as usize].raw, TAG_ROUTE_ASSOC),
                ),
                route_table_id: id.clone(),
                subnet_id: Some(self.subnet_id(s)),
                association_state: State {
                    state: "associated",
                },
            });
        }
        RouteTableOut {
            associations,
            propagating_vgws: [],
            route_table_id: id,
            routes: &table.routes,
            tags: if self.net.vpcs[table.vpc as usize].is_default {
                Vec::new()
            } else {
                tags([("Name", table.name.as_str())])
            },
            vpc_id: self.vpc_id(table.vpc),
            owner_id: self.account(),
        }
    }

    fn network_acl(self, a: u32) -> NetworkAclOut<'a> {
        let acl = &self.net.nacls[a as usize];
        let id = hex_id("acl", acl.raw);
        NetworkAclOut {
            associations: acl
                .subnets
                .iter()
                .map(|&s| AclAssociation {
                    network_acl_association_id: hex_id(
                        "aclassoc",
                        derive(self.net.subnets[s as usize].raw, TAG_ACL_ASSOC),
                    ),
                    network_acl_id: id.clone(),
                    subnet_id: self.subnet_id(s),
                })
                .collect(),
            entries: &acl.entries,
            is_default: acl.is_default,
            network_acl_id: id,
            tags: if acl.is_default {
                Vec::new()
            } else {
                tags([("Name", "public-subnets")])
            },
            vpc_id: self.vpc_id(acl.vpc),
            owner_id: self.account(),
        }
    }

    fn security_group(self, g: u32) -> SecurityGroupOut<'a> {
        let sg = &self.net.sgs[g as usize];
        let region = self.region_of_vpc(sg.vpc);
        let id = self.sg_id(g);
        SecurityGroupOut {
            security_group_arn: format!(
                "arn:aws:ec2:{}:{}:security-group/{id}",
                region.name, self.ctx.id
            ),
            group_id: id,
            ip_permissions_egress: &sg.egress,
            tags: sg
                .role
                .map(|role| tags([("Name", sg.name.as_str()), ("Role", role.label())])),
            vpc_id: self.vpc_id(sg.vpc),
            owner_id: self.account(),
            group_name: &sg.name,
            description: sg.description,
            ip_permissions: &sg.ingress,
        }
    }

    fn public_dns(self, region: &Region, ip: u32) -> String {
        format!("ec2-{}.{}", dashed(ip), region.public_dns)
    }

    fn private_dns(self, region: &Region, ip: u32) -> String {
        format!("ip-{}.{}", dashed(ip), region.private_dns)
    }

    fn mac(self, raw: u64) -> String {
        let m = derive(raw, TAG_MAC);
        let first = [0x02u64, 0x06, 0x0a, 0x0e, 0x12, 0x16][(m % 6) as usize];
        format!(
            "{first:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            (m >> 8) & 0xff,
            (m >> 16) & 0xff,
            (m >> 24) & 0xff,
            (m >> 32) & 0xff,
            (m >> 40) & 0xff
        )
    }

    fn association(self, e: u32, region: &Region) -> Option<EniAssociation> {
        let eni = &self.net.enis[e as usize];
        let public = eni.public?;
        let address = public.address.map(|a| &self.net.addresses[a as usize]);
        Some(EniAssociation {
            allocation_id: address.map(|a| hex_id("eipalloc", a.alloc)),
            association_id: address.map(|a| hex_id("eipassoc", derive(a.alloc, TAG_ASSOC))),
            ip_owner_id: match public.owner {
                IpOwner::Amazon => "amazon".to_owned(),
                IpOwner::Account => self.account(),
                IpOwner::Elb => "amazon-elb".to_owned(),
            },
            public_dns_name: self.public_dns(region, public.ip),
            public_ip: ipv4(public.ip),
        })
    }

    fn ipv6_addresses(self, e: u32) -> Vec<Ipv6Address> {
        let eni = &self.net.enis[e as usize];
        let subnet = &self.net.subnets[eni.subnet as usize];
        match (
            eni.ipv6,
            self.net.vpcs[subnet.vpc as usize].ipv6,
            subnet.ipv6,
        ) {
            (true, Some(block), Some(position)) => vec![Ipv6Address {
                ipv6_address: ipv6_address(
                    self.region_of_vpc(subnet.vpc),
                    block,
                    position,
                    eni.raw,
                ),
                is_primary_ipv6: false,
            }],
            _ => Vec::new(),
        }
    }

    fn network_interface(self, e: u32) -> NetworkInterfaceOut {
        let eni = &self.net.enis[e as usize];
        let subnet = &self.net.subnets[eni.subnet as usize];
        let vpc = &self.net.vpcs[subnet.vpc as usize];
        let region = self.region_of_vpc(subnet.vpc);
        let id = hex_id("eni", eni.raw);
        let association = self.association(e, region);
        let service_attachment = |owner: &str| EniAttachment {
            attach_time: Some(iso(eni.created)),
            attachment_id: hex_id("ela-attach", derive(eni.raw, TAG_ATTACH)),
            delete_on_termination: false,
            device_index: 1,
            network_card_index: None,
            instance_id: None,
            instance_owner_id: owner.to_owned(),
            status: "attached",
        };
        let app = APPS[(eni.raw % APPS.len() as u64) as usize];
        let (attachment, description, interface_type, requester_id) = match eni.kind {
            EniKind::Instance(i) => {
                let instance = &self.net.instances[i as usize];
                (
                    Some(EniAttachment {
                        attach_time: Some(iso(instance.launch)),
                        attachment_id: hex_id("eni-attach", derive(eni.raw, TAG_ATTACH)),
                        delete_on_termination: true,
                        device_index: 0,
                        network_card_index: Some(0),
                        instance_id: Some(hex_id("i", instance.raw)),
                        instance_owner_id: self.account(),
                        status: "attached",
                    }),
                    String::new(),
                    "interface",
                    None,
                )
            }
            EniKind::Nat(n) => (
                Some(service_attachment("amazon-aws")),
                format!(
                    "Interface for NAT Gateway {}",
                    hex_id("nat", self.net.nats[n as usize].raw)
                ),
                "nat_gateway",
                None,
            ),
            EniKind::LoadBalancer { lb, network } => {
                let kind = if network { "net" } else { "app" };
                let suffix = hex_digits(self.ctx.ids.raw(Kind::LoadBalancer, lb as usize), 16);
                (
                    Some(service_attachment("amazon-elb")),
                    format!("ELB {kind}/{}-{app}-{lb}/{suffix}", vpc.env),
                    if network {
                        "network_load_balancer"
                    } else {
                        "interface"
                    },
                    Some("amazon-elb"),
                )
            }
            EniKind::Lambda(f) => (
                Some(service_attachment("amazon-aws")),
                format!("AWS Lambda VPC ENI-{}-{app}-{f}-{}", vpc.env, uuid(eni.raw)),
                "lambda",
                None,
            ),
            EniKind::Rds(_) => (
                Some(service_attachment("amazon-rds")),
                "RDSNetworkInterface".to_owned(),
                "interface",
                Some("amazon-rds"),
            ),
            EniKind::Endpoint(ep) => (
                None,
                format!(
                    "VPC Endpoint Interface {}",
                    self.ctx
                        .ids
                        .hex("vpce", Kind::VpcEndpoint, (1 << 20) + ep as usize)
                ),
                "vpc_endpoint",
                None,
            ),
        };
        let private_dns = self.private_dns(region, eni.ip);
        NetworkInterfaceOut {
            association: association.clone(),
            attachment,
            availability_zone: region.azs[subnet.az as usize],
            description,
            groups: self.groups(&eni.groups),
            interface_type,
            ipv6_addresses: self.ipv6_addresses(e),
            mac_address: self.mac(eni.raw),
            network_interface_id: id,
            owner_id: self.account(),
            private_dns_name: private_dns.clone(),
            private_ip_address: ipv4(eni.ip),
            private_ip_addresses: vec![PrivateIp {
                association,
                primary: true,
                private_dns_name: private_dns,
                private_ip_address: ipv4(eni.ip),
            }],
            requester_id,
            requester_managed: !matches!(eni.kind, EniKind::Instance(_)),
            source_dest_check: !matches!(eni.kind, EniKind::Nat(_)),
            status: "in-use",
            subnet_id: self.subnet_id(eni.subnet),
            tag_set: Vec::new(),
            vpc_id: self.vpc_id(subnet.vpc),
            operator: Operator { managed: false },
            availability_zone_id: region.az_ids[subnet.az as usize],
        }
    }

    fn instance(self, i: u32, launch_index: u32) -> InstanceOut<'a> {
        let instance = &self.net.instances[i as usize];
        let e = instance.eni;
        let eni = &self.net.enis[e as usize];
        let subnet = &self.net.subnets[eni.subnet as usize];
        let region = self.region_of_vpc(subnet.vpc);
        let region_index = self.net.vpcs[subnet.vpc as usize].region as usize;
        let id = hex_id("i", instance.raw);
        let (type_name, arch, cores, threads) = INSTANCE_TYPES[instance.itype as usize];
        let (_, windows, _, root) = IMAGES[instance.image as usize];
        let public = eni.public.map(|p| InstanceAssociation {
            ip_owner_id: match p.owner {
                IpOwner::Account => self.account(),
                _ => "amazon".to_owned(),
            },
            public_dns_name: self.public_dns(region, p.ip),
            public_ip: ipv4(p.ip),
        });
        let private_dns = self.private_dns(region, eni.ip);
        let public_again = eni.public.map(|p| InstanceAssociation {
            ip_owner_id: match p.owner {
                IpOwner::Account => self.account(),
                _ => "amazon".to_owned(),
            },
            public_dns_name: self.public_dns(region, p.ip),
            public_ip: ipv4(p.ip),
        });
        let name = format!("{}-{}-{:04}", instance.env, instance.app, instance.number);
        let mut instance_tags = tags([
            ("Name", name.as_str()),
            ("Environment", instance.env),
            ("Application", instance.app),
        ]);
        if instance.asg {
            instance_tags.push(Tag::new(
                "aws:autoscaling:groupName",
                format!("{}-{}-asg", instance.env, instance.app),
            ));
        }
        let image = IdSpace::shared().raw(Kind::Image, region_index * 8 + instance.image as usize);
        InstanceOut {
            architecture: arch,
            block_device_mappings: vec![BlockDevice {
                device_name: root,
                ebs: Ebs {
                    attach_time: iso(instance.launch),
                    delete_on_termination: true,
                    status: "attached",
                    volume_id: hex_id("vol", derive(instance.raw, TAG_VOLUME)),
                },
            }],
            client_token: if instance.asg {
                uuid(instance.raw)
            } else {
                String::new()
            },
            ebs_optimized: !type_name.starts_with("t"),
            ena_support: true,
            hypervisor: "xen",
            iam_instance_profile: instance
                .profile
                .and_then(|p| self.profiles.get(p as usize))
                .map(|p| IamInstanceProfile {
                    arn: &p.arn,
                    id: &p.id,
                }),
            network_interfaces: vec![InstanceNetworkInterface {
                association: public_again,
                attachment: InstanceAttachment {
                    attach_time: iso(instance.launch),
                    attachment_id: hex_id("eni-attach", derive(eni.raw, TAG_ATTACH)),
                    delete_on_termination: true,
                    device_index: 0,
                    status: "attached",
                    network_card_index: 0,
                },
                description: String::new(),
                groups: self.groups(&eni.groups),
                ipv6_addresses: self.ipv6_addresses(e),
                mac_address: self.mac(eni.raw),
                network_interface_id: hex_id("eni", eni.raw),
                owner_id: self.account(),
                private_dns_name: private_dns.clone(),
                private_ip_address: ipv4(eni.ip),
                private_ip_addresses: vec![InstancePrivateIp {
                    association: public,
                    primary: true,
                    private_dns_name: private_dns.clone(),
                    private_ip_address: ipv4(eni.ip),
                }],
                source_dest_check: true,
                status: "in-use",
                subnet_id: self.subnet_id(eni.subnet),
                vpc_id: self.vpc_id(subnet.vpc),
                interface_type: "interface",
                operator: Operator { managed: false },
            }],
            root_device_name: root,
            root_device_type: "ebs",
            security_groups: self.groups(&eni.groups),
            source_dest_check: true,
            state_reason: (!instance.running).then_some(StateReason {
                code: "Client.UserInitiatedShutdown",
                message: "Client.UserInitiatedShutdown: User initiated shutdown",
            }),
            tags: instance_tags,
            virtualization_type: "hvm",
            cpu_options: CpuOptions {
                core_count: cores,
                threads_per_core: threads,
            },
            capacity_reservation_specification: CapacityReservationSpecification {
                capacity_reservation_preference: "open",
            },
            hibernation_options: Configured { configured: false },
            metadata_options: MetadataOptions {
                state: "applied",
                http_tokens: if instance.imds_v2 {
                    "required"
                } else {
                    "optional"
                },
                http_put_response_hop_limit: if instance.imds_v2 { 2 } else { 1 },
                http_endpoint: "enabled",
                http_protocol_ipv6: "disabled",
                instance_metadata_tags: "disabled",
            },
            enclave_options: Enabled { enabled: false },
            platform_details: if windows { "Windows" } else { "Linux/UNIX" },
            usage_operation: if windows {
                "RunInstances:0002"
            } else {
                "RunInstances"
            },
            usage_operation_update_time: iso(instance.launch),
            private_dns_name_options: IP_NAME,
            maintenance_options: MaintenanceOptions {
                auto_recovery: "default",
            },
            current_instance_boot_mode: if arch == "arm64" {
                "uefi"
            } else {
                "legacy-bios"
            },
            instance_id: id,
            image_id: hex_id("ami", image),
            state: if instance.running {
                InstanceState {
                    code: 16,
                    name: "running",
                }
            } else {
                InstanceState {
                    code: 80,
                    name: "stopped",
                }
            },
            private_dns_name: private_dns,
            public_dns_name: eni
                .public
                .map(|p| self.public_dns(region, p.ip))
                .unwrap_or_default(),
            state_transition_reason: if instance.running {
                String::new()
            } else {
                format!("User initiated ({})", gmt(instance.stopped_at))
            },
            key_name: instance.key.map(|k| KEY_NAMES[k as usize]),
            ami_launch_index: launch_index,
            product_codes: [],
            instance_type: type_name,
            launch_time: iso(instance.launch),
            placement: Placement {
                group_name: "",
                tenancy: "default",
                availability_zone: region.azs[subnet.az as usize],
            },
            platform: windows.then_some("windows"),
            monitoring: State { state: "disabled" },
            subnet_id: self.subnet_id(eni.subnet),
            vpc_id: self.vpc_id(subnet.vpc),
            private_ip_address: ipv4(eni.ip),
            public_ip_address: eni.public.map(|p| ipv4(p.ip)),
        }
    }

    fn reservation(self, r: u32) -> ReservationOut<'a> {
        let reservation = &self.net.reservations[r as usize];
        ReservationOut {
            reservation_id: hex_id("r", reservation.raw),
            owner_id: self.account(),
            groups: [],
            instances: (0..reservation.count)
                .map(|k| self.instance(reservation.first + k, k))
                .collect(),
        }
    }

    fn address(self, a: u32) -> AddressOut {
        let address = &self.net.addresses[a as usize];
        let region = self.net.regions[address.region as usize];
        let eni = address.eni.map(|e| &self.net.enis[e as usize]);
        AddressOut {
            allocation_id: hex_id("eipalloc", address.alloc),
            association_id: eni.map(|_| hex_id("eipassoc", derive(address.alloc, TAG_ASSOC))),
            domain: "vpc",
            network_interface_id: eni.map(|e| hex_id("eni", e.raw)),
            network_interface_owner_id: eni.map(|_| self.account()),
            private_ip_address: eni.map(|e| ipv4(e.ip)),
            tags: eni.is_none().then(|| tags([("Name", "reserved")])),
            public_ipv4_pool: "amazon",
            network_border_group: region.name,
            instance_id: address
                .instance
                .map(|i| hex_id("i", self.net.instances[i as usize].raw)),
            public_ip: ipv4(address.ip),
        }
    }
}

/// Queues the EC2 files of every region of the account under `prefix/<region>/ec2/`.
pub(crate) fn write_jobs<'a>(
    net: &'a Network,
    ctx: &'a AccountCtx<'a>,
    profiles: &'a [ProfileRef],
    sink: &'a Sink,
    prefix: &Path,
    jobs: &mut Vec<Job<'a>>,
) {
    let view = View { net, ctx, profiles };
    let page = sink.page_size();
    for (r, region) in net.regions.iter().enumerate() {
        let r = r as u8;
        let dir = prefix.join(region.name).join("ec2");
        let in_region = |vpc: u32| net.vpcs[vpc as usize].region == r;
        let select = |len: usize, keep: &dyn Fn(usize) -> bool| -> Vec<u32> {
            (0..len).filter(|&i| keep(i)).map(|i| i as u32).collect()
        };
        let vpcs = select(net.vpcs.len(), &|v| in_region(v as u32));
        let subnets = select(net.subnets.len(), &|s| in_region(net.subnets[s].vpc));
        let igws = select(net.vpcs.len(), &|v| {
            in_region(v as u32) && net.vpcs[v].igw.is_some()
        });
        let nats = select(net.nats.len(), &|n| in_region(net.nats[n].vpc));
        let tables = select(net.route_tables.len(), &|t| {
            in_region(net.route_tables[t].vpc)
        });
        let acls = select(net.nacls.len(), &|a| in_region(net.nacls[a].vpc));
        let groups = select(net.sgs.len(), &|g| in_region(net.sgs[g].vpc));
        let enis = select(net.enis.len(), &|e| {
            in_region(net.subnets[net.enis[e].subnet as usize].vpc)
        });
        let reservations = select(net.reservations.len(), &|x| net.reservations[x].region == r);
        let addresses = select(net.addresses.len(), &|a| net.addresses[a].region == r);

        let even = |items: &Vec<u32>| pages(items.len(), page);
        let ranges = even(&vpcs);
        paged(
            jobs,
            sink,
            &dir,
            "describe-vpcs",
            "Vpcs",
            vpcs,
            ranges,
            move |v| view.vpc(v),
        );
        let ranges = even(&subnets);
        paged(
            jobs,
            sink,
            &dir,
            "describe-subnets",
            "Subnets",
            subnets,
            ranges,
            move |s| view.subnet(s),
        );
        let ranges = even(&tables);
        paged(
            jobs,
            sink,
            &dir,
            "describe-route-tables",
            "RouteTables",
            tables,
            ranges,
            move |t| view.route_table(t),
        );
        let ranges = even(&igws);
        paged(
            jobs,
            sink,
            &dir,
            "describe-internet-gateways",
            "InternetGateways",
            igws,
            ranges,
            move |v| view.internet_gateway(v),
        );
        let ranges = even(&nats);
        paged(
            jobs,
            sink,
            &dir,
            "describe-nat-gateways",
            "NatGateways",
            nats,
            ranges,
            move |n| view.nat_gateway(n),
        );
        let ranges = even(&groups);
        paged(
            jobs,
            sink,
            &dir,
            "describe-security-groups",
            "SecurityGroups",
            groups,
            ranges,
            move |g| view.security_group(g),
        );
        let ranges = even(&acls);
        paged(
            jobs,
            sink,
            &dir,
            "describe-network-acls",
            "NetworkAcls",
            acls,
            ranges,
            move |a| view.network_acl(a),
        );
        let ranges = even(&enis);
        paged(
            jobs,
            sink,
            &dir,
            "describe-network-interfaces",
            "NetworkInterfaces",
            enis,
            ranges,
            move |e| view.network_interface(e),
        );
        let ranges = reservation_pages(net, &reservations, page);
        paged(
            jobs,
            sink,
            &dir,
            "describe-instances",
            "Reservations",
            reservations,
            ranges,
            move |x| view.reservation(x),
        );
        let ranges = even(&addresses);
        paged(
            jobs,
            sink,
            &dir,
            "describe-addresses",
            "Addresses",
            addresses,
            ranges,
            move |a| view.address(a),
        );
    }
}

/// Pages of whole reservations holding at most `page` instances each (a reservation never
/// has more instances than a page).
fn reservation_pages(net: &Network, reservations: &[u32], page: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut instances = 0;
    for (i, &r) in reservations.iter().enumerate() {
        let count = net.reservations[r as usize].count as usize;
        if instances + count > page && i > start {
            out.push(start..i);
            start = i;
            instances = 0;
        }
        instances += count;
    }
    if start < reservations.len() || out.is_empty() {
        out.push(start..reservations.len());
    }
    out
}

/// Queues one paginated output: `items` (indices) rendered by `render`, one file per range.
#[allow(clippy::too_many_arguments)]
fn paged<'a, O, F>(
    jobs: &mut Vec<Job<'a>>,
    sink: &'a Sink,
    dir: &Path,
    stem: &str,
    key: &'static str,
    items: Vec<u32>,
    ranges: Vec<Range<usize>>,
    render: F,
) where
    O: Serialize,
    F: Fn(u32) -> O + Clone + Send + 'a,
{
    let count = ranges.len();
    for (page, range) in ranges.into_iter().enumerate() {
        let chunk: Vec<u32> = items[range].to_vec();
        let path = dir.join(page_name(stem, page, count));
        let render = render.clone();
        jobs.push(Box::new(move || {
            sink.write(&path, &Keyed(key, &Rendered(&chunk, |i: &u32| render(*i))))
        }));
    }
}
