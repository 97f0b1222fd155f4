//! Native tests of the graded items: every validation error of `src/content_items.rs` with its
//! file and line, the real items, and every numeric answer recomputed (with the model's own
//! functions and prices where they apply) so content and model cannot drift apart.

#[path = "../src/content_items.rs"]
mod content_items;
#[path = "../src/content_items_gen.rs"]
mod content_items_gen;
#[path = "../src/content_rules.rs"]
mod content_rules;

use std::path::{Path, PathBuf};

use content_items::{Body, Item};
use scaling_model::cost::{self, Usage};
use scaling_model::{Architecture, FunctionConfig, Scenario, sizing};

const OBJECTIVES: [&str; 5] = ["concurrency", "cold-starts", "caching", "memory", "downstream"];

const GOOD: &str = r#"[[item]]
id = "pick-one"
objective = "memory"
kind = "choice"
prompt = "Which?"
explanation = "Because."
correct = [2]

[[item.choice]]
text = "First"
why = "Wrong because."

[[item.choice]]
text = "Second"

[[item]]
id = "a-number"
objective = "caching"
kind = "numeric"
prompt = "How many?"
explanation = "Like so."
answer = 42.5
unit = "ms"
tolerance = 0.5
"#;

fn check(text: &str) -> Result<Vec<(Item, usize)>, String> {
    content_items::parse_items(Path::new("items/x.toml"), text, &OBJECTIVES)
        .map_err(|error| error.to_string())
}

fn error(text: &str) -> String {
    check(text).expect_err("content should be rejected")
}

#[test]
fn good_items_parse_with_their_lines() {
    let items = check(GOOD).unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!((items[0].0.id.as_str(), items[0].1), ("pick-one", 2));
    assert_eq!(items[1].1, 17);
    let Body::Choice { multiple, shuffle, choices } = &items[0].0.body else { panic!() };
    assert!(!multiple && *shuffle);
    assert!(choices[1].correct && !choices[0].correct);
    assert_eq!(choices[0].why_html, "Wrong because.");
    assert_eq!(items[0].0.prompt_html, "<p>Which?</p>\n");
}

#[test]
fn answer_index_out_of_range_names_the_line() {
    assert_eq!(
        error(&GOOD.replace("correct = [2]", "correct = [3]")),
        "items/x.toml:7: correct choice 3 is out of range: item \"pick-one\" has 2 choices, \
         numbered from 1"
    );
    assert!(error(&GOOD.replace("correct = [2]", "correct = [0]")).contains("out of range"));
    assert!(error(&GOOD.replace("correct = [2]", "correct = [2, 2]")).contains("repeated"));
    assert!(
        error(&GOOD.replace("correct = [2]", "correct = [1, 2]")).contains("add `multiple = true`")
    );
}

#[test]
fn duplicate_ids_fail_within_and_across_files() {
    assert_eq!(
        error(&GOOD.replace("id = \"a-number\"", "id = \"pick-one\"")),
        "items/x.toml:17: duplicate item id \"pick-one\""
    );
    let dir = temp_dir("duplicates");
    std::fs::write(dir.join("a.toml"), GOOD).unwrap();
    std::fs::write(dir.join("b.toml"), format!("\n\n{GOOD}")).unwrap();
    let error = content_items::load_items(&dir, &OBJECTIVES).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(error.file.ends_with("b.toml"));
    assert_eq!(error.line, Some(4));
    assert!(error.message.starts_with("duplicate item id \"pick-one\" (first used at "));
    assert!(error.message.ends_with("a.toml:2)"), "{}", error.message);
}

#[test]
fn a_numeric_answer_needs_a_unit_and_one_tolerance() {
    assert_eq!(
        error(&GOOD.replace("unit = \"ms\"\n", "")),
        "items/x.toml:22: numeric answer of \"a-number\" has no unit; add `unit = \"...\"`"
    );
    assert!(error(&GOOD.replace("unit = \"ms\"", "unit = \" \"")).contains("has no unit"));
    assert!(error(&GOOD.replace("tolerance = 0.5", "")).contains("exactly one of `tolerance`"));
    assert!(
        error(&GOOD.replace("tolerance = 0.5", "tolerance = 0.5\nrelative_tolerance = 0.1"))
            .contains("exactly one of")
    );
    assert!(error(&GOOD.replace("tolerance = 0.5", "tolerance = -1")).contains("at least 0"));
    assert!(error(&GOOD.replace("answer = 42.5", "answer = nan")).contains("not a number"));
    assert!(
        error(&GOOD.replace("How many?", "How many, 42.5 or more?")).contains("shows its answer")
    );
}

#[test]
fn unknown_objective_and_kind_are_errors() {
    assert_eq!(
        error(&GOOD.replace("objective = \"memory\"", "objective = \"mystery\"")),
        "items/x.toml:3: item \"pick-one\" names unknown objective \"mystery\"; expected one \
         of: concurrency, cold-starts, caching, memory, downstream"
    );
    assert!(
        error(&GOOD.replace("kind = \"numeric\"", "kind = \"essay\"")).contains("unknown item")
    );
}

#[test]
fn choices_must_exist_and_explain_themselves() {
    let no_choices = GOOD.split("[[item.choice]]").next().unwrap().to_owned()
        + "\n[[item]]\nid = \"x\"\nobjective = \"memory\"\nkind = \"written\"\nprompt = \"P\"\n\
           model_answer = \"M\"\nrubric = [\"r\"]\n";
    assert!(error(&no_choices).contains("has no `[[item.choice]]` entries"), "{no_choices}");
    assert_eq!(
        error(&GOOD.replace("why = \"Wrong because.\"\n", "")),
        "items/x.toml:10: wrong choice 1 of item \"pick-one\" has no `why`"
    );
    assert!(error(&GOOD.replace("correct = [2]\n", "")).contains("no `correct`"));
}

#[test]
fn positional_choices_are_refused_when_shuffled() {
    let text = GOOD.replace("text = \"First\"", "text = \"None of the above\"");
    assert_eq!(
        error(&text),
        "items/x.toml:10: \"none of the above\" means nothing once choices are shuffled; \
         name the choices"
    );
    let text = GOOD.replace("text = \"First\"", "text = \"All of the above\"");
    assert!(error(&text).contains("all of the above"));
    let kept = text.replace("correct = [2]", "correct = [2]\nshuffle = false");
    assert!(check(&kept).is_ok());
}

#[test]
fn double_negatives_are_refused() {
    let text = GOOD
        .replace("prompt = \"Which?\"", "prompt = \"Which is NOT true?\"")
        .replace("text = \"First\"", "text = \"It does not scale\"");
    assert_eq!(
        error(&text),
        "items/x.toml:10: double negative: a negative question with a negative choice; \
         rephrase one of them"
    );
}

#[test]
fn orderings_and_written_items_are_checked() {
    let ordering = "[[item]]\nid = \"o\"\nobjective = \"caching\"\nkind = \"ordering\"\n\
                    prompt = \"P\"\nexplanation = \"E\"\norder = [\"only\"]\n";
    assert_eq!(
        error(ordering),
        "items/x.toml:7: ordering item \"o\" needs at least 2 entries in `order`"
    );
    assert!(error(&ordering.replace("[\"only\"]", "[\"a\", \"A\"]")).contains("appears twice"));
    assert!(check(&ordering.replace("[\"only\"]", "[\"a\", \"b\"]")).is_ok());
    assert!(
        error(&ordering.replace("order = [\"only\"]", "unit = \"ms\""))
            .contains("`unit` does not belong in a ordering item")
    );
    let written = "[[item]]\nid = \"w\"\nobjective = \"memory\"\nkind = \"written\"\n\
                   prompt = \"P\"\nmodel_answer = \"M\"\nrubric = []\n";
    assert!(error(written).contains("has no `rubric` points"));
    assert!(error("[[item]]\nid = \"Bad Id\"\n").contains("missing field"));
    assert!(error("[[item]]\nid = 3\n").starts_with("items/x.toml:2: not a valid item file"));
}

#[test]
fn rules_group_thousands_and_spot_negations() {
    assert_eq!(content_rules::group_thousands("1234567.5"), "1,234,567.5");
    assert!(content_rules::has_negation("it doesn't scale"));
    assert!(!content_rules::has_negation("a note on nothing"));
    assert!(content_rules::prompt_shows_number("Is it 1,600 or more?", 1600.0));
}

fn real_items() -> Vec<Item> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    content_items::load_items(&root.join("chapters/scaling/items"), &OBJECTIVES)
        .unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn the_real_items_cover_every_objective() {
    let items = real_items();
    for objective in OBJECTIVES {
        let count = items.iter().filter(|item| item.objective == objective).count();
        assert!(count >= 5, "{objective} has only {count} items");
    }
    for item in &items {
        assert!(!item.hints.is_empty(), "{} has no hint", item.id);
    }
    let mut objectives: Vec<&str> = items.iter().map(|item| item.objective.as_str()).collect();
    objectives.dedup();
    assert_eq!(objectives, OBJECTIVES, "items are grouped in the chapter's order");
    let tuning = items.iter().find(|item| item.id == "memory-power-tuning").unwrap();
    assert!(tuning.prompt_html.contains("<table>"), "tables render in prompts");
    // The progress page's route must not be shadowed by a section.
    let chapter = std::fs::read_to_string(root().join("chapters/scaling/chapter.toml")).unwrap();
    assert!(!chapter.contains("id = \"progress\""));
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("workbook-items-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A bill for `invocations` runs of `duration_ms` each, at `memory_mb` on `architecture`.
fn lambda_bill(
    memory_mb: u32,
    architecture: Architecture,
    invocations: u64,
    duration_ms: f64,
) -> scaling_model::Bill {
    let mut scenario = Scenario::default();
    scenario.function.memory_mb = memory_mb;
    scenario.function.architecture = architecture;
    let usage = Usage {
        invocations,
        on_demand_ms: (invocations as f64 * duration_ms).round() as u64,
        ..Usage::default()
    };
    cost::bill(&scenario, &usage)
}

/// Each numeric item's answer, computed independently of the content.
fn expected_answer(id: &str) -> f64 {
    match id {
        "concurrency-littles-law" => 1_200.0 * 0.25,
        "concurrency-max-reservation" => 1_000.0 - 300.0 - 100.0,
        "cold-starts-break-even-percent" => {
            100.0 * cost::provisioned_break_even_utilization(&Scenario::default())
        }
        "cold-starts-standby-bill" => {
            let mut scenario = Scenario::default();
            scenario.function.memory_mb = 2_048;
            scenario.function.provisioned_concurrency = 20;
            let usage = Usage { seconds: cost::HOURS_PER_MONTH * 3_600.0, ..Usage::default() };
            cost::bill(&scenario, &usage).provisioned_standby
        }
        "cold-starts-idle-gap" => 100.0 * (-10.0_f64 / 5.0).exp(),
        "caching-hit-ratio" => 100.0 * 60.0 / 61.0,
        "caching-gateway-saving" => {
            let bill = lambda_bill(512, Architecture::X86_64, 8_000_000, 100.0);
            bill.lambda_requests + bill.lambda_on_demand_duration
        }
        "caching-thundering-herd" => 5_000.0 * 0.040,
        "memory-invocation-cost" => {
            let function = FunctionConfig {
                memory_mb: 1_024,
                handler_ms: 1_600.0,
                reference_memory_mb: 128,
                cpu_bound_fraction: 1.0,
                ..FunctionConfig::default()
            };
            let duration_ms = sizing::handler_mean_ms(&function);
            let bill = lambda_bill(1_024, Architecture::X86_64, 1_000_000, duration_ms);
            bill.lambda_requests + bill.lambda_on_demand_duration
        }
        "memory-above-one-vcpu" => sizing::handler_mean_ms(&FunctionConfig {
            memory_mb: 2_048,
            handler_ms: 600.0,
            reference_memory_mb: 512,
            cpu_bound_fraction: 400.0 / 600.0,
            handler_threads: 1,
            ..FunctionConfig::default()
        }),
        "memory-arm64-cost" => {
            lambda_bill(1_024, Architecture::Arm64, 1_000_000, 360.0).lambda_on_demand_duration
        }
        "downstream-busy-connections" => 3_000.0 * 0.004,
        "downstream-queueing" => 10.0 / (1.0 - 0.8),
        "downstream-reserved-cap" => (450.0 - 50.0) / 0.25,
        other => panic!("numeric item {other:?} has no recomputed answer in tests/items.rs"),
    }
}

#[test]
fn every_numeric_answer_agrees_with_the_model_within_its_tolerance() {
    let mut checked = 0;
    for item in real_items() {
        let Body::Numeric { answer, tolerance, relative, .. } = item.body else { continue };
        let expected = expected_answer(&item.id);
        let allowed = if relative { tolerance * answer.abs() } else { tolerance };
        assert!(
            (expected - answer).abs() <= allowed + 1e-9,
            "{}: the content says {answer}, the model gives {expected}",
            item.id
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} numeric items");
}

#[test]
fn generated_rust_names_every_kind_and_escapes_strings() {
    let mut items: Vec<Item> = check(GOOD).unwrap().into_iter().map(|(item, _)| item).collect();
    items[0].prompt_html = "Quote \" and \\ backslash".to_owned();
    let rust = content_items_gen::to_rust(&items);
    assert!(rust.contains(r#"prompt_html: "Quote \" and \\ backslash""#), "{rust}");
    assert!(rust.contains("Body::Choice { multiple: false, shuffle: true"));
    assert!(rust.contains("tolerance: Tolerance::Absolute(0.5)"));
}
