//! Renaming or moving one file.

use crate::folder;
use crate::services::files;
use crate::ui::app::use_config;
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::credentials::use_live_session;
use crate::ui::task::Task;
use leptos::prelude::*;

/// Renames or moves one file: its path below the area's top ("Your files", "Team"), as typed (a
/// folder in the path moves it there). A refused name keeps what was typed, with the reason beside it.
#[component]
pub fn RenamePanel(
    key: String,
    /// Bytes, as listed: above 5 GiB the copy goes in parts.
    size: u64,
    /// The prefix of the area the file is in (the path is typed below it).
    root: String,
    on_renamed: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    let path = RwSignal::new(key.strip_prefix(&root).unwrap_or(&key).to_string());
    let problem = RwSignal::new(None::<String>);
    let from = key.clone();
    let rename = Task::new(move |(to, typed): (String, String)| {
        let (config, live, from, on_renamed) = (
            config.clone(),
            live.clone(),
            from.clone(),
            on_renamed.clone(),
        );
        async move {
            match files::rename(&config, &live, &from, size, &to, &typed).await {
                Ok(()) => on_renamed(),
                Err(error) => problem.set(Some(error.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = path.get_untracked();
        match folder::rename_target(&root, &key, &typed) {
            Ok(to) => {
                problem.set(None);
                rename.dispatch((to, typed));
            }
            Err(reason) => problem.set(Some(reason.to_string())),
        }
    };
    view! {
        <form class="rename" data-testid="rename-panel" on:submit=submit>
            <label>"New name, or path to move it to "
                <input data-testid="rename-path" bind:value=path /></label>
            <button type="submit" data-testid="rename-submit" disabled=move || rename.pending()>
                {move || if rename.pending() { "Renaming…" } else { "Rename" }}
            </button>
            <ErrorMessage message=problem />
        </form>
    }
}
