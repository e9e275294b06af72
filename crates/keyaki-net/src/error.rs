//! The errors of the network engine.

/// What can go wrong when asking the network engine a question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A CIDR block or address that does not parse.
    #[error("not a CIDR block or IP address: {text:?}")]
    BadCidr {
        /// The text.
        text: String,
    },
    /// An endpoint of `reach` that names nothing in the snapshot.
    #[error("{what} {id:?} is not in the snapshot")]
    UnknownEndpoint {
        /// What kind of endpoint was looked for.
        what: &'static str,
        /// The id or address given.
        id: String,
    },
    /// An endpoint that is ambiguous (an id in several accounts or regions).
    #[error(
        "{id:?} names {count} resources (in several accounts or regions); give an ENI id instead"
    )]
    AmbiguousEndpoint {
        /// The id.
        id: String,
        /// How many resources it names.
        count: usize,
    },
    /// A protocol name that is not `tcp`, `udp`, `icmp`, `icmpv6`, `all` or a number.
    #[error("unknown protocol {text:?}: expected tcp, udp, icmp, icmpv6, all or a number 0-255")]
    BadProtocol {
        /// The text.
        text: String,
    },
}
