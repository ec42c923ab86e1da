//! Budgets for rendering one page: time, output size and process memory.
//!
//! Tera 2 has no execution hook: a template that doubles a string in a loop, or
//! nests `range` loops, runs inside Tera with no call back into traction until
//! it ends (minutes, or never, or an abort on a failed allocation). So every
//! Tera call runs on a worker thread of this module while the caller waits with
//! a deadline and polls the process's resident memory. A call over budget is
//! given up on: the caller gets an error naming the page and goes on (the build
//! fails cleanly and its staging folder is removed; `serve` keeps the last good
//! output and applies the next edit), and the worker is abandoned.
//!
//! A thread cannot be killed, so an abandoned worker is frozen instead: the
//! binary installs [`Allocator`], which parks a thread whose job was given up on
//! at its next allocation (a runaway template allocates at every step). It stops
//! using CPU and its memory stops growing; what it holds stays allocated until
//! the process ends. A child process per render would free that memory too, but
//! would cost a process start and a copy of the site per rebuild, and the kept
//! template environment of `serve` lives in memory; a runaway edit leaks at most
//! about one budget's worth of memory in a long `serve` session.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::config::Limits;

/// Why a render was given up on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overrun {
    /// It ran past `limits.render_seconds`.
    Time,
    /// It wrote more than `limits.page_mib`.
    Output,
    /// The process went past `limits.memory_mib` while it ran.
    Memory,
    /// The render panicked (a bug in Tera or in a filter).
    Crashed,
}

/// Output of one render, capped at the page budget.
pub(crate) struct Capped {
    bytes: Vec<u8>,
    limit: usize,
    over: bool,
}

impl Write for Capped {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + data.len() > self.limit {
            self.over = true;
            return Err(io::Error::other("over the page output budget"));
        }
        self.bytes.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// An idle worker thread: where to send it a job, and its "given up" flag.
struct Worker {
    jobs: mpsc::Sender<Job>,
    abandoned: Arc<AtomicBool>,
}

static IDLE: Mutex<Vec<Worker>> = Mutex::new(Vec::new());

thread_local! {
    /// The "given up" flag of the worker running on this thread (null elsewhere).
    static ABANDONED: Cell<*const AtomicBool> = const { Cell::new(std::ptr::null()) };
}

/// Workers run Tera, whose recursion depth a template decides.
const WORKER_STACK: usize = 16 * 1024 * 1024;

/// How often a waiting caller looks at the clock and at memory.
const POLL: Duration = Duration::from_millis(25);

fn worker() -> io::Result<Worker> {
    if let Some(w) = IDLE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .pop()
    {
        return Ok(w);
    }
    let (jobs, rx) = mpsc::channel::<Job>();
    let abandoned = Arc::new(AtomicBool::new(false));
    let flag = abandoned.clone();
    std::thread::Builder::new()
        .name("traction-render".into())
        .stack_size(WORKER_STACK)
        .spawn(move || {
            ABANDONED.set(Arc::as_ptr(&flag));
            while let Ok(job) = rx.recv() {
                job();
            }
            ABANDONED.set(std::ptr::null());
            drop(flag);
        })?;
    Ok(Worker { jobs, abandoned })
}

/// Runs `job` (a Tera call writing into the capped output) on a worker within
/// the budgets; `started` is when the page began rendering.
pub(crate) fn run<T: Send + 'static>(
    limits: &Limits,
    started: Instant,
    job: impl FnOnce(&mut Capped) -> T + Send + 'static,
) -> Result<(T, Vec<u8>), Overrun> {
    let deadline = started + limits.render;
    let limit = limits.page_bytes;
    let (tx, rx) = mpsc::sync_channel(1);
    let wrapped: Job = Box::new(move || {
        let mut out = Capped {
            bytes: Vec::new(),
            limit,
            over: false,
        };
        let result = job(&mut out);
        let _ = tx.send((result, out));
    });
    let Ok(worker) = worker() else {
        return Err(Overrun::Crashed);
    };
    if worker.jobs.send(wrapped).is_err() {
        return Err(Overrun::Crashed);
    }
    loop {
        let wait = deadline.saturating_duration_since(Instant::now()).min(POLL);
        let overrun = match rx.recv_timeout(wait) {
            Ok((result, out)) => {
                IDLE.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(worker);
                return if out.over {
                    Err(Overrun::Output)
                } else {
                    Ok((result, out.bytes))
                };
            }
            // The worker died with the job: it panicked.
            Err(RecvTimeoutError::Disconnected) => return Err(Overrun::Crashed),
            Err(RecvTimeoutError::Timeout) if Instant::now() >= deadline => Overrun::Time,
            Err(RecvTimeoutError::Timeout) => match resident_bytes() {
                Some(rss) if rss > limits.memory_bytes => Overrun::Memory,
                _ => continue,
            },
        };
        worker.abandoned.store(true, Ordering::Relaxed);
        return Err(overrun);
    }
}

/// Resident memory of this process (Linux; elsewhere unknown, and only the time
/// and output budgets apply).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// Parks the current thread for good if it is a worker whose job was given up on.
fn freeze_if_abandoned() {
    let flag = ABANDONED.get();
    // SAFETY: a worker sets the pointer from an `Arc` it keeps alive until it
    // sets the pointer back to null; other threads never set it.
    if !flag.is_null() && unsafe { (*flag).load(Ordering::Relaxed) } {
        loop {
            // `sleep` does not allocate (unlike `park`, which may create the
            // thread handle), so it cannot re-enter the allocator.
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
}

/// The system allocator, except that a render worker given up on (over its
/// time or memory budget) is parked at its next allocation instead of running
/// on. Installed by the `traction` binary.
pub struct Allocator;

// SAFETY: every call is forwarded to `System` unchanged; the only addition is
// possibly never returning, which an allocator may do.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        freeze_if_abandoned();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        freeze_if_abandoned();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        freeze_if_abandoned();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits {
            render: Duration::from_millis(300),
            page_bytes: 1024,
            memory_bytes: u64::MAX,
        }
    }

    #[test]
    fn a_job_within_budget_returns_its_result_and_output() {
        let (n, out) = run(&limits(), Instant::now(), |w| {
            w.write_all(b"hello").unwrap();
            7
        })
        .unwrap();
        assert_eq!((n, out.as_slice()), (7, &b"hello"[..]));
    }

    #[test]
    fn a_job_past_the_deadline_is_given_up_on_in_time() {
        let started = Instant::now();
        let result = run(&limits(), started, |_| {
            std::thread::sleep(Duration::from_secs(5));
        });
        assert_eq!(result.err(), Some(Overrun::Time));
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn output_past_the_page_budget_is_an_error() {
        let result = run(&limits(), Instant::now(), |w| {
            let _ = w.write_all(&[b'x'; 2048]);
        });
        assert_eq!(result.err(), Some(Overrun::Output));
    }

    #[test]
    fn memory_past_the_budget_is_an_error() {
        if resident_bytes().is_none() {
            return;
        }
        let tight = Limits {
            render: Duration::from_secs(5),
            memory_bytes: 1,
            ..limits()
        };
        let result = run(&tight, Instant::now(), |_| {
            std::thread::sleep(Duration::from_secs(1));
        });
        assert_eq!(result.err(), Some(Overrun::Memory));
    }
}
