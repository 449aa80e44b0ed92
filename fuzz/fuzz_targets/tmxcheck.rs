//! Fuzzes `bitext check` (the TMX check, every profile) with arbitrary bytes.
//! The checks live in `tests/fuzz_regressions/check.rs`, shared with the
//! regression tests that replay saved inputs on stable.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/fuzz_regressions/check.rs"]
#[allow(dead_code)]
mod check;

fuzz_target!(|data: &[u8]| {
    let _ = check::tmxcheck(data);
});
