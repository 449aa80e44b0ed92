//! Fuzzes the TMX reader and the TMX → alignment import with arbitrary bytes.
//! The checks live in `tests/fuzz_regressions/check.rs`, shared with the
//! regression tests that replay saved crashers on stable.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/fuzz_regressions/check.rs"]
#[allow(dead_code)]
mod check;

fuzz_target!(|data: &[u8]| {
    let _ = check::tmx(data);
});
