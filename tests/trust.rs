//! Content people can trust (issue 14): sources, pages marked as examples, owners from
//! `site.yaml`, overdue reviews, contacts with unknown numbers, and edit links.

mod common;
use common::{Fixture, page};

const SITE: &str =
    "title: Testportalen\nbase_url: https://test.example/\nlanguage: nb\nminify: false\n";

fn with_site(extra: &str) -> Fixture {
    let f = Fixture::new();
    f.write("site.yaml", &format!("{SITE}{extra}"));
    f
}

#[test]
fn sources_and_example_are_accepted_on_every_kind() {
    let f = Fixture::new();
    let fields = "example: true\nsources:\n  - title: Sakspapirer Samarbeidsrådet\n    url: https://example.no/sak.pdf\n    date: 2024-12-12\n    note: sak 12/24\n  - title: Bare en tittel\n";
    f.write("content/a.md", &page("Artikkel", fields, "Tekst."));
    f.write(
        "content/n.md",
        &format!(
            "---\ntitle: Nyhet\nkind: nyhet\ndate: 2024-03-08\nowner: ROR-IKT\n{fields}---\n\nTekst.\n"
        ),
    );
    f.write(
        "content/begreper/dpia.md",
        &page(
            "DPIA",
            &format!("kind: begrep\nterm: DPIA\n{fields}"),
            "Vurdering.",
        ),
    );
    f.run(&["check"]).assert_ok();
}

#[test]
fn bad_sources_are_errors_with_a_hint() {
    // (front matter after the common fields, expected message parts)
    let cases: &[(&str, &[&str])] = &[
        (
            "sources:\n  - titel: Sakspapirer\n",
            &["content/a.md:7", "ukjent felt `titel`", "mente du `title`?"],
        ),
        (
            "sources:\n  - title: Sakspapirer\n    dato: 2024-12-12\n",
            &["content/a.md:8", "ukjent felt `dato`", "mente du `date`?"],
        ),
        (
            "sources:\n  - url: https://example.no/\n",
            &["content/a.md", "mangler påkrevd felt `title`"],
        ),
        (
            "sources:\n  - title: Sakspapirer\n    date: 12.12.2024\n",
            &["content/a.md:8", "ugyldig dato"],
        ),
        ("example: ja\n", &["content/a.md:6", "feil type"]),
        (
            "exampel: true\n",
            &["content/a.md:6", "mente du `example`?"],
        ),
        (
            "kilder:\n  - title: X\n",
            &["content/a.md:6", "ukjent felt `kilder`"],
        ),
    ];
    for (fields, needles) in cases {
        let f = Fixture::new();
        f.write("content/a.md", &page("Side", fields, "Tekst."));
        let run = f.run(&["check"]);
        assert_eq!(run.code, 1, "{fields}: {}", run.stderr);
        for needle in *needles {
            assert!(
                run.stderr.contains(needle),
                "{fields}: stderr lacks {needle:?}:\n{}",
                run.stderr
            );
        }
    }
}

#[test]
fn owner_must_be_listed_when_owners_is_set() {
    let f = with_site("owners:\n  - ROR-IKT Kundeservice\n  - ROR-IKT Drift\n");
    f.write("content/a.md", &page("Riktig eier", "", "Tekst."));
    f.run(&["check"]).assert_ok();
    f.write(
        "content/b.md",
        "---\ntitle: Feil eier\nupdated: 2024-03-08\nowner: ROR-IKT Kundesevice\n---\n\nTekst.\n",
    );
    f.write(
        "content/c.md",
        "---\ntitle: Ukjent eier\nupdated: 2024-03-08\nowner: Teknisk etat\n---\n\nTekst.\n",
    );
    f.write(
        "content/seksjon/_index.md",
        "---\ntitle: Seksjon\nowner: Ingen slik enhet\n---\n",
    );
    f.run(&["check"]).assert_fails(1).assert_stderr(&[
        "content/b.md:4",
        "«ROR-IKT Kundesevice» er ikke en av enhetene",
        "mente du «ROR-IKT Kundeservice»?",
        "content/c.md:4",
        "«ROR-IKT Drift»",
        "content/seksjon/_index.md:3",
    ]);
}

#[test]
fn any_owner_is_accepted_without_owners() {
    let f = Fixture::new();
    f.write(
        "content/a.md",
        "---\ntitle: Eier\nupdated: 2024-03-08\nowner: Hvem som helst\n---\n\nTekst.\n",
    );
    f.run(&["check"]).assert_ok();
}

#[test]
fn editor_settings_are_accepted_in_site_yaml() {
    let f = with_site(
        "owners: [ROR-IKT Kundeservice]\npublish_examples: false\nedit_url: https://git.example.no/p/-/edit/main/{path}\n",
    );
    f.write("content/a.md", &page("Side", "", "Tekst."));
    f.run(&["check"]).assert_ok();
}

#[test]
fn contacts_may_lack_name_and_phone() {
    let f = Fixture::new();
    f.write(
        "content/plan.md",
        "---\ntitle: Plan\nkind: beredskapsplan\nupdated: 2024-03-08\nreview_by: 2030-01-01\nowner: ROR-IKT\nplan_id: P-1\nversion: 1\napproved_by: Rådet\napproved: 2024-01-01\nlevels: []\ncontacts:\n  - role: IKT-leder\n---\n\nTekst.\n",
    );
    f.run(&["check"]).assert_ok();
}
