//! Network reachability for keyaki: exact VPC semantics, hop-by-hop answers.
//!
//! [`Network::build`] indexes the VPC resources of a [`keyaki_snapshot::Snapshot`] once
//! (VPCs, subnets, route tables, gateways, security groups, network ACLs, ENIs, peering,
//! transit gateways, load balancers). Three questions are asked of it:
//!
//! - [`exposure`]: every ENI the internet can reach, directly or through an internet-facing
//!   load balancer, with the exact flows ([`Exposure`]: protocol, port ranges, sources) and
//!   the rule or route that admits them at every hop, both ways. [`ExposureReport::to_findings`]
//!   turns them into [`keyaki_core::Finding`]s for the rule engine.
//! - [`reach`]: can A reach B ([`ReachQuery`]); the path, or the first hop that blocks it,
//!   why, and what change would open it ([`ReachAnswer`]). [`trace`] walks one given packet;
//!   [`reachable_flows`] gives the exact set of flows that get through.
//! - [`egress`]: which ENIs can reach the internet, through which gateway.
//!
//! Answers are computed on [`FlowSet`]s, exact sets of flows (source, destination,
//! protocol, source port, destination port; IPv4 and IPv6) kept as unions of disjoint boxes,
//! and checked against a concrete packet tracer. The AWS rules implemented, each with its
//! documentation page, are listed in `docs/network.md`.
//!
//! ```
//! use keyaki_net::{FlowSet, Packet, Prefix};
//!
//! let ssh: FlowSet = FlowSet::cube(
//!     "0.0.0.0/0".parse::<Prefix>()?,
//!     "10.0.0.12/32".parse()?,
//!     (6, 6),
//!     (0, 65535),
//!     (22, 22),
//! );
//! let scanner = FlowSet::cube(
//!     "198.51.100.0/24".parse()?,
//!     "0.0.0.0/0".parse()?,
//!     (0, 255),
//!     (0, 65535),
//!     (0, 65535),
//! );
//! let allowed = ssh.subtract(&scanner);
//! assert_eq!(
//!     allowed.describe(),
//!     ["tcp 22 from 0.0.0.0/0 except 198.51.100.0/24 to 10.0.0.12/32"]
//! );
//! let p = Packet::tcp("203.0.113.9".parse()?, 50000, "10.0.0.12".parse()?, 22);
//! assert!(allowed.contains(&p));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! On a snapshot:
//!
//! ```no_run
//! use keyaki_net::{Network, ReachQuery, exposure, reach};
//!
//! let snapshot = keyaki_snapshot::Snapshot::load("examples/incident-3tier")?;
//! let net = Network::build(&snapshot);
//! for e in exposure(&net).findings {
//!     println!("{} {} {:?} from {}", e.eni_id, e.protocol, e.port_ranges, e.sources_text);
//! }
//! let answer = reach(&net, &ReachQuery {
//!     from: "internet".parse()?,
//!     to: "i-dbe834b4ae262edd3".parse()?,
//!     protocol: Some("tcp".parse()?),
//!     port: Some(22),
//! })?;
//! println!("{}", serde_json::to_string_pretty(&answer)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod addr;
mod egress;
mod error;
mod exposure;
mod flowset;
mod listener;
mod model;
mod reach;
mod routing;
mod rules;

pub use addr::{Family, Prefix, Ranges};
pub use egress::{Egress, EgressReport, NoEgress, egress};
pub use error::Error;
pub use exposure::{
    Exposure, ExposureReport, Hop, RiskyPort, ShadowedRule, UnreachableOpenRule, exposure,
};
pub use flowset::{FlowSet, FlowSummary, Packet, proto, protocol_name};
pub use model::{Gap, Network, NetworkCounts};
pub use reach::{
    Blocked, Endpoint, Protocol, ReachAnswer, ReachQuery, reach, reachable_flows, trace,
};
pub use routing::Target;
pub use rules::AclDecision;
