//! A BroadcastChannel: messages (text) between this app's tabs of the same browser. Nothing
//! is stored; a message reaches the tabs open at that moment, and no other origin.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub struct Channel {
    channel: web_sys::BroadcastChannel,
    // Kept alive as long as the channel listens.
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Channel {
    /// Listens on the channel `name`; `on_message` gets each text another tab posts.
    pub fn open(name: &str, mut on_message: impl FnMut(String) + 'static) -> Option<Channel> {
        let channel = web_sys::BroadcastChannel::new(name).ok()?;
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                if let Some(text) = event.data().as_string() {
                    on_message(text);
                }
            },
        );
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Channel {
            channel,
            _on_message: on_message,
        })
    }

    pub fn post(&self, text: &str) {
        let _ = self.channel.post_message(&JsValue::from_str(text));
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}
