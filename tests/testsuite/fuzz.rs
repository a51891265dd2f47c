//! Property tests over generated sites: random front matter (wrong types included), random
//! Markdown (nesting, shortcodes, fences, raw HTML, links), random data files and unicode file
//! names. Whatever the input, a build must not panic, and it either succeeds or fails with
//! diagnostics that each name a file. Bounded so the suite takes well under a minute in a
//! debug build; it runs with `cargo test` and so in CI.

use kompetanse::{BuildFailure, BuildOptions, Mode, build};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::Path;

/// Pieces of YAML values, right and wrong types alike.
const YAML_VALUES: &[&str] = &[
    "\"Tekst\"",
    "Bytte passord",
    "3.10",
    "2.0",
    "-1",
    "1e400",
    "0x1F",
    "true",
    "~",
    "",
    "[]",
    "[a, b]",
    "{a: 1}",
    "2024-03-08",
    "2024-13-45",
    "public",
    "internal",
    "\"=1+1\"",
    "'<script>alert(1)</script>'",
    "[\"/\"]",
    "!!binary aGVp",
    "&a [1]",
    "\"\\u0000\"",
    "|\n  blokk\n  tekst",
    "\n  - id: TK-1\n    title: T\n    trigger: x\n    responsible: y\n    steps: [z]\n  - id: TK-1\n    title: T\n    trigger: x\n    responsible: y\n    steps: [z]",
    "\n  - id: K-1\n    category: \"=A\"\n    level: skal\n    text: \"[x](javascript:alert(1))\"",
    "\n  - level: 1\n    name: N\n    criteria: c",
];

const KEYS: &[&str] = &[
    "title",
    "updated",
    "owner",
    "access",
    "kind",
    "description",
    "tags",
    "version",
    "document_id",
    "status",
    "valid_from",
    "requirements",
    "changelog",
    "plan_id",
    "approved_by",
    "approved",
    "levels",
    "action_cards",
    "review_by",
    "aliases",
    "weight",
    "draft",
    "term",
    "related",
    "tittel",
];

/// Pieces of Markdown and HTML, harmless and hostile.
const SNIPPETS: &[&str] = &[
    "Vanlig tekst med *utheving* og `kode`.",
    "## Overskrift {#id}",
    "## Overskrift {#id}",
    "## Før du starter",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "- [x] ferdig\n- [ ] ikke",
    "[lenke](annen.md#steg) og [borte](finnes-ikke.md)",
    "[ut](../../../../x.md) [rot](/) [abs](/sok/)",
    "![bilde](bilde.png) [fil](vedlegg.pdf)",
    "[js](javascript:alert(1)) <javascript:alert(1)>",
    "<details><summary>Mer</summary>\n\nInni.\n\n</details>",
    "<kbd>Ctrl</kbd> <span id=\"x\">a</span> <span id=\"x\">b</span>",
    "<script>alert(1)</script>",
    "<img src=x ONERROR =alert(1)>",
    "<a href=\"java&#x09;script:x\">a</a>",
    "<div",
    "</div></div></div>",
    "<!-- kommentar <script> -->",
    "{{ table(data=\"sla\") }}",
    "{{ chart(data=\"sla\", x=\"maned\", y=[\"ok\"], kind=\"line\") }}",
    "{{ chart(data=\"tom\", y=[]) }}",
    "{{ chart(data=\"sla\", y=[]) }}",
    "{{ chart(data=\"rar\", y=\"a\") }}",
    "{{ table(data=\"finnes-ikke\") }}",
    "{{ bilde() }} {{}} {{ table( }}",
    "{% uavklart(tittel=\"Usikkert\") %}\nTekst med [lenke](x.md).\n{% end %}",
    "{% uavklart() %}\n- liste\n\n  {% end %}",
    "{% end %} {% uavklart( %}",
    "{{ table(data=\"sla\", columns=[\"ok\", \"x\"]) }}",
    "````\n```\n{{ table(data=\"sla\") }}\n```\n````",
    "~~~\n{{ chart(data=\"tom\") }}\n~~~",
    "    {{ table(data=\"sla\") }}",
    "``{{ table(data=\"sla\") }} ` ``",
    "```rust\nfn main() { let a = \"<b>\"; }\n```",
    "```\nuavsluttet kode",
    "> sitat\n>\n> > nestet",
    "[^1]\n\n[^1]: Fotnote.",
    "MFA og DPIA og ABCDEF.",
    "\u{0}\u{feff}\u{202e}日本語 💥 æøå",
    "&#0; &#x110000; &amp &lt;",
];

#[derive(Debug, Clone)]
enum Block {
    Snippet(usize),
    Text(String),
    Lists(usize),
    Quotes(usize),
    Divs(usize),
    Fence(usize, char, String),
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        4 => (0..SNIPPETS.len()).prop_map(Block::Snippet),
        2 => proptest::collection::vec(any::<char>(), 0..40)
            .prop_map(|c| Block::Text(c.into_iter().collect())),
        1 => (1usize..160).prop_map(Block::Lists),
        1 => (1usize..300).prop_map(Block::Quotes),
        1 => (1usize..300).prop_map(Block::Divs),
        1 => (3usize..7, prop_oneof![Just('`'), Just('~')], (0..SNIPPETS.len()))
            .prop_map(|(n, c, s)| Block::Fence(n, c, SNIPPETS[s].to_string())),
    ]
}

fn render_block(block: &Block) -> String {
    match block {
        Block::Snippet(i) => SNIPPETS[*i].to_string(),
        Block::Text(t) => t.clone(),
        Block::Lists(n) => format!("{}x", "- ".repeat(*n)),
        Block::Quotes(n) => format!("{} x", ">".repeat(*n)),
        Block::Divs(n) => format!("{}x{}", "<div>".repeat(*n), "</div>".repeat(*n)),
        Block::Fence(n, c, inner) => {
            let fence: String = std::iter::repeat_n(*c, *n).collect();
            format!("{fence}\n{inner}\n{fence}")
        }
    }
}

#[derive(Debug, Clone)]
struct PageSpec {
    name: String,
    kind: usize,
    fields: Vec<(usize, usize)>,
    blocks: Vec<Block>,
}

fn file_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(vec![
            "side", "annen", "日本", "💥", "!!!", "a b", "æøå", "_index", "index", "x.y",
        ])
        .prop_map(str::to_string),
        1 => proptest::collection::vec(any::<char>(), 1..8).prop_map(|c| {
            c.into_iter()
                .filter(|c| !matches!(c, '/' | '\\' | '\0') && !c.is_control())
                .collect::<String>()
        }),
    ]
}

fn page_spec() -> impl Strategy<Value = PageSpec> {
    (
        file_name(),
        0..=crate::common::KINDS.len(),
        proptest::collection::vec((0..KEYS.len(), 0..YAML_VALUES.len()), 0..8),
        proptest::collection::vec(block(), 0..6),
    )
        .prop_map(|(name, kind, fields, blocks)| PageSpec {
            name,
            kind,
            fields,
            blocks,
        })
}

fn page_text(spec: &PageSpec) -> String {
    let mut yaml = format!(
        "title: Side\nupdated: 2024-03-08\nowner: ROR-IKT\naccess: public\nkind: {}\n",
        // One past the known kinds: a kind that does not exist.
        crate::common::KINDS.get(spec.kind).unwrap_or(&"ukjent")
    );
    // Later keys replace earlier ones, so generated fields override the valid defaults;
    // a repeated key is itself a YAML error the build must report.
    for &(key, value) in &spec.fields {
        yaml.push_str(&format!("{}: {}\n", KEYS[key], YAML_VALUES[value]));
    }
    let body: Vec<String> = spec.blocks.iter().map(render_block).collect();
    format!("---\n{yaml}---\n\n{}\n", body.join("\n\n"))
}

fn write_site(root: &Path, pages: &[PageSpec], data_value: usize) {
    for dir in ["content", "data"] {
        let _ = std::fs::remove_dir_all(root.join(dir));
    }
    std::fs::create_dir_all(root.join("content/sub")).unwrap();
    std::fs::create_dir_all(root.join("data")).unwrap();
    std::fs::write(
        root.join("content/_index.md"),
        "---\ntitle: Forside\naccess: public\n---\n\nVelkommen.\n",
    )
    .unwrap();
    std::fs::write(root.join("content/bilde.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(
        root.join("data/sla.yaml"),
        "columns:\n  - {key: maned, label: Måned}\n  - {key: ok, label: OK}\nrows:\n  - {maned: januar, ok: 1}\n  - {maned: februar, ok: ~}\n",
    )
    .unwrap();
    std::fs::write(root.join("data/tom.yaml"), "[]").unwrap();
    std::fs::write(
        root.join("data/rar.yaml"),
        format!("a: {}\n", YAML_VALUES[data_value]),
    )
    .unwrap();
    for (i, spec) in pages.iter().enumerate() {
        // Alternate folders so relative links and duplicate names both happen.
        let dir = if i % 2 == 0 { "content" } else { "content/sub" };
        let path = root.join(dir).join(format!("{}.md", spec.name));
        // A name the file system refuses is not what this test is about.
        let _ = std::fs::write(path, page_text(spec));
    }
}

/// `KOMPETANSE_FUZZ_CASES=500 cargo test --test testsuite fuzz::` runs longer; CI uses the default.
fn cases(default: u32) -> u32 {
    std::env::var("KOMPETANSE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A thread pool like the one `kompetanse::render::configure_threads` makes global, with the
/// build's deep stacks. The tests share one binary, and another test's build may have started
/// rayon's global pool with default stacks first; a pool of our own does not depend on order.
fn build_pool() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .stack_size(kompetanse::render::THREAD_STACK_BYTES)
        .build()
        .unwrap()
}

fn site() -> impl Strategy<Value = (Vec<PageSpec>, usize, bool)> {
    (
        proptest::collection::vec(page_spec(), 1..4),
        0..YAML_VALUES.len(),
        any::<bool>(),
    )
}

/// A folder with the default theme and a site.yaml for generated sites, and a runner for
/// `cases_by_default` of them (`KOMPETANSE_FUZZ_CASES` overrides) that shrinks a failure at
/// most `shrink` times.
fn site_runner(cases_by_default: u32, shrink: u32) -> (tempfile::TempDir, TestRunner) {
    let root = tempfile::tempdir().unwrap();
    crate::common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &root.path().join("themes/default"),
    );
    std::fs::write(
        root.path().join("site.yaml"),
        "title: Fuzz\nbase_url: https://fuzz.example/\nminify: true\n",
    )
    .unwrap();
    let runner = TestRunner::new(Config {
        cases: cases(cases_by_default),
        max_shrink_iters: shrink,
        failure_persistence: None,
        ..Config::default()
    });
    (root, runner)
}

#[test]
fn generated_sites_never_panic_and_every_diagnostic_names_a_file() {
    let (root, mut runner) = site_runner(12, 64);
    build_pool().install(|| {
        runner
            .run(&site(), |(pages, data_value, public)| {
                write_site(root.path(), &pages, data_value);
                let started = std::time::Instant::now();
                let mut options = BuildOptions::new(root.path());
                options.mode = Mode::Check;
                if public {
                    options.target = kompetanse::Target::Public;
                }
                match build(&options) {
                    Ok(summary) => {
                        if std::env::var_os("KOMPETANSE_FUZZ_VERBOSE").is_some() {
                            eprintln!("{:?}", summary.timings.stages);
                        }
                        for d in summary.diagnostics.iter() {
                            prop_assert!(d.file.is_some(), "warning without a file: {d:?}");
                        }
                    }
                    Err(BuildFailure::Content(diagnostics)) => {
                        prop_assert!(diagnostics.has_errors());
                        for d in diagnostics.iter() {
                            prop_assert!(d.file.is_some(), "diagnostic without a file: {d:?}");
                        }
                    }
                    Err(BuildFailure::Usage(d)) => {
                        prop_assert!(false, "usage failure for content: {d:?}");
                    }
                }
                if std::env::var_os("KOMPETANSE_FUZZ_VERBOSE").is_some() {
                    eprintln!("case: {:?}", started.elapsed());
                }
                Ok(())
            })
            .unwrap()
    });
}

/// The same, writing the output with the minifier on: what passes `check` must also build.
#[test]
fn generated_sites_build_and_minify_without_panic() {
    let (root, mut runner) = site_runner(4, 32);
    build_pool().install(|| {
        runner
            .run(&site(), |(pages, data_value, _)| {
                write_site(root.path(), &pages, data_value);
                let options = BuildOptions::new(root.path());
                match build(&options) {
                    Ok(_) => prop_assert!(root.path().join("public/index.html").is_file()),
                    Err(BuildFailure::Content(diagnostics)) => {
                        for d in diagnostics.iter() {
                            prop_assert!(d.file.is_some(), "diagnostic without a file: {d:?}");
                        }
                    }
                    Err(BuildFailure::Usage(d)) => {
                        prop_assert!(false, "usage failure for content: {d:?}");
                    }
                }
                Ok(())
            })
            .unwrap()
    });
}

/// Resolves nothing: every link is missing or external, as the renderer must cope with.
struct NoPages;

impl kompetanse::markdown::links::LinkResolver for NoPages {
    fn resolve_file(&self, _: &str) -> Option<kompetanse::markdown::links::LinkTarget> {
        None
    }
    fn resolve_site_path(&self, _: &str) -> Option<kompetanse::markdown::links::LinkTarget> {
        None
    }
    fn suggest(&self, _: &str) -> Option<String> {
        None
    }
}

fn markdown_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            3 => block().prop_map(|b| render_block(&b)),
            1 => proptest::sample::select(vec![
                "{{", "}}", "`", "```", "~~~", "<", ">", "&#", "\n", "    ", "- ", "> ",
                "](", "[", "=\"", "'", "<div ", "<a href=", "javascript:", "{#", "}",
                "{%", "%}", "{% end %}\n", "{% uavklart() %}\n",
            ])
            .prop_map(str::to_string),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

/// Thousands of Markdown bodies through the shortcode expander and the renderer directly:
/// cheap enough to explore far more inputs than whole builds can.
#[test]
fn markdown_rendering_never_panics() {
    use kompetanse::markdown::{self, html, shortcodes};
    let root = tempfile::tempdir().unwrap();
    let theme = kompetanse::theme::Theme::resolve(root.path(), "default").unwrap();
    let mut templates = kompetanse::templates::Templates::load(root.path(), &theme, &[])
        .unwrap_or_else(|_| panic!("the built-in templates load"));
    templates.provide_data(&std::collections::BTreeMap::new());
    let library = templates.shortcodes();
    let mut runner = TestRunner::new(Config {
        cases: cases(1000),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&markdown_text(), |text| {
            let expanded = shortcodes::expand(&text, Some(&library));
            let file_text: std::sync::Arc<str> = text.as_str().into();
            let input = markdown::Input {
                markdown: &expanded.markdown,
                first_line: 1,
                source_dir: "a/b",
                self_key: "a/b/c.md",
                page_url: "a/b/c/",
                display_path: Path::new("content/a/b/c.md"),
                file_text: &file_text,
                policy: html::Policy::default(),
                generated: &expanded.generated,
            };
            let rendered = markdown::render(&input, &NoPages, None);
            for d in &rendered.diagnostics {
                prop_assert!(d.file.is_some(), "{d:?}");
                prop_assert!(d.line >= 1, "{d:?}");
            }
            let _ = html::nesting_depth(&rendered.html);
            Ok(())
        })
        .unwrap();
}

/// The raw HTML tokenizer reads any text, including broken tags and split characters.
#[test]
fn html_tokenizer_reads_anything() {
    use kompetanse::markdown::html;
    let alphabet = proptest::sample::select(vec![
        "<",
        ">",
        "/",
        "=",
        "\"",
        "'",
        " ",
        "\n",
        "&",
        "#",
        ";",
        "x",
        "a",
        "on",
        "div",
        "script",
        "!--",
        "-->",
        "href",
        "javascript:",
        "æ",
        "💥",
        "&#58",
        "&colon",
    ]);
    let fragment = prop_oneof![
        any::<String>(),
        proptest::collection::vec(alphabet, 0..40).prop_map(|p| p.concat()),
    ];
    let mut runner = TestRunner::new(Config {
        cases: cases(3000),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&fragment, |text| {
            let policy = html::Policy::default();
            for tag in html::tags(&text) {
                prop_assert!(text[tag.offset..].starts_with('<'));
                let _ = html::attributes(tag.attrs);
                let _ = policy.check(&tag);
            }
            let _ = html::decode_entities(&text);
            let _ = html::is_script_url(&text);
            let _ = html::nesting_depth(&text);
            Ok(())
        })
        .unwrap();
}
