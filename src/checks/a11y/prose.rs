//! Plain language (klarspråk): sentences and paragraphs longer than the limits in `site.yaml`.
//! The walk collects each paragraph or list item as a `Block` of text.

use super::Walk;
use crate::diagnostics::Code;

/// A run of text (a paragraph or the text of a list item) and where its pieces came from.
#[derive(Default)]
pub(super) struct Block {
    text: String,
    /// (position in `text`, source offset in the body) of each piece.
    pieces: Vec<(usize, usize)>,
}

impl Block {
    pub(super) fn push(&mut self, text: &str, offset: usize) {
        self.pieces.push((self.text.len(), offset));
        self.text.push_str(text);
    }

    fn source_offset(&self, pos: usize) -> usize {
        let i = self.pieces.partition_point(|&(p, _)| p <= pos).max(1) - 1;
        let (start, offset) = self.pieces.get(i).copied().unwrap_or((0, 0));
        offset + (pos - start)
    }
}

impl Walk<'_> {
    /// Sentence and paragraph length (klarspråk).
    pub(super) fn prose(&mut self, block: &Block) {
        // A sentence ends before whitespace, so no word straddles two: the paragraph's words
        // are its sentences' words, and one count serves both limits.
        let sentences: Vec<(usize, &str, usize)> = sentences(&block.text)
            .into_iter()
            .map(|(start, sentence)| (start, sentence, count_words(sentence)))
            .collect();
        let words: usize = sentences.iter().map(|&(_, _, words)| words).sum();
        if words == 0 {
            return;
        }
        let max_paragraph = self.settings.max_paragraph_words;
        if words > max_paragraph {
            self.warn(
                Code::KlarsprakLongParagraph,
                block.source_offset(0),
                format!("avsnittet har {words} ord (grensen er {max_paragraph})"),
                "del avsnittet i flere, med ett tema hvert, eller bruk en punktliste; grensen er `checks.max_paragraph_words` i site.yaml".into(),
            );
        }
        let max_sentence = self.settings.max_sentence_words;
        for (start, sentence, words) in sentences {
            if words > max_sentence {
                let preview: String = sentence
                    .split_whitespace()
                    .take(6)
                    .collect::<Vec<_>>()
                    .join(" ");
                self.warn(
                    Code::KlarsprakLongSentence,
                    block.source_offset(start),
                    format!("setningen «{preview} …» har {words} ord (grensen er {max_sentence})"),
                    "del setningen i to eller flere; korte setninger er lettere å lese, også med skjermleser. Grensen er `checks.max_sentence_words` i site.yaml".into(),
                );
            }
        }
    }
}

/// The whitespace-separated words that hold a letter or digit (as `split_whitespace` and
/// `char::is_alphanumeric` count them), in one pass with a fast path for ASCII: this runs over
/// every paragraph of every page.
fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut count, mut i) = (0, 0);
    let mut in_word = false;
    let mut counted = false;
    while i < bytes.len() {
        let b = bytes[i];
        let (space, alphanumeric, len) = if b < 0x80 {
            (
                matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c),
                b.is_ascii_alphanumeric(),
                1,
            )
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.is_alphanumeric(), c.len_utf8())
        };
        if space {
            in_word = false;
        } else {
            if !in_word {
                in_word = true;
                counted = false;
            }
            if alphanumeric && !counted {
                counted = true;
                count += 1;
            }
        }
        i += len;
    }
    count
}

/// The sentences of a text with their start positions. A sentence ends at `.`, `!` or `?`
/// followed by a space and a capital letter, a quote or (after a word longer than an
/// abbreviation) a digit, so «f.eks. slik» and «kl. 08.00» do not end one; a clause also ends
/// at `:` and `;`.
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    // The stops are ASCII, so a byte scan finds them without decoding every character (a
    // list of the paragraph's characters was most of this check's time, perf).
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if !matches!(b, b'.' | b'!' | b'?' | b':' | b';') {
            continue;
        }
        let after = &text[i + 1..];
        if !after.chars().next().is_some_and(char::is_whitespace) {
            continue;
        }
        let ends = match after.trim_start().chars().next() {
            None => true,
            // A colon or semicolon ends a clause whatever follows; a full stop only before a
            // new sentence.
            Some(_) if matches!(b, b':' | b';') => true,
            // «kl. 08.00», «nr. 3», «ca. 20»: a short word before the stop is an abbreviation.
            Some(n) if n.is_ascii_digit() => {
                let word = text[start..i]
                    .rsplit(char::is_whitespace)
                    .next()
                    .unwrap_or("");
                word.chars().count() > 3 && !word.contains('.')
            }
            Some(n) => n.is_uppercase() || matches!(n, '«' | '"' | '(' | '–' | '-'),
        };
        if ends {
            out.push((start, &text[start..=i]));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    trimmed(out)
}

/// Pieces of a text with their start positions, trimmed, the empty ones left out.
fn trimmed(pieces: Vec<(usize, &str)>) -> Vec<(usize, &str)> {
    pieces
        .into_iter()
        .map(|(s, t)| {
            let lead = t.len() - t.trim_start().len();
            (s + lead, t.trim())
        })
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        let reference = |t: &str| {
            t.split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        };
        for text in [
            "",
            "   ",
            "Bytt passord – hver måned.",
            "a\u{a0}b\u{2003}c \u{b}d\u{c}e\r\nf\tg",
            "– — … «» 42 ½ ære Øl 🙂 x🙂 🙂x",
            "end word",
            " ,. ;; ok, 3.14 ",
        ] {
            assert_eq!(count_words(text), reference(text), "{text:?}");
        }
    }

    /// The sentence splitter as it was before the byte scan (one list of every character);
    /// both trim their pieces with [`trimmed`].
    fn sentences_by_chars(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            if !matches!(c, '.' | '!' | '?' | ':' | ';') {
                continue;
            }
            let Some(&(_, space)) = chars.get(k + 1) else {
                continue;
            };
            if !space.is_whitespace() {
                continue;
            }
            let ends = match chars[k + 1..].iter().find(|(_, c)| !c.is_whitespace()) {
                None => true,
                Some(_) if matches!(c, ':' | ';') => true,
                Some(&(_, n)) if n.is_ascii_digit() => {
                    let word = text[start..i]
                        .rsplit(char::is_whitespace)
                        .next()
                        .unwrap_or("");
                    word.chars().count() > 3 && !word.contains('.')
                }
                Some(&(_, n)) => n.is_uppercase() || matches!(n, '«' | '"' | '(' | '–' | '-'),
            };
            if ends {
                out.push((start, &text[start..i + c.len_utf8()]));
                start = chars.get(k + 1).map(|&(j, _)| j).unwrap_or(text.len());
            }
        }
        if start < text.len() {
            out.push((start, &text[start..]));
        }
        trimmed(out)
    }

    #[test]
    fn sentences_are_split_as_the_character_list_split_them() {
        for text in [
            "",
            ".",
            "Slutt.",
            "Slutt. ",
            "Én. To! Tre? Fire: fem; seks",
            "Ære være. Øl er godt.\u{a0}Åpent i dag.\u{2003}«Sitat» her. (Parentes.) – Tankestrek.",
            "Møtet er kl. 08.00 i dag. Versjon 3. 4 saker. Avsnitt nr. 3 gjelder. Totalt 12. 5 til.",
            "f.eks. slik. Osv. ok.\n\nNy linje. 🙂. 🙂 Smil. x.\ty. Z",
            "Mange mellomrom.     Neste.\r\nCRLF. slutt:   ",
        ] {
            assert_eq!(sentences(text), sentences_by_chars(text), "{text:?}");
            let by_sentence: usize = sentences(text).iter().map(|(_, t)| count_words(t)).sum();
            assert_eq!(by_sentence, count_words(text), "{text:?}");
        }
    }

    #[test]
    fn sentences_end_at_full_stops_before_capitals_only() {
        let s =
            sentences("Bytt passord f.eks. hver måned. Kontoret åpner kl. 08.00 hver dag! Ferdig");
        let texts: Vec<&str> = s.iter().map(|(_, t)| *t).collect();
        assert_eq!(
            texts,
            vec![
                "Bytt passord f.eks. hver måned.",
                "Kontoret åpner kl. 08.00 hver dag!",
                "Ferdig"
            ]
        );
        assert_eq!(s[1].0, "Bytt passord f.eks. hver måned. ".len());
    }
}
