//! Uploading what the user picks (Upload files, Upload folder) or drops anywhere on the page:
//! a queue sent one file after another, each with what S3 has stored and what is on the way,
//! a Cancel button, and Retry once it failed or was cancelled; the whole batch with its
//! progress, its speed over the last seconds, its time left, and Cancel all. A picked or dropped
//! folder keeps its structure. Files added while others upload join the queue. A name already
//! taken asks Replace, Keep both or Skip; Pause keeps what S3 stored; uploads a reload
//! interrupted are listed, to resume by picking their file again. A batch outlives its page: the
//! user may browse elsewhere while it sends, is told when it is done, and finds it again, still
//! going, when the files page reopens. Signing out cancels it.

use crate::aws::multipart::ResumeRecord;
use crate::config::AppConfig;
use crate::error::AppError;
use crate::folder;
use crate::format;
use crate::i18n::FILES;
use crate::platform::upload::{CancelToken, LocalFile};
use crate::platform::{clock, dropped};
use crate::rate::RateMeter;
use crate::services::credentials::LiveSession;
use crate::services::upload::{self, Overwrite, Progress};
use crate::session::Session;
use crate::ui::components::toasts::{use_toasts, Toasts};
use crate::ui::context::{use_config, use_session};
use crate::ui::credentials::use_live_session;
use crate::ui::icon::icon;
use leptos::html::Input;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

thread_local! {
    /// Batches still sending when their page closed (one per area at most): the page shows
    /// them again when it reopens.
    static CARRIED_ON: RefCell<Vec<Uploads>> = RefCell::default();
}

#[derive(Clone, PartialEq)]
enum Status {
    Waiting,
    Sending,
    Done,
    Cancelled,
    /// Stopped by the user, to go on from what S3 stored.
    Paused,
    /// A file of that name is already there: waiting for the user's Replace, Keep both or Skip.
    Exists,
    Skipped,
    Failed(String),
}

impl From<Result<(), AppError>> for Status {
    fn from(outcome: Result<(), AppError>) -> Self {
        match outcome {
            Ok(()) => Status::Done,
            Err(AppError::Cancelled) => Status::Cancelled,
            Err(AppError::Paused) => Status::Paused,
            Err(AppError::AlreadyExists { .. }) => Status::Exists,
            Err(error) => Status::Failed(error.to_string()),
        }
    }
}

/// What the user chose for a file whose name is taken.
#[derive(Clone, Copy, PartialEq)]
enum Choice {
    Replace,
    KeepBoth,
    Skip,
}

/// "Keep both" tries `name (2).ext`, then `(3)`, and so on, each write conditional; past this
/// many the file is reported as failed instead.
const MAX_COPY_NUMBER: u32 = 99;

/// One file of the queue, as the list of uploads shows it. Its signals belong to the batch's
/// own owner, not to the page (see `Uploads::for_page`).
#[derive(Clone)]
struct Item {
    id: u64,
    file: LocalFile,
    /// Where it goes: `<root><folder>`, the folder open when it was added.
    prefix: String,
    /// 0 for the file's own name; n ≥ 2 for "Keep both"'s `name (n).ext`.
    copy: u32,
    overwrite: Overwrite,
    progress: RwSignal<Progress>,
    status: RwSignal<Status>,
    cancel: CancelToken,
}

impl Item {
    fn size(&self) -> u64 {
        self.file.size()
    }

    fn finished(&self) -> bool {
        !matches!(self.status.get(), Status::Waiting | Status::Sending)
    }

    /// Its path below `prefix`: the file's own, or its numbered copy's.
    fn path(&self) -> String {
        match self.copy {
            0 => self.file.path().to_string(),
            n => folder::numbered(self.file.path(), n),
        }
    }

    /// The same file, to be sent again.
    fn again(&self, id: u64) -> Item {
        Item {
            id,
            file: self.file.clone(),
            prefix: self.prefix.clone(),
            copy: self.copy,
            overwrite: self.overwrite,
            progress: RwSignal::new(Progress::default()),
            status: RwSignal::new(Status::Waiting),
            cancel: CancelToken::default(),
        }
    }
}

/// The uploads of a files page: the pickers, the queue and its panel. Built by the page, which
/// puts the buttons in its toolbar and the panel below it.
#[derive(Clone, Copy)]
pub struct Uploads {
    items: RwSignal<Vec<Item>, LocalStorage>,
    /// What is still to send. Shared with the loop sending it, which finishes the queue even
    /// if the page closes meanwhile.
    queue: StoredValue<Rc<RefCell<VecDeque<Item>>>, LocalStorage>,
    running: RwSignal<bool>,
    cancelled: RwSignal<bool>,
    meter: StoredValue<RateMeter, LocalStorage>,
    rate: RwSignal<Option<u64>>,
    problem: RwSignal<Option<String>>,
    files_input: NodeRef<Input>,
    folder_input: NodeRef<Input>,
    dragging: RwSignal<u32>,
    next_id: StoredValue<u64>,
    /// The batch's own owner, a child of the app's: everything here lives until the page has
    /// closed and the batch has finished, not as long as the view (a row of the list, a drop
    /// handler) that happened to create it.
    owner: StoredValue<Owner>,
    start: StoredValue<Rc<dyn Fn()>, LocalStorage>,
    root: StoredValue<String>,
    /// The folder the page shows, and what lists it again: the page open now (set when it
    /// opens, so a batch carried on is shown by the next page).
    folder: StoredValue<Option<Memo<String>>>,
    on_uploaded: StoredValue<Rc<dyn Fn()>, LocalStorage>,
    page_open: StoredValue<bool>,
    /// For what runs outside the page's setup (a choice's clean-up), where contexts are gone.
    env: StoredValue<(AppConfig, LiveSession), LocalStorage>,
    /// Uploads a reload or a closed tab interrupted, found when the page opened.
    interrupted: RwSignal<Vec<ResumeRecord>, LocalStorage>,
}

impl Uploads {
    /// The uploads of the page now opening, below `root`, into the folder open when files are
    /// added; `on_uploaded` lists the folder again as files arrive. A batch still sending from
    /// an earlier visit to the same area is taken up again. When the page closes, a batch still
    /// sending goes on (it is told when it ends), and anything else is dropped.
    pub fn for_page(root: String, folder: Memo<String>, on_uploaded: impl Fn() + 'static) -> Self {
        let uploads = Uploads::carried_on(&root)
            .filter(|u| u.page_open.try_get_value().is_some())
            .unwrap_or_else(|| Uploads::new(root));
        uploads.folder.set_value(Some(folder));
        uploads.page_open.set_value(true);
        uploads.on_uploaded.set_value(Rc::new(on_uploaded));
        on_cleanup(move || uploads.page_closed());
        uploads
    }

    fn page_closed(&self) {
        if self.page_open.try_get_value().is_none() {
            return;
        }
        self.page_open.set_value(false);
        self.folder.set_value(None);
        self.on_uploaded.set_value(Rc::new(|| ()));
        if self.running.get_untracked() {
            CARRIED_ON.with(|carried| carried.borrow_mut().push(*self));
        } else {
            self.dispose();
        }
    }

    /// Lets go of everything the batch holds (its page has closed and nothing is sending).
    fn dispose(&self) {
        let Some(owner) = self.owner.try_get_value() else {
            return;
        };
        if let Some(root) = self.root.try_get_value() {
            Uploads::carried_on(&root);
        }
        owner.cleanup();
        self.owner.dispose();
    }

    /// Takes the batch of the area `root` off the list of those carried on, if there is one.
    fn carried_on(root: &str) -> Option<Uploads> {
        CARRIED_ON.with(|carried| {
            let mut carried = carried.borrow_mut();
            let at = carried
                .iter()
                .position(|u| u.root.try_with_value(|r| r == root) == Some(true))?;
            Some(carried.swap_remove(at))
        })
    }

    fn new(root: String) -> Self {
        upload::forget_expired();
        let (config, live, toasts) = (use_config(), use_live_session(), use_toasts());
        let session = use_session();
        let app = app_owner();
        let owner = app.with(Owner::new);
        // Held by the app's owner, so that disposing the batch's own cannot drop it midway.
        let held = app.with(|| StoredValue::new(owner.clone()));
        let uploads = owner.with(|| Uploads::made(root, &config, &live, held));
        owner.with(|| uploads.follow(session, config, live, toasts));
        uploads
    }

    /// The batch's state, made under its own `owner`.
    fn made(
        root: String,
        config: &AppConfig,
        live: &LiveSession,
        owner: StoredValue<Owner>,
    ) -> Self {
        Uploads {
            items: RwSignal::new_local(Vec::new()),
            queue: StoredValue::new_local(Rc::default()),
            running: RwSignal::new(false),
            cancelled: RwSignal::new(false),
            meter: StoredValue::new_local(RateMeter::default()),
            rate: RwSignal::new(None),
            problem: RwSignal::new(None),
            files_input: NodeRef::new(),
            folder_input: NodeRef::new(),
            dragging: RwSignal::new(0),
            next_id: StoredValue::new(0),
            owner,
            start: StoredValue::new_local(Rc::new(|| ()) as Rc<dyn Fn()>),
            interrupted: RwSignal::new_local(upload::interrupted(&config.aws.bucket, &root)),
            root: StoredValue::new(root),
            folder: StoredValue::new(None),
            on_uploaded: StoredValue::new_local(Rc::new(|| ()) as Rc<dyn Fn()>),
            page_open: StoredValue::new(false),
            env: StoredValue::new_local((config.clone(), live.clone())),
        }
    }

    /// Sets up the sending loop; signing out cancels the batch, and closing the tab while it
    /// sends asks first, wherever in the app the user is.
    fn follow(
        &self,
        session: RwSignal<Session>,
        config: AppConfig,
        live: LiveSession,
        toasts: Toasts,
    ) {
        let uploads = *self;
        let signed_in = move || session.with(|s| s.is_signed_in());
        Effect::new(move || {
            if !signed_in() {
                uploads.cancel_all();
            }
        });
        let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if uploads.running.try_get_untracked() == Some(true) {
                ev.prevent_default();
            }
        });
        on_cleanup(move || unload.remove());
        let listed = move || {
            if let Some(list_again) = uploads.on_uploaded.try_get_value() {
                list_again();
            }
        };
        let work = move || {
            let (config, live) = (config.clone(), live.clone());
            let Some(queue) = uploads.queue.try_get_value() else {
                return;
            };
            leptos::task::spawn_local(async move {
                uploads.running.set(true);
                // The speed is measured each second too, not only when bytes move: a stall
                // reads as one within seconds instead of keeping the last speed.
                leptos::task::spawn_local(async move {
                    while uploads.running.try_get_untracked() == Some(true) {
                        clock::sleep_secs(1).await;
                        uploads.measure();
                    }
                });
                let mut refresh = ListRefresh::default();
                loop {
                    let Some(item) = queue.borrow_mut().pop_front() else {
                        break;
                    };
                    let outcome = uploads.send(&config, &live, &item).await;
                    let arrived = outcome.is_ok();
                    let status = Status::from(outcome);
                    if status == Status::Exists && item.copy > 0 {
                        uploads.next_copy(&item);
                        continue;
                    }
                    if status == Status::Paused {
                        // Nothing is on the way any more: only what S3 stored counts.
                        item.progress.try_update(|p| p.in_flight = 0);
                    }
                    item.status.try_set(status);
                    if arrived && refresh.file_arrived() {
                        listed();
                    }
                }
                if refresh.finish() {
                    listed();
                }
                uploads.running.set(false);
                uploads.forget_resumed();
                // Signed out: the batch was cancelled, and the sign-in page says nothing of it.
                match uploads.summary() {
                    _ if !signed_in() => {}
                    Some((summary, true)) => toasts.say(summary),
                    Some((summary, false)) => toasts.warn(summary),
                    None => {}
                }
                if uploads.page_open.get_value() {
                    return;
                }
                uploads.dispose();
            });
        };
        uploads.start.set_value(Rc::new(work));
    }

    async fn send(
        &self,
        config: &crate::config::AppConfig,
        live: &crate::services::credentials::LiveSession,
        item: &Item,
    ) -> Result<(), AppError> {
        let cancel = &item.cancel;
        if cancel.is_cancelled() {
            return Err(AppError::Cancelled);
        }
        let key = folder::upload_key(&item.prefix, "", &item.path())
            .map_err(|reason| AppError::Browser(reason.to_string()))?;
        item.status.set(Status::Sending);
        let (this, progress) = (*self, item.progress);
        let on_progress: upload::OnProgress = Rc::new(move |now: Progress| {
            progress.set(now);
            this.measure();
        });
        upload::upload(
            config,
            live,
            &item.file,
            &key,
            item.overwrite,
            cancel,
            on_progress,
        )
        .await
    }

    /// Notes the batch's bytes moved for its speed.
    fn measure(&self) {
        let Some(moved) = self.items.try_with_untracked(|items| {
            items
                .iter()
                .filter_map(|i| i.progress.try_with_untracked(|p| p.stored + p.in_flight))
                .sum::<u64>()
        }) else {
            return;
        };
        let rate = self.meter.try_update_value(|meter| {
            meter.record(clock::now_millis(), moved);
            meter.rate()
        });
        self.rate.set(rate.flatten());
    }

    /// Adds `files` to the queue, into the folder open now, and starts sending if idle.
    fn add(&self, files: Vec<LocalFile>) {
        let Some(folder) = self.folder.get_value().and_then(|f| f.try_get_untracked()) else {
            return;
        };
        self.add_to(files, &folder);
    }

    /// Adds `files` to the queue, into `folder` (below the area's root).
    fn add_to(&self, files: Vec<LocalFile>, folder: &str) {
        // A dropped folder is read for seconds: the page may have closed meanwhile.
        let (Some(running), Some(root), Some(owner)) = (
            self.running.try_get_untracked(),
            self.root.try_get_value(),
            self.owner.try_get_value(),
        ) else {
            return;
        };
        if files.is_empty() {
            return;
        }
        self.problem.set(None);
        if !running {
            // A new batch: the finished one's lines make way.
            self.items.set(Vec::new());
            self.cancelled.set(false);
            self.meter.set_value(RateMeter::default());
            self.rate.set(None);
        }
        let prefix = format!("{root}{folder}");
        let added: Vec<Item> = owner.with(|| {
            files
                .into_iter()
                .map(|file| Item {
                    id: self.new_id(),
                    file,
                    prefix: prefix.clone(),
                    copy: 0,
                    overwrite: Overwrite::Never,
                    progress: RwSignal::new(Progress::default()),
                    status: RwSignal::new(Status::Waiting),
                    cancel: CancelToken::default(),
                })
                .collect()
        });
        self.items
            .update(|items| items.extend(added.iter().cloned()));
        self.queue
            .with_value(|queue| queue.borrow_mut().extend(added));
        if !self.running.get_untracked() {
            self.start.with_value(|start| start());
        }
    }

    fn new_id(&self) -> u64 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        id
    }

    /// Sends a failed or cancelled file again, in its place in the list.
    fn retry(&self, failed: Item) {
        self.requeue(failed, |_| {});
    }

    /// What the user chose for a file whose name is taken. Skip and Keep both let go of a
    /// multipart upload S3 refused to complete there; Replace completes it.
    fn choose(&self, item: Item, choice: Choice) {
        let discard = || {
            let Some((config, live)) = self.env.try_get_value() else {
                return;
            };
            let (file, prefix, path) = (item.file.clone(), item.prefix.clone(), item.path());
            leptos::task::spawn_local(async move {
                if let Ok(key) = folder::upload_key(&prefix, "", &path) {
                    upload::discard(&config, &live, &file, &key).await;
                }
            });
        };
        match choice {
            Choice::Replace => self.requeue(item, |i| i.overwrite = Overwrite::Replace),
            Choice::KeepBoth => {
                discard();
                self.requeue(item, |i| i.copy = 2);
            }
            Choice::Skip => {
                discard();
                item.status.set(Status::Skipped);
            }
        }
    }

    /// The same choice for every file waiting for one.
    fn choose_all(&self, choice: Choice) {
        let waiting: Vec<Item> = self.items.with_untracked(|items| {
            items
                .iter()
                .filter(|i| i.status.get_untracked() == Status::Exists)
                .cloned()
                .collect()
        });
        for item in waiting {
            self.choose(item, choice);
        }
    }

    /// "Keep both" found `name (n).ext` taken too: the next number, or a failure past the last.
    fn next_copy(&self, item: &Item) {
        if item.copy >= MAX_COPY_NUMBER {
            let taken = AppError::AlreadyExists { path: item.path() };
            item.status.try_set(Status::Failed(taken.to_string()));
            return;
        }
        let next = self.replaced(item, |i| i.copy += 1);
        self.queue
            .with_value(|queue| queue.borrow_mut().push_front(next));
    }

    /// A new item for `old`'s file, changed by `change`, in `old`'s place in the list.
    fn replaced(&self, old: &Item, change: impl FnOnce(&mut Item)) -> Item {
        let mut item = self.owner.get_value().with(|| old.again(self.new_id()));
        change(&mut item);
        self.items.update(|items| {
            if let Some(slot) = items.iter_mut().find(|i| i.id == old.id) {
                *slot = item.clone();
            }
        });
        item
    }

    /// `failed` again, changed by `change`, in its place in the list; the queue starts if idle.
    fn requeue(&self, failed: Item, change: impl FnOnce(&mut Item)) {
        let item = self.replaced(&failed, change);
        self.cancelled.set(false);
        self.queue
            .with_value(|queue| queue.borrow_mut().push_back(item));
        if !self.running.get_untracked() {
            self.start.with_value(|start| start());
        }
    }

    fn cancel_all(&self) {
        self.cancelled.set(true);
        self.items
            .with_untracked(|items| items.iter().for_each(|i| i.cancel.cancel()));
    }

    /// What the finished batch did, for the toast and the panel, and whether all went well
    /// (None once the page is gone).
    fn summary(&self) -> Option<(String, bool)> {
        self.items.try_with_untracked(|items| {
            let count = items.len() as u64;
            let done: Vec<&Item> = items
                .iter()
                .filter(|i| i.status.get_untracked() == Status::Done)
                .collect();
            let kept = format::human_size(done.iter().map(|i| i.size()).sum());
            let uploaded = crate::i18n::number(done.len() as u64);
            let failed = items
                .iter()
                .filter(|i| matches!(i.status.get_untracked(), Status::Failed(_)))
                .count();
            let count_of = |status: Status| {
                items
                    .iter()
                    .filter(|i| i.status.get_untracked() == status)
                    .count() as u64
            };
            let some_cancelled = count_of(Status::Cancelled) > 0;
            let (taken, skipped) = (count_of(Status::Exists), count_of(Status::Skipped));
            let paused = count_of(Status::Paused);
            if taken > 0 {
                (FILES.plural("files.names-taken", taken, &[]), false)
            } else if paused > 0 {
                (FILES.plural("files.batch-paused", paused, &[]), true)
            } else if self.cancelled.get_untracked() || some_cancelled {
                let values = [("uploaded", uploaded.as_str()), ("kept", kept.as_str())];
                (FILES.plural("files.batch-cancelled", count, &values), false)
            } else if failed > 0 {
                let failed = crate::i18n::number(failed as u64);
                (
                    FILES.plural("files.batch-failed", count, &[("failed", &failed)]),
                    false,
                )
            } else if skipped > 0 {
                let skipped = crate::i18n::number(skipped);
                let values = [
                    ("uploaded", uploaded.as_str()),
                    ("kept", kept.as_str()),
                    ("skipped", skipped.as_str()),
                ];
                (FILES.plural("files.batch-skipped", count, &values), true)
            } else {
                (
                    FILES.plural("files.batch-done", count, &[("kept", &kept)]),
                    true,
                )
            }
        })
    }

    /// The toolbar's Upload files and Upload folder, each opening its picker; what is picked
    /// goes up at once.
    pub fn buttons(&self) -> impl IntoView {
        let this = *self;
        let picked = move |input: NodeRef<Input>| {
            move |_| {
                let Some(element) = input.get_untracked() else {
                    return;
                };
                let files = picked_in(&element);
                // Cleared, so that picking the same file again (to resume it) is a change too.
                element.set_value("");
                this.add(files);
            }
        };
        let open = |input: NodeRef<Input>| {
            move |_| {
                if let Some(element) = input.get_untracked() {
                    element.click();
                }
            }
        };
        view! {
            <button data-testid="upload" on:click=open(this.files_input)>
                {icon("upload")} <span class="label">{FILES.t("files.upload-files")}</span>
            </button>
            <button class="secondary" data-testid="upload-folder" on:click=open(this.folder_input)>
                {icon("folder-upload")} <span class="label">{FILES.t("files.upload-folder")}</span>
            </button>
            <input type="file" multiple tabindex="-1" aria-hidden="true" node_ref=this.files_input
                data-testid="upload-input" on:change=picked(this.files_input) />
            <input type="file" prop:webkitdirectory=true tabindex="-1" aria-hidden="true" node_ref=this.folder_input
                data-testid="upload-folder-input" on:change=picked(this.folder_input) />
        }
    }

    /// Accepts files and folders dragged anywhere over the page, with an overlay saying where
    /// they will go, until the page closes.
    pub fn accept_drops(&self) -> impl IntoView {
        let this = *self;
        let enter = window_event_listener(leptos::ev::dragenter, move |ev| {
            if dropped::carries_files(&ev) {
                this.dragging.update(|n| *n += 1);
            }
        });
        let leave = window_event_listener(leptos::ev::dragleave, move |_| {
            this.dragging.update(|n| *n = n.saturating_sub(1));
        });
        let over = window_event_listener(leptos::ev::dragover, move |ev| {
            if dropped::carries_files(&ev) {
                // Accepting the drag is what lets the drop happen here.
                ev.prevent_default();
                if this.dragging.get_untracked() == 0 {
                    this.dragging.set(1);
                }
            }
        });
        let drop = window_event_listener(leptos::ev::drop, move |ev| {
            if !dropped::carries_files(&ev) {
                return;
            }
            ev.prevent_default();
            this.dragging.set(0);
            let taken = dropped::take(&ev);
            leptos::task::spawn_local(async move {
                match taken.files().await {
                    Ok(files) => this.add(files),
                    Err(reason) => {
                        this.problem.try_set(Some(reason));
                    }
                }
            });
        });
        on_cleanup(move || {
            for handle in [enter, leave, over, drop] {
                handle.remove();
            }
        });
        let folder = self
            .folder
            .get_value()
            .unwrap_or_else(|| Memo::new(|_| String::new()));
        move || {
            (this.dragging.get() > 0).then(|| {
                let target = match folder.get() {
                    f if f.is_empty() => FILES.t("files.drop-here-top"),
                    f => FILES.tf("files.drop-here", &[("folder", f.trim_end_matches('/'))]),
                };
                view! { <div class="drop-overlay" data-testid="drop-overlay"><span>{icon("upload")} {target}</span></div> }
            })
        }
    }

    /// The batch's line (progress, speed, time left, Cancel all) and each file's.
    pub fn panel(&self) -> impl IntoView {
        let this = *self;
        let problem = move || {
            this.problem
                .get()
                .map(|text| view! { <p class="error" role="alert" data-testid="error">{text}</p> })
        };
        let panel = move || {
            let shown = this.items.with(|items| !items.is_empty());
            shown.then(|| this.batch_view())
        };
        let interrupted = move || {
            let shown = this.interrupted.with(|records| !records.is_empty());
            shown.then(|| this.interrupted_view())
        };
        view! { {problem} {interrupted} {panel} }
    }

    /// What a reload or a closed tab interrupted: each file resumes where it stopped when
    /// picked again, or is discarded (S3 drops its parts).
    fn interrupted_view(&self) -> impl IntoView {
        let this = *self;
        let count = move || this.interrupted.with(|records| records.len() as u64);
        view! {
            <section class="uploads-panel" data-testid="interrupted-uploads" aria-label=FILES.t("files.interrupted")>
                <p>{move || FILES.plural("files.interrupted-intro", count(), &[])}</p>
                <ul class="uploads">
                    {move || this.interrupted.get().into_iter().map(|record| this.interrupted_row(record)).collect_view()}
                </ul>
            </section>
        }
    }

    fn interrupted_row(&self, record: ResumeRecord) -> impl IntoView {
        let this = *self;
        let root = self.root.get_value();
        let shown = record
            .key
            .strip_prefix(&root)
            .unwrap_or(&record.key)
            .to_string();
        let stored = format::human_size(record.stored_bytes());
        let size = format::human_size(record.file.size);
        let status = FILES.tf(
            "files.interrupted-stored",
            &[("stored", &stored), ("size", &size)],
        );
        let input = NodeRef::<Input>::new();
        let record = StoredValue::new_local(record);
        let picked = move |_| {
            let Some(element) = input.get_untracked() else {
                return;
            };
            let files = picked_in(&element);
            element.set_value("");
            record.with_value(|record| this.resume(record, files));
        };
        let discard = move |_| this.abandon(record.get_value());
        view! {
            <li class="upload" data-testid="interrupted-upload">
                <span class="name">{icon("file")} {shown}</span>
                <span class="controls">
                    <span class="status">{status}</span>
                    <button class="secondary" data-testid="resume-upload"
                        on:click=move |_| { if let Some(i) = input.get_untracked() { i.click() } }>
                        {FILES.t("files.resume")}
                    </button>
                    <button class="ghost" data-testid="discard-upload" on:click=discard>{FILES.t("files.discard")}</button>
                    <input type="file" tabindex="-1" aria-hidden="true" node_ref=input
                        data-testid="resume-input" on:change=picked />
                </span>
            </li>
        }
    }

    /// `files`, picked to resume `record`: the same file goes up to the same key (and so
    /// resumes from its stored parts); another is refused, saying which one is wanted.
    fn resume(&self, record: &ResumeRecord, files: Vec<LocalFile>) {
        let Some(file) = files.into_iter().next() else {
            return;
        };
        if !record.is_of(&upload::fingerprint(&file)) {
            let wanted = FILES.tf("files.resume-other-file", &[("name", &record.file.name)]);
            self.problem.set(Some(wanted));
            return;
        }
        let root = self.root.get_value();
        let below_root = record.key.strip_prefix(&root).unwrap_or(&record.key);
        let folder = below_root
            .strip_suffix(file.path())
            .unwrap_or_default()
            .to_string();
        let key = record.key.clone();
        self.interrupted
            .update(|records| records.retain(|r| r.key != key));
        self.add_to(vec![file], &folder);
    }

    /// Drops from the interrupted list what is no longer stored (finished by picking its file
    /// in the usual picker, or aborted).
    fn forget_resumed(&self) {
        let (Some((config, _)), Some(root)) = (self.env.try_get_value(), self.root.try_get_value())
        else {
            return;
        };
        let stored = upload::interrupted(&config.aws.bucket, &root);
        self.interrupted.try_update(|records| {
            records.retain(|r| stored.iter().any(|s| s.key == r.key));
        });
    }

    fn abandon(&self, record: ResumeRecord) {
        let Some((config, live)) = self.env.try_get_value() else {
            return;
        };
        self.interrupted
            .update(|records| records.retain(|r| r.key != record.key));
        leptos::task::spawn_local(async move { upload::abandon(&config, &live, &record).await });
    }

    fn batch_view(&self) -> impl IntoView {
        let this = *self;
        let total = move || {
            this.items
                .with(|items| items.iter().map(Item::size).sum::<u64>())
        };
        let progress = move || {
            this.items.with(|items| {
                items.iter().fold(Progress::default(), |sum, item| {
                    let (p, status) = (item.progress.get(), item.status.get());
                    let stored = if status == Status::Done {
                        item.size()
                    } else {
                        p.stored
                    };
                    let in_flight = if status == Status::Sending {
                        p.in_flight
                    } else {
                        0
                    };
                    Progress {
                        stored: sum.stored + stored,
                        in_flight: sum.in_flight + in_flight,
                    }
                })
            })
        };
        let counts = move || {
            this.items.with(|items| {
                let finished = items.iter().filter(|i| i.finished()).count() as u64;
                (finished, items.len() as u64)
            })
        };
        let running = move || this.running.get();
        // Files whose name is taken, waiting for the user's choice.
        let taken = move || {
            this.items.with(|items| {
                items
                    .iter()
                    .filter(|i| i.status.get() == Status::Exists)
                    .count() as u64
            })
        };
        let line = move || {
            if !running() {
                // Choices made once the batch stopped (Skip) change what it did.
                this.items
                    .with(|items| items.iter().for_each(|i| i.status.track()));
                return this.summary().map(|(text, _)| text).unwrap_or_default();
            }
            let (finished, count) = counts();
            let p = progress();
            let amounts =
                format::transfer_progress(p.stored, p.in_flight, total(), this.rate.get());
            let finished = crate::i18n::number(finished);
            FILES.plural(
                "files.batch-running",
                count,
                &[("finished", &finished), ("progress", &amounts)],
            )
        };
        let percent = move || {
            (progress().stored * 100)
                .checked_div(total())
                .unwrap_or(100)
        };
        let close = move |_| this.items.set(Vec::new());
        view! {
            <section class="uploads-panel" data-testid="upload-batch" aria-label=FILES.t("files.uploads")>
                <div class="upload-batch">
                    <progress max="100" value=move || percent().to_string() aria-label=FILES.t("files.uploads")></progress>
                    <span class="status" data-testid="batch-progress">{line}</span>
                    {move || if running() {
                        view! {
                            <button class="secondary" data-testid="cancel-all" on:click=move |_| this.cancel_all()>
                                {FILES.t("files.cancel-all")}
                            </button>
                        }.into_any()
                    } else {
                        view! {
                            <button class="ghost icon-only" data-testid="close-uploads" aria-label=FILES.t("files.close-uploads")
                                on:click=close>{icon("x")}</button>
                        }.into_any()
                    }}
                </div>
                {move || (taken() > 1).then(|| view! {
                    <div class="upload-choices" role="group" data-testid="upload-choices">
                        <span>{FILES.plural("files.names-taken", taken(), &[])}</span>
                        <button class="secondary" data-testid="replace-all" on:click=move |_| this.choose_all(Choice::Replace)>{FILES.t("files.replace-all")}</button>
                        <button class="secondary" data-testid="keep-both-all" on:click=move |_| this.choose_all(Choice::KeepBoth)>{FILES.t("files.keep-both-all")}</button>
                        <button class="secondary" data-testid="skip-all" on:click=move |_| this.choose_all(Choice::Skip)>{FILES.t("files.skip-all")}</button>
                    </div>
                })}
                <ul class="uploads" data-testid="uploads">
                    <For each=move || this.items.with(|items| items.iter().map(|i| i.id).collect::<Vec<_>>())
                        key=|id| *id let(id)>
                        {this.item_view(id)}
                    </For>
                </ul>
            </section>
        }
    }

    fn item_view(&self, id: u64) -> impl IntoView {
        let this = *self;
        let item = self
            .items
            .with_untracked(|items| items.iter().find(|i| i.id == id).cloned());
        let Some(item) = item else {
            return ().into_any();
        };
        let (progress, status, size) = (item.progress, item.status, item.size());
        let percent = move || {
            (progress.get().stored * 100)
                .checked_div(size)
                .unwrap_or(100)
        };
        let text = move || {
            let p = progress.get();
            format::transfer_progress(p.stored, p.in_flight, size, None)
        };
        let name = item.path();
        let stored_item = StoredValue::new_local(item);
        let retry = move |_| this.retry(stored_item.get_value());
        let pause = move |_| stored_item.with_value(|i| i.cancel.pause());
        let choose = move |choice: Choice| move |_| this.choose(stored_item.get_value(), choice);
        let cancel = move |_| {
            stored_item.with_value(|i| {
                i.cancel.cancel();
                // A file still waiting is cancelled at once, not when its turn comes.
                if i.status.get_untracked() == Status::Waiting {
                    i.status.set(Status::Cancelled);
                }
            })
        };
        view! {
            <li class="upload" data-testid="upload-item">
                <span class="name">{icon("file")} {name}</span>
                <span class="controls">
                    {move || match status.get() {
                        Status::Waiting => view! {
                            <span class="status">{FILES.t("files.status-waiting")}</span>
                            <button class="ghost" data-testid="cancel-upload" on:click=cancel>{FILES.t("files.cancel")}</button>
                        }.into_any(),
                        Status::Sending => view! {
                            <span class="status" data-testid="upload-progress">{text}</span>
                            <button class="ghost" data-testid="pause-upload" on:click=pause>{FILES.t("files.pause")}</button>
                            <button class="ghost" data-testid="cancel-upload" on:click=cancel>{FILES.t("files.cancel")}</button>
                        }.into_any(),
                        Status::Paused => view! {
                            <span class="status" data-testid="upload-paused">{FILES.tf("files.status-paused", &[("progress", &text())])}</span>
                            <button class="secondary" data-testid="resume-paused" on:click=retry>{FILES.t("files.resume-paused")}</button>
                        }.into_any(),
                        Status::Done => view! {
                            <span class="status done" data-testid="upload-done">{icon("check")} {FILES.t("files.status-done")}</span>
                        }.into_any(),
                        Status::Cancelled => view! {
                            <span class="status" data-testid="upload-cancelled">{FILES.t("files.status-cancelled")}</span>
                            <button class="ghost" data-testid="retry-upload" on:click=retry>{FILES.t("files.retry")}</button>
                        }.into_any(),
                        Status::Exists => view! {
                            <span class="status" data-testid="upload-exists">{FILES.t("files.status-exists")}</span>
                            <button class="ghost" data-testid="replace-upload" on:click=choose(Choice::Replace)>{FILES.t("files.replace")}</button>
                            <button class="ghost" data-testid="keep-both-upload" on:click=choose(Choice::KeepBoth)>{FILES.t("files.keep-both")}</button>
                            <button class="ghost" data-testid="skip-upload" on:click=choose(Choice::Skip)>{FILES.t("files.skip")}</button>
                        }.into_any(),
                        Status::Skipped => view! {
                            <span class="status" data-testid="upload-skipped">{FILES.t("files.status-skipped")}</span>
                        }.into_any(),
                        Status::Failed(message) => view! {
                            <span class="error" role="alert" data-testid="upload-failed">{message}</span>
                            <button class="ghost" data-testid="retry-upload" on:click=retry>{FILES.t("files.retry")}</button>
                        }.into_any(),
                    }}
                </span>
                <progress max="100" value=move || percent().to_string() aria-hidden="true"></progress>
            </li>
        }
        .into_any()
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
fn picked_in(input: &web_sys::HtmlInputElement) -> Vec<LocalFile> {
    let Some(list) = input.files() else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(LocalFile::picked)
        .collect()
}

/// The app's own owner, which lives as long as the app: the owner of what must outlive a page.
fn app_owner() -> Owner {
    let Some(mut owner) = Owner::current() else {
        return Owner::new();
    };
    while let Some(parent) = owner.parent() {
        owner = parent;
    }
    owner
}
