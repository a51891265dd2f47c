//! Property tests over generated sites: random front matter (wrong types included), random
//! Markdown (nesting, shortcodes, fences, raw HTML, links), random data files and unicode file
//! names. Whatever the input, a build must not panic, and it either succeeds or fails with
//! diagnostics that each name a file; and whatever passes the checks carries no script: no
//! event handler and no script URL anywhere in the HTML, read with the same tokenizer a browser
//! would use. Bounded in cases and in time (see [`Budget`]) so the suite takes well under a
//! minute in a debug build; it runs with `cargo test` and so in CI.

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
    "\"a\\0b\"",
    "a\u{0}b",
    "x\u{fffe}y",
    "\"\\e[31mrød\"",
    "\n  - title: ~",
    "\n  - title: Kilde\n    url: \"javascript:alert(7)\"",
    "\n  - title: Kilde\n    url: \" &#x6A;avascript:x\"",
    "\n  - title: Kilde\n    url: https://x.no/",
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
    "sources",
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
    "<a href=\"&#x000000000000006A;avascript:alert(7)\">x</a>",
    "<!--><img src=x onerror=alert(7)>-->",
    "<!---><b onclick=x>-->",
    "<a =\"x><img src=x onerror=y>\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(7)>\"></noscript>",
    "<iframe src=\"data:image/svg+xml,<svg onload=alert(7)>\"></iframe>",
    "<a href=\"annen.md\">rå lenke</a> <img src=\"bilde.png\" alt=\"b\">",
    "<div title=\"",
    "\">[x](https://x.no/\" onclick=\"y)",
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

/// How much a property may spend: at most `cases` inputs (`KOMPETANSE_FUZZ_CASES` overrides)
/// and at most `seconds` of wall time (`KOMPETANSE_FUZZ_SECONDS` overrides), so a slow CI
/// machine runs fewer cases instead of timing out. Inputs past the deadline are not tried;
/// [`Budget::finish`] fails the test if fewer than a tenth of the cases (at least one) ran.
struct Budget {
    cases: u32,
    deadline: std::time::Instant,
    tried: std::sync::atomic::AtomicU32,
}

impl Budget {
    fn new(cases_by_default: u32, seconds: u64) -> Budget {
        let seconds = std::env::var("KOMPETANSE_FUZZ_SECONDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(seconds);
        Budget {
            cases: cases(cases_by_default),
            deadline: std::time::Instant::now() + std::time::Duration::from_secs(seconds),
            tried: std::sync::atomic::AtomicU32::new(0),
        }
    }

    fn config(&self, shrink: u32) -> Config {
        Config {
            cases: self.cases,
            max_shrink_iters: shrink,
            failure_persistence: None,
            ..Config::default()
        }
    }

    /// Whether there is time for one more input; counts it if so.
    fn admit(&self) -> bool {
        if std::time::Instant::now() > self.deadline {
            return false;
        }
        self.tried
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        true
    }

    fn finish(&self) {
        let tried = self.tried.load(std::sync::atomic::Ordering::Relaxed);
        assert!(
            tried >= (self.cases / 10).max(1),
            "only {tried} of {} cases ran before the deadline",
            self.cases
        );
    }
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
/// the budget's cases that shrinks a failure at most `shrink` times.
fn site_runner(budget: &Budget, shrink: u32) -> (tempfile::TempDir, TestRunner) {
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
    (root, TestRunner::new(budget.config(shrink)))
}

/// What in a piece of HTML a browser would run: event-handler attributes and script URLs,
/// read with the tokenizer that follows the HTML standard.
fn scripts_in(html: &str) -> Vec<String> {
    use kompetanse::diagnostics::Code;
    use kompetanse::markdown::html;
    let mut found = Vec::new();
    for tag in html::tags(html) {
        if tag.closing {
            continue;
        }
        let element = tag.name.to_ascii_lowercase();
        for a in &tag.attributes {
            let script_url = html::url_use(&element, &a.name).is_some_and(|used| {
                kompetanse::url_policy::check(&a.value, used)
                    .is_err_and(|r| r.code == Code::HtmlScriptUrl)
            });
            if a.name.starts_with("on") || a.name == "srcdoc" || script_url {
                found.push(format!("<{element} {}=\"{}\">", a.name, a.value));
            }
        }
    }
    found
}

#[test]
fn generated_sites_never_panic_and_every_diagnostic_names_a_file() {
    let budget = Budget::new(12, 60);
    let (root, mut runner) = site_runner(&budget, 64);
    build_pool().install(|| {
        runner
            .run(&site(), |(pages, data_value, public)| {
                if !budget.admit() {
                    return Ok(());
                }
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
                            prop_assert!(
                                !d.message.contains(" expected ")
                                    && !d.message.contains("control characters"),
                                "English message: {d:?}"
                            );
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
    budget.finish();
}

/// The same, writing the output with the minifier on: what passes `check` must also build,
/// and no page it writes carries script the theme did not put there.
#[test]
fn generated_sites_build_and_minify_without_panic_or_script() {
    let budget = Budget::new(4, 60);
    let (root, mut runner) = site_runner(&budget, 32);
    build_pool().install(|| {
        runner
            .run(&site(), |(pages, data_value, public)| {
                if !budget.admit() {
                    return Ok(());
                }
                write_site(root.path(), &pages, data_value);
                let mut options = BuildOptions::new(root.path());
                if public {
                    options.target = kompetanse::Target::Public;
                }
                match build(&options) {
                    Ok(_) => {
                        prop_assert!(root.path().join("public/index.html").is_file());
                        for entry in walkdir::WalkDir::new(root.path().join("public")) {
                            let entry = entry.unwrap();
                            if entry.path().extension().is_some_and(|e| e == "html") {
                                let html = std::fs::read_to_string(entry.path()).unwrap();
                                let found = scripts_in(&html);
                                prop_assert!(
                                    found.is_empty(),
                                    "{}: {found:?}",
                                    entry.path().display()
                                );
                            }
                        }
                    }
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
    budget.finish();
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
            2 => proptest::sample::select(vec![
                "{{", "}}", "`", "```", "~~~", "<", ">", "&#", "\n", "    ", "- ", "> ",
                "](", "[", "=\"", "'", "<div ", "<a href=", "javascript:", "{#", "}",
                "<!--", "-->", "--!>", "<!-->", "<svg>", "<style>", "</style>", "<noscript>",
                "</noscript>", "<iframe src=", "\"", " onerror=alert(1) ", "&#x6A;", "&#0000106",
                "data:image/svg+xml,", "<img src=x ", "\n\n", "<details>", "</details>",
                "{%", "%}", "{% end %}\n", "{% uavklart() %}\n",
            ])
            .prop_map(str::to_string),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

/// Elements a site might add to `raw_html.allow`; allowing them must not let script through.
const RISKY_ALLOW: &[&str] = &[
    "iframe", "object", "embed", "noscript", "svg", "math", "style", "xmp", "textarea", "title",
    "form", "input", "button", "animate", "set", "use", "meta",
];

/// Thousands of Markdown bodies through the shortcode expander and the renderer directly:
/// cheap enough to explore far more inputs than whole builds can. What renders without an
/// error must hold no script, also with risky elements allowed.
#[test]
fn markdown_rendering_never_panics_nor_lets_script_through() {
    use kompetanse::markdown::{self, html, shortcodes};
    let root = tempfile::tempdir().unwrap();
    let theme = kompetanse::theme::Theme::resolve(root.path(), "default").unwrap();
    let mut templates = kompetanse::templates::Templates::load(root.path(), &theme, &[])
        .unwrap_or_else(|_| panic!("the built-in templates load"));
    templates.provide_data(&std::collections::BTreeMap::new());
    let library = templates.shortcodes();
    let budget = Budget::new(1500, 60);
    let risky: Vec<String> = RISKY_ALLOW.iter().map(|s| s.to_string()).collect();
    let mut runner = TestRunner::new(budget.config(1024));
    runner
        .run(&(markdown_text(), any::<bool>()), |(text, allow)| {
            if !budget.admit() {
                return Ok(());
            }
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
                policy: html::Policy {
                    extra: if allow { &risky } else { &[] },
                },
                generated: &expanded.generated,
            };
            let rendered = markdown::render(&input, &NoPages, None);
            for d in &rendered.diagnostics {
                prop_assert!(d.file.is_some(), "{d:?}");
                prop_assert!(d.line >= 1, "{d:?}");
            }
            let _ = html::nesting_depth(&rendered.html);
            let accepted =
                !rendered.diagnostics.iter().any(|d| d.is_error()) && expanded.errors.is_empty();
            if accepted {
                let found = scripts_in(&rendered.html);
                prop_assert!(found.is_empty(), "{found:?} in\n{}", rendered.html);
            }
            Ok(())
        })
        .unwrap();
    budget.finish();
}

/// The raw HTML tokenizer reads any text, including broken tags and split characters.
#[test]
fn html_tokenizer_reads_anything() {
    use kompetanse::markdown::html;
    use kompetanse::url_policy::{self, Use};
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
        "--!>",
        "<!-->",
        "&#x0000000006A",
        "noscript",
        "svg",
        "style",
        "\0",
        "\u{fffe}",
    ]);
    let fragment = prop_oneof![
        any::<String>(),
        proptest::collection::vec(alphabet, 0..40).prop_map(|p| p.concat()),
    ];
    let budget = Budget::new(3000, 30);
    let mut runner = TestRunner::new(budget.config(1024));
    runner
        .run(&fragment, |text| {
            if !budget.admit() {
                return Ok(());
            }
            let policy = html::Policy::default();
            let tokens = html::tokenize(&text, html::Context::default());
            prop_assert!(tokens.ending_at <= text.len());
            for tag in &tokens.tags {
                prop_assert!(text[tag.offset..].starts_with('<'));
                for a in &tag.attributes {
                    if let Some(span) = &a.span {
                        prop_assert!(text.get(span.clone()).is_some());
                    }
                }
                let _ = html::attributes(tag.attrs);
                let _ = policy.check(tag);
            }
            let _ = url_policy::check(&text, Use::Link);
            let _ = url_policy::check(&text, Use::Media);
            let _ = html::nesting_depth(&text);
            Ok(())
        })
        .unwrap();
    budget.finish();
}
