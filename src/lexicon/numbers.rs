//! Number words and Chinese numerals, shared by the scorer's number anchors
//! (`features::numbers::number_tokens`) and the review flags
//! (`features::numbers::mentions`).

/// English number words from zero to nineteen, at their value.
pub const SMALL: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// English tens from twenty to ninety.
pub const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// English month names, January first.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The value of one Chinese numeral character (digits and multipliers).
pub fn zh_numeral(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' | '兩' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

/// Value of a Chinese numeral with multipliers (`十五`, `二十三`, `两千`,
/// `三百万`, `三亿五千万`).
pub fn zh_value(run: &[char]) -> f64 {
    let (mut total, mut section, mut digit) = (0f64, 0f64, None::<f64>);
    let mut big_unit = f64::INFINITY;
    for &c in run {
        let v = zh_numeral(c).unwrap_or(0) as f64;
        if v < 10.0 {
            digit = Some(v);
        } else if v < 10_000.0 {
            section += digit.unwrap_or(1.0) * v;
            digit = None;
        } else {
            let amount = section + digit.unwrap_or(0.0);
            if v > big_unit {
                // 三千万亿: the whole so far is multiplied again.
                total = (total + amount).max(1.0) * v;
            } else {
                total += amount.max(1.0) * v;
            }
            big_unit = big_unit.min(v);
            section = 0.0;
            digit = None;
        }
    }
    total + section + digit.unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> f64 {
        zh_value(&text.chars().collect::<Vec<_>>())
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(value("十五"), 15.0);
        assert_eq!(value("二十三"), 23.0);
        assert_eq!(value("两千"), 2000.0);
        assert_eq!(value("兩千"), 2000.0);
        assert_eq!(value("三百万"), 3_000_000.0);
        assert_eq!(value("三亿五千万"), 350_000_000.0);
        assert_eq!(zh_numeral('萬'), Some(10_000));
        assert_eq!(zh_numeral('年'), None);
    }

    #[test]
    fn english_words_at_their_value() {
        assert_eq!(SMALL[7], "seven");
        assert_eq!(TENS[4], "sixty");
        assert_eq!(MONTHS[5], "june");
    }
}
