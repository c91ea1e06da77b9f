//! The folder's contents as a table: sortable columns, a page of rows at a time, a checkbox on
//! each row for deleting together, and each file's actions (download, preview, share, rename,
//! delete).

use super::bulk_delete::{select_box, BulkDelete, Selected};
use super::preview::PreviewPanel;
use super::rename::RenamePanel;
use super::share::SharePanel;
use crate::aws::s3::S3Object;
use crate::error::AppError;
use crate::folder::{self, Entry, Sort, SortBy};
use crate::format;
use crate::platform::files as browser_files;
use crate::preview;
use crate::services::files::{self, FolderListing};
use crate::ui::app::use_config;
use crate::ui::credentials::use_live_session;
use crate::ui::router::use_router;
use crate::ui::task::Task;
use leptos::prelude::*;

/// How many rows a folder shows at first, and how many more each "Show more" adds: a folder of
/// 10,000 files stays quick to draw.
const ROWS_PER_PAGE: usize = 200;

#[component]
pub fn FolderTable(
    listing: FolderListing,
    /// The prefix the listing's folders are relative to.
    root: String,
    /// The shared area: no selection, no changes.
    read_only: bool,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let mut all = folder::entries(&root, &listing.folder, &listing.objects, &listing.folders);
    if all.is_empty() {
        let empty = if read_only {
            "Nothing is shared here yet."
        } else {
            "No files here yet. Upload one to get started."
        };
        return view! { <p class="empty" data-testid="no-files">{empty}</p> }.into_any();
    }
    let (sort, shown) = (RwSignal::new(Sort::default()), RwSignal::new(ROWS_PER_PAGE));
    // A read-only area has no selection, and its rows no actions that change anything.
    let selected = (!read_only).then(|| RwSignal::new(Vec::<Selected>::new()));
    let bulk_delete = selected
        .map(|selected| view! { <BulkDelete root=root.clone() selected on_change=on_change.clone() problem /> });
    let total = all.len();
    // Sorted once per click on a column, not each time rows are drawn (a folder may hold
    // 10,000 entries), and drawn keyed: "Show more" adds rows without redrawing the others.
    folder::sort(&mut all, sort.get_untracked());
    let sorted = RwSignal::new(all);
    let visible = move || {
        sorted.with(|entries| {
            entries
                .iter()
                .take(shown.get())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let row = move |entry: Entry| match entry {
        Entry::Folder { name, path } => view! { <FolderRow name path selected /> }.into_any(),
        Entry::File { name, object } => {
            let root = root.clone();
            view! { <FileRow name object root on_change=on_change.clone() problem selected /> }
                .into_any()
        }
    };
    let resort = move |by: SortBy| {
        sort.update(|s| *s = s.toggled(by));
        sorted.update(|entries| folder::sort(entries, sort.get_untracked()));
    };
    let header = move |label: &'static str, by: SortBy, class: &'static str| {
        let mark = move || match sort.get() {
            Sort {
                by: current,
                ascending,
            } if current == by => {
                if ascending {
                    " ▲"
                } else {
                    " ▼"
                }
            }
            _ => "",
        };
        view! {
            <th class=class>
                <button class="sort" on:click=move |_| resort(by)>{label}{mark}</button>
            </th>
        }
    };
    view! {
        {bulk_delete}
        <table class="files" data-testid="file-table">
            <thead>
                <tr>
                    <th></th>
                    {header("Name", SortBy::Name, "")}
                    {header("Size", SortBy::Size, "num")}
                    {header("Modified", SortBy::Modified, "")}
                    <th></th>
                </tr>
            </thead>
            <tbody>
                <For each=visible key=|entry| entry.id().to_string() children=row />
            </tbody>
        </table>
        {move || (shown.get() < total).then(|| view! {
            <button class="secondary" data-testid="show-more"
                on:click=move |_| shown.update(|n| *n += ROWS_PER_PAGE)>
                {format!("Show more ({} of {total} shown)", shown.get())}
            </button>
        })}
    }
    .into_any()
}

#[component]
fn FolderRow(
    name: String,
    path: String,
    selected: Option<RwSignal<Vec<Selected>>>,
) -> impl IntoView {
    let router = use_router();
    let select = match selected {
        Some(selected) => select_box(Selected::Folder(path.clone()), &name, selected).into_any(),
        None => view! { <td></td> }.into_any(),
    };
    view! {
        <tr data-testid="folder-row">
            {select}
            <td class="name">
                <button class="folder" data-testid="open-folder" on:click=move |_| router.open_folder(&path)>
                    {name} "/"
                </button>
            </td>
            <td class="num"></td><td></td><td></td>
        </tr>
    }
}

#[component]
fn FileRow(
    name: String,
    object: S3Object,
    /// The area's prefix (renames are typed below it).
    root: String,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
    problem: RwSignal<Option<String>>,
    selected: Option<RwSignal<Vec<Selected>>>,
) -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    let writable = selected.is_some();
    let select = match selected {
        Some(selected) => {
            select_box(Selected::File(object.key.clone()), &name, selected).into_any()
        }
        None => view! { <td></td> }.into_any(),
    };
    let confirming = RwSignal::new(false);
    let sharing = RwSignal::new(false);
    let renaming = RwSignal::new(false);
    let previewing = RwSignal::new(false);
    let previewable = preview::kind_of(&name).is_some();
    let (key_for_preview, name_for_preview) = (object.key.clone(), name.clone());
    let key_for_share = object.key.clone();
    let key_for_rename = object.key.clone();
    let on_renamed = on_change.clone();
    let download = {
        let (config, live) = (config.clone(), live.clone());
        let (key, name) = (object.key.clone(), name.clone());
        Task::new(move |_: ()| {
            let (config, live) = (config.clone(), live.clone());
            let (key, name) = (key.clone(), name.clone());
            async move {
                let result = match files::download_link(&config, &live, &key, &name).await {
                    Ok(url) => browser_files::open_download(&url).map_err(AppError::Browser),
                    Err(error) => Err(error),
                };
                problem.set(result.err().map(|e| e.to_string()));
            }
        })
    };
    let delete = {
        let key = object.key.clone();
        Task::new(move |_: ()| {
            let (config, live) = (config.clone(), live.clone());
            let (key, on_change) = (key.clone(), on_change.clone());
            async move {
                let result = files::delete(&config, &live, &key).await;
                confirming.set(false);
                match result {
                    Ok(()) => on_change(),
                    Err(error) => problem.set(Some(error.to_string())),
                }
            }
        })
    };
    view! {
        <tr data-testid="file-row" data-key=object.key.clone()>
            {select}
            <td class="name" data-testid="file-name">{name.clone()}</td>
            <td class="num">{format::human_size(object.size)}</td>
            <td>{object.last_modified.map(format::utc_date_time).unwrap_or_default()}</td>
            <td class="actions">
                <button class="secondary" data-testid="download"
                    on:click=move |_| { download.dispatch(()); }>"Download"</button>
                {previewable.then(|| view! {
                    <button class="secondary" data-testid="preview" aria-expanded=move || previewing.get().to_string()
                        on:click=move |_| previewing.update(|p| *p = !*p)>"Preview"</button>
                })}
                <button class="secondary" data-testid="share" aria-expanded=move || sharing.get().to_string()
                    on:click=move |_| sharing.update(|s| *s = !*s)>"Share"</button>
                {writable.then(|| view! {
                <button class="secondary" data-testid="rename" aria-expanded=move || renaming.get().to_string()
                    on:click=move |_| renaming.update(|r| *r = !*r)>"Rename"</button>
                {move || if confirming.get() {
                    view! {
                        <button class="danger" data-testid="confirm-delete"
                            disabled=move || delete.pending()
                            on:click=move |_| { delete.dispatch(()); }>"Delete for good"</button>
                        <button class="secondary" on:click=move |_| confirming.set(false)>"Keep"</button>
                    }.into_any()
                } else {
                    view! {
                        <button class="danger" data-testid="delete"
                            on:click=move |_| confirming.set(true)>"Delete"</button>
                    }.into_any()
                }}
                })}
            </td>
        </tr>
        {move || previewing.get().then(|| view! {
            <tr class="panel-row"><td colspan="5">
                <PreviewPanel key=key_for_preview.clone() name=name_for_preview.clone() size=object.size />
            </td></tr>
        })}
        {move || sharing.get().then(|| view! {
            <tr class="panel-row"><td colspan="5"><SharePanel key=key_for_share.clone() /></td></tr>
        })}
        {move || renaming.get().then(|| view! {
            <tr class="panel-row"><td colspan="5">
                <RenamePanel key=key_for_rename.clone() size=object.size root=root.clone() on_renamed=on_renamed.clone() />
            </td></tr>
        })}
    }
}
