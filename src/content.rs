//! Build-time reading of the chapter's content: `chapters/<name>/chapter.toml` and one Markdown
//! file per section, checked and turned into Rust source that the app embeds.
//!
//! This module is plain Rust with no browser dependencies. It is compiled twice: by `build.rs`
//! (through `#[path]`) to generate `$OUT_DIR/chapter.rs`, and by `tests/content.rs` so that
//! malformed content is tested natively. The app itself never links it, so the WebAssembly
//! carries rendered HTML but no TOML or Markdown parser.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

/// What a section is for; chosen in `chapter.toml` with `kind = "..."`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Teaches one learning objective.
    Objective,
    /// The chapter's worked scenario.
    Scenario,
    /// Graded exercises.
    Exercises,
    /// Interview walkthroughs.
    Interviews,
    /// Every control at once.
    Sandbox,
    /// What the stack costs: the bill, line by line.
    Cost,
}

impl Kind {
    /// The spellings accepted in `chapter.toml`, in the order they are listed in error messages.
    pub const NAMES: [&'static str; 6] =
        ["objective", "scenario", "exercises", "interviews", "sandbox", "cost"];

    /// Reads a kind from its `chapter.toml` spelling.
    pub fn from_name(name: &str) -> Option<Kind> {
        match name {
            "objective" => Some(Kind::Objective),
            "scenario" => Some(Kind::Scenario),
            "exercises" => Some(Kind::Exercises),
            "interviews" => Some(Kind::Interviews),
            "sandbox" => Some(Kind::Sandbox),
            "cost" => Some(Kind::Cost),
            _ => None,
        }
    }

    /// The variant's name in the app's `SectionKind` enum.
    fn rust_name(self) -> &'static str {
        match self {
            Kind::Objective => "Objective",
            Kind::Scenario => "Scenario",
            Kind::Exercises => "Exercises",
            Kind::Interviews => "Interviews",
            Kind::Sandbox => "Sandbox",
            Kind::Cost => "Cost",
        }
    }
}

/// A problem in the content, located by file and (when known) line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// The file that has to change.
    pub file: PathBuf,
    /// 1-based line in `file`, when the problem has a place.
    pub line: Option<usize>,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for ContentError {}

/// One section after checking, with its prose rendered to HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Route id (`#/concurrency`): lowercase letters, digits and dashes.
    pub id: String,
    /// Heading shown in the page and the navigation.
    pub title: String,
    /// What the section is for.
    pub kind: Kind,
    /// The learning objective in one sentence.
    pub objective: String,
    /// The Markdown file the prose came from, relative to the chapter folder.
    pub file: String,
    /// The prose as HTML.
    pub html: String,
}

/// A whole chapter after checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    /// The chapter's title.
    pub title: String,
    /// Sections in reading order.
    pub sections: Vec<Section>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChapter {
    title: Spanned<String>,
    #[serde(default)]
    section: Vec<Spanned<RawSection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: Spanned<String>,
    title: Spanned<String>,
    kind: Spanned<String>,
    objective: Spanned<String>,
    file: Spanned<String>,
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&byte| byte == b'\n').count() + 1
}

/// Reads `chapter.toml` and every Markdown file it names from `dir`.
pub fn load_chapter(dir: &Path) -> Result<Chapter, ContentError> {
    let toml_path = dir.join("chapter.toml");
    let text = fs::read_to_string(&toml_path).map_err(|error| ContentError {
        file: toml_path.clone(),
        line: None,
        message: format!("cannot read the chapter file: {error}"),
    })?;
    parse_chapter(&toml_path, &text, |name| fs::read_to_string(dir.join(name)))
}

/// Checks the text of a `chapter.toml` (named `toml_path` in errors); `read` fetches a Markdown
/// file by the name written in `file = "..."`.
pub fn parse_chapter(
    toml_path: &Path,
    text: &str,
    mut read: impl FnMut(&str) -> std::io::Result<String>,
) -> Result<Chapter, ContentError> {
    let at = |offset: usize, message: String| ContentError {
        file: toml_path.to_path_buf(),
        line: Some(line_of(text, offset)),
        message,
    };
    let raw: RawChapter = toml::from_str(text).map_err(|error| ContentError {
        file: toml_path.to_path_buf(),
        line: error.span().map(|span| line_of(text, span.start)),
        message: format!("not a valid chapter file: {}", error.message().trim_end()),
    })?;
    let title = raw.title.get_ref().trim().to_owned();
    if title.is_empty() {
        return Err(at(raw.title.span().start, "the chapter `title` is empty".to_owned()));
    }
    if raw.section.is_empty() {
        return Err(ContentError {
            file: toml_path.to_path_buf(),
            line: None,
            message: "the chapter has no `[[section]]` entries".to_owned(),
        });
    }
    let mut seen_ids = HashSet::new();
    let mut sections = Vec::with_capacity(raw.section.len());
    for entry in &raw.section {
        let raw_section = entry.get_ref();
        let id = raw_section.id.get_ref();
        let id_at = raw_section.id.span().start;
        if !is_valid_id(id) {
            return Err(at(
                id_at,
                format!(
                    "section id {id:?} must be 1 to 40 lowercase letters, digits or dashes, \
                     starting with a letter"
                ),
            ));
        }
        if !seen_ids.insert(id.clone()) {
            return Err(at(id_at, format!("duplicate section id {id:?}")));
        }
        let kind_name = raw_section.kind.get_ref();
        let kind = Kind::from_name(kind_name).ok_or_else(|| {
            at(
                raw_section.kind.span().start,
                format!(
                    "unknown section kind {kind_name:?}; expected one of: {}",
                    Kind::NAMES.join(", ")
                ),
            )
        })?;
        for (name, value) in [("title", &raw_section.title), ("objective", &raw_section.objective)]
        {
            if value.get_ref().trim().is_empty() {
                return Err(at(
                    value.span().start,
                    format!("section {id:?} has an empty `{name}`"),
                ));
            }
        }
        let file = raw_section.file.get_ref();
        let file_at = raw_section.file.span().start;
        if !is_valid_file_name(file) {
            return Err(at(
                file_at,
                format!("file {file:?} must be a plain `.md` file name in the chapter folder"),
            ));
        }
        let markdown = read(file)
            .map_err(|error| at(file_at, format!("cannot read section file {file:?}: {error}")))?;
        sections.push(Section {
            id: id.clone(),
            title: raw_section.title.get_ref().trim().to_owned(),
            kind,
            objective: raw_section.objective.get_ref().trim().to_owned(),
            file: file.clone(),
            html: render_markdown(&markdown),
        });
    }
    Ok(Chapter { title, sections })
}

/// Whether `id` can be used as a route (`#/id`).
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('a'..='z'))
        && id.len() <= 40
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '-'))
}

fn is_valid_file_name(name: &str) -> bool {
    name.ends_with(".md")
        && name.len() > 3
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Renders Markdown to HTML. Headings are shifted so the file's top level becomes `<h3>`: the
/// page has the chapter as `<h1>` and each section's title as `<h2>`.
pub fn render_markdown(markdown: &str) -> String {
    use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let top = Parser::new_ext(markdown, options)
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let shift = |level: HeadingLevel| {
        let shifted = (level as usize + 3).saturating_sub(top).min(6);
        HeadingLevel::try_from(shifted).unwrap_or(HeadingLevel::H6)
    };
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: shift(level), id, classes, attrs })
        }
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level))),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Rust source defining `CHAPTER: Chapter` for the app's `chapter` module to `include!`.
pub fn to_rust(chapter: &Chapter) -> String {
    let mut out = String::new();
    out.push_str("/// The chapter, generated by build.rs from chapters/.\n");
    out.push_str("pub static CHAPTER: Chapter = Chapter {\n");
    out.push_str(&format!("    title: {:?},\n    sections: &[\n", chapter.title));
    for section in &chapter.sections {
        out.push_str(&format!(
            "        Section {{ id: {:?}, title: {:?}, kind: SectionKind::{}, objective: {:?}, \
             html: {:?} }},\n",
            section.id,
            section.title,
            section.kind.rust_name(),
            section.objective,
            section.html,
        ));
    }
    out.push_str("    ],\n};\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"title = "Scaling"

[[section]]
id = "concurrency"
title = "Concurrency"
kind = "objective"
objective = "Explain throttling."
file = "01.md"

[[section]]
id = "sandbox"
title = "Sandbox"
kind = "sandbox"
objective = "Try everything."
file = "09.md"
"#;

    fn check(text: &str) -> Result<Chapter, ContentError> {
        parse_chapter(Path::new("chapter.toml"), text, |name| match name {
            "missing.md" => Err(std::io::Error::new(std::io::ErrorKind::NotFound, "not found")),
            _ => Ok(format!("# Heading\n\nBody of {name}.\n")),
        })
    }

    fn error(text: &str) -> String {
        check(text).expect_err("content should be rejected").to_string()
    }

    #[test]
    fn good_chapter_parses_and_renders() {
        let chapter = check(GOOD).unwrap();
        assert_eq!(chapter.title, "Scaling");
        assert_eq!(chapter.sections.len(), 2);
        assert_eq!(chapter.sections[0].kind, Kind::Objective);
        assert_eq!(chapter.sections[0].html, "<h3>Heading</h3>\n<p>Body of 01.md.</p>\n");
    }

    #[test]
    fn unknown_kind_names_line_and_choices() {
        let text = GOOD.replace("kind = \"sandbox\"", "kind = \"playground\"");
        assert_eq!(
            error(&text),
            "chapter.toml:13: unknown section kind \"playground\"; expected one of: \
             objective, scenario, exercises, interviews, sandbox, cost"
        );
    }

    #[test]
    fn duplicate_id_names_second_line() {
        let text = GOOD.replace("id = \"sandbox\"", "id = \"concurrency\"");
        assert_eq!(error(&text), "chapter.toml:11: duplicate section id \"concurrency\"");
    }

    #[test]
    fn missing_file_names_the_file_line() {
        let text = GOOD.replace("09.md", "missing.md");
        assert!(
            error(&text).starts_with("chapter.toml:15: cannot read section file \"missing.md\"")
        );
    }

    #[test]
    fn bad_toml_names_line() {
        let text = GOOD.replace("title = \"Sandbox\"", "title = Sandbox");
        let message = error(&text);
        assert!(message.starts_with("chapter.toml:12: not a valid chapter file"), "{message}");
    }

    #[test]
    fn missing_field_and_unknown_field_are_errors() {
        let missing = GOOD.replace("objective = \"Try everything.\"\n", "");
        assert!(error(&missing).contains("missing field `objective`"));
        let unknown = GOOD.replace("file = \"09.md\"", "file = \"09.md\"\ncolour = \"red\"");
        assert!(error(&unknown).contains("unknown field `colour`"));
    }

    #[test]
    fn ids_and_file_names_are_checked() {
        assert!(
            error(&GOOD.replace("\"sandbox\"\ntitle", "\"Sand Box\"\ntitle"))
                .contains("section id \"Sand Box\"")
        );
        assert!(error(&GOOD.replace("09.md", "../secret.md")).contains("plain `.md` file name"));
        assert!(error(&GOOD.replace("Try everything.", "  ")).contains("empty `objective`"));
    }

    #[test]
    fn headings_shift_to_h3_from_any_top_level() {
        assert_eq!(render_markdown("## A\n### B\n"), "<h3>A</h3>\n<h4>B</h4>\n");
        assert_eq!(render_markdown("no heading"), "<p>no heading</p>\n");
    }

    #[test]
    fn generated_rust_escapes_strings() {
        let mut chapter = check(GOOD).unwrap();
        chapter.title = "Quote \" and \\ backslash".to_owned();
        let rust = to_rust(&chapter);
        assert!(rust.contains(r#"title: "Quote \" and \\ backslash""#), "{rust}");
        assert!(rust.contains("kind: SectionKind::Sandbox"));
    }

    #[test]
    fn the_cost_kind_is_read_and_generated() {
        let text = GOOD.replace("kind = \"sandbox\"", "kind = \"cost\"");
        let chapter = check(&text).unwrap();
        assert_eq!(chapter.sections[1].kind, Kind::Cost);
        assert!(to_rust(&chapter).contains("kind: SectionKind::Cost"));
    }
}
