//! Tera's errors in Norwegian: the kinds of problem a theme author meets (syntax, unknown
//! variables, filters and functions, inheritance) get a Norwegian sentence and, where the
//! template text shows it, a line. An error Tera words in a way not known here keeps
//! Tera's English after a Norwegian lead-in, so nothing is lost.

/// A Norwegian message for Tera's message, and a word to look for in the template to find
/// the line when Tera gives none.
pub fn translate(detail: &str) -> (String, Option<String>) {
    let detail = detail.trim();
    if let Some(expected) = detail
        .strip_prefix("expected ")
        .or_else(|| detail.strip_prefix("unexpected "))
    {
        let lead = if detail.starts_with("expected ") {
            "ventet"
        } else {
            "uventet"
        };
        return (
            format!("syntaksfeil: {lead} {}", pest_words(expected)),
            None,
        );
    }
    if let Some(rest) = detail.strip_prefix("Variable `") {
        let name = rest.split('`').next().unwrap_or("");
        return (
            format!("variabelen `{name}` finnes ikke her i malen"),
            Some(name.split(['.', '[']).next().unwrap_or(name).to_string()),
        );
    }
    for (english, norwegian) in [
        ("Filter '", "filteret"),
        ("Test '", "testen"),
        ("Function '", "funksjonen"),
        ("Template '", "malen"),
    ] {
        if let Some(rest) = detail.strip_prefix(english) {
            let name = rest.split('\'').next().unwrap_or("");
            if rest.contains("is inheriting from") {
                let parent = rest.split('\'').nth(2).unwrap_or("");
                return (
                    format!("malen `{name}` arver fra `{parent}`, som ikke finnes"),
                    Some(parent.to_string()),
                );
            }
            let what = if rest.contains("not found") {
                "finnes ikke"
            } else {
                "feilet"
            };
            return (
                format!("{norwegian} `{name}` {what}"),
                Some(name.to_string()),
            );
        }
    }
    if let Some(rest) = detail
        .strip_prefix("Function call '")
        .or_else(|| detail.strip_prefix("Filter call '"))
    {
        let name = rest.split('\'').next().unwrap_or("");
        return (format!("kallet `{name}` feilet"), Some(name.to_string()));
    }
    if detail.starts_with("Circular extend") {
        return ("malene arver fra hverandre i ring".into(), None);
    }
    if detail.starts_with("Tried to do math") {
        return (
            format!("regning med noe som ikke er et tall ({detail})"),
            None,
        );
    }
    if detail.starts_with("Tried to iterate") || detail.contains("is not an array") {
        return (
            format!("kan ikke gå gjennom en verdi som ikke er en liste ({detail})"),
            None,
        );
    }
    (format!("malen kunne ikke brukes (Tera: {detail})"), None)
}

/// Pest's names for what it expected, as Tera words them, in Norwegian.
fn pest_words(expected: &str) -> String {
    const WORDS: [(&str, &str); 12] = [
        (
            "a value that can be negated",
            "en verdi (en variabel, et tall eller en tekst i anførselstegn)",
        ),
        ("an identifier", "et navn"),
        ("a string", "en tekst i anførselstegn"),
        ("an integer", "et heltall"),
        ("a float", "et desimaltall"),
        ("a boolean", "true eller false"),
        ("end of input", "slutten av malen"),
        ("a filter", "et filter"),
        ("a test", "en test"),
        ("a comparison", "en sammenligning"),
        ("an expression", "et uttrykk"),
        (" or ", " eller "),
    ];
    let mut out = expected.to_string();
    for (english, norwegian) in WORDS {
        out = out.replace(english, norwegian);
    }
    out
}

/// The line of the first occurrence of `word` in `text`.
pub fn line_of(text: &str, word: &str) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    text.lines().position(|l| l.contains(word)).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_kinds_become_norwegian() {
        let (m, _) = translate("expected a value that can be negated");
        assert_eq!(
            m,
            "syntaksfeil: ventet en verdi (en variabel, et tall eller en tekst i anførselstegn)"
        );
        let (m, word) =
            translate("Variable `page.tittel` not found in context while rendering 'page.html'");
        assert_eq!(m, "variabelen `page.tittel` finnes ikke her i malen");
        assert_eq!(word.as_deref(), Some("page"));
        assert_eq!(
            translate("Filter 'upcase' not found").0,
            "filteret `upcase` finnes ikke"
        );
        assert_eq!(
            translate("Template 'x.html' is inheriting from 'base2.html', which doesn't exist or isn't loaded.").0,
            "malen `x.html` arver fra `base2.html`, som ikke finnes"
        );
        assert!(
            translate("Something new")
                .0
                .starts_with("malen kunne ikke brukes")
        );
    }
}
