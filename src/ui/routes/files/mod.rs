//! `/`: the user's own files. `/team`: the folder the user's team shares. `/shared`: the shared
//! area, read only. One page for the three: breadcrumbs, a toolbar (Upload files, Upload
//! folder, New folder, a filter box), uploads dropped anywhere on the page, the table with a
//! menu per row, a selection bar, dialogs for what needs more than a click, and toasts saying
//! what finished. A read-only account sees its files without the controls that would change
//! them (AWS refuses the changes anyway).

mod copy_move;
mod delete;
mod details;
mod markdown;
mod menu;
mod new_folder;
mod preview;
mod rename;
mod search;
mod selection;
mod share;
mod table;
mod thumbnail;
mod uploads;
mod versions;
mod zip;

use crate::aws::versions::Versioning;
use crate::config::AppConfig;
use crate::error::AppError;
use crate::folder::{self, Entry, Layout};
use crate::i18n::FILES;
use crate::platform::files as browser_files;
use crate::platform::storage;
use crate::preview as previews;
use crate::route::Route;
use crate::search::Hit;
use crate::services;
use crate::services::credentials::LiveSession;
use crate::services::files::{self, FolderListing};
use crate::services::transfer::Mode;
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::components::toasts::{use_toasts, Toasts};
use crate::ui::context::{use_config, use_session};
use crate::ui::credentials::{credentialed_loader, use_live_session};
use crate::ui::icon::icon;
use crate::ui::lazy::lazy_page;
use crate::ui::loader::Loader;
use crate::ui::router::{use_router, Router};
use leptos::prelude::*;
use table::FolderTable;
use uploads::Uploads;

lazy_page!(
    files_page,
    load_files_page,
    FileManager,
    preload(prefetch_files_page)
);

/// Which files a page shows: where they are in the bucket, what the page is called, and whether
/// the user may change them (the role's policy decides; this only hides what would be refused).
/// Handed down as props: a lazily loaded page's own contexts do not reach the views it builds
/// later (rows, once a listing arrives).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Area {
    pub title: String,
    /// The prefix every folder of the page is relative to.
    pub root: String,
    pub writable: bool,
    pub hint: Option<String>,
    /// A read-only account in its own area or its team's (not the shared area, read-only for all).
    pub read_only_account: bool,
    /// The role may list its versions (the user's own area and the team's).
    pub versions: bool,
}

/// `/`, `/team` or `/shared`, as the address says.
#[component]
fn FileManager() -> impl IntoView {
    let session = use_session().get_untracked();
    let read_only = session.user().is_some_and(|u| u.membership().read_only);
    let area = match use_router().route() {
        Route::Shared => files::shared_root(&use_config()).map(|root| Area {
            title: FILES.t("files.shared-title"),
            root: root.to_string(),
            writable: false,
            hint: Some(FILES.t("files.shared-hint")),
            read_only_account: false,
            versions: false,
        }),
        Route::Team => files::team_root(&session).map(|root| Area {
            title: FILES.t("files.team-title"),
            root,
            writable: !read_only,
            hint: Some(FILES.t("files.team-hint")),
            read_only_account: read_only,
            versions: true,
        }),
        _ => files::root(&session).ok().map(|root| Area {
            title: FILES.t("files.own-title"),
            root,
            writable: !read_only,
            hint: None,
            read_only_account: read_only,
            versions: true,
        }),
    };
    match area {
        Some(area) => view! { <FileArea area /> }.into_any(),
        None => view! { <NoArea /> }.into_any(),
    }
}

/// A page whose area does not exist for this user or this deployment.
#[component]
fn NoArea() -> impl IntoView {
    let (title, id, text) = match use_router().route() {
        Route::Team => ("files.team-title", "no-team", "files.no-team"),
        _ => (
            "files.shared-title",
            "no-shared-area",
            "files.no-shared-area",
        ),
    };
    view! {
        <section class="card">
            <h1>{FILES.t(title)}</h1>
            <p data-testid=id>{FILES.t(text)}</p>
        </section>
    }
}

/// What a dialog of the page is open for.
#[derive(Clone, PartialEq)]
pub enum Open {
    Preview(Entry),
    Share(Entry),
    Details(Entry),
    Versions(Entry),
    Rename(Entry),
    Move(Vec<Entry>),
    Copy(Vec<Entry>),
    Delete(Vec<Entry>),
    Zip(Vec<Entry>),
    NewFolder,
    RecentlyDeleted,
}

/// The state of a files page, shared by its parts (all handles: copied freely).
#[derive(Clone, Copy)]
pub struct FilesPage {
    pub root: StoredValue<String>,
    pub folder: Memo<String>,
    pub writable: bool,
    pub filter: RwSignal<String>,
    pub selected: RwSignal<Vec<Entry>>,
    /// The row in the tab order (the others are reached with the arrow keys).
    pub focused: RwSignal<Option<String>>,
    /// The row whose menu is open.
    pub menu: RwSignal<Option<String>>,
    pub dialog: RwSignal<Option<Open>>,
    pub problem: RwSignal<Option<String>>,
    /// The table's order and how many rows it draws: kept here, since the table is drawn
    /// again with each new listing (after an upload, a rename, a delete).
    pub sort: RwSignal<folder::Sort>,
    pub shown: RwSignal<usize>,
    /// The file a search hit opened: its row is shown and focused once its folder is drawn.
    pub revealed: StoredValue<Option<String>>,
    /// The bucket keeps versions (asked once per page): deletes can be undone, a file's old
    /// versions listed. Never for the shared area, whose versions the role may not list.
    pub versioned: RwSignal<bool>,
    /// Tiles rather than a table, as the device last chose (a bool: its signal's code is
    /// shared with the page's other flags).
    pub grid: RwSignal<bool>,
    /// The grid's thumbnail links, one per file version (a list: a few hundred are searched
    /// at most): a folder drawn again (after an upload, a rename) asks the browser for the
    /// same addresses, which it has already fetched.
    pub thumbnails: StoredValue<Vec<thumbnail::ThumbnailLink>>,
    pub toasts: Toasts,
    listing: Loader<Result<FolderListing, AppError>>,
    router: Router,
    aws: StoredValue<(AppConfig, LiveSession), LocalStorage>,
}

impl FilesPage {
    fn new(area: &Area) -> Self {
        let router = use_router();
        let folder = Memo::new(move |_| router.folder());
        let root = area.root.clone();
        FilesPage {
            root: StoredValue::new(area.root.clone()),
            folder,
            writable: area.writable,
            filter: RwSignal::new(router.search_untracked().unwrap_or_default()),
            selected: RwSignal::new(Vec::new()),
            focused: RwSignal::new(None),
            menu: RwSignal::new(None),
            dialog: RwSignal::new(None),
            problem: RwSignal::new(None),
            sort: RwSignal::new(folder::Sort::default()),
            shown: RwSignal::new(table::ROWS_PER_PAGE),
            revealed: StoredValue::new(None),
            versioned: RwSignal::new(false),
            grid: RwSignal::new(
                Layout::from_stored(
                    storage::local_get::<String>(storage::FILES_LAYOUT_KEY).as_deref(),
                ) == Layout::Grid,
            ),
            thumbnails: StoredValue::new(Vec::new()),
            toasts: use_toasts(),
            listing: folder_loader(root, folder),
            router,
            aws: StoredValue::new_local((use_config(), use_live_session())),
        }
    }

    /// Draws the folder as `layout` from now on, on this device.
    fn choose_layout(&self, layout: Layout) {
        self.grid.set(layout == Layout::Grid);
        storage::local_set(storage::FILES_LAYOUT_KEY, &layout.as_str());
    }

    /// Asks S3 whether the bucket keeps versions.
    fn learn_versioning(&self) {
        let (versioned, (config, live)) = (self.versioned, self.aws());
        leptos::task::spawn_local(async move {
            let answer = services::versions::versioning(&config, &live).await;
            versioned.try_set(matches!(answer, Ok(Versioning::Enabled)));
        });
    }

    /// The config and the live session, for the services.
    pub fn aws(&self) -> (AppConfig, LiveSession) {
        self.aws.get_value()
    }

    /// `aws`, from code that may run once the page is gone (after an `.await`): None then.
    pub fn try_aws(&self) -> Option<(AppConfig, LiveSession)> {
        self.aws.try_get_value()
    }

    /// Lists the folder again (the old listing stays on screen meanwhile).
    pub fn reload(&self) {
        self.listing.reload();
    }

    /// The entries of the folder open, as last listed (none while it lists).
    pub fn listed(&self) -> Vec<Entry> {
        let root = self.root.get_value();
        self.listing.with_untracked(|latest| match latest {
            Some(Ok(l)) => folder::entries(&root, &l.folder, &l.objects, &l.folders),
            _ => Vec::new(),
        })
    }

    /// Whether the folder open has anything to zip, as last listed; tracked.
    pub fn has_entries(&self) -> bool {
        let root = self.root.get_value();
        self.listing.with(|latest| match latest {
            Some(Ok(l)) => !folder::entries(&root, &l.folder, &l.objects, &l.folders).is_empty(),
            _ => false,
        })
    }

    /// The folder open, as a full prefix.
    pub fn prefix(&self) -> String {
        format!("{}{}", self.root.get_value(), self.folder.get_untracked())
    }

    pub fn toggle(&self, entry: Entry) {
        self.selected
            .update(|s| match s.iter().position(|x| *x == entry) {
                Some(i) => {
                    s.remove(i);
                }
                None => s.push(entry),
            });
    }

    /// Opens a folder; previews a file that can be previewed, downloads any other.
    pub fn open_entry(&self, entry: Entry) {
        match &entry {
            Entry::Folder { path, .. } => self.router.open_folder(path),
            Entry::File { name, .. } if previews::kind_of(name).is_some() => {
                self.dialog.set(Some(Open::Preview(entry)))
            }
            Entry::File { object, name } => self.download(object.key.clone(), name.clone()),
        }
    }

    /// Opens the menu of the row `id`; true (the key was handled).
    pub fn open_menu(&self, id: &str) -> bool {
        self.focused.set(Some(id.to_string()));
        self.menu.set(Some(id.to_string()));
        true
    }

    /// Shows a search hit: a folder opened, a file's row focused in its own folder.
    pub fn reveal(&self, hit: &Hit) {
        match &hit.entry {
            Entry::Folder { path, .. } => self.router.open_folder(path),
            Entry::File { object, .. } => {
                self.revealed.set_value(Some(object.key.clone()));
                self.filter.set(String::new());
                self.router.open_folder(&hit.folder);
            }
        }
    }

    /// Searches every folder of the area for what the filter box holds.
    pub fn search_everywhere(&self) {
        let query = self.filter.get_untracked();
        if !query.trim().is_empty() {
            self.router.open_search(&query);
        }
    }

    /// Ends the search and shows the folder it was started from, whole.
    pub fn close_search(&self) {
        self.filter.set(String::new());
        self.router.open_folder(&self.folder.get_untracked());
    }

    /// Saves the file at `key` as `name` (the browser streams it to disk).
    pub fn download(&self, key: String, name: String) {
        let (this, (config, live)) = (*self, self.aws());
        leptos::task::spawn_local(async move {
            let result = match files::download_link(&config, &live, &key, &name).await {
                Ok(url) => browser_files::open_download(&url).map_err(AppError::Browser),
                Err(error) => Err(error),
            };
            this.problem.try_set(result.err().map(|e| e.to_string()));
        });
    }
}

/// The files of `area`: breadcrumbs, the toolbar, uploads, the selection bar and the listing.
#[component]
fn FileArea(area: Area) -> impl IntoView {
    let page = FilesPage::new(&area);
    if area.versions {
        // Once a listing has come in: nothing delays the rows the user came for, and a page
        // that could not list (no credentials) asks nothing more of AWS until it can.
        let asked = StoredValue::new(false);
        Effect::new(move || {
            if page.listing.with(|l| matches!(l, Some(Ok(_)))) && !asked.get_value() {
                asked.set_value(true);
                page.learn_versioning();
            }
        });
    }
    // What was selected, filtered or focused belongs to the folder it was in.
    Effect::new(move |previous: Option<String>| {
        let folder = page.folder.get();
        if previous.is_some_and(|p| p != folder) {
            page.selected.set(Vec::new());
            page.filter.set(String::new());
            page.focused.set(None);
            page.shown.set(table::ROWS_PER_PAGE);
        }
        folder
    });
    let uploads = area
        .writable
        .then(|| Uploads::for_page(area.root.clone(), page.folder, move || page.reload()));
    let hint = area
        .hint
        .clone()
        .map(|hint| view! { <p class="hint">{hint}</p> });
    let read_only_note = area.read_only_account.then(|| {
        view! { <p class="notice" data-testid="read-only">{FILES.t("files.read-only-account")}</p> }
    });
    view! {
        <section class="card files-page" data-testid="drop-target">
            <Breadcrumbs title=area.title.clone() page />
            {hint}
            {read_only_note}
            <Toolbar page uploads />
            {uploads.map(|u| view! { {u.accept_drops()} {u.panel()} })}
            <ErrorMessage message=page.problem />
            {page.writable.then(|| view! { <selection::SelectionBar page /> })}
            {results_view(page, area.title.clone(), uploads.is_some())}
            {move || page.dialog.get().map(|open| dialog_view(page, open))}
        </section>
    }
}

/// Upload files, Upload folder, New folder (where the user may change files), and the filter.
#[component]
fn Toolbar(page: FilesPage, uploads: Option<Uploads>) -> impl IntoView {
    let new_folder = page.writable.then(|| {
        view! {
            <button class="secondary" data-testid="new-folder" on:click=move |_| page.dialog.set(Some(Open::NewFolder))>
                {icon("folder-plus")} <span class="label">{FILES.t("files.new-folder")}</span>
            </button>
        }
    });
    let recently_deleted = move || {
        page.versioned.get().then(|| {
            view! {
                <button class="secondary" data-testid="recently-deleted" on:click=move |_| page.dialog.set(Some(Open::RecentlyDeleted))>
                    {icon("history")} <span class="label">{FILES.t("files.recently-deleted")}</span>
                </button>
            }
        })
    };
    let zip_folder = move |_| {
        let entries = page.listed();
        if !entries.is_empty() {
            page.dialog.set(Some(Open::Zip(entries)));
        }
    };
    view! {
        <div class="toolbar" role="toolbar" aria-label=FILES.t("files.toolbar")>
            {uploads.map(|u| u.buttons())}
            {new_folder}
            {recently_deleted}
            <button class="secondary" data-testid="zip-folder" title=FILES.t("files.zip-folder-hint")
                disabled=move || !page.has_entries() on:click=zip_folder>
                {icon("download")} <span class="label">{FILES.t("files.action-zip")}</span>
            </button>
            <LayoutChoice page />
            <div class="filter">
                {icon("search")}
                <label class="visually-hidden" for="filter">{FILES.t("files.filter-label")}</label>
                <input id="filter" type="search" data-testid="filter" placeholder=FILES.t("files.filter-placeholder")
                    autocomplete="off" bind:value=page.filter aria-describedby="filter-hint" on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            page.search_everywhere();
                        }
                    } />
                <span id="filter-hint" class="visually-hidden">{FILES.t("files.filter-hint")}</span>
                <button class="secondary" data-testid="search-everywhere" hidden=move || page.filter.with(|f| f.trim().is_empty())
                    on:click=move |_| page.search_everywhere()>
                    <span class="label">{FILES.t("files.search-everywhere")}</span>
                </button>
            </div>
        </div>
    }
}

/// List or Grid: two buttons, the one pressed being how the folder is drawn.
#[component]
fn LayoutChoice(page: FilesPage) -> impl IntoView {
    let choice = move |layout: Layout, name: &'static str| {
        let label = FILES.t(&format!("files.layout-{}", layout.as_str()));
        view! {
            <button class="ghost icon-only" data-testid=format!("layout-{}", layout.as_str()) aria-label=label.clone() title=label
                aria-pressed=move || (page.grid.get() == (layout == Layout::Grid)).to_string() on:click=move |_| page.choose_layout(layout)>
                {icon(name)}
            </button>
        }
    };
    // Erased: the toolbar's view type (and the code built from it) stays as it was.
    view! {
        <div class="layout-choice" role="group" aria-label=FILES.t("files.layout")>
            {choice(Layout::List, "list")}
            {choice(Layout::Grid, "grid")}
        </div>
    }
    .into_any()
}

/// The listing of `folder` below `root`, listed again whenever the folder changes.
fn folder_loader(root: String, folder: Memo<String>) -> Loader<Result<FolderListing, AppError>> {
    credentialed_loader(move |config, live| {
        let (root, folder) = (root.clone(), folder.get());
        async move { files::list_folder(&config, &live, &root, &folder).await }
    })
}

/// The search's results while the address holds one (`?q=`), else the folder's listing.
fn results_view(page: FilesPage, top: String, can_upload: bool) -> impl IntoView {
    let router = page.router;
    let searching = Memo::new(move |_| router.search());
    move || match searching.get() {
        Some(query) => view! { <search::SearchResults page query top=top.clone() /> }.into_any(),
        None => listing_view(page, can_upload).into_any(),
    }
}

fn listing_view(page: FilesPage, can_upload: bool) -> impl IntoView {
    move || {
        page.listing.with(|latest| match latest {
            None => skeleton().into_any(),
            // Another folder's rows under this folder's name would mislead: grey rows instead.
            Some(Ok(listing)) if page.folder.with(|f| *f != listing.folder) => skeleton().into_any(),
            Some(Ok(listing)) => {
                let root = page.root.get_value();
                let entries = folder::entries(&root, &listing.folder, &listing.objects, &listing.folders);
                if entries.is_empty() {
                    empty_state(page.writable, can_upload).into_any()
                } else {
                    let tiles = page.grid.get();
                    view! { <FolderTable page entries tiles /> }.into_any()
                }
            }
            Some(Err(error)) => view! {
                <p class="error" role="alert" data-testid="list-error">{error.to_string()}</p>
                <button class="secondary" on:click=move |_| page.reload()>{FILES.t("files.try-again")}</button>
            }
            .into_any(),
        })
    }
}

/// Grey rows where the listing will be, while it loads.
fn skeleton() -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true" data-testid="loading">
            <span class="visually-hidden">{FILES.t("files.loading")}</span>
            <div></div><div></div><div></div><div></div>
        </div>
    }
}

fn empty_state(writable: bool, can_upload: bool) -> impl IntoView {
    let (title, text) = match (writable, can_upload) {
        (true, true) => ("files.empty-title", "files.empty-upload"),
        _ => ("files.empty-title", "files.empty-read-only"),
    };
    view! {
        <div class="empty-state" data-testid="no-files">
            {icon("folder")}
            <p><strong>{FILES.t(title)}</strong></p>
            <p>{FILES.t(text)}</p>
        </div>
    }
}

/// The dialog that is open, if any; closing it forgets what it was open for.
fn dialog_view(page: FilesPage, open: Open) -> AnyView {
    let close = Callback::new(move |_: ()| page.dialog.set(None));
    match open {
        Open::Preview(Entry::File { object, name }) => {
            view! { <preview::PreviewDialog page object name on_close=close /> }.into_any()
        }
        Open::Share(Entry::File { object, name }) => {
            view! { <share::ShareDialog key=object.key name on_close=close /> }.into_any()
        }
        Open::Details(Entry::File { object, name }) => {
            view! { <details::DetailsDialog page key=object.key name on_close=close /> }.into_any()
        }
        Open::Versions(Entry::File { object, name }) => {
            view! { <versions::VersionsDialog page key=object.key name on_close=close /> }
                .into_any()
        }
        Open::RecentlyDeleted => {
            view! { <versions::RecentlyDeletedDialog page on_close=close /> }.into_any()
        }
        Open::Rename(Entry::File { object, name }) => {
            view! { <rename::RenameDialog page object name on_close=close /> }.into_any()
        }
        Open::Move(entries) => {
            let mode = Mode::Move;
            view! { <copy_move::TransferDialog page mode entries on_close=close /> }.into_any()
        }
        Open::Copy(entries) => {
            let mode = Mode::Copy;
            view! { <copy_move::TransferDialog page mode entries on_close=close /> }.into_any()
        }
        Open::Delete(entries) => {
            view! { <delete::DeleteDialog page entries on_close=close /> }.into_any()
        }
        Open::Zip(entries) => view! { <zip::ZipDialog page entries on_close=close /> }.into_any(),
        Open::NewFolder => view! { <new_folder::NewFolderDialog page on_close=close /> }.into_any(),
        _ => ().into_any(),
    }
}

/// "Your files / photos / 2026": each level but the last opens that folder. The heading takes
/// focus when a dialog closes over a row that is gone.
#[component]
fn Breadcrumbs(title: String, page: FilesPage) -> impl IntoView {
    let router = page.router;
    let folder = page.folder;
    let crumbs = move || {
        let levels = folder::breadcrumbs(&folder.get());
        let last = levels.len();
        levels
            .into_iter()
            .enumerate()
            .map(|(i, (label, path))| {
                let link = (i + 1 < last).then(|| path.clone());
                view! {
                    <span class="separator" aria-hidden="true">"/"</span>
                    {match link {
                        Some(path) => view! {
                            <button class="crumb" on:click=move |_| router.open_folder(&path)>{label}</button>
                        }.into_any(),
                        None => view! { <span data-testid="current-folder" aria-current="page">{label}</span> }.into_any(),
                    }}
                }
            })
            .collect_view()
    };
    let top = title.clone();
    view! {
        <h1 class="breadcrumbs" data-testid="breadcrumbs" id="page-title" tabindex="-1">
                {move || if folder.with(String::is_empty) {
                    view! { <span aria-current="page">{top.clone()}</span> }.into_any()
                } else {
                    let top = top.clone();
                    view! { <button class="crumb" data-testid="crumb-top" on:click=move |_| router.open_folder("")>{top}</button> }.into_any()
                }}
                {crumbs}
        </h1>
    }
}
