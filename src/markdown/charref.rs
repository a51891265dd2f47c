//! Character references (`&#106;`, `&#x6A;`, `&amp;`, `&colon;`) decoded exactly as the HTML
//! standard's tokenizer decodes them in an attribute value. The raw HTML check must read a URL
//! the way a browser will follow it: a checker that decodes `&#x000000006A;` differently from a
//! browser lets `javascript:` through.

use minify_html_common::r#gen::entities::{ENTITY, EntityType};
use minify_html_common::pattern::TrieNodeMatch;
use std::borrow::Cow;

/// What the standard puts in place of `&#128;`…`&#159;`: the Windows-1252 characters
/// (<https://html.spec.whatwg.org/#numeric-character-reference-end-state>).
const C1_REPLACEMENTS: [(u32, char); 27] = [
    (0x80, '\u{20AC}'),
    (0x82, '\u{201A}'),
    (0x83, '\u{0192}'),
    (0x84, '\u{201E}'),
    (0x85, '\u{2026}'),
    (0x86, '\u{2020}'),
    (0x87, '\u{2021}'),
    (0x88, '\u{02C6}'),
    (0x89, '\u{2030}'),
    (0x8A, '\u{0160}'),
    (0x8B, '\u{2039}'),
    (0x8C, '\u{0152}'),
    (0x8E, '\u{017D}'),
    (0x91, '\u{2018}'),
    (0x92, '\u{2019}'),
    (0x93, '\u{201C}'),
    (0x94, '\u{201D}'),
    (0x95, '\u{2022}'),
    (0x96, '\u{2013}'),
    (0x97, '\u{2014}'),
    (0x98, '\u{02DC}'),
    (0x99, '\u{2122}'),
    (0x9A, '\u{0161}'),
    (0x9B, '\u{203A}'),
    (0x9C, '\u{0153}'),
    (0x9E, '\u{017E}'),
    (0x9F, '\u{0178}'),
];

/// The character a numeric reference with this value stands for.
fn numeric(value: u32) -> char {
    if let Some((_, c)) = C1_REPLACEMENTS.iter().find(|(v, _)| *v == value) {
        return *c;
    }
    // Zero, surrogates and values past U+10FFFF become U+FFFD; `from_u32` refuses exactly the
    // last two.
    match value {
        0 => '\u{FFFD}',
        v => char::from_u32(v).unwrap_or('\u{FFFD}'),
    }
}

/// A numeric reference at the start of `text` (just after `&#`): the character and the bytes
/// read, or `None` when no digit follows (the `&#` is then text).
fn numeric_reference(text: &str) -> Option<(char, usize)> {
    let bytes = text.as_bytes();
    let (radix, start) = match bytes.first() {
        Some(b'x' | b'X') => (16, 1),
        _ => (10, 0),
    };
    let digits = bytes[start..]
        .iter()
        .take_while(|b| (**b as char).is_digit(radix))
        .count();
    if digits == 0 {
        return None;
    }
    // Any number of digits is read; a value that grows past U+10FFFF stays past it.
    let mut value: u32 = 0;
    for &b in &bytes[start..start + digits] {
        let digit = (b as char).to_digit(radix).unwrap_or(0);
        value = value
            .saturating_mul(radix)
            .saturating_add(digit)
            .min(0x11_0000);
    }
    let mut read = start + digits;
    if bytes.get(read) == Some(&b';') {
        read += 1;
    }
    Some((numeric(value), read))
}

/// A named reference at the start of `text` (just after `&`) in an attribute value: its text
/// and the bytes read, or `None` when it is not decoded there.
fn named_reference(text: &str) -> Option<(&'static str, usize)> {
    // Names are ASCII letters and digits (the longest has 31) and may end in `;`.
    let candidate = text
        .bytes()
        .take(40)
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b';')
        .count();
    let with_amp = format!("&{}", &text[..candidate]);
    let TrieNodeMatch::Found { len, value } = ENTITY.longest_matching_prefix(with_amp.as_bytes())
    else {
        return None;
    };
    let EntityType::Named(decoded) = value else {
        return None;
    };
    let name_len = len - 1;
    // A legacy reference without `;` followed by a letter, digit or `=` stays as written in
    // an attribute (`?a=1&copy=2` keeps `&copy`).
    let next = text.as_bytes().get(name_len);
    if !text[..name_len].ends_with(';')
        && next.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'=')
    {
        return None;
    }
    std::str::from_utf8(decoded).ok().map(|s| (s, name_len))
}

/// Decodes the character references of an attribute value as a browser does.
pub fn decode_attribute(text: &str) -> Cow<'_, str> {
    if !text.contains('&') && !text.contains('\0') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(['&', '\0']) {
        out.push_str(&rest[..pos]);
        if rest.as_bytes()[pos] == 0 {
            out.push('\u{FFFD}');
            rest = &rest[pos + 1..];
            continue;
        }
        let after = &rest[pos + 1..];
        let decoded = match after.as_bytes().first() {
            Some(b'#') => numeric_reference(&after[1..]).map(|(c, read)| {
                out.push(c);
                read + 1
            }),
            Some(b) if b.is_ascii_alphanumeric() => named_reference(after).map(|(s, read)| {
                out.push_str(s);
                read
            }),
            _ => None,
        };
        match decoded {
            Some(read) => rest = &after[read..],
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::decode_attribute as d;

    #[test]
    fn numeric_references_read_every_digit() {
        assert_eq!(d("&#x000000000000006A;avascript:"), "javascript:");
        assert_eq!(d("&#0000000000106;a"), "ja");
        assert_eq!(d("&#106a"), "ja");
        assert_eq!(d("&#X6a;"), "j");
        assert_eq!(d("&#x110000;"), "\u{FFFD}");
        assert_eq!(d("&#99999999999999999999;"), "\u{FFFD}");
        assert_eq!(d("&#0;&#xD800;"), "\u{FFFD}\u{FFFD}");
        assert_eq!(d("&#128;&#x9F;"), "\u{20AC}\u{0178}");
        assert_eq!(d("&#;&#x;&#xg"), "&#;&#x;&#xg");
    }

    #[test]
    fn named_references_follow_the_standard_table() {
        assert_eq!(d("javascript&colon;x"), "javascript:x");
        assert_eq!(d("&Tab;&NewLine;&lpar;"), "\t\n(");
        assert_eq!(d("&amp;&ampx"), "&&ampx");
        assert_eq!(d("&amp x"), "& x");
        assert_eq!(d("?a=1&copy=2&copy;"), "?a=1&copy=2©");
        assert_eq!(d("&notin;&notit;"), "∉&notit;");
        assert_eq!(d("&unknown; & &"), "&unknown; & &");
        assert_eq!(d("a\0b"), "a\u{FFFD}b");
        let long = format!("&{}æ", "a".repeat(39));
        assert_eq!(d(&long), long, "no panic inside a multi-byte character");
    }
}
