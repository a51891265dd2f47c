//! The real portal content in content/: it must pass every check, in both build targets, and
//! hold what the portal promises its readers.

use kompetanse::load::load;
use kompetanse::model::{Access, Kind, KindData};
use std::path::Path;
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn check(target: &str) {
    let output = Command::new(env!("CARGO_BIN_EXE_kompetanse"))
        .args([
            "--root",
            repo().to_str().unwrap(),
            "check",
            "--target",
            target,
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "kompetanse check --target {target} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn real_content_passes_check_for_both_targets() {
    check("internal");
    check("public");
}

#[test]
fn real_content_has_every_kind_in_the_promised_amount() {
    let loaded = load(repo()).unwrap();
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let count = |kind: Kind| loaded.pages.iter().filter(|p| p.kind == kind).count();
    assert!(
        count(Kind::Artikkel) >= 25,
        "articles: {}",
        count(Kind::Artikkel)
    );
    assert!(count(Kind::Tjeneste) >= 10);
    assert!(count(Kind::Krav) >= 3);
    assert!(count(Kind::Beredskapsplan) >= 2);
    assert!(count(Kind::Behandling) >= 12);
    assert!(count(Kind::Nyhet) >= 6);
    let requirements: usize = loaded
        .pages
        .iter()
        .map(|p| match &p.data {
            KindData::Krav(k) => k.requirements.len(),
            _ => 0,
        })
        .sum();
    assert!(requirements >= 60, "requirements: {requirements}");
    assert!(loaded.pages.iter().any(|p| p.meta.title == "Politiker-PC"));
}

#[test]
fn access_follows_the_kind() {
    let loaded = load(repo()).unwrap();
    for page in &loaded.pages {
        let expected = match page.kind {
            Kind::Tjeneste | Kind::Krav | Kind::Begrep | Kind::Nyhet => Some(Access::Public),
            Kind::Beredskapsplan | Kind::Behandling => Some(Access::Internal),
            Kind::Artikkel => None,
        };
        if let Some(access) = expected {
            assert_eq!(page.meta.access, access, "{}", page.source.rel_path);
        }
    }
}

#[test]
fn glossary_has_the_terms_of_the_source_documents() {
    let loaded = load(repo()).unwrap();
    let terms: Vec<String> = loaded
        .pages
        .iter()
        .filter_map(|p| match &p.data {
            KindData::Begrep(b) => Some(b.term.to_lowercase()),
            _ => None,
        })
        .collect();
    for term in [
        "dpia",
        "mfa",
        "sla",
        "vpn",
        "trygg digitalisering",
        "brannmur",
        "ros-analyse",
    ] {
        assert!(
            terms.iter().any(|t| t == term),
            "missing term {term}; have {terms:?}"
        );
    }
}
