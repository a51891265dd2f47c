//! Incremental rebuilds for the live preview: a body edit rewrites only what it touches and
//! gives the same page as a full build; anything else falls back to a full build.

use crate::common;
use common::{Fixture, page};
use kompetanse::incremental::Session;
use kompetanse::{BuildOptions, Mode};
use std::time::SystemTime;

fn session(f: &Fixture) -> Session {
    let mut options = BuildOptions::new(f.root());
    options.mode = Mode::Build;
    let mut session = Session::new(options);
    session.rebuild(&[]).expect("first build");
    assert!(!session.last_was_incremental);
    session
}

fn site() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        &page(
            "Side A",
            "description: Fast sammendrag.\n",
            "## Første\n\nOpprinnelig tekst.\n",
        ),
    );
    f.write(
        "content/b.md",
        &page("Side B", "", "Se [A](a.md#forste).\n"),
    );
    f
}

fn modified(f: &Fixture, rel: &str) -> SystemTime {
    std::fs::metadata(f.path("public").join(rel))
        .unwrap()
        .modified()
        .unwrap()
}

#[test]
fn a_body_edit_is_applied_incrementally_and_matches_a_full_build() {
    let f = site();
    let mut s = session(&f);
    let untouched = modified(&f, "b/index.html");
    f.write(
        "content/a.md",
        &page(
            "Side A",
            "description: Fast sammendrag.\n",
            "## Første\n\nNy tekst om zebrafisk.\n",
        ),
    );
    s.rebuild(&[f.path("content/a.md")])
        .expect("incremental rebuild");
    assert!(s.last_was_incremental);
    let html = f.read_output("a/index.html");
    assert!(html.contains("Ny tekst om zebrafisk."), "{html}");
    assert_eq!(
        modified(&f, "b/index.html"),
        untouched,
        "other pages are not rewritten"
    );
    // The page is written first (the browser is told then), the search index after.
    let shard = |f: &Fixture| std::fs::read_to_string(f.path("public/search/t-ze.js"));
    assert!(
        !shard(&f).is_ok_and(|s| s.contains("\"zebrafisk\"")),
        "the index is written in the second step"
    );
    let (files, _) = s.finish_search().expect("search index written");
    assert!(files > 0);
    assert!(
        shard(&f).unwrap().contains("\"zebrafisk\""),
        "the search index has the new word"
    );
    assert_eq!(s.finish_search().unwrap().0, 0, "nothing left to write");
    // A full build of the same content gives the same page.
    let full = f.path("full");
    f.run(&["build", "--output", full.to_str().unwrap()])
        .assert_ok();
    assert_eq!(
        std::fs::read_to_string(full.join("a/index.html")).unwrap(),
        html
    );
}

#[test]
fn front_matter_changes_get_a_full_build() {
    let f = site();
    let mut s = session(&f);
    f.write(
        "content/a.md",
        &page(
            "Nytt navn",
            "description: Fast sammendrag.\n",
            "## Første\n\nTekst.\n",
        ),
    );
    s.rebuild(&[f.path("content/a.md")]).expect("rebuild");
    assert!(!s.last_was_incremental);
    assert!(
        f.read_output("index.html").contains("Nytt navn"),
        "listings follow"
    );
}

#[test]
fn a_broken_edit_keeps_the_output_and_the_fix_goes_through() {
    let f = site();
    let mut s = session(&f);
    let before = f.read_output("a/index.html");
    // Renaming the heading breaks b.md's link to #forste.
    f.write(
        "content/a.md",
        &page(
            "Side A",
            "description: Fast sammendrag.\n",
            "## Annen\n\nTekst.\n",
        ),
    );
    let failure = s
        .rebuild(&[f.path("content/a.md")])
        .expect_err("broken anchor");
    let messages: Vec<String> = failure.diagnostics().iter().map(|d| d.one_line()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("content/b.md:8") && m.contains("#forste")),
        "{messages:?}"
    );
    assert_eq!(
        f.read_output("a/index.html"),
        before,
        "the last good output is kept"
    );
    f.write(
        "content/a.md",
        &page(
            "Side A",
            "description: Fast sammendrag.\n",
            "## Første\n\nRettet.\n",
        ),
    );
    s.rebuild(&[f.path("content/a.md")]).expect("fixed");
    assert!(s.last_was_incremental);
    assert!(f.read_output("a/index.html").contains("Rettet."));
}

#[test]
fn new_files_and_template_changes_get_a_full_build() {
    let f = site();
    let mut s = session(&f);
    f.write("content/c.md", &page("Side C", "", "Ny side."));
    s.rebuild(&[f.path("content/c.md")]).expect("rebuild");
    assert!(!s.last_was_incremental);
    assert!(f.output_exists("c/index.html"));
    f.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Borte</h1>{% endblock content %}",
    );
    s.rebuild(&[f.path("themes/default/templates/404.html")])
        .expect("rebuild");
    assert!(!s.last_was_incremental);
    assert!(f.read_output("404.html").contains("Borte"));
}

#[test]
fn listings_and_glossary_follow_a_body_edit() {
    let f = Fixture::new();
    f.write(
        "content/seksjon/_index.md",
        "---\ntitle: Seksjon\naccess: public\n---\n",
    );
    f.write(
        "content/seksjon/a.md",
        &page("Side A", "tags: [testord]\n", "Første avsnitt.\n"),
    );
    f.write(
        "content/begreper/brannmur.md",
        "---\ntitle: Brannmur\nkind: begrep\nterm: Brannmur\nupdated: 2024-01-01\nowner: ROR-IKT\naccess: public\n---\n\nFilter.\n",
    );
    let mut s = session(&f);
    assert!(
        !f.read_output("begreper/brannmur/index.html")
            .contains("Side A")
    );
    f.write(
        "content/seksjon/a.md",
        &page(
            "Side A",
            "tags: [testord]\n",
            "Nytt sammendrag om brannmuren.\n",
        ),
    );
    s.rebuild(&[f.path("content/seksjon/a.md")])
        .expect("rebuild");
    assert!(
        s.last_was_incremental,
        "summary and glossary changes are applied incrementally"
    );
    assert!(
        f.read_output("seksjon/index.html")
            .contains("Nytt sammendrag om brannmuren."),
        "section listing"
    );
    assert!(
        f.read_output("emneord/testord/index.html")
            .contains("Nytt sammendrag"),
        "tag page"
    );
    assert!(
        f.read_output("begreper/brannmur/index.html")
            .contains("Side A"),
        "used on"
    );
    // The same as a full build.
    let full = f.path("full");
    f.run(&["build", "--output", full.to_str().unwrap()])
        .assert_ok();
    for page in [
        "seksjon/index.html",
        "emneord/testord/index.html",
        "begreper/brannmur/index.html",
        "seksjon/a/index.html",
    ] {
        assert_eq!(
            std::fs::read_to_string(full.join(page)).unwrap(),
            f.read_output(page),
            "{page} differs from a full build"
        );
    }
}

/// A preview edit that makes two things want the same output file is refused like in
/// `build`, and the previous output stays.
#[test]
fn an_edit_that_collides_is_reported_and_keeps_the_output() {
    for (extra, what) in [("aliases: [\"/a/\"]\n", "alias"), ("slug: a\n", "slug")] {
        let f = site();
        let mut s = session(&f);
        let before = f.read_output("a/index.html");
        // The collision is reported on b.md, and the previous output stays.
        let refused_naming_b = |failure: &kompetanse::pipeline::BuildFailure| {
            let messages: Vec<String> =
                failure.diagnostics().iter().map(|d| d.one_line()).collect();
            assert!(
                messages.iter().any(|m| m.contains("content/b.md")),
                "{what}: {messages:?}"
            );
            assert_eq!(f.read_output("a/index.html"), before, "{what}: output kept");
        };
        f.write(
            "content/b.md",
            &page("Side B", extra, "Se [A](a.md#forste).\n"),
        );
        let failure = s
            .rebuild(&[f.path("content/b.md")])
            .expect_err(&format!("{what} collides with a.md"));
        refused_naming_b(&failure);
        // An edit elsewhere while the collision stays must not pass as a good build.
        f.write(
            "content/a.md",
            &page(
                "Side A",
                "description: Fast sammendrag.\n",
                "## Første\n\nEndret mens b.md kolliderer.\n",
            ),
        );
        let failure = s
            .rebuild(&[f.path("content/a.md")])
            .expect_err(&format!("{what}: the collision is still there"));
        refused_naming_b(&failure);
        // Undoing the edit goes through again.
        f.write(
            "content/b.md",
            &page("Side B", "", "Se [A](a.md#forste).\n"),
        );
        s.rebuild(&[f.path("content/b.md")]).expect("fixed");
        assert!(
            f.read_output("a/index.html")
                .contains("Endret mens b.md kolliderer.")
        );
    }
}

/// A contingency plan, with a body that changes between rebuilds.
/// The anchor check of an edit looks only at the links that can break (the page's own and
/// those into it, from an index the preview keeps), so that index must follow edits that
/// move a link: a link added by one edit is checked when its target is edited later, a link
/// removed is not, and a section's link into a page is checked too.
#[test]
fn anchor_links_are_checked_where_edits_have_moved_them() {
    let f = site();
    f.write(
        "content/c.md",
        &page(
            "Side C",
            "",
            "## Tredje

Tekst.
",
        ),
    );
    f.write(
        "content/s/_index.md",
        "---\ntitle: S\naccess: public\n---\n\nSe [A](../a.md#forste).\n",
    );
    let mut s = session(&f);
    let messages = |failure: kompetanse::BuildFailure| -> Vec<String> {
        failure.diagnostics().iter().map(|d| d.one_line()).collect()
    };
    // b.md now links to c.md#tredje instead of a.md#forste.
    f.write(
        "content/b.md",
        &page("Side B", "", "Se [C](c.md#tredje).\n"),
    );
    s.rebuild(&[f.path("content/b.md")])
        .expect("b.md moved its link");
    assert!(s.last_was_incremental);
    // Renaming c.md's heading breaks b.md's new link.
    let c_renamed = page("Side C", "", "## Annen\n\nTekst.\n");
    f.write("content/c.md", &c_renamed);
    let found = messages(
        s.rebuild(&[f.path("content/c.md")])
            .expect_err("b.md's link"),
    );
    assert!(
        found
            .iter()
            .any(|m| m.contains("content/b.md:8") && m.contains("#tredje")),
        "{found:?}"
    );
    // Renaming a.md's heading breaks the section's link, but no longer b.md's.
    f.write("content/c.md", &page("Side C", "", "## Tredje\n\nTekst.\n"));
    s.rebuild(&[f.path("content/c.md")]).expect("c.md fixed");
    f.write(
        "content/a.md",
        &page(
            "Side A",
            "description: Fast sammendrag.\n",
            "## Annen\n\nTekst.\n",
        ),
    );
    let found = messages(
        s.rebuild(&[f.path("content/a.md")])
            .expect_err("section's link"),
    );
    assert!(
        found
            .iter()
            .any(|m| m.contains("content/s/_index.md") && m.contains("#forste")),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|m| m.contains("content/b.md")),
        "b.md no longer links to a.md: {found:?}"
    );
    // b.md links to c.md no more: renaming c.md's heading is fine.
    f.write(
        "content/a.md",
        &page(
            "Side A",
            "description: Fast sammendrag.\n",
            "## Første\n\nTekst.\n",
        ),
    );
    s.rebuild(&[f.path("content/a.md")]).expect("a.md fixed");
    f.write("content/b.md", &page("Side B", "", "Ingen lenker.\n"));
    s.rebuild(&[f.path("content/b.md")])
        .expect("b.md without links");
    f.write("content/c.md", &c_renamed);
    s.rebuild(&[f.path("content/c.md")])
        .expect("nothing links to c.md#tredje any more");
    assert!(s.last_was_incremental);
}

fn plan(body: &str) -> String {
    format!(
        "---\nkind: beredskapsplan\ntitle: Plan for strømbrudd\nupdated: 2024-03-08\nreview_by: 2030-01-01\nowner: ROR-IKT Kundeservice\naccess: internal\nplan_id: BP-01\nversion: \"1.0\"\napproved_by: Styret\napproved: 2024-03-01\nlevels:\n  - level: 1\n    name: Kort brudd\n    criteria:\n      - Reservestrøm.\n    leads: Vakthavende\n    actions:\n      - Følg med.\naction_cards:\n  - id: TK-01\n    title: Nedstenging\n    trigger: Lite batteri.\n    responsible: Vakthavende\n    steps:\n      - Slå av.\n---\n\n{body}\n"
    )
}

/// Every file of two outputs, except the service worker (its build id hashes the sources,
/// which the preview does not read again) and the search index (the preview updates it in
/// place, without the stored prefix rankings a full build adds; see `search::index`).
fn assert_same_output(f: &Fixture, full: &str, context: &str) {
    let without_sw = |dir: &str| -> Vec<(String, Vec<u8>)> {
        let mut files = f.output_files(dir);
        files.retain(|(path, _)| path != "sw.js" && !path.starts_with("search/"));
        files.sort();
        files
    };
    let (preview, full) = (without_sw("public"), without_sw(full));
    let paths = |files: &[(String, Vec<u8>)]| -> Vec<String> {
        files.iter().map(|(p, _)| p.clone()).collect()
    };
    assert_eq!(paths(&preview), paths(&full), "{context}");
    for ((path, a), (_, b)) in preview.iter().zip(&full) {
        assert!(
            a == b,
            "{context}: {path} differs from a full build:\n{}\n---\n{}",
            String::from_utf8_lossy(a),
            String::from_utf8_lossy(b)
        );
    }
}

/// Which outputs an edit reaches is derived from what each output read: the reports' index
/// lists the summaries of pages tagged `rapport`, the content report external links and
/// unused terms, the glossary who uses a term. After each body edit, every file is the same
/// as a full build's.
#[test]
fn every_output_after_body_edits_is_the_same_as_a_full_build() {
    let f = Fixture::new();
    f.write(
        "content/beredskap/_index.md",
        "---\ntitle: Beredskap\naccess: internal\n---\n",
    );
    f.write(
        "content/beredskap/strom.md",
        &plan("Planen ligger i perma."),
    );
    f.write(
        "content/oversikt.md",
        &page("Oversikt", "tags: [rapport]\n", "Gammel oversikt."),
    );
    f.write(
        "content/begreper/brannmur.md",
        "---\ntitle: Brannmur\nkind: begrep\nterm: Brannmur\nupdated: 2024-01-01\nowner: ROR-IKT\naccess: public\n---\n\nFilter.\n",
    );
    let mut s = session(&f);
    let edits = [
        (
            "content/oversikt.md",
            page(
                "Oversikt",
                "tags: [rapport]\n",
                "Ny oversikt over rapportene.",
            ),
        ),
        (
            "content/beredskap/strom.md",
            plan("Ny innledning om brannmuren.\n\nSe [leverandøren](https://leverandor.example/)."),
        ),
        (
            "content/beredskap/strom.md",
            plan("Kortere tekst.\n\n\nSe [leverandøren](https://leverandor.example/)."),
        ),
        ("content/beredskap/strom.md", plan("Planen ligger i perma.")),
    ];
    for (n, (rel, text)) in edits.iter().enumerate() {
        f.write(rel, text);
        s.rebuild(&[f.path(rel)]).expect("incremental rebuild");
        assert!(s.last_was_incremental, "edit {n} of {rel}");
        let full = format!("full-{n}");
        f.run(&["build", "--output", f.path(&full).to_str().unwrap()])
            .assert_ok();
        assert_same_output(&f, &full, &format!("edit {n} of {rel}"));
    }
    assert!(
        f.read_output("rapporter/index.html")
            .contains("Ny oversikt over rapportene."),
        "the reports' index shows the tagged page's summary"
    );
}
