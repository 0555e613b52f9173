//! How much a room takes from one phone: guesses at the join code per address, writes per
//! seat, open streams per seat. In memory: a restart forgets them, which only helps people
//! who were already in.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Failed joins an address may make at once, then one more every `JOIN_REFILL_SECS`.
pub(crate) const JOIN_BURST: f64 = 5.0;
pub(crate) const JOIN_REFILL_SECS: f64 = 10.0;
/// Failed joins from anywhere after which the code is replaced (someone is guessing it from
/// many addresses); the link's secret is too long to guess and stays.
pub(crate) const CODE_ROTATE_AFTER: u32 = 100;
/// Writes a seat may make at once, and per second after that.
pub(crate) const WRITE_BURST: f64 = 20.0;
pub(crate) const WRITES_PER_SEC: f64 = 10.0;
/// Event streams one seat may hold open (a phone needs one; a few tabs are fine).
pub(crate) const STREAMS_PER_SEAT: usize = 3;

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn full(tokens: f64) -> Bucket {
        Bucket {
            tokens,
            at: Instant::now(),
        }
    }
    /// Refill at `rate` per second up to `cap`; seconds until one token is there (0: there is).
    fn wait(&mut self, cap: f64, rate: f64) -> f64 {
        let now = Instant::now();
        self.tokens = (self.tokens + now.duration_since(self.at).as_secs_f64() * rate).min(cap);
        self.at = now;
        if self.tokens >= 1.0 {
            0.0
        } else {
            (1.0 - self.tokens) / rate
        }
    }
}

#[derive(Default)]
pub(crate) struct Limits {
    joins: Mutex<HashMap<IpAddr, Bucket>>,
    failures: Mutex<u32>,
    writes: Mutex<HashMap<String, Bucket>>,
    streams: Mutex<HashMap<String, usize>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Limits {
    /// Seconds `ip` must wait before it may try to join again (0: it may now).
    pub(crate) fn join_wait(&self, ip: IpAddr) -> u64 {
        let mut joins = lock(&self.joins);
        let b = joins.entry(ip).or_insert_with(|| Bucket::full(JOIN_BURST));
        b.wait(JOIN_BURST, 1.0 / JOIN_REFILL_SECS).ceil() as u64
    }

    /// A failed join from `ip`; true when the code should now be replaced.
    pub(crate) fn join_failed(&self, ip: IpAddr) -> bool {
        let mut joins = lock(&self.joins);
        let b = joins.entry(ip).or_insert_with(|| Bucket::full(JOIN_BURST));
        b.wait(JOIN_BURST, 1.0 / JOIN_REFILL_SECS);
        b.tokens = (b.tokens - 1.0).max(0.0);
        let mut failures = lock(&self.failures);
        *failures += 1;
        if *failures >= CODE_ROTATE_AFTER {
            *failures = 0;
            true
        } else {
            false
        }
    }

    /// Take one write from the seat's allowance; false when it is spent.
    pub(crate) fn write(&self, seat: &str) -> bool {
        let mut writes = lock(&self.writes);
        let b = writes
            .entry(seat.to_string())
            .or_insert_with(|| Bucket::full(WRITE_BURST));
        if b.wait(WRITE_BURST, WRITES_PER_SEC) > 0.0 {
            return false;
        }
        b.tokens -= 1.0;
        true
    }

    /// Count a stream opened by the seat; false (and not counted) beyond the limit.
    pub(crate) fn open_stream(&self, seat: &str) -> bool {
        let mut streams = lock(&self.streams);
        let n = streams.entry(seat.to_string()).or_default();
        if *n >= STREAMS_PER_SEAT {
            return false;
        }
        *n += 1;
        true
    }

    pub(crate) fn close_stream(&self, seat: &str) {
        if let Some(n) = lock(&self.streams).get_mut(seat) {
            *n = n.saturating_sub(1);
        }
    }
}
