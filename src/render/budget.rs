//! Budgets for rendering one page: time, output size and process memory.
//!
//! Tera 2 has no execution hook: a template that doubles a string in a loop, or
//! nests `range` loops, runs inside Tera with no call back into traction until
//! it ends (minutes, or never, or an abort on a failed allocation). So every
//! Tera call runs on a worker thread of this module while the caller waits with
//! a deadline and polls the process's resident memory. The caller hands over a
//! batch of calls at once (the pages of a chunk), so the thread hand-off is paid
//! once per batch; the worker records which call runs since when, so each call
//! still has its own deadline. A call over budget is
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

/// One job of a batch: a Tera call writing into the capped output.
pub(crate) type Work<T> = Box<dyn FnOnce(&mut Capped) -> T + Send>;

/// What a job within budget returned.
pub(crate) struct Ran<T> {
    /// The job's own result.
    pub value: T,
    /// What it wrote.
    pub bytes: Vec<u8>,
    /// How long it ran, to charge a later call for the same page.
    pub took: Duration,
}

/// A batch shared between its caller and the worker running it.
struct Batch<T> {
    jobs: Vec<Option<Work<T>>>,
    results: Vec<Option<Result<Ran<T>, Overrun>>>,
    /// The job running and when it started.
    current: Option<(usize, Instant)>,
    /// Set by the caller when it gives up on the worker: the worker must not
    /// record anything more, and what it has not started is run elsewhere.
    given_up: bool,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Runs `jobs` one after another on one worker, each within the budgets;
/// `spent` of a job is the budget time its page used already. One result per
/// job, in order.
///
/// Handing a worker a whole batch costs one thread wake-up per batch instead of
/// two per job (they were a sixth of a 10,000-page build). The caller still
/// watches every job: the worker records which job it runs and since when, and
/// a job over its budget is given up on alone; the jobs after it run on a
/// fresh worker.
pub(crate) fn run_all<T: Send + 'static>(
    limits: &Limits,
    jobs: Vec<(Duration, Work<T>)>,
) -> Vec<Result<Ran<T>, Overrun>> {
    let spent: Vec<Duration> = jobs.iter().map(|(s, _)| *s).collect();
    let count = jobs.len();
    if count == 0 {
        return Vec::new();
    }
    let batch = Arc::new(Mutex::new(Batch {
        jobs: jobs.into_iter().map(|(_, w)| Some(w)).collect(),
        results: (0..count).map(|_| None).collect(),
        current: None,
        given_up: false,
    }));
    let (done, finished) = mpsc::sync_channel::<()>(1);
    let shared = batch.clone();
    let limit = limits.page_bytes;
    let job: Job = Box::new(move || work_through(&shared, limit, &done));
    let Ok(worker) = worker() else {
        return (0..count).map(|_| Err(Overrun::Crashed)).collect();
    };
    if worker.jobs.send(job).is_err() {
        return (0..count).map(|_| Err(Overrun::Crashed)).collect();
    }
    let rest = loop {
        let wait = {
            let b = lock(&batch);
            b.current.map_or(POLL, |(k, since)| {
                (since + limits.render.saturating_sub(spent[k]))
                    .saturating_duration_since(Instant::now())
                    .min(POLL)
            })
        };
        let overrun = match finished.recv_timeout(wait) {
            Ok(()) => {
                lock(&IDLE).push(worker);
                break None;
            }
            // The worker died with the job: it panicked.
            Err(RecvTimeoutError::Disconnected) => Overrun::Crashed,
            Err(RecvTimeoutError::Timeout) => {
                let b = lock(&batch);
                let Some((k, since)) = b.current else {
                    continue;
                };
                if since.elapsed() + spent[k] >= limits.render {
                    Overrun::Time
                } else {
                    match resident_bytes() {
                        Some(rss) if rss > limits.memory_bytes => Overrun::Memory,
                        _ => continue,
                    }
                }
            }
        };
        let mut b = lock(&batch);
        if overrun != Overrun::Crashed {
            worker.abandoned.store(true, Ordering::Relaxed);
        }
        b.given_up = true;
        if let Some((k, _)) = b.current.take() {
            b.results[k] = Some(Err(overrun));
        }
        let rest: Vec<(usize, Work<T>)> = b
            .jobs
            .iter_mut()
            .enumerate()
            .filter_map(|(k, w)| w.take().map(|w| (k, w)))
            .collect();
        break Some(rest);
    };
    let rerun = rest.map(|rest| {
        let (slots, jobs): (Vec<usize>, Vec<(Duration, Work<T>)>) =
            rest.into_iter().map(|(k, w)| (k, (spent[k], w))).unzip();
        slots.into_iter().zip(run_all(limits, jobs))
    });
    let mut b = lock(&batch);
    for (k, r) in rerun.into_iter().flatten() {
        b.results[k] = Some(r);
    }
    std::mem::take(&mut b.results)
        .into_iter()
        .map(|r| r.unwrap_or(Err(Overrun::Crashed)))
        .collect()
}

/// The worker's side of a batch: takes the jobs in order, recording which one
/// runs, and says when all are done.
fn work_through<T>(batch: &Mutex<Batch<T>>, limit: usize, done: &mpsc::SyncSender<()>) {
    let mut finished: Option<(usize, Result<Ran<T>, Overrun>)> = None;
    loop {
        let (k, work) = {
            let mut b = lock(batch);
            if b.given_up {
                return;
            }
            if let Some((k, r)) = finished.take() {
                b.results[k] = Some(r);
            }
            let next = b.current.map_or(0, |(k, _)| k + 1);
            let Some(work) = b.jobs.get_mut(next).and_then(Option::take) else {
                b.current = None;
                break;
            };
            b.current = Some((next, Instant::now()));
            (next, work)
        };
        let started = Instant::now();
        let mut out = Capped {
            bytes: Vec::new(),
            limit,
            over: false,
        };
        let value = work(&mut out);
        let result = if out.over {
            Err(Overrun::Output)
        } else {
            Ok(Ran {
                value,
                bytes: out.bytes,
                took: started.elapsed(),
            })
        };
        finished = Some((k, result));
    }
    let _ = done.send(());
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

    /// Runs one `job` (a Tera call writing into the capped output) on a worker within
    /// the budgets; `started` is when the page began rendering.
    fn run<T: Send + 'static>(
        limits: &Limits,
        started: Instant,
        job: impl FnOnce(&mut Capped) -> T + Send + 'static,
    ) -> Result<(T, Vec<u8>), Overrun> {
        let mut ran = run_all(limits, vec![(started.elapsed(), Box::new(job) as Work<T>)]);
        ran.pop()
            .unwrap_or(Err(Overrun::Crashed))
            .map(|r| (r.value, r.bytes))
    }

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

    fn job<T: Send + 'static>(f: impl FnOnce(&mut Capped) -> T + Send + 'static) -> Work<T> {
        Box::new(f)
    }

    #[test]
    fn a_batch_returns_every_result_and_output_in_order() {
        let jobs = (0..5)
            .map(|n| {
                (
                    Duration::ZERO,
                    job(move |w| {
                        write!(w, "page {n}").unwrap();
                        n * 10
                    }),
                )
            })
            .collect();
        let ran: Vec<(i32, Vec<u8>)> = run_all(&limits(), jobs)
            .into_iter()
            .map(|r| r.map(|r| (r.value, r.bytes)).ok().unwrap())
            .collect();
        let expected: Vec<(i32, Vec<u8>)> = (0..5)
            .map(|n| (n * 10, format!("page {n}").into_bytes()))
            .collect();
        assert_eq!(ran, expected);
    }

    #[test]
    fn a_runaway_job_in_a_batch_is_given_up_on_alone_and_the_rest_still_run() {
        let started = Instant::now();
        let jobs = vec![
            (
                Duration::ZERO,
                job(|w: &mut Capped| w.write_all(b"a").is_ok()),
            ),
            (
                Duration::ZERO,
                job(|_: &mut Capped| {
                    std::thread::sleep(Duration::from_secs(5));
                    true
                }),
            ),
            (
                Duration::ZERO,
                job(|w: &mut Capped| w.write_all(b"c").is_ok()),
            ),
        ];
        let ran = run_all(&limits(), jobs);
        assert!(started.elapsed() < Duration::from_secs(2));
        let outputs: Vec<Result<Vec<u8>, Overrun>> =
            ran.into_iter().map(|r| r.map(|r| r.bytes)).collect();
        assert_eq!(
            outputs,
            vec![Ok(b"a".to_vec()), Err(Overrun::Time), Ok(b"c".to_vec())]
        );
    }

    #[test]
    fn time_a_page_spent_already_counts_against_its_budget() {
        // 300 ms of budget, 290 ms of it spent on the page's body already.
        let jobs = vec![(
            Duration::from_millis(290),
            job(|_: &mut Capped| std::thread::sleep(Duration::from_secs(5))),
        )];
        let started = Instant::now();
        let ran = run_all(&limits(), jobs);
        assert_eq!(
            ran.into_iter().next().and_then(Result::err),
            Some(Overrun::Time)
        );
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn a_job_that_panics_is_a_crash_and_the_jobs_after_it_still_run() {
        let jobs = vec![
            (
                Duration::ZERO,
                job(|_: &mut Capped| -> u8 { panic!("a bug in a filter") }),
            ),
            (Duration::ZERO, job(|_: &mut Capped| 2u8)),
        ];
        // Printing the panic (a backtrace) may take longer than the tests' short budget.
        let patient = Limits {
            render: Duration::from_secs(30),
            ..limits()
        };
        let ran: Vec<Result<u8, Overrun>> = run_all(&patient, jobs)
            .into_iter()
            .map(|r| r.map(|r| r.value))
            .collect();
        assert_eq!(ran, vec![Err(Overrun::Crashed), Ok(2)]);
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
