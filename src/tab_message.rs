//! What the app's tabs say to each other over their BroadcastChannel (services/tabs.rs).

use crate::session::Session;

/// What tabs say to each other, as the text of a message: a word, or the session as JSON
/// after its word. (Written by hand: a derived enum compiled a second copy of the session's
/// deserializer into the first load; this one reuses session_store's.)
pub enum Message {
    /// A tab without a session asks for one.
    Ask,
    /// A signed-in tab's answer.
    Session(Box<Session>),
    /// The user signed out in a tab.
    SignedOut,
}

const ASK: &str = "ask";
const SIGNED_OUT: &str = "signed-out";
const SESSION: &str = "session ";

impl Message {
    pub fn read(text: &str) -> Option<Message> {
        match text {
            ASK => Some(Message::Ask),
            SIGNED_OUT => Some(Message::SignedOut),
            _ => serde_json::from_str(text.strip_prefix(SESSION)?)
                .ok()
                .map(|session| Message::Session(Box::new(session))),
        }
    }

    pub fn text(&self) -> Option<String> {
        Some(match self {
            Message::Ask => ASK.to_string(),
            Message::SignedOut => SIGNED_OUT.to_string(),
            Message::Session(session) => {
                format!("{SESSION}{}", serde_json::to_string(session).ok()?)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // What one tab writes, another reads back; anything else on the channel is ignored.
    #[test]
    fn messages_read_back_as_written() {
        let session = Session::LinkSent {
            email: "a@example.com".into(),
        };
        let text = Message::Session(Box::new(session.clone())).text().unwrap();
        assert!(matches!(Message::read(&text), Some(Message::Session(s)) if *s == session));
        let ask = Message::Ask.text().unwrap();
        assert!(matches!(Message::read(&ask), Some(Message::Ask)));
        let out = Message::SignedOut.text().unwrap();
        assert!(matches!(Message::read(&out), Some(Message::SignedOut)));
        for garbage in ["", "session {", "Ask", "session null"] {
            assert!(Message::read(garbage).is_none(), "{garbage}");
        }
    }
}
