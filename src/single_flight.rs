//! One run of an async operation shared by everyone who asks for it while it runs: requests that
//! find their credentials expiring at the same moment make one STS call between them, and the
//! background token refresh and a page needing a fresh ID token make one Firebase call.

use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

/// At most one run per key at a time; a caller with the same key joins the run in progress and
/// gets a clone of its result. A handle: clones share the runs.
pub struct SingleFlight<T: Clone + 'static> {
    running: Rc<RefCell<Option<Flight<T>>>>,
}

struct Flight<T: Clone + 'static> {
    key: String,
    result: Shared<LocalBoxFuture<'static, T>>,
}

impl<T: Clone + 'static> Clone for SingleFlight<T> {
    fn clone(&self) -> Self {
        SingleFlight {
            running: Rc::clone(&self.running),
        }
    }
}

impl<T: Clone + 'static> Default for SingleFlight<T> {
    fn default() -> Self {
        SingleFlight {
            running: Rc::new(RefCell::new(None)),
        }
    }
}

impl<T: Clone + 'static> SingleFlight<T> {
    /// Joins the run for `key` in progress, or starts `start()` as the new run. A run for another
    /// key (a different user) is never joined; it is replaced.
    pub async fn run<F>(&self, key: &str, start: impl FnOnce() -> F) -> T
    where
        F: Future<Output = T> + 'static,
    {
        let result = self.join_or_start(key, start);
        let output = result.clone().await;
        let mut running = self.running.borrow_mut();
        if running.as_ref().is_some_and(|f| f.result.ptr_eq(&result)) {
            *running = None;
        }
        output
    }

    fn join_or_start<F>(
        &self,
        key: &str,
        start: impl FnOnce() -> F,
    ) -> Shared<LocalBoxFuture<'static, T>>
    where
        F: Future<Output = T> + 'static,
    {
        let mut running = self.running.borrow_mut();
        if let Some(flight) = running.as_ref().filter(|f| f.key == key) {
            return flight.result.clone();
        }
        let result = start().boxed_local().shared();
        *running = Some(Flight {
            key: key.to_string(),
            result: result.clone(),
        });
        result
    }

    #[cfg(test)]
    fn is_idle(&self) -> bool {
        self.running.borrow().is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_executor::block_on;
    use futures_util::future::join;
    use std::cell::Cell;

    /// A future that is pending once, so that a second caller can join before it finishes.
    async fn yield_once() {
        let mut yielded = false;
        std::future::poll_fn(|cx| {
            if yielded {
                std::task::Poll::Ready(())
            } else {
                yielded = true;
                cx.waker().wake_by_ref();
                std::task::Poll::Pending
            }
        })
        .await
    }

    fn counting_run(
        flight: &SingleFlight<u32>,
        key: &'static str,
        runs: &Rc<Cell<u32>>,
    ) -> impl Future<Output = u32> {
        let (flight, runs) = (flight.clone(), Rc::clone(runs));
        async move {
            flight
                .run(key, move || async move {
                    let this_run = runs.get() + 1;
                    runs.set(this_run);
                    yield_once().await;
                    this_run
                })
                .await
        }
    }

    // Two requests needing new credentials at the same moment must cause one STS call.
    #[test]
    fn concurrent_callers_share_one_run() {
        let (flight, runs) = (SingleFlight::default(), Rc::new(Cell::new(0)));
        let both = join(
            counting_run(&flight, "uid-1", &runs),
            counting_run(&flight, "uid-1", &runs),
        );
        assert_eq!(block_on(both), (1, 1));
        assert_eq!(runs.get(), 1);
        assert!(flight.is_idle());
    }

    // Once a run has finished, the next caller must start a new one, not reuse a stale result.
    #[test]
    fn a_finished_run_is_not_reused() {
        let (flight, runs) = (SingleFlight::default(), Rc::new(Cell::new(0)));
        assert_eq!(block_on(counting_run(&flight, "uid-1", &runs)), 1);
        assert_eq!(block_on(counting_run(&flight, "uid-1", &runs)), 2);
    }

    // Another user's run must never hand over its result (its credentials).
    #[test]
    fn another_key_starts_its_own_run() {
        let (flight, runs) = (SingleFlight::default(), Rc::new(Cell::new(0)));
        let (first, second) = block_on(join(
            counting_run(&flight, "uid-1", &runs),
            counting_run(&flight, "uid-2", &runs),
        ));
        assert_eq!(runs.get(), 2);
        assert_ne!(first, second);
    }
}
