//! `bitext eval`: bead files scored against gold, as a table or JSON, with
//! the calibration table on request.

use crate::config::EvalConfig;
use anyhow::Result;
use std::io::Write;

pub(crate) fn run(c: &EvalConfig) -> Result<()> {
    let evaluation = bitext::eval::evaluate_paths(&c.gold, &c.test)?;
    let mut out = std::io::stdout().lock();
    if c.json {
        let mut value = serde_json::to_value(&evaluation)?;
        if !c.calibration
            && let Some(map) = value.as_object_mut()
        {
            map.remove("calibration");
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    write!(out, "{}", evaluation.total)?;
    if evaluation.documents.len() > 1 {
        writeln!(out)?;
        write!(out, "{}", evaluation.breakdown())?;
    }
    if c.calibration {
        writeln!(out)?;
        match &evaluation.calibration {
            Some(calibration) => write!(out, "{calibration}")?,
            None => writeln!(out, "no calibration: the test beads carry no scores")?,
        }
    }
    Ok(())
}
