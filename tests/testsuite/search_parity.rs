//! The browser's search analyzer (`themes/default/static/js/analyzer.js`) must turn words into
//! exactly the terms the build indexes (`src/derive/search/analyzer.rs`), or a search finds
//! nothing. This runs the JavaScript under Node.js on every word of the content plus a list of
//! tricky forms and compares it with the Rust analyzer, word by word.
//!
//! Node.js is required: without it the test fails (it is never skipped).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use kompetanse::derive::search::analyzer::{Analyzer, words};
use kompetanse::text::fold;
use serde::Deserialize;

/// Inflected and otherwise tricky forms, so the comparison does not depend on what the
/// content happens to contain today.
const TRICKY_WORDS: &[&str] = &[
    // Definite, plural and genitive forms of the portal's vocabulary.
    "brannmur",
    "brannmuren",
    "brannmurer",
    "brannmurene",
    "brannmurens",
    "løsning",
    "løsningen",
    "løsninger",
    "løsningene",
    "tjeneste",
    "tjenesten",
    "tjenester",
    "tjenestene",
    "tjenestenes",
    "passord",
    "passordet",
    "passordene",
    "innlogging",
    "innloggingen",
    "innlogginger",
    "sikkerhetskopi",
    "sikkerhetskopien",
    "sikkerhetskopiene",
    "tofaktorautentisering",
    "tofaktorautentiseringen",
    "trådløs",
    "trådløse",
    "trådløst",
    "opplæring",
    "opplæringen",
    "eksamensmodus",
    "eksamensmodusen",
    "kommune",
    "kommunen",
    "kommunene",
    "kommunens",
    "kommunenes",
    "hendelse",
    "hendelsen",
    "hendelsene",
    "hendelsenes",
    "leverandør",
    "leverandøren",
    "leverandørenes",
    "leverandørs",
    "behandlingsprotokoll",
    "behandlingsprotokollen",
    "behandlingsprotokollene",
    "ansatt",
    "ansatte",
    "ansattes",
    "skoleelev",
    "skoleelevene",
    "leder",
    "ledere",
    "lederne",
    "ledernes",
    "virksomhet",
    "virksomheten",
    "virksomheter",
    "virksomhetene",
    "rettighet",
    "rettigheter",
    "rettighetene",
    "datamaskin",
    "datamaskinen",
    "datamaskiner",
    "utstyr",
    "utstyret",
    "kjøpe",
    "kjøpte",
    "kjøpt",
    "hjertelig",
    "ærlig",
    "ærlighet",
    "ærligheten",
    "økonomi",
    "økonomisk",
    "økonomiske",
    "årsrapport",
    "årsrapporten",
    "årsrapportene",
    // Suffix classes of the stemmer: -hetene/-hetens/-hetenes, -erte/-ert → -er, -ast,
    // the s rule (after an s-ending consonant, or after k that follows a non-vowel),
    // dt/vt, and the step-3 suffixes leg/eleg/ig/eig/lig/elig/els/lov/elov/slov/hetslov.
    "sikkerhetene",
    "sikkerhetens",
    "sikkerhetenes",
    "sikkerheter",
    "sikkerheten",
    "installerte",
    "installert",
    "konfigurerte",
    "konfigurert",
    "raskast",
    "bøkenes",
    "endes",
    "hendes",
    "sendes",
    "lagres",
    "huskes",
    "merks",
    "sjekks",
    "teks",
    "kaks",
    "bøks",
    "arbeids",
    "hus",
    "kurs",
    "kursets",
    "stats",
    "sms",
    "vanskelig",
    "vanskeligere",
    "godt",
    "hvitt",
    "kraftigt",
    "dårligvt",
    "fyldt",
    "skrevt",
    "ordentleg",
    "hyggeleg",
    "heilig",
    "tidlig",
    "sikkerhetslov",
    "arbeidsmiljølov",
    "personopplysningslov",
    "offentleglov",
    "forvaltningslov",
    "opplæringslova",
    "ulovlig",
    "fødsel",
    "spørsmåls",
    "egentlig",
    "egentlige",
    // Norwegian letters around the R1 boundary, short words, stop words, digits.
    "blåbær",
    "blåbærene",
    "øye",
    "øyene",
    "ære",
    "æres",
    "åpen",
    "åpne",
    "åpnes",
    "øst",
    "ås",
    "åsene",
    "bål",
    "båt",
    "båtene",
    "første",
    "førstes",
    "hjå",
    "også",
    "være",
    "vært",
    "både",
    "ikkje",
    "og",
    "i",
    "å",
    "a",
    "e",
    "s",
    "es",
    "ene",
    "het",
    "heten",
    "m365",
    "365",
    "2fa",
    "ipv6",
    "h264",
    "x1",
    // Accented and other non-ASCII letters: folded ones, and ones the fold keeps.
    "café",
    "caféen",
    "kafé",
    "idé",
    "ideen",
    "idéene",
    "müller",
    "señor",
    "façade",
    "straße",
    "œuvre",
    "ýmis",
    "þing",
    "ðeir",
    "łódź",
    "čeština",
    "ελληνικά",
    "οδος",
    "москва",
    "компьютер",
    "日本語",
    "हिन्दी",
    "ⓐⓑⓒ",
    "ⅻ",
    "½",
    "x²",
    "i\u{307}stanbul",
    "ǆungla",
    "ŋene",
    "æøå",
    "åæø",
    "æææ",
    "øøøs",
    "ååker",
    "åkers",
    "ærs",
    "bæs",
    "bøs",
    "yrs",
    // Nynorsk: whole forms, starts of longer words (compounds, inflections), forms that become
    // stop words, and bokmål words that merely begin like a nynorsk form.
    "gløymt",
    "gloymt",
    "gløymde",
    "tryggleiksnøkkel",
    "tryggleiken",
    "tryggleikshendingane",
    "skrivaren",
    "skrivarane",
    "verkar",
    "heimekontoret",
    "heimefrå",
    "tilsette",
    "tilsettingsprosessen",
    "nytilsette",
    "trådlaust",
    "straumbrot",
    "løysingane",
    "løysepengeviruset",
    "skulen",
    "skular",
    "berre",
    "korleis",
    "eg",
    "egen",
    "eget",
    "heimen",
    "skulder",
    "brukaren",
    "brukarnamnet",
    "namnet",
    "sjukehuset",
    "åtaket",
];

/// Texts whose splitting into words must agree between Rust and JavaScript.
const TRICKY_TEXTS: &[&str] = &[
    "T-014: «Politiker-PC», 3.1",
    "Microsoft M365 og Teams – innlogging_med_BankID (v2.0)",
    "Ⓐ hjelp: ⅫⅣ x² ½ हिन्दी",
    "ΟΔΟΣ ΟΔΟΣ. Σ",
    "İSTANBUL STRASSE Straße",
    "a\u{30a}pen vs åpen",
    "e-post@skolen.no https://example.org/sti?q=løsning#anker",
    "tab\there\nnew line\r\n\u{a0}nbsp\u{200b}zwsp",
    "ǅungla ǈubljana",
];

#[derive(Deserialize)]
struct JsResult {
    word: String,
    term: Option<String>,
    stem: String,
    stem_unfolded: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `node tests/js/analyzer-cli.js [args]` with `input` as JSON on stdin and parses the
/// JSON it prints. Fails with instructions when Node.js is missing.
fn run_node<T: serde::de::DeserializeOwned>(args: &[&str], input: &[String]) -> T {
    run_node_json(args, &input)
}

/// Like [`run_node`], with any JSON input.
fn run_node_json<T: serde::de::DeserializeOwned, I: serde::Serialize + ?Sized>(
    args: &[&str],
    input: &I,
) -> T {
    let cli = root().join("tests").join("js").join("analyzer-cli.js");
    // The nynorsk forms, as the build writes them into search/meta.js for the browser.
    let dialect = tempfile::NamedTempFile::new().expect("a temporary file");
    std::fs::write(
        dialect.path(),
        kompetanse::derive::search::dialect::dialect()
            .to_json()
            .to_string(),
    )
    .expect("writing the nynorsk forms");
    let mut child = match Command::new("node")
        .arg(&cli)
        .arg(format!("--dialect={}", dialect.path().display()))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(err) => panic!(
            "could not run `node` ({err}): the search parity test needs Node.js >= 20 on PATH. \
             Install Node.js (https://nodejs.org/, or `apt-get install nodejs`) and rerun."
        ),
    };
    let payload = serde_json::to_vec(input).expect("words serialise to JSON");
    let mut stdin = child.stdin.take().expect("node stdin is piped");
    let writer = std::thread::spawn(move || stdin.write_all(&payload));
    let output = child.wait_with_output().expect("node runs to completion");
    writer
        .join()
        .expect("stdin writer thread")
        .expect("writing words to node");
    assert!(
        output.status.success(),
        "node {} failed ({}):\n{}",
        cli.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "node printed no valid JSON ({err}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// The text of every file under `content/`.
fn content_texts() -> Vec<String> {
    let content = root().join("content");
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.expect("walking content/");
        if entry.file_type().is_file() {
            let path: &Path = entry.path();
            let bytes = std::fs::read(path).expect("reading a content file");
            texts.push(String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    assert!(!texts.is_empty(), "no files under {}", content.display());
    texts
}

#[test]
fn javascript_analyzer_gives_the_same_terms_as_rust() {
    let mut distinct: BTreeSet<String> = BTreeSet::new();
    for text in content_texts() {
        distinct.extend(words(&text));
    }
    distinct.extend(TRICKY_WORDS.iter().map(|w| w.to_string()));
    let dialect = kompetanse::derive::search::dialect::dialect();
    distinct.extend(dialect.forms().map(str::to_string));
    let all: Vec<String> = distinct.into_iter().collect();
    assert!(
        all.len() > 3000,
        "only {} distinct words to compare; the parity test would prove little",
        all.len()
    );

    let js: Vec<JsResult> = run_node(&[], &all);
    assert_eq!(
        js.len(),
        all.len(),
        "node answered for a different number of words"
    );

    let analyzer = Analyzer::new();
    let mut mismatches = Vec::new();
    for (word, js) in all.iter().zip(&js) {
        assert_eq!(&js.word, word, "node answered out of order");
        let term = analyzer.term(word);
        let stem = analyzer.stem(&fold(word));
        let stem_unfolded = analyzer.stem(word);
        if js.term != term || js.stem != stem || js.stem_unfolded != stem_unfolded {
            mismatches.push(format!(
                "{word:?}: term rust={term:?} js={:?}; stem(fold) rust={stem:?} js={:?}; \
                 stem rust={stem_unfolded:?} js={:?}",
                js.term, js.stem, js.stem_unfolded
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} words analysed differently in JavaScript and Rust (first 50):\n{}",
        mismatches.len(),
        all.len(),
        first_fifty(&mismatches)
    );
    eprintln!("search parity: {} words agree", all.len());
}

#[test]
fn javascript_splits_text_into_the_same_words_as_rust() {
    let mut texts = content_texts();
    texts.extend(TRICKY_TEXTS.iter().map(|t| t.to_string()));

    let js: Vec<Vec<String>> = run_node(&["--words"], &texts);
    assert_eq!(
        js.len(),
        texts.len(),
        "node answered for a different number of texts"
    );

    let mut mismatches = Vec::new();
    for (text, js) in texts.iter().zip(&js) {
        let rust: Vec<String> = words(text);
        if &rust != js {
            let first = rust
                .iter()
                .zip(js)
                .position(|(r, j)| r != j)
                .unwrap_or(rust.len().min(js.len()));
            let at = |v: &[String]| v.get(first).cloned().unwrap_or_default();
            mismatches.push(format!(
                "text starting {:?}: word {first} rust={:?} js={:?} ({} vs {} words)",
                text.chars().take(40).collect::<String>(),
                at(&rust),
                at(js),
                rust.len(),
                js.len()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} texts split differently (first 50):\n{}",
        mismatches.len(),
        first_fifty(&mismatches)
    );
}

#[derive(serde::Serialize)]
struct VocabInput {
    terms: Vec<String>,
    heads: Vec<String>,
    compounds: Vec<String>,
    typos: Vec<(String, usize)>,
    queries: Vec<String>,
}

#[derive(Deserialize)]
struct VocabOutput {
    compounds: Vec<Option<Vec<String>>>,
    typos: Vec<Vec<(String, usize)>>,
    queries: Vec<Option<Vec<String>>>,
}

/// Compounds and typos that do not depend on what the content holds today.
const TRICKY_QUERIES: &[&str] = &[
    "kontotilgang",
    "kontotilgangen",
    "skjermoppsett",
    "møteromsutstyr",
    "sikkerhetsnøkel",
    "sikkerhetsnokkel",
    "innlogingen",
    "utskirft",
    "pasord",
    "passrod",
    "nyansatt",
    "teamsmøte",
    "fellespostboks",
    "elevpassord",
    "byggautomasjon",
    "tilgangstyring",
    "sjekliste",
    "trådlsøt",
    "eksamensmdus",
    "brannmurr",
    "kundeportalen",
    "lsoepengevirus",
    "tofaktorautentsering",
    "abcdefghij",
    "aaaa",
    "øøøø",
    "pcbytte",
    "pcrullering",
    "elevpc",
    "politikerpc",
    "ipadoppsett",
    "pcsikkerhetsnøkkel",
    "tryggleiksnøkkel",
];

/// Decompounding and typo candidates in the browser must be those of the build, on the real
/// content's vocabulary: every content term is split and corrected (as a query would be), and
/// so are typo forms made from it (a letter dropped, doubled, swapped) and the list above.
#[test]
fn javascript_decompounds_and_corrects_typos_like_rust() {
    let built =
        kompetanse::derive::search::index::IndexState::new(content_documents(), &[], "parity");
    let vocab = built.vocabulary();
    let terms: Vec<String> = vocab.sorted_terms().iter().map(|s| s.to_string()).collect();
    let heads: Vec<String> = vocab.sorted_heads().iter().map(|s| s.to_string()).collect();
    assert!(terms.len() > 2000, "only {} terms", terms.len());

    let analyzer = Analyzer::new();
    let mut queries: BTreeSet<String> = terms.iter().cloned().collect();
    for (i, t) in terms.iter().enumerate().filter(|(i, _)| i % 7 == 0) {
        let chars: Vec<char> = t.chars().collect();
        if chars.len() < 4 {
            continue;
        }
        let k = i % (chars.len() - 1);
        let mut dropped = chars.clone();
        dropped.remove(k);
        let mut doubled = chars.clone();
        doubled.insert(k, chars[k]);
        let mut swapped = chars.clone();
        swapped.swap(k, k + 1);
        for v in [dropped, doubled, swapped] {
            queries.insert(v.into_iter().collect());
        }
    }
    for q in TRICKY_QUERIES {
        if let Some(t) = analyzer.term(q) {
            queries.insert(t);
        }
    }
    let compounds: Vec<String> = queries.iter().cloned().collect();
    let typos: Vec<(String, usize)> = compounds
        .iter()
        .enumerate()
        .filter(|(i, q)| i % 3 == 0 || !vocab.is_term(q))
        .map(|(_, q)| {
            let budget = kompetanse::derive::search::vocab::typo_budget(q.chars().count());
            (q.clone(), budget.max(1))
        })
        .collect();
    // Query words split with a two-letter first part too; a word far longer than any compound
    // is not split at all.
    let mut long_words: Vec<String> = vec!["pc".repeat(40), "passord".repeat(8)];
    long_words.push(format!("pc{}", "a".repeat(60)));
    let query_words: Vec<String> = compounds.iter().cloned().chain(long_words).collect();
    let input = VocabInput {
        terms,
        heads,
        compounds: compounds.clone(),
        typos: typos.clone(),
        queries: query_words.clone(),
    };
    let js: VocabOutput = run_node_json(&["--vocab"], &input);
    let mut mismatches = Vec::new();
    let mut split = 0;
    for (q, js) in compounds.iter().zip(&js.compounds) {
        let rust = vocab.decompound(q);
        split += usize::from(rust.is_some());
        if &rust != js {
            mismatches.push(format!("decompound {q:?}: rust={rust:?} js={js:?}"));
        }
    }
    let mut short_heads = 0;
    for (q, js) in query_words.iter().zip(&js.queries) {
        let rust = vocab.decompound_query(q);
        short_heads += usize::from(rust.is_some() && vocab.decompound(q).is_none());
        if &rust != js {
            mismatches.push(format!("decompound_query {q:?}: rust={rust:?} js={js:?}"));
        }
    }
    let mut corrected = 0;
    for ((q, max), js) in typos.iter().zip(&js.typos) {
        let rust = vocab.typo_candidates(q, *max);
        corrected += usize::from(!rust.is_empty());
        if &rust != js {
            mismatches.push(format!("typos {q:?} (max {max}): rust={rust:?} js={js:?}"));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} differences (first 50):\n{}",
        mismatches.len(),
        first_fifty(&mismatches)
    );
    assert!(
        split > 100,
        "only {split} compounds split: the test proves little"
    );
    assert!(corrected > 100, "only {corrected} typos corrected");
    assert!(
        short_heads > 3,
        "only {short_heads} query words split with a two-letter first part"
    );
    eprintln!(
        "search parity: {} decompoundings ({split} split) and {} typo lookups ({corrected} with candidates) agree",
        compounds.len(),
        typos.len()
    );
}

/// The real content as search documents: the body text of every Markdown file, its title
/// from the front matter.
fn content_documents() -> Vec<kompetanse::derive::search::SearchDocument> {
    content_texts()
        .into_iter()
        .map(|text| {
            let title = text
                .lines()
                .find_map(|l| l.strip_prefix("title:"))
                .unwrap_or("")
                .trim()
                .trim_matches('"')
                .to_string();
            kompetanse::derive::search::SearchDocument {
                title,
                id: None,
                url: String::new(),
                kind: "artikkel",
                kind_label: "artikkel",
                section: String::new(),
                description: String::new(),
                headings: Vec::new(),
                body: text,
                snippet: None,
                example: false,
            }
        })
        .collect()
}

/// The first 50 mismatches, one per line, for a failure message.
fn first_fifty(mismatches: &[String]) -> String {
    mismatches
        .iter()
        .take(50)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n")
}
