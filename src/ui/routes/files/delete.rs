//! Deleting: one file, or what is selected (folders with everything in them). Counts what will
//! go, asks once, then deletes in batches of 1,000 and says what, if anything, could not be.

use super::FilesPage;
use crate::config::AppConfig;
use crate::folder::Entry;
use crate::i18n::FILES;
use crate::services::credentials::LiveSession;
use crate::services::{files, versions};
use crate::ui::components::dialog::Dialog;
use crate::ui::task::Task;
use leptos::prelude::*;

#[component]
pub fn DeleteDialog(page: FilesPage, entries: Vec<Entry>, on_close: Callback<()>) -> impl IntoView {
    let (config, live) = page.aws();
    let keys = RwSignal::new(None::<Result<Vec<String>, String>>);
    let counting = entries.iter().any(|e| matches!(e, Entry::Folder { .. }));
    let root = page.root.get_value();
    // Files are known by their keys; a folder's contents must be listed to be counted.
    {
        let (config, live, entries) = (config.clone(), live.clone(), entries.clone());
        leptos::task::spawn_local(async move {
            let mut found = Vec::new();
            for entry in &entries {
                match entry {
                    Entry::File { object, .. } => found.push(object.key.clone()),
                    Entry::Folder { path, .. } => {
                        match files::keys_under(&config, &live, &format!("{root}{path}")).await {
                            Ok(under) => found.extend(under),
                            Err(error) => {
                                keys.try_set(Some(Err(error.to_string())));
                                return;
                            }
                        }
                    }
                }
            }
            keys.try_set(Some(Ok(found)));
        });
    }
    let problem = RwSignal::new(None::<String>);
    let single = match entries.as_slice() {
        [Entry::File { name, .. }] => Some(name.clone()),
        _ => None,
    };
    let title = match entries.as_slice() {
        [Entry::File { name, .. }] => FILES.tf("files.delete-file-title", &[("name", name)]),
        [Entry::Folder { name, .. }] => FILES.tf("files.delete-folder-title", &[("name", name)]),
        many => FILES.plural("files.delete-title", many.len() as u64, &[]),
    };
    let done_name = single.clone();
    let delete = Task::new(move |keys: Vec<String>| {
        let (config, live, done_name) = (config.clone(), live.clone(), done_name.clone());
        async move {
            let result = match keys.as_slice() {
                [key] => files::delete(&config, &live, key)
                    .await
                    .map(|()| Vec::new()),
                _ => files::delete_many(&config, &live, &keys).await,
            };
            match result {
                Ok(refused) if refused.is_empty() => {
                    let said = match done_name {
                        Some(name) => FILES.tf("files.deleted-file", &[("name", &name)]),
                        None => FILES.plural("files.deleted", keys.len() as u64, &[]),
                    };
                    // The page may be gone by now (Back, or signed out meanwhile).
                    match page.versioned.try_get_untracked() {
                        Some(true) => page.toasts.say_with_action(
                            said,
                            FILES.t("files.undo"),
                            undo_action(page, config.clone(), live.clone(), keys),
                        ),
                        _ => page.toasts.say(said),
                    }
                    page.selected.set(Vec::new());
                    page.reload();
                    on_close.try_run(());
                }
                Ok(refused) => {
                    let (count, all) = (crate::i18n::number(refused.len() as u64), keys.len());
                    let first = format!("{}: {}", refused[0].key, refused[0].code);
                    let values = [("refused", count.as_str()), ("first", first.as_str())];
                    problem.set(Some(FILES.plural(
                        "files.delete-refused",
                        all as u64,
                        &values,
                    )));
                    page.reload();
                }
                Err(error) => problem.set(Some(error.to_string())),
            }
        }
    });
    let question = move || match keys.get() {
        None => FILES.t("files.delete-counting"),
        Some(Err(message)) => message,
        Some(Ok(found)) if page.versioned.get() => {
            FILES.plural("files.delete-undoable", found.len() as u64, &[])
        }
        Some(Ok(found)) if !counting && found.len() == 1 => FILES.t("files.delete-cannot-undo"),
        Some(Ok(found)) => FILES.plural("files.delete-objects", found.len() as u64, &[]),
    };
    let ready = move || matches!(keys.get(), Some(Ok(ref k)) if !k.is_empty());
    let confirm = move |_| {
        if let Some(Ok(found)) = keys.get_untracked() {
            delete.dispatch(found);
        }
    };
    view! {
        <Dialog title testid="delete-dialog" on_close>
            <p data-testid="delete-question">{question}</p>
            {move || problem.get().map(|text| view! { <p class="error" role="alert" data-testid="error">{text}</p> })}
            <div class="actions">
                <button class="secondary" data-testid="keep" on:click=move |_| { on_close.try_run(()); }>
                    {FILES.t("files.keep")}
                </button>
                <button class="danger solid" data-testid="confirm-delete"
                    disabled=move || !ready() || delete.pending() on:click=confirm>
                    {move || if delete.pending() { FILES.t("files.deleting") } else { FILES.t("files.delete") }}
                </button>
            </div>
        </Dialog>
    }
}

/// Undo of a delete: the files at `keys` are brought back from their versions. The toast may
/// outlive the page (the user went to another folder or page): it reads nothing of the page
/// (`reload` does nothing once it is gone).
fn undo_action(
    page: FilesPage,
    config: AppConfig,
    live: LiveSession,
    keys: Vec<String>,
) -> impl Fn() + 'static {
    let toasts = page.toasts;
    move || {
        let (config, live, keys) = (config.clone(), live.clone(), keys.clone());
        leptos::task::spawn_local(async move {
            match versions::undo_delete(&config, &live, &keys).await {
                Ok(undone) if undone.not_found == 0 => {
                    toasts.say(FILES.plural("files.undone", undone.restored as u64, &[]))
                }
                Ok(undone) => toasts.warn(FILES.plural(
                    "files.undone-partly",
                    keys.len() as u64,
                    &[("restored", &crate::i18n::number(undone.restored as u64))],
                )),
                Err(error) => toasts.warn(error.to_string()),
            }
            page.reload();
        });
    }
}
