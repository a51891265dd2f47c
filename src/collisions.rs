//! One check that no two things of a build want the same output path: pages, sections, their
//! `aliases`, files beside pages (bundle files), the theme's and the site's `static/`, and the
//! files and folders kompetanse generates (search index, overview pages, reports, `sw.js` …).
//! Without it the one written last silently wins, or the build stops on an I/O error («Is a
//! directory») that names no input.
//!
//! Two pages with the same address are reported by `validate::unique_urls`; everything else
//! is reported here, on the input that has to change, with file and (where it has lines) line.

use crate::derive::{feed, offline, taxonomy};
use crate::diagnostics::Code;
use crate::diagnostics::Diagnostic;
use crate::load::Loaded;
use crate::model::SourceInfo;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Who wants an output path, strongest first: the weaker party of a collision is the one
/// reported (and the one the editor has to change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Generated,
    ThemeStatic,
    Page,
    SiteStatic,
    Asset,
    Alias,
}

struct Claim<'a> {
    /// Output file, relative to the output folder, with `/`.
    path: String,
    rank: Rank,
    /// Who it is, in words ("siden content/a.md").
    who: String,
    /// Where to report it, if it is an input.
    file: Option<PathBuf>,
    line: Option<usize>,
    source: Option<&'a SourceInfo>,
    /// An alias's own text, for the message.
    alias: Option<&'a str>,
    /// An alias that leads to its own page.
    to_itself: bool,
}

/// A folder kompetanse fills itself; nothing else may write into it.
struct Area {
    prefix: String,
    what: String,
}

/// Files kompetanse generates at fixed paths, with what they are.
fn generated_files(syntax_css: bool) -> Vec<(&'static str, &'static str)> {
    let mut files = vec![
        ("404.html", "siden for ukjente adresser"),
        ("sitemap.xml", "nettstedskartet"),
        ("robots.txt", "robots.txt"),
        (feed::FEED_PATH, "nyhetsstrømmen"),
        (
            offline::SERVICE_WORKER,
            "service workeren for frakoblet bruk",
        ),
    ];
    if syntax_css {
        files.push(("css/syntax.css", "stilarket for kodefarger"));
    }
    files
}

fn generated_areas() -> Vec<Area> {
    let mut areas: Vec<Area> = taxonomy::reserved_urls()
        .into_iter()
        .map(|prefix| {
            let what = if prefix == crate::urls::SEARCH_URL {
                "søkesiden".to_string()
            } else if prefix == crate::urls::REPORTS_URL {
                "rapportene".to_string()
            } else {
                format!("oversikten over {}", prefix.trim_end_matches('/'))
            };
            Area { prefix, what }
        })
        .collect();
    areas.push(Area {
        prefix: "search/".into(),
        what: "søkeindeksen".into(),
    });
    areas
}

/// Files of a `static/` folder, as output paths.
fn static_files(dir: &Path) -> Vec<String> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            Some(rel)
        })
        .collect()
}

fn content_claim<'a>(source: &'a SourceInfo, url: &str, rank: Rank, who: String) -> Claim<'a> {
    Claim {
        path: format!("{url}index.html"),
        rank,
        who,
        file: Some(source.display_path.clone()),
        line: None,
        source: Some(source),
        alias: None,
        to_itself: false,
    }
}

fn alias_claims<'a>(
    source: &'a SourceInfo,
    own_url: &str,
    aliases: &'a [String],
) -> Vec<Claim<'a>> {
    let mut from = source.line_of_key("aliases");
    aliases
        .iter()
        .map(|alias| {
            let line =
                crate::frontmatter::line_of(&source.text, alias.trim(), from).unwrap_or(from);
            from = line;
            let url = crate::urls::alias_site_path(alias);
            Claim {
                path: format!("{url}index.html"),
                rank: Rank::Alias,
                who: format!(
                    "videresendingen «{alias}» i {}:{line}",
                    source.display_path.display()
                ),
                file: Some(source.display_path.clone()),
                line: Some(line),
                source: Some(source),
                alias: Some(alias),
                to_itself: url == own_url,
            }
        })
        .collect()
}

fn claims<'a>(loaded: &'a Loaded, root: &Path, theme: &str) -> Vec<Claim<'a>> {
    let mut all = Vec::new();
    // A theme that cannot be resolved is reported by the build; its files then claim nothing.
    let theme = crate::theme::Theme::resolve(root, theme).ok();
    let mut generated = generated_files(
        theme
            .as_ref()
            .is_some_and(|t| t.get("syntax.tmTheme").is_some()),
    );
    // Without content/_index.md kompetanse makes the home page itself.
    if !loaded.sections.iter().any(|s| s.url.is_empty()) {
        generated.push(("index.html", "forsiden"));
    }
    for (path, what) in generated {
        all.push(Claim {
            path: path.to_string(),
            rank: Rank::Generated,
            who: format!("{what} ({path}), som kompetanse lager"),
            file: None,
            line: None,
            source: None,
            alias: None,
            to_itself: false,
        });
    }
    for (rel, file) in theme.iter().flat_map(|t| t.files_under("static")) {
        all.push(Claim {
            path: rel.to_string(),
            rank: Rank::ThemeStatic,
            who: format!("temaets fil {}", file.display.display()),
            file: Some(file.display.clone()),
            line: None,
            source: None,
            alias: None,
            to_itself: false,
        });
    }
    for section in &loaded.sections {
        let who = format!("seksjonen {}", section.source.display_path.display());
        all.push(content_claim(
            &section.source,
            &section.url,
            Rank::Page,
            who,
        ));
    }
    for page in &loaded.pages {
        let who = format!("siden {}", page.source.display_path.display());
        let mut claim = content_claim(&page.source, &page.url, Rank::Page, who);
        if page.meta.slug.is_some() {
            claim.line = Some(page.source.line_of_key("slug"));
        }
        all.push(claim);
    }
    for rel in static_files(&root.join("static")) {
        let display = PathBuf::from("static").join(&rel);
        all.push(Claim {
            path: rel,
            rank: Rank::SiteStatic,
            who: format!("den statiske filen {}", display.display()),
            file: Some(display),
            line: None,
            source: None,
            alias: None,
            to_itself: false,
        });
    }
    for asset in &loaded.assets {
        let display = PathBuf::from(crate::load::CONTENT_DIR).join(&asset.rel);
        all.push(Claim {
            path: asset.output.clone(),
            rank: Rank::Asset,
            who: format!("filen {}", display.display()),
            file: Some(display),
            line: None,
            source: None,
            alias: None,
            to_itself: false,
        });
    }
    for section in &loaded.sections {
        all.extend(alias_claims(
            &section.source,
            &section.url,
            &section.meta.aliases,
        ));
    }
    for page in &loaded.pages {
        all.extend(alias_claims(&page.source, &page.url, &page.meta.aliases));
    }
    all
}

/// Whether a collision between two claims is allowed: the site's `static/` overrides the
/// theme's on purpose, and two pages at one address are reported by `validate`.
fn allowed(first: Rank, second: Rank) -> bool {
    matches!(
        (first, second),
        (Rank::ThemeStatic, Rank::SiteStatic)
            | (Rank::Page, Rank::Page)
            | (Rank::Generated, Rank::Generated)
            | (Rank::ThemeStatic, Rank::ThemeStatic)
    )
}

fn report(claim: &Claim<'_>, message: String) -> Diagnostic {
    let mut d = Diagnostic::error(Code::OutputCollision, message);
    if let Some(file) = &claim.file {
        d = d.in_file(file);
    }
    if let Some(line) = claim.line {
        d = d.at(line, 1);
        if let Some(source) = claim.source {
            d = d.with_source(source.text.clone());
        }
    }
    let help = match claim.rank {
        Rank::Alias => {
            "fjern eller endre adressen i `aliases`: en videresending kan ikke ta adressen til en side, en seksjon, en fil kompetanse lager, en annen videresending eller siden selv"
        }
        Rank::Page => "gi filen eller mappen et annet navn (en side kan også få et eget `slug`)",
        Rank::Asset => {
            "gi filen et annet navn eller flytt den; den ville erstattet det andre i utdataene"
        }
        Rank::SiteStatic => {
            "gi filen i static/ et annet navn eller flytt den; den ville erstattet det andre i utdataene"
        }
        Rank::Generated | Rank::ThemeStatic => {
            "gi den ene av dem et annet navn; temaet kan ikke ha filer der kompetanse lager sine"
        }
    };
    d.with_help(help)
}

/// Every output path wanted by more than one input, reported on the weaker input.
pub fn output_collisions(loaded: &Loaded, root: &Path, theme: &str) -> Vec<Diagnostic> {
    let mut all = claims(loaded, root, theme);
    // Stable: within a rank, inputs keep their order (sorted by file), so the later file is
    // the one reported.
    all.sort_by_key(|c| c.rank);
    let mut problems = Vec::new();
    let areas = generated_areas();
    let mut owners: BTreeMap<&str, &Claim<'_>> = BTreeMap::new();
    for claim in &all {
        if claim.to_itself {
            problems.push(report(
                claim,
                format!(
                    "videresendingen «{}» peker til siden selv og ville gitt en evig videresending",
                    claim.alias.unwrap_or_default()
                ),
            ));
            continue;
        }
        if claim.rank != Rank::Generated
            && let Some(area) = areas.iter().find(|a| claim.path.starts_with(&a.prefix))
        {
            problems.push(report(
                claim,
                format!(
                    "{} ville gitt /{}, men /{} er reservert for {}, som kompetanse lager",
                    capitalize(&claim.who),
                    claim.path,
                    area.prefix,
                    area.what
                ),
            ));
            continue;
        }
        if let Some(first) = owners.get(claim.path.as_str()) {
            if !allowed(first.rank, claim.rank) {
                problems.push(report(
                    claim,
                    format!(
                        "{} ville gitt /{}, som allerede kommer fra {}",
                        capitalize(&claim.who),
                        claim.path,
                        first.who
                    ),
                ));
            }
            continue;
        }
        // A file and a folder of the same name cannot both exist.
        let folder_of_file = claim
            .path
            .match_indices('/')
            .map(|(i, _)| &claim.path[..i])
            .find_map(|folder| owners.get(folder).map(|o| (folder, *o)));
        if let Some((folder, file_owner)) = folder_of_file {
            problems.push(report(
                claim,
                format!(
                    "{} ville gitt /{}, men /{folder} er allerede en fil fra {}",
                    capitalize(&claim.who),
                    claim.path,
                    file_owner.who
                ),
            ));
            continue;
        }
        let prefix = format!("{}/", claim.path);
        if let Some((_, folder_owner)) = owners.range(prefix.as_str()..).next()
            && folder_owner.path.starts_with(&prefix)
        {
            problems.push(report(
                claim,
                format!(
                    "{} ville gitt filen /{}, men {} trenger /{prefix} som mappe",
                    capitalize(&claim.who),
                    claim.path,
                    folder_owner.who
                ),
            ));
            continue;
        }
        owners.insert(&claim.path, claim);
    }
    problems
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
