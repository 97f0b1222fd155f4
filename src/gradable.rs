//! Everything the learner's progress grades, in one list: the exercise items, the challenges
//! graded by the model and the interview self-assessments, each with the objective it counts
//! towards and the section that holds it. Mastery, the progress page and "reset this section"
//! all read this list, so a new kind of graded work is added here once.

use crate::challenge::CHALLENGES;
use crate::interview::WALKTHROUGHS;
use crate::items::ITEMS;

/// What kind of work a graded entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An exercise item (choice, numeric, ordering, written).
    Question,
    /// A challenge graded by replaying the model.
    Challenge,
    /// An interview walkthrough's self-assessment.
    Interview,
}

/// One graded entry as the progress sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gradable {
    /// Its key in the saved progress.
    pub id: String,
    /// The learning objective (an objective section's id) it counts towards.
    pub objective: &'static str,
    /// The section that holds it (resetting that section forgets it).
    pub section: &'static str,
    /// What it is.
    pub kind: Kind,
}

/// The progress key of a challenge.
pub fn challenge_key(challenge_id: &str) -> String {
    format!("challenge-{challenge_id}")
}

/// The progress key of an interview walkthrough's self-assessment.
pub fn interview_key(walkthrough_id: &str) -> String {
    format!("interview-{walkthrough_id}")
}

/// Every graded entry: items (held by their objective's section), challenges, then each
/// walkthrough once per objective it exercises.
pub fn all() -> Vec<Gradable> {
    let items = ITEMS.iter().map(|item| Gradable {
        id: item.id.to_owned(),
        objective: item.objective,
        section: item.objective,
        kind: Kind::Question,
    });
    let challenges = CHALLENGES.iter().map(|challenge| Gradable {
        id: challenge_key(challenge.id),
        objective: challenge.objective,
        section: "challenges",
        kind: Kind::Challenge,
    });
    let interviews = WALKTHROUGHS.iter().flat_map(|walkthrough| {
        walkthrough.objectives.iter().map(|objective| Gradable {
            id: interview_key(walkthrough.id),
            objective,
            section: "interviews",
            kind: Kind::Interview,
        })
    });
    items.chain(challenges).chain(interviews).collect()
}

/// `(progress key, objective)` pairs, as `Progress::mastery` takes them.
pub fn pairs(all: &[Gradable]) -> Vec<(&str, &str)> {
    all.iter().map(|gradable| (gradable.id.as_str(), gradable.objective)).collect()
}

/// The progress keys a section holds (each once).
pub fn keys_in_section(all: &[Gradable], section_id: &str) -> Vec<String> {
    let mut keys: Vec<String> = all
        .iter()
        .filter(|gradable| gradable.section == section_id)
        .map(|gradable| gradable.id.clone())
        .collect();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Progress;

    #[test]
    fn every_kind_is_listed_with_distinct_keys() {
        let all = all();
        for kind in [Kind::Question, Kind::Challenge, Kind::Interview] {
            assert!(all.iter().any(|gradable| gradable.kind == kind), "{kind:?}");
        }
        let mut keys: Vec<(&str, &str)> = pairs(&all);
        let count = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), count, "a key counts once per objective");
        let objectives = ["concurrency", "cold-starts", "caching", "memory", "downstream"];
        assert!(all.iter().all(|gradable| objectives.contains(&gradable.objective)));
    }

    #[test]
    fn keys_survive_the_saved_format_and_count_in_mastery() {
        let all = all();
        let mut progress = Progress::default();
        let challenge = challenge_key(CHALLENGES[0].id);
        let interview = interview_key(WALKTHROUGHS[0].id);
        progress.record_score(&challenge, 1.0);
        progress.record_score(&interview, 0.5);
        let (decoded, bad) = Progress::decode(&progress.encode()).unwrap();
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(decoded, progress);
        let mastery = decoded.mastery(&pairs(&all));
        let attempted: usize = mastery.iter().map(|entry| entry.attempted).sum();
        assert_eq!(attempted, 1 + WALKTHROUGHS[0].objectives.len());
    }

    #[test]
    fn sections_hold_their_own_keys() {
        let all = all();
        let challenges = keys_in_section(&all, "challenges");
        assert_eq!(challenges.len(), CHALLENGES.len());
        assert_eq!(keys_in_section(&all, "interviews").len(), WALKTHROUGHS.len());
        assert!(keys_in_section(&all, "caching").iter().all(|key| !key.starts_with("challenge")));
        assert!(keys_in_section(&all, "sandbox").is_empty());
    }
}
