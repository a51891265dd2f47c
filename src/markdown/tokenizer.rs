//! A tag tokenizer for raw HTML in Markdown that follows the HTML standard's tokenizer
//! (<https://html.spec.whatwg.org/#tokenization>) in everything that decides where a tag, an
//! attribute or a comment begins and ends: `<!-->` and `--!>` end a comment, a quote opens a
//! value only where a value may start, raw-text elements (`<script>`, `<noscript>` …) hold text
//! up to their own end tag, and character references decode as a browser decodes them. The
//! raw HTML check is only as good as this agreement: a tag the browser sees and the checker
//! does not is a tag nobody checked.

use super::charref::decode_attribute;
use std::ops::Range;

/// One start or end tag as a browser's tokenizer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTag<'a> {
    /// Byte offset of the `<` in the fragment.
    pub offset: usize,
    pub name: &'a str,
    pub closing: bool,
    pub self_closing: bool,
    /// The text between the name and the closing `>`, for [`attributes`].
    pub attrs: &'a str,
    /// The attributes in order, duplicates included.
    pub attributes: Vec<Attribute>,
}

/// One attribute of a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// Lower case, as the browser stores it.
    pub name: String,
    /// With character references decoded.
    pub value: String,
    /// Bytes of the value as written, quotes included, in the fragment; `None` without `=`.
    pub span: Option<Range<usize>>,
}

impl RawTag<'_> {
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// Where a fragment ends: in text, or inside something the following HTML would continue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Text,
    /// Inside a tag (its `>` is missing).
    Tag,
    /// Inside a `<!…>` declaration or `<?…>` (a bogus comment up to the next `>`).
    Declaration,
    /// Inside a comment; [`Context::open`] carries it to the next fragment.
    Comment,
    /// Inside a raw-text element such as `<style>` or `<noscript>`; [`Context::open`] carries
    /// it to the next fragment.
    RawText,
}

/// A comment or raw-text element that a fragment left open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Open {
    #[default]
    Nothing,
    Comment,
    /// The element's name, lower case.
    RawText(&'static str),
}

/// What the tokenizer knows that carries over from one raw HTML fragment to the next. The
/// HTML Markdown writes between two fragments never ends a comment or a raw-text element
/// (its `<` and `>` in text are escaped), so a browser is still inside it when the next
/// fragment begins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Context {
    /// Open `<svg>` and `<math>` elements: inside them `<style>` and the other raw-text
    /// elements hold markup, not text.
    pub foreign: usize,
    pub open: Open,
}

/// The tags of a fragment and how it ends.
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    pub tags: Vec<RawTag<'a>>,
    pub ending: Ending,
    /// Byte offset of the `<` that began what the fragment ends inside (its length if it
    /// ends in text).
    pub ending_at: usize,
    pub context: Context,
}

/// Elements whose content is text up to their end tag, not markup. `<noscript>` is one in a
/// browser that runs scripts, which is every browser that matters here.
const RAW_TEXT: [&str; 10] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

fn is_space(b: u8) -> bool {
    // CR counts: the browser turns it into LF before tokenizing.
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Every start and end tag of an HTML fragment, skipping comments, doctypes and the content
/// of raw-text elements.
pub fn tags(html: &str) -> Vec<RawTag<'_>> {
    tokenize(html, Context::default()).tags
}

/// Tokenizes a fragment that begins in text, inside the elements `context` says are open.
pub fn tokenize(html: &str, mut context: Context) -> Tokens<'_> {
    let mut tags = Vec::new();
    let resumed = match context.open {
        Open::Nothing => Some(0),
        Open::Comment => comment_body_end(html, 0),
        Open::RawText(name) => raw_text_end(html, 0, name),
    };
    let (ending, ending_at) = match resumed {
        Some(at) => {
            context.open = Open::Nothing;
            scan(html, at, &mut context, Attributes::Read, &mut |tag| {
                tags.push(tag)
            })
        }
        None if context.open == Open::Comment => (Ending::Comment, 0),
        None => (Ending::RawText, 0),
    };
    Tokens {
        tags,
        ending,
        ending_at,
        context,
    }
}

/// Calls `f` with every start and end tag of a whole document, in order, without reading
/// their attributes ([`RawTag::attributes`] is empty): for passes that need only the element
/// structure, at a fraction of [`tags`]'s cost (no allocation per tag).
pub fn for_each_tag<'a>(html: &'a str, mut f: impl FnMut(&RawTag<'a>)) {
    scan(
        html,
        0,
        &mut Context::default(),
        Attributes::Skip,
        &mut |tag| f(&tag),
    );
}

/// Whether a scan decodes each tag's attributes or only steps over them to find the tag's end.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Attributes {
    Read,
    Skip,
}

/// Reads tags from `from` in the data state; returns how the fragment ends and where, and
/// leaves in `context` what stays open.
fn scan<'a>(
    html: &'a str,
    from: usize,
    context: &mut Context,
    attributes: Attributes,
    sink: &mut impl FnMut(RawTag<'a>),
) -> (Ending, usize) {
    let bytes = html.as_bytes();
    let mut i = from;
    loop {
        // memchr: `str::find(char)` compared each hit through a `memcmp` call, which was most
        // of this scan's time over a whole site's pages (perf).
        let Some(lt) = memchr::memchr(b'<', &bytes[i..]).map(|p| p + i) else {
            return (Ending::Text, html.len());
        };
        let next = bytes.get(lt + 1).copied();
        match next {
            Some(b'!') => match comment_end(html, lt) {
                Some(end) => {
                    i = end;
                    continue;
                }
                None if html[lt..].starts_with("<!--") => {
                    context.open = Open::Comment;
                    return (Ending::Comment, lt);
                }
                None => return (Ending::Declaration, lt),
            },
            Some(b'?') => match memchr::memchr(b'>', &bytes[lt..]) {
                Some(p) => {
                    i = lt + p + 1;
                    continue;
                }
                None => return (Ending::Declaration, lt),
            },
            Some(b'/') => match bytes.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => {}
                // `</>` is dropped; `</` and anything else opens a bogus comment up to `>`.
                Some(b'>') => {
                    i = lt + 3;
                    continue;
                }
                Some(_) => match memchr::memchr(b'>', &bytes[lt..]) {
                    Some(p) => {
                        i = lt + p + 1;
                        continue;
                    }
                    None => return (Ending::Declaration, lt),
                },
                None => return (Ending::Text, html.len()),
            },
            Some(c) if c.is_ascii_alphabetic() => {}
            _ => {
                i = lt + 1;
                continue;
            }
        }
        let closing = next == Some(b'/');
        let name_start = lt + 1 + usize::from(closing);
        let name_end = bytes[name_start..]
            .iter()
            .position(|&b| is_space(b) || b == b'/' || b == b'>')
            .map_or(bytes.len(), |p| name_start + p);
        let Some(parsed) = parse_attributes(html, name_end, attributes) else {
            return (Ending::Tag, lt);
        };
        let tag = RawTag {
            offset: lt,
            name: &html[name_start..name_end],
            closing,
            self_closing: parsed.self_closing,
            attrs: &html[name_end..parsed.end - 1],
            attributes: parsed.attributes,
        };
        i = parsed.end;
        let foreign = tag.is("svg") || tag.is("math");
        if foreign && closing {
            context.foreign = context.foreign.saturating_sub(1);
        } else if foreign && !tag.self_closing {
            context.foreign += 1;
        }
        let raw_text = if closing || context.foreign > 0 {
            None
        } else {
            RAW_TEXT.iter().find(|n| tag.is(n)).copied()
        };
        sink(tag);
        if let Some(name) = raw_text {
            match raw_text_end(html, i, name) {
                Some(end) => i = end,
                None => {
                    context.open = Open::RawText(name);
                    return (Ending::RawText, lt);
                }
            }
        }
    }
}

/// The end of a comment, doctype or other `<!…>` declaration starting at `lt`; `None` if the
/// fragment ends first.
fn comment_end(html: &str, lt: usize) -> Option<usize> {
    let rest = &html[lt + 2..];
    let Some(body) = rest.strip_prefix("--") else {
        // A doctype, CDATA outside SVG or a bogus comment: all end at the first `>`.
        return memchr::memchr(b'>', &html.as_bytes()[lt..]).map(|p| lt + p + 1);
    };
    let body_start = lt + 4;
    // `<!-->` and `<!--->` are complete (empty) comments.
    if body.starts_with('>') {
        return Some(body_start + 1);
    }
    if body.starts_with("->") {
        return Some(body_start + 2);
    }
    comment_body_end(html, body_start)
}

/// The end of a comment whose text starts at `from`: after `--`, any further dashes and `>`
/// or `!>`.
fn comment_body_end(html: &str, from: usize) -> Option<usize> {
    let mut from = from;
    while let Some(p) = html[from..].find("--") {
        let dashes = from + p;
        let mut j = dashes + 2;
        while html.as_bytes().get(j) == Some(&b'-') {
            j += 1;
        }
        let after = &html[j..];
        if after.starts_with('>') {
            return Some(j + 1);
        }
        if after.starts_with("!>") {
            return Some(j + 2);
        }
        from = dashes + 1;
    }
    None
}

/// Where the text of a raw-text element that starts at `from` ends: at the `<` of `</name`
/// followed by a space, `/` or `>` (any case). `<plaintext>` never ends.
fn raw_text_end(html: &str, from: usize, name: &str) -> Option<usize> {
    if name.eq_ignore_ascii_case("plaintext") {
        return None;
    }
    let bytes = html.as_bytes();
    let n = name.len();
    let mut at = from;
    while let Some(p) = html[at..].find("</") {
        let start = at + p;
        let name_at = start + 2;
        if bytes
            .get(name_at..name_at + n)
            .is_some_and(|s| s.eq_ignore_ascii_case(name.as_bytes()))
            && bytes
                .get(name_at + n)
                .is_some_and(|&b| is_space(b) || b == b'/' || b == b'>')
        {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

struct ParsedAttributes {
    attributes: Vec<Attribute>,
    self_closing: bool,
    /// Byte after the tag's `>`.
    end: usize,
}

/// Reads the attributes of a tag from `from` (just after its name) to its `>`, with the
/// standard's attribute states; `None` if the fragment ends inside the tag. With
/// [`Attributes::Skip`] the same states are walked but nothing is kept.
fn parse_attributes(html: &str, from: usize, mode: Attributes) -> Option<ParsedAttributes> {
    let keep = mode == Attributes::Read;
    let bytes = html.as_bytes();
    let mut attributes = Vec::new();
    let mut i = from;
    loop {
        // Before attribute name (and the self-closing start tag state's `/`).
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'>') {
                return Some(ParsedAttributes {
                    attributes,
                    self_closing: true,
                    end: i + 2,
                });
            }
            i += 1;
        }
        match bytes.get(i) {
            None => return None,
            Some(b'>') => {
                return Some(ParsedAttributes {
                    attributes,
                    self_closing: false,
                    end: i + 1,
                });
            }
            Some(_) => {}
        }
        // Attribute name: a leading `=` belongs to the name; quotes and `<` are name text.
        let name_start = i;
        i += 1;
        while i < bytes.len() && !(is_space(bytes[i]) || matches!(bytes[i], b'/' | b'>' | b'=')) {
            i += 1;
        }
        let name = if keep {
            html[name_start..i]
                .to_ascii_lowercase()
                .replace('\0', "\u{FFFD}")
        } else {
            String::new()
        };
        // After attribute name.
        let mut j = i;
        while j < bytes.len() && is_space(bytes[j]) {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            if keep {
                attributes.push(Attribute {
                    name,
                    value: String::new(),
                    span: None,
                });
            }
            i = j;
            continue;
        }
        // Before attribute value.
        i = j + 1;
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        let (raw, span) = match bytes.get(i) {
            None => return None,
            Some(b'>') => ("", i..i),
            Some(&q @ (b'"' | b'\'')) => {
                let close = memchr::memchr(q, &bytes[i + 1..])? + i + 1;
                let span = i..close + 1;
                let raw = &html[i + 1..close];
                i = close + 1;
                (raw, span)
            }
            Some(_) => {
                let start = i;
                while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'>' {
                    i += 1;
                }
                (&html[start..i], start..i)
            }
        };
        if keep {
            attributes.push(Attribute {
                name,
                value: decode_attribute(raw).into_owned(),
                span: Some(span),
            });
        }
    }
}

/// The attributes of a tag's attribute text ([`RawTag::attrs`]) as (lower-case name, value
/// with character references decoded).
pub fn attributes(attrs: &str) -> Vec<(String, String)> {
    let closed = format!("{attrs}>");
    parse_attributes(&closed, 0, Attributes::Read)
        .map(|p| p.attributes)
        .unwrap_or_default()
        .into_iter()
        .map(|a| (a.name, a.value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(html: &str) -> Vec<String> {
        tags(html)
            .iter()
            .map(|t| format!("{}{}", if t.closing { "/" } else { "" }, t.name))
            .collect()
    }

    #[test]
    fn comments_end_where_a_browser_ends_them() {
        assert_eq!(names("<!--><img src=x>-->"), ["img"]);
        assert_eq!(names("<!---><img src=x>-->"), ["img"]);
        assert_eq!(names("<!-- a --!><img src=x>"), ["img"]);
        assert_eq!(names("<!-- a ---><b>"), ["b"]);
        assert_eq!(names("<!-- <!--> <i>"), ["i"]);
        assert_eq!(names("<!-- <a> -- > <b> -->"), Vec::<String>::new());
        assert_eq!(names("<!-> <b>"), ["b"], "a bogus comment ends at >");
        assert_eq!(names("<?php x ?><b>"), ["b"]);
        assert_eq!(names("</ x><b></>"), ["b"]);
        let open = tokenize("<!-- open", Context::default());
        assert_eq!(open.ending, Ending::Comment);
        assert_eq!(open.context.open, Open::Comment);
        let next = tokenize("<a title=\"--><img src=x>\">", open.context);
        assert_eq!(
            next.tags.iter().map(|t| t.name).collect::<Vec<_>>(),
            ["img"],
            "a comment left open in an earlier fragment ends where the browser ends it"
        );
        assert_eq!(next.context.open, Open::Nothing);
        assert_eq!(
            tokenize("<!x", Context::default()).ending,
            Ending::Declaration
        );
    }

    #[test]
    fn quotes_open_values_only_after_equals() {
        assert_eq!(names("<a =\"x><img src=x onerror=y>\">"), ["a", "img"]);
        let t = &tags("<a =\"x>")[0];
        assert_eq!(t.attributes[0].name, "=\"x");
        assert_eq!(names("<a title=x\"y><b>"), ["a", "b"]);
        assert_eq!(names("<a title = 'x>y'><b>"), ["a", "b"]);
        assert_eq!(
            tokenize("<a title=\"x", Context::default()).ending,
            Ending::Tag
        );
    }

    #[test]
    fn raw_text_ends_only_at_its_own_end_tag() {
        assert_eq!(
            names("<noscript><p title=\"</noscript><img src=x onerror=y>\">"),
            ["noscript", "/noscript", "img"]
        );
        assert_eq!(names("<style></styles><b></style>"), ["style", "/style"]);
        assert_eq!(names("<STYLE>x</Style >"), ["STYLE", "/Style"]);
        let open = tokenize("<noscript>", Context::default());
        assert_eq!(open.ending, Ending::RawText);
        assert_eq!(open.context.open, Open::RawText("noscript"));
        let next = tokenize(
            "<p title=\"</noscript><img src=x onerror=y>\">",
            open.context,
        );
        assert_eq!(
            next.tags.iter().map(|t| t.name).collect::<Vec<_>>(),
            ["noscript", "img"]
        );
    }

    #[test]
    fn svg_and_math_hold_markup_in_style() {
        assert_eq!(
            names("<svg><style><img src=x onerror=y></style></svg><style><b></style>"),
            ["svg", "style", "img", "/style", "/svg", "style", "/style"]
        );
        let open = tokenize("<svg>", Context::default());
        assert_eq!(open.context.foreign, 1);
        assert_eq!(
            tokenize("<style><img></style>", open.context).tags.len(),
            3,
            "an <svg> left open in an earlier fragment still counts"
        );
    }

    #[test]
    fn attributes_are_read_like_a_browser() {
        let tag = &tags("<a  HREF = 'x y' data-x=1 hidden title=\"a > b\"/onclick=z>")[0];
        let got: Vec<(&str, &str)> = tag
            .attributes
            .iter()
            .map(|a| (a.name.as_str(), a.value.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("href", "x y"),
                ("data-x", "1"),
                ("hidden", ""),
                ("title", "a > b"),
                ("onclick", "z")
            ]
        );
        assert_eq!(attributes(tag.attrs).len(), 5);
        assert_eq!(tag.attributes[0].span, Some(11..16));
        assert!(tags("<br/>")[0].self_closing);
    }
}
