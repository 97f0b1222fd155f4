//! Native tests of the content pipeline: the unit tests inside `src/content.rs`, plus a check
//! that the real chapter in `chapters/scaling` passes it.

#[path = "../src/content.rs"]
mod content;

use std::path::Path;

#[test]
fn the_real_chapter_is_valid() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("chapters/scaling");
    let chapter = content::load_chapter(&dir).unwrap_or_else(|error| panic!("{error}"));
    let ids: Vec<&str> = chapter.sections.iter().map(|section| section.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "concurrency",
            "cold-starts",
            "caching",
            "memory",
            "downstream",
            "bill",
            "ticket-sale",
            "exercises",
            "challenges",
            "interviews",
            "sandbox"
        ]
    );
}

#[test]
fn a_missing_markdown_file_fails_with_its_location() {
    let dir = std::env::temp_dir().join(format!("workbook-content-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let toml = "title = \"T\"\n\n[[section]]\nid = \"a\"\ntitle = \"A\"\nkind = \"objective\"\n\
                objective = \"O\"\nfile = \"nowhere.md\"\n";
    std::fs::write(dir.join("chapter.toml"), toml).unwrap();
    let error = content::load_chapter(&dir).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(error.line, Some(8));
    assert!(error.file.ends_with("chapter.toml"));
    assert!(error.message.starts_with("cannot read section file \"nowhere.md\""), "{error}");
}
