//! Tests of the rule tree: parsing, its child indexes, and deciding, checked against a reference that
//! walks the tree as written, on toy models and on the embedded one.

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
        let mut listed: Vec<u32> = index.rest.iter().map(|c| c.node).collect();
        for slot in (0..rules.slot_keys.len()).filter(|s| index.slot_bits >> s & 1 != 0) {
            let (shift, _) = field(rules.slot_keys[slot]);
            for word in 0..rules.by_word.len() / rules.slot_keys.len() {
                let (start, end) = rules.by_word[word * rules.slot_keys.len() + slot];
                let list = &rules.lists[start as usize..end as usize];
                assert!(list.is_sorted_by_key(|c| c.node), "ascending");
                for child in list {
                    assert_eq!((child.test.mask >> shift) as u16, u16::MAX, "indexed under a condition of its own");
                    assert_eq!((child.test.value >> shift) as u16, word as u16, "indexed under its own word");
                }
                listed.extend(list.iter().map(|c| c.node));
            }
        }
        listed.sort_unstable();
        let (start, end) = node.children;
        let children: Vec<u32> = rules.children[start as usize..end as usize].iter().map(|c| c.node).collect();
        assert_eq!(listed, children);
    }
}

/// The method straight from the model text, as the module docs state it: conditions as
/// `(key, value)` pairs tested one by one, children tried in file order. The oracle for the
/// packed tests and the child indexes.
struct Reference {
    conditions: Vec<Vec<(usize, u32)>>,
    conclusions: Vec<Option<Tag>>,
    children: Vec<Vec<usize>>,
    parents: Vec<usize>,
}

impl Reference {
    fn new(text: &str, lex: &Lexicon, rules: &Rules) -> Reference {
        let mut r = Reference { conditions: vec![], conclusions: vec![], children: vec![], parents: vec![] };
        let mut path: Vec<usize> = vec![];
        // The reference reads words through the mapping under test, so it checks that mapping
        // on its own: one id for each distinct word of the model, and no word unknown.
        let mut words: std::collections::HashMap<u32, &str> = std::collections::HashMap::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let depth = line.len() - line.trim_start_matches('\t').len();
            let (condition, conclusion) = line[depth..].split_once(" : object.conclusion = ").unwrap();
            let conditions = condition
                .split(" and ")
                .filter(|c| *c != "True")
                .map(|c| {
                    let (name, value) = c.strip_prefix("object.").unwrap().split_once(" == ").unwrap();
                    let (k, value) = (key_of(name).unwrap(), value.trim_matches('"'));
                    let id = match (k >= key::PREV_TAG2, value) {
                        (_, "") => EMPTY,
                        (true, "B") => Tag::B.id(),
                        (true, _) => Tag::I.id(),
                        (false, word) => {
                            let id = rules.word(lex.id(word));
                            assert_ne!(id, UNKNOWN, "{word}");
                            assert_eq!(*words.entry(id).or_insert(word), word, "two words, one id");
                            id
                        }
                    };
                    (k, id)
                })
                .collect();
            path.truncate(depth);
            let id = r.conditions.len();
            if let Some(&parent) = path.last() {
                r.children[parent].push(id);
            }
            r.parents.push(path.last().copied().unwrap_or(0));
            path.push(id);
            r.conditions.push(conditions);
            r.conclusions.push(match conclusion {
                "\"B\"" => Some(Tag::B),
                "\"I\"" => Some(Tag::I),
                _ => None,
            });
            r.children.push(vec![]);
        }
        r
    }

    fn decide(&self, ctx: &Context) -> Option<Tag> {
        self.conclusions[*self.path(ctx).last().expect("the root")]
    }

    /// The nodes deciding `ctx` walks through, from the root to the deepest that fires.
    fn path(&self, ctx: &Context) -> Vec<usize> {
        let fires = |n: usize| self.conditions[n].iter().all(|&(k, v)| ctx[k] == v);
        let mut path = vec![0];
        while let Some(&child) = self.children[*path.last().expect("the root")].iter().find(|&&c| fires(c)) {
            path.push(child);
        }
        path
    }

    /// A context where `node` and its ancestors fire (unless their conditions contradict),
    /// other keys from `fill`.
    fn context_for(&self, node: usize, fill: Context) -> Context {
        let mut chain = vec![node];
        while let Some(&n) = chain.last().filter(|&&n| n != 0) {
            chain.push(self.parents[n]);
        }
        let mut ctx = fill;
        for &n in chain.iter().rev() {
            for &(k, v) in &self.conditions[n] {
                ctx[k] = v;
            }
        }
        ctx
    }
}

fn embedded_with_reference() -> (Rules, Reference) {
    let mut lex = Lexicon::embedded();
    let rules = Rules::embedded(&mut lex);
    let reference = Reference::new(MODEL, &lex, &rules);
    (rules, reference)
}

#[test]
fn embedded_model_agrees_with_the_reference_at_every_rule() {
    let (rules, reference) = embedded_with_reference();
    assert_eq!(rules.len(), 1447);
    assert_eq!(reference.conditions.len(), 1447);
    let words: Vec<u32> = reference.conditions.iter().flatten().map(|&(_, v)| v).collect();
    let (mut fired, mut decided) = (0, Vec::new());
    for node in 0..reference.conditions.len() {
        for (i, tag) in [Tag::B, Tag::I, Tag::B].into_iter().enumerate() {
            let n = node * 3 + i;
            let fill = [
                words[(n * 13 + 1) % words.len()],
                words[(n * 31 + 5) % words.len()],
                words[(n * 7 + 2) % words.len()],
                words[(n * 17 + 3) % words.len()],
                if i == 2 { EMPTY } else { UNKNOWN },
                EMPTY,
                tag.id(),
                tag.id(),
                Tag::I.id(),
                if i == 1 { EMPTY } else { Tag::B.id() },
            ];
            let ctx = reference.context_for(node, fill);
            let want = reference.decide(&ctx);
            fired += usize::from(reference.path(&ctx).contains(&node));
            assert_eq!(rules.decide(&ctx), want, "rule {node}, context {ctx:?}");
            // The same context as a sentence of one syllable, through the starts.
            rules.decide_sentence(&ctx[..5], &ctx[5..], &mut decided);
            assert_eq!(decided, [want], "rule {node}, context {ctx:?}, as a sentence");
        }
    }
    assert!(fired > 1447, "the contexts reach the rules they were made for ({fired})");
}

#[test]
fn the_root_is_looked_up_by_tag_only_when_its_children_test_the_tag_alone() {
    assert!(EMBEDDED.0.root_by_tag, "the embedded model takes the lookup");
    for tag in [Tag::B, Tag::I] {
        let start = EMBEDDED.0.starts[tag.id() as usize];
        assert!(start.settled && start.window_slots != 0, "{tag:?}: its children are all indexed, within the slots");
    }
    let toys: [&'static str; 2] = [
        TOY,
        "True : object.conclusion = \"NN\"
\tobject.tag == \"I\" and object.nextTag1 == \"I\" : object.conclusion = \"B\"
\tobject.word == \"quận\" : object.conclusion = \"I\"
\tobject.tag == \"I\" : object.conclusion = \"I\"
",
    ];
    for (text, by_tag) in toys.into_iter().zip([true, false]) {
        let mut lex = Lexicon::default();
        let rules = Rules::parse(text, &mut lex).unwrap();
        assert_eq!(rules.root_by_tag, by_tag, "{text}");
        let reference = Reference::new(text, &lex, &rules);
        let word = rules.word(lex.id("quận"));
        let tag_values = [2, 3, EMPTY, UNKNOWN, 0x100];
        for tags in [[2, 2], [2, 3], [3, 2], [3, 3], [EMPTY, 3], [UNKNOWN, 2]] {
            for w in [word, UNKNOWN, EMPTY] {
                let mut ctx = [EMPTY; 10];
                (ctx[key::WORD], ctx[key::TAG], ctx[key::NEXT_TAG1]) = (w, tags[0], tags[1]);
                assert_eq!(rules.decide(&ctx), reference.decide(&ctx), "{text} {ctx:?}");
            }
        }
        // Whole sentences, through the starts that settle a syllable without the tree: every
        // sequence of three of these words and tags.
        let word_values = [word, rules.word(lex.id("huyện")), UNKNOWN];
        for n in 0..(3usize * 5).pow(3) {
            let picks: Vec<(u32, u32)> =
                (0..3).map(|i| n / 15usize.pow(i) % 15).map(|p| (word_values[p % 3], tag_values[p / 3])).collect();
            let words: Vec<u32> = [EMPTY; 2].into_iter().chain(picks.iter().map(|p| p.0)).chain([EMPTY; 2]).collect();
            let tags: Vec<u32> = [EMPTY; 2].into_iter().chain(picks.iter().map(|p| p.1)).chain([EMPTY; 2]).collect();
            let mut got = Vec::new();
            rules.decide_sentence(&words, &tags, &mut got);
            let want: Vec<Option<Tag>> = (0..3)
                .map(|i| {
                    let (w, t) = (&words[i..i + 5], &tags[i..i + 5]);
                    reference.decide(&[w[0], w[1], w[2], w[3], w[4], t[0], t[1], t[2], t[3], t[4]])
                })
                .collect();
            assert_eq!(got, want, "{text} {words:?} {tags:?}");
        }
    }
}

#[test]
fn packing_keeps_values_apart_and_unmatched() {
    let ctx: Context = [2, 3, 0xffff, 1, 0x1_0000, 1, 2, 3, 0x100, 2];
    let packed = pack(&ctx);
    for (k, &v) in ctx.iter().enumerate() {
        let (shift, width) = field(k);
        let got = (packed >> shift) & ((1 << width) - 1);
        let want = if v >> width == 0 { v } else { UNKNOWN };
        assert_eq!(got, u128::from(want), "key {k}");
    }
    assert!(Test::of(&[(key::WORD as u8, 0xffff), (key::TAG as u8, 3)]).fires(packed));
    assert!(!Test::of(&[(key::WORD as u8, 0xffff), (key::TAG as u8, 2)]).fires(packed));
    assert!(Test::of(&[]).fires(packed));
    // One key, two values: never; the same value twice: as once.
    assert_eq!(Test::of(&[(key::WORD as u8, 5), (key::WORD as u8, 6)]), Test::NEVER);
    assert!(!Test::NEVER.fires(0) && !Test::NEVER.fires(u128::MAX));
    assert!(Test::of(&[(key::PREV_WORD1 as u8, 3), (key::PREV_WORD1 as u8, 3)]).fires(packed));
    // A value wider than its field matches nothing, as no context holds it after packing.
    assert_eq!(Test::of(&[(key::NEXT_TAG1 as u8, 0x100)]), Test::NEVER);
}

proptest::proptest! {
    #[test]
    fn embedded_model_agrees_with_the_reference_on_random_contexts(
        picks in proptest::collection::vec(0usize..100_000, 10),
        node in 0usize..1447,
        start_at_rule in proptest::bool::ANY,
    ) {
        let (rules, reference) = &*EMBEDDED;
        let words: Vec<u32> = reference.conditions.iter().flatten().map(|&(_, v)| v).collect();
        let mut fill = [0u32; 10];
        for (k, &p) in picks.iter().enumerate() {
            fill[k] = match (k >= key::PREV_TAG2, p % 10) {
                (_, 0) => EMPTY,
                (_, 1) => UNKNOWN,
                (true, v) => [Tag::B.id(), Tag::I.id()][v % 2],
                (false, _) => words[p % words.len()],
            };
        }
        let ctx = if start_at_rule { reference.context_for(node, fill) } else { fill };
        proptest::prop_assert_eq!(rules.decide(&ctx), reference.decide(&ctx));
    }
}

proptest::proptest! {
    #[test]
    fn a_sentence_is_decided_as_its_windows_are(
        picks in proptest::collection::vec((0usize..100_000, 0u32..5), 0..40),
    ) {
        let (rules, reference) = &*EMBEDDED;
        let pool: Vec<u32> = reference.conditions.iter().flatten().map(|&(_, v)| v).collect();
        let mut words = vec![EMPTY; 2];
        let mut tags = vec![EMPTY; 2];
        for &(p, t) in &picks {
            // Mostly the rules' own words; now and then a value too wide for its field.
            words.push(if p % 50 == 0 { 0x1_0000 + p as u32 } else { pool[p % pool.len()] });
            tags.push([Tag::B.id(), Tag::I.id(), EMPTY, UNKNOWN, 0x100][t as usize]);
        }
        words.extend([EMPTY; 2]);
        tags.extend([EMPTY; 2]);
        let mut got = Vec::new();
        rules.decide_sentence(&words, &tags, &mut got);
        let want: Vec<Option<Tag>> = (0..picks.len())
            .map(|i| {
                let (w, t) = (&words[i..i + 5], &tags[i..i + 5]);
                rules.decide(&[w[0], w[1], w[2], w[3], w[4], t[0], t[1], t[2], t[3], t[4]])
            })
            .collect();
        proptest::prop_assert_eq!(got, want);
    }
}

static EMBEDDED: std::sync::LazyLock<(Rules, Reference)> = std::sync::LazyLock::new(embedded_with_reference);
