//! `data/synonymer.yaml`: groups of words that mean the same to someone searching
//! (`- [minnepinne, minnepenn, USB-pinne]`), kept by the editors. Merged with the glossary's
//! synonyms: groups that share a word become one. Every site also gets the built-in English IT
//! vocabulary (`words/english.yaml`, the same format): `shared mailbox` finds `felles postboks`.

use super::analyzer::with_analyzer;
use super::index::SynonymGroup;
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::frontmatter::{YamlSource, line_of};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the editors' synonyms live, relative to the site root.
pub const SYNONYMS_FILE: &str = "data/synonymer.yaml";

/// The built-in English IT vocabulary, shipped with the tool.
const ENGLISH: &str = include_str!("words/english.yaml");

/// The built-in groups (English IT words and their Norwegian equivalents).
pub fn builtin() -> Vec<SynonymGroup> {
    parse(ENGLISH).0
}

/// The built-in groups and those of `data/synonymer.yaml` (none if the file does not exist).
/// Problems of the site's file are reported with their line; the groups that are fine are
/// still returned.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Vec<SynonymGroup> {
    let mut groups = builtin();
    groups.extend(load_site(root, diagnostics));
    groups
}

fn load_site(root: &Path, diagnostics: &mut Diagnostics) -> Vec<SynonymGroup> {
    let path = root.join(SYNONYMS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => crate::frontmatter::normalize_text(text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(err) => {
            diagnostics.push(
                Diagnostic::error(
                    Code::SynonymsIo,
                    format!("kunne ikke lese synonymfilen: {err}"),
                )
                .in_file(SYNONYMS_FILE),
            );
            return Vec::new();
        }
    };
    let (groups, problems) = parse(&text);
    diagnostics.extend(problems);
    groups
}

/// Parses the file's text: a list of groups, each a list of at least two words or phrases.
pub fn parse(text: &str) -> (Vec<SynonymGroup>, Vec<Diagnostic>) {
    let display = PathBuf::from(SYNONYMS_FILE);
    let file_text: Arc<str> = text.into();
    let source = YamlSource {
        display_path: &display,
        file_text: &file_text,
        yaml: text,
        yaml_line: 1,
    };
    let help = "skriv én gruppe per linje: `- [minnepinne, minnepenn, USB-pinne]`";
    if text.trim().is_empty() {
        return (Vec::new(), Vec::new());
    }
    let raw: serde_yaml_ng::Value = match source.parse() {
        Ok(v) => v,
        Err(d) => return (Vec::new(), vec![d.with_help(help)]),
    };
    let Some(raw) = raw.as_sequence() else {
        return (
            Vec::new(),
            vec![
                source
                    .error(
                        Code::SynonymsInvalid,
                        "synonymfilen må være en liste av grupper",
                    )
                    .at(1, 1)
                    .with_help(help),
            ],
        );
    };
    let mut groups = Vec::new();
    let mut problems = Vec::new();
    let mut searched_from = 1;
    for (i, value) in raw.iter().enumerate() {
        let words: Option<Vec<String>> = value.as_sequence().and_then(|seq| {
            seq.iter()
                .map(|w| match w {
                    serde_yaml_ng::Value::String(s) => Some(s.trim().to_string()),
                    serde_yaml_ng::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect()
        });
        let line = nth_item_line(text, searched_from);
        searched_from = line + 1;
        match words {
            Some(words)
                if words.len() >= 2
                    && words
                        .iter()
                        .all(|w| with_analyzer(|a| !a.terms(w).is_empty())) =>
            {
                groups.push(SynonymGroup { phrases: words })
            }
            Some(words) if words.len() < 2 => problems.push(
                source
                    .error(
                        Code::SynonymsShortGroup,
                        format!("gruppe {} har bare {} ord", i + 1, words.len()),
                    )
                    .at(line, 1)
                    .with_help("en gruppe trenger minst to ord som betyr det samme"),
            ),
            Some(_) => problems.push(
                source
                    .error(
                        Code::SynonymsEmptyWord,
                        format!("gruppe {} har et ord søket ikke kan bruke", i + 1),
                    )
                    .at(line, 1)
                    .with_help(
                        "ta bort tomme ord og ord som bare er småord (og, i, på); de blir ikke søkt på",
                    ),
            ),
            None => problems.push(
                source
                    .error(
                        Code::SynonymsNotAList,
                        format!("gruppe {} er ikke en liste av ord", i + 1),
                    )
                    .at(line, 1)
                    .with_help(help),
            ),
        }
    }
    (groups, problems)
}

/// The line of the next top-level list item (`- …`) at or after line `from`.
fn nth_item_line(text: &str, from: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.starts_with('-'))
        .map(|(n, _)| n + 1)
        .or_else(|| line_of(text, "-", from))
        .unwrap_or(from)
}

/// Glossary groups and the editors' groups as one list, groups sharing a word (by its
/// search terms) merged into one.
pub fn merge(groups: Vec<SynonymGroup>) -> Vec<SynonymGroup> {
    let keys: Vec<Vec<Vec<String>>> = groups
        .iter()
        .map(|g| {
            g.phrases
                .iter()
                .map(|p| with_analyzer(|a| a.terms(p)))
                .collect()
        })
        .collect();
    let mut parent: Vec<usize> = (0..groups.len()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut first_owner: std::collections::HashMap<&Vec<String>, usize> =
        std::collections::HashMap::new();
    for (g, phrases) in keys.iter().enumerate() {
        for p in phrases {
            if p.is_empty() {
                continue;
            }
            if let Some(&owner) = first_owner.get(p) {
                let (a, b) = (find(&mut parent, owner), find(&mut parent, g));
                if a != b {
                    parent[b.max(a)] = b.min(a);
                }
            } else {
                first_owner.insert(p, g);
            }
        }
    }
    let mut merged: Vec<Option<SynonymGroup>> = vec![None; groups.len()];
    for (g, group) in groups.into_iter().enumerate() {
        let root = find(&mut parent, g);
        let slot = merged[root].get_or_insert_with(|| SynonymGroup {
            phrases: Vec::new(),
        });
        for p in group.phrases {
            if !slot.phrases.contains(&p) {
                slot.phrases.push(p);
            }
        }
    }
    merged.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_of_words() {
        let (groups, problems) =
            parse("- [minnepinne, minnepenn, USB-pinne]\n- [skriver, printer]\n");
        assert!(problems.is_empty());
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[1].phrases, vec!["skriver", "printer"]);
    }

    #[test]
    fn the_built_in_english_list_is_valid() {
        let (groups, problems) = parse(ENGLISH);
        assert!(
            problems.is_empty(),
            "{:?}",
            problems.first().map(|d| &d.message)
        );
        assert!(groups.len() > 50);
        assert!(
            groups
                .iter()
                .any(|g| g.phrases.iter().any(|p| p == "shared mailbox"))
        );
    }

    #[test]
    fn groups_sharing_a_word_merge() {
        let merged = merge(vec![
            SynonymGroup {
                phrases: vec!["USB".into(), "Universal Serial Bus".into()],
            },
            SynonymGroup {
                phrases: vec!["skriver".into(), "printer".into()],
            },
            SynonymGroup {
                phrases: vec!["minnepenn".into(), "usb".into()],
            },
        ]);
        assert_eq!(merged.len(), 2);
        assert_eq!(
            merged[0].phrases,
            vec!["USB", "Universal Serial Bus", "minnepenn", "usb"]
        );
    }
}
