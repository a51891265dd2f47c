//! Code highlighting with syntect, as CSS classes (`hl-…`) so the colours live in one
//! generated stylesheet. Uses syntect's pure-Rust regex engine: no C library needed.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Common names editors write after the fence that syntect knows by another token.
fn syntax_token(lang: &str) -> &str {
    match lang {
        "sh" | "shell" | "zsh" | "console" => "bash",
        "ps" | "ps1" | "pwsh" | "powershell" => "bat",
        "yml" => "yaml",
        "md" => "markdown",
        "js" => "javascript",
        other => other,
    }
}

/// Highlighted blocks already seen: documentation repeats its examples, and highlighting is
/// the slowest part of rendering a page with code. The cache lives as long as the process
/// (the preview runs for hours), so it is bounded by entries and bytes and forgets the least
/// recently used blocks first.
const CACHE_ENTRIES: usize = 2048;
const CACHE_BYTES: usize = 16 * 1024 * 1024;

type Key = (String, String);

struct Lru {
    entries: HashMap<Key, (Option<String>, u64)>,
    bytes: usize,
    clock: u64,
    max_entries: usize,
    max_bytes: usize,
}

fn entry_size(key: &Key, value: &Option<String>) -> usize {
    key.0.len() + key.1.len() + value.as_ref().map_or(0, String::len)
}

impl Lru {
    fn new(max_entries: usize, max_bytes: usize) -> Lru {
        Lru {
            entries: HashMap::new(),
            bytes: 0,
            clock: 0,
            max_entries,
            max_bytes,
        }
    }

    fn get(&mut self, key: &Key) -> Option<Option<String>> {
        self.clock += 1;
        let clock = self.clock;
        let (value, used) = self.entries.get_mut(key)?;
        *used = clock;
        Some(value.clone())
    }

    fn insert(&mut self, key: Key, value: Option<String>) {
        let size = entry_size(&key, &value);
        if size > self.max_bytes {
            return;
        }
        self.clock += 1;
        if let Some((old, _)) = self.entries.remove(&key) {
            self.bytes -= entry_size(&key, &old);
        }
        while !self.entries.is_empty()
            && (self.entries.len() >= self.max_entries || self.bytes + size > self.max_bytes)
        {
            // A linear scan is fine at this size and happens only when the cache is full.
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone());
            let Some(oldest) = oldest else { break };
            if let Some((old, _)) = self.entries.remove(&oldest) {
                self.bytes -= entry_size(&oldest, &old);
            }
        }
        self.bytes += size;
        self.entries.insert(key, (value, self.clock));
    }
}

fn cache() -> &'static Mutex<Lru> {
    static CACHE: OnceLock<Mutex<Lru>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(Lru::new(CACHE_ENTRIES, CACHE_BYTES)))
}

/// Highlighted inner HTML for a code block, or `None` when the language is unknown (the
/// caller then shows the code plain).
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let key = (lang.to_string(), code.to_string());
    if let Some(hit) = cache().lock().ok().and_then(|mut c| c.get(&key)) {
        return hit;
    }
    let html = highlight_uncached(code, lang);
    if let Ok(mut c) = cache().lock() {
        c.insert(key, html.clone());
    }
    html
}

fn highlight_uncached(code: &str, lang: &str) -> Option<String> {
    let lang = lang.trim().to_lowercase();
    if lang.is_empty() || lang == "text" || lang == "plain" {
        return None;
    }
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(syntax_token(&lang))?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// The stylesheet for the `hl-` classes, generated from a TextMate theme file's text.
pub fn stylesheet(theme_file: &[u8]) -> Result<String, String> {
    let theme = ThemeSet::load_from_reader(&mut std::io::Cursor::new(theme_file))
        .map_err(|e| e.to_string())?;
    css_for_theme_with_class_style(&theme, CLASS_STYLE).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_with_classes() {
        let html = highlight("title: Hei\n", "yaml").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("Hei"));
    }

    #[test]
    fn unknown_language_is_none() {
        assert!(highlight("x", "ikke-et-sprak").is_none());
        assert!(highlight("x", "").is_none());
    }

    #[test]
    fn escapes_code() {
        let html = highlight("let a = \"<b>\";\n", "rust").unwrap();
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn cache_is_bounded_and_forgets_the_least_recently_used() {
        let key = |n: usize| (String::from("rust"), format!("let a = {n};"));
        let mut lru = Lru::new(3, 1024);
        for n in 0..3 {
            lru.insert(key(n), Some(format!("html {n}")));
        }
        assert!(lru.get(&key(0)).is_some(), "touch 0 so 1 is the oldest");
        lru.insert(key(3), None);
        assert_eq!(lru.entries.len(), 3);
        assert!(lru.get(&key(1)).is_none(), "least recently used is gone");
        assert!(lru.get(&key(0)).is_some());
        assert!(lru.get(&key(3)).is_some());

        let mut small = Lru::new(1000, 100);
        for n in 0..50 {
            small.insert(key(n), Some("x".repeat(20)));
            assert!(small.bytes <= 100, "bytes {}", small.bytes);
        }
        let recount: usize = small
            .entries
            .iter()
            .map(|(k, (v, _))| entry_size(k, v))
            .sum();
        assert_eq!(recount, small.bytes);
        small.insert(key(99), Some("y".repeat(500)));
        assert!(
            small.get(&key(99)).is_none(),
            "an entry larger than the cap is not kept"
        );
    }
}
