//! Scores every term of every page and lays the result out as script files.

use super::analyzer::with_analyzer;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Field boosts: a match in the title outranks one in the body.
const BOOST_TITLE: f32 = 10.0;
const BOOST_DESCRIPTION: f32 = 4.0;
const BOOST_HEADINGS: f32 = 3.0;
const BOOST_GLOSSARY: f32 = 2.0;
const BOOST_BODY: f32 = 1.0;
/// BM25 term-frequency saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Page texts per snippet file.
pub const DOC_CHUNK: usize = 50;
/// Characters of body text kept for snippets.
const SNIPPET_SOURCE_CHARS: usize = 900;

/// What the index knows of one page.
#[derive(Debug, Clone)]
pub struct SearchDocument {
    pub title: String,
    /// Site path (`tjenester/x/`); the browser makes it relative.
    pub url: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub section: String,
    pub description: String,
    pub headings: Vec<String>,
    pub body: String,
}

/// A glossary entry as search sees it: a page using any of these words is found by all.
#[derive(Debug, Clone)]
pub struct SynonymGroup {
    pub phrases: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexStats {
    pub documents: usize,
    pub terms: usize,
    pub postings: usize,
    pub shards: usize,
    pub doc_chunks: usize,
    pub bytes: usize,
    pub meta_bytes: usize,
    pub largest_shard_bytes: usize,
}

pub struct SearchIndex {
    /// (path in the output, file text)
    pub files: Vec<(String, String)>,
    pub stats: IndexStats,
}

/// Terms of each field of one page, with the page's glossary expansion.
struct Analyzed {
    fields: [(f32, Vec<String>); 5],
}

/// Glossary phrases as term sequences, keyed by their first term.
type PhraseTable = HashMap<String, Vec<(Vec<String>, usize)>>;

fn phrase_table(groups: &[SynonymGroup]) -> (PhraseTable, Vec<Vec<String>>) {
    let mut table: PhraseTable = HashMap::new();
    let mut group_terms = Vec::with_capacity(groups.len());
    for (g, group) in groups.iter().enumerate() {
        let mut all_terms = Vec::new();
        for phrase in &group.phrases {
            let terms = with_analyzer(|a| a.terms(phrase));
            if let Some(first) = terms.first() {
                table
                    .entry(first.clone())
                    .or_default()
                    .push((terms.clone(), g));
            }
            all_terms.extend(terms);
        }
        all_terms.sort();
        all_terms.dedup();
        group_terms.push(all_terms);
    }
    (table, group_terms)
}

fn analyze(doc: &SearchDocument, table: &PhraseTable, group_terms: &[Vec<String>]) -> Analyzed {
    with_analyzer(|a| {
        let title = a.terms(&doc.title);
        let description = a.terms(&doc.description);
        let headings = a.terms(&doc.headings.join(" "));
        let body = a.terms(&doc.body);
        let mut groups_found: Vec<usize> = Vec::new();
        for terms in [&title, &description, &body] {
            for (i, term) in terms.iter().enumerate() {
                let Some(candidates) = table.get(term) else {
                    continue;
                };
                for (phrase, group) in candidates {
                    if terms[i..].starts_with(phrase) && !groups_found.contains(group) {
                        groups_found.push(*group);
                    }
                }
            }
        }
        let glossary: Vec<String> = groups_found
            .iter()
            .flat_map(|&g| group_terms[g].iter().cloned())
            .collect();
        Analyzed {
            fields: [
                (BOOST_TITLE, title),
                (BOOST_DESCRIPTION, description),
                (BOOST_HEADINGS, headings),
                (BOOST_GLOSSARY, glossary),
                (BOOST_BODY, body),
            ],
        }
    })
}

/// Builds the index files for `docs`, with `groups` from the glossary.
pub fn build_index(
    docs: &[SearchDocument],
    groups: &[SynonymGroup],
    build_id: &str,
) -> SearchIndex {
    let (table, group_terms) = phrase_table(groups);
    let analyzed: Vec<Analyzed> = docs
        .par_iter()
        .map(|d| analyze(d, &table, &group_terms))
        .collect();

    let field_count = 5;
    let mut average_length = vec![0f32; field_count];
    for a in &analyzed {
        for (f, (_, terms)) in a.fields.iter().enumerate() {
            average_length[f] += terms.len() as f32;
        }
    }
    let n = docs.len().max(1) as f32;
    for avg in &mut average_length {
        *avg = (*avg / n).max(1.0);
    }

    // Per document: term → raw BM25-style weight summed over fields (before idf).
    let weights: Vec<Vec<(String, f32)>> = analyzed
        .par_iter()
        .map(|a| {
            let mut per_term: HashMap<&str, f32> = HashMap::new();
            for (f, (boost, terms)) in a.fields.iter().enumerate() {
                let mut tf: HashMap<&str, f32> = HashMap::new();
                for t in terms {
                    *tf.entry(t.as_str()).or_default() += 1.0;
                }
                let norm = K1 * (1.0 - B + B * terms.len() as f32 / average_length[f]);
                for (term, count) in tf {
                    *per_term.entry(term).or_default() +=
                        boost * count * (K1 + 1.0) / (count + norm);
                }
            }
            let mut list: Vec<(String, f32)> = per_term
                .into_iter()
                .map(|(t, w)| (t.to_string(), w))
                .collect();
            list.sort_by(|a, b| a.0.cmp(&b.0));
            list
        })
        .collect();

    let mut postings: BTreeMap<String, Vec<(u32, f32)>> = BTreeMap::new();
    for (doc, list) in weights.into_iter().enumerate() {
        for (term, weight) in list {
            postings.entry(term).or_default().push((doc as u32, weight));
        }
    }

    let mut shards: BTreeMap<String, Vec<(String, Vec<u32>)>> = BTreeMap::new();
    let mut stats = IndexStats {
        documents: docs.len(),
        terms: postings.len(),
        ..Default::default()
    };
    for (term, list) in postings {
        let df = list.len() as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        stats.postings += list.len();
        let mut flat = Vec::with_capacity(list.len() * 2);
        let mut previous = 0u32;
        for (doc, weight) in list {
            // Doc numbers are delta-encoded; scores kept as integers to keep the files small.
            flat.push(doc - previous);
            flat.push(((weight * idf * 100.0).round() as u32).max(1));
            previous = doc;
        }
        shards
            .entry(shard_key(&term))
            .or_default()
            .push((term, flat));
    }

    let mut files = Vec::new();
    let shard_names: Vec<String> = shards.keys().cloned().collect();
    for (key, terms) in &shards {
        let map: serde_json::Map<String, serde_json::Value> = terms
            .iter()
            .map(|(t, flat)| (t.clone(), serde_json::json!(flat)))
            .collect();
        let text = format!(
            "__kSearch.shard({},{});\n",
            serde_json::to_string(key).unwrap_or_default(),
            serde_json::Value::Object(map)
        );
        stats.largest_shard_bytes = stats.largest_shard_bytes.max(text.len());
        files.push((format!("search/t-{}.js", shard_file(key)), text));
    }
    stats.shards = shards.len();

    for (chunk_no, chunk) in docs.chunks(DOC_CHUNK).enumerate() {
        let texts: Vec<String> = chunk.iter().map(snippet_source).collect();
        files.push((
            format!("search/d-{chunk_no}.js"),
            format!(
                "__kSearch.docs({chunk_no},{});\n",
                serde_json::to_string(&texts).unwrap_or_default()
            ),
        ));
        stats.doc_chunks += 1;
    }

    let mut kinds: Vec<(&str, &str)> = Vec::new();
    let mut sections: Vec<&str> = Vec::new();
    let entries: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| {
            let kind = index_of(&mut kinds, (d.kind, d.kind_label));
            let section = index_of(&mut sections, d.section.as_str());
            serde_json::json!([d.title, d.url, kind, section])
        })
        .collect();
    let meta = serde_json::json!({
        "build": build_id,
        "chunk": DOC_CHUNK,
        "shards": shard_names,
        "kinds": kinds.iter().map(|(k, l)| serde_json::json!([k, l])).collect::<Vec<_>>(),
        "sections": sections,
        "docs": entries,
    });
    let meta_text = format!("__kSearch.meta({meta});\n");
    stats.meta_bytes = meta_text.len();
    files.push(("search/meta.js".to_string(), meta_text));
    stats.bytes = files.iter().map(|(_, t)| t.len()).sum();
    SearchIndex { files, stats }
}

fn index_of<T: PartialEq + Copy>(list: &mut Vec<T>, item: T) -> usize {
    match list.iter().position(|x| *x == item) {
        Some(i) => i,
        None => {
            list.push(item);
            list.len() - 1
        }
    }
}

/// The shard a term lives in: its first two characters. Shared with `search.js`.
pub fn shard_key(term: &str) -> String {
    term.chars().take(2).collect()
}

/// A file-name-safe spelling of a shard key: ASCII letters and digits as they are, anything
/// else as `_` and its hexadecimal code point. Mirrored in `search.js`.
pub fn shard_file(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c.to_string()
            } else {
                format!("_{:x}", c as u32)
            }
        })
        .collect()
}

/// The start of a page's text, whitespace collapsed, for snippets.
fn snippet_source(doc: &SearchDocument) -> String {
    let mut out = String::with_capacity(SNIPPET_SOURCE_CHARS + 8);
    let mut count = 0;
    for word in doc.body.split_whitespace() {
        if count + word.chars().count() > SNIPPET_SOURCE_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        count += word.chars().count() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, kind: &'static str, body: &str) -> SearchDocument {
        SearchDocument {
            title: title.into(),
            url: format!("{}/", crate::text::slugify(title)),
            kind,
            kind_label: kind,
            section: "Selvhjelp".into(),
            description: String::new(),
            headings: vec![],
            body: body.into(),
        }
    }

    fn postings(index: &SearchIndex, term: &str) -> Vec<u32> {
        let key = shard_file(&shard_key(term));
        let (_, text) = index
            .files
            .iter()
            .find(|(p, _)| *p == format!("search/t-{key}.js"))
            .unwrap();
        let json = text
            .trim_start_matches(|c| c != '{')
            .trim_end_matches([';', ')', '\n']);
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        value[term]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect()
    }

    #[test]
    fn title_match_scores_above_body_match() {
        let docs = [
            doc("Om nettverk", "artikkel", "Passord brukes overalt."),
            doc("Passord", "artikkel", "Slik bytter du."),
        ];
        let index = build_index(&docs, &[], "t");
        let flat = postings(&index, "passord");
        // [doc0 delta, score0, doc1 delta, score1]
        assert_eq!(flat.len(), 4);
        assert!(
            flat[3] > flat[1],
            "title hit {} must beat body hit {}",
            flat[3],
            flat[1]
        );
    }

    #[test]
    fn synonyms_from_the_glossary_find_pages() {
        let docs = [doc(
            "Innlogging",
            "artikkel",
            "Slå på tofaktorautentisering i dag.",
        )];
        let groups = [SynonymGroup {
            phrases: vec!["MFA".into(), "tofaktorautentisering".into()],
        }];
        let index = build_index(&docs, &groups, "t");
        assert_eq!(
            postings(&index, "mfa").len(),
            2,
            "the page is found by the abbreviation"
        );
    }

    #[test]
    fn files_are_scripts_with_meta_shards_and_doc_chunks() {
        let docs: Vec<SearchDocument> = (0..120)
            .map(|i| doc(&format!("Side {i}"), "artikkel", "Trådløst nett"))
            .collect();
        let index = build_index(&docs, &[], "b1");
        let names: Vec<&str> = index.files.iter().map(|(p, _)| p.as_str()).collect();
        assert!(names.contains(&"search/meta.js"));
        assert!(names.contains(&"search/t-tr.js"), "{names:?}");
        assert!(names.contains(&"search/d-2.js"), "120 docs in chunks of 50");
        assert_eq!(index.stats.documents, 120);
    }

    #[test]
    fn shard_file_names_are_safe() {
        assert_eq!(shard_file("pa"), "pa");
        assert_eq!(shard_file("ß1"), "_df1");
    }
}
