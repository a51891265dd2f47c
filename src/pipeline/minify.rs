//! Minifying written documents with minify-html, in parts.
//!
//! Every page of a site repeats most of its template: the `<head>`'s links and scripts, the
//! header, the menu, the footer. Minifying each whole document parsed that chrome again for
//! every page: a third of a build's CPU (perf, 10,000 pages). So a document is cut into its
//! skeleton (`<html>`, `<head>`, `<body>` and what stands between them) and the children of
//! `<head>` and `<body>`; each child is minified on its own, and a child seen before on this
//! thread comes from a cache. minify-html treats whitespace between children of `<head>` and
//! `<body>` as removable (they are "layout" elements) and, with closing tags kept, minifies
//! an element the same wherever it stands, so the joined parts are byte for byte the whole
//! document's minification. The cut is made only where that holds: children separated by
//! whitespace alone, every element closed by its own end tag. Anything else (a comment
//! between children, an omitted `</p>`, no `<body>`) is minified whole, as before.

use crate::markdown::tokenizer::{RawTag, for_each_tag};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::ops::Range;

/// Documents nested deeper than this are written without minification: the minifier
/// recurses once per level (about 8 KiB of stack per level in a debug build). Markdown is
/// limited to [`crate::markdown::html::MAX_DEPTH`], so only a theme could get here.
pub const MINIFY_MAX_DEPTH: usize = crate::markdown::html::MINIFY_MAX_DEPTH;

/// Minifies a document: in parts with the thread's cache where the document allows it
/// (module docs), whole otherwise; a document nested too deep is returned as it is.
pub fn minify_document(html: &str) -> Vec<u8> {
    match outline(html) {
        Some(outline) if outline.depth > MINIFY_MAX_DEPTH => html.as_bytes().to_vec(),
        Some(outline) => CACHE.with(|cache| outline.minify(html, &mut cache.borrow_mut())),
        None => minify_whole(html),
    }
}

/// Whether [`minify_document`] minifies this document in parts (for tests that hold it to
/// the whole document's minification).
pub fn is_cut(html: &str) -> bool {
    outline(html).is_some()
}

/// Minifies a whole document at once with minify-html's spec-compliant settings (its
/// one-pass variant is twice as fast but writes `a="x"b=y` and `&lt` without a semicolon,
/// which the HTML checker reports as errors).
pub fn minify_whole(html: &str) -> Vec<u8> {
    if crate::markdown::html::nesting_depth(html) > MINIFY_MAX_DEPTH {
        return html.as_bytes().to_vec();
    }
    minify_html::minify(html.as_bytes(), &config())
}

fn config() -> minify_html::Cfg {
    minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        keep_comments: false,
        minify_css: false,
        minify_js: false,
        ..minify_html::Cfg::default()
    }
}

thread_local! {
    static CACHE: RefCell<PartCache> = RefCell::new(PartCache::default());
}

/// Minified parts by their source. A part is kept from its second sighting on, so the parts
/// only one page has (its `<main>`, its `<title>`) cost a hash each and no copy.
#[derive(Default)]
struct PartCache {
    seen: FxHashSet<u64>,
    minified: FxHashMap<Box<[u8]>, Box<[u8]>>,
    bytes: usize,
}

/// Beyond these the cache starts over: a site's chrome has a few hundred distinct parts
/// (one set per folder depth and menu state), so this bounds memory, not hits.
const MAX_SEEN: usize = 1 << 18;
const MAX_CACHED_BYTES: usize = 16 << 20;

/// A part larger than this (a page listing every page of a large site) is cut again into
/// its children where it can be: minify-html holds a whole part as a tree, several times
/// its size, and two such trees at once were the peak memory of a 50,000-page build.
const CUT_AGAIN: usize = 64 << 10;

impl PartCache {
    /// Minifies a child of `<head>` or `<body>`, a large one in parts of its own.
    fn minify_part(&mut self, part: &str, out: &mut Vec<u8>) {
        if part.len() > CUT_AGAIN {
            if let Some(element) = Element::cut(part) {
                let mut shell = String::with_capacity(element.open.len() + element.close.len());
                shell.push_str(&part[element.open.clone()]);
                shell.push_str(&part[element.close.clone()]);
                let mut frame = Vec::with_capacity(shell.len());
                self.minify(shell.as_bytes(), &mut frame);
                if let Some(close) = rfind(&frame, b"</") {
                    out.extend_from_slice(&frame[..close]);
                    for child in element.children {
                        self.minify_part(&part[child], out);
                    }
                    out.extend_from_slice(&frame[close..]);
                    return;
                }
            }
        }
        self.minify(part.as_bytes(), out)
    }

    fn minify(&mut self, part: &[u8], out: &mut Vec<u8>) {
        if let Some(small) = self.minified.get(part) {
            out.extend_from_slice(small);
            return;
        }
        let small = minify_html::minify(part, &config());
        out.extend_from_slice(&small);
        let mut hasher = FxHasher::default();
        part.hash(&mut hasher);
        if self.seen.insert(hasher.finish()) {
            if self.seen.len() > MAX_SEEN {
                self.seen.clear();
            }
            return;
        }
        self.bytes += part.len() + small.len();
        if self.bytes > MAX_CACHED_BYTES {
            self.minified.clear();
            self.bytes = part.len() + small.len();
        }
        self.minified.insert(part.into(), small.into_boxed_slice());
    }
}

/// Where a document's parts are: the children of `<head>` and of `<body>`, in order.
#[derive(Debug, PartialEq)]
struct Outline {
    head: Vec<Range<usize>>,
    body: Vec<Range<usize>>,
    /// The deepest element nesting (for the minifier's guard).
    depth: usize,
}

impl Outline {
    fn minify(&self, html: &str, cache: &mut PartCache) -> Vec<u8> {
        let (Some(head), Some(body)) = (self.span(&self.head), self.span(&self.body)) else {
            return minify_whole(html);
        };
        let mut skeleton = String::with_capacity(html.len() - (head.len() + body.len()));
        skeleton.push_str(&html[..head.start]);
        skeleton.push_str(&html[head.end..body.start]);
        skeleton.push_str(&html[body.end..]);
        let mut frame = Vec::with_capacity(skeleton.len());
        cache.minify(skeleton.as_bytes(), &mut frame);
        let (Some(head_end), Some(body_end)) =
            (find(&frame, b"</head>"), rfind(&frame, b"</body>"))
        else {
            return minify_whole(html);
        };
        if head_end > body_end {
            return minify_whole(html);
        }
        let mut out = Vec::with_capacity(html.len());
        out.extend_from_slice(&frame[..head_end]);
        for part in &self.head {
            cache.minify_part(&html[part.clone()], &mut out);
        }
        out.extend_from_slice(&frame[head_end..body_end]);
        for part in &self.body {
            cache.minify_part(&html[part.clone()], &mut out);
        }
        out.extend_from_slice(&frame[body_end..]);
        out
    }

    /// From the first part's start to the last one's end; an element without children
    /// spans nothing, at the position of its end tag (not known here, so no cut).
    fn span(&self, parts: &[Range<usize>]) -> Option<Range<usize>> {
        Some(parts.first()?.start..parts.last()?.end)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::rfind(haystack, needle)
}

/// The document's outline, or `None` where cutting it could change the minified result.
fn outline(html: &str) -> Option<Outline> {
    let mut walk = Walk {
        html,
        stack: Vec::new(),
        head: Vec::new(),
        body: Vec::new(),
        part_start: 0,
        last_end: None,
        depth: 0,
        opened_head: false,
        opened_body: false,
        ok: true,
    };
    for_each_tag(html, |tag| walk.tag(tag));
    let Walk {
        stack,
        head,
        body,
        depth,
        ok,
        ..
    } = walk;
    (ok && stack.is_empty() && !head.is_empty() && !body.is_empty()).then_some(Outline {
        head,
        body,
        depth,
    })
}

struct Walk<'a> {
    html: &'a str,
    /// The open elements, `html` first.
    stack: Vec<&'a str>,
    head: Vec<Range<usize>>,
    body: Vec<Range<usize>>,
    /// Where the child of `<head>` or `<body>` being read began.
    part_start: usize,
    /// Where the last child of the current `<head>` or `<body>` ended (or its start tag).
    last_end: Option<usize>,
    depth: usize,
    opened_head: bool,
    opened_body: bool,
    ok: bool,
}

impl<'a> Walk<'a> {
    fn tag(&mut self, tag: &RawTag<'a>) {
        if !self.ok {
            return;
        }
        let end = tag_end(self.html, tag);
        if tag.closing {
            match self.stack.last() {
                Some(open) if open.eq_ignore_ascii_case(tag.name) => {}
                // An end tag closing something else (an omitted `</p>`, a stray tag): the
                // minifier's tree is not this one.
                _ => return self.ok = false,
            }
            self.stack.pop();
            match self.stack.len() {
                // `</head>` or `</body>`: only whitespace after the last child.
                1 => self.ok &= self.blank_since_last(tag.offset),
                2 if self.in_head_or_body() => self.close_part(end),
                _ => {}
            }
            return;
        }
        let level = self.stack.len();
        match level {
            0 if !tag.is("html") => return self.ok = false,
            1 if !self.may_open(tag) => return self.ok = false,
            2 if self.in_head_or_body() => {
                if !self.blank_since_last(tag.offset) {
                    return self.ok = false;
                }
                self.part_start = tag.offset;
            }
            _ => {}
        }
        let foreign = self.stack.iter().any(|n| is_foreign(n)) || is_foreign(tag.name);
        if is_void(tag.name) || (tag.self_closing && foreign) {
            if level == 2 && self.in_head_or_body() {
                self.close_part(end);
            }
            return;
        }
        self.stack.push(tag.name);
        self.depth = self.depth.max(self.stack.len());
        if level == 1 {
            self.last_end = Some(end);
            self.opened_head |= tag.is("head");
            self.opened_body |= tag.is("body");
        }
    }

    /// `<head>` first, then `<body>`, each once: what may open inside `<html>`.
    fn may_open(&self, tag: &RawTag<'_>) -> bool {
        let opened = (self.opened_head, self.opened_body);
        (tag.is("head") && opened == (false, false)) || (tag.is("body") && opened == (true, false))
    }

    fn in_head_or_body(&self) -> bool {
        self.stack
            .get(1)
            .is_some_and(|n| n.eq_ignore_ascii_case("head") || n.eq_ignore_ascii_case("body"))
    }

    fn close_part(&mut self, end: usize) {
        let part = self.part_start..end;
        if self.stack[1].eq_ignore_ascii_case("head") {
            self.head.push(part);
        } else {
            self.body.push(part);
        }
        self.last_end = Some(end);
    }

    /// Whether only whitespace stands between the last child (or the parent's start tag)
    /// and `at`: text or a comment there would be minified apart from its neighbours.
    fn blank_since_last(&self, at: usize) -> bool {
        let from = self.last_end.unwrap_or(0);
        from <= at
            && self.html.as_bytes()[from..at]
                .iter()
                .all(|b| b.is_ascii_whitespace())
    }
}

/// One element cut into its start tag, its children and its end tag: only an element whose
/// children minify-html minifies apart ("layout" elements: whitespace between children is
/// dropped), with nothing but whitespace between them, every element closed by its own tag.
struct Element {
    open: Range<usize>,
    children: Vec<Range<usize>>,
    close: Range<usize>,
}

impl Element {
    /// Cuts `html`, which must be exactly one element.
    fn cut(html: &str) -> Option<Element> {
        let mut stack: Vec<&str> = Vec::new();
        let mut element = Element {
            open: 0..0,
            children: Vec::new(),
            close: 0..0,
        };
        let (mut last_end, mut child_start, mut ok) = (0, 0, true);
        let blank = |from: usize, to: usize| {
            from <= to
                && html.as_bytes()[from..to]
                    .iter()
                    .all(u8::is_ascii_whitespace)
        };
        for_each_tag(html, |tag| {
            if !ok {
                return;
            }
            let end = tag_end(html, tag);
            if tag.closing {
                if !stack
                    .last()
                    .is_some_and(|open| open.eq_ignore_ascii_case(tag.name))
                {
                    ok = false;
                    return;
                }
                stack.pop();
                match stack.len() {
                    0 => {
                        ok = blank(last_end, tag.offset) && end == html.len();
                        element.close = tag.offset..end;
                    }
                    1 => {
                        element.children.push(child_start..end);
                        last_end = end;
                    }
                    _ => {}
                }
                return;
            }
            match stack.len() {
                0 if tag.offset != 0 || !is_layout(tag.name) || !element.open.is_empty() => {
                    ok = false;
                    return;
                }
                0 => {
                    element.open = 0..end;
                    last_end = end;
                }
                1 => {
                    if !blank(last_end, tag.offset) {
                        ok = false;
                        return;
                    }
                    child_start = tag.offset;
                }
                _ => {}
            }
            let foreign = stack.iter().any(|n| is_foreign(n)) || is_foreign(tag.name);
            if is_void(tag.name) || (tag.self_closing && foreign) {
                if stack.len() == 1 {
                    element.children.push(child_start..end);
                    last_end = end;
                } else if stack.is_empty() {
                    ok = false;
                }
                return;
            }
            stack.push(tag.name);
        });
        (ok && stack.is_empty() && !element.close.is_empty() && !element.children.is_empty())
            .then_some(element)
    }
}

/// Elements whose whitespace-only text between children minify-html drops (its "layout"
/// class), so that their children can be minified apart.
fn is_layout(name: &str) -> bool {
    const LAYOUT: [&str; 31] = [
        "article",
        "aside",
        "blockquote",
        "body",
        "colgroup",
        "datalist",
        "dialog",
        "div",
        "dl",
        "fieldset",
        "figure",
        "footer",
        "form",
        "head",
        "header",
        "hgroup",
        "html",
        "main",
        "map",
        "menu",
        "nav",
        "ol",
        "optgroup",
        "picture",
        "section",
        "select",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
    ];
    LAYOUT.iter().any(|l| l.eq_ignore_ascii_case(name)) || name.eq_ignore_ascii_case("ul")
}

/// The byte offset just past the tag's `>`.
fn tag_end(html: &str, tag: &RawTag<'_>) -> usize {
    tag.attrs.as_ptr() as usize - html.as_ptr() as usize + tag.attrs.len() + 1
}

fn is_foreign(name: &str) -> bool {
    name.eq_ignore_ascii_case("svg") || name.eq_ignore_ascii_case("math")
}

fn is_void(name: &str) -> bool {
    const VOID: [&str; 15] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "param", "keygen",
    ];
    name.len() <= 6 && VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!doctype html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n<title>A &amp; B</title>\n<script type=\"application/json\" id=\"t\">{\"a\": \"<b>\"}</script>\n<link rel=\"stylesheet\" href=\"../css/style.css\">\n</head>\n<body class=\"side\">\n<a class=\"skip-link\" href=\"#main\">Hopp</a>\n<header class=\"site-header\">\n  <nav aria-label=\"Meny\">\n    <ul>\n      <li><a href=\"../a/index.html\" aria-current=\"true\">A</a></li>\n      <li><a href=\"../b/index.html\">B</a></li>\n    </ul>\n  </nav>\n</header>\n<main id=\"main\">\n  <h1>Tittel</h1>\n  <p>En <a href=\"x.html\" title=\"a b\">lenke</a> <strong>her</strong> &lt;3 &amp; mer</p>\n  <pre><code>  a\n    b</code></pre>\n  <svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/><circle r=\"1\"/></svg>\n  <textarea>  <b>  </textarea>\n</main>\n<footer><p>Bunn</p></footer>\n</body>\n</html>\n";

    fn parts(html: &str) -> Option<(Vec<&str>, Vec<&str>)> {
        let o = outline(html)?;
        let text = |r: &Range<usize>| &html[r.clone()];
        Some((
            o.head.iter().map(text).collect(),
            o.body.iter().map(text).collect(),
        ))
    }

    #[test]
    fn a_page_is_cut_into_the_children_of_head_and_body() {
        let (head, body) = parts(PAGE).unwrap();
        assert_eq!(head.len(), 4, "{head:?}");
        assert_eq!(head[0], "<meta charset=\"utf-8\">");
        assert!(head[2].starts_with("<script") && head[2].ends_with("</script>"));
        assert_eq!(body.len(), 4, "{body:?}");
        assert!(body[1].starts_with("<header") && body[1].ends_with("</header>"));
        assert!(body[2].starts_with("<main") && body[2].ends_with("</main>"));
    }

    #[test]
    fn minified_in_parts_equals_minified_whole() {
        let whole = minify_whole(PAGE);
        assert_eq!(
            String::from_utf8(minify_document(PAGE)).unwrap(),
            String::from_utf8(whole.clone()).unwrap()
        );
        // From the cache, a second time and a third.
        assert_eq!(minify_document(PAGE), whole);
        assert_eq!(minify_document(PAGE), whole);
    }

    #[test]
    fn documents_that_cannot_be_cut_are_minified_whole() {
        // Each case would change if cut: text or a comment between children, an end tag
        // left to the parser, no head or body, a stray end tag.
        let cases = [
            PAGE.replace("<header", "tekst <header"),
            PAGE.replace("<header", "<!-- merknad --><header"),
            PAGE.replace("<p>Bunn</p>", "<p>Bunn"),
            PAGE.replace("</footer>", "</footer></div>"),
            PAGE.replace("<head>", "").replace("</head>", ""),
            PAGE.replace("</body>", "</body><body><p>igjen</p></body>"),
            "<p>Bare et fragment</p>\n<p>to</p>".to_string(),
            "<html><head></head><body></body></html>".to_string(),
        ];
        for case in &cases {
            assert_eq!(parts(case), None, "{case}");
            assert_eq!(minify_document(case), minify_whole(case), "{case}");
        }
    }

    #[test]
    fn minified_html_stays_conforming() {
        // What the HTML checker requires: a space between attributes, character references
        // with their semicolon; and text and preformatted spaces kept.
        let html = "<!doctype html>\n<html lang=\"nb\">\n<head>\n  <title>T</title>\n</head>\n<body>\n  <main>\n    <p>En <a href=\"x.html\" title=\"a b\" class=\"c\">lenke</a> <strong>her</strong> &lt;3 &amp; mer</p>\n    <pre><code>  a\n    b</code></pre>\n  </main>\n</body>\n</html>\n";
        let small = String::from_utf8(minify_document(html)).unwrap();
        assert!(small.contains("title=\"a b\" "), "{small}");
        // A bare `&` before a space needs no reference; `&lt;` keeps its semicolon.
        assert!(small.contains("&lt;3 & mer"), "{small}");
        assert!(small.contains("<strong>her</strong>"), "{small}");
        assert!(small.contains("<code>  a\n    b</code>"), "{small}");
        assert!(small.len() < html.len());
    }

    #[test]
    fn a_document_too_deep_for_the_minifier_is_written_as_it_is() {
        let deep = format!(
            "{}x{}",
            "<div>".repeat(MINIFY_MAX_DEPTH + 1),
            "</div>".repeat(MINIFY_MAX_DEPTH + 1)
        );
        assert_eq!(minify_whole(&deep), deep.as_bytes());
        let page = PAGE.replace("<h1>Tittel</h1>", &deep);
        assert!(outline(&page).unwrap().depth > MINIFY_MAX_DEPTH);
        assert_eq!(minify_document(&page), page.as_bytes());
    }

    #[test]
    fn a_large_part_is_cut_again_into_its_children() {
        let rows: String = (0..4000)
            .map(|i| format!("\n  <tr>\n    <td>Rad   {i}</td>\n    <td><a href=\"x{i}.html\" title=\"a b\">lenke</a></td>\n  </tr>"))
            .collect();
        let tbody = format!("<tbody>{rows}\n</tbody>");
        let table = format!("<table class=\"stor\">\n{tbody}\n</table>");
        assert!(table.len() > CUT_AGAIN);
        let element = Element::cut(&table).unwrap();
        assert_eq!(element.children.len(), 1, "the tbody");
        assert_eq!(&table[element.close.clone()], "</table>");
        assert_eq!(Element::cut(&tbody).unwrap().children.len(), 4000);
        let page = PAGE.replace("<h1>Tittel</h1>", &table);
        assert_eq!(
            String::from_utf8(minify_document(&page)).unwrap(),
            String::from_utf8(minify_whole(&page)).unwrap()
        );
        // Not cut: text beside the children, a formatting element, a stray end tag.
        for html in [
            tbody.replace("<tbody>", "<tbody>tekst"),
            format!("<p>{rows}</p>"),
            tbody.replace("</tbody>", "</tr></tbody>"),
            tbody.replace("</td>\n  </tr>", "</td>\n  </tr><!-- x -->"),
        ] {
            assert!(Element::cut(&html).is_none(), "{}", &html[..40]);
        }
    }

    #[test]
    fn the_cache_keeps_parts_from_their_second_sighting() {
        let mut cache = PartCache::default();
        let mut out = Vec::new();
        cache.minify(b"<p>a   b</p>", &mut out);
        assert!(cache.minified.is_empty());
        cache.minify(b"<p>a   b</p>", &mut out);
        cache.minify(b"<p>a   b</p>", &mut out);
        assert_eq!(cache.minified.len(), 1);
        assert_eq!(out, b"<p>a b</p><p>a b</p><p>a b</p>");
    }
}
