//! Counts the document trees alive (a test hook: a stream of any length
//! keeps one tree per thread alive while it is linted, and the position
//! resolver a few more).

use std::sync::atomic::{AtomicUsize, Ordering};

static ALIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// Held while a document's tree is being linted.
pub struct Alive(());

impl Default for Alive {
    fn default() -> Self {
        Self::new()
    }
}

impl Alive {
    pub fn new() -> Alive {
        let now = ALIVE.fetch_add(1, Ordering::Relaxed) + 1;
        PEAK.fetch_max(now, Ordering::Relaxed);
        Alive(())
    }
}

impl Drop for Alive {
    fn drop(&mut self) {
        ALIVE.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The most trees alive at once since the last reset.
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Start counting the peak anew.
pub fn reset_peak() {
    PEAK.store(ALIVE.load(Ordering::Relaxed), Ordering::Relaxed);
}
