//! The raw HTML policy (`raw_html` in site.yaml) over the tags [`super::tokenizer`] reads the
//! way a browser does, and element nesting depth, which both the policy check and the
//! minifier's guard need.

use crate::diagnostics::Code;
use crate::url_policy::{self, Use};

pub use super::tokenizer::{Attribute, Context, Ending, Open, RawTag, attributes, tags, tokenize};

/// Whether a URL would run code when followed or loaded (see [`url_policy`]).
pub fn is_script_url(url: &str) -> bool {
    url_policy::is_script(url)
}

/// Decodes the character references of an attribute value as a browser does.
pub fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    super::charref::decode_attribute(text)
}

/// Deeper element nesting than this in one page's Markdown is an error: no real page needs
/// it, and the HTML minifier recurses once per level.
pub const MAX_DEPTH: usize = 100;

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

    /// Problems in one start tag. Every attribute is checked whether or not its element was
    /// allowed: allowing `<iframe>` allows the element, not script through its `src`.
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
        for attr in &tag.attributes {
            let attr_name = attr.name.as_str();
            if attr_name.starts_with("on") || attr_name == "srcdoc" {
                out.push(Violation {
                    offset: tag.offset,
                    code: Code::HtmlEventHandler,
                    message: format!(
                        "rå HTML: attributtet `{attr_name}` på <{name}> kjører kode og er ikke tillatt"
                    ),
                    help: "fjern attributtet; nettstedet kjører bare skriptene i temaet".into(),
                });
            } else if attr_name == "http-equiv" {
                out.push(Violation {
                    offset: tag.offset,
                    code: Code::HtmlEventHandler,
                    message: format!(
                        "rå HTML: `http-equiv` på <{name}> kan sende leseren videre og er ikke tillatt"
                    ),
                    help: "fjern attributtet; bruk `aliases` for en videresending".into(),
                });
            } else if let Some(used_as) = url_use(&name, attr_name) {
                // SVG animation can set `href` from `values="javascript:…;…"`.
                let urls: Vec<&str> = if matches!(attr_name, "values" | "to" | "from" | "by") {
                    attr.value.split(';').collect()
                } else {
                    vec![attr.value.as_str()]
                };
                if let Some(refusal) = urls
                    .iter()
                    .find_map(|url| url_policy::check(url, used_as).err())
                {
                    out.push(Violation {
                        offset: tag.offset,
                        code: refusal.code,
                        message: format!(
                            "rå HTML: `{attr_name}` på <{name}> er en adresse som {} ({})",
                            refusal.reason,
                            url_policy::shown(&attr.value)
                        ),
                        help: refusal.help.into(),
                    });
                }
            }
        }
        out
    }
}

/// What the URL in an attribute is used for, or `None` if the attribute holds no URL.
pub fn url_use(element: &str, attribute: &str) -> Option<Use> {
    const DOCUMENT: [&str; 7] = [
        "iframe", "frame", "embed", "object", "use", "script", "applet",
    ];
    const MEDIA: [&str; 8] = [
        "img", "source", "video", "audio", "track", "image", "input", "picture",
    ];
    const ANIMATION: [&str; 4] = ["animate", "set", "animatemotion", "animatetransform"];
    let is_url = URL_ATTRIBUTES.contains(&attribute)
        || (ANIMATION.contains(&element) && matches!(attribute, "values" | "to" | "from" | "by"));
    if !is_url {
        return None;
    }
    Some(if DOCUMENT.contains(&element) || attribute == "codebase" {
        Use::Document
    } else if MEDIA.contains(&element)
        || matches!(attribute, "poster" | "background" | "lowsrc" | "dynsrc")
    {
        Use::Media
    } else {
        Use::Link
    })
}

/// Whether the tag opens an element that holds content until its end tag. Void elements and
/// elements whose end tag browsers infer (`<p>`, `<li>` …) do not count, so raw HTML written
/// without end tags is not mistaken for deep nesting.
fn opens_level(tag: &RawTag<'_>) -> bool {
    !tag.closing && !tag.self_closing && !is_void_or_optional(tag)
}

fn closes_level(tag: &RawTag<'_>) -> bool {
    tag.closing && !is_void_or_optional(tag)
}

fn is_void_or_optional(tag: &RawTag<'_>) -> bool {
    // Every name here is at most 8 bytes: longer names are rejected before comparing, which
    // matters because this runs for every tag of every page written.
    let name = tag.name.as_bytes();
    if name.len() > 8 {
        return false;
    }
    let mut lower = [0u8; 8];
    for (l, b) in lower.iter_mut().zip(name) {
        *l = b.to_ascii_lowercase();
    }
    matches!(
        &lower[..name.len()],
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"tr"
            | b"td"
            | b"th"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"option"
            | b"optgroup"
            | b"rt"
            | b"rp"
            | b"colgroup"
    )
}

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
        if opens_level(tag) {
            self.open();
        } else if closes_level(tag) {
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
    super::tokenizer::for_each_tag(html, |tag| depth.tag(tag));
    depth.max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violations_with(html: &str, extra: &[&str]) -> Vec<Code> {
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        let policy = Policy { extra: &extra };
        tags(html)
            .iter()
            .flat_map(|t| policy.check(t))
            .map(|v| v.code)
            .collect()
    }

    fn violations(html: &str) -> Vec<Code> {
        violations_with(html, &[])
    }

    #[test]
    fn raw_html_policy_cases() {
        let cases: &[(&str, &[Code])] = &[
            ("<details><summary>Mer</summary>tekst</details>", &[]),
            ("<kbd>Ctrl</kbd>+<kbd>C</kbd>", &[]),
            ("<a href=\"https://ror-ikt.no/\">ok</a>", &[]),
            ("<img src=\"bilde.png\" alt=\"x\">", &[]),
            ("<img src=\"data:image/png;base64,AA\" alt=\"x\">", &[]),
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
                "<a href=\"&#x000000000000006A;avascript:alert(7)\">x</a>",
                &[Code::HtmlScriptUrl],
            ),
            (
                "<a href=\"&#0000000000000000106;avascript:alert(7)\">x</a>",
                &[Code::HtmlScriptUrl],
            ),
            (
                "<a href=\" jav&#x09;ascript:alert(1)\">x</a>",
                &[Code::HtmlScriptUrl],
            ),
            ("<a href='vbscript:msgbox(1)'>x</a>", &[Code::HtmlScriptUrl]),
            ("<a href='ftp://x.no/'>x</a>", &[Code::UrlScheme]),
            (
                "<a href=data:text/html;base64,PHNjcmlwdD4=>x</a>",
                &[Code::HtmlScriptUrl],
            ),
            ("<!-- <script>alert(1)</script> -->", &[]),
            (
                "<!--><img src=x onerror=alert(7)>-->",
                &[Code::HtmlEventHandler],
            ),
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
    fn allowed_elements_cannot_run_script_through_attributes() {
        let allow = [
            "iframe", "object", "embed", "noscript", "meta", "svg", "animate",
        ];
        let cases: &[(&str, &[Code])] = &[
            (
                "<iframe src=\"data:image/svg+xml,<svg onload=alert(7)>\"></iframe>",
                &[Code::HtmlScriptUrl],
            ),
            (
                "<object data=\"data:application/xhtml+xml,x\"></object>",
                &[Code::HtmlScriptUrl],
            ),
            (
                "<embed src=\"DATA:image/svg+xml,x\">",
                &[Code::HtmlScriptUrl],
            ),
            (
                "<noscript><p title=\"</noscript><img src=x onerror=alert(7)>\"></noscript>",
                &[Code::HtmlEventHandler],
            ),
            (
                "<meta http-equiv=refresh content=\"0;url=javascript:alert(7)\">",
                &[Code::HtmlEventHandler],
            ),
            (
                "<svg><animate attributeName=href values=\"x;javascript:alert(7)\"/></svg>",
                &[Code::HtmlScriptUrl],
            ),
            ("<iframe src=\"https://x.example/\"></iframe>", &[]),
        ];
        for (html, expected) in cases {
            assert_eq!(&violations_with(html, &allow), expected, "{html}");
        }
    }

    #[test]
    fn nesting_depth_counts_elements_not_void_or_optional_ones() {
        assert_eq!(nesting_depth(&"<div>".repeat(300)), 300);
        assert_eq!(nesting_depth("<div><p>a<p>b<br><img src=x></div>"), 1);
        assert_eq!(nesting_depth("<ul><li><ul><li>x</li></ul></li></ul>"), 2);
        assert_eq!(nesting_depth("<script>if (a < b) { '<div>' }</script>"), 1);
    }
}
