//! Picking files and uploading them: one after another, each with its progress, speed and time
//! left, and a Cancel button. The picker keeps its files until all of them are uploaded.

use crate::error::AppError;
use crate::format;
use crate::platform::clock;
use crate::platform::upload::{CancelToken, LocalFile};
use crate::services::{files, upload};
use crate::ui::app::{use_config, use_session};
use crate::ui::credentials::use_live_session;
use crate::ui::task::Task;
use leptos::html::Input;
use leptos::prelude::*;
use std::rc::Rc;

#[derive(Clone, PartialEq)]
enum Status {
    Waiting,
    Sending,
    Done,
    Cancelled,
    Failed(String),
}

/// One file of the batch, as the list of uploads shows it.
#[derive(Clone)]
struct Item {
    name: String,
    size: u64,
    sent: RwSignal<u64>,
    started_ms: RwSignal<u64>,
    status: RwSignal<Status>,
    cancel: CancelToken,
}

#[component]
pub fn Uploader(folder: Memo<String>, on_uploaded: impl Fn() + Clone + 'static) -> impl IntoView {
    let (config, live, session) = (use_config(), use_live_session(), use_session());
    let input = NodeRef::<Input>::new();
    let items = RwSignal::new_local(Vec::<Item>::new());
    let problem = RwSignal::new(None::<String>);
    let run = Task::new(move |picked: Vec<LocalFile>| {
        let (config, live, on_uploaded) = (config.clone(), live.clone(), on_uploaded.clone());
        // The folder open when Upload was pressed, even if the user browses on meanwhile.
        let folder = folder.get_untracked();
        async move {
            let batch: Vec<Item> = picked.iter().map(new_item).collect();
            items.set(batch.clone());
            let mut all_done = true;
            for (file, item) in picked.iter().zip(batch) {
                let key = session.with_untracked(|s| files::key_for(s, &folder, &file.name()));
                let outcome = match key {
                    Ok(key) => send(&config, &live, file, &key, &item).await,
                    Err(error) => Err(error),
                };
                match outcome {
                    Ok(()) => {
                        item.status.set(Status::Done);
                        on_uploaded();
                    }
                    Err(AppError::Cancelled) => {
                        all_done = false;
                        item.status.set(Status::Cancelled);
                    }
                    Err(error) => {
                        all_done = false;
                        item.status.set(Status::Failed(error.to_string()));
                    }
                }
            }
            // Only a batch that fully arrived clears the picker: on failure the choice stays.
            if all_done {
                if let Some(input) = input.get_untracked() {
                    input.set_value("");
                }
            }
        }
    });
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = input.get_untracked().and_then(|i| i.files()).map(|list| {
            (0..list.length())
                .filter_map(|i| list.get(i))
                .map(LocalFile)
                .collect::<Vec<_>>()
        });
        match picked {
            Some(files) if !files.is_empty() => {
                problem.set(None);
                run.dispatch(files);
            }
            _ => problem.set(Some("Choose a file to upload first.".into())),
        }
    };
    view! {
        <form class="uploader" on:submit=start>
            <label for="upload-file">"Upload files"</label>
            <input id="upload-file" type="file" multiple node_ref=input data-testid="upload-input" />
            <button type="submit" data-testid="upload" disabled=move || run.pending()>
                {move || if run.pending() { "Uploading…" } else { "Upload" }}
            </button>
        </form>
        {move || problem.get().map(|text| view! { <p class="error" role="alert" data-testid="error">{text}</p> })}
        <ul class="uploads" data-testid="uploads">
            {move || items.get().into_iter().map(item_view).collect_view()}
        </ul>
    }
}

fn new_item(file: &LocalFile) -> Item {
    Item {
        name: file.name(),
        size: file.size(),
        sent: RwSignal::new(0),
        started_ms: RwSignal::new(0),
        status: RwSignal::new(Status::Waiting),
        cancel: CancelToken::default(),
    }
}

async fn send(
    config: &crate::config::AppConfig,
    live: &crate::services::credentials::LiveSession,
    file: &LocalFile,
    key: &str,
    item: &Item,
) -> Result<(), AppError> {
    item.status.set(Status::Sending);
    item.started_ms.set(clock::now_millis());
    let sent = item.sent;
    let on_progress: upload::OnProgress = Rc::new(move |bytes| sent.set(bytes));
    upload::upload(config, live, file, key, &item.cancel, on_progress).await
}

fn item_view(item: Item) -> impl IntoView {
    let Item {
        name,
        size,
        sent,
        started_ms,
        status,
        cancel,
    } = item;
    let cancel = StoredValue::new_local(cancel);
    let progress = move || {
        let elapsed = clock::now_millis().saturating_sub(started_ms.get());
        format::transfer_progress(sent.get(), size, elapsed)
    };
    let percent = move || (sent.get() * 100).checked_div(size).unwrap_or(100);
    view! {
        <li class="upload" data-testid="upload-item">
            <span class="name">{name}</span>
            <progress max="100" value=move || percent().to_string()></progress>
            {move || match status.get() {
                Status::Waiting => view! { <span class="status">"Waiting"</span> }.into_any(),
                Status::Sending => {
                    view! {
                        <span class="status" data-testid="upload-progress">{progress}</span>
                        <button class="secondary" data-testid="cancel-upload" on:click=move |_| cancel.with_value(CancelToken::cancel)>"Cancel"</button>
                    }.into_any()
                }
                Status::Done => view! { <span class="status" data-testid="upload-done">"Uploaded"</span> }.into_any(),
                Status::Cancelled => view! { <span class="status" data-testid="upload-cancelled">"Cancelled"</span> }.into_any(),
                Status::Failed(message) => view! {
                    <span class="error" role="alert" data-testid="upload-failed">{message}</span>
                }.into_any(),
            }}
        </li>
    }
}
