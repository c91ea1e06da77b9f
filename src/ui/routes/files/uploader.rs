//! Picking or dropping files and folders, and uploading them one after another: each file with
//! its progress and a Cancel button, the whole batch with its own progress, speed, time left and
//! Cancel all. A dropped or picked folder keeps its structure. The pickers keep their files
//! until all of them are uploaded.

use crate::error::AppError;
use crate::folder;
use crate::format;
use crate::platform::upload::{CancelToken, LocalFile};
use crate::platform::{clock, dropped};
use crate::services::upload;
use crate::ui::app::use_config;
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

impl From<Result<(), AppError>> for Status {
    fn from(outcome: Result<(), AppError>) -> Self {
        match outcome {
            Ok(()) => Status::Done,
            Err(AppError::Cancelled) => Status::Cancelled,
            Err(error) => Status::Failed(error.to_string()),
        }
    }
}

/// What was picked or dropped together.
#[derive(Clone)]
struct Batch {
    items: Vec<Item>,
    started_ms: u64,
}

/// One file of the batch, as the list of uploads shows it.
#[derive(Clone)]
struct Item {
    /// Its path in what was picked (`photos/a.jpg`), or its name.
    name: String,
    size: u64,
    sent: RwSignal<u64>,
    started_ms: RwSignal<u64>,
    status: RwSignal<Status>,
    cancel: CancelToken,
}

#[component]
pub fn Uploader(
    /// The area's prefix: files go to `<root><folder><their path>`.
    root: String,
    folder: Memo<String>,
    on_uploaded: impl Fn() + Clone + 'static,
    children: Children,
) -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    upload::forget_expired();
    let (files_input, folder_input) = (NodeRef::<Input>::new(), NodeRef::<Input>::new());
    let batch = RwSignal::new_local(None::<Batch>);
    let problem = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);
    let run = Task::new(move |picked: Vec<LocalFile>| {
        let (config, live, on_uploaded) = (config.clone(), live.clone(), on_uploaded.clone());
        let root = root.clone();
        // The folder open when the upload started, even if the user browses on meanwhile.
        let folder = folder.get_untracked();
        async move {
            let items: Vec<Item> = picked.iter().map(new_item).collect();
            batch.set(Some(Batch {
                items: items.clone(),
                started_ms: clock::now_millis(),
            }));
            let mut all_done = true;
            let mut refresh = ListRefresh::default();
            for (file, item) in picked.iter().zip(items) {
                let key = upload_key(&root, &folder, file.path());
                let outcome = match key {
                    _ if item.cancel.is_cancelled() => Err(AppError::Cancelled),
                    Ok(key) => send(&config, &live, file, &key, &item).await,
                    Err(error) => Err(error),
                };
                all_done &= outcome.is_ok();
                if outcome.is_ok() && refresh.file_arrived() {
                    on_uploaded();
                }
                item.status.set(Status::from(outcome));
            }
            if refresh.finish() {
                on_uploaded();
            }
            // Only a batch that fully arrived clears the pickers: on failure the choice stays.
            if all_done {
                for input in [files_input, folder_input] {
                    if let Some(input) = input.get_untracked() {
                        input.set_value("");
                    }
                }
            }
        }
    });
    let start = move |picked: Vec<LocalFile>| {
        if run.pending_untracked() {
            problem.set(Some(
                "An upload is running. Wait for it to finish, or cancel it, then add more.".into(),
            ));
        } else if picked.is_empty() {
            problem.set(Some("Choose files or a folder to upload first.".into()));
        } else {
            problem.set(None);
            run.dispatch(picked);
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        start(
            [files_input, folder_input]
                .iter()
                .flat_map(picked_in)
                .collect(),
        );
    };
    let drag_over = move |ev: leptos::ev::DragEvent| {
        if dropped::carries_files(&ev) {
            // Accepting the drag is what lets the drop happen here.
            ev.prevent_default();
            dragging.set(true);
        }
    };
    let drop = move |ev: leptos::ev::DragEvent| {
        if !dropped::carries_files(&ev) {
            return;
        }
        ev.prevent_default();
        dragging.set(false);
        let taken = dropped::take(&ev);
        leptos::task::spawn_local(async move {
            match taken.files().await {
                Ok(files) => start(files),
                Err(reason) => problem.set(Some(reason)),
            }
        });
    };
    view! {
        <div class="drop-target" class:dragging=move || dragging.get() data-testid="drop-target"
            on:dragover=drag_over on:dragleave=move |_| dragging.set(false) on:drop=drop>
            <form class="uploader" on:submit=submit>
                <label for="upload-file">"Upload files"</label>
                <input id="upload-file" type="file" multiple node_ref=files_input data-testid="upload-input" />
                <label for="upload-folder">"or a folder"</label>
                <input id="upload-folder" type="file" prop:webkitdirectory=true node_ref=folder_input data-testid="upload-folder-input" />
                <button type="submit" data-testid="upload" disabled=move || run.pending()>
                    {move || if run.pending() { "Uploading…" } else { "Upload" }}
                </button>
                <span class="hint">"You can also drop files and folders here."</span>
            </form>
            {move || problem.get().map(|text| view! { <p class="error" role="alert" data-testid="error">{text}</p> })}
            {move || batch.get().map(batch_view)}
            {children()}
        </div>
    }
}

/// When to list the folder again during a batch: as files arrive, but at most every two seconds
/// (a folder of a thousand small files would otherwise list it a thousand times), and once at
/// the end if anything arrived since.
struct ListRefresh {
    last_ms: u64,
    due: bool,
}

impl Default for ListRefresh {
    fn default() -> Self {
        Self {
            last_ms: clock::now_millis(),
            due: false,
        }
    }
}

impl ListRefresh {
    /// A file arrived: whether to list now.
    fn file_arrived(&mut self) -> bool {
        let now = clock::now_millis();
        self.due = now.saturating_sub(self.last_ms) < 2_000;
        if !self.due {
            self.last_ms = now;
        }
        !self.due
    }

    /// The batch ended: whether a listing is still owed.
    fn finish(self) -> bool {
        self.due
    }
}

/// The files chosen in a picker, each with its path in the folder picked, if any.
fn picked_in(input: &NodeRef<Input>) -> Vec<LocalFile> {
    let Some(list) = input.get_untracked().and_then(|i| i.files()) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(LocalFile::picked)
        .collect()
}

fn upload_key(root: &str, folder: &str, path: &str) -> Result<String, AppError> {
    folder::upload_key(root, folder, path).map_err(|reason| AppError::Browser(reason.into()))
}

fn new_item(file: &LocalFile) -> Item {
    Item {
        name: file.path().to_string(),
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

/// The batch's progress (bytes of all its files), Cancel all, and each file.
fn batch_view(batch: Batch) -> impl IntoView {
    let Batch { items, started_ms } = batch;
    let items = StoredValue::new_local(items);
    let total: u64 = items.with_value(|items| items.iter().map(|i| i.size).sum());
    let sent = move || {
        items.with_value(|items| {
            items
                .iter()
                .map(|item| match item.status.get() {
                    Status::Done => item.size,
                    Status::Sending => item.sent.get(),
                    _ => 0,
                })
                .sum::<u64>()
        })
    };
    let finished = move || {
        items.with_value(|items| {
            let done =
                |item: &&Item| !matches!(item.status.get(), Status::Waiting | Status::Sending);
            (items.iter().filter(done).count(), items.len())
        })
    };
    let running = move || finished().0 < finished().1;
    let summary = move || {
        let (done, count) = finished();
        let elapsed = clock::now_millis().saturating_sub(started_ms);
        let bytes = format::transfer_progress(sent(), total, elapsed);
        format!("{done} of {count} files · {bytes}")
    };
    let percent = move || (sent() * 100).checked_div(total).unwrap_or(100);
    let cancel_all =
        move |_| items.with_value(|items| items.iter().for_each(|i| i.cancel.cancel()));
    view! {
        <div class="upload-batch" data-testid="upload-batch">
            <progress max="100" value=move || percent().to_string()></progress>
            <span class="status" data-testid="batch-progress">{summary}</span>
            {move || running().then(|| view! {
                <button class="secondary" data-testid="cancel-all" on:click=cancel_all>"Cancel all"</button>
            })}
        </div>
        <ul class="uploads" data-testid="uploads">
            {items.get_value().into_iter().map(item_view).collect_view()}
        </ul>
    }
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
