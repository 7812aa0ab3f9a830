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

/// Class names of [`crate::html`]'s page furniture.
const FURNITURE_CLASSES: [&str; 20] = [
    "breadcrumb",
    "breadcrumbs",
    "date",
    "time",
    "publish-date",
    "post-date",
    "share",
    "sharing",
    "social-share",
    "social_share",
    "share-bar",
    "comment",
    "comments",
    "box_comment",
    "box-comment",
    "related",
    "box-tinlienquan",
    "tags",
    "keywords",
    "article-tags",
];

/// The class names `.date, .time, .publish-date, .post-date`.
const DATE_CLASSES: [&str; 4] = ["date", "time", "publish-date", "post-date"];

/// Page furniture that readability may take for article text (a breadcrumb or a date line next
/// to the title, a share bar or comments next to the body), by the class names and ids Vietnamese
/// news sites use. Removed after the metadata is read. Exact names only: a substring match would
/// hit wrappers such as `has-comments` that hold the article.
///
/// The elements of `dom` that `nav, time, .breadcrumb, .breadcrumbs, .date, .time, .publish-date,
/// .post-date, .share, .sharing, .social-share, .social_share, .share-bar, .comment, .comments,
/// .box_comment, .box-comment, #comments, .related, .box-tinlienquan, .tags, .keywords,
/// .article-tags` matches, in document order.
pub(crate) fn furniture(dom: &Dom) -> Vec<NodeRef<'_>> {
    elements_where(dom, |e| {
        e.name.local == local_name!("nav")
            || e.name.local == local_name!("time")
            || has_class_in(e, &FURNITURE_CLASSES)
            || e.attrs.iter().any(|a| a.name.local == local_name!("id") && &*a.value == "comments")
    })
}

/// The elements of `dom` that `time, .date, .time, .publish-date, .post-date, [class*=date],
/// [class*=time]` matches, in document order.
pub(crate) fn date_holders(dom: &Dom) -> Vec<NodeRef<'_>> {
    elements_where(dom, |e| {
        e.name.local == local_name!("time")
            || e.attrs.iter().any(|a| {
                a.name.local == local_name!("class")
                    && a.name.ns.is_empty()
                    && (a.value.contains("date") || a.value.contains("time"))
            })
            || has_class_in(e, &DATE_CLASSES)
    })
}

/// Whether a token of the element's first `class` attribute is one of `classes`.
fn has_class_in(e: &Element, classes: &[&str]) -> bool {
    let Some(class) = e.attrs.iter().find(|a| a.name.local == local_name!("class")) else { return false };
    class.value.split_ascii_whitespace().any(|token| classes.contains(&token))
}

/// The elements under the document root for which `keep` holds, in document order (the walk
/// dom_query's `select` makes).
fn elements_where<'a>(dom: &'a Dom, keep: impl Fn(&Element) -> bool) -> Vec<NodeRef<'a>> {
    let tree = &dom.tree;
    let root = dom.root();
    tree.descendant_ids_of_it(&root.id)
        .filter(|id| {
            tree.query_node_or(id, false, |node| match &node.data {
                NodeData::Element(e) => keep(e),
                _ => false,
            })
        })
        .map(|id| NodeRef::new(id, tree))
        .collect()
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
        assert_eq!(ids(&furniture(&dom)), ids(dom.select(FURNITURE).nodes()), "furniture in {html:.300}");
        assert_eq!(ids(&date_holders(&dom)), ids(dom.select(DATES).nodes()), "date holders in {html:.300}");
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
        }
        let pages = odd_pages();
        assert!(Dom::from(pages[1].as_str()).quirks_mode.get() != Dom::from(pages[0].as_str()).quirks_mode.get());
        for html in &pages {
            assert_same_as_selectors(html);
            let dom = Dom::from(html.as_str());
            assert!(furniture(&dom).len() > 20 && date_holders(&dom).len() > 20);
        }
    }

    /// Every HTML page of a corpus: `CLEAN_CORPUS=<input dir> cargo test -p ingest-clean --release
    /// -- --ignored corpus`.
    #[test]
    #[ignore]
    fn match_like_the_selectors_on_a_corpus() {
        let Some(dir) = std::env::var_os("CLEAN_CORPUS") else { return };
        let mut stack = vec![std::path::PathBuf::from(dir)];
        let mut pages = 0;
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).unwrap().flatten().map(|e| e.path()));
            } else if let Ok(text) = std::fs::read_to_string(&path)
                && crate::html::is_html(&text)
            {
                assert_same_as_selectors(&text);
                pages += 1;
            }
        }
        assert!(pages > 0);
        eprintln!("{pages} pages");
    }
}
