//! Raw HTML in Markdown: a small tag tokenizer that reads tags the way a browser would
//! (any case, whitespace around `=`, `/` between attributes, entity-encoded values), the raw
//! HTML policy built on it (`raw_html` in site.yaml), and element nesting depth, which both
//! the policy check and the minifier's guard need.

use crate::diagnostics::Code;
use std::borrow::Cow;

/// Deeper element nesting than this in one page's Markdown is an error: no real page needs
/// it, and the HTML minifier recurses once per level.
pub const MAX_DEPTH: usize = 100;

/// One tag as a browser's tokenizer would see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTag<'a> {
    /// Byte offset of the `<` in the fragment.
    pub offset: usize,
    pub name: &'a str,
    pub closing: bool,
    pub self_closing: bool,
    /// The text between the name and the closing `>`, for [`attributes`].
    pub attrs: &'a str,
}

impl RawTag<'_> {
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// Whether the tag opens an element that holds content until its end tag. Void elements
    /// and elements whose end tag browsers infer (`<p>`, `<li>` …) do not count, so raw HTML
    /// written without end tags is not mistaken for deep nesting.
    fn opens_level(&self) -> bool {
        !self.closing && !self.self_closing && !self.is_void_or_optional()
    }

    fn closes_level(&self) -> bool {
        self.closing && !self.is_void_or_optional()
    }

    fn is_void_or_optional(&self) -> bool {
        const NAMES: [&str; 28] = [
            "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
            "option", "optgroup", "rt", "rp", "colgroup",
        ];
        NAMES.iter().any(|n| self.is(n))
    }
}

/// Elements whose content is text up to their end tag, not markup.
const RAW_TEXT: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

fn find_ci(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    let bytes = haystack.as_bytes();
    let n = needle.len();
    (from..=bytes.len().saturating_sub(n))
        .find(|&i| bytes[i..i + n].eq_ignore_ascii_case(needle.as_bytes()))
}

/// Every start and end tag of an HTML fragment, skipping comments, doctypes and the content
/// of raw-text elements.
pub fn tags(html: &str) -> Vec<RawTag<'_>> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        let rest = &html[lt + 1..];
        if rest.starts_with("!--") {
            i = html[lt + 4..]
                .find("-->")
                .map_or(html.len(), |p| lt + 4 + p + 3);
            continue;
        }
        if rest.starts_with('!') || rest.starts_with('?') {
            i = html[lt..].find('>').map_or(html.len(), |p| lt + p + 1);
            continue;
        }
        let closing = rest.starts_with('/');
        let name_start = lt + 1 + usize::from(closing);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i = lt + 1;
            continue;
        }
        let name_end = (name_start..bytes.len())
            .find(|&j| bytes[j].is_ascii_whitespace() || bytes[j] == b'/' || bytes[j] == b'>')
            .unwrap_or(bytes.len());
        // Attributes end at the first `>` outside quotes.
        let mut j = name_end;
        let mut quote: Option<u8> = None;
        let mut last = 0u8;
        while j < bytes.len() {
            let c = bytes[j];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == b'>' => break,
                // A quote opens a value only right after `=` (whitespace between allowed).
                None if (c == b'"' || c == b'\'') && last == b'=' => quote = Some(c),
                None => {}
            }
            if !c.is_ascii_whitespace() {
                last = c;
            }
            j += 1;
        }
        let attrs = &html[name_end..j.min(bytes.len())];
        let tag = RawTag {
            offset: lt,
            name: &html[name_start..name_end],
            closing,
            self_closing: attrs.trim_end().ends_with('/'),
            attrs,
        };
        i = (j + 1).min(html.len());
        if !closing && RAW_TEXT.iter().any(|n| tag.is(n)) {
            let end = find_ci(html, i, &format!("</{}", tag.name)).unwrap_or(html.len());
            out.push(tag);
            i = end;
            continue;
        }
        out.push(tag);
    }
    out
}

/// The attributes of a tag as (lower-case name, value with character references decoded).
pub fn attributes(attrs: &str) -> Vec<(String, String)> {
    let bytes = attrs.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let skip = |i: &mut usize, pred: &dyn Fn(u8) -> bool| {
        while *i < bytes.len() && pred(bytes[*i]) {
            *i += 1;
        }
    };
    loop {
        skip(&mut i, &|c| c.is_ascii_whitespace() || c == b'/');
        if i >= bytes.len() {
            break;
        }
        let start = i;
        i += 1; // an attribute name may start with `=`
        skip(&mut i, &|c| {
            !(c.is_ascii_whitespace() || c == b'/' || c == b'=' || c == b'>')
        });
        let name = attrs[start..i].to_ascii_lowercase();
        let mut after = i;
        skip(&mut after, &|c| c.is_ascii_whitespace());
        if bytes.get(after) != Some(&b'=') {
            out.push((name, String::new()));
            continue;
        }
        i = after + 1;
        skip(&mut i, &|c| c.is_ascii_whitespace());
        let value = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = attrs[i + 1..]
                    .find(q as char)
                    .map_or(attrs.len(), |p| i + 1 + p);
                let value = &attrs[i + 1..end];
                i = (end + 1).min(attrs.len());
                value
            }
            _ => {
                let start = i;
                skip(&mut i, &|c| !c.is_ascii_whitespace() && c != b'>');
                &attrs[start..i]
            }
        };
        out.push((name, decode_entities(value).into_owned()));
    }
    out
}

/// Decodes numeric character references and the named ones that can hide a URL scheme.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    const NAMED: [(&str, char); 14] = [
        ("colon", ':'),
        ("Tab", '\t'),
        ("NewLine", '\n'),
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("sol", '/'),
        ("lpar", '('),
        ("rpar", ')'),
        ("period", '.'),
        ("comma", ','),
        ("nbsp", '\u{a0}'),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        if let Some(num) = rest.strip_prefix('#') {
            let (hex, digits_from) = match num.as_bytes().first() {
                Some(b'x' | b'X') => (true, 1),
                _ => (false, 0),
            };
            let digits: &str = &num[digits_from..];
            let len = digits
                .bytes()
                .take_while(|b| {
                    if hex {
                        b.is_ascii_hexdigit()
                    } else {
                        b.is_ascii_digit()
                    }
                })
                .count();
            if len > 0 {
                let value = u32::from_str_radix(&digits[..len.min(8)], if hex { 16 } else { 10 })
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('\u{fffd}');
                out.push(value);
                let consumed = 1 + digits_from + len;
                rest = &rest[consumed..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
                continue;
            }
        } else if let Some((name, c)) = NAMED.iter().find(|(n, _)| rest.starts_with(n)) {
            out.push(*c);
            rest = &rest[name.len()..];
            rest = rest.strip_prefix(';').unwrap_or(rest);
            continue;
        }
        out.push('&');
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Whether a URL would run code when followed or loaded: `javascript:`, `vbscript:` or an HTML
/// `data:` URL, after what browsers ignore (surrounding control characters and spaces, tabs
/// and newlines anywhere, letter case).
pub fn is_script_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:text/html"]
        .iter()
        .any(|scheme| cleaned.starts_with(scheme))
}

/// Attributes whose value a browser loads or follows as a URL.
const URL_ATTRIBUTES: [&str; 14] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "ping",
    "longdesc",
    "codebase",
    "lowsrc",
    "dynsrc",
];

/// Elements raw HTML in Markdown may use unless `raw_html.allow` in site.yaml adds more.
/// Nothing here can run code or embed another document.
pub const DEFAULT_ALLOWED: [&str; 73] = [
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "source",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "video",
];

/// Elements that run code or embed other documents; named in the error's help.
const DANGEROUS: [&str; 8] = [
    "script", "iframe", "object", "embed", "frame", "frameset", "applet", "base",
];

/// What the site allows in raw HTML: the default list plus `raw_html.allow`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy<'a> {
    pub extra: &'a [String],
}

/// Something in raw HTML the policy forbids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Byte offset of the tag in the fragment.
    pub offset: usize,
    pub code: Code,
    pub message: String,
    pub help: String,
}

impl Policy<'_> {
    fn allows(&self, name: &str) -> bool {
        DEFAULT_ALLOWED.iter().any(|n| n.eq_ignore_ascii_case(name))
            || self.extra.iter().any(|n| n.eq_ignore_ascii_case(name))
    }

    /// Problems in one start tag.
    pub fn check(&self, tag: &RawTag<'_>) -> Vec<Violation> {
        let mut out = Vec::new();
        if tag.closing {
            return out;
        }
        let name = tag.name.to_ascii_lowercase();
        if !self.allows(&name) {
            let help = if DANGEROUS.contains(&name.as_str()) {
                format!(
                    "<{name}> kan kjøre kode eller hente inn fremmed innhold; bruk Markdown eller en kortkode. Et nettsted som virkelig trenger det, kan tillate elementet med `raw_html: {{ allow: [{name}] }}` i site.yaml"
                )
            } else {
                format!(
                    "tillatt rå HTML er blant annet details, summary, kbd, abbr, sub, sup og div; er <{name}> trygt, kan det tillates med `raw_html: {{ allow: [{name}] }}` i site.yaml"
                )
            };
            out.push(Violation {
                offset: tag.offset,
                code: Code::HtmlElement,
                message: format!("rå HTML: elementet <{name}> er ikke tillatt"),
                help,
            });
        }
        for (attr, value) in attributes(tag.attrs) {
            if attr.starts_with("on") || attr == "srcdoc" {
                out.push(Violation {
                    offset: tag.offset,
                    code: Code::HtmlEventHandler,
                    message: format!(
                        "rå HTML: attributtet `{attr}` på <{name}> kjører kode og er ikke tillatt"
                    ),
                    help: "fjern attributtet; nettstedet kjører bare skriptene i temaet".into(),
                });
            } else if URL_ATTRIBUTES.contains(&attr.as_str()) && is_script_url(&value) {
                out.push(Violation {
                    offset: tag.offset,
                    code: Code::HtmlScriptUrl,
                    message: format!(
                        "rå HTML: `{attr}` på <{name}> er en adresse som kjører kode ({})",
                        value.chars().take(40).collect::<String>()
                    ),
                    help: SCRIPT_URL_HELP.into(),
                });
            }
        }
        out
    }
}

pub const SCRIPT_URL_HELP: &str =
    "bruk en vanlig https-adresse, en relativ sti til en .md-fil eller en fil ved siden av siden";

/// Tracks element depth over a page's HTML and Markdown containers.
#[derive(Debug, Default)]
pub struct Depth {
    pub current: usize,
    pub max: usize,
}

impl Depth {
    pub fn open(&mut self) {
        self.current += 1;
        self.max = self.max.max(self.current);
    }

    pub fn close(&mut self) {
        self.current = self.current.saturating_sub(1);
    }

    pub fn tag(&mut self, tag: &RawTag<'_>) {
        if tag.opens_level() {
            self.open();
        } else if tag.closes_level() {
            self.close();
        }
    }
}

/// Documents nested deeper than this are written without minification: the minifier
/// recurses once per level (about 8 KiB of stack per level in a debug build). Markdown is
/// limited to [`MAX_DEPTH`], so only a theme could get here.
pub const MINIFY_MAX_DEPTH: usize = 200;

/// The deepest element nesting in a document (for the minifier's guard).
pub fn nesting_depth(html: &str) -> usize {
    let mut depth = Depth::default();
    for tag in tags(html) {
        depth.tag(&tag);
    }
    depth.max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violations(html: &str) -> Vec<Code> {
        let policy = Policy::default();
        tags(html)
            .iter()
            .flat_map(|t| policy.check(t))
            .map(|v| v.code)
            .collect()
    }

    #[test]
    fn raw_html_policy_cases() {
        let cases: &[(&str, &[Code])] = &[
            ("<details><summary>Mer</summary>tekst</details>", &[]),
            ("<kbd>Ctrl</kbd>+<kbd>C</kbd>", &[]),
            ("<a href=\"https://ror-ikt.no/\">ok</a>", &[]),
            ("<img src=\"bilde.png\" alt=\"x\">", &[]),
            ("<p title=\"javascript: er et språk\">", &[]),
            ("<script>alert(1)</script>", &[Code::HtmlElement]),
            ("<SCRIPT SRC=x.js></SCRIPT>", &[Code::HtmlElement]),
            (
                "<iframe src=\"https://x.example\"></iframe>",
                &[Code::HtmlElement],
            ),
            (
                "<object data=x></object><embed src=x>",
                &[Code::HtmlElement, Code::HtmlElement],
            ),
            ("<img src=x onerror=alert(1)>", &[Code::HtmlEventHandler]),
            ("<img src=x ONERROR =alert(1)>", &[Code::HtmlEventHandler]),
            (
                "<img/src=\"x\"/onerror=alert(1)>",
                &[Code::HtmlEventHandler],
            ),
            (
                "<svg/onload=alert(1)>",
                &[Code::HtmlElement, Code::HtmlEventHandler],
            ),
            ("<div\nonclick=\"x()\">", &[Code::HtmlEventHandler]),
            (
                "<a href=\"javascript:alert(1)\">x</a>",
                &[Code::HtmlScriptUrl],
            ),
            (
                "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
                &[Code::HtmlScriptUrl],
            ),
            (
                "<a href=\"javascript&#58;alert(1)\">x</a>",
                &[Code::HtmlScriptUrl],
            ),
            (
                "<a href=\"javascript&#x3A;alert(1)\">x</a>",
                &[Code::HtmlScriptUrl],
            ),
            (
                "<a href=\"javascript&colon;alert(1)\">x</a>",
                &[Code::HtmlScriptUrl],
            ),
            (
                "<a href=\"&#106;avascript:alert(1)\">x</a>",
                &[Code::HtmlScriptUrl],
            ),
            (
                "<a href=\" jav&#x09;ascript:alert(1)\">x</a>",
                &[Code::HtmlScriptUrl],
            ),
            ("<a href='vbscript:msgbox(1)'>x</a>", &[Code::HtmlScriptUrl]),
            (
                "<a href=data:text/html;base64,PHNjcmlwdD4=>x</a>",
                &[Code::HtmlScriptUrl],
            ),
            ("<!-- <script>alert(1)</script> -->", &[]),
            ("<style>p{}</style>", &[Code::HtmlElement]),
            (
                "<form action=x><input></form>",
                &[Code::HtmlElement, Code::HtmlElement],
            ),
        ];
        for (html, expected) in cases {
            assert_eq!(&violations(html), expected, "{html}");
        }
    }

    #[test]
    fn allow_list_extends_the_default() {
        let extra = vec!["iframe".to_string()];
        let policy = Policy { extra: &extra };
        let tag = &tags("<IFRAME src=\"https://x.example\"></IFRAME>")[0];
        assert!(policy.check(tag).is_empty());
        let tag = &tags("<iframe src=\"javascript:alert(1)\">")[0];
        assert_eq!(policy.check(tag).len(), 1, "script URLs stay errors");
    }

    #[test]
    fn attributes_are_read_like_a_browser() {
        let tag = &tags("<a  HREF = 'x y' data-x=1 hidden title=\"a > b\">")[0];
        assert_eq!(
            attributes(tag.attrs),
            vec![
                ("href".into(), "x y".into()),
                ("data-x".into(), "1".into()),
                ("hidden".into(), String::new()),
                ("title".into(), "a > b".into()),
            ]
        );
    }

    #[test]
    fn nesting_depth_counts_elements_not_void_or_optional_ones() {
        assert_eq!(nesting_depth(&"<div>".repeat(300)), 300);
        assert_eq!(nesting_depth("<div><p>a<p>b<br><img src=x></div>"), 1);
        assert_eq!(nesting_depth("<ul><li><ul><li>x</li></ul></li></ul>"), 2);
        assert_eq!(nesting_depth("<script>if (a < b) { '<div>' }</script>"), 1);
    }
}
