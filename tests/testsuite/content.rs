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

/// Facts corrected against the seed documents (issue 14) must stay corrected.
mod facts_from_the_seeds {
    use super::repo;
    use kompetanse::data;
    use kompetanse::date::Date;
    use kompetanse::diagnostics::Diagnostics;
    use kompetanse::load::load;
    use kompetanse::model::KindData;

    /// Every content file's text, with its path relative to the repository.
    fn content_files() -> Vec<(String, String)> {
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(repo().join("content")) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                let rel = entry.path().strip_prefix(repo()).unwrap();
                files.push((rel.display().to_string(), text));
            }
        }
        files
    }

    #[test]
    fn no_placeholder_phone_numbers() {
        // The numbers once invented for the contingency plans: +47 400 00 001 … +47 900 00 052.
        for (path, text) in content_files() {
            let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            for placeholder in ["+4740000", "+4790000"] {
                assert!(
                    !digits.contains(placeholder),
                    "{path} holds a made-up phone number ({placeholder}…)"
                );
            }
        }
    }

    #[test]
    fn glossary_has_no_filler_terms_and_eu_is_not_eos() {
        let loaded = load(repo()).unwrap();
        for page in &loaded.pages {
            if let KindData::Begrep(b) = &page.data {
                assert!(
                    !["USA", "ID", "IP", "NAV"].contains(&b.term.as_str()),
                    "filler term {} in {}",
                    b.term,
                    page.source.rel_path
                );
                if b.term == "EU" {
                    assert!(
                        !b.synonyms.iter().any(|s| s == "EØS"),
                        "EØS is not another word for EU"
                    );
                }
            }
        }
    }

    #[test]
    fn it_self_help_is_not_filed_under_the_technical_faggruppe() {
        // `teknisk` is the faggruppe for building, water and roads, not IT self-help.
        let loaded = load(repo()).unwrap();
        for page in &loaded.pages {
            let path = &page.source.rel_path;
            if path.starts_with("selvhjelp/") || path.starts_with("beredskap/") {
                assert_ne!(page.meta.area.as_deref(), Some("teknisk"), "{path}");
            }
        }
    }

    #[test]
    fn the_phishing_exercise_is_dated_as_in_the_june_2023_papers() {
        let loaded = load(repo()).unwrap();
        let news = loaded
            .pages
            .iter()
            .find(|p| p.source.rel_path == "nyheter/phishing-ovelse-for-sommeren.md")
            .expect("the phishing news item");
        assert_eq!(news.meta.date, Date::new(2023, 6, 5));
    }

    #[test]
    fn every_page_cites_a_source_or_is_marked_as_an_example() {
        let loaded = load(repo()).unwrap();
        for page in &loaded.pages {
            assert!(
                page.meta.example || !page.meta.sources.is_empty(),
                "{} neither cites a source nor is marked `example: true`",
                page.source.rel_path
            );
        }
    }

    #[test]
    fn contingency_contacts_are_the_people_the_council_papers_name() {
        // Council papers 12.12.2024: one contact per municipality, observers for three.
        let loaded = load(repo()).unwrap();
        let plan = loaded
            .pages
            .iter()
            .find(|p| p.source.rel_path == "beredskap/ikt-beredskapsplan.md")
            .expect("the contingency plan");
        let KindData::Beredskapsplan(data) = &plan.data else {
            panic!("ikt-beredskapsplan.md is not a beredskapsplan");
        };
        let named: Vec<(&str, &str)> = data
            .contacts
            .iter()
            .filter_map(|c| Some((c.municipality.as_deref()?, c.name.as_deref()?)))
            .collect();
        for expected in [
            ("aukra", "Thormod Spilling"),
            ("hustadvika", "Britt Sjøholt"),
            ("hustadvika", "Mette K. Kristengård"),
            ("molde", "Fred Gjørtz"),
            ("rauma", "Fredrik Eriksson"),
            ("rauma", "Anders Alfarnes"),
            ("vestnes", "Sven Thore Prytz"),
            ("vestnes", "Henriette B. Bratli"),
        ] {
            assert!(
                named.contains(&expected),
                "missing {expected:?} in {named:?}"
            );
        }
        // No number is known from the seeds: every phone is left out and shown as «mangler».
        assert!(data.contacts.iter().all(|c| c.phone.is_none()));
        // The levels and the crisis staff come from the plan of 2022, so the page is not an
        // example; only the proposal (the contacts) is marked «Forslag, ikke vedtatt» in the body.
        assert!(!plan.meta.example);
        assert!(plan.source.body().contains("Forslag, ikke vedtatt"));
    }

    #[test]
    fn pc_rotation_table_adds_up_to_the_totals_in_the_source() {
        let mut diagnostics = Diagnostics::default();
        let tables = data::load(repo(), &mut diagnostics);
        let table = &tables["pc-rotasjon"];
        let col = |key: &str| table.column(key).unwrap();
        let sum =
            |key: &str| -> f64 { table.rows.iter().filter_map(|r| r[col(key)].number()).sum() };
        assert_eq!(sum("ma_bestilles"), 1029.0);
        assert_eq!(sum("pa_lager"), 317.0);
        assert_eq!(sum("bestilt"), 25.0);
        let to_order = |municipality: &str| -> f64 {
            table
                .rows
                .iter()
                .filter(|r| r[col("kommune")].display() == municipality)
                .filter_map(|r| r[col("ma_bestilles")].number())
                .sum()
        };
        for (municipality, total) in [
            ("Aukra", 22.0),
            ("Molde", 356.0),
            ("Rauma", 144.0),
            ("Vestnes", 107.0),
            ("Hustadvika", 400.0),
        ] {
            assert_eq!(to_order(municipality), total, "{municipality}");
        }
    }
}
