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
/// the slowest part of rendering a page with code.
type Cache = Mutex<HashMap<(String, String), Option<String>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Highlighted inner HTML for a code block, or `None` when the language is unknown (the
/// caller then shows the code plain).
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let key = (lang.to_string(), code.to_string());
    if let Some(hit) = cache().lock().ok().and_then(|c| c.get(&key).cloned()) {
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
}
