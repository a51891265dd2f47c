//! The one policy for every URL that content and site.yaml may contain: Markdown links and
//! images, `href`/`src` in raw HTML, `sources[].url`, `edit_url`, the logo. A URL is
//! `https:`, `http:`, `mailto:`, `tel:` or relative (a path or `#anchor`); an image may also
//! be an inline `data:image/…`. Anything else is refused, so no field can carry a
//! `javascript:` link past `check`: the site runs only the theme's own scripts.

use crate::diagnostics::Code;

/// What a URL is used for, which decides the schemes it may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Followed when clicked: links, `sources[].url`, `edit_url`.
    Link,
    /// Shown as an image, audio or video (`<img src>`, `![…](…)`, `poster`, the logo).
    Media,
    /// Loaded as a document (`<iframe src>`, `<object data>`, `<embed src>`): a `data:` URL
    /// here is a page of its own that runs script.
    Document,
}

/// Why a URL is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: Code,
    /// What is wrong, for the end of a message (`kjører kode`).
    pub reason: String,
    pub help: &'static str,
}

pub const HELP: &str = "bruk en https-adresse, mailto:, tel: eller en relativ sti til en .md-fil eller en fil ved siden av siden";

const LINK_SCHEMES: [&str; 4] = ["https", "http", "mailto", "tel"];
const SCRIPT_SCHEMES: [&str; 3] = ["javascript", "vbscript", "data"];

/// The scheme of a URL as a browser's URL parser finds it: after dropping leading and trailing
/// control characters and spaces and every tab and newline, lower case. `None` for a relative
/// URL.
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let candidate = &cleaned[..colon];
    let mut chars = candidate.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| candidate.to_ascii_lowercase())
}

/// The media type of a `data:` URL (`image/png`), lower case.
fn data_media_type(url: &str) -> String {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let after = cleaned.split_once(':').map_or("", |(_, rest)| rest);
    after
        .split([';', ','])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Checks a URL against the policy for its use.
pub fn check(url: &str, used_as: Use) -> Result<(), Refusal> {
    let Some(scheme) = scheme(url) else {
        return Ok(());
    };
    if LINK_SCHEMES.contains(&scheme.as_str()) {
        return match (used_as, scheme.as_str()) {
            (Use::Link, _) | (_, "https" | "http") => Ok(()),
            _ => Err(Refusal {
                code: Code::UrlScheme,
                reason: format!("bruker `{scheme}:`, som ikke kan vises som bilde eller side"),
                help: HELP,
            }),
        };
    }
    if scheme == "data" && used_as == Use::Media {
        let media = data_media_type(url);
        if ["image/", "audio/", "video/"]
            .iter()
            .any(|p| media.starts_with(p))
        {
            return Ok(());
        }
    }
    if SCRIPT_SCHEMES.contains(&scheme.as_str()) {
        return Err(Refusal {
            code: Code::HtmlScriptUrl,
            reason: "kjører kode".into(),
            help: HELP,
        });
    }
    Err(Refusal {
        code: Code::UrlScheme,
        reason: format!("bruker `{scheme}:`, som ikke er tillatt"),
        help: HELP,
    })
}

/// Whether a URL would run code when followed or loaded, whatever it is used for.
pub fn is_script(url: &str) -> bool {
    check(url, Use::Link).is_err_and(|r| r.code == Code::HtmlScriptUrl)
}

/// A URL shortened for a message: at most 60 characters, control characters shown escaped.
pub fn shown(url: &str) -> String {
    let mut out: String = url.chars().take(60).flat_map(char::escape_debug).collect();
    if url.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_web_mail_phone_or_relative() {
        for ok in [
            "https://x.no/",
            "HTTP://x.no",
            "mailto:a@b.no",
            "tel:+4712345678",
            "../a.md#x",
            "#steg-2",
            "//x.no/a",
            "bilde.png",
            "a/b:c",
            "",
        ] {
            assert_eq!(check(ok, Use::Link), Ok(()), "{ok}");
        }
        for (bad, code) in [
            ("javascript:alert(1)", Code::HtmlScriptUrl),
            (" \u{1}JaVa\tScRiPt:x", Code::HtmlScriptUrl),
            ("vbscript:x", Code::HtmlScriptUrl),
            ("data:text/html,<b>", Code::HtmlScriptUrl),
            ("data:image/png;base64,AA", Code::HtmlScriptUrl),
            ("file:///etc/passwd", Code::UrlScheme),
            ("ftp://x.no", Code::UrlScheme),
        ] {
            assert_eq!(
                check(bad, Use::Link).map_err(|r| r.code),
                Err(code),
                "{bad}"
            );
        }
    }

    #[test]
    fn media_may_be_inline_images_documents_may_not() {
        assert_eq!(check("data:image/png;base64,AA", Use::Media), Ok(()));
        assert_eq!(check("data:video/mp4,AA", Use::Media), Ok(()));
        assert!(check("data:text/html,x", Use::Media).is_err());
        assert!(check("mailto:a@b.no", Use::Media).is_err());
        for url in [
            "data:image/svg+xml,<svg onload=alert(1)>",
            "data:application/xhtml+xml,x",
            "DATA:image/png,x",
        ] {
            assert_eq!(
                check(url, Use::Document).map_err(|r| r.code),
                Err(Code::HtmlScriptUrl),
                "{url}"
            );
        }
    }

    #[test]
    fn shown_escapes_control_characters() {
        assert_eq!(shown("a\u{1b}[31mb"), "a\\u{1b}[31mb");
    }
}
