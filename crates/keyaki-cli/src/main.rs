//! `keyaki`: AWS security answers from an account snapshot and its logs, offline.
//!
//! This crate only parses arguments and wires the engines to the renderers; each command
//! lives in its own module under `commands/`.

mod cli;
mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command, PolicyCommand, SnapshotCommand};

/// How a run ended, as the process exit code (docs/cli.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// The command did its job.
    Success,
    /// Bad input, an unreadable file, or another error.
    Error,
    /// Findings at or above `--fail-on`.
    Findings,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Error => ExitCode::from(1),
            ExitStatus::Findings => ExitCode::from(3),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Inventory(args) => commands::inventory::run(args),
        Command::Snapshot {
            command: SnapshotCommand::Validate(args),
        } => commands::validate::run(args),
        Command::Demo(args) => commands::demo::run(args),
        Command::Synth(args) => commands::synth::run(args),
        Command::Exposure(args) => commands::exposure::run(args),
        Command::Reach(args) => commands::reach::run(args),
        Command::Egress(args) => commands::egress::run(args),
        Command::Ingest(args) => commands::ingest::run(args),
        Command::Query(args) => commands::query::run(args),
        Command::Detect(args) => commands::detect::run(args),
        Command::Timeline(args) => commands::timeline::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Can(args) => commands::iam::can(args),
        Command::WhoCan(args) => commands::iam::who_can(args),
        Command::WhatCan(args) => commands::iam::what_can(args),
        Command::Simulate(args) => commands::iam::simulate(args),
        Command::Policy {
            command: PolicyCommand::Validate(args),
        } => commands::iam::policy_validate(args),
        Command::Diff(args) => commands::diff::run(args),
        Command::History(args) => commands::history::run(args),
        Command::Audit(args) => commands::audit::run(args),
    };
    match result {
        Ok(status) => status.into(),
        Err(error) => {
            if output::is_broken_pipe(&error) {
                // `keyaki inventory ... | head`: the reader has what it wanted.
                return ExitCode::SUCCESS;
            }
            output::print_error(&error);
            ExitStatus::Error.into()
        }
    }
}
