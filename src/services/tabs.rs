//! One sign-in for all the app's tabs, with nothing stored beyond each tab's sessionStorage: a
//! tab opened without a session asks the open tabs (BroadcastChannel), and a signed-in one
//! answers with its session; signing out in one tab signs out all. When the last tab closes,
//! the session is gone with its sessionStorage, as before.

use crate::platform::clock;
use crate::platform::tabs::Channel;
use crate::services::session_store;
use crate::session::Session;
use crate::tab_message::Message;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

const CHANNEL: &str = "firebridge.tabs";
/// How long a new tab waits for an answer before showing the sign-in page. Open tabs answer
/// in a few milliseconds; a browser with no other tab of the app waits this long once.
const ASK_MS: u64 = 150;

thread_local! {
    /// This tab's end of the channel, once it listens.
    static LISTENING: RefCell<Option<Channel>> = const { RefCell::new(None) };
}

/// The session of another open tab of the app, if one is signed in and answers in time.
pub async fn join() -> Option<Session> {
    let answer: Rc<Cell<Option<String>>> = Rc::default();
    let channel = {
        let answer = answer.clone();
        Channel::open(CHANNEL, move |text| {
            if let Some(Message::Session(json)) = Message::read(&text) {
                answer.set(Some(json));
            }
        })?
    };
    channel.post(&Message::Ask.text());
    let asked = clock::now_millis();
    loop {
        if let Some(json) = answer.take() {
            return Some(session_store::read(json).await).filter(Session::is_signed_in);
        }
        if clock::now_millis().saturating_sub(asked) >= ASK_MS {
            return None;
        }
        clock::sleep_millis(10).await;
    }
}

/// Answers other tabs with `current()` while it is signed in, and calls `signed_out` when the
/// user signs out in another tab.
pub fn listen(current: impl Fn() -> Session + 'static, signed_out: impl Fn() + 'static) {
    let channel = Channel::open(CHANNEL, move |text| match Message::read(&text) {
        Some(Message::Ask) => {
            let session = current();
            if session.is_signed_in() {
                if let Some(answer) = Message::session(&session) {
                    post(&answer);
                }
            }
        }
        Some(Message::SignedOut) => signed_out(),
        _ => {}
    });
    LISTENING.with(|listening| *listening.borrow_mut() = channel);
}

/// Tells the other tabs that the user signed out here.
pub fn announce_sign_out() {
    post(&Message::SignedOut);
}

fn post(message: &Message) {
    let text = message.text();
    LISTENING.with(|listening| {
        if let Some(channel) = listening.borrow().as_ref() {
            channel.post(&text);
        }
    });
}
