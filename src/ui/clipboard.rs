//! Copy buttons: the text on the clipboard, and a word on how it went.

use crate::platform::files as browser_files;
use crate::ui::task::Task;
use leptos::prelude::*;

/// A task that puts `text()` on the clipboard, then sets `said` to "Copied." or to why not.
pub fn copy_task(text: impl Fn() -> String + 'static, said: RwSignal<Option<String>>) -> Task<()> {
    Task::new(move |_: ()| {
        let text = text();
        async move {
            let result = browser_files::copy_to_clipboard(&text).await;
            said.set(Some(
                result.map(|_| "Copied.".to_string()).unwrap_or_else(|e| e),
            ));
        }
    })
}
