//! The content model of ../shared/spec/content-model.md as typed Rust: what editors write in
//! front matter, and the pages and sections built from it.

pub mod kinds;
pub mod vocabulary;

use crate::date::Date;
use crate::diagnostics::Code;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

pub use kinds::{ContentKind, Kind, KindData};
pub use vocabulary::{Vocabularies, Vocabulary, VocabularyField};

impl Kind {
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    Public,
    #[default]
    Internal,
}

impl Access {
    pub fn label(self) -> &'static str {
        match self {
            Access::Public => "Offentlig",
            Access::Internal => "Intern",
        }
    }
}

/// Fields every page has (the spec's first table).
#[derive(Debug, Clone, Deserialize)]
pub struct CommonMeta {
    pub title: String,
    pub kind: Option<Kind>,
    pub description: Option<String>,
    pub slug: Option<String>,
    pub updated: Option<Date>,
    pub date: Option<Date>,
    pub review_by: Option<Date>,
    pub owner: String,
    #[serde(default)]
    pub access: Access,
    /// Slugs of `vocabularies.municipalities` in site.yaml, or `alle`.
    #[serde(default)]
    pub municipalities: Vec<String>,
    /// A slug of `vocabularies.areas`.
    pub area: Option<String>,
    /// Slugs of `vocabularies.audiences`.
    #[serde(default)]
    pub audience: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    /// Where the page's facts come from; shown as «Kilder» at the end of the page.
    #[serde(default)]
    pub sources: Vec<SourceRef>,
    /// The page illustrates the portal but its facts are not confirmed: marked everywhere it
    /// is shown, and kept out of the public build unless `publish_examples` is set.
    #[serde(default)]
    pub example: bool,
}

/// One entry of a page's `sources`: a document the page's facts are taken from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    pub title: String,
    pub url: Option<String>,
    pub date: Option<Date>,
    pub note: Option<String>,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Weight,
    Title,
    Date,
    Updated,
}

/// Front matter of a section's `_index.md`. The spec is silent on sections; these are the
/// fields a section needs (see README, "Innholdsmodell: avgjørelser").
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionMeta {
    pub title: String,
    pub description: Option<String>,
    pub page_kind: Option<Kind>,
    #[serde(default)]
    pub sort_by: SortBy,
    #[serde(default)]
    pub access: Access,
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub updated: Option<Date>,
    pub owner: Option<String>,
    /// As on pages: where the section page's own text comes from, shown as «Kilder».
    #[serde(default)]
    pub sources: Vec<SourceRef>,
    /// The section page's own text is illustrative: marked, and kept out of the public build
    /// unless `publish_examples` is set. Its pages keep their own `example` flag.
    #[serde(default)]
    pub example: bool,
}

/// Where a page or section came from.
#[derive(Debug, Clone)]
pub struct SourceInfo {
    /// Relative to `content/`, with `/` separators (`tjenester/politiker-pc.md`).
    pub rel_path: String,
    /// As shown to users (`content/tjenester/politiker-pc.md`).
    pub display_path: PathBuf,
    pub text: Arc<str>,
    /// Byte offset in `text` where the Markdown body starts.
    pub body_start: usize,
    /// File line where the Markdown body starts.
    pub body_line: usize,
    /// Top-level front matter keys and their lines.
    pub key_lines: Vec<crate::frontmatter::KeyLine>,
}

impl SourceInfo {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The line of a top-level front matter key, or the opening fence.
    pub fn line_of_key(&self, key: &str) -> usize {
        self.key_lines
            .iter()
            .find(|k| k.key == key)
            .map(|k| k.line)
            .unwrap_or(1)
    }

    /// The content directory the file is in (`tjenester`), `""` at the top.
    pub fn dir(&self) -> &str {
        self.rel_path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
    }

    pub fn file_name(&self) -> &str {
        self.rel_path
            .rsplit_once('/')
            .map(|(_, f)| f)
            .unwrap_or(&self.rel_path)
    }
}

/// A page as loaded and parsed, before any rendering.
#[derive(Debug, Clone)]
pub struct Page {
    pub source: SourceInfo,
    pub meta: CommonMeta,
    pub kind: Kind,
    pub data: KindData,
    /// Site path of the page's folder, ending in `/` (`tjenester/politiker-pc/`); `""` is home.
    pub url: String,
    /// `index.md` in its own folder: the files beside it belong to it.
    pub is_bundle: bool,
}

impl Page {
    /// The description given, or `None` (templates fall back to the first paragraph).
    pub fn description(&self) -> Option<&str> {
        self.meta
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
    }

    pub fn is_public(&self) -> bool {
        self.meta.access == Access::Public
    }

    /// An error in this page's file at `line`.
    pub fn error_at(
        &self,
        code: Code,
        line: usize,
        message: String,
    ) -> crate::diagnostics::Diagnostic {
        crate::diagnostics::Diagnostic::error(code, message)
            .in_file(&self.source.display_path)
            .at(line, 1)
            .with_source(self.source.text.clone())
    }
}

/// A folder with an `_index.md`.
#[derive(Debug, Clone)]
pub struct Section {
    pub source: SourceInfo,
    pub meta: SectionMeta,
    pub url: String,
}

impl Section {
    pub fn is_public(&self) -> bool {
        self.meta.access == Access::Public
    }
}
