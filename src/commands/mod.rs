//! The commands of the `bitext` binary, one file each, run from the plain
//! [`Config`] the command line was turned into. This is the edge: library
//! errors get their context (the file they concern) for the one-line
//! message `main` prints, and the warnings the library returns are printed
//! here ([`report`]).

mod align;
mod anchors;
mod batch;
mod check;
mod compare;
mod eval;
mod import;
mod inputs;
mod outputs;
mod report;
mod review;
mod segment;

use crate::config::{Command, Config};
use anyhow::Result;
pub(crate) use outputs::creation_date;

/// Runs one command.
pub(crate) fn run(config: &Config) -> Result<()> {
    let result = match &config.command {
        Command::Segment(c) => segment::run(c),
        Command::Align(c) => align::run(c, config.quiet),
        Command::Eval(c) => eval::run(c),
        Command::Compare(c) => compare::run(c, config.quiet),
        Command::Import(c) => import::run(c, config.quiet),
        Command::Review(c) => review::run(c, config.quiet),
        Command::Check(c) => check::run(c),
    };
    match result {
        // A closed pipe (`bitext segment … | head`) is not an error.
        Err(e) if is_broken_pipe(&e) => Ok(()),
        other => other,
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
