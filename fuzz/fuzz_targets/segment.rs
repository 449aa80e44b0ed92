//! Fuzzes segmentation: arbitrary bytes decoded as the CLI reads a text file, then split into Chinese and English sentences.
//! The checks live in `tests/fuzz_regressions/check.rs`, shared with the
//! regression tests that replay saved crashers on stable.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/fuzz_regressions/check.rs"]
#[allow(dead_code)]
mod check;

fuzz_target!(|data: &[u8]| {
    let _ = check::segment(data);
});
