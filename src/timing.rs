//! Phase timing for profiling long runs: with `BITEXT_TIMING` set in the
//! environment, each [`phase`] prints its label, the wall-clock seconds
//! since the previous one (and since the first) and, where `/proc` tells,
//! the CPU seconds the process spent meanwhile, to stderr; otherwise it
//! does nothing.

use std::sync::Mutex;
use std::time::Instant;

/// First mark, previous mark, CPU seconds at the previous mark.
static LAST: Mutex<Option<(Instant, Instant, f64)>> = Mutex::new(None);

/// User and system CPU seconds of the process so far, from
/// `/proc/self/stat` (in clock ticks, assumed 100 a second).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses).
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split(' ').skip(11);
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some((user + system) / 100.0)
}

/// Whether `BITEXT_TIMING` is set.
pub fn enabled() -> bool {
    static ON: std::sync::LazyLock<bool> =
        std::sync::LazyLock::new(|| std::env::var_os("BITEXT_TIMING").is_some());
    *ON
}

/// Marks the end of a phase.
pub fn phase(label: &str) {
    if !enabled() {
        return;
    }
    let now = Instant::now();
    let cpu = cpu_seconds().unwrap_or(f64::NAN);
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    let (first, prev, prev_cpu) = last.get_or_insert((now, now, cpu));
    eprintln!(
        "timing: {label}: {:.3} s, cpu {:.2} s (at {:.3} s)",
        (now - *prev).as_secs_f64(),
        cpu - *prev_cpu,
        (now - *first).as_secs_f64()
    );
    *prev = now;
    *prev_cpu = cpu;
}
