use thiserror::Error;

/// An identifier that does not have the shape AWS gives it.
#[derive(Debug, Clone, PartialEq, Eq, Error, miette::Diagnostic)]
#[non_exhaustive]
pub enum Error {
    /// The text is not an ARN.
    #[error("invalid ARN {input:?}: {reason}")]
    #[diagnostic(
        code(keyaki::invalid_arn),
        help(
            "an ARN reads arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, for example arn:aws:iam::123456789012:user/alice"
        )
    )]
    InvalidArn {
        /// The text that was given.
        input: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The text is not a 12-digit account id.
    #[error("invalid account id {input:?}: expected 12 digits")]
    #[diagnostic(code(keyaki::invalid_account_id))]
    InvalidAccountId {
        /// The text that was given.
        input: String,
    },
    /// The text is not a region code.
    #[error("invalid region {input:?}: expected a region code such as us-east-1")]
    #[diagnostic(code(keyaki::invalid_region))]
    InvalidRegion {
        /// The text that was given.
        input: String,
    },
    /// The text is not a severity name.
    #[error(
        "invalid severity {input:?}: expected one of informational, low, medium, high, critical"
    )]
    #[diagnostic(code(keyaki::invalid_severity))]
    InvalidSeverity {
        /// The text that was given.
        input: String,
    },
}
