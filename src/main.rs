//! The `bitext` command: parse the command line, run the library, report
//! errors in one line, exit non-zero on failure.

#![deny(unsafe_code)]

mod cli;
mod commands;
mod config;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let config = match args.into_config() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("bitext: {err:#}");
            return ExitCode::from(2);
        }
    };
    match commands::run(&config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bitext: {err:#}");
            ExitCode::FAILURE
        }
    }
}
