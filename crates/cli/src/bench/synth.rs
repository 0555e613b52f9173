//! Deterministic synthetic research: words drawn with the frequencies of real research text
//! (assets/bench/vocabulary.tsv), sentence lengths likewise, in a realistic mix of
//! transcripts, highlights, notes, feedback and tree nodes.

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

pub struct SynthInterview {
    pub title: String,
    pub notes: String,
    /// (speaker, start_ms, text)
    pub segments: Vec<(String, i64, String)>,
}

pub struct SynthHighlight {
    pub interview: usize,
    pub segment: usize,
    pub tag: usize,
}

pub struct Synth {
    pub interviews: Vec<SynthInterview>,
    pub highlights: Vec<SynthHighlight>,
    pub notes: Vec<(String, String)>,
    pub feedback: Vec<String>,
    pub tree_nodes: Vec<(String, String)>,
    pub tags: Vec<String>,
}

pub const SEGMENTS_PER_INTERVIEW: usize = 150;

impl Synth {
    /// About `docs` search documents: 75 % transcript segments (in interviews of 150),
    /// 10 % highlights, 5 % notes, 8 % feedback, 2 % tree nodes.
    pub fn generate(words: &Words, docs: usize, seed: u64) -> Synth {
        let mut rng = Rng::new(seed);
        let n_interviews = (docs * 3 / 4 / SEGMENTS_PER_INTERVIEW).max(1);
        let speakers = ["Interviewer", "Customer", "Second customer"];
        let interviews: Vec<SynthInterview> = (0..n_interviews)
            .map(|i| SynthInterview {
                title: format!(
                    "Interview {i}: {}",
                    words.sentence(&mut rng).trim_end_matches('.')
                ),
                notes: words.paragraph(&mut rng, 4),
                segments: (0..SEGMENTS_PER_INTERVIEW)
                    .map(|s| {
                        let sentences = 1 + rng.below(3);
                        (
                            speakers[s % 2 + usize::from(s % 7 == 6)].to_string(),
                            s as i64 * 9_000,
                            words.paragraph(&mut rng, sentences),
                        )
                    })
                    .collect(),
            })
            .collect();
        let tags: Vec<String> = [
            "Pain",
            "Need",
            "Workaround",
            "Delight",
            "Churn risk",
            "Onboarding",
            "Billing",
            "Reporting",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        let highlights = (0..docs / 10)
            .map(|_| SynthHighlight {
                interview: rng.below(n_interviews),
                segment: rng.below(SEGMENTS_PER_INTERVIEW),
                tag: rng.below(tags.len()),
            })
            .collect();
        let notes = (0..docs / 20)
            .map(|i| {
                let n = 3 + rng.below(10);
                (
                    format!(
                        "Note {i}: {}",
                        words.sentence(&mut rng).trim_end_matches('.')
                    ),
                    words.paragraph(&mut rng, n),
                )
            })
            .collect();
        let feedback = (0..docs * 8 / 100)
            .map(|_| {
                let n = 1 + rng.below(4);
                words.paragraph(&mut rng, n)
            })
            .collect();
        let tree_nodes = (0..docs / 50)
            .map(|_| {
                (
                    words.sentence(&mut rng).trim_end_matches('.').to_string(),
                    words.paragraph(&mut rng, 2),
                )
            })
            .collect();
        Synth {
            interviews,
            highlights,
            notes,
            feedback,
            tree_nodes,
            tags,
        }
    }

    /// Every document as (kind, tag, title, body), the way the baselines index them.
    pub fn flat(&self) -> Vec<FlatDoc> {
        let mut out = Vec::new();
        for (i, iv) in self.interviews.iter().enumerate() {
            out.push(FlatDoc {
                id: format!("i{i}"),
                kind: "interview",
                tag: String::new(),
                title: iv.title.clone(),
                body: iv.notes.clone(),
            });
            for (s, (_, _, text)) in iv.segments.iter().enumerate() {
                out.push(FlatDoc {
                    id: format!("i{i}s{s}"),
                    kind: "segment",
                    tag: String::new(),
                    title: String::new(),
                    body: text.clone(),
                });
            }
        }
        for (h, hl) in self.highlights.iter().enumerate() {
            let quote = &self.interviews[hl.interview].segments[hl.segment].2;
            out.push(FlatDoc {
                id: format!("h{h}"),
                kind: "highlight",
                tag: self.tags[hl.tag].to_lowercase(),
                title: String::new(),
                body: quote.clone(),
            });
        }
        for (n, (title, body)) in self.notes.iter().enumerate() {
            out.push(FlatDoc {
                id: format!("n{n}"),
                kind: "note",
                tag: String::new(),
                title: title.clone(),
                body: body.clone(),
            });
        }
        for (f, text) in self.feedback.iter().enumerate() {
            out.push(FlatDoc {
                id: format!("f{f}"),
                kind: "feedback",
                tag: String::new(),
                title: "survey".into(),
                body: text.clone(),
            });
        }
        for (t, (title, body)) in self.tree_nodes.iter().enumerate() {
            out.push(FlatDoc {
                id: format!("t{t}"),
                kind: "tree_node",
                tag: String::new(),
                title: title.clone(),
                body: body.clone(),
            });
        }
        out
    }
}

pub struct FlatDoc {
    pub id: String,
    pub kind: &'static str,
    pub tag: String,
    pub title: String,
    pub body: String,
}
