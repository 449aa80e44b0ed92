//! Subtitles in: SRT and WebVTT files read as [`Cue`]s (times and text,
//! markup removed), then grouped into blocks for segmentation. Sentences
//! run on across cues: a block ends only at a pause of
//! [`PAUSE_MS`] or more between cues, or after every cue when the file has
//! no sentence punctuation at all (Chinese subtitles often separate
//! clauses by spaces and nothing else). Each segment then gets the time of
//! the cues it was cut from ([`crate::model::segment_spans`]).

use super::{Block, BlockKind};
use crate::error::DocumentError;
use crate::model::Cue;

/// A pause between two cues that ends a block (a sentence does not run
/// over it).
pub const PAUSE_MS: u64 = 2000;

/// Which subtitle format a text is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Srt,
    Vtt,
}

/// True when `bytes` start (after a byte-order mark and blank lines) like a
/// subtitle file: `WEBVTT`, or an SRT cue number followed by a time line.
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    let head = &bytes[..bytes.len().min(512)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let text = String::from_utf8_lossy(head);
    let mut lines = text.lines().map(str::trim).skip_while(|l| l.is_empty());
    let first = lines.next()?;
    if first.starts_with("WEBVTT") {
        return Some(Kind::Vtt);
    }
    let second = lines.next()?;
    (first.chars().all(|c| c.is_ascii_digit()) && time_line(second).is_some()).then_some(Kind::Srt)
}

/// Reads the cues of an SRT or WebVTT text (told apart by its `WEBVTT`
/// header). `path` names the file in errors.
pub fn read(path: &str, text: &str) -> Result<Vec<Cue>, DocumentError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let vtt = text.trim_start().starts_with("WEBVTT");
    let mut cues = Vec::new();
    let mut block: Vec<(usize, &str)> = Vec::new();
    let lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end()));
    for (number, line) in lines.chain(std::iter::once((0, ""))) {
        if !line.trim().is_empty() {
            block.push((number, line));
            continue;
        }
        match read_cue(path, &block, vtt)? {
            Read::Cue(cue) => cues.push(cue),
            Read::Stray(lines) => match cues.last_mut() {
                // A blank line inside a cue's text: the rest belongs to it.
                Some(cue) => {
                    cue.text.push('\n');
                    cue.text.push_str(&lines);
                }
                None => {
                    let (number, line) = block[0];
                    return Err(DocumentError::Subtitles {
                        path: path.to_string(),
                        line: number,
                        message: format!("text before the first cue time: {:?}", clip(line)),
                    });
                }
            },
            Read::Nothing => {}
        }
        block.clear();
    }
    if cues.is_empty() {
        return Err(DocumentError::Subtitles {
            path: path.to_string(),
            line: 1,
            message: "no subtitle cues (expected `00:00:01,000 --> 00:00:04,000` lines)".into(),
        });
    }
    Ok(cues)
}

/// What a block of lines is.
enum Read {
    Cue(Cue),
    /// Text without a time line (its lines, markup removed).
    Stray(String),
    /// The WebVTT header, a NOTE, STYLE or REGION block, a cue without text.
    Nothing,
}

/// One cue from its block of lines.
fn read_cue(path: &str, block: &[(usize, &str)], vtt: bool) -> Result<Read, DocumentError> {
    let Some(at) = block.iter().position(|(_, l)| l.contains("-->")) else {
        let first = block.first().map_or("", |(_, l)| l.trim());
        let skipped = first.is_empty()
            || (vtt
                && ["WEBVTT", "NOTE", "STYLE", "REGION"]
                    .iter()
                    .any(|k| first.starts_with(k)));
        if skipped {
            return Ok(Read::Nothing);
        }
        // A cue number over a line that should have been its time.
        if let [(_, first), (number, line), ..] = block
            && first.trim().chars().all(|c| c.is_ascii_digit())
        {
            return Err(DocumentError::Subtitles {
                path: path.to_string(),
                line: *number,
                message: format!("unreadable cue time {:?}", clip(line)),
            });
        }
        let lines: Vec<String> = block.iter().map(|(_, l)| strip_markup(l)).collect();
        return Ok(Read::Stray(lines.join("\n")));
    };
    let (number, line) = block[at];
    if vtt && block[0].1.trim_start().starts_with("NOTE") {
        return Ok(Read::Nothing);
    }
    let Some((start_ms, end_ms)) = time_line(line) else {
        return Err(DocumentError::Subtitles {
            path: path.to_string(),
            line: number,
            message: format!("unreadable cue time {:?}", clip(line)),
        });
    };
    let lines: Vec<String> = block[at + 1..]
        .iter()
        .map(|(_, l)| strip_markup(l))
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return Ok(Read::Nothing);
    }
    Ok(Read::Cue(Cue {
        start_ms,
        end_ms: end_ms.max(start_ms),
        text: lines.join("\n"),
    }))
}

fn clip(line: &str) -> String {
    line.trim().chars().take(60).collect()
}

/// The start and end of a time line (`00:00:01,000 --> 00:00:04,000`,
/// WebVTT's `00:01.000 --> 00:04.000 align:start` too).
fn time_line(line: &str) -> Option<(u64, u64)> {
    let (start, rest) = line.split_once("-->")?;
    let end = rest.split_whitespace().next()?;
    Some((timestamp(start.trim())?, timestamp(end)?))
}

/// `hh:mm:ss,mmm`, `hh:mm:ss.mmm` or `mm:ss.mmm` in milliseconds.
fn timestamp(text: &str) -> Option<u64> {
    let (clock, fraction) = text.split_once([',', '.'])?;
    let parts: Vec<u64> = clock
        .split(':')
        .map(|p| p.trim().parse().ok())
        .collect::<Option<_>>()?;
    let (h, m, s) = match parts[..] {
        [h, m, s] => (h, m, s),
        [m, s] => (0, m, s),
        _ => return None,
    };
    let digits: String = fraction.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || m > 59 || s > 59 {
        return None;
    }
    let ms: u64 = format!("{digits:0<3}")[..3].parse().ok()?;
    Some(((h * 60 + m) * 60 + s) * 1000 + ms)
}

/// A cue line without its markup: tags (`<i>`, `<v Sam>`, `<00:01.000>`),
/// ASS overrides (`{\an8}`), entities for `&`, `<`, `>` and spaces.
fn strip_markup(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                for c in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                }
            }
            '{' if chars.as_str().starts_with('\\') => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace(['\u{200e}', '\u{200f}'], "")
        .trim()
        .to_string()
}

/// The cues grouped into paragraph blocks, for segmentation: lines and
/// cues joined with a space (none next to a Chinese character or after a
/// hyphenated word's hyphen), a
/// dialogue dash opening a line dropped, a block ended at a pause.
pub fn blocks(cues: &[Cue]) -> Vec<Block> {
    let punctuated = cues.iter().any(|c| c.text.chars().any(is_final));
    let mut out = Vec::new();
    let mut text = String::new();
    for (i, cue) in cues.iter().enumerate() {
        for line in cue.text.lines() {
            let line = line.trim_start_matches(['-', '–', '—']).trim_start();
            join(&mut text, line);
        }
        let pause = cues
            .get(i + 1)
            .is_none_or(|next| next.start_ms >= cue.end_ms + PAUSE_MS);
        if (pause || !punctuated) && !text.is_empty() {
            out.push(Block::new(BlockKind::Paragraph, std::mem::take(&mut text)));
        }
    }
    out
}

fn join(text: &mut String, line: &str) {
    let cjk = |c: Option<char>| {
        c.is_some_and(|c| crate::segment::zh::is_cjk(c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
    };
    // A compound cut at its hyphen (`Hewlett-` / `Packard`) is joined back.
    let mut tail = text.chars().rev();
    let hyphenated = tail.next() == Some('-') && tail.next().is_some_and(char::is_alphabetic);
    let glued = hyphenated || cjk(text.chars().last()) || cjk(line.chars().next());
    if !text.is_empty() && !glued {
        text.push(' ');
    }
    text.push_str(line);
}

fn is_final(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '…')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRT: &str = "1\r\n00:00:01,000 --> 00:00:03,500\r\n<i>It is hard</i> to\r\npredict.\r\n\r\n2\r\n00:00:03,600 --> 00:00:05,000\r\nWe will see.\r\n\r\n3\r\n00:00:09,000 --> 00:00:10,000\r\n{\\an8}- Yes.\r\n- No.\r\n";

    #[test]
    fn reads_srt() {
        let cues = read("a.srt", SRT).unwrap();
        assert_eq!(cues.len(), 3);
        assert_eq!((cues[0].start_ms, cues[0].end_ms), (1000, 3500));
        assert_eq!(cues[0].text, "It is hard to\npredict.");
        assert_eq!(cues[2].text, "- Yes.\n- No.");
        let blocks = blocks(&cues);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["It is hard to predict. We will see.", "Yes. No."]);
    }

    #[test]
    fn reads_vtt() {
        let vtt = "WEBVTT - a talk\n\nNOTE made by hand\nover two lines\n\nSTYLE\n::cue { color: red }\n\nintro\n00:01.000 --> 00:02.500 align:start\n<v Sam>Hello &amp; welcome.</v>\n\n01:00:00.000 --> 01:00:01.000\n<00:00:00.500>Bye.\n";
        let cues = read("a.vtt", vtt).unwrap();
        assert_eq!(cues.len(), 2);
        assert_eq!((cues[0].start_ms, cues[0].end_ms), (1000, 2500));
        assert_eq!(cues[0].text, "Hello & welcome.");
        assert_eq!(cues[1].start_ms, 3_600_000);
    }

    #[test]
    fn chinese_without_punctuation_is_a_block_per_cue() {
        let srt = "1\n00:00:01,000 --> 00:00:02,000\n我们走吧 别等了\n\n2\n00:00:02,100 --> 00:00:03,000\n好的\n";
        let per_cue = blocks(&read("a.srt", srt).unwrap());
        assert_eq!(per_cue.len(), 2);
        assert_eq!(per_cue[0].text, "我们走吧 别等了");
        let srt = "1\n00:00:01,000 --> 00:00:02,000\n我们\n走吧。\n\n2\n00:00:02,100 --> 00:00:03,000\n好的。\n";
        let joined = blocks(&read("a.srt", srt).unwrap());
        assert_eq!(joined[0].text, "我们走吧。好的。");
    }

    #[test]
    fn errors_name_the_line() {
        let err = read("a.srt", "1\n00:00:01,000 --> 00:0x:02,000\nHi.\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.srt: line 2: unreadable cue time \"00:00:01,000 --> 00:0x:02,000\""
        );
        let err = read(
            "a.srt",
            "stray text\n\n1\n00:00:01,000 --> 00:00:02,000\nHi.\n",
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("a.srt: line 1: text before the first cue time"),
            "{err}"
        );
        let err = read(
            "a.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\n00:00:03,000 -> 00:00:04,000\nBye.\n",
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("a.srt: line 6: unreadable cue time"),
            "{err}"
        );
        let cues = read("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nHi,\n\nthere.\n").unwrap();
        assert_eq!(cues[0].text, "Hi,\nthere.");
    }

    #[test]
    fn sniffs() {
        assert_eq!(sniff(b"\xef\xbb\xbfWEBVTT\n\n"), Some(Kind::Vtt));
        assert_eq!(
            sniff(b"\n1\n00:00:01,000 --> 00:00:02,000\nHi\n"),
            Some(Kind::Srt)
        );
        assert_eq!(sniff(b"1\nHello\n"), None);
    }
}
