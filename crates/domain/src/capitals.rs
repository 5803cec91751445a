//! Amounts in Chinese capitals (大写金额) as contracts and the vehicle sales invoice print them:
//! `¥550,000.00` is 伍拾伍万圆整, `¥10,005.30` is 壹万零伍圆叁角整, `¥0.05` is 伍分.

use crate::money::Money;

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const UNITS: [&str; 4] = ["", "拾", "佰", "仟"];
/// Section names up to 10^16 (亿亿): every `u64` amount of yuan has at most five sections.
const SECTIONS: [&str; 5] = ["", "万", "亿", "万亿", "亿亿"];

/// The four digits of one section (0..=9999), without leading zeros and with inner zeros read as
/// a single 零 (1005 is 壹仟零伍, 1050 is 壹仟零伍拾).
fn section(n: u64) -> String {
    let mut out = String::new();
    let mut pending_zero = false;
    for pos in (0..4).rev() {
        let d = (n / 10u64.pow(pos)) % 10;
        if d == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        out.push(DIGITS[d as usize]);
        out.push_str(UNITS[pos as usize]);
    }
    out
}

/// The yuan part: sections of four digits with 万 / 亿; a 零 where a section below a non-empty
/// one starts with zeros (100,010,000 is 壹亿零壹万).
fn yuan(mut n: u64) -> String {
    if n == 0 {
        return String::new();
    }
    let mut sections = Vec::new();
    while n > 0 {
        sections.push(n % 10_000);
        n /= 10_000;
    }
    let mut out = String::new();
    let mut zero_gap = false;
    for (i, &s) in sections.iter().enumerate().rev() {
        if s == 0 {
            zero_gap = !out.is_empty();
            continue;
        }
        if !out.is_empty() && (zero_gap || s < 1000) {
            out.push('零');
        }
        zero_gap = false;
        out.push_str(&section(s));
        out.push_str(SECTIONS[i]);
    }
    out
}

/// The amount in capitals; negative amounts are prefixed 负.
pub fn to_capitals(amount: Money) -> String {
    let fen = amount.fen().unsigned_abs();
    let (y, jiao, fen) = (fen / 100, (fen / 10) % 10, fen % 10);
    let mut out = String::new();
    if amount.fen() < 0 {
        out.push('负');
    }
    if y > 0 {
        out.push_str(&yuan(y));
        out.push('圆');
    }
    match (jiao, fen) {
        (0, 0) if y == 0 => out.push_str("零圆整"),
        (0, 0) => out.push('整'),
        (j, 0) => {
            out.push(DIGITS[j as usize]);
            out.push_str("角整");
        }
        (0, f) => {
            if y > 0 {
                out.push('零');
            }
            out.push(DIGITS[f as usize]);
            out.push('分');
        }
        (j, f) => {
            out.push(DIGITS[j as usize]);
            out.push('角');
            out.push(DIGITS[f as usize]);
            out.push('分');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cap(yuan: &str) -> String {
        to_capitals(Money::parse_yuan(yuan).unwrap())
    }

    #[test]
    fn examples() {
        assert_eq!(cap("550000"), "伍拾伍万圆整");
        assert_eq!(cap("0"), "零圆整");
        assert_eq!(cap("0.05"), "伍分");
        assert_eq!(cap("0.5"), "伍角整");
        assert_eq!(cap("10005.30"), "壹万零伍圆叁角整");
        assert_eq!(cap("1000000"), "壹佰万圆整");
        assert_eq!(cap("1001000"), "壹佰万壹仟圆整");
        assert_eq!(cap("1000100"), "壹佰万零壹佰圆整");
        assert_eq!(cap("100010000"), "壹亿零壹万圆整");
        assert_eq!(cap("147800.07"), "壹拾肆万柒仟捌佰圆零柒分");
        assert_eq!(cap("126324.79"), "壹拾贰万陆仟叁佰贰拾肆圆柒角玖分");
        assert_eq!(cap("1050"), "壹仟零伍拾圆整");
        assert_eq!(cap("-20"), "负贰拾圆整");
        // a zero section between two others: 壹亿 零 壹仟
        assert_eq!(cap("100001000"), "壹亿零壹仟圆整");
        assert_eq!(cap("100"), "壹佰圆整");
        assert_eq!(cap("100000"), "壹拾万圆整");
        assert_eq!(cap("100000000"), "壹亿圆整");
        assert_eq!(cap("0.10"), "壹角整");
    }

    #[test]
    fn the_largest_amount_has_a_name_for_every_section() {
        // i64::MAX fen: 9 | 2233 | 7203 | 6854 | 7758 yuan and 7 fen, five sections of four digits
        assert_eq!(
            to_capitals(Money::from_fen(i64::MAX)),
            "玖亿亿贰仟贰佰叁拾叁万亿柒仟贰佰零叁亿陆仟捌佰伍拾肆万柒仟柒佰伍拾捌圆零柒分"
        );
        assert!(to_capitals(Money::from_fen(i64::MIN)).starts_with("负玖亿亿"));
    }

    /// An independent reading of the capitals back into fen, to check every amount round-trips.
    fn read_back(s: &str) -> i64 {
        let digit = |c: char| DIGITS.iter().position(|d| *d == c).map(|p| p as i64);
        let (neg, s) = match s.strip_prefix('负') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let (yuan_part, rest) = s.split_once('圆').unwrap_or(("", s));
        let (mut total, mut section, mut pending) = (0i64, 0i64, 0i64);
        for c in yuan_part.chars() {
            if let Some(d) = digit(c) {
                pending = d;
                continue;
            }
            match c {
                '拾' => section += pending * 10,
                '佰' => section += pending * 100,
                '仟' => section += pending * 1000,
                '万' => {
                    total += (section + pending) * 10_000;
                    section = 0;
                }
                '亿' => {
                    total = (total + section + pending) * 100_000_000;
                    section = 0;
                }
                _ => panic!("unexpected {c}"),
            }
            pending = 0;
        }
        total += section + pending;
        let mut fen = total * 100;
        let chars: Vec<char> = rest.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if *c == '角' {
                fen += digit(chars[i - 1]).unwrap() * 10;
            }
            if *c == '分' {
                fen += digit(chars[i - 1]).unwrap();
            }
        }
        if neg { -fen } else { fen }
    }

    proptest! {
        #[test]
        fn every_amount_reads_back(fen in -1_000_000_000_000i64..1_000_000_000_000) {
            let s = to_capitals(Money::from_fen(fen));
            prop_assert!(!s.contains("零零"), "{}", s);
            prop_assert!(s.ends_with('整') || s.ends_with('分'), "{}", s);
            prop_assert_eq!(read_back(&s), fen, "{}", s);
        }
    }
}
