//! Elements of a parsed page picked by hand instead of by CSS selector lists.
//!
//! The selectors crate checks every part of a list against every element, through several
//! layers of calls; for lists of plain tag names, class names and ids one look at each element's
//! name and attributes gives the same elements in the same (document) order at a fraction of the
//! cost. Each function here states the selector list it stands for, and the tests hold it to
//! that selector on real and made-up pages.
//!
//! The semantics copied are dom_query's: it always matches in no-quirks mode, so class names and
//! ids compare case-sensitively whatever the page's doctype; `.a` is a token of the element's
//! first `class` attribute split at ASCII whitespace; `#a` is any `id` attribute equal to `a`;
//! `[class*=a]` is a `class` attribute in no namespace whose value contains `a`; a tag name is
//! compared with the element's local name in any namespace.

use dom_query::{Document as Dom, Element, NodeData, NodeRef, local_name};

/// Whether `token` is a class name of [`crate::html`]'s page furniture.
fn is_furniture_class(token: &str) -> bool {
    matches!(
        token,
        "breadcrumb"
            | "breadcrumbs"
            | "date"
            | "time"
            | "publish-date"
            | "post-date"
            | "share"
            | "sharing"
            | "social-share"
            | "social_share"
            | "share-bar"
            | "comment"
            | "comments"
            | "box_comment"
            | "box-comment"
            | "related"
            | "box-tinlienquan"
            | "tags"
            | "keywords"
            | "article-tags"
    )
}

/// Page furniture that readability may take for article text (a breadcrumb or a date line next
/// to the title, a share bar or comments next to the body), by the class names and ids Vietnamese
/// news sites use. Removed after the metadata is read. Exact names only: a substring match would
/// hit wrappers such as `has-comments` that hold the article.
///
/// Whether `nav, time, .breadcrumb, .breadcrumbs, .date, .time, .publish-date, .post-date, .share,
/// .sharing, .social-share, .social_share, .share-bar, .comment, .comments, .box_comment,
/// .box-comment, #comments, .related, .box-tinlienquan, .tags, .keywords, .article-tags` matches
/// the element.
fn is_furniture(e: &Element) -> bool {
    e.name.local == local_name!("nav")
        || e.name.local == local_name!("time")
        || has_class_where(e, is_furniture_class)
        || e.attrs.iter().any(|a| a.name.local == local_name!("id") && &*a.value == "comments")
}

/// Whether `time, .date, .time, .publish-date, .post-date, [class*=date], [class*=time]` matches
/// the element. A class token `.date` and the others name is in the `class` attribute, so the
/// substring tests cover them.
fn is_date_holder(e: &Element) -> bool {
    e.name.local == local_name!("time")
        || e.attrs.iter().any(|a| {
            a.name.local == local_name!("class")
                && a.name.ns.is_empty()
                && a.value.as_bytes().windows(4).any(|w| w == b"date" || w == b"time")
        })
}

/// The elements [`crate::html`] reads metadata from or removes, found in one walk instead of one
/// walk (or more) per selector. Each metadata field names the selector whose first match
/// (`select(…).first()`) it holds; the lists hold every match, in document order.
#[derive(Default)]
pub(crate) struct PageElements<'a> {
    /// `h1`
    pub h1: Option<NodeRef<'a>>,
    /// `title`
    pub title: Option<NodeRef<'a>>,
    /// `link[rel=canonical]`
    pub canonical: Option<NodeRef<'a>>,
    /// `meta[property='og:url']`
    pub og_url: Option<NodeRef<'a>>,
    /// `meta[property='og:title']`
    pub og_title: Option<NodeRef<'a>>,
    /// `meta[property='og:site_name']`
    pub og_site_name: Option<NodeRef<'a>>,
    /// `meta[property='article:published_time']`
    pub published_time: Option<NodeRef<'a>>,
    /// `meta[itemprop=datePublished]`
    pub date_published: Option<NodeRef<'a>>,
    /// `meta[name=author]`
    pub author: Option<NodeRef<'a>>,
    /// `script[type='application/ld+json']`
    pub json_ld: Vec<NodeRef<'a>>,
    /// The page furniture ([`is_furniture`]).
    pub furniture: Vec<NodeRef<'a>>,
    /// The elements that may hold the page's date ([`is_date_holder`]).
    pub date_holders: Vec<NodeRef<'a>>,
}

/// The elements of `dom` under its root (see [`PageElements`]), in the walk dom_query's `select`
/// makes.
pub(crate) fn page_elements<'a>(dom: &'a Dom) -> PageElements<'a> {
    let tree = &dom.tree;
    let mut found = PageElements::default();
    for id in tree.descendant_ids_of_it(&dom.root().id) {
        let node = NodeRef::new(id, tree);
        let set = |slot: &mut Option<NodeRef<'a>>| {
            if slot.is_none() {
                *slot = Some(node);
            }
        };
        tree.query_node(&id, |tree_node| {
            let NodeData::Element(e) = &tree_node.data else { return };
            if is_furniture(e) {
                found.furniture.push(node);
            }
            if is_date_holder(e) {
                found.date_holders.push(node);
            }
            let name = &e.name.local;
            if *name == local_name!("meta") {
                for a in e.attrs.iter().filter(|a| a.name.ns.is_empty()) {
                    match (&*a.name.local, &*a.value) {
                        ("property", "og:url") => set(&mut found.og_url),
                        ("property", "og:title") => set(&mut found.og_title),
                        ("property", "og:site_name") => set(&mut found.og_site_name),
                        ("property", "article:published_time") => set(&mut found.published_time),
                        ("itemprop", "datePublished") => set(&mut found.date_published),
                        ("name", "author") => set(&mut found.author),
                        _ => {}
                    }
                }
            } else if *name == local_name!("h1") {
                set(&mut found.h1);
            } else if *name == local_name!("title") {
                set(&mut found.title);
            } else if *name == local_name!("link") {
                if html_attr_equals(e, "rel", "canonical") {
                    set(&mut found.canonical);
                }
            } else if *name == local_name!("script") && html_attr_equals(e, "type", "application/ld+json") {
                found.json_ld.push(node);
            }
        });
    }
    found
}

/// `[name=value]` for an attribute whose value HTML compares ASCII case-insensitively (`rel`,
/// `type`) on HTML elements, and exactly on others.
fn html_attr_equals(e: &Element, name: &str, value: &str) -> bool {
    let html = &*e.name.ns == "http://www.w3.org/1999/xhtml";
    e.attrs.iter().any(|a| {
        &*a.name.local == name
            && a.name.ns.is_empty()
            && if html { a.value.eq_ignore_ascii_case(value) } else { &*a.value == value }
    })
}

/// Whether `is_class` holds for a token of the element's first `class` attribute.
fn has_class_where(e: &Element, is_class: fn(&str) -> bool) -> bool {
    let Some(class) = e.attrs.iter().find(|a| a.name.local == local_name!("class")) else { return false };
    class.value.split_ascii_whitespace().any(is_class)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FURNITURE: &str = "nav, time, .breadcrumb, .breadcrumbs, .date, .time, .publish-date, .post-date, \
        .share, .sharing, .social-share, .social_share, .share-bar, .comment, .comments, .box_comment, \
        .box-comment, #comments, .related, .box-tinlienquan, .tags, .keywords, .article-tags";
    const DATES: &str = "time, .date, .time, .publish-date, .post-date, [class*=date], [class*=time]";

    fn ids(nodes: &[NodeRef]) -> Vec<dom_query::NodeId> {
        nodes.iter().map(|n| n.id).collect()
    }

    /// The hand matchers pick the same elements, in the same order, as the selectors.
    fn assert_same_as_selectors(html: &str) {
        let dom = Dom::from(html);
        let found = page_elements(&dom);
        assert_eq!(ids(&found.furniture), ids(dom.select(FURNITURE).nodes()), "furniture in {html:.300}");
        assert_eq!(ids(&found.date_holders), ids(dom.select(DATES).nodes()), "date holders in {html:.300}");
    }

    /// The metadata elements are the first matches of their selectors.
    fn assert_meta_same_as_selectors(html: &str) {
        let dom = Dom::from(html);
        let found = page_elements(&dom);
        let first = |selector: &str| dom.select(selector).nodes().first().map(|n| n.id);
        for (node, selector) in [
            (found.h1, "h1"),
            (found.title, "title"),
            (found.canonical, "link[rel=canonical]"),
            (found.og_url, "meta[property='og:url']"),
            (found.og_title, "meta[property='og:title']"),
            (found.og_site_name, "meta[property='og:site_name']"),
            (found.published_time, "meta[property='article:published_time']"),
            (found.date_published, "meta[itemprop=datePublished]"),
            (found.author, "meta[name=author]"),
        ] {
            assert_eq!(node.map(|n| n.id), first(selector), "{selector} in {html:.300}");
        }
        let scripts = dom.select("script[type='application/ld+json']");
        assert_eq!(ids(&found.json_ld), ids(scripts.nodes()), "json-ld in {html:.300}");
    }

    /// Pages with metadata elements in odd places and spellings.
    fn odd_meta_pages() -> Vec<String> {
        let mut pages = Vec::new();
        let tags = [
            "<meta property=\"og:url\" content=a>",
            "<meta property=\"OG:URL\" content=b>",
            "<meta name=\"og:url\" property=\"og:title\" content=c>",
            "<meta property=\"og:site_name\" itemprop=\"datePublished\" name=\"author\" content=d>",
            "<meta property=\"article:published_time \" content=e>",
            "<meta property=\"article:published_time\" content=f>",
            "<meta itemprop=\"datepublished\" content=g><meta Name=\"Author\" content=h><meta name=author>",
            "<link rel=\"Canonical\" href=i><link rel=\"canonical \" href=j><link rel=\"canonical\" href=k>",
            "<svg><link rel=\"Canonical\" href=l/><title>m</title><h1>n</h1><meta name=author/></svg>",
            "<svg><script type=\"Application/LD+JSON\">{}</script><script type=\"application/ld+json\">[]</script></svg>",
            "<script type=\"APPLICATION/ld+json\">{}</script><script type=\"application/json\">{}</script>",
            "<script type=\"application/ld+json\">{\"a\":1}</script><template><h1>o</h1></template>",
            "<H1>p</H1><h1 class=x>q</h1><TITLE>r</TITLE>",
            "<math><meta property=\"og:title\"/><link rel=canonical/></math>",
        ];
        for doctype in ["<!DOCTYPE html>", ""] {
            for order in [false, true] {
                let mut body = String::new();
                for i in 0..tags.len() {
                    body.push_str(tags[if order { tags.len() - 1 - i } else { i }]);
                }
                pages.push(format!("{doctype}<html><head>{body}</head><body>{body}</body></html>"));
                pages.push(format!("{doctype}<div>{body}</div>"));
            }
        }
        pages
    }

    /// Pages with class and id attributes the matchers could get wrong: case, other whitespace,
    /// substrings, several attributes, foreign elements, templates, both quirks modes.
    fn odd_pages() -> Vec<String> {
        let classes = [
            "date",
            "Date",
            "DATE",
            "dates",
            "update",
            "timeline",
            "x date",
            "date\ty",
            "a\u{c}date",
            "a\u{a0}date",
            "\ndate\r",
            "share-bar",
            "share_bar",
            "SHARE",
            "comments",
            "box-comment x",
            "tags keywords",
            "article-tags",
            "post-date",
            "publish-date",
            "publish_date",
            "",
            " ",
            "nav",
            "time",
            "TIME",
            "Thời gian",
            "date\u{200B}",
            "related-news",
            "related",
        ];
        let ids = ["comments", "Comments", "comments ", "comment", ""];
        let mut pages = Vec::new();
        for doctype in ["<!DOCTYPE html>", "", "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">"] {
            let mut body = String::new();
            for (i, class) in classes.iter().enumerate() {
                let id = ids[i % ids.len()];
                body.push_str(&format!("<div class=\"{class}\" id=\"{id}\"><p>{i} 15/01/2026</p>"));
                body.push_str(&format!("<span class=\"{class}\" class=\"date\">x</span></div>"));
                body.push_str(&format!("<svg><g class=\"{class}\"><nav>n</nav><time>t</time></g></svg>"));
            }
            body.push_str("<NAV>a</NAV><Time>b</Time><template><nav class=date>c</nav></template>");
            body.push_str("<div id=comments class=x><nav><time class=time>d</time></nav></div>");
            body.push_str("<math><mi class=\"date\" xlink:class=\"time\">e</mi></math>");
            pages.push(format!("{doctype}<html><head><title>t</title></head><body>{body}</body></html>"));
        }
        pages
    }

    #[test]
    fn match_like_the_selectors_on_fixtures_and_odd_pages() {
        for html in [
            include_str!("../../../fixtures/html/baoquocte.html"),
            include_str!("../../../fixtures/html/vnexpress.html"),
            include_str!("../../../fixtures/html/baotintuc.html"),
            "<p>Không có gì</p>",
            "",
        ] {
            assert_same_as_selectors(html);
            assert_meta_same_as_selectors(html);
        }
        for html in &odd_meta_pages() {
            assert_meta_same_as_selectors(html);
            let dom = Dom::from(html.as_str());
            let found = page_elements(&dom);
            assert!(found.canonical.is_some() && found.author.is_some() && found.json_ld.len() >= 3);
        }
        let pages = odd_pages();
        assert!(Dom::from(pages[1].as_str()).quirks_mode.get() != Dom::from(pages[0].as_str()).quirks_mode.get());
        for html in &pages {
            assert_same_as_selectors(html);
            let dom = Dom::from(html.as_str());
            let found = page_elements(&dom);
            assert!(found.furniture.len() > 20 && found.date_holders.len() > 20);
        }
    }

    /// Every HTML page of the repository's fixtures, or of a corpus given as `CLEAN_CORPUS=<input
    /// dir> cargo test -p ingest-clean --release corpus` (the benchmark corpus's 4,834 pages passed).
    #[test]
    fn match_like_the_selectors_on_a_corpus() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let dir = std::env::var_os("CLEAN_CORPUS").map_or(fixtures, std::path::PathBuf::from);
        let mut stack = vec![dir];
        let mut pages = 0;
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).unwrap().flatten().map(|e| e.path()));
            } else if let Ok(text) = std::fs::read_to_string(&path)
                && crate::html::is_html(&text)
            {
                assert_same_as_selectors(&text);
                assert_meta_same_as_selectors(&text);
                pages += 1;
            }
        }
        assert!(pages > 0);
        eprintln!("{pages} pages");
    }
}
