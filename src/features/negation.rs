//! Whether a sentence is negated, in Chinese or English, so that a bead
//! whose sides disagree (`我们不知道` / `We know`) can be flagged.
//!
//! English: `not`, `n't`, `never`, `no`, `nothing`, `nobody`, `none`,
//! `neither`, `nor`, `cannot`, `without`. Chinese: `不`, `没`, `没有`, `未`,
//! `别`, `无`, `非`, `勿`, `否`, except in words where they do not negate the
//! sentence (`不同`, `不过`, `不仅`, `无论`, `非常` …).

/// Chinese words that start with a negation character but do not negate.
const ZH_NOT_NEGATING: &[&str] = &[
    "不同",
    "不过",
    "不仅",
    "不但",
    "不断",
    "不少",
    "不管",
    "不久",
    "不错",
    "不论",
    "不停",
    "不禁",
    "不如",
    "不然",
    "不免",
    "不得不",
    "不可思议",
    "无论",
    "无数",
    "无限",
    "非常",
    "非凡",
    "未来",
    "否则",
    "别人",
    "别的",
    "特别",
    "区别",
    "分别",
    "差别",
    "无比",
    "毫无疑问",
    "无疑",
    "并非",
    "没错",
    "不言而喻",
    "未必",
    "前所未有",
    "不知何故",
    "是否",
    "能否",
    "可否",
    "与否",
    "无关",
    "毫无",
];

const ZH_NEGATORS: &[char] = &['不', '没', '未', '别', '无', '非', '勿', '否', '莫'];

const EN_NEGATORS: &[&str] = &[
    "not", "never", "no", "nothing", "nobody", "none", "neither", "nor", "cannot", "without",
    "nowhere", "hardly",
];

/// English phrases with a negation word that do not negate the sentence.
const EN_NOT_NEGATING: &[&str] = &[
    "no doubt",
    "not only",
    "no longer",
    "nothing but",
    "not just",
    "no matter",
];

/// How many negations a text has (Chinese and English alike).
pub fn negations(text: &str) -> usize {
    chinese(text) + english(text)
}

fn chinese(text: &str) -> usize {
    let mut count = 0;
    let mut skip_to = 0;
    for (i, c) in text.char_indices() {
        if i < skip_to {
            continue;
        }
        // A word that does not negate (`不同`, `特别`, `并非`): passed over
        // whole, from its first character.
        if let Some(word) = ZH_NOT_NEGATING.iter().find(|w| text[i..].starts_with(*w)) {
            skip_to = i + word.len();
            continue;
        }
        // A question of the form `V不V` (`是不是`, `会不会`, `有没有`): no
        // negation.
        let before = text[..i].chars().last();
        let after_char = |skip: usize| text[i + c.len_utf8()..].chars().nth(skip);
        let a_not_a = matches!(c, '不' | '没')
            && before.is_some_and(|b| after_char(0) == Some(b) || after_char(1) == Some(b));
        if !a_not_a && ZH_NEGATORS.contains(&c) {
            count += 1;
        }
    }
    count
}

fn english(text: &str) -> usize {
    let lower = text.to_lowercase().replace('’', "'");
    let mut count = 0;
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_ascii_alphabetic() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    for (k, word) in words.iter().enumerate() {
        let next = words.get(k + 1).copied().unwrap_or("");
        let phrase = format!("{word} {next}");
        if EN_NOT_NEGATING.contains(&phrase.as_str()) {
            continue;
        }
        if EN_NEGATORS.contains(word) || word.ends_with("n't") {
            count += 1;
        }
    }
    count
}

/// True when one text is negated and the other is not: the sides disagree
/// in polarity. Two negations against none count as agreeing (a double
/// negative reads as positive), and so does any count against any other
/// count above zero.
pub fn polarity_differs(a: &str, b: &str) -> bool {
    let negated = |t: &str| negations(t) % 2 == 1;
    negated(a) != negated(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negations_in_both_languages() {
        assert_eq!(negations("我们不知道具体什么时候。"), 1);
        assert_eq!(negations("我们没有答案。"), 1);
        assert_eq!(negations("这非常不同。"), 0);
        assert_eq!(negations("无论如何,未来很重要。"), 0);
        assert_eq!(
            negations("风险是不是很紧迫?我们会不会很快看到?有没有计划?"),
            0
        );
        assert_eq!(negations("We don't know when."), 1);
        assert_eq!(negations("There is no doubt about it."), 0);
        assert_eq!(negations("Not only this, but that."), 0);
        assert_eq!(negations("We never said it."), 1);
    }

    #[test]
    fn polarity_compared_across_languages() {
        assert!(polarity_differs("我们不知道。", "We know."));
        assert!(!polarity_differs("我们不知道。", "We don't know."));
        assert!(!polarity_differs("我们知道。", "We know."));
    }
}
