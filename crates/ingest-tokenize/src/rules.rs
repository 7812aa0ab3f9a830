//! The RDRsegmenter rule tree (Single Classification Ripple-Down Rules), parsed once into arrays.
//!
//! Each line of `Model.RDR` is a rule: a condition on the current syllable, its two neighbours on
//! each side (lowercase model forms) and their initial tags, and the tag (`B` begins a word, `I`
//! continues one) its conclusion gives. Depth is the number of leading tabs. The root always fires;
//! from a node that fired, its children are tried in file order and the first that fires is
//! descended into; the deepest node that fired gives the tag, unless it is the root, which keeps
//! the initial tag.
//!
//! Conditions are stored as `(key, id)` pairs with the ids of [`Lexicon`]. A node with many children
//! indexes them by the value of one word key each, so finding the first child that fires costs a
//! few hash probes, not a scan of hundreds of rules.

use rustc_hash::FxHashMap;

use crate::lexicon::{EMPTY, Lexicon};

const MODEL: &str = include_str!("../data/rdrsegmenter/Model.RDR");

/// Positions in a [`Context`].
pub mod key {
    pub const PREV_WORD2: usize = 0;
    pub const PREV_WORD1: usize = 1;
    pub const WORD: usize = 2;
    pub const NEXT_WORD1: usize = 3;
    pub const NEXT_WORD2: usize = 4;
    pub const PREV_TAG2: usize = 5;
    pub const PREV_TAG1: usize = 6;
    pub const TAG: usize = 7;
    pub const NEXT_TAG1: usize = 8;
    pub const NEXT_TAG2: usize = 9;
}

/// Word ids and tag ids around one syllable, indexed by [`key`]. Absent positions hold [`EMPTY`].
pub type Context = [u32; 10];

/// A word-boundary tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Begins a word.
    B,
    /// Continues the word before.
    I,
}

impl Tag {
    /// The id a tag has in a [`Context`].
    pub fn id(self) -> u32 {
        match self {
            Tag::B => 2,
            Tag::I => 3,
        }
    }
}

/// Children with more than this many are indexed.
const INDEX_MIN: usize = 8;
/// Word keys a child may be indexed under, most selective first.
const INDEX_KEYS: [usize; 5] = [key::WORD, key::PREV_WORD1, key::NEXT_WORD1, key::PREV_WORD2, key::NEXT_WORD2];

#[derive(Debug)]
struct Node {
    conditions: Box<[(u8, u32)]>,
    /// `None` for the root: it keeps the initial tag.
    conclusion: Option<Tag>,
    children: Vec<u32>,
    index: Option<ChildIndex>,
}

/// Positions in `children`, by the value of one key; lists ascending.
#[derive(Debug)]
struct ChildIndex {
    by_key: Vec<(usize, FxHashMap<u32, Vec<u32>>)>,
    rest: Vec<u32>,
}

/// The parsed rule tree. Node 0 is the root.
#[derive(Debug)]
pub struct Rules {
    nodes: Vec<Node>,
}

/// A line of the model file that could not be parsed. The embedded model parses; this guards edits.
#[derive(Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl Rules {
    /// Parses the embedded model, interning its words into `lexicon`.
    pub fn embedded(lexicon: &mut Lexicon) -> Rules {
        match Rules::parse(MODEL, lexicon) {
            Ok(rules) => rules,
            Err(err) => panic!("embedded Model.RDR, line {}: {}", err.line, err.message),
        }
    }

    /// Parses a model in the `Model.RDR` format.
    pub fn parse(text: &'static str, lexicon: &mut Lexicon) -> Result<Rules, ParseError> {
        let mut nodes: Vec<Node> = Vec::new();
        let mut path: Vec<u32> = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let fail = |message: &str| ParseError { line: n + 1, message: message.to_owned() };
            if raw.trim().is_empty() {
                continue;
            }
            let depth = raw.bytes().take_while(|&b| b == b'\t').count();
            let (condition, conclusion) =
                raw[depth..].split_once(" : object.conclusion = ").ok_or_else(|| fail("no conclusion"))?;
            let conclusion = match conclusion.trim() {
                "\"B\"" => Some(Tag::B),
                "\"I\"" => Some(Tag::I),
                "\"NN\"" if depth == 0 => None,
                other => return Err(fail(&format!("unknown conclusion {other}"))),
            };
            let conditions = if condition == "True" {
                Box::default()
            } else {
                parse_conditions(condition, lexicon).map_err(|m| fail(&m))?
            };
            if depth > path.len() || (depth == 0) != nodes.is_empty() {
                return Err(fail("indentation does not follow the tree"));
            }
            path.truncate(depth);
            let id = nodes.len() as u32;
            if let Some(&parent) = path.last() {
                nodes[parent as usize].children.push(id);
            }
            path.push(id);
            nodes.push(Node { conditions, conclusion, children: Vec::new(), index: None });
        }
        if nodes.is_empty() {
            return Err(ParseError { line: 0, message: "empty model".to_owned() });
        }
        for i in 0..nodes.len() {
            if nodes[i].children.len() > INDEX_MIN {
                nodes[i].index = Some(build_index(&nodes, &nodes[i].children));
            }
        }
        Ok(Rules { nodes })
    }

    /// The tag the rules give the syllable described by `ctx`, or `None` to keep its initial tag.
    pub fn decide(&self, ctx: &Context) -> Option<Tag> {
        let mut node = 0usize;
        while let Some(child) = self.first_firing_child(node, ctx) {
            node = child;
        }
        self.nodes[node].conclusion
    }

    /// Number of rules, the root included.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    fn fires(&self, node: u32, ctx: &Context) -> bool {
        self.nodes[node as usize].conditions.iter().all(|&(k, v)| ctx[usize::from(k)] == v)
    }

    fn first_firing_child(&self, node: usize, ctx: &Context) -> Option<usize> {
        let node = &self.nodes[node];
        let Some(index) = &node.index else {
            return node.children.iter().find(|&&c| self.fires(c, ctx)).map(|&c| c as usize);
        };
        let mut best: Option<u32> = None;
        let mut consider = |positions: &[u32]| {
            for &pos in positions {
                if best.is_some_and(|b| pos >= b) {
                    break;
                }
                if self.fires(node.children[pos as usize], ctx) {
                    best = Some(pos);
                    break;
                }
            }
        };
        for (k, map) in &index.by_key {
            if let Some(positions) = map.get(&ctx[*k]) {
                consider(positions);
            }
        }
        consider(&index.rest);
        best.map(|pos| node.children[pos as usize] as usize)
    }
}

fn parse_conditions(text: &'static str, lexicon: &mut Lexicon) -> Result<Box<[(u8, u32)]>, String> {
    let mut conditions = Vec::new();
    let mut rest = text;
    loop {
        let after = rest.strip_prefix("object.").ok_or_else(|| format!("expected `object.` at `{rest}`"))?;
        let (name, after) = after.split_once(" == \"").ok_or_else(|| format!("expected `== \"` at `{after}`"))?;
        let (value, after) = after.split_once('"').ok_or_else(|| format!("unterminated value at `{after}`"))?;
        let k = key_of(name).ok_or_else(|| format!("unknown key `{name}`"))?;
        let id = if k >= key::PREV_TAG2 {
            match value {
                "B" => Tag::B.id(),
                "I" => Tag::I.id(),
                "" => EMPTY,
                other => return Err(format!("unknown tag `{other}`")),
            }
        } else if value.is_empty() {
            EMPTY
        } else {
            lexicon.intern(value)
        };
        conditions.push((k as u8, id));
        match after.strip_prefix(" and ") {
            Some(next) => rest = next,
            None if after.is_empty() => return Ok(conditions.into_boxed_slice()),
            None => return Err(format!("unexpected `{after}`")),
        }
    }
}

fn key_of(name: &str) -> Option<usize> {
    Some(match name {
        "prevWord2" => key::PREV_WORD2,
        "prevWord1" => key::PREV_WORD1,
        "word" => key::WORD,
        "nextWord1" => key::NEXT_WORD1,
        "nextWord2" => key::NEXT_WORD2,
        "prevTag2" => key::PREV_TAG2,
        "prevTag1" => key::PREV_TAG1,
        "tag" => key::TAG,
        "nextTag1" => key::NEXT_TAG1,
        "nextTag2" => key::NEXT_TAG2,
        _ => return None,
    })
}

fn build_index(nodes: &[Node], children: &[u32]) -> ChildIndex {
    let mut by_key: Vec<(usize, FxHashMap<u32, Vec<u32>>)> =
        INDEX_KEYS.iter().map(|&k| (k, FxHashMap::default())).collect();
    let mut rest = Vec::new();
    for (pos, &child) in children.iter().enumerate() {
        let conditions = &nodes[child as usize].conditions;
        let slot = INDEX_KEYS
            .iter()
            .enumerate()
            .find_map(|(slot, &k)| conditions.iter().find(|&&(ck, _)| usize::from(ck) == k).map(|&(_, v)| (slot, v)));
        match slot {
            Some((slot, value)) => by_key[slot].1.entry(value).or_default().push(pos as u32),
            None => rest.push(pos as u32),
        }
    }
    by_key.retain(|(_, map)| !map.is_empty());
    ChildIndex { by_key, rest }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOY: &str = "True : object.conclusion = \"NN\"
\tobject.tag == \"I\" : object.conclusion = \"I\"
\t\tobject.prevWord1 == \"quận\" : object.conclusion = \"B\"
\t\t\tobject.prevWord1 == \"quận\" and object.word == \"huyện\" : object.conclusion = \"I\"
\t\tobject.nextWord1 == \"\" : object.conclusion = \"B\"
\tobject.tag == \"B\" : object.conclusion = \"B\"
";

    fn ctx(lex: &Lexicon, prev: &str, word: &str, next: &str, tag: Tag) -> Context {
        let id = |s: &str| if s.is_empty() { EMPTY } else { lex.id(s) };
        let mut c = [EMPTY; 10];
        c[key::PREV_WORD1] = id(prev);
        c[key::WORD] = id(word);
        c[key::NEXT_WORD1] = id(next);
        c[key::TAG] = tag.id();
        c
    }

    #[test]
    fn deepest_firing_rule_decides() {
        let mut lex = Lexicon::default();
        let rules = Rules::parse(TOY, &mut lex).unwrap();
        assert_eq!(rules.len(), 6);
        assert_eq!(rules.decide(&ctx(&lex, "quận", "huyện", "x", Tag::I)), Some(Tag::I));
        assert_eq!(rules.decide(&ctx(&lex, "quận", "khác", "x", Tag::I)), Some(Tag::B));
        // The first child fired, so its sibling (nextWord1 == "") is not tried.
        assert_eq!(rules.decide(&ctx(&lex, "quận", "khác", "", Tag::I)), Some(Tag::B));
        assert_eq!(rules.decide(&ctx(&lex, "a", "b", "", Tag::I)), Some(Tag::B));
        assert_eq!(rules.decide(&ctx(&lex, "a", "b", "c", Tag::I)), Some(Tag::I));
        assert_eq!(rules.decide(&ctx(&lex, "a", "b", "c", Tag::B)), Some(Tag::B));
    }

    #[test]
    fn malformed_models_are_errors_with_line_numbers() {
        let mut lex = Lexicon::default();
        let bad = "True : object.conclusion = \"NN\"\n\tobject.wrd == \"a\" : object.conclusion = \"B\"\n";
        assert_eq!(Rules::parse(bad, &mut lex).unwrap_err().line, 2);
        let skipped = "True : object.conclusion = \"NN\"\n\t\t\tobject.word == \"a\" : object.conclusion = \"B\"\n";
        assert_eq!(Rules::parse(skipped, &mut lex).unwrap_err().line, 2);
    }

    #[test]
    fn embedded_model_parses_and_indexed_lookup_matches_a_scan() {
        let mut lex = Lexicon::embedded();
        let rules = Rules::embedded(&mut lex);
        assert_eq!(rules.len(), 1447);
        // For every rule's own words as contexts, the indexed search agrees with a linear scan.
        let words: Vec<u32> = rules.nodes.iter().flat_map(|n| n.conditions.iter().map(|&(_, v)| v)).collect();
        for (i, &w) in words.iter().enumerate().step_by(7) {
            for tag in [Tag::B, Tag::I] {
                let mut c = [EMPTY; 10];
                c[key::WORD] = w;
                c[key::PREV_WORD1] = words[(i * 31 + 5) % words.len()];
                c[key::NEXT_WORD1] = words[(i * 17 + 3) % words.len()];
                c[key::TAG] = tag.id();
                c[key::NEXT_TAG1] = Tag::I.id();
                let scan = {
                    let mut node = 0usize;
                    while let Some(&child) = rules.nodes[node].children.iter().find(|&&ch| rules.fires(ch, &c)) {
                        node = child as usize;
                    }
                    rules.nodes[node].conclusion
                };
                assert_eq!(rules.decide(&c), scan);
            }
        }
    }
}
