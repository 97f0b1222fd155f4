//! Build script: checks the chapter's content and embeds it in the app as generated Rust.
//!
//! Bad content fails the build with the file, the line and what is wrong.

use std::path::Path;
use std::{env, fs, process};

#[allow(dead_code)] // The tests use parts of the module that the build does not need.
#[path = "src/content.rs"]
mod content;

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
    write_items(&chapter, Path::new(&out_dir));
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
