//! The `Site` model: the pages and sections of one build target, their tree, and a resolver
//! for internal links. Built once from the loaded content; later stages only read it.

use crate::config::Config;
use crate::data::DataTable;
use crate::load::{Asset, Loaded};
use crate::markdown::links::{LinkResolver, LinkTarget};
use crate::model::kinds::Begrep;
use crate::model::{Page, Section};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Which audience a build is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    /// ror-ikt.no: only `access: public` pages.
    Public,
    /// The employees' portal: every page.
    #[default]
    Internal,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Public => "public",
            Target::Internal => "internal",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Entry {
    Page(usize),
    Section(usize),
}

pub struct Site {
    pub config: Config,
    /// Tables from `data/`, by file name without extension.
    pub data: BTreeMap<String, DataTable>,
    pub target: Target,
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// Nearest section above each page (index into `sections`).
    pub page_section: Vec<Option<usize>>,
    pub section_parent: Vec<Option<usize>>,
    /// Pages directly in each section, in the section's order.
    pub section_pages: Vec<Vec<usize>>,
    pub section_children: Vec<Vec<usize>>,
    by_key: HashMap<String, Entry>,
    by_url: HashMap<String, Entry>,
    assets_by_key: HashMap<String, String>,
    /// Content paths left out of this build, and why (for link errors).
    excluded: HashMap<String, &'static str>,
    /// Content paths that failed to load (links to them are not reported twice).
    failed: BTreeSet<String>,
    /// Glossary entries by their lowercased term, kept up to date as pages are replaced, so
    /// that the preview's render of one page does not walk every page for it.
    glossary_terms: HashMap<String, usize>,
}

impl Site {
    /// Keeps what belongs to the target: drafts only with `drafts`, and in the public build
    /// only public pages and sections.
    pub fn assemble(
        config: Config,
        loaded: Loaded,
        data: BTreeMap<String, DataTable>,
        target: Target,
        drafts: bool,
    ) -> Site {
        let mut excluded = HashMap::new();
        let keep_page = |p: &Page| -> Result<(), &'static str> {
            if p.meta.draft && !drafts {
                return Err("er et utkast (draft: true) og ikke med i bygget");
            }
            if target == Target::Public && !p.is_public() {
                return Err("er intern (access: internal) og ikke med i det offentlige bygget");
            }
            // Unconfirmed facts stay off the public site unless the site says otherwise.
            if target == Target::Public && p.meta.example && !config.publish_examples {
                return Err(
                    "er et eksempel (example: true) og ikke med i det offentlige bygget (se publish_examples i site.yaml)",
                );
            }
            Ok(())
        };
        let mut pages = Vec::new();
        for page in loaded.pages {
            match keep_page(&page) {
                Ok(()) => pages.push(page),
                Err(reason) => {
                    excluded.insert(page.source.rel_path.clone(), reason);
                }
            }
        }
        let mut sections = Vec::new();
        for section in loaded.sections {
            let reason = if section.meta.draft && !drafts {
                Some("er et utkast (draft: true) og ikke med i bygget")
            } else if target == Target::Public && !section.is_public() {
                Some("er intern (access: internal) og ikke med i det offentlige bygget")
            } else if target == Target::Public && section.meta.example && !config.publish_examples {
                // Only the section page goes: its pages are judged by their own `example`.
                Some(
                    "er et eksempel (example: true) og ikke med i det offentlige bygget (se publish_examples i site.yaml)",
                )
            } else {
                None
            };
            match reason {
                Some(reason) => {
                    excluded.insert(section.source.rel_path.clone(), reason);
                }
                None => sections.push(section),
            }
        }
        let has_home = sections.iter().any(|s| s.source.dir().is_empty())
            || excluded.contains_key("_index.md");
        if !has_home {
            sections.insert(0, default_home(&config));
        }
        // Files beside internal pages and in internal sections stay out of the public build;
        // a kept bundle's own files follow their page even inside an excluded section.
        let excluded_dirs: Vec<String> = pages_dirs_excluded(&excluded);
        let kept_bundles: Vec<String> = pages
            .iter()
            .filter(|p| p.is_bundle)
            .map(|p| format!("{}/", crate::load::slug_dir(p.source.dir())))
            .collect();
        let deepest = |dirs: &[String], output: &str| {
            dirs.iter()
                .filter(|d| output.starts_with(d.as_str()))
                .map(String::len)
                .max()
        };
        let mut assets: Vec<Asset> = loaded
            .assets
            .into_iter()
            .filter(|a| deepest(&excluded_dirs, &a.output) <= deepest(&kept_bundles, &a.output))
            .collect();
        if target == Target::Public {
            // A file beside pages could belong to an internal one (`hemmelig.md` beside
            // `hemmelig-kart.png`): it goes public only in a public bundle or when a public
            // page or section links to it or shows it.
            let bundles: Vec<String> = pages
                .iter()
                .filter(|p| p.is_bundle)
                .map(|p| format!("{}/", p.source.dir()))
                .collect();
            let referenced = referenced_files(
                pages
                    .iter()
                    .map(|p| &p.source)
                    .chain(sections.iter().map(|s| &s.source)),
            );
            assets.retain(|a| {
                bundles.iter().any(|b| a.rel.starts_with(b.as_str())) || referenced.contains(&a.rel)
            });
        }

        let mut site = Site {
            config,
            data,
            target,
            page_section: Vec::new(),
            section_parent: Vec::new(),
            section_pages: vec![Vec::new(); sections.len()],
            section_children: vec![Vec::new(); sections.len()],
            by_key: HashMap::new(),
            by_url: HashMap::new(),
            assets_by_key: HashMap::new(),
            excluded,
            failed: loaded.failed,
            glossary_terms: HashMap::new(),
            sections,
            pages,
            assets,
        };
        site.index();
        site
    }

    fn index(&mut self) {
        self.glossary_terms = Begrep::term_index(&self.pages);
        let section_by_dir: HashMap<String, usize> = self
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.source.dir().to_string(), i))
            .collect();
        let nearest = |dir: &str, skip_self: bool| -> Option<usize> {
            let mut current = dir.to_string();
            let mut first = true;
            loop {
                if !(first && skip_self)
                    && let Some(&i) = section_by_dir.get(&current)
                {
                    return Some(i);
                }
                first = false;
                if current.is_empty() {
                    return None;
                }
                current = current
                    .rsplit_once('/')
                    .map(|(p, _)| p.to_string())
                    .unwrap_or_default();
            }
        };
        self.section_parent = self
            .sections
            .iter()
            .map(|s| {
                if s.source.dir().is_empty() {
                    None
                } else {
                    nearest(s.source.dir(), true)
                }
            })
            .collect();
        self.page_section = self
            .pages
            .iter()
            .map(|p| {
                // A bundle's own folder is not its section; its parent folder is.
                let dir = if p.is_bundle {
                    p.source
                        .dir()
                        .rsplit_once('/')
                        .map(|(d, _)| d)
                        .unwrap_or("")
                } else {
                    p.source.dir()
                };
                nearest(dir, false)
            })
            .collect();
        for (i, parent) in self.section_parent.iter().enumerate() {
            if let Some(parent) = parent {
                self.section_children[*parent].push(i);
            }
        }
        for (i, section) in self.page_section.iter().enumerate() {
            if let Some(section) = section {
                self.section_pages[*section].push(i);
            }
        }
        for s in 0..self.sections.len() {
            let sort_by = self.sections[s].meta.sort_by;
            let mut list = std::mem::take(&mut self.section_pages[s]);
            sort_pages(&self.pages, &mut list, sort_by);
            self.section_pages[s] = list;
            let mut children = std::mem::take(&mut self.section_children[s]);
            children.sort_by(|&a, &b| {
                let (sa, sb) = (&self.sections[a].meta, &self.sections[b].meta);
                sa.weight
                    .unwrap_or(i64::MAX)
                    .cmp(&sb.weight.unwrap_or(i64::MAX))
                    .then_with(|| crate::text::compare_nb(&sa.title, &sb.title))
            });
            self.section_children[s] = children;
        }
        for (i, page) in self.pages.iter().enumerate() {
            self.by_key
                .insert(page.source.rel_path.clone(), Entry::Page(i));
            self.by_url.insert(page.url.clone(), Entry::Page(i));
        }
        for (i, section) in self.sections.iter().enumerate() {
            self.by_key
                .insert(section.source.rel_path.clone(), Entry::Section(i));
            self.by_url.insert(section.url.clone(), Entry::Section(i));
        }
        for asset in &self.assets {
            self.assets_by_key
                .insert(asset.rel.clone(), asset.output.clone());
        }
    }

    /// Puts `page` in the place of page `index` (an edit in the live preview) and keeps the
    /// lookup maps and the section's order right; returns the page it replaced.
    pub fn replace_page(&mut self, index: usize, page: Page) -> Page {
        let old = std::mem::replace(&mut self.pages[index], page);
        let new = &self.pages[index];
        if let Some(term) = old.glossary_term()
            && self.glossary_terms.get(&term) == Some(&index)
        {
            self.glossary_terms.remove(&term);
        }
        if let Some(term) = new.glossary_term() {
            self.glossary_terms.insert(term, index);
        }
        if new.source.dir() != old.source.dir() || new.is_bundle != old.is_bundle {
            // Another folder may mean another section: work the tree out again.
            self.reindex();
            return old;
        }
        for (map, old_key, new_key) in [
            (&mut self.by_key, &old.source.rel_path, &new.source.rel_path),
            (&mut self.by_url, &old.url, &new.url),
        ] {
            if matches!(map.get(old_key), Some(Entry::Page(i)) if *i == index) {
                map.remove(old_key);
            }
            map.insert(new_key.clone(), Entry::Page(index));
        }
        if let Some(s) = self.page_section[index] {
            let mut list = std::mem::take(&mut self.section_pages[s]);
            sort_pages(&self.pages, &mut list, self.sections[s].meta.sort_by);
            self.section_pages[s] = list;
        }
        old
    }

    fn reindex(&mut self) {
        self.section_pages = vec![Vec::new(); self.sections.len()];
        self.section_children = vec![Vec::new(); self.sections.len()];
        self.by_key.clear();
        self.by_url.clear();
        self.assets_by_key.clear();
        self.index();
    }

    /// The page kind each section folder gives the pages in it (`page_kind`), for loading a
    /// page on its own.
    pub fn section_kinds(&self) -> BTreeMap<String, crate::model::Kind> {
        self.sections
            .iter()
            .filter_map(|s| Some((s.source.dir().to_string(), s.meta.page_kind?)))
            .collect()
    }

    /// Glossary entries by their lowercased term.
    pub fn glossary_terms(&self) -> &HashMap<String, usize> {
        &self.glossary_terms
    }

    pub fn entry(&self, key: &str) -> Option<Entry> {
        self.by_key.get(key).copied()
    }

    /// The home section (`content/_index.md`), if present in this build.
    pub fn home(&self) -> Option<usize> {
        self.sections.iter().position(|s| s.source.dir().is_empty())
    }

    /// Sections from the top down to the page's own section, for breadcrumbs.
    pub fn ancestors(&self, mut section: Option<usize>) -> Vec<usize> {
        let mut chain = Vec::new();
        while let Some(s) = section {
            chain.push(s);
            section = self.section_parent[s];
        }
        chain.reverse();
        chain
    }

    /// The top-level sections, for the main navigation.
    pub fn top_sections(&self) -> Vec<usize> {
        match self.home() {
            Some(home) => self.section_children[home].clone(),
            None => (0..self.sections.len())
                .filter(|&s| self.section_parent[s].is_none())
                .collect(),
        }
    }

    fn entry_target(&self, entry: Entry) -> LinkTarget {
        let (url, key) = match entry {
            Entry::Page(i) => (&self.pages[i].url, &self.pages[i].source.rel_path),
            Entry::Section(i) => (&self.sections[i].url, &self.sections[i].source.rel_path),
        };
        LinkTarget::Page {
            url: url.clone(),
            key: key.clone(),
            anchor: None,
        }
    }
}

/// The home page of a site without `content/_index.md`: the site's title and its sections.
fn default_home(config: &Config) -> Section {
    Section {
        source: crate::model::SourceInfo {
            rel_path: "_index.md".into(),
            display_path: "content/_index.md".into(),
            text: "".into(),
            body_start: 0,
            body_line: 1,
            key_lines: Vec::new(),
        },
        meta: crate::model::SectionMeta {
            title: config.title.clone(),
            description: config.description.clone(),
            access: crate::model::Access::Public,
            ..Default::default()
        },
        url: String::new(),
    }
}

/// Content paths of the files that these sources link to or embed: Markdown links and images
/// (in the body and in Markdown fields of the front matter) and `href`/`src` in raw HTML.
fn referenced_files<'a>(
    sources: impl Iterator<Item = &'a crate::model::SourceInfo>,
) -> HashSet<String> {
    use crate::markdown::{html, links};
    use pulldown_cmark::{Event, Parser, Tag};
    let mut out = HashSet::new();
    for source in sources {
        let mut add = |dest: &str| {
            if dest.is_empty() || dest.starts_with(['#', '/']) || links::has_scheme(dest) {
                return;
            }
            let path = dest.split(['#', '?']).next().unwrap_or_default();
            if let Some(joined) = links::join_normalized(source.dir(), &links::percent_decode(path))
            {
                out.insert(joined);
            }
        };
        // The whole file, front matter included: a Markdown field may link to a file too.
        for event in Parser::new_ext(&source.text, crate::markdown::options()) {
            match event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    add(&dest_url)
                }
                Event::Html(text) | Event::InlineHtml(text) => {
                    for tag in html::tags(&text) {
                        for (name, value) in html::attributes(tag.attrs) {
                            if matches!(name.as_str(), "href" | "src" | "poster" | "data") {
                                add(&value);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Output folders whose files belong to excluded content: page bundles (`x/index.md`) and
/// sections (`x/_index.md`) left out of the build.
fn pages_dirs_excluded(excluded: &HashMap<String, &'static str>) -> Vec<String> {
    excluded
        .keys()
        .filter_map(|k| {
            k.strip_suffix("/index.md")
                .or_else(|| k.strip_suffix("/_index.md"))
        })
        .map(|d| format!("{}/", crate::load::slug_dir(d)))
        .collect()
}

/// Orders a section's pages by its `sort_by`, then by title in Norwegian order.
pub fn sort_pages(pages: &[Page], list: &mut [usize], sort_by: crate::model::SortBy) {
    use crate::model::SortBy;
    list.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a], &pages[b]);
        let by_title = || crate::text::compare_nb(&pa.meta.title, &pb.meta.title);
        match sort_by {
            SortBy::Weight => pa
                .meta
                .weight
                .unwrap_or(i64::MAX)
                .cmp(&pb.meta.weight.unwrap_or(i64::MAX))
                .then_with(by_title),
            SortBy::Title => by_title(),
            SortBy::Date => pb
                .meta
                .date
                .or(pb.meta.updated)
                .cmp(&pa.meta.date.or(pa.meta.updated))
                .then_with(by_title),
            SortBy::Updated => pb.meta.updated.cmp(&pa.meta.updated).then_with(by_title),
        }
    });
}

impl LinkResolver for Site {
    fn resolve_file(&self, content_path: &str) -> Option<LinkTarget> {
        if let Some(entry) = self.by_key.get(content_path) {
            return Some(self.entry_target(*entry));
        }
        if let Some(reason) = self.excluded.get(content_path) {
            return Some(LinkTarget::Excluded {
                path: format!("content/{content_path}"),
                reason,
            });
        }
        if self.failed.contains(content_path) {
            // Already reported where it failed; link to where it will be once fixed.
            return Some(LinkTarget::External("#".into()));
        }
        self.assets_by_key
            .get(content_path)
            .map(|output| LinkTarget::Asset {
                output: output.clone(),
                suffix: String::new(),
            })
    }

    fn resolve_site_path(&self, site_path: &str) -> Option<LinkTarget> {
        let trimmed = site_path
            .trim_end_matches("index.html")
            .trim_end_matches('/');
        let url = if trimmed.is_empty() {
            String::new()
        } else {
            format!("{trimmed}/")
        };
        self.by_url.get(&url).map(|e| self.entry_target(*e))
    }

    fn suggest(&self, content_path: &str) -> Option<String> {
        let keys: Vec<&str> = self.by_key.keys().map(String::as_str).collect();
        keys.iter()
            .map(|k| (strsim::levenshtein(k, content_path), *k))
            .filter(|(d, _)| *d <= 4)
            .min_by_key(|(d, _)| *d)
            .map(|(_, k)| format!("content/{k}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::links::LinkResolver;

    fn site(files: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join("content").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let loaded = crate::load::load(dir.path()).unwrap();
        assert!(
            loaded.diagnostics.is_empty(),
            "{:?}",
            loaded.diagnostics.sorted()
        );
        let config = Config::parse("title: T\nbase_url: https://example.org/\n").unwrap();
        Site::assemble(config, loaded, BTreeMap::new(), Target::Internal, false)
    }

    fn page(title: &str, extra: &str) -> String {
        format!(
            "---\ntitle: {title}\nupdated: 2024-03-08\nowner: O\naccess: public\n{extra}---\n\nTekst.\n"
        )
    }

    fn titles(site: &Site, section: usize) -> Vec<&str> {
        site.section_pages[section]
            .iter()
            .map(|&i| site.pages[i].meta.title.as_str())
            .collect()
    }

    fn reload(site: &Site, index: usize, text: &str) -> Page {
        let dir = tempfile::tempdir().unwrap();
        let rel = site.pages[index].source.rel_path.clone();
        let path = dir.path().join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        crate::load::reload_page(dir.path(), &rel, &site.section_kinds()).unwrap()
    }

    #[test]
    fn a_replaced_glossary_entry_is_found_by_its_new_term() {
        let entry = |term: &str| page(term, &format!("kind: begrep\nterm: {term}\n"));
        let mut site = site(&[
            ("_index.md", "---\ntitle: Hjem\n---\n"),
            ("b/_index.md", "---\ntitle: Begreper\n---\n"),
            ("b/vpn.md", &entry("VPN")),
            ("b/mfa.md", &entry("MFA")),
            ("b/side.md", &page("Side", "")),
        ]);
        assert_eq!(site.glossary_terms(), &Begrep::term_index(&site.pages));
        let Some(Entry::Page(vpn)) = site.entry("b/vpn.md") else {
            panic!("b/vpn.md is a page");
        };
        site.replace_page(vpn, reload(&site, vpn, &entry("Brannmur")));
        assert_eq!(site.glossary_terms(), &Begrep::term_index(&site.pages));
        assert_eq!(site.glossary_terms().get("brannmur"), Some(&vpn));
        assert!(!site.glossary_terms().contains_key("vpn"));
        let Some(Entry::Page(side)) = site.entry("b/side.md") else {
            panic!("b/side.md is a page");
        };
        site.replace_page(side, reload(&site, side, &entry("Ruter")));
        assert_eq!(site.glossary_terms(), &Begrep::term_index(&site.pages));
    }

    #[test]
    fn a_replaced_page_is_found_by_its_new_address_and_sorted_anew() {
        let mut site = site(&[
            ("_index.md", "---\ntitle: Hjem\n---\n"),
            ("s/_index.md", "---\ntitle: S\n---\n"),
            ("s/a.md", &page("Alfa", "")),
            ("s/b.md", &page("Beta", "")),
        ]);
        let s = site.sections.iter().position(|x| x.url == "s/").unwrap();
        assert_eq!(titles(&site, s), ["Alfa", "Beta"]);
        let Some(Entry::Page(a)) = site.entry("s/a.md") else {
            panic!("s/a.md is a page");
        };
        let edited = reload(&site, a, &page("Zulu", "slug: zulu\n"));
        let old = site.replace_page(a, edited);
        assert_eq!(old.meta.title, "Alfa");
        assert_eq!(
            titles(&site, s),
            ["Beta", "Zulu"],
            "the section is sorted again"
        );
        assert!(matches!(
            site.resolve_site_path("s/zulu/"),
            Some(LinkTarget::Page { .. })
        ));
        assert!(
            site.resolve_site_path("s/a/").is_none(),
            "the old address is gone"
        );
        assert!(matches!(site.entry("s/a.md"), Some(Entry::Page(i)) if i == a));
    }

    #[test]
    fn section_kinds_name_the_folders_with_a_page_kind() {
        let site = site(&[
            ("_index.md", "---\ntitle: Hjem\n---\n"),
            (
                "nytt/_index.md",
                "---\ntitle: Nytt\npage_kind: nyhet\n---\n",
            ),
            ("annet/_index.md", "---\ntitle: Annet\n---\n"),
        ]);
        let kinds = site.section_kinds();
        assert_eq!(kinds.get("nytt"), Some(&crate::model::Kind::Nyhet));
        assert_eq!(kinds.len(), 1, "{kinds:?}");
    }
}
