//! House-style checks on the app's own files: every Rust file starts with a `//!` header, no
//! line is longer than 100 characters and no file reaches 600 lines.

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn app_files_keep_the_house_style() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("build.rs")];
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("tests"), &mut files);
    let mut problems = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let name = file.strip_prefix(root).unwrap().display().to_string();
        if !text.starts_with("//!") {
            problems.push(format!("{name}: does not start with a `//!` header"));
        }
        let lines = text.lines().count();
        if lines >= 600 {
            problems.push(format!("{name}: {lines} lines (keep files under 600)"));
        }
        for (index, line) in text.lines().enumerate() {
            if line.chars().count() > 100 {
                problems.push(format!("{name}:{}: longer than 100 characters", index + 1));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
