//! The chapter as the app sees it: static data generated at build time from `chapters/scaling`
//! (see `build.rs` and `content.rs`), with its prose already rendered to HTML.

/// What a section is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
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
    /// What the stack costs, line by line.
    Cost,
}

impl SectionKind {
    /// A short label for the navigation and the section header.
    pub fn label(self) -> &'static str {
        match self {
            SectionKind::Objective => "Objective",
            SectionKind::Scenario => "Scenario",
            SectionKind::Exercises => "Exercises",
            SectionKind::Interviews => "Interviews",
            SectionKind::Sandbox => "Sandbox",
            SectionKind::Cost => "Cost",
        }
    }
}

/// One section of the chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    /// Route id, as in `#/concurrency`.
    pub id: &'static str,
    /// Heading.
    pub title: &'static str,
    /// What the section is for.
    pub kind: SectionKind,
    /// The learning objective in one sentence.
    pub objective: &'static str,
    /// The section's prose, as trusted HTML rendered at build time.
    pub html: &'static str,
}

/// The whole chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chapter {
    /// The chapter's title.
    pub title: &'static str,
    /// Sections in reading order; never empty (the build checks it).
    pub sections: &'static [Section],
}

impl Chapter {
    /// The route ids of all sections, in order.
    pub fn ids(&self) -> Vec<&'static str> {
        self.sections.iter().map(|section| section.id).collect()
    }
}

include!(concat!(env!("OUT_DIR"), "/chapter.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_chapter_has_the_concurrency_section_first() {
        assert_eq!(CHAPTER.sections[0].id, "concurrency");
        assert_eq!(CHAPTER.sections[0].kind, SectionKind::Objective);
        assert!(!CHAPTER.sections[0].html.is_empty());
        assert_eq!(CHAPTER.ids().len(), 11);
    }
}
