//! Norwegian-aware text helpers: slugs, folding of æ/ø/å, alphabetical order, escaping.

use std::cmp::Ordering;

/// A URL- and id-safe slug: lowercase ASCII, `æ`→`ae`, `ø`→`o`, `å`→`a`, words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    let push = |c: char, slug: &mut String, pending_dash: &mut bool| {
        if *pending_dash && !slug.is_empty() {
            slug.push('-');
        }
        *pending_dash = false;
        slug.push(c);
    };
    for ch in text.chars().flat_map(char::to_lowercase) {
        if let Some(folded) = fold_char(ch) {
            folded
                .chars()
                .for_each(|c| push(c, &mut slug, &mut pending_dash));
        } else if ch.is_ascii_alphanumeric() {
            push(ch, &mut slug, &mut pending_dash);
        } else if ch.is_whitespace() || matches!(ch, '-' | '_' | '/' | '.') {
            pending_dash = true;
        }
    }
    slug
}

/// A slug for a file or folder name that never comes out empty (an empty slug would be the
/// address of the home page): names in other scripts are transliterated (`日本` → `ri-ben`),
/// and names without letters or digits (`!!!`) get a short hash of the name, stable between
/// builds.
pub fn name_slug(name: &str) -> String {
    let slug = slugify(name);
    if !slug.is_empty() {
        return slug;
    }
    let slug = slugify(&deunicode::deunicode(name));
    if !slug.is_empty() {
        return slug;
    }
    let mut hash: u32 = 0x811c_9dc5;
    for &b in name.as_bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("side-{hash:08x}")
}

/// Folds Norwegian and common accented letters to ASCII, the way people type without them.
/// Returns `None` for characters that need no folding.
pub fn fold_char(ch: char) -> Option<&'static str> {
    Some(match ch {
        'æ' => "ae",
        'Æ' => "AE",
        'ø' | 'ö' | 'ó' | 'ò' | 'ô' => "o",
        'Ø' | 'Ö' | 'Ó' | 'Ò' | 'Ô' => "O",
        'å' | 'ä' | 'á' | 'à' | 'â' => "a",
        'Å' | 'Ä' | 'Á' | 'À' | 'Â' => "A",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'É' | 'È' | 'Ê' | 'Ë' => "E",
        'ü' | 'ú' | 'ù' | 'û' => "u",
        'í' | 'ì' | 'î' | 'ï' => "i",
        _ => return None,
    })
}

/// Folds a whole string (`trådløst` → `tradlost`), keeping characters it cannot fold.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match fold_char(ch) {
            Some(folded) => out.push_str(folded),
            None => out.push(ch),
        }
    }
    out
}

/// Sort key position of a letter in the Norwegian alphabet: A–Z, then Æ, Ø, Å.
fn collation_weight(ch: char) -> (u32, u32) {
    let lower = ch.to_lowercase().next().unwrap_or(ch);
    match lower {
        '0'..='9' => (100 + lower as u32 - '0' as u32, 0),
        'a'..='z' => (200 + lower as u32 - 'a' as u32, 0),
        'æ' | 'ä' => (226, 0),
        'ø' | 'ö' => (227, 0),
        'å' => (228, 0),
        'é' | 'è' | 'ê' | 'ë' => (204, 1),
        'á' | 'à' | 'â' => (200, 1),
        'ó' | 'ò' | 'ô' => (214, 1),
        'ü' | 'ú' => (220, 1),
        c if c.is_alphanumeric() => (300 + c as u32, 0),
        _ => (0, 0),
    }
}

/// Compares two strings in Norwegian alphabetical order, ignoring case and punctuation first.
/// Allocation-free: sorting thousands of titles calls this a lot.
pub fn compare_nb(a: &str, b: &str) -> Ordering {
    fn weights(s: &str) -> impl Iterator<Item = (u32, u32)> + Clone + '_ {
        s.chars().map(collation_weight).filter(|w| w.0 != 0)
    }
    weights(a)
        .map(|w| w.0)
        .cmp(weights(b).map(|w| w.0))
        .then_with(|| weights(a).cmp(weights(b)))
        .then_with(|| a.cmp(b))
}

/// The letter a term is filed under in an A–Å index ("Æ", "Ø", "Å" are letters of their own).
pub fn index_letter(text: &str) -> String {
    let first = text.chars().find(|c| c.is_alphanumeric()).unwrap_or('#');
    if first.is_ascii_digit() {
        return "0–9".to_string();
    }
    let upper: String = first.to_uppercase().collect();
    match upper.as_str() {
        "Ä" => "Æ".into(),
        "Ö" => "Ø".into(),
        "É" | "È" => "E".into(),
        _ => upper,
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Copies the runs between the five special bytes whole (they are ASCII, so never inside
    // a multi-byte character): this runs over every text of every page.
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&text[from..]);
    out
}

/// The first `max_chars` characters of `text`, cut at a word boundary, with an ellipsis if cut.
pub fn truncate_words(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let end = cut.rfind(char::is_whitespace).unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_norwegian_letters() {
        assert_eq!(slugify("Trådløst nett i skolen"), "tradlost-nett-i-skolen");
        assert_eq!(slugify("Særlige kategorier"), "saerlige-kategorier");
        assert_eq!(
            slugify("Steg 2: Velg nytt passord!"),
            "steg-2-velg-nytt-passord"
        );
        assert_eq!(slugify("  Øvelse -- «phishing»  "), "ovelse-phishing");
        assert_eq!(slugify("NETT-012"), "nett-012");
    }

    #[test]
    fn names_always_get_a_slug() {
        assert_eq!(name_slug("Politiker PC"), "politiker-pc");
        assert_eq!(name_slug("日本"), "ri-ben");
        let emoji = name_slug("💥");
        assert!(!emoji.is_empty() && emoji.is_ascii(), "{emoji}");
        let (a, b) = (name_slug("!!!"), name_slug("???"));
        assert!(a.starts_with("side-") && b.starts_with("side-"));
        assert_ne!(a, b);
        assert_eq!(a, name_slug("!!!"), "stable");
    }

    #[test]
    fn folds_to_ascii() {
        assert_eq!(fold("trådløst Løsning Ærlig"), "tradlost Losning AErlig");
    }

    #[test]
    fn norwegian_order_puts_ae_oe_aa_last() {
        let mut words = vec!["Åpen", "Ørn", "Zulu", "Ærlig", "abc", "Brannmur", "øvelse"];
        words.sort_by(|a, b| compare_nb(a, b));
        assert_eq!(
            words,
            vec!["abc", "Brannmur", "Zulu", "Ærlig", "Ørn", "øvelse", "Åpen"]
        );
    }

    #[test]
    fn index_letters() {
        assert_eq!(index_letter("øvelse"), "Ø");
        assert_eq!(index_letter("3-2-1-regelen"), "0–9");
        assert_eq!(index_letter("«SLA»"), "S");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape_html("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
        assert_eq!(escape_html("Æ<ø>å"), "Æ&lt;ø&gt;å");
        assert_eq!(escape_html("blåbær"), "blåbær");
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("&"), "&amp;");
    }

    #[test]
    fn truncates_at_word_boundary() {
        assert_eq!(truncate_words("en to tre fire", 9), "en to…");
        assert_eq!(truncate_words("kort", 9), "kort");
    }
}
