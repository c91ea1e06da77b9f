//! Deleting many at once: the selection, a count of what will go (a folder's whole contents), a
//! confirmation, then DeleteObjects in batches of 1,000.

use crate::services::files;
use crate::ui::app::use_config;
use crate::ui::credentials::use_live_session;
use crate::ui::task::Task;
use leptos::prelude::*;

/// A row picked for deleting together: a file by key, or a folder by its path below the area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selected {
    File(String),
    Folder(String),
}

/// A checkbox that adds `item` to the selection or takes it out.
pub fn select_box(item: Selected, name: &str, selected: RwSignal<Vec<Selected>>) -> impl IntoView {
    let checked = {
        let item = item.clone();
        move || selected.with(|s| s.contains(&item))
    };
    let toggle = move |_| {
        selected.update(|s| match s.iter().position(|x| x == &item) {
            Some(i) => {
                s.remove(i);
            }
            None => s.push(item.clone()),
        })
    };
    view! {
        <td><input type="checkbox" data-testid="select" aria-label=format!("Select {name}") prop:checked=checked on:change=toggle /></td>
    }
}

/// "Delete selected": counts what will go (a folder's whole contents), asks, then deletes in
/// batches of 1,000 and says what, if anything, could not be deleted.
#[component]
pub fn BulkDelete(
    /// The area's prefix, which selected folders' paths are relative to.
    root: String,
    selected: RwSignal<Vec<Selected>>,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    let pending = RwSignal::new(None::<Vec<String>>);
    let count = {
        let (config, live) = (config.clone(), live.clone());
        Task::new(move |items: Vec<Selected>| {
            let (config, live, root) = (config.clone(), live.clone(), root.clone());
            async move {
                let mut keys = Vec::new();
                for item in items {
                    match item {
                        Selected::File(key) => keys.push(key),
                        Selected::Folder(path) => {
                            match files::keys_under(&config, &live, &format!("{root}{path}")).await
                            {
                                Ok(found) => keys.extend(found),
                                Err(error) => return problem.set(Some(error.to_string())),
                            }
                        }
                    }
                }
                pending.set(Some(keys));
            }
        })
    };
    let delete = Task::new(move |keys: Vec<String>| {
        let (config, live, on_change) = (config.clone(), live.clone(), on_change.clone());
        async move {
            match files::delete_many(&config, &live, &keys).await {
                Ok(refused) if refused.is_empty() => problem.set(None),
                Ok(refused) => problem.set(Some(format!(
                    "{} of {} objects could not be deleted ({}: {}).",
                    refused.len(),
                    keys.len(),
                    refused[0].0,
                    refused[0].1
                ))),
                Err(error) => problem.set(Some(error.to_string())),
            }
            pending.set(None);
            selected.set(Vec::new());
            on_change();
        }
    });
    move || {
        match pending.get() {
        None if selected.with(Vec::is_empty) => ().into_any(),
        None => view! {
            <div class="row">
                <button class="danger" data-testid="delete-selected" disabled=move || count.pending()
                    on:click=move |_| count.dispatch(selected.get_untracked())>
                    {move || format!("Delete selected ({})", selected.with(Vec::len))}
                </button>
            </div>
        }.into_any(),
        Some(keys) => {
            let n = keys.len();
            view! {
                <div class="notice" role="alertdialog" data-testid="confirm-bulk-delete">
                    <p>{format!("Delete {n} object{} for good? This cannot be undone.", if n == 1 { "" } else { "s" })}</p>
                    <button class="danger" data-testid="confirm-delete-selected" disabled=move || delete.pending()
                        on:click=move |_| delete.dispatch(keys.clone())>{format!("Delete {n}")}</button>
                    <button class="secondary" on:click=move |_| pending.set(None)>"Keep them"</button>
                </div>
            }.into_any()
        }
    }
    }
}
