//! How a page's text becomes weighted terms: its words per field, the site's synonyms and
//! compounds (the [`Lexicon`]), and BM25-style weights before idf.

use super::{SearchDocument, SynonymGroup};
use crate::derive::search::analyzer::{for_each_word, with_analyzer};
use crate::derive::search::vocab::Vocabulary;
use rayon::prelude::*;
// The analysis hashes every term of every page several times; SipHash was a tenth of the
// build's CPU time (perf). The keys are the site's own words, not an attacker's.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Field boosts: a match in the title outranks one in the headings, the summary, the text.
const BOOST_TITLE: f32 = 10.0;
const BOOST_HEADINGS: f32 = 5.0;
const BOOST_DESCRIPTION: f32 = 4.0;
const BOOST_BODY: f32 = 1.0;
/// A glossary or editor synonym of a word counts this much of the word itself.
const SYNONYM_SHARE: f32 = 0.7;
/// A part of a compound the page uses (`tilgang` in `kontotilgang`) counts this much.
const PART_SHARE: f32 = 0.5;
/// A compound whose parts the page uses apart (`kontotilgang` for «tilgang til kontoen»).
const BOOST_ASSEMBLED: f32 = 2.0;
/// Terms shorter than this are not split into compound parts at index time.
const MIN_COMPOUND: usize = 6;
/// Lists of terms per page: for each of title, description, headings and body its terms,
/// their synonyms and their compound parts; then compounds assembled from parts.
pub(super) const FIELDS: usize = 13;
/// BM25 term-frequency saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// The lists of one page ([`FIELDS`]) as numbers into `slots`, its terms: the page's own
/// distinct terms first (borrowed from its [`Words`]), then those the [`Lexicon`] adds. Made
/// once to count field lengths and once to weigh, never held for every page at once.
pub(super) struct Analyzed<'a> {
    slots: Vec<&'a str>,
    fields: Vec<(f32, Vec<u32>)>,
}

/// A page's own terms per field, and its folded words (for the vocabulary). Packed: a
/// 10,000-page site has millions of terms, and a `String` per term made the index the
/// build's largest use of memory. The fields hold numbers into the page's distinct terms, so
/// that the analysis looks up and counts each distinct term once, not each use of it (perf).
pub(super) struct Words {
    /// The page's distinct terms, one after the other, in order of first use.
    terms: String,
    /// Where each distinct term ends in `terms`.
    ends: Vec<u32>,
    /// Every term of every field, as its number among the distinct terms.
    uses: Vec<u32>,
    /// Where each field's terms end in `uses`.
    field_ends: [usize; 4],
    /// The folded forms of the page's distinct words, each followed by `\n`.
    folded: String,
}

impl Words {
    /// The page's distinct terms, by number.
    fn distinct(&self) -> Vec<&str> {
        let mut start = 0;
        self.ends
            .iter()
            .map(|&end| {
                let term = &self.terms[start..end as usize];
                start = end as usize;
                term
            })
            .collect()
    }

    /// The terms of field `f`, as numbers into [`Words::distinct`].
    fn field(&self, f: usize) -> &[u32] {
        let first = if f == 0 { 0 } else { self.field_ends[f - 1] };
        &self.uses[first..self.field_ends[f]]
    }

    fn folded(&self) -> impl Iterator<Item = &str> {
        self.folded.lines()
    }
}

/// Glossary phrases as term sequences, keyed by their first term.
type PhraseTable = HashMap<String, Vec<(Vec<String>, usize)>>;

fn phrase_table(groups: &[SynonymGroup]) -> (PhraseTable, Vec<Vec<String>>) {
    let mut table: PhraseTable = HashMap::default();
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

pub(super) fn words_of(doc: &SearchDocument) -> Words {
    with_analyzer(|a| {
        let mut terms = String::new();
        let mut ends = Vec::new();
        let mut uses = Vec::new();
        let mut field_ends = [0; 4];
        // Words and terms by their numbers on this thread: a set of the page's words, a fold
        // per word and page, and a string hashed per term were most of this step (perf).
        let mut distinct_words: HashSet<u32> = HashSet::default();
        let mut number: HashMap<u32, u32> = HashMap::default();
        let headings = doc.headings.join(" ");
        let texts = [
            doc.title.as_str(),
            doc.description.as_str(),
            headings.as_str(),
            doc.body.as_str(),
        ];
        for (f, text) in texts.into_iter().enumerate() {
            for_each_word(text, |w| {
                a.with_word(w, |id, known| {
                    if let Some(t) = &known.term {
                        let n = *number.entry(known.term_id).or_insert_with(|| {
                            terms.push_str(t);
                            ends.push(terms.len() as u32);
                            ends.len() as u32 - 1
                        });
                        uses.push(n);
                        distinct_words.insert(id);
                    }
                })
            });
            field_ends[f] = uses.len();
        }
        // In no order and possibly repeated (two words may fold alike): the vocabulary
        // gathers them in a set.
        let folded = a.with_known(|known| {
            distinct_words.iter().fold(String::new(), |mut all, &id| {
                all.push_str(&known[id as usize].folded);
                all.push('\n');
                all
            })
        });
        Words {
            terms,
            ends,
            uses,
            field_ends,
            folded,
        }
    })
}

/// What the index knows of the whole site's words: synonyms, compounds and their parts.
pub(super) struct Lexicon {
    group_terms: Vec<Vec<String>>,
    pub(super) vocab: Vocabulary,
    /// What is known of each term that starts a phrase, splits, or starts a compound.
    entries: HashMap<String, TermInfo>,
}

/// What the lexicon knows of one term, so that a page's term is looked up once (three maps
/// looked up per term of every page were most of the analysis' time, perf).
#[derive(Default)]
struct TermInfo {
    /// Glossary phrases starting with the term, with their group.
    phrases: Vec<(Vec<String>, usize)>,
    /// The term's compound parts; empty if it does not split.
    parts: Vec<String>,
    /// The compounds whose first part the term is, sorted: found on pages that use their
    /// parts apart.
    compounds: Vec<String>,
}

impl Lexicon {
    pub(super) fn new(groups: &[SynonymGroup], words: &[Words]) -> Lexicon {
        let (table, group_terms) = phrase_table(groups);
        // Borrowed while gathering: a `String` per term of every page was millions of
        // allocations for a few hundred thousand distinct terms.
        let mut terms: HashSet<&str> = HashSet::default();
        let mut folded: HashSet<&str> = HashSet::default();
        for w in words {
            terms.extend(w.distinct());
            folded.extend(w.folded());
        }
        terms.extend(group_terms.iter().flatten().map(String::as_str));
        let vocab = Vocabulary::new(
            terms.into_iter().map(str::to_string),
            folded.into_iter().map(str::to_string),
        );
        let splits: Vec<(String, Vec<String>)> = vocab
            .sorted_terms()
            .par_iter()
            .filter(|t| t.chars().count() >= MIN_COMPOUND)
            .filter_map(|t| vocab.decompound(t).map(|parts| (t.to_string(), parts)))
            .collect();
        let mut entries: HashMap<String, TermInfo> = HashMap::default();
        for (first, phrases) in table {
            entries.entry(first).or_default().phrases = phrases;
        }
        for (compound, parts) in splits {
            entries
                .entry(parts[0].clone())
                .or_default()
                .compounds
                .push(compound.clone());
            entries.entry(compound).or_default().parts = parts;
        }
        for info in entries.values_mut() {
            info.compounds.sort();
        }
        Lexicon {
            group_terms,
            vocab,
            entries,
        }
    }

    pub(super) fn analyze<'a>(&'a self, w: &'a Words) -> Analyzed<'a> {
        let boosts = [BOOST_TITLE, BOOST_DESCRIPTION, BOOST_HEADINGS, BOOST_BODY];
        let own = w.distinct();
        let mut slots = Slots {
            number: own
                .iter()
                .enumerate()
                .map(|(n, &term)| (term, n as u32))
                .collect(),
            slots: own.clone(),
        };
        // What the lexicon knows of each distinct term: one lookup per term, not per use.
        let infos: Vec<Option<&TermInfo>> = own.iter().map(|t| self.entries.get(*t)).collect();
        let is_own = |term: &str, slots: &Slots<'_>| {
            slots
                .number
                .get(term)
                .is_some_and(|&n| (n as usize) < own.len())
        };
        let mut fields = Vec::with_capacity(FIELDS);
        for (f, boost) in boosts.into_iter().enumerate() {
            let terms = w.field(f);
            let mut groups_found: Vec<usize> = Vec::new();
            let mut parts: Vec<u32> = Vec::new();
            for (i, &n) in terms.iter().enumerate() {
                let Some(info) = infos[n as usize] else {
                    continue;
                };
                for (phrase, group) in &info.phrases {
                    let here = &terms[i..];
                    let starts_here = here.len() >= phrase.len()
                        && phrase.iter().zip(here).all(|(p, &t)| p == own[t as usize]);
                    if starts_here && !groups_found.contains(group) {
                        groups_found.push(*group);
                    }
                }
                parts.extend(info.parts.iter().map(|p| slots.of(p)));
            }
            let synonyms: Vec<u32> = groups_found
                .iter()
                .flat_map(|&g| &self.group_terms[g])
                .map(|t| slots.of(t))
                .collect();
            fields.push((boost, terms.to_vec()));
            fields.push((boost * SYNONYM_SHARE, synonyms));
            fields.push((boost * PART_SHARE, parts));
        }
        // The order of `assembled` does not matter: weights count terms.
        let mut assembled: Vec<u32> = Vec::new();
        for info in infos.iter().flatten() {
            for compound in &info.compounds {
                if is_own(compound, &slots) {
                    continue;
                }
                let parts = self.entries.get(compound).map_or(&[][..], |c| &c.parts[..]);
                if parts.iter().all(|p| is_own(p, &slots)) {
                    assembled.push(slots.of(compound));
                }
            }
        }
        fields.push((BOOST_ASSEMBLED, assembled));
        Analyzed {
            slots: slots.slots,
            fields,
        }
    }
}

/// The terms one page's lists name, each with its number.
struct Slots<'a> {
    number: HashMap<&'a str, u32>,
    slots: Vec<&'a str>,
}

impl<'a> Slots<'a> {
    fn of(&mut self, term: &'a str) -> u32 {
        *self.number.entry(term).or_insert_with(|| {
            self.slots.push(term);
            self.slots.len() as u32 - 1
        })
    }
}

impl Analyzed<'_> {
    /// How many terms each list has, as the field averages need them.
    pub(super) fn lengths(&self) -> Vec<f32> {
        self.fields
            .iter()
            .map(|(_, terms)| terms.len() as f32)
            .collect()
    }
}

/// Per document: term → raw BM25-style weight summed over fields (before idf), in no
/// particular order. The terms are borrowed from the page's [`Words`] and the [`Lexicon`]: a
/// `String` per term of every page was millions of allocations on a large site.
pub(super) fn weigh<'a>(analyzed: &Analyzed<'a>, average_length: &[f32]) -> Vec<(&'a str, f32)> {
    // Each term's count in every list, by its number: nothing hashed.
    let mut counts = vec![[0f32; FIELDS]; analyzed.slots.len()];
    for (f, (_, terms)) in analyzed.fields.iter().enumerate() {
        for &t in terms {
            counts[t as usize][f] += 1.0;
        }
    }
    let norms: Vec<f32> = analyzed
        .fields
        .iter()
        .zip(average_length)
        .map(|((_, terms), avg)| K1 * (1.0 - B + B * terms.len() as f32 / avg))
        .collect();
    analyzed
        .slots
        .iter()
        .zip(counts)
        .map(|(&term, per_field)| {
            // Summed in field order: the same float sum whatever the order of the terms.
            let mut weight = 0.0f32;
            for ((count, norm), (boost, _)) in per_field.iter().zip(&norms).zip(&analyzed.fields) {
                if *count > 0.0 {
                    weight += boost * count * (K1 + 1.0) / (count + norm);
                }
            }
            (term, weight)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terms_weight_sums_its_lists_in_their_order() {
        let (nett, kabel) = (0, 1);
        let mut fields: Vec<(f32, Vec<u32>)> = vec![(0.0, Vec::new()); FIELDS];
        fields[0] = (BOOST_TITLE, vec![nett, nett]);
        fields[9] = (BOOST_BODY, vec![nett, kabel, nett, nett]);
        fields[11] = (BOOST_BODY * PART_SHARE, vec![kabel]);
        let slots = vec!["nett", "kabel"];
        let average = vec![2.0; FIELDS];
        let mut weights = weigh(&Analyzed { slots, fields }, &average);
        weights.sort_by(|a, b| a.0.cmp(b.0));
        let part = |boost: f32, count: f32, len: f32| {
            let norm = K1 * (1.0 - B + B * len / 2.0);
            boost * count * (K1 + 1.0) / (count + norm)
        };
        let nett = part(BOOST_TITLE, 2.0, 2.0) + part(BOOST_BODY, 3.0, 4.0);
        let kabel = part(BOOST_BODY, 1.0, 4.0) + part(BOOST_BODY * PART_SHARE, 1.0, 1.0);
        assert_eq!(weights, vec![("kabel", kabel), ("nett", nett)]);
    }
}
