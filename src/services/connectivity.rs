//! Whether requests are being retried because the network failed: what the page tells the user
//! during an outage ("You seem to be offline; retrying…"), and stops saying at the next answer.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

type Listener = Rc<dyn Fn(bool)>;

thread_local! {
    static RETRYING: Cell<bool> = const { Cell::new(false) };
    static LISTENER: RefCell<Option<Listener>> = const { RefCell::new(None) };
}

/// Tells `listener` each time retrying starts (true) or stops (false). One listener: the page's.
pub fn on_change(listener: impl Fn(bool) + 'static) {
    LISTENER.with(|l| *l.borrow_mut() = Some(Rc::new(listener)));
}

/// A request the network failed is about to be sent again.
pub fn retrying() {
    set(true);
}

/// An answer came (or the retries gave up, and the page shows the error instead).
pub fn settled() {
    set(false);
}

fn set(retrying: bool) {
    if RETRYING.replace(retrying) == retrying {
        return;
    }
    let listener = LISTENER.with(|l| l.borrow().clone());
    if let Some(listener) = listener {
        listener(retrying);
    }
}
