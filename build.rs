//! Build script: checks the chapter's content and embeds it in the app as generated Rust.
//!
//! Bad content fails the build with the file, the line and what is wrong.

use std::path::Path;
use std::{env, fs, process};

#[allow(dead_code)] // The tests use parts of the module that the build does not need.
#[path = "src/content.rs"]
mod content;
#[allow(dead_code)]
#[path = "src/content_interviews.rs"]
mod content_interviews;
// The control catalogue and the metrics, so content naming an unknown one fails the build.
#[allow(dead_code)]
#[path = "src/metric.rs"]
mod metric;
#[allow(dead_code, unused_imports, clippy::wrong_self_convention)]
#[path = "src/setup/mod.rs"]
mod setup;
// Challenges (appended step): their checker reads `content`, `metric` and `setup` above.
#[allow(dead_code)]
#[path = "src/content_challenges.rs"]
mod content_challenges;

#[allow(dead_code)] // The tests use parts of the module that the build does not need.
#[path = "src/content_items.rs"]
mod content_items;
#[path = "src/content_items_gen.rs"]
mod content_items_gen;
#[allow(dead_code)] // As above.
#[path = "src/content_rules.rs"]
mod content_rules;

fn main() {
    for path in [
        "chapters",
        "src/content.rs",
        "src/content_items.rs",
        "src/content_items_gen.rs",
        "src/content_rules.rs",
        "src/content_interviews.rs",
        "src/content_challenges.rs",
        "src/metric.rs",
        "src/setup",
    ] {
        println!("cargo::rerun-if-changed={path}");
    }
    let out_dir = env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let out_dir = Path::new(&out_dir);
    let chapter = checked("chapter content", content::load_chapter(Path::new("chapters/scaling")));
    write(out_dir, "chapter.rs", content::to_rust(&chapter));
    let objectives: Vec<&str> = chapter
        .sections
        .iter()
        .filter(|section| section.kind == content::Kind::Objective)
        .map(|section| section.id.as_str())
        .collect();
    let walkthroughs = checked(
        "interview walkthrough",
        content_interviews::load_walkthroughs(
            Path::new("chapters/scaling/interviews"),
            &objectives,
        ),
    );
    write(out_dir, "interviews.rs", content_interviews::to_rust(&walkthroughs));
    let challenges = checked(
        "challenge content",
        content_challenges::load_challenges(
            Path::new("chapters/scaling/challenges.toml"),
            &objectives,
        ),
    );
    write(out_dir, "challenges.rs", content_challenges::to_rust(&challenges));
    let items = checked(
        "exercise content",
        content_items::load_items(Path::new("chapters/scaling/items"), &objectives),
    );
    write(out_dir, "items.rs", content_items_gen::to_rust(&items));
}

/// The checked content, or the build stops with what is wrong (file, line, reason).
fn checked<T, E: std::fmt::Display>(what: &str, result: Result<T, E>) -> T {
    result.unwrap_or_else(|error| {
        eprintln!("error: bad {what}: {error}");
        process::exit(1);
    })
}

/// Writes generated Rust to `$OUT_DIR/<name>`, or stops the build.
fn write(out_dir: &Path, name: &str, rust: String) {
    let out = out_dir.join(name);
    if let Err(error) = fs::write(&out, rust) {
        eprintln!("error: cannot write {}: {error}", out.display());
        process::exit(1);
    }
}
