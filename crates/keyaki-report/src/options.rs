//! How text output for people is laid out: colour and width.

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

    /// The time to stamp findings with (ISO 8601 UTC) in formats that carry one (ASFF);
    /// the current time when unset.
    pub fn timestamp(mut self, iso8601: impl Into<String>) -> Self {
        self.timestamp = Some(iso8601.into());
        self
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
