//! Inputs at the edges: page names without a usable slug, `kompetanse new` with paths outside
//! `content/` or folders, bad bytes in data files, and a service worker that changes with
//! every input of the build.

use crate::common;
use common::{Fixture, page};

#[test]
fn page_names_without_latin_letters_get_their_own_address() {
    let f = Fixture::new();
    for name in ["日本", "💥", "!!!", "???"] {
        f.write(
            &format!("content/{name}.md"),
            &page(&format!("Side {name}"), "", &format!("Innhold {name}.")),
        );
    }
    f.build().assert_ok();
    assert!(
        f.read_output("index.html")
            .contains("Velkommen til testportalen")
    );
    assert!(f.read_output("ri-ben/index.html").contains("Innhold 日本."));
    let sitemap = f.read_output("sitemap.xml");
    let addresses = sitemap.matches("<loc>").count();
    assert_eq!(
        addresses, 5,
        "home and four pages, each its own:\n{sitemap}"
    );
    for name in ["💥", "!!!", "???"] {
        let found = f
            .output_files("public")
            .into_iter()
            .filter(|(path, _)| path.ends_with("index.html") && path.contains('/'))
            .any(|(_, bytes)| {
                String::from_utf8_lossy(&bytes).contains(&format!("Innhold {name}."))
            });
        assert!(found, "{name} has a page of its own");
    }
}

#[test]
fn new_refuses_paths_outside_content_and_folders() {
    let f = Fixture::new();
    f.write(
        "content/selvhjelp/_index.md",
        "---\ntitle: Selvhjelp\n---\n",
    );
    let outside = tempfile::tempdir().unwrap();
    let absolute = outside.path().join("x.md").display().to_string();
    // Every way out lands in a folder of this test (`new`'s unit test covers `../../x.md`).
    for path in [
        "a/../../x.md",
        "../x.md",
        "content/../x.md",
        absolute.as_str(),
    ] {
        f.run(&["new", "artikkel", path])
            .assert_fails(2)
            .assert_stderr(&["utenfor content/", "selvhjelp/ny-side.md"]);
    }
    assert!(!outside.path().join("x.md").exists());
    assert!(!f.path("x.md").exists());
    for path in ["selvhjelp/", "selvhjelp", "content/selvhjelp/"] {
        f.run(&["new", "artikkel", path])
            .assert_fails(2)
            .assert_stderr(&["er en mappe", "selvhjelp/ny-side.md"]);
    }
    assert!(!f.path("content/selvhjelp.md").exists());
    f.run(&["new", "artikkel", "selvhjelp/ny"]).assert_ok();
    assert!(f.path("content/selvhjelp/ny.md").is_file());
}

#[test]
fn a_bad_byte_in_a_csv_file_names_file_and_line() {
    let f = Fixture::new();
    f.write_bytes("data/tall.csv", b"kategori,antall\nPC,3\nSkriver,\xff4\n");
    f.run(&["check"])
        .assert_fails(1)
        .assert_stderr(&["data/tall.csv:3:9", "UTF-8"]);
}

#[test]
fn the_service_worker_changes_with_a_theme_stylesheet() {
    let f = Fixture::new();
    f.write("content/a.md", &page("A", "", "Tekst."));
    f.build().assert_ok();
    let first = f.read_output("sw.js");
    f.build().assert_ok();
    assert_eq!(f.read_output("sw.js"), first, "same inputs, same build");
    let css = f.path("themes/default/static/css/style.css");
    let mut text = std::fs::read_to_string(&css).unwrap();
    text.push_str("\n.ny-regel { color: red }\n");
    std::fs::write(&css, text).unwrap();
    f.build().assert_ok();
    let after_css = f.read_output("sw.js");
    assert_ne!(after_css, first, "a theme CSS change must change sw.js");
    for (file, text) in [
        ("data/tall.yaml", "- {a: 1}\n"),
        ("static/ekstra.txt", "x"),
        ("themes/default/templates/base.html.extra", "x"),
        ("content/bilde.txt", "x"),
    ] {
        let before = f.read_output("sw.js");
        f.write(file, text);
        f.build().assert_ok();
        assert_ne!(f.read_output("sw.js"), before, "{file} must change sw.js");
    }
}
