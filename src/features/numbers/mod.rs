//! Numbers a text mentions, in Chinese or English, and whether two texts'
//! numbers disagree: Arabic digits (`6月10日`, `1,000`, `3.5亿`), Chinese
//! numerals where they count something (`六个月`, `第三`, `二十三人`,
//! `百分之五十`, `二〇二三年`), English number words (`one` … `billion`,
//! `twenty-three`), ordinals from `third` on (`second` after `the` or a
//! possessive), Roman numerals (`World War II`, `Chapter XIV`) and
//! capitalized month names. Loose numbers (`一`, `one`, `first`, `twice`,
//! `both`, `a decade`, `十分` …) can answer a number of the other side but
//! never count as missing.

mod tokens;

pub use tokens::number_tokens;

use crate::lexicon::numbers::{MONTHS, SMALL, TENS, zh_numeral, zh_value};

/// One number a text mentions: the values it may stand for (`3.5亿` is 3.5
/// and 350 000 000) and whether it must be found on the other side.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub values: Vec<f64>,
    /// False for loose numbers (`一`, `one`, `first`, `twice`, `十分`): they
    /// can answer a number of the other side but raise no flag.
    pub strong: bool,
}

impl Mention {
    fn new(values: Vec<f64>, strong: bool) -> Mention {
        Mention { values, strong }
    }

    fn shares_value(&self, other: &Mention) -> bool {
        self.values.iter().any(|&a| {
            other
                .values
                .iter()
                .any(|&b| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0))
        })
    }
}

/// True when a number of one text is missing from the other.
pub fn numbers_differ(a: &str, b: &str) -> bool {
    let (ma, mb) = (mentions(a), mentions(b));
    let unanswered = |x: &[Mention], y: &[Mention]| {
        x.iter()
            .filter(|m| m.strong)
            .any(|m| !y.iter().any(|n| m.shares_value(n)))
    };
    unanswered(&ma, &mb) || unanswered(&mb, &ma)
}

fn ascii_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// What may follow a Chinese numeral that counts something.
const ZH_UNITS: &[&str] = &[
    "分钟", "小时", "公里", "世纪", "个", "月", "日", "号", "年", "天", "岁", "次", "位", "名",
    "家", "种", "倍", "人", "点", "元", "块", "条", "项", "篇", "部", "本", "张", "台", "辆", "所",
    "座", "只", "件", "米", "度", "期", "届", "轮", "代", "章", "节", "周", "秒", "首", "句", "场",
    "份", "成", "多", "余", "来", "两", "兩", "口", "%", "％",
];

fn starts_with_at(chars: &[char], i: usize, word: &str) -> bool {
    let n = word.chars().count();
    chars
        .get(i..i + n)
        .is_some_and(|slice| slice.iter().copied().eq(word.chars()))
}

const ORDINALS: [&str; 19] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];

/// `the twenties` … `the nineties`: decades.
const TENS_PLURAL: [&str; 8] = [
    "twenties",
    "thirties",
    "forties",
    "fifties",
    "sixties",
    "seventies",
    "eighties",
    "nineties",
];

const TENS_ORDINALS: [&str; 8] = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
];

fn english_scale(word: &str) -> Option<f64> {
    Some(match word {
        "thousand" => 1e3,
        "million" => 1e6,
        "billion" | "bn" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    })
}

/// A word that is part of an English number phrase: its value and whether
/// it multiplies (`hundred`, `thousand` …).
fn english_number_word(word: &str) -> Option<(f64, bool)> {
    if let Some(v) = SMALL.iter().position(|w| *w == word) {
        return Some((v as f64, false));
    }
    if let Some(v) = TENS.iter().position(|w| *w == word) {
        return Some((20.0 + 10.0 * v as f64, false));
    }
    if word == "hundred" {
        return Some((100.0, true));
    }
    if word == "bn" {
        return None;
    }
    english_scale(word).map(|v| (v, true))
}

/// The numbers a text mentions, Chinese and English alike.
pub fn mentions(text: &str) -> Vec<Mention> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if ascii_digit(c).is_some() {
            i = digits(&chars, i, &mut out);
        } else if zh_numeral(c).is_some() {
            i = chinese(&chars, i, &mut out);
        } else if c.is_ascii_alphabetic() {
            i = english(&chars, i, &mut out);
        } else {
            i += 1;
        }
    }
    out
}

/// Reads `1,000`, `3.5`, `２０２３`, with a following scale (`3.5亿`,
/// `20 million`).
fn digits(chars: &[char], start: usize, out: &mut Vec<Mention>) -> usize {
    let digit_at = |k: usize| chars.get(k).and_then(|&c| ascii_digit(c));
    let mut text = String::new();
    let mut i = start;
    let mut decimal = false;
    while i < chars.len() {
        if let Some(d) = digit_at(i) {
            text.push(char::from_digit(d, 10).unwrap_or('0'));
            i += 1;
        } else if chars[i] == ','
            && !decimal
            && (1..=3).all(|k| digit_at(i + k).is_some())
            && digit_at(i + 4).is_none()
        {
            i += 1; // thousands separator
        } else if matches!(chars[i], '.' | '．') && !decimal && digit_at(i + 1).is_some() {
            decimal = true;
            text.push('.');
            i += 1;
        } else {
            break;
        }
    }
    let value: f64 = text.parse().unwrap_or(0.0);
    let mut values = vec![value];
    // A scale after the digits: 3.5亿, 200万, 20 million.
    let mut k = i;
    while chars.get(k) == Some(&' ') {
        k += 1;
    }
    let mut scale = 1.0;
    let mut end = i;
    while let Some(v) = chars
        .get(k)
        .and_then(|&c| zh_numeral(c))
        .filter(|&v| v >= 100)
    {
        scale *= v as f64;
        k += 1;
        end = k;
    }
    if scale == 1.0 {
        let word: String = chars[k..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        if let Some(s) = english_scale(&word.to_ascii_lowercase()) {
            scale = s;
            end = k + word.len();
        }
    }
    if scale != 1.0 {
        values.push(value * scale);
    }
    out.push(Mention::new(values, true));
    end
}

/// Reads a run of Chinese numerals and decides whether it counts something.
fn chinese(chars: &[char], start: usize, out: &mut Vec<Mention>) -> usize {
    let mut end = start;
    let mut tael = false;
    while end < chars.len() && zh_numeral(chars[end]).is_some() {
        // 两 inside a number only before 十百千万亿 (一千两百); after one
        // it is the measure word, the tael (二十两银子).
        let liang = matches!(chars[end], '两' | '兩');
        let multiplier_follows = chars
            .get(end + 1)
            .and_then(|&c| zh_numeral(c))
            .is_some_and(|v| v >= 10);
        if liang && end > start && !multiplier_follows {
            tael = true;
            break;
        }
        end += 1;
    }
    let run = &chars[start..end];
    // Reading goes on after the tael.
    let resume = end + usize::from(tael);
    let multiplied = run.iter().any(|&c| zh_numeral(c).unwrap_or(0) >= 10);
    let zero = run.iter().any(|&c| matches!(c, '零' | '〇'));
    if !multiplied && (run.len() >= 4 || (run.len() >= 2 && zero)) {
        // Digit by digit: 二〇二三, 一九四九.
        let value = run.iter().fold(0f64, |acc, &c| {
            acc * 10.0 + zh_numeral(c).unwrap_or(0) as f64
        });
        out.push(Mention::new(vec![value], true));
        return resume;
    }
    if !multiplied && run.len() >= 2 {
        // 三四个, 一两天, 七八: "three or four", a loose range.
        for &c in run {
            out.push(Mention::new(vec![zh_numeral(c).unwrap_or(0) as f64], false));
        }
        return resume;
    }
    // 十七八岁, 一二十件: "seventeen or eighteen", "ten or twenty": loose.
    let digit = |c: char| zh_numeral(c).is_some_and(|v| (1..10).contains(&v));
    if let Some(k) = run.windows(2).position(|w| digit(w[0]) && digit(w[1])) {
        let without = |skip: usize| -> Vec<char> {
            run.iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, &c)| c)
                .collect()
        };
        let values = vec![zh_value(&without(k + 1)), zh_value(&without(k))];
        out.push(Mention::new(values, false));
        return resume;
    }
    let value = zh_value(run);
    let before = |word: &str| {
        let n = word.chars().count();
        start >= n && starts_with_at(chars, start - n, word)
    };
    let denominator = starts_with_at(chars, end, "分之");
    // 几十年, 数百, 上千: "tens of", "hundreds of", no number to find.
    let approximate = ["几", "数", "上"].iter().any(|w| before(w));
    let unit = !denominator && ZH_UNITS.iter().any(|u| starts_with_at(chars, end, u));
    // 两人: "the two of them", as often "they" or "both" in a translation.
    let pair = run == ['两'] && starts_with_at(chars, end, "人");
    let counts = !approximate && !pair && (before("第") || before("之") || unit);
    out.push(Mention::new(vec![value], counts && value != 1.0));
    resume
}

/// Reads an English word, and a number phrase if it starts one
/// (`twenty-three`, `two hundred and five`, `six million`).
fn english(chars: &[char], start: usize, out: &mut Vec<Mention>) -> usize {
    let word_at = |k: usize| -> (String, usize) {
        let mut e = k;
        while e < chars.len() && chars[e].is_ascii_alphabetic() {
            e += 1;
        }
        (chars[k..e].iter().collect(), e)
    };
    // Letters glued to something alphanumeric (`GPT4o`, `10th`) are no
    // number words.
    let (word, end) = word_at(start);
    let glued = start > 0 && chars[start - 1].is_alphanumeric()
        || chars.get(end).is_some_and(|c| c.is_alphanumeric());
    if glued {
        return end;
    }
    let lower = word.to_ascii_lowercase();
    if english_number_word(&lower).is_some() {
        let (phrase_end, mention) = english_phrase(chars, start);
        out.push(mention);
        return phrase_end;
    }
    if let Some(value) = roman(&word, || previous_word(chars, start)) {
        out.push(Mention::new(vec![value], true));
        return end;
    }
    if let Some(v) = ORDINALS.iter().position(|w| *w == lower) {
        // `third` and on are numbers; `second` after `the` or a possessive
        // (`the second time`, not `a second`); `first` never raises a flag.
        let determined = || {
            previous_word(chars, start).is_some_and(|w| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "the" | "its" | "his" | "her" | "their" | "our" | "my" | "your"
                )
            })
        };
        let strong = v >= 2 || (v == 1 && determined());
        out.push(Mention::new(vec![v as f64 + 1.0], strong));
    } else if let Some(v) = TENS_ORDINALS
        .iter()
        .chain(&TENS_PLURAL)
        .position(|w| *w == lower)
    {
        out.push(Mention::new(vec![20.0 + 10.0 * (v % 8) as f64], false));
    } else if let Some(v) = match lower.as_str() {
        "once" | "single" => Some(1.0),
        "twice" | "both" => Some(2.0),
        "dozen" => Some(12.0),
        "decade" => Some(10.0),
        "century" => Some(100.0),
        _ => None,
    } {
        out.push(Mention::new(vec![v], false));
    } else if let Some(m) = MONTHS.iter().position(|w| *w == lower) {
        let capital = word.starts_with(|c: char| c.is_ascii_uppercase());
        // `May` is mostly the verb unless a day follows it.
        let mut k = end;
        while chars.get(k) == Some(&' ') {
            k += 1;
        }
        let day_follows = chars.get(k).is_some_and(|&c| ascii_digit(c).is_some());
        if capital && (lower != "may" || day_follows) {
            out.push(Mention::new(vec![m as f64 + 1.0], true));
        }
    }
    end
}

/// The word before `start` (letters only), if a space separates them.
fn previous_word(chars: &[char], start: usize) -> Option<String> {
    let mut e = start;
    while e > 0 && chars[e - 1] == ' ' {
        e -= 1;
    }
    if e == start {
        return None;
    }
    let mut b = e;
    while b > 0 && chars[b - 1].is_ascii_alphabetic() {
        b -= 1;
    }
    (b < e).then(|| chars[b..e].iter().collect())
}

/// Words after which a lone `I`, `V` or `X` is a Roman numeral (`World
/// War I`, `Chapter V`, `Henry V`) rather than the pronoun or a letter.
const ROMAN_AFTER: &[&str] = &[
    "War",
    "Chapter",
    "Part",
    "Book",
    "Volume",
    "Vol",
    "Act",
    "Scene",
    "Section",
    "Article",
    "Phase",
    "Stage",
    "Level",
    "Class",
    "Type",
    "Round",
    "Henry",
    "George",
    "Edward",
    "Louis",
    "Charles",
    "Elizabeth",
    "James",
    "William",
    "Richard",
    "Pius",
    "John",
    "Paul",
    "Napoleon",
];

/// The value of an upper-case Roman numeral of `I`, `V` and `X` (1 to 39):
/// two letters or more (`II`, `XIV`), or one after a word of
/// [`ROMAN_AFTER`] (`previous`, read only then).
fn roman(word: &str, previous: impl FnOnce() -> Option<String>) -> Option<f64> {
    if word.is_empty() || !word.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) {
        return None;
    }
    if word.len() == 1 && !previous().is_some_and(|p| ROMAN_AFTER.contains(&p.as_str())) {
        return None;
    }
    let value = |c: char| match c {
        'I' => 1,
        'V' => 5,
        _ => 10,
    };
    let digits: Vec<u32> = word.chars().map(value).collect();
    let mut total = 0;
    for (k, &d) in digits.iter().enumerate() {
        match digits.get(k + 1) {
            Some(&next) if next > d => total -= d as i32,
            _ => total += d as i32,
        }
    }
    // Only the canonical spelling counts (`IIII`, `VX`, `IIX` do not).
    let canonical = |mut n: i32| {
        let mut out = String::new();
        for (v, s) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
            while n >= v {
                out.push_str(s);
                n -= v;
            }
        }
        out
    };
    (total > 0 && canonical(total) == word).then_some(total as f64)
}

/// The kind of an English number word, for what may follow what.
#[derive(Debug, Clone, Copy, PartialEq)]
enum WordKind {
    Unit,
    Teen,
    Tens,
    Hundred,
    Scale,
}

fn word_kind(value: f64, scale: bool) -> WordKind {
    match (value, scale) {
        (v, false) if v < 10.0 => WordKind::Unit,
        (v, false) if v < 20.0 => WordKind::Teen,
        (_, false) => WordKind::Tens,
        (100.0, true) => WordKind::Hundred,
        _ => WordKind::Scale,
    }
}

/// Reads an English number phrase of words joined by a space, a hyphen or
/// (after `hundred`, `thousand` …) `and`: `twenty-three`, `two hundred and
/// five`, `six million` (which also stands for 6, as `六百万` does not but
/// `6百万` does).
///
/// Long because the number-word grammar (units, teens, tens, hundreds, scales,
/// `and`, hyphens) is one state machine over the words.
fn english_phrase(chars: &[char], start: usize) -> (usize, Mention) {
    use WordKind::*;
    let word_at = |k: usize| -> (String, usize) {
        let mut e = k;
        while e < chars.len() && chars[e].is_ascii_alphabetic() {
            e += 1;
        }
        let glued = chars.get(e).is_some_and(|c| c.is_alphanumeric());
        let w: String = chars[k..e].iter().collect();
        (
            if glued {
                String::new()
            } else {
                w.to_ascii_lowercase()
            },
            e,
        )
    };
    let follows = |last: Option<WordKind>, next: WordKind| match next {
        Unit => matches!(last, None | Some(Tens | Hundred | Scale)),
        Teen | Tens => matches!(last, None | Some(Hundred | Scale)),
        Hundred => matches!(last, None | Some(Unit | Teen)),
        Scale => last != Some(Scale),
    };
    let (mut total, mut current) = (0f64, 0f64);
    let mut multiplier = None;
    let mut last: Option<WordKind> = None;
    let mut words = Vec::new();
    let mut i = start;
    let mut end = start;
    loop {
        let (w, e) = word_at(i);
        let Some((v, scale)) = english_number_word(&w) else {
            // twenty-first: a compound ordinal ends the phrase.
            if last == Some(Tens)
                && let Some(o) = ORDINALS[..9].iter().position(|o| *o == w)
            {
                current += o as f64 + 1.0;
                words.push(w);
                end = e;
            }
            break;
        };
        let kind = word_kind(v, scale);
        if !follows(last, kind) {
            break;
        }
        match kind {
            Unit | Teen | Tens => current += v,
            Hundred => current = current.max(1.0) * 100.0,
            Scale => {
                if total == 0.0 && multiplier.is_none() {
                    multiplier = Some(current.max(1.0));
                }
                total += current.max(1.0) * v;
                current = 0.0;
            }
        }
        words.push(w);
        last = Some(kind);
        end = e;
        // What joins the next word: a space or a hyphen, and `and` after
        // hundreds and thousands.
        if !matches!(chars.get(e), Some(' ' | '-')) {
            break;
        }
        let mut k = e + 1;
        let (next, next_end) = word_at(k);
        if next == "and"
            && matches!(last, Some(Hundred | Scale))
            && chars.get(next_end) == Some(&' ')
        {
            k = next_end + 1;
        }
        i = k;
    }
    let value = total + current;
    let only_scales = last.is_some()
        && words
            .iter()
            .all(|w| english_number_word(w).is_some_and(|(_, s)| s));
    let loose_one = words.len() == 1 && words[0] == "one";
    let strong = !(only_scales || loose_one);
    let mut values = vec![value];
    if let Some(m) = multiplier.filter(|&m| m != value) {
        values.push(m);
    }
    // four decades (四十年), two dozen, three centuries.
    if chars.get(end) == Some(&' ') {
        let (next, _) = word_at(end + 1);
        let times = match next.as_str() {
            "decade" | "decades" => 10.0,
            "dozen" | "dozens" => 12.0,
            "century" | "centuries" => 100.0,
            _ => 1.0,
        };
        if times != 1.0 {
            values.push(value * times);
        }
    }
    (end, Mention::new(values, strong))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(Vec<f64>, bool)> {
        mentions(text)
            .into_iter()
            .map(|m| (m.values, m.strong))
            .collect()
    }

    #[test]
    fn digits_dates_and_scales() {
        assert_eq!(
            values("2023年6月10日"),
            vec![(vec![2023.0], true), (vec![6.0], true), (vec![10.0], true)]
        );
        assert_eq!(values("1,000 people, 1,2"), {
            vec![(vec![1000.0], true), (vec![1.0], true), (vec![2.0], true)]
        });
        assert_eq!(values("3.5亿"), vec![(vec![3.5, 3.5e8], true)]);
        assert_eq!(values("20 million"), vec![(vec![20.0, 2e7], true)]);
        assert_eq!(values("１２"), vec![(vec![12.0], true)]);
    }

    #[test]
    fn chinese_numerals_count_only_when_they_count_something() {
        assert_eq!(values("六个月"), vec![(vec![6.0], true)]);
        assert_eq!(values("二十三人"), vec![(vec![23.0], true)]);
        assert_eq!(values("第三"), vec![(vec![3.0], true)]);
        assert_eq!(values("两千万人"), vec![(vec![2e7], true)]);
        assert_eq!(values("二〇二三年"), vec![(vec![2023.0], true)]);
        assert_eq!(
            values("百分之五十"),
            vec![(vec![100.0], false), (vec![50.0], true)]
        );
        // Loose: 一, 十分 (very), 四处 (everywhere), 千万 (by all means).
        assert!(
            mentions("一个十分重要的统一,四处千万不要")
                .iter()
                .all(|m| !m.strong)
        );
        assert_eq!(
            values("三四个"),
            vec![(vec![3.0], false), (vec![4.0], false)]
        );
        assert_eq!(values("一千两百人"), vec![(vec![1200.0], true)]);
        assert_eq!(values("二十两银子"), vec![(vec![20.0], true)]);
        assert_eq!(values("十七八岁"), vec![(vec![17.0, 18.0], false)]);
        assert_eq!(values("一二十件"), vec![(vec![10.0, 20.0], false)]);
    }

    #[test]
    fn english_number_words() {
        assert_eq!(values("six months"), vec![(vec![6.0], true)]);
        assert_eq!(values("twenty-three people"), vec![(vec![23.0], true)]);
        assert_eq!(values("two hundred and five"), vec![(vec![205.0], true)]);
        assert_eq!(values("six million"), vec![(vec![6e6, 6.0], true)]);
        assert_eq!(values("one of them"), vec![(vec![1.0], false)]);
        assert_eq!(values("the third time"), vec![(vec![3.0], true)]);
        assert_eq!(values("for the second time"), vec![(vec![2.0], true)]);
        assert_eq!(values("wait a second"), vec![(vec![2.0], false)]);
        assert_eq!(values("the first step"), vec![(vec![1.0], false)]);
        assert_eq!(
            values("On June 10"),
            vec![(vec![6.0], true), (vec![10.0], true)]
        );
        assert!(values("You may go in march").is_empty());
        assert!(
            values("someone, GPT4o, 10th")
                .iter()
                .all(|(v, _)| v != &[1.0])
        );
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(values("World War II"), vec![(vec![2.0], true)]);
        assert_eq!(values("World War I ended"), vec![(vec![1.0], true)]);
        assert_eq!(values("Chapter XIV"), vec![(vec![14.0], true)]);
        assert!(values("I think I can").is_empty());
        assert!(values("IIII VX MIX").is_empty());
        assert!(!numbers_differ("第二次世界大战", "World War II"));
        assert!(numbers_differ("第二次世界大战", "World War I"));
        assert!(!numbers_differ("第十四章", "Chapter XIV"));
    }

    #[test]
    fn numbers_compared_across_languages() {
        assert!(!numbers_differ(
            "6月10日,2023智源大会",
            "On June 10, 2023, BAAI"
        ));
        assert!(!numbers_differ(
            "过去的六个月里",
            "over the past six months"
        ));
        assert!(!numbers_differ("有3.5亿用户", "with 350 million users"));
        assert!(!numbers_differ("一个模型", "a model"));
        assert!(!numbers_differ("两千万人", "20 million people"));
        assert!(!numbers_differ("百分之五十", "50%"));
        assert!(numbers_differ("过去的七个月里", "over the past six months"));
        assert!(numbers_differ("6月10日", "On June 11"));
        assert!(numbers_differ("他说了。", "He said it 3 times."));
        assert!(!numbers_differ("十分重要", "very important"));
        assert!(!numbers_differ("未来十年", "within the next decade"));
        assert!(!numbers_differ("几十年来", "for decades"));
        assert!(!numbers_differ("成千上万的人", "thousands of people"));
        assert!(!numbers_differ("二十一岁生日", "my twenty-first birthday"));
        assert!(!numbers_differ("二十两银子", "twenty taels of silver"));
        assert!(!numbers_differ(
            "十七八岁的少年",
            "a youth of seventeen or eighteen"
        ));
        assert!(!numbers_differ("十七八岁的少年", "a youth"));
        assert!(!numbers_differ("一块千层糕", "a slice of layer cake"));
        assert!(numbers_differ("二十两银子", "thirty taels of silver"));
        assert!(!numbers_differ(
            "四十年的故事",
            "Four decades the story spans"
        ));
        assert!(!numbers_differ(
            "上世纪八十年代末",
            "during the late eighties"
        ));
        assert!(!numbers_differ("十六岁时", "on her sixteenth birthday"));
        assert!(!numbers_differ("两人上车", "They took the trolley"));
        assert!(numbers_differ("三人上车", "They took the trolley"));
    }
}
