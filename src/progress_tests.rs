//! Native tests of `progress`: the stored format, migration from version 1, corrupt entries,
//! scores and mastery, reset, import and merge.

use super::*;

const GRADABLE: [(&str, &str); 4] = [
    ("memory-a", "memory"),
    ("memory-b", "memory"),
    ("caching-a", "caching"),
    ("challenge-x", "caching"),
];

#[test]
fn round_trip_with_items() {
    let mut progress = Progress::default();
    assert!(progress.visit("concurrency"));
    assert!(!progress.visit("concurrency"));
    progress.set_completed("caching", true);
    progress.record_answer("memory-a", 0.5, &Answer::Choice(vec![0, 2]));
    progress.record_answer("memory-a", 1.0, &Answer::Ordering(vec![1, 0]));
    progress.record_answer("memory-b", 0.0, &Answer::Numeric("1,024".to_owned()));
    progress.record_answer("caching-a", 2.0 / 3.0, &Answer::Written(vec![true, false, true]));
    progress.record_score("challenge-x", 0.25);
    let text = progress.encode();
    assert_eq!(
        text,
        "workbook-progress 2\nvisited: caching, concurrency\ncompleted: caching\n\
         item caching-a: attempts=1 best=0.6667 last=ticks:1.0.1\n\
         item challenge-x: attempts=1 best=0.25\n\
         item memory-a: attempts=2 best=1 last=order:1.0\n\
         item memory-b: attempts=1 best=0 last=number:1024\n"
    );
    let (decoded, bad) = Progress::decode(&text).unwrap();
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(decoded.encode(), text);
    assert!(decoded.items["memory-a"].solved());
    assert_eq!(decoded.items["memory-b"].last, Some(Answer::Numeric("1024".to_owned())));
    assert_eq!(progress.counts(&["concurrency", "caching", "memory"]), (2, 1));
    assert_eq!(
        progress.summary(&["concurrency", "memory"]),
        "1 of 2 sections visited, 0 completed"
    );
    assert_eq!(progress.solved_count(&["memory-a", "memory-b", "nothing"]), 1);
}

#[test]
fn scores_keep_attempts_and_the_best() {
    let mut progress = Progress::default();
    progress.record_score("a", 0.75);
    progress.record_score("a", 0.25);
    progress.record_score("a", f64::NAN);
    progress.record_score("a", 7.0);
    let record = &progress.items["a"];
    assert_eq!(record.attempts, 4);
    assert_eq!(record.best, 1.0);
}

#[test]
fn version_1_is_migrated() {
    let (progress, bad) =
        Progress::decode("workbook-progress 1\nvisited: memory, old-section\ncompleted: memory\n")
            .unwrap();
    assert!(bad.is_empty());
    assert!(progress.visited.contains("old-section"));
    assert!(progress.completed.contains("memory"));
    assert!(progress.encode().starts_with("workbook-progress 2\n"));
    // Version 1 had no item lines: one there is a bad entry, not a crash.
    let (_, bad) = Progress::decode("workbook-progress 1\nitem a: attempts=1 best=1\n").unwrap();
    assert_eq!(bad.len(), 1);
}

#[test]
fn one_corrupt_entry_is_set_aside_and_the_rest_loads() {
    let text = "workbook-progress 2\nvisited: memory\ncompleted: memory\n\
                item a: attempts=2 best=0.5\nitem b: attempts=lots best=1\n\
                item c: attempts=1 best=1 last=choice:1\n";
    let (progress, bad) = Progress::decode(text).unwrap();
    assert_eq!(progress.items.len(), 2);
    assert!(progress.completed.contains("memory"));
    assert_eq!(
        bad,
        vec![BadEntry {
            line: 5,
            text: "item b: attempts=lots best=1".to_owned(),
            reason: "bad attempts \"lots\"".to_owned(),
        }]
    );
}

#[test]
fn every_kind_of_bad_line_is_reported() {
    let cases = [
        ("visited concurrency", "it has no `:`"),
        ("favourite: x", "unknown field \"favourite\""),
        ("visited: <b>", "bad section id \"<b>\""),
        ("item A B: attempts=1 best=1", "bad item id \"A B\""),
        ("item a: attempts=1", "it needs both `attempts=` and `best=`"),
        ("item a: attempts=1 best=1.5", "bad best score \"1.5\""),
        ("item a: attempts=1 best=NaN", "bad best score \"NaN\""),
        ("item a: attempts=1 best=1 colour=red", "unknown item field \"colour\""),
        ("item a: attempts=1 best=1 last=choice:x", "bad last answer \"choice:x\""),
        ("item a: attempts=1 best=1 last=ticks:2", "bad last answer \"ticks:2\""),
        ("item a: attempts=1 best=1 last", "field \"last\" has no `=`"),
    ];
    for (line, reason) in cases {
        let (_, bad) = Progress::decode(&format!("workbook-progress 2\n{line}\n")).unwrap();
        assert_eq!(bad.len(), 1, "{line}");
        assert_eq!(bad[0].reason, reason, "{line}");
    }
}

#[test]
fn values_that_are_not_ours_are_errors_not_panics() {
    let cases = [
        ("", "it is empty"),
        ("{\"visited\":[]}", "unknown format \"{\\\"visited\\\":[]}\""),
        ("workbook-progress 3\n", "unknown format \"workbook-progress 3\""),
    ];
    for (text, reason) in cases {
        assert_eq!(Progress::decode(text).unwrap_err().reason, reason, "text {text:?}");
    }
    let huge = "x".repeat(MAX_ENCODED_BYTES + 1);
    assert!(Progress::decode(&huge).is_err());
    assert!(Progress::decode("\u{feff}\u{0}").is_err());
}

#[test]
fn mastery_counts_every_item_and_unanswered_as_zero() {
    let mut progress = Progress::default();
    progress.record_score("memory-a", 1.0);
    progress.record_score("memory-b", 0.5);
    progress.record_score("caching-a", 0.0);
    progress.record_score("unrelated", 1.0);
    let mastery = progress.mastery(&GRADABLE);
    assert_eq!(mastery.len(), 2);
    assert_eq!(mastery[0].objective, "memory");
    assert_eq!((mastery[0].items, mastery[0].attempted, mastery[0].solved), (2, 2, 1));
    assert!((mastery[0].mastery - 0.75).abs() < 1e-12);
    assert_eq!(mastery[1].objective, "caching");
    assert_eq!((mastery[1].items, mastery[1].attempted, mastery[1].solved), (2, 1, 0));
    assert_eq!(mastery[1].mastery, 0.0);
    assert!(Progress::default().mastery(&[]).is_empty());
}

#[test]
fn reset_one_section_leaves_the_others() {
    let mut progress = Progress::default();
    progress.set_completed("memory", true);
    progress.set_completed("caching", true);
    progress.record_score("memory-a", 1.0);
    progress.record_score("caching-a", 1.0);
    progress.reset_section("memory", &["memory-a", "memory-b"]);
    assert!(!progress.visited.contains("memory"));
    assert!(!progress.completed.contains("memory"));
    assert!(!progress.items.contains_key("memory-a"));
    assert!(progress.completed.contains("caching"));
    assert!(progress.items.contains_key("caching-a"));
}

#[test]
fn import_is_strict_and_merge_keeps_the_best() {
    let error =
        Progress::import("workbook-progress 2\nitem a: attempts=1\nnonsense\n").unwrap_err();
    assert_eq!(error.reason, "line 2: it needs both `attempts=` and `best=` (and 1 more)");
    assert!(Progress::import("not a progress file").is_err());
    let with_bom = Progress::import("\u{feff}workbook-progress 2\r\nvisited: memory\r\n").unwrap();
    assert!(with_bom.visited.contains("memory"));

    let mut ours = Progress::default();
    ours.visit("memory");
    ours.record_score("a", 0.5);
    ours.record_score("a", 0.25);
    let mut theirs = Progress::default();
    theirs.set_completed("caching", true);
    theirs.record_answer("a", 1.0, &Answer::Choice(vec![1]));
    theirs.record_score("b", 0.5);
    let imported = Progress::import(&theirs.encode()).unwrap();
    ours.merge(&imported);
    assert!(ours.visited.contains("memory") && ours.completed.contains("caching"));
    assert_eq!(ours.items["a"].attempts, 2);
    assert_eq!(ours.items["a"].best, 1.0);
    assert_eq!(ours.items["a"].last, Some(Answer::Choice(vec![1])));
    assert_eq!(ours.items["b"].best, 0.5);
}

#[test]
fn theme_choices() {
    assert_eq!(Theme::decode(Some("dark")), Theme::Dark);
    assert_eq!(Theme::decode(Some("purple")), Theme::System);
    assert_eq!(Theme::decode(None), Theme::System);
    assert_eq!(Theme::toggled(true), Theme::Light);
    assert_eq!(Theme::Light.encode(), Some("light"));
    assert_eq!(Theme::System.encode(), None);
}
