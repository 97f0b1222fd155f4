//! Build script: checks the chapter's content and embeds it in the app as generated Rust.
//!
//! Bad content fails the build with the file, the line and what is wrong.

use std::path::Path;
use std::{env, fs, process};

#[allow(dead_code)] // The tests use parts of the module that the build does not need.
#[path = "src/content.rs"]
mod content;

fn main() {
    println!("cargo::rerun-if-changed=chapters");
    println!("cargo::rerun-if-changed=src/content.rs");
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
}
