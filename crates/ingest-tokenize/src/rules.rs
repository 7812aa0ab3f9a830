//! The RDRsegmenter rule tree (Single Classification Ripple-Down Rules), parsed once into arrays.
//!
//! Each line of `Model.RDR` is a rule: a condition on the current syllable, its two neighbours on
//! each side (lowercase model forms) and their initial tags, and the tag (`B` begins a word, `I`
//! continues one) its conclusion gives. Depth is the number of leading tabs. The root always fires;
//! from a node that fired, its children are tried in file order and the first that fires is
//! descended into; the deepest node that fired gives the tag, unless it is the root, which keeps
//! the initial tag.
//!
//! Conditions are stored as `(key, id)` pairs; words have rule word ids, a dense numbering of the
//! words the rules mention ([`Rules::word`] maps a [`Lexicon`] id to one). A node with many
//! children indexes them by the value of one word key each, so finding the first child that fires
//! costs a few array lookups, not a scan of hundreds of rules.

use crate::lexicon::{EMPTY, FIRST_ID, Lexicon, UNKNOWN};

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

/// One rule, with its conditions and children as ranges of the flat arrays of [`Rules`], so the
/// nodes tried for one syllable sit close together in memory.
#[derive(Debug)]
struct Node {
    /// Range of `Rules::conditions`.
    conditions: (u32, u32),
    /// Range of `Rules::children`. Children are in file order, so their ids ascend.
    children: (u32, u32),
    /// `None` for the root: it keeps the initial tag.
    conclusion: Option<Tag>,
    /// Position in `Rules::indexes`, for nodes with many children.
    index: Option<u32>,
}

/// The children of one node by the value of one word key each; lists hold node ids, ascending.
#[derive(Debug)]
struct ChildIndex {
    /// For each key used: the key and, by rule word id, the range of `lists` of the children
    /// indexed under that word.
    by_key: Vec<(usize, Vec<(u32, u32)>)>,
    lists: Vec<u32>,
    /// Children without a word condition.
    rest: Vec<u32>,
}

/// The parsed rule tree. Node 0 is the root.
///
/// Word conditions hold rule word ids (see [`Rules::word`]): the words the rules mention are
/// numbered densely, so a child index is a small array, not a hash map.
#[derive(Debug)]
pub struct Rules {
    nodes: Vec<Node>,
    conditions: Vec<(u8, u32)>,
    children: Vec<u32>,
    indexes: Vec<ChildIndex>,
    /// Rule word id of each lexicon id; [`UNKNOWN`] for words no rule mentions.
    words: Vec<u32>,
}

/// A line of the model file that could not be parsed. The embedded model parses; this guards edits.
#[derive(Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

/// A node as parsed, before the tree is laid out in flat arrays.
struct Parsed {
    conditions: Box<[(u8, u32)]>,
    conclusion: Option<Tag>,
    children: Vec<u32>,
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
        let mut nodes: Vec<Parsed> = Vec::new();
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
            nodes.push(Parsed { conditions, conclusion, children: Vec::new() });
        }
        if nodes.is_empty() {
            return Err(ParseError { line: 0, message: "empty model".to_owned() });
        }
        Ok(Rules::lay_out(nodes))
    }

    /// Numbers the words of the conditions densely and lays the tree out in flat arrays.
    fn lay_out(mut parsed: Vec<Parsed>) -> Rules {
        let mut words = vec![UNKNOWN, EMPTY];
        // Rule word ids given so far, UNKNOWN and EMPTY included.
        let mut word_count = FIRST_ID as usize;
        for node in &mut parsed {
            for (k, v) in node.conditions.iter_mut() {
                if usize::from(*k) >= key::PREV_TAG2 || *v == EMPTY {
                    continue;
                }
                let lexicon_id = *v as usize;
                if words.len() <= lexicon_id {
                    words.resize(lexicon_id + 1, UNKNOWN);
                }
                if words[lexicon_id] == UNKNOWN {
                    words[lexicon_id] = word_count as u32;
                    word_count += 1;
                }
                *v = words[lexicon_id];
            }
        }
        let mut rules =
            Rules { nodes: Vec::new(), conditions: Vec::new(), children: Vec::new(), indexes: Vec::new(), words };
        for node in &parsed {
            let conditions = rules.conditions.len() as u32;
            rules.conditions.extend_from_slice(&node.conditions);
            let children = rules.children.len() as u32;
            rules.children.extend_from_slice(&node.children);
            let index = (node.children.len() > INDEX_MIN).then(|| {
                rules.indexes.push(build_index(&parsed, &node.children, word_count));
                rules.indexes.len() as u32 - 1
            });
            rules.nodes.push(Node {
                conditions: (conditions, rules.conditions.len() as u32),
                children: (children, rules.children.len() as u32),
                conclusion: node.conclusion,
                index,
            });
        }
        rules
    }

    /// The rule word id of lexicon id `id`: what a [`Context`] holds for a word.
    pub fn word(&self, id: u32) -> u32 {
        self.words.get(id as usize).copied().unwrap_or(UNKNOWN)
    }

    /// The tag the rules give the syllable described by `ctx` (words as [`Rules::word`] ids), or
    /// `None` to keep its initial tag.
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
        let (start, end) = self.nodes[node as usize].conditions;
        self.conditions[start as usize..end as usize].iter().all(|&(k, v)| ctx[usize::from(k)] == v)
    }

    fn first_firing_child(&self, node: usize, ctx: &Context) -> Option<usize> {
        let node = &self.nodes[node];
        let Some(index) = node.index else {
            let (start, end) = node.children;
            return self.children[start as usize..end as usize]
                .iter()
                .find(|&&c| self.fires(c, ctx))
                .map(|&c| c as usize);
        };
        let index = &self.indexes[index as usize];
        // Children ids ascend in file order: the first child that fires is the smallest id that does.
        let mut best: Option<u32> = None;
        let mut consider = |candidates: &[u32]| {
            for &child in candidates {
                if best.is_some_and(|b| child >= b) {
                    break;
                }
                if self.fires(child, ctx) {
                    best = Some(child);
                    break;
                }
            }
        };
        for (k, ranges) in &index.by_key {
            if let Some(&(start, end)) = ranges.get(ctx[*k] as usize) {
                consider(&index.lists[start as usize..end as usize]);
            }
        }
        consider(&index.rest);
        best.map(|child| child as usize)
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

fn build_index(nodes: &[Parsed], children: &[u32], word_count: usize) -> ChildIndex {
    let mut by_word: Vec<(usize, Vec<Vec<u32>>)> =
        INDEX_KEYS.iter().map(|&k| (k, vec![Vec::new(); word_count])).collect();
    let mut rest = Vec::new();
    for &child in children {
        let conditions = &nodes[child as usize].conditions;
        let slot = INDEX_KEYS
            .iter()
            .enumerate()
            .find_map(|(slot, &k)| conditions.iter().find(|&&(ck, _)| usize::from(ck) == k).map(|&(_, v)| (slot, v)));
        match slot {
            Some((slot, value)) => by_word[slot].1[value as usize].push(child),
            None => rest.push(child),
        }
    }
    by_word.retain(|(_, lists)| lists.iter().any(|l| !l.is_empty()));
    let mut lists = Vec::new();
    let by_key = by_word
        .into_iter()
        .map(|(k, per_word)| {
            let ranges = per_word
                .into_iter()
                .map(|list| {
                    let start = lists.len() as u32;
                    lists.extend(list);
                    (start, lists.len() as u32)
                })
                .collect();
            (k, ranges)
        })
        .collect();
    ChildIndex { by_key, lists, rest }
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

    fn ctx(lex: &Lexicon, rules: &Rules, prev: &str, word: &str, next: &str, tag: Tag) -> Context {
        let id = |s: &str| if s.is_empty() { EMPTY } else { rules.word(lex.id(s)) };
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
        assert_eq!(rules.decide(&ctx(&lex, &rules, "quận", "huyện", "x", Tag::I)), Some(Tag::I));
        assert_eq!(rules.decide(&ctx(&lex, &rules, "quận", "khác", "x", Tag::I)), Some(Tag::B));
        // The first child fired, so its sibling (nextWord1 == "") is not tried.
        assert_eq!(rules.decide(&ctx(&lex, &rules, "quận", "khác", "", Tag::I)), Some(Tag::B));
        assert_eq!(rules.decide(&ctx(&lex, &rules, "a", "b", "", Tag::I)), Some(Tag::B));
        assert_eq!(rules.decide(&ctx(&lex, &rules, "a", "b", "c", Tag::I)), Some(Tag::I));
        assert_eq!(rules.decide(&ctx(&lex, &rules, "a", "b", "c", Tag::B)), Some(Tag::B));
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
    fn child_indexes_list_every_child_once_in_order() {
        let mut lex = Lexicon::embedded();
        let rules = Rules::embedded(&mut lex);
        assert!(!rules.indexes.is_empty());
        for node in &rules.nodes {
            let Some(index) = node.index else { continue };
            let index = &rules.indexes[index as usize];
            let mut listed: Vec<u32> = index.rest.clone();
            for (k, ranges) in &index.by_key {
                for (word, &(start, end)) in ranges.iter().enumerate() {
                    let list = &index.lists[start as usize..end as usize];
                    assert!(list.is_sorted(), "ascending");
                    for &child in list {
                        let (from, to) = rules.nodes[child as usize].conditions;
                        let conditions = &rules.conditions[from as usize..to as usize];
                        assert!(conditions.contains(&(*k as u8, word as u32)), "indexed under its own word");
                    }
                    listed.extend(list);
                }
            }
            listed.sort_unstable();
            let (start, end) = node.children;
            assert_eq!(listed, rules.children[start as usize..end as usize]);
        }
    }

    #[test]
    fn embedded_model_parses_and_indexed_lookup_matches_a_scan() {
        let mut lex = Lexicon::embedded();
        let rules = Rules::embedded(&mut lex);
        assert_eq!(rules.len(), 1447);
        // For every rule's own words as contexts, the indexed search agrees with a linear scan.
        let words: Vec<u32> = rules.conditions.iter().map(|&(_, v)| v).collect();
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
                    loop {
                        let (start, end) = rules.nodes[node].children;
                        let children = &rules.children[start as usize..end as usize];
                        let Some(&child) = children.iter().find(|&&ch| rules.fires(ch, &c)) else { break };
                        node = child as usize;
                    }
                    rules.nodes[node].conclusion
                };
                assert_eq!(rules.decide(&c), scan);
            }
        }
    }
}
