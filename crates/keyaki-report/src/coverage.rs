//! How much of each compliance framework a run covers: the generic shape the workbook and the
//! HTML report draw, filled by whoever knows the frameworks (`keyaki check`).

/// The frameworks a run bears on, each with every one of its requirements.
///
/// ```
/// use keyaki_report::{Coverage, CoverageStatus, FrameworkCoverage, RequirementCoverage};
///
/// let coverage = Coverage::new(vec![FrameworkCoverage {
///     id: "cis-3.0".into(),
///     name: "CIS Amazon Web Services Foundations Benchmark v3.0.0".into(),
///     requirements: vec![RequirementCoverage {
///         id: "1.5".into(),
///         title: "Ensure MFA is enabled for the root user account".into(),
///         status: CoverageStatus::Automated,
///         rules: vec!["iam.root-mfa".into()],
///         pass: 0,
///         fail: 1,
///     }],
/// }]);
/// assert_eq!(coverage.frameworks()[0].automated(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    frameworks: Vec<FrameworkCoverage>,
}

impl Coverage {
    /// Coverage of these frameworks, in the order given.
    pub fn new(frameworks: Vec<FrameworkCoverage>) -> Self {
        Self { frameworks }
    }

    /// The frameworks, in the order given.
    pub fn frameworks(&self) -> &[FrameworkCoverage] {
        &self.frameworks
    }

    /// The full name of the framework with id `id`, if it is covered.
    pub fn framework_name(&self, id: &str) -> Option<&str> {
        self.frameworks
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.name.as_str())
    }
}

/// One framework and every one of its requirements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkCoverage {
    /// The id used in findings' `compliance` (`cis-3.0`, `fsbp`).
    pub id: String,
    /// The full name.
    pub name: String,
    /// Every requirement, in the framework's order.
    pub requirements: Vec<RequirementCoverage>,
}

impl FrameworkCoverage {
    /// How many requirements have this status.
    pub fn count(&self, status: CoverageStatus) -> usize {
        self.requirements
            .iter()
            .filter(|r| r.status == status)
            .count()
    }

    /// How many requirements a rule checks.
    pub fn automated(&self) -> usize {
        self.count(CoverageStatus::Automated)
    }

    /// How many requirements have at least one failing result.
    pub fn failing(&self) -> usize {
        self.requirements.iter().filter(|r| r.fail > 0).count()
    }

    /// How many requirements were checked and have only passing results.
    pub fn passing(&self) -> usize {
        self.requirements
            .iter()
            .filter(|r| r.fail == 0 && r.pass > 0)
            .count()
    }
}

/// One requirement: whether keyaki checks it, by which rules, and what they found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequirementCoverage {
    /// Its id within the framework (`1.4`, `EC2.8`, `AC-2(1)`).
    pub id: String,
    /// Its title; may be empty.
    pub title: String,
    /// Whether a rule checks it.
    pub status: CoverageStatus,
    /// The rules that check it.
    pub rules: Vec<String>,
    /// Passing results of those rules in this run.
    pub pass: usize,
    /// Failing results (not suppressed) of those rules in this run.
    pub fail: usize,
}

/// Whether a requirement is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CoverageStatus {
    /// At least one rule checks it.
    Automated,
    /// The framework says it is assessed by hand, or configuration cannot decide it.
    Manual,
    /// No rule checks it yet.
    NotYet,
}

impl CoverageStatus {
    /// `automated`, `manual` or `not yet`.
    pub fn as_str(self) -> &'static str {
        match self {
            CoverageStatus::Automated => "automated",
            CoverageStatus::Manual => "manual",
            CoverageStatus::NotYet => "not yet",
        }
    }
}

impl std::fmt::Display for CoverageStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
