//! Shortcodes as template files: a site's own `templates/shortcodes/NAME.html`, a theme's on
//! disk and the built-in ones (`table`, `chart`, the block `uavklart`), and the errors a page
//! gets for an unknown shortcode, a block without `{% end %}` or a bad argument, each with file
//! and line. The fixture site is tests/testsuite/sites/shortcodes.

use crate::common;
use common::{Fixture, page};

#[test]
fn a_site_adds_its_own_shortcodes_and_blocks_keep_their_markdown() {
    let f = Fixture::site("shortcodes");
    f.build().assert_ok();
    let html = f.read_output("kortkoder/index.html");
    // The site's own inline shortcode, with its arguments, `nth` and escaping.
    assert!(html.contains("<figure class=\"video\" id=\"video-1\"> <a href=\"https://video.example/1\">Slik gjør du &lt;det&gt;</a> <figcaption>3 minutter</figcaption> </figure>"), "{html}");
    assert!(html.contains("id=\"video-2\""), "{html}");
    assert!(!html.contains("false minutter"), "{html}");
    // The theme's shortcode on disk, as a block whose body is Markdown of the page: the
    // heading gets an id, the link is resolved like any other.
    assert!(
        html.contains("<section class=\"boks\" aria-label=\"Tips\">"),
        "{html}"
    );
    assert!(html.contains("id=\"overskrift-i-boksen\""), "{html}");
    assert!(html.contains("href=\"../annen/"), "{html}");
    assert!(html.contains("<strong>uthevet</strong>"), "{html}");
    // The built-in block and its default title, which names no organisation.
    assert!(html.contains("<aside class=\"notice notice-example\" role=\"note\"><p class=\"notice-title\"><span class=\"notice-icon\" aria-hidden=\"true\">!</span> Forslag, ikke vedtatt</p>"), "{html}");
    assert!(
        html.contains(
            "</span> Ikke bekreftet</p>\n<p>Fremgangsmåten er ikke bekreftet.</p>\n</aside>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<td class=\"num\">1\u{a0}332,5</td>"),
        "{html}"
    );
    assert!(
        html.contains("<code>{{ video(url=\"x\") }}</code>"),
        "{html}"
    );
    assert!(
        !html.contains("<!--kortkode-->"),
        "no marker is left: {html}"
    );
}

#[test]
fn a_sites_template_replaces_the_themes_shortcode() {
    let f = Fixture::site("shortcodes");
    f.write(
        "templates/shortcodes/uavklart.html",
        "<div class=\"egen-merknad\">{{ tittel | default(value=\"Usikkert\") }}{{ body }}</div>",
    );
    f.build().assert_ok();
    let html = f.read_output("kortkoder/index.html");
    assert!(
        html.contains(
            "<div class=\"egen-merknad\">Usikkert\n<p>Fremgangsmåten er ikke bekreftet.</p>\n</div>"
        ),
        "{html}"
    );
    assert!(!html.contains("notice-example"), "{html}");
}

#[test]
fn shortcode_errors_name_file_line_and_what_to_do() {
    // (case, page body, line in the file, what stderr must say). The body starts on line 8.
    let cases: &[(&str, &str, usize, &[&str])] = &[
        (
            "ukjent",
            "Tekst.\n\n{{ vidoe(url=\"x\") }}\n",
            10,
            &[
                "ukjent kortkode «vidoe»",
                "mente du «video»?",
                "chart, table, uavklart, video",
            ],
        ),
        (
            "ukjent-blokk",
            "{% notat() %}\nTekst.\n{% end %}\n",
            8,
            &[
                "ukjent kortkode «notat»",
                "boks, chart, table, uavklart, video",
            ],
        ),
        (
            "mangler-end",
            "Tekst.\n\n{% uavklart() %}\nUsikkert.\n",
            10,
            &["blokk-kortkoden uavklart mangler {% end %}", "egen linje"],
        ),
        (
            "end-uten-blokk",
            "Tekst.\n{% end %}\n",
            9,
            &["{% end %} uten en blokk-kortkode"],
        ),
        (
            "manglende-argument",
            "{{ video(tittel=\"x\") }}\n",
            8,
            &[
                "kortkoden video mangler argumentet url",
                "templates/shortcodes/video.html",
            ],
        ),
        (
            "feil-type",
            "{{ table(data=[1, 2]) }}\n",
            8,
            &[
                "data_table() fikk argumenter den ikke kan bruke",
                "riktig type",
            ],
        ),
        (
            "ukjent-datafil",
            "Tall.\n\n{{ table(data=\"sal\") }}\n",
            10,
            &["fant ingen datafil «sal»", "mente du «sla»?"],
        ),
        (
            "skript-adresse",
            "{{ video(url=\"javascript:alert(1)\", tittel=\"x\") }}\n",
            8,
            &[
                "kortkoden video lager en adresse som kjører kode",
                "https-adresse",
            ],
        ),
        (
            "lenke-i-blokk",
            "{% uavklart() %}\nTekst.\n\nSe [siden](finnes-ikke.md).\n{% end %}\n",
            11,
            &["finnes-ikke.md"],
        ),
        (
            "linjer-etter-kortkode",
            "{{ video(url=\"x\", tittel=\"y\", varighet=1) }}\n\n[brutt](borte.md)\n",
            10,
            &["borte.md"],
        ),
    ];
    for (case, body, line, needles) in cases {
        let f = Fixture::site("shortcodes");
        f.write("content/feil.md", &page("Feil", "", body));
        let location = format!("content/feil.md:{line}:");
        let mut all = vec![location.as_str()];
        all.extend_from_slice(needles);
        let run = f.build();
        run.assert_case(case, 1, &all);
        assert!(!run.stderr.contains("panicked"), "{case}: {}", run.stderr);
        assert!(
            !f.output_exists("index.html"),
            "{case}: a failed build writes nothing"
        );
    }
}
