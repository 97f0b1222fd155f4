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
    println!("cargo::rerun-if-changed=chapters");
    println!("cargo::rerun-if-changed=src/content.rs");
    println!("cargo::rerun-if-changed=src/content_items.rs");
    println!("cargo::rerun-if-changed=src/content_items_gen.rs");
    println!("cargo::rerun-if-changed=src/content_rules.rs");
    println!("cargo::rerun-if-changed=src/content_interviews.rs");
    println!("cargo::rerun-if-changed=src/metric.rs");
    println!("cargo::rerun-if-changed=src/setup");
    let chapter = match content::load_chapter(Path::new("chapters/scaling")) {
        Ok(chapter) => chapter,
        Err(error) => {
            eprintln!("error: bad chapter content: {error}");
            process::exit(1);
        }
    };
    let out_dir = env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let out = Path::new(&out_dir).join("chapter.rs");
    if let Err(error) = fs::write(&out, content::to_rust(&chapter)) {
        eprintln!("error: cannot write {}: {error}", out.display());
        process::exit(1);
    }
    write_interviews(&chapter, Path::new(&out_dir));
    write_challenges(&chapter, Path::new(&out_dir));
    write_items(&chapter, Path::new(&out_dir));
}

/// Checks the interview walkthroughs against the chapter's objectives and embeds them.
fn write_interviews(chapter: &content::Chapter, out_dir: &Path) {
    let objectives: Vec<&str> = chapter
        .sections
        .iter()
        .filter(|section| section.kind == content::Kind::Objective)
        .map(|section| section.id.as_str())
        .collect();
    let dir = Path::new("chapters/scaling/interviews");
    let walkthroughs = match content_interviews::load_walkthroughs(dir, &objectives) {
        Ok(walkthroughs) => walkthroughs,
        Err(error) => {
            eprintln!("error: bad interview walkthrough: {error}");
            process::exit(1);
        }
    };
    let out = out_dir.join("interviews.rs");
    if let Err(error) = fs::write(&out, content_interviews::to_rust(&walkthroughs)) {
        eprintln!("error: cannot write {}: {error}", out.display());
        process::exit(1);
    }
}

/// Checks `chapters/scaling/challenges.toml` against the chapter's objectives and writes
/// `$OUT_DIR/challenges.rs`.
fn write_challenges(chapter: &content::Chapter, out_dir: &Path) {
    println!("cargo::rerun-if-changed=src/content_challenges.rs");
    let objectives: Vec<&str> = chapter
        .sections
        .iter()
        .filter(|section| section.kind == content::Kind::Objective)
        .map(|section| section.id.as_str())
        .collect();
    let path = Path::new("chapters/scaling/challenges.toml");
    let challenges = match content_challenges::load_challenges(path, &objectives) {
        Ok(challenges) => challenges,
        Err(error) => {
            eprintln!("error: bad challenge content: {error}");
            process::exit(1);
        }
    };
    let out = out_dir.join("challenges.rs");
    if let Err(error) = fs::write(&out, content_challenges::to_rust(&challenges)) {
        eprintln!("error: cannot write {}: {error}", out.display());
        process::exit(1);
    }
}

/// Checks the graded items against the chapter's objectives and writes `$OUT_DIR/items.rs`.
fn write_items(chapter: &content::Chapter, out_dir: &Path) {
    let objectives: Vec<&str> = chapter
        .sections
        .iter()
        .filter(|section| section.kind == content::Kind::Objective)
        .map(|section| section.id.as_str())
        .collect();
    let items = match content_items::load_items(Path::new("chapters/scaling/items"), &objectives) {
        Ok(items) => items,
        Err(error) => {
            eprintln!("error: bad exercise content: {error}");
            process::exit(1);
        }
    };
    let out = out_dir.join("items.rs");
    if let Err(error) = fs::write(&out, content_items_gen::to_rust(&items)) {
        eprintln!("error: cannot write {}: {error}", out.display());
        process::exit(1);
    }
}
