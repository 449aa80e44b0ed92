//! Subtitle cues and the times they give segments: a [`Cue`] is one cue of
//! an SRT or WebVTT file, a [`Span`] the time a segment is on screen, and
//! [`cue_pieces`] says how much of each segment each cue holds (the
//! segments were cut from the cues' joined text, so a sentence may run
//! over several cues and a cue may hold several sentences).

use super::Segment;
use serde::{Deserialize, Serialize};

/// A stretch of time in milliseconds from the start of the video.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start_ms: u64,
    pub end_ms: u64,
}

/// One subtitle cue as the file has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    pub start_ms: u64,
    pub end_ms: u64,
    /// The cue's text, its lines joined with `\n`, markup removed.
    pub text: String,
}

impl Cue {
    /// The cue's time.
    pub fn span(&self) -> Span {
        Span {
            start_ms: self.start_ms,
            end_ms: self.end_ms,
        }
    }
}

/// How many characters (whitespace not counted) of one segment a cue holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub segment: usize,
    pub chars: usize,
}

/// For each cue, the pieces of segments it holds, in order. Each segment's
/// characters (its speaker label first) are found in order in the cues'
/// characters; a character the cues do not have nearby (the segmenter
/// changed it) is passed over.
pub fn cue_pieces(cues: &[Cue], segments: &[Segment]) -> Vec<Vec<Piece>> {
    let texts: Vec<&str> = cues.iter().map(|c| c.text.as_str()).collect();
    text_pieces(&texts, segments)
}

/// For each of `texts` (a document's cues, paragraphs …, in order, which
/// `segments` were cut from), the pieces of segments it holds, as
/// [`cue_pieces`] finds them.
pub fn text_pieces(texts: &[&str], segments: &[Segment]) -> Vec<Vec<Piece>> {
    const LOOKAHEAD: usize = 64;
    let stream: Vec<(char, usize)> = texts
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            t.chars()
                .filter(|c| !c.is_whitespace())
                .map(move |ch| (ch, i))
        })
        .collect();
    let mut pieces: Vec<Vec<Piece>> = vec![Vec::new(); texts.len()];
    let mut at = 0;
    for segment in segments {
        let written = segment.as_written();
        for ch in written.chars().filter(|c| !c.is_whitespace()) {
            let end = (at + LOOKAHEAD).min(stream.len());
            let Some(k) = stream[at..end].iter().position(|&(c, _)| c == ch) else {
                continue;
            };
            let cue = stream[at + k].1;
            at += k + 1;
            match pieces[cue].last_mut() {
                Some(p) if p.segment == segment.id => p.chars += 1,
                _ => pieces[cue].push(Piece {
                    segment: segment.id,
                    chars: 1,
                }),
            }
        }
    }
    pieces
}

/// Each segment's time: from the start of the first cue that holds part of
/// it to the end of the last (`None` for a segment no cue holds).
pub fn segment_spans(cues: &[Cue], segments: &[Segment]) -> Vec<Option<Span>> {
    let mut spans: Vec<Option<Span>> = vec![None; segments.len()];
    for (cue, pieces) in cues.iter().zip(cue_pieces(cues, segments)) {
        for piece in pieces {
            let Some(span) = spans.get_mut(piece.segment) else {
                continue;
            };
            *span = Some(match *span {
                None => cue.span(),
                Some(s) => Span {
                    start_ms: s.start_ms.min(cue.start_ms),
                    end_ms: s.end_ms.max(cue.end_ms),
                },
            });
        }
    }
    spans
}

/// A time as SRT writes it (`00:01:02,500`) or, with `.` for `,`, WebVTT.
pub fn clock(ms: u64, separator: char) -> String {
    let (h, m, s, f) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    format!("{h:02}:{m:02}:{s:02}{separator}{f:03}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(start_ms: u64, end_ms: u64, text: &str) -> Cue {
        Cue {
            start_ms,
            end_ms,
            text: text.to_string(),
        }
    }

    #[test]
    fn pieces_follow_sentences_over_cues() {
        let cues = [
            cue(0, 1000, "It is hard to"),
            cue(1000, 2000, "predict. We\nwill see."),
        ];
        let segments = [
            Segment::sentence(0, "It is hard to predict."),
            Segment::sentence(1, "We will see."),
        ];
        let pieces = cue_pieces(&cues, &segments);
        assert_eq!(
            pieces[0],
            vec![Piece {
                segment: 0,
                chars: 10
            }]
        );
        assert_eq!(
            pieces[1],
            vec![
                Piece {
                    segment: 0,
                    chars: 8
                },
                Piece {
                    segment: 1,
                    chars: 10
                }
            ]
        );
        let spans = segment_spans(&cues, &segments);
        assert_eq!(
            spans[0],
            Some(Span {
                start_ms: 0,
                end_ms: 2000
            })
        );
        assert_eq!(
            spans[1],
            Some(Span {
                start_ms: 1000,
                end_ms: 2000
            })
        );
    }

    #[test]
    fn a_changed_character_is_passed_over() {
        let cues = [cue(0, 1000, "A – b.")];
        let segments = [Segment::sentence(0, "A - b.")];
        assert_eq!(cue_pieces(&cues, &segments)[0][0].chars, 3);
    }

    #[test]
    fn clocks() {
        assert_eq!(clock(3_723_045, ','), "01:02:03,045");
        assert_eq!(clock(500, '.'), "00:00:00.500");
    }
}
