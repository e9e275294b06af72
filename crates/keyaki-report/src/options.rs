//! How output is laid out and labelled: colour and width for people, the time stamp, the kind
//! of findings, and framework coverage.

use crate::Coverage;

/// Settings for the formats that people read in a terminal.
///
/// The default writes plain text (no colour) and fits tables to the terminal when standard
/// output is one; piped output is never wrapped. The caller decides about colour, from
/// `NO_COLOR` and whether the output is a terminal, and passes the answer in.
///
/// ```
/// use keyaki_report::RenderOptions;
///
/// let for_a_file = RenderOptions::new().width(None);
/// let for_a_terminal = RenderOptions::new().color(true);
/// # let _ = (for_a_file, for_a_terminal);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    color: bool,
    width: Width,
    timestamp: Option<String>,
    kind: FindingKind,
    coverage: Option<Coverage>,
    title: Option<String>,
}

/// What produced the findings, for formats that classify them (OCSF).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FindingKind {
    /// Failed checks of configuration against rules and frameworks (`keyaki check`): OCSF
    /// Compliance Finding.
    #[default]
    Compliance,
    /// Detections of activity in logs (`keyaki detect`): OCSF Detection Finding.
    Detection,
}

/// How wide a table may be.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Width {
    /// The terminal's width when standard output is a terminal, else unlimited.
    #[default]
    Terminal,
    /// At most this many characters; `None` never wraps.
    Fixed(Option<u16>),
}

impl RenderOptions {
    /// Plain output, fitted to the terminal when standard output is one.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether to colour the output with ANSI escape codes.
    pub fn color(mut self, color: bool) -> Self {
        self.color = color;
        self
    }

    /// Wraps tables to at most `width` characters, whatever standard output is; `None` never
    /// wraps (for output to a file).
    pub fn width(mut self, width: Option<u16>) -> Self {
        self.width = Width::Fixed(width);
        self
    }

    /// The time to stamp findings with (ISO 8601 UTC, `2026-03-14T12:00:00Z`) in formats that
    /// carry one (ASFF, OCSF, HTML); the current time when unset.
    pub fn timestamp(mut self, iso8601: impl Into<String>) -> Self {
        self.timestamp = Some(iso8601.into());
        self
    }

    /// What produced the findings; [`FindingKind::Compliance`] by default.
    pub fn kind(mut self, kind: FindingKind) -> Self {
        self.kind = kind;
        self
    }

    /// The frameworks the run covers, requirement by requirement: the workbook gets one
    /// worksheet per framework and the HTML report a coverage section. Framework names also
    /// name the standards in OCSF.
    pub fn coverage(mut self, coverage: Coverage) -> Self {
        self.coverage = Some(coverage);
        self
    }

    /// The heading of the HTML report (`keyaki check` by default).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    pub(crate) fn kind_value(&self) -> FindingKind {
        self.kind
    }

    pub(crate) fn coverage_value(&self) -> Option<&Coverage> {
        self.coverage.as_ref()
    }

    pub(crate) fn title_value(&self) -> Option<&str> {
        self.title.as_deref()
    }

    /// The stamp: the one given, else the current time.
    pub(crate) fn now_iso8601(&self) -> String {
        self.timestamp
            .clone()
            .unwrap_or_else(crate::asff::now_iso8601)
    }

    pub(crate) fn timestamp_value(&self) -> Option<&str> {
        self.timestamp.as_deref()
    }

    pub(crate) fn uses_color(&self) -> bool {
        self.color
    }

    pub(crate) fn table_width(&self) -> Width {
        self.width
    }
}
