//! `begrep`: a glossary term with its expansion, synonyms and related terms.

use super::Fields;
use super::{ContentKind, KindData, SiteId};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::frontmatter;
use crate::model::{Page, SourceInfo};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Begrep {
    pub term: String,
    pub expansion: Option<String>,
    #[serde(default)]
    pub synonyms: Vec<String>,
    #[serde(default)]
    pub see_also: Vec<String>,
}

/// A «see also» term that exists in the glossary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeeAlsoView {
    pub term: String,
    pub href: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BegrepView {
    pub term: String,
    pub expansion: Option<String>,
    pub synonyms: Vec<String>,
    pub see_also: Vec<SeeAlsoView>,
}

#[derive(Serialize)]
pub struct BegrepListFields<'a> {
    term: &'a str,
    expansion: Option<&'a str>,
}

impl Begrep {
    /// Each glossary term, lowercased, to the index of its page.
    pub fn term_index(pages: &[Page]) -> HashMap<String, usize> {
        pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some((p.glossary_term()?, i)))
            .collect()
    }
}

impl Page {
    /// The lowercased term of a glossary entry; `None` for other kinds.
    pub fn glossary_term(&self) -> Option<String> {
        match &self.data {
            KindData::Begrep(b) => Some(b.term.to_lowercase()),
            _ => None,
        }
    }
}

impl ContentKind for Begrep {
    const NAME: &'static str = "begrep";
    const LABEL: &'static str = "Begrep";

    type View = BegrepView;
    type List<'a> = BegrepListFields<'a>;

    /// Only terms that exist are linked: `validate_site` reports the others.
    fn view(&self, fields: &mut dyn Fields) -> BegrepView {
        let see_also = self
            .see_also
            .iter()
            .filter_map(|t| {
                let target = fields.glossary_page(t)?;
                Some(SeeAlsoView {
                    term: target.meta.title.clone(),
                    href: fields.href_to(target),
                })
            })
            .collect();
        BegrepView {
            term: self.term.clone(),
            expansion: self.expansion.clone(),
            synonyms: self.synonyms.clone(),
            see_also,
        }
    }

    fn list_fields(b: &BegrepView) -> BegrepListFields<'_> {
        BegrepListFields {
            term: &b.term,
            expansion: b.expansion.as_deref(),
        }
    }

    fn site_ids<'a>(&'a self, source: &SourceInfo) -> Vec<SiteId<'a>> {
        vec![SiteId {
            fold_case: true,
            ..SiteId::field("term", &self.term, source)
        }]
    }

    fn search_synonyms(&self) -> Vec<String> {
        std::iter::once(self.term.clone())
            .chain(self.expansion.clone())
            .chain(self.synonyms.iter().cloned())
            .collect()
    }

    /// Every `see_also` names a term in the glossary.
    fn validate_site(pages: &[Page]) -> Vec<Diagnostic> {
        let terms: HashMap<String, &Page> = pages
            .iter()
            .filter_map(|p| match &p.data {
                KindData::Begrep(b) => Some((b.term.to_lowercase(), p)),
                _ => None,
            })
            .collect();
        let mut problems = Vec::new();
        for page in pages {
            let KindData::Begrep(term) = &page.data else {
                continue;
            };
            for other in &term.see_also {
                if terms.contains_key(&other.to_lowercase()) {
                    continue;
                }
                let line = frontmatter::line_of(
                    &page.source.text,
                    other,
                    page.source.line_of_key("see_also"),
                )
                .unwrap_or(1);
                let known: Vec<&str> = terms
                    .values()
                    .filter_map(|p| match &p.data {
                        KindData::Begrep(b) => Some(b.term.as_str()),
                        _ => None,
                    })
                    .collect();
                let d = page.error_at(
                    Code::GlossaryUnknownTerm,
                    line,
                    format!(
                        "`see_also` viser til begrepet «{other}», som ikke finnes i content/begreper/"
                    ),
                );
                problems.push(match frontmatter::did_you_mean(other, &known) {
                    Some(s) => d.with_help(format!("mente du «{s}»?")),
                    None => d.with_help("lag begrepet, eller fjern henvisningen"),
                });
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_page;
    use super::*;

    fn term(file: &str, term: &str, rest: &str) -> Page {
        test_page(
            &format!("begreper/{file}.md"),
            &format!(
                "title: {term}\nowner: O\nkind: begrep\nupdated: 2024-01-01\nterm: {term}\n{rest}"
            ),
        )
    }

    #[test]
    fn terms_are_unique_whatever_their_case() {
        let p = term("vpn", "VPN", "");
        let ids = p.data.site_ids(&p.source);
        assert_eq!(
            (ids[0].field, ids[0].value, ids[0].line),
            ("term", "VPN", 6)
        );
        assert!(ids[0].fold_case);
    }

    #[test]
    fn see_also_must_name_a_term() {
        let pages = [
            term("vpn", "VPN", "see_also: [mfa, Brannmur]\n"),
            term("mfa", "MFA", "expansion: Multifaktor\nsynonyms: [2FA]\n"),
            term("brann", "Brannmurer", ""),
        ];
        let problems = Begrep::validate_site(&pages);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, Code::GlossaryUnknownTerm);
        assert_eq!(problems[0].line, 7);
        assert!(problems[0].message.contains("«Brannmur»"));
        assert_eq!(problems[0].help.as_deref(), Some("mente du «Brannmurer»?"));
        let index = Begrep::term_index(&pages);
        assert_eq!(index.get("mfa"), Some(&1));
        assert_eq!(
            pages[1].data.search_synonyms(),
            ["MFA", "Multifaktor", "2FA"]
        );
    }
}
