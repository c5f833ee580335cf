//! The allocator the `peerlint` binary (and the scale benchmark's floor)
//! runs on: mimalloc, set to hand freed memory back to the system at once.
//!
//! A run allocates and frees a parse tree per document on every worker
//! thread. glibc's malloc spent about a quarter of a 10,000-file run in
//! `malloc`, `free` and arena locks; mimalloc keeps per-thread heaps and
//! takes a fifth off that run's wall time (measured, `docs/decisions.md`).
//! Its defaults keep freed memory for a second and commit whole arenas
//! (with transparent huge pages, zeroed 2 MiB at a time); [`Allocator`]
//! turns both off before its first allocation, which keeps the peak at
//! glibc's. (Set in `main`, the options come too late: the runtime has
//! allocated, and the first arena is committed, before `main` runs.)
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOCATOR: peerlint::allocator::Allocator = peerlint::allocator::Allocator;
//! ```

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::{c_int, c_void};
use std::sync::atomic::{AtomicBool, Ordering};

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};

/// The alignment every mimalloc block has (its smallest block is a
/// pointer wide): a request for no more goes to the plain, faster calls.
const MIN_ALIGN: usize = std::mem::size_of::<usize>();

/// `mi_option_arena_eager_commit` in mimalloc 3's `mi_option_t` (the
/// version is pinned in `Cargo.toml`; a test checks the numbers by their
/// defaults).
const ARENA_EAGER_COMMIT: c_int = 4;
/// `mi_option_purge_delay`: milliseconds before freed memory is returned.
const PURGE_DELAY: c_int = 15;

/// Whether the options are set.
static TUNED: AtomicBool = AtomicBool::new(false);

/// mimalloc, with the options set before the first allocation.
pub struct Allocator;

impl Allocator {
    #[inline]
    fn tune() {
        if !TUNED.load(Ordering::Relaxed) {
            set_options();
        }
    }
}

/// Return freed memory at once and commit arena memory as it is used.
/// Setting them twice (two threads racing to the first allocation) is
/// harmless.
#[cold]
fn set_options() {
    // SAFETY: setting an option writes one integer in mimalloc's option
    // table; nothing reads it concurrently before the first allocation.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
    TUNED.store(true, Ordering::Relaxed);
}

/// The process is about to end: freed memory is no longer handed back to
/// the system. mimalloc tidies its heaps as the process exits, and with
/// the purge delay at 0 it returned each freed page with a system call of
/// its own (about twenty-five after a `10k` run's output, on the run's
/// critical path); the process's end returns all of it at once anyway.
pub fn ending() {
    // SAFETY: setting an option writes one integer in mimalloc's option
    // table; a purge reads it when it runs, on whatever value it finds.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, -1);
    }
}

/// Whether a block for `layout` may come from mimalloc's plain calls.
#[inline]
fn plain(layout: Layout) -> bool {
    layout.align() <= MIN_ALIGN
}

/// A new block for `layout`, from mimalloc's plain call or its aligned one
/// (a pair: `mi_malloc`/`mi_malloc_aligned` or `mi_zalloc`/`mi_zalloc_aligned`).
///
/// # Safety
/// `layout` has a non-zero size (`GlobalAlloc::alloc`'s contract).
#[inline]
unsafe fn new_block(
    layout: Layout,
    plain_call: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned_call: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    Allocator::tune();
    // SAFETY: the caller's contract, passed on.
    let block = unsafe {
        if plain(layout) {
            plain_call(layout.size())
        } else {
            aligned_call(layout.size(), layout.align())
        }
    };
    block.cast()
}

// SAFETY: every call is mimalloc's own; setting options allocates nothing.
// Blocks of the plain calls are aligned to at least `MIN_ALIGN`, the
// others to the layout's alignment; `mi_free` takes either.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        unsafe { new_block(layout, mi_malloc, mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        unsafe { new_block(layout, mi_zalloc, mi_zalloc_aligned) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: the block is mimalloc's (the caller's contract).
        unsafe { mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let ptr = ptr.cast::<c_void>();
        // SAFETY: the caller's contract, passed on.
        let block = unsafe {
            if plain(layout) {
                mi_realloc(ptr, new_size)
            } else {
                mi_realloc_aligned(ptr, new_size, layout.align())
            }
        };
        block.cast()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option numbers name the options meant: in a process whose
    /// allocator is not [`Allocator`] (the library's tests use the system
    /// allocator), each holds its documented default, which no neighbour in
    /// the table shares (eager commit 2, purge delay 1000 ms); setting them
    /// turns both off, and [`ending`] turns purging off altogether. (The other test marks them set first, so that
    /// nothing else sets them.)
    #[test]
    fn option_numbers_name_the_options_and_setting_turns_them_off() {
        // SAFETY: reading an option has no precondition.
        let get = |option| unsafe { libmimalloc_sys::mi_option_get(option) };
        assert_eq!(
            get(ARENA_EAGER_COMMIT),
            2,
            "mi_option_arena_eager_commit's default"
        );
        assert_eq!(get(PURGE_DELAY), 1000, "mi_option_purge_delay's default");
        set_options();
        assert_eq!((get(ARENA_EAGER_COMMIT), get(PURGE_DELAY)), (0, 0));
        assert!(TUNED.load(Ordering::Relaxed));
        // At the end, freed memory is kept (never purged).
        ending();
        assert_eq!(get(PURGE_DELAY), -1);
    }

    /// Blocks have the alignment asked for, small or large, through
    /// allocation, zeroed allocation and growth, which keeps the contents.
    #[test]
    fn blocks_are_aligned_and_keep_their_contents() {
        // Marked as set: allocating here never sets the options, which
        // the test above reads and sets at the same time.
        TUNED.store(true, Ordering::Relaxed);
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 7, 8, 24, 100, 5000] {
                let layout = Layout::from_size_align(size, align).expect("a layout");
                // SAFETY: non-zero sizes; each block is written within its
                // size and freed once, with its layout.
                unsafe {
                    let p = Allocator.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "{size} bytes aligned to {align}");
                    std::ptr::write_bytes(p, 0xAB, size);
                    let q = Allocator.realloc(p, layout, size * 3);
                    assert_eq!(q as usize % align, 0, "grown, aligned to {align}");
                    assert!((0..size).all(|i| *q.add(i) == 0xAB), "contents kept");
                    let grown = Layout::from_size_align(size * 3, align).expect("a layout");
                    Allocator.dealloc(q, grown);
                    let z = Allocator.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0);
                    assert!((0..size).all(|i| *z.add(i) == 0), "zeroed");
                    Allocator.dealloc(z, layout);
                }
            }
        }
    }
}
