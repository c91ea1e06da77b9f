//! What the app's tabs say to each other over their BroadcastChannel (services/tabs.rs).

use crate::session::Session;

/// What tabs say to each other, as the text of a message: a word, or the session as JSON
/// after its word. The JSON is read into a `Session` only where a session is wanted
/// (`Session::from_json`, in the `network` chunk): its deserializer stays out of the first
/// download.
#[derive(Debug, PartialEq)]
pub enum Message {
    /// A tab without a session asks for one.
    Ask,
    /// A signed-in tab's answer: its session, as JSON.
    Session(String),
    /// The user signed out in a tab.
    SignedOut,
}

const ASK: &str = "ask";
const SIGNED_OUT: &str = "signed-out";
const SESSION: &str = "session ";

impl Message {
    /// The answer that hands `session` to another tab.
    pub fn session(session: &Session) -> Option<Message> {
        serde_json::to_string(session).ok().map(Message::Session)
    }

    pub fn read(text: &str) -> Option<Message> {
        match text {
            ASK => Some(Message::Ask),
            SIGNED_OUT => Some(Message::SignedOut),
            _ => Some(Message::Session(text.strip_prefix(SESSION)?.to_string())),
        }
    }

    pub fn text(&self) -> String {
        match self {
            Message::Ask => ASK.to_string(),
            Message::SignedOut => SIGNED_OUT.to_string(),
            Message::Session(json) => format!("{SESSION}{json}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // What one tab writes, another reads back, the session whole; anything else on the channel
    // is ignored.
    #[test]
    fn messages_read_back_as_written() {
        let session = Session::LinkSent {
            email: "a@example.com".into(),
        };
        let answer = Message::session(&session).unwrap();
        let Some(Message::Session(json)) = Message::read(&answer.text()) else {
            panic!("not read back as a session");
        };
        assert_eq!(Session::from_json(&json), Some(session));
        assert_eq!(Message::read(&Message::Ask.text()), Some(Message::Ask));
        assert_eq!(
            Message::read(&Message::SignedOut.text()),
            Some(Message::SignedOut)
        );
        for garbage in ["", "Ask", "session", "signed-out "] {
            assert_eq!(Message::read(garbage), None, "{garbage}");
        }
    }
}
