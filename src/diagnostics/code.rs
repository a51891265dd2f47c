//! The codes of problems: a stable, short machine name for each kind of problem
//! (`frontmatter::unknown-field`), shown in messages, `--format json` and CI annotations. An
//! enum, so a code cannot be misspelt where it is made or where it is matched.

macro_rules! codes {
    ($($variant:ident => $name:literal,)*) => {
        /// What kind of problem a [`super::Diagnostic`] is.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the order they are listed here.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The machine name, such as `frontmatter::unknown-field`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    A11yChartTitle => "a11y::chart-title",
    A11yHeadingH1 => "a11y::heading-h1",
    A11yHeadingSkip => "a11y::heading-skip",
    A11yImageAlt => "a11y::image-alt",
    A11yLinkText => "a11y::link-text",
    A11yTableHeader => "a11y::table-header",
    AccessPublicContacts => "access::public-contacts",
    ConfigBaseUrl => "config::base-url",
    ConfigCheckAllow => "config::check-allow",
    ConfigEditUrl => "config::edit-url",
    ConfigLanguage => "config::language",
    ConfigLogo => "config::logo",
    ConfigMissing => "config::missing",
    ConfigVocabulary => "config::vocabulary",
    ContactsMissing => "contacts::missing",
    DataCsvColumns => "data::csv-columns",
    DataDuplicate => "data::duplicate",
    DataEmpty => "data::empty",
    DataInvalid => "data::invalid",
    DataIo => "data::io",
    DataNotUtf8 => "data::not-utf8",
    FrontmatterEmpty => "frontmatter::empty",
    FrontmatterInvalid => "frontmatter::invalid",
    FrontmatterInvalidDate => "frontmatter::invalid-date",
    FrontmatterInvalidValue => "frontmatter::invalid-value",
    FrontmatterInvalidYaml => "frontmatter::invalid-yaml",
    FrontmatterMissing => "frontmatter::missing",
    FrontmatterMissingField => "frontmatter::missing-field",
    FrontmatterUnknownField => "frontmatter::unknown-field",
    FrontmatterUnknownOwner => "frontmatter::unknown-owner",
    FrontmatterUnknownTerm => "frontmatter::unknown-term",
    FrontmatterWrongType => "frontmatter::wrong-type",
    GitKravHistory => "git::krav-history",
    GitUnavailable => "git::unavailable",
    GitUpdatedBehind => "git::updated-behind",
    GlossaryUndefinedAbbreviation => "glossary::undefined-abbreviation",
    GlossaryUnknownTerm => "glossary::unknown-term",
    HtmlDuplicateId => "html::duplicate-id",
    HtmlElement => "html::element",
    HtmlEventHandler => "html::event-handler",
    HtmlScriptUrl => "html::script-url",
    HtmlUnterminated => "html::unterminated",
    I18nInvalid => "i18n::invalid",
    I18nMissingKey => "i18n::missing-key",
    IdDuplicate => "id::duplicate",
    IdEmpty => "id::empty",
    KlarsprakLongParagraph => "klarsprak::long-paragraph",
    KlarsprakLongSentence => "klarsprak::long-sentence",
    KravRemovedIsCurrent => "krav::removed-is-current",
    KravRemovedTwice => "krav::removed-twice",
    KravTooLongForExcel => "krav::too-long-for-excel",
    LinkBroken => "link::broken",
    LinkExcluded => "link::excluded",
    LinkMissingAnchor => "link::missing-anchor",
    LoadBrokenSymlink => "load::broken-symlink",
    LoadEmpty => "load::empty",
    LoadIo => "load::io",
    LoadNoContent => "load::no-content",
    LoadNotUtf8 => "load::not-utf8",
    LoadSymlinkOutside => "load::symlink-outside",
    MarkdownTooDeep => "markdown::too-deep",
    OutputCollision => "output::collision",
    OutputIo => "output::io",
    OutputRefused => "output::refused",
    ReportXlsx => "report::xlsx",
    ReviewOverdue => "review::overdue",
    ServeInternal => "serve::internal",
    ShortcodeError => "shortcode::error",
    SiteNoHome => "site::no-home",
    SynonymsEmptyWord => "synonyms::empty-word",
    SynonymsInvalid => "synonyms::invalid",
    SynonymsIo => "synonyms::io",
    SynonymsNotAList => "synonyms::not-a-list",
    SynonymsShortGroup => "synonyms::short-group",
    TemplateError => "template::error",
    TemplateInvalid => "template::invalid",
    TemplateIo => "template::io",
    TemplateMissing => "template::missing",
    TemplateThemeMissing => "template::theme-missing",
    UrlDuplicate => "url::duplicate",
    UrlScheme => "url::scheme",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_well_formed() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
        for name in names {
            let (area, what) = name.split_once("::").expect(name);
            assert!(!area.is_empty() && !what.is_empty(), "{name}");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == ':' || c == '-'),
                "{name}"
            );
        }
    }
}
