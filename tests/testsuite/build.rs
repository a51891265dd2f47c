//! Building small fixture sites and checking the output.

use crate::common;
use common::{Fixture, page};

/// A section with a nested page and a page whose title and description hold markup.
fn site_with_pages() -> Fixture {
    Fixture::site("pages")
}

#[test]
fn builds_directory_style_urls_with_relative_links() {
    let f = site_with_pages();
    f.build().assert_ok();
    assert!(f.output_exists("index.html"));
    assert!(f.output_exists("selvhjelp/index.html"));
    assert!(f.output_exists("selvhjelp/konto/bytte-passord/index.html"));
    let html = f.read_output("selvhjelp/tofaktor/index.html");
    assert!(
        html.contains("href=\"../konto/bytte-passord/index.html#steg-2-velg-nytt-passord\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"../../index.html\""),
        "link to the home section"
    );
    assert!(
        html.contains("href=\"../../css/style.css\""),
        "theme assets are relative"
    );
    assert!(
        !html.contains("href=\"/"),
        "no root-absolute internal links:\n{html}"
    );
}

#[test]
fn headings_have_norwegian_ids_and_code_is_highlighted() {
    let f = site_with_pages();
    f.build().assert_ok();
    let html = f.read_output("selvhjelp/konto/bytte-passord/index.html");
    assert!(
        html.contains("<h2 id=\"steg-2-velg-nytt-passord\">"),
        "{html}"
    );
    assert!(html.contains("class=\"hl-"), "syntect classes");
    let css = f.read_output("css/syntax.css");
    assert!(css.contains(".hl-"), "generated highlighting stylesheet");
}

#[test]
fn front_matter_values_are_html_escaped() {
    let f = site_with_pages();
    f.build().assert_ok();
    let html = f.read_output("selvhjelp/tofaktor/index.html");
    assert!(
        !html.contains("<script>alert(1)</script>"),
        "title must be escaped"
    );
    assert!(
        html.contains("Tofaktor &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"),
        "{html}"
    );
    assert!(
        !html.contains("<b>tagger</b>"),
        "description must be escaped"
    );
    let listing = f.read_output("selvhjelp/index.html");
    assert!(
        !listing.contains("<script>alert(1)"),
        "listing escapes titles too"
    );
}

#[test]
fn sitemap_robots_feed_and_404() {
    let f = site_with_pages();
    f.write(
        "content/nyheter/_index.md",
        "---\ntitle: Nyheter\npage_kind: nyhet\nsort_by: date\naccess: public\n---\n",
    );
    f.write(
        "content/nyheter/ny-portal.md",
        "---\ntitle: Ny portal\ndate: 2024-03-15\nowner: ROR-IKT\naccess: public\n---\n\nPortalen er lansert.\n",
    );
    // The public build has base_url for its address (the internal one: see publish.rs).
    f.run(&["build", "--target", "public"]).assert_ok();
    let sitemap = f.read_output("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://test.example/selvhjelp/konto/bytte-passord/</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<lastmod>2024-03-08</lastmod>"));
    assert!(
        f.read_output("robots.txt")
            .contains("Sitemap: https://test.example/sitemap.xml")
    );
    let feed = f.read_output("atom.xml");
    assert!(feed.contains("<title>Ny portal</title>"), "{feed}");
    assert!(feed.contains("https://test.example/nyheter/ny-portal/"));
    assert!(f.read_output("404.html").contains("Fant ikke siden"));
}

#[test]
fn taxonomy_pages_list_their_pages() {
    let f = site_with_pages();
    f.build().assert_ok();
    let tag = f.read_output("emneord/passord/index.html");
    assert!(tag.contains("Bytte passord"), "{tag}");
    let rauma = f.read_output("kommuner/rauma/index.html");
    assert!(rauma.contains("Bytte passord"));
    assert!(f.read_output("emneord/index.html").contains("passord"));
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let f = site_with_pages();
    f.build().assert_ok();
    let before = f.output_files("public");
    assert!(!before.is_empty());
    f.write(
        "content/selvhjelp/odelagt.md",
        "---\ntitle: [uavsluttet\n---\n",
    );
    f.build().assert_fails(1);
    assert_eq!(
        f.output_files("public"),
        before,
        "public/ must be byte-for-byte unchanged"
    );
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders removed: {leftovers:?}"
    );
}

#[test]
fn drafts_only_with_flag_and_public_target_filters_internal_pages() {
    let f = site_with_pages();
    f.write(
        "content/selvhjelp/utkast.md",
        &page("Utkast", "draft: true\n", "Ikke ferdig."),
    );
    f.write(
        "content/selvhjelp/intern.md",
        "---\ntitle: Intern side\nupdated: 2024-01-01\nowner: ROR-IKT\n---\n\nHemmelig.\n",
    );
    f.build().assert_ok();
    assert!(!f.output_exists("selvhjelp/utkast/index.html"));
    assert!(
        f.output_exists("selvhjelp/intern/index.html"),
        "internal is the default target"
    );
    f.run(&["build", "--drafts"]).assert_ok();
    assert!(f.output_exists("selvhjelp/utkast/index.html"));
    f.run(&["build", "--target", "public"]).assert_ok();
    assert!(
        !f.output_exists("selvhjelp/intern/index.html"),
        "no access: internal page in public build"
    );
    assert!(
        !f.read_output("selvhjelp/index.html")
            .contains("Intern side")
    );
}

#[test]
fn output_option_and_check_writes_nothing() {
    let f = site_with_pages();
    f.run(&["check"]).assert_ok();
    assert!(!f.path("public").exists(), "check writes nothing");
    let out = f.path("ut");
    f.run(&["build", "--output", out.to_str().unwrap()])
        .assert_ok();
    assert!(out.join("index.html").exists());
}

#[test]
fn page_bundles_copy_their_files_and_static_is_copied() {
    let f = site_with_pages();
    f.write(
        "content/selvhjelp/skjerm/index.md",
        &page(
            "Skjerm",
            "",
            "![Skjermbilde av menyen](meny.png)\n\n[Last ned veileder](veileder.pdf)\n",
        ),
    );
    f.write_bytes("content/selvhjelp/skjerm/meny.png", b"\x89PNG fake");
    f.write_bytes("content/selvhjelp/skjerm/veileder.pdf", b"%PDF fake");
    f.write("static/robots-extra.txt", "statisk");
    f.build().assert_ok();
    let html = f.read_output("selvhjelp/skjerm/index.html");
    assert!(html.contains("src=\"meny.png\""), "{html}");
    assert!(f.output_exists("selvhjelp/skjerm/meny.png"));
    assert!(f.output_exists("selvhjelp/skjerm/veileder.pdf"));
    assert_eq!(f.read_output("robots-extra.txt"), "statisk");
}

#[test]
fn aliases_become_redirect_pages() {
    let f = site_with_pages();
    f.write(
        "content/selvhjelp/ny-adresse.md",
        &page(
            "Ny adresse",
            "aliases: [/gammel/adresse/]\n",
            "Flyttet hit.",
        ),
    );
    f.run(&["build", "--target", "public"]).assert_ok();
    let html = f.read_output("gammel/adresse/index.html");
    assert!(
        html.contains("url=../../selvhjelp/ny-adresse/index.html"),
        "{html}"
    );
    assert!(html.contains("https://test.example/selvhjelp/ny-adresse/"));
}

#[test]
fn new_creates_a_page_that_passes_check() {
    let f = Fixture::new();
    for (kind, path) in [
        ("artikkel", "selvhjelp/min-side.md"),
        ("nyhet", "nyheter/ny.md"),
        ("tjeneste", "tjenester/ny-tjeneste.md"),
        ("krav", "krav/nye-krav.md"),
        ("beredskapsplan", "beredskap/ny-plan.md"),
        ("behandling", "behandlingsprotokoller/ny.md"),
        ("begrep", "begreper/nytt-begrep.md"),
    ] {
        f.run(&["new", kind, path]).assert_ok();
        let text = std::fs::read_to_string(f.path("content").join(path)).unwrap();
        assert!(text.starts_with("---\n"), "{kind}: {text}");
    }
    f.run(&["check"]).assert_ok();
    let again = f.run(&["new", "artikkel", "selvhjelp/min-side.md"]);
    again.assert_fails(2).assert_stderr(&["finnes allerede"]);
    f.run(&["new", "oppskrift", "x.md"])
        .assert_fails(2)
        .assert_stderr(&["ukjent innholdstype"]);
}

#[test]
fn templates_read_data_tables_on_demand() {
    let f = site_with_pages();
    f.write(
        "data/sla.yaml",
        "title: Svartider\ncolumns:\n  - key: maned\n    label: Måned\nrows:\n  - maned: januar\n  - maned: februar\n",
    );
    f.write(
        "templates/404.html",
        "{% set t = data(name=\"sla\") %}<p>{{ t.title }}: {{ t.rows | length }} rader, først {{ t.rows.0.0 }}</p>",
    );
    f.build().assert_ok();
    assert_eq!(
        f.read_output("404.html").trim(),
        "<p>Svartider: 2 rader, først januar</p>"
    );

    // A table that does not exist is a template error naming the file and the tables there are.
    f.write(
        "templates/404.html",
        "{% set t = data(name=\"slaa\") %}{{ t.title }}",
    );
    f.build()
        .assert_fails(1)
        .assert_stderr(&["404.html", "«slaa»", "sla"]);
}

/// The build minifies each document in parts, its repeated chrome from a cache
/// (`pipeline::minify`); on every page of the real portal (and the sunndal-surnadal site)
/// that must be byte for byte what minifying the whole document gives.
#[test]
fn documents_minified_in_parts_equal_whole_minification() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (name, from) in [
        ("portal", repo.to_path_buf()),
        ("sunndal", repo.join("tests/sites/sunndal-surnadal")),
    ] {
        let f = Fixture::new();
        for dir in ["content", "data", "static", "themes", "i18n", "templates"] {
            if from.join(dir).is_dir() {
                common::copy_tree(&from.join(dir), &f.path(dir));
            }
        }
        let config = std::fs::read_to_string(from.join("site.yaml")).unwrap();
        let config: String = config
            .lines()
            .filter(|l| !l.starts_with("minify:"))
            .map(|l| format!("{l}\n"))
            .collect();
        f.write("site.yaml", &format!("{config}minify: false\n"));
        let (raw, small) = (f.path("raw"), f.path("small"));
        f.run(&["build", "--output", raw.to_str().unwrap()])
            .assert_ok();
        f.write("site.yaml", &format!("{config}minify: true\n"));
        f.run(&["build", "--output", small.to_str().unwrap()])
            .assert_ok();
        let (mut pages, mut cut) = (0, 0);
        for entry in walkdir::WalkDir::new(&raw) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "html") {
                continue;
            }
            let rel = entry.path().strip_prefix(&raw).unwrap();
            let raw = std::fs::read_to_string(entry.path()).unwrap();
            let written = std::fs::read(small.join(rel)).unwrap();
            let whole = kompetanse::pipeline::minify::minify_whole(&raw);
            assert!(
                written == whole,
                "{name}: {} differs from its whole minification",
                rel.display()
            );
            pages += 1;
            cut += usize::from(kompetanse::pipeline::minify::is_cut(&raw));
        }
        assert!(pages > 20, "{name}: only {pages} pages");
        // The theme's pages are all cut; a few documents (the editor's) may not be.
        assert!(cut * 10 > pages * 9, "{name}: {cut} of {pages} pages cut");
    }
}
