//! Where results go, and how errors are shown.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, bail};
use keyaki_report::RenderOptions;

/// Standard output, or the file given with `--output`, buffered.
pub fn open(path: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        Some(path) => {
            let file = File::create(path)
                .with_context(|| format!("{}: cannot create the output file", path.display()))?;
            Box::new(BufWriter::new(file))
        }
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

/// Whether colours may be used on standard output.
pub fn color_stdout() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
}

/// Whether the error is a closed pipe on standard output.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<keyaki_report::Error>()
                .is_some_and(keyaki_report::Error::is_broken_pipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(io::ErrorKind::BrokenPipe))
    })
}

/// Prints an error and its causes to standard error: `error: ...`, then `  caused by: ...`,
/// then the `hint: ...` that an engine's diagnostic offers.
pub fn print_error(error: &anyhow::Error) {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "error: {error}");
    for cause in error.chain().skip(1) {
        let _ = writeln!(stderr, "  caused by: {cause}");
    }
    let hints = error.chain().filter_map(|cause| {
        let diagnostic: &dyn miette::Diagnostic = cause.downcast_ref::<keyaki_lake::Error>()?;
        diagnostic.help().map(|help| help.to_string())
    });
    for hint in hints {
        let _ = writeln!(stderr, "hint: {hint}");
    }
}

/// Refuses to write a binary format (xlsx) to a terminal.
pub fn refuse_binary_on_terminal(binary: bool, path: Option<&Path>) -> anyhow::Result<()> {
    if binary && path.is_none() && io::stdout().is_terminal() {
        bail!(
            "an xlsx workbook is binary: give --output FILE.xlsx, or redirect standard output to a file"
        );
    }
    Ok(())
}

/// How tables are drawn: coloured and fitted to the terminal on standard output, plain and
/// unbounded in a file.
pub fn table_options(path: Option<&Path>) -> RenderOptions {
    match path {
        Some(_) => RenderOptions::new().color(false).width(None),
        None => RenderOptions::new().color(color_stdout()),
    }
}
