//! Feedback at delivery: the buyer scores the advisor's service, the handover and the whole
//! purchase (1 to 5), answers the NPS question (0 to 10: would they recommend the store) and may
//! add a comment, once per order. A detractor (0 to 6) is followed up by a sales manager.

use crate::FieldErrors;

/// How the buyer answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    pub advisor_score: i32,
    pub handover_score: i32,
    pub overall_score: i32,
    pub nps: i32,
    pub comment: String,
}

/// How long the comment may be.
pub const COMMENT_MAX: usize = 500;

/// A score as typed: 1 to 5.
fn score(e: &mut FieldErrors, field: &str, text: &str, range: std::ops::RangeInclusive<i32>) -> i32 {
    match text.trim().parse::<i32>() {
        Ok(n) if range.contains(&n) => n,
        Ok(_) => {
            e.add(field, "survey-score-range");
            0
        }
        Err(_) => {
            e.add(field, "survey-score-required");
            0
        }
    }
}

/// Checks the answers as typed.
pub fn answers(advisor: &str, handover: &str, overall: &str, nps: &str, comment: &str) -> Result<Answers, FieldErrors> {
    let mut e = FieldErrors::new();
    let advisor_score = score(&mut e, "advisor_score", advisor, 1..=5);
    let handover_score = score(&mut e, "handover_score", handover, 1..=5);
    let overall_score = score(&mut e, "overall_score", overall, 1..=5);
    let nps = score(&mut e, "nps", nps, 0..=10);
    let comment = comment.trim();
    if comment.chars().count() > COMMENT_MAX {
        e.add("comment", "too-long");
    }
    e.into_result()?;
    Ok(Answers { advisor_score, handover_score, overall_score, nps, comment: comment.to_string() })
}

/// Promoters answer 9 or 10, detractors 0 to 6 (DOMAIN.md §6).
pub fn is_detractor(nps: i32) -> bool {
    nps <= 6
}

/// The net promoter score of a set of answers: promoters minus detractors, in percent.
pub fn net_promoter_score(answers: &[i32]) -> Option<i32> {
    if answers.is_empty() {
        return None;
    }
    let n = answers.len() as i32;
    let promoters = answers.iter().filter(|a| **a >= 9).count() as i32;
    let detractors = answers.iter().filter(|a| is_detractor(**a)).count() as i32;
    Some((promoters - detractors) * 100 / n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_answer_is_in_its_range_and_named_when_not() {
        assert_eq!(answers("5", "4", "5", "9", " 很好 ").unwrap().comment, "很好");
        let e = answers("6", "", "0", "11", "").unwrap_err();
        assert_eq!(e.get("advisor_score"), Some("survey-score-range"));
        assert_eq!(e.get("handover_score"), Some("survey-score-required"));
        assert_eq!(e.get("overall_score"), Some("survey-score-range"));
        assert_eq!(e.get("nps"), Some("survey-score-range"));
        assert!(answers("5", "5", "5", "0", &"长".repeat(501)).is_err());
    }

    #[test]
    fn detractors_and_the_net_promoter_score() {
        assert!(is_detractor(6) && !is_detractor(7));
        assert_eq!(net_promoter_score(&[10, 9, 8, 3]), Some(25));
        assert_eq!(net_promoter_score(&[]), None);
    }
}
