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
    match Cut::document(html) {
        Some(cut) if cut.depth > MINIFY_MAX_DEPTH => html.as_bytes().to_vec(),
        Some(cut) => CACHE.with(|cache| {
            let mut out = Vec::with_capacity(html.len());
            match cache.borrow_mut().splice(html, &cut.elements, &mut out) {
                true => out,
                false => minify_whole(html),
            }
        }),
        None => minify_whole(html),
    }
}

/// Whether [`minify_document`] minifies this document in parts (for tests that hold it to
/// the whole document's minification).
pub fn is_cut(html: &str) -> bool {
    Cut::document(html).is_some()
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
    /// Minifies `html` with the children of each cut element minified as parts: the rest
    /// (the skeleton) is minified whole, and each element's children go in before its end
    /// tag. `false`, with nothing written, where the minified skeleton does not show an end
    /// tag where one was cut.
    fn splice(&mut self, html: &str, elements: &[Element<'_>], out: &mut Vec<u8>) -> bool {
        let mut skeleton = String::with_capacity(html.len());
        let mut at = 0;
        for element in elements {
            if let (Some(first), Some(last)) = (element.children.first(), element.children.last()) {
                skeleton.push_str(&html[at..first.start]);
                at = last.end;
            }
        }
        skeleton.push_str(&html[at..]);
        let mut frame = Vec::with_capacity(skeleton.len());
        self.minify(skeleton.as_bytes(), &mut frame);
        let mut ends = Vec::with_capacity(elements.len());
        let mut from = 0;
        for element in elements {
            let end_tag = format!("</{}>", element.name);
            let Some(end) = find(&frame[from..], end_tag.as_bytes()).map(|p| p + from) else {
                return false;
            };
            ends.push(end);
            from = end + end_tag.len();
        }
        let mut written = 0;
        for (element, end) in elements.iter().zip(ends) {
            out.extend_from_slice(&frame[written..end]);
            for child in &element.children {
                self.minify_part(&html[child.clone()], out);
            }
            written = end;
        }
        out.extend_from_slice(&frame[written..]);
        true
    }

    /// Minifies a child of a cut element, a large one in parts of its own.
    fn minify_part(&mut self, part: &str, out: &mut Vec<u8>) {
        if part.len() > CUT_AGAIN {
            if let Some(cut) = Cut::element(part) {
                if self.splice(part, &cut.elements, out) {
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

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// An element opened at the cut level, with where its children are.
#[derive(Debug)]
struct Element<'a> {
    name: &'a str,
    children: Vec<Range<usize>>,
}

/// The elements opened at one nesting level of a text, each with its children: where they
/// can be minified apart. minify-html drops the whitespace between children of "layout"
/// elements and, with closing tags kept, minifies an element the same wherever it stands;
/// so a cut is made only where nothing but whitespace stands between an element's start
/// tag, its children and its end tag, and every element is closed by its own end tag.
struct Cut<'a> {
    /// The elements opened at the top (level 0), and how many.
    root: Option<&'a str>,
    roots: usize,
    elements: Vec<Element<'a>>,
    /// The deepest element nesting (for the minifier's guard).
    depth: usize,
}

impl<'a> Cut<'a> {
    /// A document cut at the children of `<head>` and `<body>`.
    fn document(html: &'a str) -> Option<Cut<'a>> {
        let cut = Cut::at(html, 1)?;
        let names: Vec<&str> = cut.elements.iter().map(|e| e.name).collect();
        let shape = cut.roots == 1
            && cut.root.is_some_and(|r| r.eq_ignore_ascii_case("html"))
            && names.len() == 2
            && names[0].eq_ignore_ascii_case("head")
            && names[1].eq_ignore_ascii_case("body")
            && cut.elements.iter().all(|e| !e.children.is_empty());
        shape.then_some(cut)
    }

    /// A part that is exactly one layout element, cut at its children.
    fn element(part: &'a str) -> Option<Cut<'a>> {
        let cut = Cut::at(part, 0)?;
        let one = cut.elements.len() == 1
            && part.starts_with('<')
            && part.ends_with('>')
            && is_layout(cut.elements[0].name)
            && !cut.elements[0].children.is_empty();
        one.then_some(cut)
    }

    /// Walks `html` once; `None` where a cut at `level` could change what minify-html makes.
    fn at(html: &'a str, level: usize) -> Option<Cut<'a>> {
        let mut cut = Cut {
            root: None,
            roots: 0,
            elements: Vec::new(),
            depth: 0,
        };
        let mut stack: Vec<&str> = Vec::new();
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
                // An end tag closing something else (an omitted `</p>`, a stray tag): the
                // minifier's tree is not this one.
                if !stack
                    .last()
                    .is_some_and(|open| open.eq_ignore_ascii_case(tag.name))
                {
                    ok = false;
                    return;
                }
                stack.pop();
                if stack.len() == level {
                    ok = blank(last_end, tag.offset);
                } else if stack.len() == level + 1 {
                    if let Some(element) = cut.elements.last_mut() {
                        element.children.push(child_start..end);
                    }
                    last_end = end;
                }
                return;
            }
            let d = stack.len();
            if d == 0 {
                cut.roots += 1;
                cut.root.get_or_insert(tag.name);
            }
            if d == level + 1 {
                ok = blank(last_end, tag.offset);
                child_start = tag.offset;
            }
            let foreign = stack.iter().any(|n| is_foreign(n)) || is_foreign(tag.name);
            if is_void(tag.name) || (tag.self_closing && foreign) {
                if d == level + 1 {
                    if let Some(element) = cut.elements.last_mut() {
                        element.children.push(child_start..end);
                    }
                    last_end = end;
                } else if d == level {
                    // A void element where elements are cut: nothing to cut it at.
                    ok = false;
                }
                return;
            }
            if d == level {
                cut.elements.push(Element {
                    name: tag.name,
                    children: Vec::new(),
                });
                last_end = end;
            }
            stack.push(tag.name);
            cut.depth = cut.depth.max(stack.len());
        });
        (ok && stack.is_empty()).then_some(cut)
    }
}

/// Elements whose whitespace-only text between children minify-html drops (its "layout"
/// class), so that their children can be minified apart.
fn is_layout(name: &str) -> bool {
    const LAYOUT: [&str; 32] = [
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
        "ul",
    ];
    LAYOUT.iter().any(|l| l.eq_ignore_ascii_case(name))
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
        let cut = Cut::document(html)?;
        let text = |e: &Element<'_>| -> Vec<&str> {
            e.children.iter().map(|r| &html[r.clone()]).collect()
        };
        Some((text(&cut.elements[0]), text(&cut.elements[1])))
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
        assert!(Cut::document(&page).unwrap().depth > MINIFY_MAX_DEPTH);
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
        let cut = Cut::element(&table).unwrap();
        assert_eq!(cut.elements[0].name, "table");
        assert_eq!(cut.elements[0].children.len(), 1, "the tbody");
        assert_eq!(
            Cut::element(&tbody).unwrap().elements[0].children.len(),
            4000
        );
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
            assert!(Cut::element(&html).is_none(), "{}", &html[..40]);
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
