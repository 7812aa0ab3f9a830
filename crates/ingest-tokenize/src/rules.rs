//! The RDRsegmenter rule tree (Single Classification Ripple-Down Rules), parsed once into arrays.
//!
//! Each line of `Model.RDR` is a rule: a condition on the current syllable, its two neighbours on
//! each side (lowercase model forms) and their initial tags, and the tag (`B` begins a word, `I`
//! continues one) its conclusion gives. Depth is the number of leading tabs. The root always fires;
//! from a node that fired, its children are tried in file order and the first that fires is
//! descended into; the deepest node that fired gives the tag, unless it is the root, which keeps
//! the initial tag.
//!
//! Words have rule word ids, a dense numbering of the words the rules mention ([`Rules::word`] maps
//! a [`Lexicon`] id to one). A context is packed into one integer ([`pack`]) and the conditions of
//! a rule into a mask and a value, so testing a rule is one AND and one compare. A node with many
//! children indexes them by the value of one word key each, so finding the first child that fires
//! costs a few array lookups, not a scan of hundreds of rules; and a bit table of the words that
//! have indexed children skips even those for most contexts, which have none.

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

/// Children with more than this many are indexed. Fewer are scanned: a scan tests each child with
/// one compare, and every indexed node widens the record of every word (`Rules::by_word`). The
/// embedded model has two such nodes (the children of `tag == "I"` and `tag == "B"`).
const INDEX_MIN: usize = 32;
/// Word keys a child may be indexed under, most selective first.
const INDEX_KEYS: [usize; 5] = [key::WORD, key::PREV_WORD1, key::NEXT_WORD1, key::PREV_WORD2, key::NEXT_WORD2];

/// Bit offset and width of key `k` in a [`pack`]ed context: words take 16 bits each (bits 0..80),
/// tags 8 bits each (bits 80..120).
const fn field(k: usize) -> (u32, u32) {
    if k < key::PREV_TAG2 { (16 * k as u32, 16) } else { (80 + 8 * (k - key::PREV_TAG2) as u32, 8) }
}

/// Rule word ids must fit a word's field.
const MAX_WORDS: usize = 1 << 16;

/// A [`Context`] packed into one integer, each key in its own [`field`], so all the conditions of
/// a rule are tested with one AND and one compare ([`Test`]) instead of a loop over them. A value
/// too wide for its field is stored as [`UNKNOWN`], which no condition holds: it still matches
/// nothing.
pub fn pack(ctx: &Context) -> u128 {
    let mut packed = 0u128;
    for (k, &v) in ctx.iter().enumerate() {
        let (shift, width) = field(k);
        packed |= u128::from(fit(v, width)) << shift;
    }
    packed
}

/// `v` if it fits in `width` bits, else [`UNKNOWN`].
#[inline]
fn fit(v: u32, width: u32) -> u32 {
    if v >> width == 0 { v } else { UNKNOWN }
}

/// The conditions of one rule over a [`pack`]ed context: it fires when `packed & mask == value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Test {
    mask: u128,
    value: u128,
}

impl Test {
    /// A rule whose conditions contradict each other (one key, two values): it never fires.
    const NEVER: Test = Test { mask: 0, value: 1 };

    fn of(conditions: &[(u8, u32)]) -> Test {
        let mut test = Test { mask: 0, value: 0 };
        for &(k, v) in conditions {
            let (shift, width) = field(usize::from(k));
            let mask = ((1u128 << width) - 1) << shift;
            let value = u128::from(v) << shift;
            if v >> width != 0 || (test.mask & mask != 0 && test.value & mask != value) {
                return Test::NEVER;
            }
            test.mask |= mask;
            test.value |= value;
        }
        test
    }

    #[inline]
    fn fires(self, packed: u128) -> bool {
        packed & self.mask == self.value
    }
}

/// A child as its parent tries it: its test beside its node id, so trying the children of a node
/// reads one run of memory instead of following each child to its conditions.
#[derive(Debug, Clone, Copy)]
struct Child {
    test: Test,
    node: u32,
}

impl Child {
    /// Node `id` of `nodes` as a child, with the test of its conditions.
    fn of(nodes: &[Parsed], id: u32) -> Child {
        Child { test: Test::of(&nodes[id as usize].conditions), node: id }
    }
}

/// One rule, with its children as a range of `Rules::children`.
#[derive(Debug)]
struct Node {
    /// Range of `Rules::children`. Children are in file order, so their ids ascend.
    children: (u32, u32),
    /// `None` for the root: it keeps the initial tag.
    conclusion: Option<Tag>,
    /// Position in `Rules::indexes`, for nodes with many children.
    index: Option<u32>,
}

/// The children of one node by the value of one word key each.
#[derive(Debug)]
struct ChildIndex {
    /// Bit `s` set for each slot `s` (a key of this node) of the records of `Rules::by_word`.
    slot_bits: u64,
    /// Children without a word condition.
    rest: Vec<Child>,
}

/// The parsed rule tree. Node 0 is the root.
///
/// Word conditions hold rule word ids (see [`Rules::word`]): the words the rules mention are
/// numbered densely, so a child index is a small array, not a hash map.
#[derive(Debug)]
pub struct Rules {
    nodes: Vec<Node>,
    children: Vec<Child>,
    indexes: Vec<ChildIndex>,
    /// For each rule word, a record of one range of `lists` per slot (`slot_keys`), one for each key of each child
    /// index: the children indexed under that word, in ascending node order. A word's record is
    /// read as the current word, then as the next and the previous one of its neighbours, so
    /// keeping the keys of a word together (not a table per key) keeps it in cache for all three.
    by_word: Vec<(u32, u32)>,
    /// For each rule word, bit `s` set when slot `s` of its record is not empty: most words have
    /// no children under most keys, and this small table, unlike the records, stays in the
    /// first-level cache (a byte a word: with eight, a fourth of its reads missed there). It has
    /// room for every id a word's field holds, zeros past the rule words, so reading it takes no
    /// bounds test (only the first `word_count` bytes are ever read in practice: other words
    /// have the rule word id UNKNOWN).
    present: Box<[u8; MAX_WORDS]>,
    /// For each word key, the bits of the slots of that key: with one AND for each word of a
    /// context, the slots that hold children it may fire (see [`Rules::decide_packed`]).
    key_bits: [u64; 5],
    /// `key_bits` a byte each (slots fit a byte, see [`MAX_SLOTS`]), key `k` in byte `k`: ANDed
    /// with the `present` bytes of a window's five words, the slots each may fire, all at once.
    window_keys: u64,
    /// The word key of each slot.
    slot_keys: Vec<usize>,
    lists: Vec<Child>,
    /// Rule word id of each lexicon id; [`UNKNOWN`] for words no rule mentions.
    words: Vec<u32>,
    /// Where deciding starts, for each value of the current tag (see [`Start`]).
    starts: Box<[Start; 256]>,
    /// Whether the root's children test the current tag and nothing else (the embedded model's
    /// `tag == "I"` and `tag == "B"`), so `starts` holds its first firing child for each tag.
    root_by_tag: bool,
}

/// Where deciding a syllable starts, given its tag alone: one lookup per syllable settles most
/// syllables (few have a word that some rule below the root's children names) without reading
/// the tree.
#[derive(Debug, Clone, Copy)]
struct Start {
    /// The root's first firing child for the tag, or the root when none fires; the root itself
    /// when its children test more than the tag.
    node: u32,
    /// With `settled`: the index slots of `node`'s children, repeated in each of the five low
    /// bytes (one for each word of a window, as `Rules::window_keys`). A context none of whose
    /// words has children in these slots fires no child of `node`, and takes `conclusion`.
    window_slots: u64,
    /// Every child of `node` is indexed under a word (or it has none): none is scanned or in the
    /// index's rest, which a context could fire whatever its words.
    settled: bool,
    /// `node`'s conclusion.
    conclusion: Option<Tag>,
}
/// Where the current tag is in a [`pack`]ed context.
const TAG_SHIFT: u32 = field(key::TAG).0;

/// Slots one bit each in a byte of `Rules::present`: nodes past them are scanned, not indexed.
/// (The embedded model's two indexed nodes take six.)
const MAX_SLOTS: usize = 8;

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
        Rules::lay_out(nodes)
    }

    /// Numbers the words of the conditions densely and lays the tree out in flat arrays.
    fn lay_out(mut parsed: Vec<Parsed>) -> Result<Rules, ParseError> {
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
        if word_count > MAX_WORDS {
            return Err(ParseError { line: 0, message: format!("more than {MAX_WORDS} distinct words") });
        }
        let child = |id: u32| Child::of(&parsed, id);
        let mut rules = Rules {
            nodes: Vec::new(),
            children: Vec::new(),
            indexes: Vec::new(),
            by_word: Vec::new(),
            present: Box::new([0; MAX_WORDS]),
            key_bits: [0; 5],
            window_keys: 0,
            slot_keys: Vec::new(),
            lists: Vec::new(),
            words,
            starts: Box::new([Start { node: 0, window_slots: 0, settled: false, conclusion: None }; 256]),
            root_by_tag: false,
        };
        // Per slot, by rule word: the children indexed under that word.
        let mut slot_lists: Vec<Vec<Vec<Child>>> = Vec::new();
        for node in &parsed {
            let children = rules.children.len() as u32;
            rules.children.extend(node.children.iter().map(|&id| child(id)));
            let mut index = None;
            if node.children.len() > INDEX_MIN {
                let (by_key, rest) = build_index(&parsed, &node.children, word_count);
                if slot_lists.len() + by_key.len() <= MAX_SLOTS {
                    let mut slot_bits = 0u64;
                    for (k, lists) in by_key {
                        let slot = slot_lists.len();
                        slot_bits |= 1 << slot;
                        rules.key_bits[k] |= 1 << slot;
                        rules.slot_keys.push(k);
                        slot_lists.push(lists);
                    }
                    rules.indexes.push(ChildIndex { slot_bits, rest });
                    index = Some(rules.indexes.len() as u32 - 1);
                }
            }
            rules.nodes.push(Node {
                children: (children, rules.children.len() as u32),
                conclusion: node.conclusion,
                index,
            });
        }
        rules.window_keys = (0..5).fold(0, |bytes, k| bytes | rules.key_bits[k] << (8 * k));
        rules.set_starts();
        for word in 0..word_count {
            let mut present = 0u8;
            for (slot, lists) in slot_lists.iter_mut().enumerate() {
                let start = rules.lists.len() as u32;
                present |= u8::from(!lists[word].is_empty()) << slot;
                rules.lists.append(&mut lists[word]);
                rules.by_word.push((start, rules.lists.len() as u32));
            }
            rules.present[word] = present;
        }
        Ok(rules)
    }

    /// Fills `Rules::starts` for the laid out tree.
    fn set_starts(&mut self) {
        let root = &self.nodes[0];
        let children = &self.children[root.children.0 as usize..root.children.1 as usize];
        let tag_mask = 0xffu128 << TAG_SHIFT;
        self.root_by_tag = root.index.is_none() && children.iter().all(|c| c.test.mask & !tag_mask == 0);
        for (tag, start) in (0u128..).zip(self.starts.iter_mut()) {
            let node = if self.root_by_tag {
                children.iter().find(|c| c.test.fires(tag << TAG_SHIFT)).map_or(0, |c| c.node)
            } else {
                0
            };
            let at = &self.nodes[node as usize];
            let (settled, slots) = match (at.index, node == 0 && self.root_by_tag) {
                // The root's children test the tag alone, and none fires for this one.
                (_, true) => (true, 0),
                (None, _) => (at.children.0 == at.children.1, 0),
                (Some(index), _) => {
                    let index = &self.indexes[index as usize];
                    (index.rest.is_empty(), index.slot_bits)
                }
            };
            let window_slots = slots * 0x01_0101_0101;
            *start = Start { node, window_slots, settled, conclusion: at.conclusion };
        }
    }

    /// The rule word id of lexicon id `id`: what a [`Context`] holds for a word.
    pub fn word(&self, id: u32) -> u32 {
        self.words.get(id as usize).copied().unwrap_or(UNKNOWN)
    }

    /// The tag the rules give the syllable described by `ctx` (words as [`Rules::word`] ids), or
    /// `None` to keep its initial tag.
    pub fn decide(&self, ctx: &Context) -> Option<Tag> {
        let live = (0..5).fold(0, |live, k| live | self.present_of(ctx[k]) & self.key_bits[k]);
        self.decide_packed(pack(ctx), live, &ctx[..5])
    }

    /// The slots where word `word` has children (see `Rules::present`).
    #[inline]
    fn present_of(&self, word: u32) -> u64 {
        // A word too wide for its field is UNKNOWN, as in `pack`; no rule is indexed under it.
        u64::from(self.present[usize::from(fit(word, 16) as u16)])
    }

    /// [`Rules::decide`] for every unit of a sentence, given the word ids and tag ids of its units
    /// with two [`EMPTY`] positions at each end (so unit `i`'s context is the window `i..i + 5`).
    /// Writes one decision per unit to `out` (cleared first).
    pub fn decide_sentence(&self, words: &[u32], tags: &[u32], out: &mut Vec<Option<Tag>>) {
        out.clear();
        assert_eq!(words.len(), tags.len(), "one tag per word");
        // The slots where each word of the window has children (a byte a word, the window's first
        // word in the low byte), and the window packed (words in bits 0..80, tags in bits 80..120,
        // see `field`), slid along with it: a few instructions where packing ten keys anew cost
        // some forty, and where ANDing each word's slots with its key's one by one cost a dozen.
        let (mut present, mut word_bits, mut tag_bits) = (0u64, 0u128, 0u64);
        for (&w, &t) in words.iter().zip(tags).take(4) {
            present = (present >> 8) | (self.present_of(w) << 32);
            word_bits = (word_bits >> 16) | (u128::from(fit(w, 16)) << 64);
            tag_bits = (tag_bits >> 8) | (u64::from(fit(t, 8)) << 32);
        }
        // A plain loop, not `extend` with a closure: the closure's captured state lived in memory,
        // here it stays in registers. Decisions are written into room made first, not pushed: a
        // push reads the capacity and writes the length back each time.
        let (window_words, window_tags) = (words.get(4..).unwrap_or_default(), tags.get(4..).unwrap_or_default());
        out.resize(window_words.len(), None);
        for (i, ((&w, &t), decided)) in window_words.iter().zip(window_tags).zip(out.iter_mut()).enumerate() {
            present = (present >> 8) | (self.present_of(w) << 32);
            word_bits = (word_bits >> 16) | (u128::from(fit(w, 16)) << 64);
            tag_bits = (tag_bits >> 8) | (u64::from(fit(t, 8)) << 32);
            // Byte k: the slots of key k where word k of the window has children.
            let live_by_key = present & self.window_keys;
            let start = &self.starts[(tag_bits >> 16) as u8 as usize];
            let starting = live_by_key & start.window_slots;
            *decided = if start.settled && starting == 0 {
                start.conclusion
            } else if start.settled {
                // The start's children are all indexed: the first that fires is in the lists of
                // the set bits of `starting`, bit 8k + s for word k of the window in slot s (a
                // slot of key k). Read straight from the bits, without folding them into slots
                // and looking up each slot's key, the start node and its index.
                let (packed, window) = (word_bits | (u128::from(tag_bits) << 80), &words[i..i + 5]);
                let mut best = None;
                let mut pairs = starting;
                while pairs != 0 {
                    let bit = pairs.trailing_zeros() as usize;
                    pairs &= pairs - 1;
                    consider(self.indexed(window[bit / 8], bit % 8), packed, &mut best);
                }
                match best {
                    None => start.conclusion,
                    Some(child) => self.decide_from(child as usize, packed, fold_bytes(live_by_key), window),
                }
            } else {
                let packed = word_bits | (u128::from(tag_bits) << 80);
                self.decide_from(start.node as usize, packed, fold_bytes(live_by_key), &words[i..i + 5])
            };
        }
    }

    /// The decision for one [`pack`]ed context; `live` has the bits of the slots where its words
    /// (`window`, by key) have children: the OR over word keys `k` of
    /// `present[window[k]] & key_bits[k]`.
    fn decide_packed(&self, packed: u128, live: u64, window: &[u32]) -> Option<Tag> {
        let start = self.starts[usize::from((packed >> TAG_SHIFT) as u8)];
        self.decide_from(start.node as usize, packed, live, window)
    }

    /// [`Rules::decide_packed`] from `node`, a node that fires for the context.
    #[inline]
    fn decide_from(&self, mut node: usize, packed: u128, live: u64, window: &[u32]) -> Option<Tag> {
        while let Some(child) = self.first_firing_child(node, packed, live, window) {
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

    #[inline(always)]
    fn first_firing_child(&self, node: usize, packed: u128, live: u64, window: &[u32]) -> Option<usize> {
        let node = &self.nodes[node];
        let Some(index) = node.index else {
            let (start, end) = node.children;
            return self.children[start as usize..end as usize]
                .iter()
                .find(|c| c.test.fires(packed))
                .map(|c| c.node as usize);
        };
        let index = &self.indexes[index as usize];
        let mut best: Option<u32> = None;
        // Only the slots where the context's words have children: most contexts have none.
        let mut live = live & index.slot_bits;
        while live != 0 {
            let slot = live.trailing_zeros() as usize;
            live &= live - 1;
            consider(self.indexed(window[self.slot_keys[slot]], slot), packed, &mut best);
        }
        consider(&index.rest, packed, &mut best);
        best.map(|child| child as usize)
    }

    /// The children indexed under rule word `word` in slot `slot`.
    #[inline(always)]
    fn indexed(&self, word: u32, slot: usize) -> &[Child] {
        match self.by_word.get(word as usize * self.slot_keys.len() + slot) {
            Some(&(start, end)) => &self.lists[start as usize..end as usize],
            None => &[],
        }
    }
}

/// Lowers `best` to the first child of `candidates` that fires, if it comes before `best`.
/// Children ids ascend in file order: the first child that fires is the smallest id that does.
#[inline(always)]
fn consider(candidates: &[Child], packed: u128, best: &mut Option<u32>) {
    for child in candidates {
        if best.is_some_and(|b| child.node >= b) {
            break;
        }
        if child.test.fires(packed) {
            *best = Some(child.node);
            break;
        }
    }
}

/// The OR of the five low bytes of `bytes` (slots by word key, as `Rules::window_keys`): the
/// slots where some word of the window has children.
#[inline]
fn fold_bytes(bytes: u64) -> u64 {
    let live = bytes | bytes >> 32;
    let live = live | live >> 16;
    (live | live >> 8) & 0xff
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

/// The children of one node by the first word key of [`INDEX_KEYS`] they have a condition on:
/// for each key used, the children by rule word; and the children with no word condition.
#[allow(clippy::type_complexity)]
fn build_index(nodes: &[Parsed], children: &[u32], word_count: usize) -> (Vec<(usize, Vec<Vec<Child>>)>, Vec<Child>) {
    let child = |id: u32| Child::of(nodes, id);
    let mut by_key: Vec<(usize, Vec<Vec<Child>>)> =
        INDEX_KEYS.iter().map(|&k| (k, vec![Vec::new(); word_count])).collect();
    let mut rest = Vec::new();
    for &id in children {
        let conditions = &nodes[id as usize].conditions;
        let slot = INDEX_KEYS
            .iter()
            .enumerate()
            .find_map(|(slot, &k)| conditions.iter().find(|&&(ck, _)| usize::from(ck) == k).map(|&(_, v)| (slot, v)));
        match slot {
            Some((slot, value)) => by_key[slot].1[value as usize].push(child(id)),
            None => rest.push(child(id)),
        }
    }
    by_key.retain(|(_, lists)| lists.iter().any(|l| !l.is_empty()));
    (by_key, rest)
}

#[cfg(test)]
mod tests;
