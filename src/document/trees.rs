//! Counts the document trees alive (a test hook: a stream of any length
//! keeps one tree per thread alive while it is linted, and the position
//! resolver a few more). Nothing is counted until [`reset_peak`] is first
//! called: a shared counter bumped for every document costs the threads
//! of a long run a contended cache line.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// Held while a document's tree is being linted.
pub struct Alive(bool);

impl Default for Alive {
    fn default() -> Self {
        Self::new()
    }
}

impl Alive {
    pub fn new() -> Alive {
        if !COUNTING.load(Ordering::Relaxed) {
            return Alive(false);
        }
        let now = ALIVE.fetch_add(1, Ordering::Relaxed) + 1;
        PEAK.fetch_max(now, Ordering::Relaxed);
        Alive(true)
    }
}

impl Drop for Alive {
    fn drop(&mut self) {
        if self.0 {
            ALIVE.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

/// The most trees alive at once since the last reset.
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Start counting the peak anew (and start counting at all, the first
/// time).
pub fn reset_peak() {
    COUNTING.store(true, Ordering::Relaxed);
    PEAK.store(ALIVE.load(Ordering::Relaxed), Ordering::Relaxed);
}
