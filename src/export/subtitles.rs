//! Subtitles out (SRT and WebVTT), for an alignment whose source (or, when
//! the source has none, target) came from a subtitle file: the timed
//! side's own cues, times and text as the file had them, each with the
//! translation that falls in it ([`SubtitleText::Both`], a bilingual
//! subtitle file), or the translation alone re-timed onto those cues
//! ([`SubtitleText::Translation`]).
//!
//! A bead's translation is shared among the cues its sentences were cut
//! from, in proportion to the characters each cue holds, cut at a word (or
//! after punctuation, where there is some near the proportional point). A
//! bead with nothing on the timed side (an added sentence) goes with the
//! cue before it.

use super::{ExportOptions, Exporter, Report};
use crate::model::{Alignment, Document, Lang, clock, cue_pieces};
use std::io::{self, Write};

/// `--subtitles`: what a subtitle output holds in each cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SubtitleText {
    /// The cue's own text, then its translation.
    #[default]
    Both,
    /// The translation only, on the original cue times.
    Translation,
}

/// Writes SubRip (`.srt`) or, with `vtt`, WebVTT subtitles.
pub struct Subtitles {
    pub vtt: bool,
}

/// Longest translation line before it is wrapped: in characters, and in
/// Chinese characters.
const LINE: usize = 42;
const LINE_ZH: usize = 18;

impl Exporter for Subtitles {
    fn write(
        &self,
        alignment: &Alignment,
        options: &ExportOptions,
        out: &mut dyn Write,
    ) -> io::Result<Report> {
        let Some((timed, other, translated)) = translations(alignment) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "srt and vtt outputs need a subtitle input (SRT or WebVTT): neither text has cue times",
            ));
        };
        let lang = Lang::from_tag(&other.lang);
        let separator = if self.vtt { '.' } else { ',' };
        if self.vtt {
            writeln!(out, "WEBVTT\n")?;
        }
        let (mut number, mut dropped) = (0, 0);
        for (cue, translation) in timed.cues.iter().zip(&translated) {
            let mut lines: Vec<String> = Vec::new();
            if options.subtitles == SubtitleText::Both {
                lines.extend(cue.text.lines().map(str::to_string));
            }
            lines.extend(wrap(translation, lang));
            if lines.is_empty() {
                continue;
            }
            number += 1;
            if !self.vtt {
                writeln!(out, "{number}")?;
            }
            let (start, end) = (clock(cue.start_ms, separator), clock(cue.end_ms, separator));
            writeln!(out, "{start} --> {end}")?;
            for line in lines {
                let kept: String = line.chars().filter(|c| !c.is_control()).collect();
                dropped += line.chars().count() - kept.chars().count();
                let line = if self.vtt { vtt_escape(&kept) } else { kept };
                writeln!(out, "{line}")?;
            }
            writeln!(out)?;
        }
        Ok(Report::dropped(
            dropped,
            if self.vtt { "WebVTT" } else { "SRT" },
        ))
    }
}

/// The timed document, the other one, and for each cue of the timed one
/// the translation that falls in it (`None` when neither has cues).
fn translations(alignment: &Alignment) -> Option<(&Document, &Document, Vec<String>)> {
    let source_timed = !alignment.source.cues.is_empty();
    let (timed, other) = match (source_timed, alignment.target.cues.is_empty()) {
        (true, _) => (&alignment.source, &alignment.target),
        (false, false) => (&alignment.target, &alignment.source),
        (false, true) => return None,
    };
    let pieces = cue_pieces(&timed.cues, &timed.segments);
    // Which bead each timed segment is in.
    let mut bead_of = vec![None; timed.segments.len()];
    for (b, bead) in alignment.beads.iter().enumerate() {
        let ids = if source_timed {
            &bead.source
        } else {
            &bead.target
        };
        for &id in ids {
            if let Some(slot) = bead_of.get_mut(id) {
                *slot = Some(b);
            }
        }
    }
    // For each bead, the cues its timed text is in with their characters.
    let mut shares: Vec<Vec<(usize, usize)>> = vec![Vec::new(); alignment.beads.len()];
    for (cue, cue_pieces) in pieces.iter().enumerate() {
        for piece in cue_pieces {
            let Some(Some(b)) = bead_of.get(piece.segment) else {
                continue;
            };
            match shares[*b].last_mut() {
                Some((c, chars)) if *c == cue => *chars += piece.chars,
                _ => shares[*b].push((cue, piece.chars)),
            }
        }
    }
    let lang = Lang::from_tag(&other.lang);
    let mut parts: Vec<Vec<String>> = vec![Vec::new(); timed.cues.len()];
    let mut last_cue = 0;
    for (b, bead) in alignment.beads.iter().enumerate() {
        let ids = if source_timed {
            &bead.target
        } else {
            &bead.source
        };
        let text: Vec<String> = ids
            .iter()
            .filter_map(|&id| other.segments.get(id))
            .map(|s| s.as_written())
            .collect();
        let text = text.join(lang.joiner());
        let share = &shares[b];
        if share.is_empty() {
            let cue = last_cue.min(parts.len().saturating_sub(1));
            if let Some(part) = parts.get_mut(cue).filter(|_| !text.is_empty()) {
                part.push(text);
            }
            continue;
        }
        let weights: Vec<usize> = share.iter().map(|&(_, chars)| chars).collect();
        for (&(cue, _), part) in share.iter().zip(split(&text, &weights, lang)) {
            if !part.is_empty() {
                parts[cue].push(part);
            }
        }
        last_cue = share.last().map_or(last_cue, |&(cue, _)| cue);
    }
    let joined = parts.into_iter().map(|p| p.join(lang.joiner())).collect();
    Some((timed, other, joined))
}

/// `text` cut into as many parts as `weights`, each about its weight's
/// share of the characters: at a space (or, in Chinese, anywhere), after
/// punctuation where there is some within a third of a part of the point.
fn split(text: &str, weights: &[usize], lang: Lang) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let total: usize = weights.iter().sum::<usize>().max(1);
    let mut cuts = Vec::with_capacity(weights.len());
    let (mut at, mut sum) = (0, 0);
    for &w in &weights[..weights.len().saturating_sub(1)] {
        sum += w;
        let aim = (chars.len() * sum / total).max(at);
        let reach = (chars.len() * w / total / 3).max(2);
        let cut = best_cut(&chars, at, aim, reach, lang);
        cuts.push(cut);
        at = cut;
    }
    cuts.push(chars.len());
    let mut from = 0;
    cuts.into_iter()
        .map(|to| {
            let part: String = chars[from..to].iter().collect();
            from = to;
            part.trim().to_string()
        })
        .collect()
}

/// The cut nearest `aim` (not before `from`): after punctuation within
/// `reach` if any, else at the nearest space (English) or there (Chinese).
fn best_cut(chars: &[char], from: usize, aim: usize, reach: usize, lang: Lang) -> usize {
    let allowed = |k: usize| {
        k >= from
            && k <= chars.len()
            && (k == chars.len() || lang == Lang::Zh || chars[k] == ' ' || k == from)
    };
    let punct = |k: usize| {
        k > 0
            && matches!(
                chars[k - 1],
                ',' | ';' | ':' | '.' | '!' | '?' | '，' | '、' | '；' | '：' | '。' | '！' | '？'
            )
    };
    let near = |d: usize| [aim.checked_sub(d), Some(aim + d)];
    for d in 0..=reach {
        if let Some(k) = near(d)
            .into_iter()
            .flatten()
            .find(|&k| allowed(k) && punct(k))
        {
            return k;
        }
    }
    for d in 0..=chars.len() {
        if let Some(k) = near(d).into_iter().flatten().find(|&k| allowed(k)) {
            return k;
        }
    }
    chars.len()
}

/// A translation as subtitle lines: one line when it fits, else as few
/// lines as fit, of about equal length (cut at spaces; Chinese anywhere; a
/// word longer than a line stands alone).
fn wrap(text: &str, lang: Lang) -> Vec<String> {
    let text = text.trim();
    let limit = if lang == Lang::Zh { LINE_ZH } else { LINE };
    let length = text.chars().count();
    let lines = length.div_ceil(limit).max(1);
    // The narrowest width at which greedy filling needs no more lines.
    (length.div_ceil(lines)..limit)
        .map(|width| fill(text, width, lang))
        .find(|filled| filled.len() <= lines)
        .unwrap_or_else(|| fill(text, limit, lang))
}

/// Greedy line filling at `width` characters.
fn fill(text: &str, width: usize, lang: Lang) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let units: Vec<String> = if lang == Lang::Zh {
        text.chars().map(String::from).collect()
    } else {
        text.split_whitespace().map(String::from).collect()
    };
    let gap = if lang == Lang::Zh { "" } else { " " };
    for unit in units {
        let wanted = line.chars().count() + gap.len() + unit.chars().count();
        if !line.is_empty() && wanted > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push_str(gap);
        }
        line.push_str(&unit);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn vtt_escape(line: &str) -> String {
    line.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_words_and_punctuation() {
        let parts = split("It is hard to predict, we will see.", &[1, 1], Lang::En);
        assert_eq!(parts, ["It is hard to predict,", "we will see."]);
        let parts = split("很难预测，我们走着瞧。", &[1, 1], Lang::Zh);
        assert_eq!(parts, ["很难预测，", "我们走着瞧。"]);
        let parts = split("one two three four", &[3, 1], Lang::En);
        assert_eq!(parts, ["one two three", "four"]);
    }

    #[test]
    fn wraps_long_lines() {
        assert_eq!(wrap("Short.", Lang::En), ["Short."]);
        let lines = wrap(
            "It is quite possible that within the next decade we will have very powerful AI systems.",
            Lang::En,
        );
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:?}");
        assert_eq!(
            wrap("很难预测，我们走着瞧。很难预测，我们走着瞧。", Lang::Zh).len(),
            2
        );
        assert!(wrap("", Lang::En).is_empty());
    }
}
