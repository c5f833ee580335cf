//! Jobs run on several threads, their results taken in job order, with no
//! barrier between groups of jobs.
//!
//! A run's files are linted in parallel, but their outcomes must be
//! assembled in the order of the files (the report, and which of two
//! duplicates comes first, depend on it). Linting a batch at a time and
//! assembling it while the next is linted makes every thread wait at the
//! end of each batch; here each thread takes the next job as soon as it is
//! done with one, and whichever thread finds the oldest outstanding result
//! ready consumes every ready result in order. At most `window` results
//! wait to be consumed, so memory stays bounded by the window, not the run.
//!
//! A thread takes a few jobs at a time while many are left (up to
//! [`MOST_TAKEN`], fewer as the run nears its end, so that no thread is
//! left with a long share while the others idle) and puts their results in
//! their slots at once: the lock the threads share is taken per group, not
//! per job.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Run `run` on jobs `0..jobs` (on the threads of `pool`, or on this
/// thread without one) and hand each result to `consume` with its job's
/// index, in job order, each once. At most `window` results (at least one)
/// are held waiting for their turn. A panic in `run` or `consume` is passed
/// on.
pub fn run_ordered<R: Send>(
    jobs: usize,
    window: usize,
    pool: Option<&rayon::ThreadPool>,
    run: &(dyn Fn(usize) -> R + Sync),
    consume: &mut (dyn FnMut(usize, R) + Send),
) {
    let window = window.max(1);
    let shared = Shared {
        window,
        next: AtomicUsize::new(0),
        waiting: Mutex::new(Waiting {
            base: 0,
            slots: (0..window).map(|_| None).collect(),
            consuming: false,
            sleepers: 0,
        }),
        room: Condvar::new(),
        consume: Mutex::new(consume),
        failed: AtomicBool::new(false),
    };
    match pool {
        Some(pool) => {
            let threads = pool.current_num_threads();
            pool.broadcast(|_| shared.work(jobs, threads, run));
        }
        None => shared.work(jobs, 1, run),
    }
    // Every thread is done: none waits for room.
    debug_assert_eq!(lock(&shared.waiting).sleepers, 0);
}

/// The most jobs a thread takes at a time.
const MOST_TAKEN: usize = 8;

/// How many jobs to take when `left` are left for `threads` threads: an
/// eighth of a thread's share, from 1 to [`MOST_TAKEN`], and never more
/// than the `window`.
fn to_take(left: usize, threads: usize, window: usize) -> usize {
    (left / (threads.max(1) * 8))
        .clamp(1, MOST_TAKEN)
        .min(window)
}

struct Shared<'c, R> {
    /// The most results that wait for their turn.
    window: usize,
    /// The next job to take.
    next: AtomicUsize,
    waiting: Mutex<Waiting<R>>,
    /// Signalled when the window moves (or a thread failed).
    room: Condvar,
    /// Locked only by the thread that holds `Waiting::consuming`.
    consume: Mutex<&'c mut (dyn FnMut(usize, R) + Send)>,
    /// A thread panicked: the others stop waiting for room.
    failed: AtomicBool,
}

/// Results waiting for their turn.
struct Waiting<R> {
    /// The index of the first result not yet consumed.
    base: usize,
    /// The results of jobs `base..base + window`, as they are done.
    slots: VecDeque<Option<R>>,
    /// A thread is consuming (and will look again before it stops).
    consuming: bool,
    /// Threads waiting for room: the window's move wakes them only when
    /// there are some (a wake is a system call, even with no one to wake).
    sleepers: usize,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<R: Send> Shared<'_, R> {
    fn work(&self, jobs: usize, threads: usize, run: &(dyn Fn(usize) -> R + Sync)) {
        let _failed = FailGuard(self);
        let mut done = Vec::new();
        loop {
            let left = jobs.saturating_sub(self.next.load(Ordering::Relaxed));
            let take = to_take(left, threads, self.window);
            let first = self.next.fetch_add(take, Ordering::Relaxed);
            if first >= jobs {
                return;
            }
            let end = jobs.min(first + take);
            // The whole group fits in the window: the oldest group taken
            // always does, so no thread waits for one that waits.
            if !self.room_for(end - 1) {
                return;
            }
            done.extend((first..end).map(run));
            self.deposit(first, &mut done);
        }
    }

    /// Wait until job `i`'s result fits in the window; false when another
    /// thread failed.
    fn room_for(&self, i: usize) -> bool {
        let mut waiting = lock(&self.waiting);
        while i >= waiting.base + self.window {
            if self.failed.load(Ordering::Acquire) {
                return false;
            }
            waiting.sleepers += 1;
            waiting = self
                .room
                .wait(waiting)
                .unwrap_or_else(PoisonError::into_inner);
            waiting.sleepers -= 1;
        }
        true
    }

    /// Put the results of jobs `first..` (`done`, emptied) in their slots;
    /// then, unless another thread is consuming, consume every ready
    /// result in order.
    fn deposit(&self, first: usize, done: &mut Vec<R>) {
        let mut waiting = lock(&self.waiting);
        let at = first - waiting.base;
        for (k, result) in done.drain(..).enumerate() {
            waiting.slots[at + k] = Some(result);
        }
        if waiting.consuming {
            return;
        }
        waiting.consuming = true;
        let mut ready = Vec::new();
        loop {
            while let Some(Some(_)) = waiting.slots.front() {
                ready.extend(waiting.slots.pop_front().flatten());
                waiting.slots.push_back(None);
            }
            if ready.is_empty() {
                waiting.consuming = false;
                return;
            }
            let first = waiting.base;
            waiting.base += ready.len();
            if waiting.sleepers > 0 {
                self.room.notify_all();
            }
            drop(waiting);
            {
                let mut consume = lock(&self.consume);
                for (k, result) in ready.drain(..).enumerate() {
                    consume(first + k, result);
                }
            }
            waiting = lock(&self.waiting);
        }
    }
}

/// Marks the run failed when its thread unwinds, so that no other thread
/// waits for a result that will not come.
struct FailGuard<'s, 'c, R>(&'s Shared<'c, R>);

impl<R> Drop for FailGuard<'_, '_, R> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.failed.store(true, Ordering::Release);
            let _waiting = lock(&self.0.waiting);
            self.0.room.notify_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `f`'s answer, or a failure (not a hung test) when a mistake makes a
    /// thread wait for a result that will not come.
    fn within<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(std::time::Duration::from_secs(30))
            .expect("an answer within 30 s (no thread waits forever)")
    }

    fn consumed(jobs: usize, window: usize, threads: Option<usize>) -> Vec<(usize, usize)> {
        let pool = threads.map(|n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .expect("pool")
        });
        let mut seen = Vec::new();
        let run = |j: usize| {
            // Uneven work, so that results are done out of order.
            if j % 7 == 3 {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            j * 10
        };
        run_ordered(jobs, window, pool.as_ref(), &run, &mut |i, r| {
            seen.push((i, r))
        });
        seen
    }

    #[test]
    fn results_are_consumed_in_job_order_once_each() {
        for (jobs, window, threads) in [
            (0, 4, Some(2)),
            (1, 4, Some(2)),
            (500, 1, Some(2)),
            (500, 3, Some(3)),
            (500, 64, Some(2)),
            (500, 1000, Some(4)),
            (50, 4, None),
        ] {
            let seen = within(move || consumed(jobs, window, threads));
            let want: Vec<(usize, usize)> = (0..jobs).map(|i| (i, i * 10)).collect();
            assert_eq!(seen, want, "{jobs} jobs, window {window}, {threads:?}");
        }
    }

    #[test]
    fn threads_take_fewer_jobs_as_the_run_ends() {
        // An eighth of a thread's share, at most 8, at least 1.
        assert_eq!(to_take(10_000, 2, 128), MOST_TAKEN);
        assert_eq!(to_take(128, 2, 128), 8);
        assert_eq!(to_take(127, 2, 128), 7);
        assert_eq!(to_take(48, 2, 128), 3);
        assert_eq!(to_take(15, 2, 128), 1);
        assert_eq!(to_take(0, 2, 128), 1);
        assert_eq!(to_take(10_000, 4, 128), 8);
        assert_eq!(to_take(100, 4, 128), 3);
        assert_eq!(to_take(100, 1, 128), 8);
        assert_eq!(to_take(40, 0, 128), 5, "no threads counts as one");
        // Never more than the window holds.
        assert_eq!(to_take(10_000, 2, 3), 3);
        assert_eq!(to_take(10_000, 2, 1), 1);
    }

    #[test]
    fn no_more_than_the_window_waits() {
        let (consumed, most) = within(|| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(3)
                .build()
                .expect("pool");
            let done = AtomicUsize::new(0);
            let most = AtomicUsize::new(0);
            let consumed = AtomicUsize::new(0);
            let run = |j: usize| {
                if j % 11 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(300));
                }
                let ahead =
                    done.fetch_add(1, Ordering::SeqCst) + 1 - consumed.load(Ordering::SeqCst);
                most.fetch_max(ahead, Ordering::SeqCst);
            };
            run_ordered(300, 8, Some(&pool), &run, &mut |_, ()| {
                consumed.fetch_add(1, Ordering::SeqCst);
            });
            (consumed.into_inner(), most.into_inner())
        });
        assert_eq!(consumed, 300);
        // Results done and not yet consumed: the window, and those taken
        // out of it to be consumed (at most a window more).
        assert!(most <= 8 + 8, "{most}");
    }

    #[test]
    fn a_panic_in_a_job_is_passed_on_not_waited_for() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("pool");
        let failed = within(move || {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run_ordered(
                    200,
                    2,
                    Some(&pool),
                    &|j: usize| {
                        assert_ne!(j, 5, "job 5 fails");
                    },
                    &mut |_, ()| {},
                )
            }))
            .is_err()
        });
        assert!(failed);
    }
}
