//! Link and image destinations: what an editor wrote (a relative `.md` path, an asset, an
//! address) becomes the URL the output uses, relative to the page so the site works from
//! disk. Anchors and external links are noted for later checks; a broken, excluded or
//! script link is an error and points nowhere.

use super::links::{AnchorRef, LinkTarget, classify, relative_url};
use super::state::State;
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::url_policy::{self, Use};
use pulldown_cmark::{LinkType, Tag};

impl State<'_, '_> {
    /// The same link or image tag with its destination resolved.
    pub(super) fn resolved<'e>(&mut self, tag: &Tag<'e>, line: usize) -> Tag<'e> {
        match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Link {
                link_type: *link_type,
                // `<post@example.no>`: the destination is an address, not a path, and the HTML
                // writer adds `mailto:` itself.
                dest_url: if *link_type == LinkType::Email {
                    dest_url.clone()
                } else {
                    self.link(dest_url, Use::Link, line).into()
                },
                title: title.clone(),
                id: id.clone(),
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Image {
                link_type: *link_type,
                dest_url: self.link(dest_url, Use::Media, line).into(),
                title: title.clone(),
                id: id.clone(),
            },
            other => other.clone(),
        }
    }

    /// Checks a link target written by an editor against the URL policy and resolves it to
    /// the URL the output uses.
    fn link(&mut self, dest: &str, used_as: Use, line: usize) -> String {
        if let Err(refusal) = url_policy::check(dest, used_as) {
            self.diagnostics.push(self.link_error(
                refusal.code,
                line,
                format!(
                    "lenken `{}` {} og er ikke tillatt",
                    url_policy::shown(dest),
                    refusal.reason
                ),
                refusal.help,
            ));
            return "#".into();
        }
        self.resolve_link(dest, line)
    }

    /// Resolves a link target that passed the URL policy: a `.md` path becomes the page's
    /// relative URL, an asset its output path; a broken or excluded target is an error.
    pub(super) fn resolve_link(&mut self, dest: &str, line: usize) -> String {
        let target = classify(
            dest,
            self.input.source_dir,
            self.input.self_key,
            self.resolver,
        );
        match target {
            LinkTarget::External(url) => {
                if url.starts_with("http://") || url.starts_with("https://") {
                    self.external_links.push((url.clone(), line));
                }
                url
            }
            LinkTarget::Page { url, key, anchor } => {
                let mut href = relative_url(self.input.page_url, &format!("{url}index.html"));
                if key == self.input.self_key && anchor.is_some() {
                    href.clear();
                }
                if let Some(anchor) = anchor {
                    href.push('#');
                    href.push_str(&anchor);
                    self.anchor_refs.push(AnchorRef {
                        target_key: key,
                        anchor,
                        file: self.input.display_path.to_path_buf(),
                        line,
                        text: self.input.file_text.clone(),
                    });
                }
                href
            }
            LinkTarget::Asset { output, suffix } => {
                format!("{}{suffix}", relative_url(self.input.page_url, &output))
            }
            LinkTarget::Excluded { path, reason } => {
                self.diagnostics.push(self.link_error(
                    Code::LinkExcluded,
                    line,
                    format!("lenken viser til {path}, som {reason}"),
                    "en offentlig side kan ikke lenke til en intern side; fjern lenken eller gjør målet offentlig",
                ));
                "#".into()
            }
            LinkTarget::Missing { path, suggestion } => {
                let help = match suggestion {
                    Some(s) => format!("mente du {s}?"),
                    None => "skriv lenken som en relativ sti til .md-filen, f.eks. ../konto/bytte-passord.md".into(),
                };
                self.diagnostics.push(self.link_error(
                    Code::LinkBroken,
                    line,
                    format!("lenken viser til {path}, som ikke finnes"),
                    &help,
                ));
                "#".into()
            }
        }
    }

    fn link_error(&self, code: Code, line: usize, message: String, help: &str) -> Diagnostic {
        Diagnostic::error(code, message)
            .in_file(self.input.display_path)
            .at(line, 1)
            .with_source(self.input.file_text.clone())
            .with_help(help)
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::pass::tests::render_md;

    #[test]
    fn internal_md_links_become_relative_page_urls() {
        let r = render_md("Se [passord](../passord/bytte.md#steg-2) og [hjem](../../_index.md).");
        assert!(
            r.html
                .contains("href=\"../../passord/bytte/index.html#steg-2\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"../../../index.html\""),
            "{}",
            r.html
        );
        assert_eq!(r.anchor_refs.len(), 1);
        assert_eq!(r.anchor_refs[0].target_key, "selvhjelp/passord/bytte.md");
        assert_eq!(r.anchor_refs[0].line, 5);
    }

    #[test]
    fn email_autolink_is_a_mailto_link_not_a_broken_path() {
        let r = render_md("Skriv til <post@example.no>.\n");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert!(
            r.html.contains("href=\"mailto:post@example.no\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn broken_link_is_an_error_with_line() {
        let r = render_md("Tekst\n\nSe [borte](finnes-ikke.md).\n");
        assert_eq!(r.diagnostics.len(), 1);
        let d = &r.diagnostics[0];
        assert_eq!(d.line, 7);
        assert!(
            d.message.contains("selvhjelp/konto/finnes-ikke.md"),
            "{}",
            d.message
        );
    }
}
