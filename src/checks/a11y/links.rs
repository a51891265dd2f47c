//! Link text (WCAG 2.4.4): screen readers often list links alone, so the text must say where
//! a link goes without the sentence around it.

use super::Walk;
use pulldown_cmark::LinkType;

/// Link texts that say nothing about where the link goes, lower-cased, without end punctuation.
const VAGUE_LINK_TEXTS: &[&str] = &[
    "her",
    "klikk her",
    "trykk her",
    "se her",
    "les her",
    "les mer",
    "les mer her",
    "mer",
    "mer info",
    "mer informasjon",
    "link",
    "lenke",
    "lenken",
    "denne lenken",
    "denne siden",
    "klikk",
    "click here",
    "here",
    "read more",
    "more",
];

impl Walk<'_> {
    pub(super) fn link(&mut self, text: &str, link_type: LinkType, dest: &str, offset: usize) {
        let trimmed = text.trim();
        let normal = trimmed
            .trim_end_matches(['.', ':', '!', '?', '»', '…'])
            .trim_start_matches('«')
            .trim()
            .to_lowercase();
        let is_address = normal.starts_with("http://")
            || normal.starts_with("https://")
            || normal.starts_with("www.");
        if link_type == LinkType::Email {
            return;
        }
        if normal.is_empty() {
            self.warn(
                "a11y::link-text",
                offset,
                format!("lenken til {dest} har ingen tekst"),
                "skriv hvor lenken fører mellom hakeparentesene: [Søknadsskjema for fjernarbeid](…)".into(),
            );
        } else if VAGUE_LINK_TEXTS.contains(&normal.as_str()) {
            self.warn(
                "a11y::link-text",
                offset,
                format!("lenketeksten «{trimmed}» sier ikke hvor lenken fører"),
                "la lenketeksten si hva leseren finner, for eksempel «[les veiledningen for å bytte passord](…)» i stedet for «[her](…)»; skjermlesere viser ofte lenkene alene".into(),
            );
        } else if is_address {
            self.warn(
                "a11y::link-text",
                offset,
                format!("lenketeksten er en nettadresse ({trimmed})"),
                "skriv navnet på siden eller dokumentet som lenketekst, for eksempel [Datatilsynets veileder om DPIA](https://…); en skjermleser leser adresser tegn for tegn".into(),
            );
        }
    }
}
