//! Deterministic synthetic research: words drawn with the frequencies of real research text
//! (assets/bench/vocabulary.tsv), sentence lengths likewise, in a realistic mix of
//! transcripts, highlights, notes, feedback and tree nodes, generated item by item as it is
//! loaded (a million documents would otherwise be a gigabyte held by the bench itself).

const VOCABULARY: &str = include_str!("../../../../assets/bench/vocabulary.tsv");
const SENTENCE_LENGTHS: &str = include_str!("../../../../assets/bench/sentence-lengths.tsv");

/// xorshift64*: fast, and the same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Draws from a discrete distribution by binary search over cumulative weights.
struct Weighted<T> {
    items: Vec<T>,
    cumulative: Vec<u64>,
}

impl<T: Clone> Weighted<T> {
    fn new(pairs: Vec<(T, u64)>) -> Weighted<T> {
        let mut total = 0;
        let (items, cumulative) = pairs
            .into_iter()
            .map(|(t, w)| {
                total += w.max(1);
                (t, total)
            })
            .unzip();
        Weighted { items, cumulative }
    }
    fn draw(&self, rng: &mut Rng) -> T {
        let total = *self.cumulative.last().unwrap_or(&1);
        let x = rng.next() % total;
        let i = self.cumulative.partition_point(|c| *c <= x);
        self.items[i.min(self.items.len() - 1)].clone()
    }
}

fn tsv(text: &str) -> impl Iterator<Item = (&str, u64)> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (a, b) = l.split_once('\t')?;
            Some((a, b.trim().parse().ok()?))
        })
}

pub struct Words {
    words: Weighted<&'static str>,
    lengths: Weighted<usize>,
    /// Words by rank, most frequent first: query terms are picked from bands of it.
    pub ranked: Vec<&'static str>,
}

impl Words {
    pub fn load() -> Words {
        let pairs: Vec<(&'static str, u64)> = tsv(VOCABULARY).collect();
        let ranked = pairs.iter().map(|(w, _)| *w).collect();
        let lengths = tsv(SENTENCE_LENGTHS)
            .filter_map(|(l, n)| Some((l.parse::<usize>().ok()?, n)))
            .collect();
        Words {
            words: Weighted::new(pairs),
            lengths: Weighted::new(lengths),
            ranked,
        }
    }

    pub fn sentence(&self, rng: &mut Rng) -> String {
        let n = self.lengths.draw(rng).clamp(3, 40);
        let mut s = String::with_capacity(n * 7);
        for i in 0..n {
            let w = self.words.draw(rng);
            if i == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    s.extend(f.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
        s.push('.');
        s
    }

    pub fn paragraph(&self, rng: &mut Rng, sentences: usize) -> String {
        (0..sentences)
            .map(|_| self.sentence(rng))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

pub const SEGMENTS_PER_INTERVIEW: usize = 150;

/// What an item is, mixed into its seed so that, say, note 7 and feedback 7 differ.
#[derive(Clone, Copy)]
enum Item {
    Interview = 1,
    Segment,
    Highlight,
    Note,
    Feedback,
    TreeNode,
}

pub struct SynthSegment {
    pub speaker: &'static str,
    pub start_ms: i64,
    pub text: String,
}

pub struct SynthHighlight {
    /// Its number among all highlights of the corpus.
    pub index: usize,
    /// The segment of its interview it quotes.
    pub segment: usize,
    pub tag: usize,
}

/// One interview with its segments and the highlights made on it: the unit the corpus is
/// streamed in, so a highlight never needs a segment of another interview.
pub struct SynthInterview {
    pub index: usize,
    pub title: String,
    pub notes: String,
    pub segments: Vec<SynthSegment>,
    pub highlights: Vec<SynthHighlight>,
}

pub const TAGS: [&str; 8] = [
    "Pain",
    "Need",
    "Workaround",
    "Delight",
    "Churn risk",
    "Onboarding",
    "Billing",
    "Reporting",
];

/// The synthetic research of one workspace size, generated on demand and never held: every
/// item comes from its own RNG seeded by (seed, kind, index), so any item can be regenerated
/// alone and every pass over the corpus yields the same text.
pub struct Corpus<'w> {
    words: &'w Words,
    seed: u64,
    interviews: usize,
    highlights: usize,
    notes: usize,
    feedback: usize,
    tree_nodes: usize,
}

impl Corpus<'_> {
    /// About `docs` search documents: 75 % transcript segments (in interviews of 150),
    /// 10 % highlights, 5 % notes, 8 % feedback, 2 % tree nodes.
    pub fn new(words: &Words, docs: usize, seed: u64) -> Corpus<'_> {
        Corpus {
            words,
            seed,
            interviews: (docs * 3 / 4 / SEGMENTS_PER_INTERVIEW).max(1),
            highlights: docs / 10,
            notes: docs / 20,
            feedback: docs * 8 / 100,
            tree_nodes: docs / 50,
        }
    }

    fn rng(&self, item: Item, index: usize) -> Rng {
        // splitmix64 of the three, so neighbouring indexes start far apart in xorshift's cycle.
        let mut z = self.seed
            ^ (item as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            ^ (index as u64).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Rng::new(z ^ (z >> 31))
    }

    /// Search documents in all: each interview, its segments, and every other item.
    pub fn len(&self) -> usize {
        self.interviews * (1 + SEGMENTS_PER_INTERVIEW)
            + self.highlights
            + self.notes
            + self.feedback
            + self.tree_nodes
    }

    pub fn interview_count(&self) -> usize {
        self.interviews
    }

    /// Segment `s` of interview `i`, alone.
    pub fn segment(&self, i: usize, s: usize) -> SynthSegment {
        let speakers = ["Interviewer", "Customer", "Second customer"];
        let mut rng = self.rng(Item::Segment, i * SEGMENTS_PER_INTERVIEW + s);
        let sentences = 1 + rng.below(3);
        SynthSegment {
            speaker: speakers[s % 2 + usize::from(s % 7 == 6)],
            start_ms: s as i64 * 9_000,
            text: self.words.paragraph(&mut rng, sentences),
        }
    }

    /// Interview `i` with its segments and its share of the highlights (spread evenly).
    pub fn interview(&self, i: usize) -> SynthInterview {
        let mut rng = self.rng(Item::Interview, i);
        let share = |i: usize| i * self.highlights / self.interviews;
        SynthInterview {
            index: i,
            title: format!(
                "Interview {i}: {}",
                self.words.sentence(&mut rng).trim_end_matches('.')
            ),
            notes: self.words.paragraph(&mut rng, 4),
            segments: (0..SEGMENTS_PER_INTERVIEW)
                .map(|s| self.segment(i, s))
                .collect(),
            highlights: (share(i)..share(i + 1))
                .map(|h| {
                    let mut rng = self.rng(Item::Highlight, h);
                    SynthHighlight {
                        index: h,
                        segment: rng.below(SEGMENTS_PER_INTERVIEW),
                        tag: rng.below(TAGS.len()),
                    }
                })
                .collect(),
        }
    }

    pub fn interviews(&self) -> impl Iterator<Item = SynthInterview> + '_ {
        (0..self.interviews).map(|i| self.interview(i))
    }

    /// (title, body) of each note.
    pub fn notes(&self) -> impl Iterator<Item = (String, String)> + '_ {
        (0..self.notes).map(|n| {
            let mut rng = self.rng(Item::Note, n);
            let sentences = 3 + rng.below(10);
            (
                format!(
                    "Note {n}: {}",
                    self.words.sentence(&mut rng).trim_end_matches('.')
                ),
                self.words.paragraph(&mut rng, sentences),
            )
        })
    }

    /// The text of each feedback item.
    pub fn feedback(&self) -> impl Iterator<Item = String> + '_ {
        (0..self.feedback).map(|f| {
            let mut rng = self.rng(Item::Feedback, f);
            let sentences = 1 + rng.below(4);
            self.words.paragraph(&mut rng, sentences)
        })
    }

    /// (title, description) of each tree node.
    pub fn tree_nodes(&self) -> impl Iterator<Item = (String, String)> + '_ {
        (0..self.tree_nodes).map(|t| {
            let mut rng = self.rng(Item::TreeNode, t);
            (
                self.words
                    .sentence(&mut rng)
                    .trim_end_matches('.')
                    .to_string(),
                self.words.paragraph(&mut rng, 2),
            )
        })
    }

    /// Every document the way the baselines index them, in the groups Groundwork commits
    /// them: an interview with its segments, then each of its highlights, each note, 500
    /// feedback items, each tree node.
    pub fn commit_groups(&self) -> impl Iterator<Item = Vec<FlatDoc>> + '_ {
        let interviews = self.interviews().flat_map(|iv| {
            let i = iv.index;
            let mut transcript = Vec::with_capacity(1 + SEGMENTS_PER_INTERVIEW);
            transcript.push(FlatDoc {
                id: format!("i{i}"),
                kind: "interview",
                tag: String::new(),
                title: iv.title,
                body: iv.notes,
            });
            let highlights: Vec<Vec<FlatDoc>> = iv
                .highlights
                .iter()
                .map(|h| {
                    vec![FlatDoc {
                        id: format!("h{}", h.index),
                        kind: "highlight",
                        tag: TAGS[h.tag].to_lowercase(),
                        title: String::new(),
                        body: iv.segments[h.segment].text.clone(),
                    }]
                })
                .collect();
            transcript.extend(iv.segments.into_iter().enumerate().map(|(s, seg)| FlatDoc {
                id: format!("i{i}s{s}"),
                kind: "segment",
                tag: String::new(),
                title: String::new(),
                body: seg.text,
            }));
            std::iter::once(transcript).chain(highlights)
        });
        let notes = self.notes().enumerate().map(|(n, (title, body))| {
            vec![FlatDoc {
                id: format!("n{n}"),
                kind: "note",
                tag: String::new(),
                title,
                body,
            }]
        });
        let feedback = batches(
            self.feedback().enumerate().map(|(f, text)| FlatDoc {
                id: format!("f{f}"),
                kind: "feedback",
                tag: String::new(),
                title: "survey".into(),
                body: text,
            }),
            FEEDBACK_BATCH,
        );
        let tree_nodes = self.tree_nodes().enumerate().map(|(t, (title, body))| {
            vec![FlatDoc {
                id: format!("t{t}"),
                kind: "tree_node",
                tag: String::new(),
                title,
                body,
            }]
        });
        interviews.chain(notes).chain(feedback).chain(tree_nodes)
    }
}

/// Feedback is imported as a CSV file of this many rows at a time.
pub const FEEDBACK_BATCH: usize = 500;

/// `items` in consecutive groups of `size` (the last one may be shorter).
pub fn batches<T>(mut items: impl Iterator<Item = T>, size: usize) -> impl Iterator<Item = Vec<T>> {
    std::iter::from_fn(move || {
        let batch: Vec<T> = items.by_ref().take(size).collect();
        (!batch.is_empty()).then_some(batch)
    })
}

pub struct FlatDoc {
    pub id: String,
    pub kind: &'static str,
    pub tag: String,
    pub title: String,
    pub body: String,
}
