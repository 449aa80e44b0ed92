//! What the commands print besides their output: warnings, one line each,
//! and progress bars on stderr (hidden when stderr is no terminal or with
//! `--quiet`).

use bitext::align::Warning;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

pub(crate) fn progress_bar(len: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg:20} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

pub(crate) fn warn(quiet: bool, message: &str) {
    if !quiet {
        eprintln!("bitext: warning: {message}");
    }
}

/// Prints warnings the library returned, one line each.
pub(crate) fn print_warnings(warnings: &[Warning], quiet: bool) {
    for warning in warnings {
        warn(quiet, &warning.to_string());
    }
}

/// Prints the warnings not printed yet (a source aligned with several
/// renderings is warned about once).
pub(crate) fn print_new_warnings(
    warnings: &[Warning],
    printed: &mut std::collections::HashSet<Warning>,
    quiet: bool,
) {
    for warning in warnings {
        if printed.insert(warning.clone()) {
            warn(quiet, &warning.to_string());
        }
    }
}
