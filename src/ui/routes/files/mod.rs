//! `/`: the user's own files: folders with breadcrumbs, sorting, upload, download, delete.

mod uploader;

use crate::aws::s3::S3Object;
use crate::error::AppError;
use crate::folder::{self, Entry, Sort, SortBy};
use crate::format;
use crate::platform::files as browser_files;
use crate::services::files::{self, FolderListing, ShareLink};
use crate::share;
use crate::ui::app::{use_config, use_session};
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::credentials::{credentialed_loader, use_live_session};
use crate::ui::lazy::lazy_page;
use crate::ui::router::use_router;
use crate::ui::task::Task;
use leptos::prelude::*;
use uploader::Uploader;

lazy_page!(files_page, load_files_page, FileManager);

/// How many rows a folder shows at first, and how many more each "Show more" adds: a folder of
/// 10,000 files stays quick to draw.
const ROWS_PER_PAGE: usize = 200;

#[component]
fn FileManager() -> impl IntoView {
    let router = use_router();
    let folder = Memo::new(move |_| router.folder());
    let listing = credentialed_loader(move |config, live| {
        let folder = folder.get();
        async move { files::list_folder(&config, &live, &folder).await }
    });
    let problem = RwSignal::new(None::<String>);
    let reload = move || listing.reload();
    view! {
        <section class="card">
            <Breadcrumbs folder />
            <Uploader folder on_uploaded=reload />
            <NewFolder folder on_created=reload />
            <ErrorMessage message=problem />
            {move || listing.with(|latest| match latest {
                None => view! { <p class="loading">"Loading your files…"</p> }.into_any(),
                Some(Ok(listing)) => view! {
                    <FolderTable listing=listing.clone() on_change=reload problem />
                }.into_any(),
                Some(Err(error)) => view! {
                    <p class="error" role="alert" data-testid="list-error">{error.to_string()}</p>
                    <button class="secondary" on:click=move |_| listing.reload()>"Try again"</button>
                }.into_any(),
            })}
        </section>
    }
}

/// "Your files / photos / 2026": each level but the last opens that folder.
#[component]
fn Breadcrumbs(folder: Memo<String>) -> impl IntoView {
    let router = use_router();
    let crumbs = move || {
        let levels = folder::breadcrumbs(&folder.get());
        let last = levels.len();
        levels
            .into_iter()
            .enumerate()
            .map(|(i, (label, path))| {
                let link = (i + 1 < last).then(|| path.clone());
                view! {
                    " / "
                    {match link {
                        Some(path) => view! {
                            <button class="crumb" on:click=move |_| router.open_folder(&path)>{label}</button>
                        }.into_any(),
                        None => view! { <span data-testid="current-folder">{label}</span> }.into_any(),
                    }}
                }
            })
            .collect_view()
    };
    view! {
        <h1 class="breadcrumbs" data-testid="breadcrumbs">
            {move || if folder.with(String::is_empty) {
                view! { <span>"Your files"</span> }.into_any()
            } else {
                view! { <button class="crumb" data-testid="crumb-top" on:click=move |_| router.open_folder("")>"Your files"</button> }.into_any()
            }}
            {crumbs}
        </h1>
    }
}

#[component]
fn NewFolder(folder: Memo<String>, on_created: impl Fn() + Clone + 'static) -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    let name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let create = Task::new(move |path: String| {
        let (config, live, path, on_created) = (
            config.clone(),
            live.clone(),
            path.clone(),
            on_created.clone(),
        );
        async move {
            match files::create_folder(&config, &live, &path).await {
                Ok(()) => {
                    name.set(String::new());
                    on_created();
                }
                Err(error) => problem.set(Some(error.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A refused name keeps what was typed, with the reason beside it.
        match folder::new_folder_path(&folder.get_untracked(), &name.get_untracked()) {
            Ok(path) => {
                problem.set(None);
                create.dispatch(path);
            }
            Err(reason) => problem.set(Some(reason.to_string())),
        }
    };
    view! {
        <form class="new-folder" on:submit=submit>
            <label for="new-folder-name">"New folder"</label>
            <input id="new-folder-name" data-testid="new-folder-name" bind:value=name />
            <button type="submit" class="secondary" data-testid="create-folder">"Create"</button>
        </form>
        <ErrorMessage message=problem />
    }
}

#[component]
fn FolderTable(
    listing: FolderListing,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let root = use_session().with_untracked(|s| files::root(s).unwrap_or_default());
    let all = folder::entries(&root, &listing.folder, &listing.objects, &listing.folders);
    if all.is_empty() {
        return view! {
            <p class="empty" data-testid="no-files">"No files here yet. Upload one to get started."</p>
        }
        .into_any();
    }
    let (sort, shown) = (RwSignal::new(Sort::default()), RwSignal::new(ROWS_PER_PAGE));
    let selected = RwSignal::new(Vec::<Selected>::new());
    let bulk_delete = view! { <BulkDelete selected on_change=on_change.clone() problem /> };
    let total = all.len();
    let all = StoredValue::new(all);
    let rows = move || {
        let mut entries = all.get_value();
        folder::sort(&mut entries, sort.get());
        entries
            .into_iter()
            .take(shown.get())
            .map(|entry| match entry {
                Entry::Folder { name, path } => {
                    view! { <FolderRow name path selected /> }.into_any()
                }
                Entry::File { name, object } => {
                    view! { <FileRow name object on_change=on_change.clone() problem selected /> }
                        .into_any()
                }
            })
            .collect_view()
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
                <button class="sort" on:click=move |_| sort.update(|s| *s = s.toggled(by))>{label}{mark}</button>
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
            <tbody>{rows}</tbody>
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

/// A row picked for deleting together: a file by key, or a folder by path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Selected {
    File(String),
    Folder(String),
}

/// A checkbox that adds `item` to the selection or takes it out.
fn select_box(item: Selected, name: &str, selected: RwSignal<Vec<Selected>>) -> impl IntoView {
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
fn BulkDelete(
    selected: RwSignal<Vec<Selected>>,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    let pending = RwSignal::new(None::<Vec<String>>);
    let count = {
        let (config, live) = (config.clone(), live.clone());
        Task::new(move |items: Vec<Selected>| {
            let (config, live) = (config.clone(), live.clone());
            async move {
                let mut keys = Vec::new();
                for item in items {
                    match item {
                        Selected::File(key) => keys.push(key),
                        Selected::Folder(path) => {
                            match files::keys_under(&config, &live, &path).await {
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

#[component]
fn FolderRow(name: String, path: String, selected: RwSignal<Vec<Selected>>) -> impl IntoView {
    let router = use_router();
    let select = select_box(Selected::Folder(path.clone()), &name, selected);
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
    on_change: impl Fn() + Clone + Send + Sync + 'static,
    problem: RwSignal<Option<String>>,
    selected: RwSignal<Vec<Selected>>,
) -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    let select = select_box(Selected::File(object.key.clone()), &name, selected);
    let confirming = RwSignal::new(false);
    let sharing = RwSignal::new(false);
    let renaming = RwSignal::new(false);
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
                <button class="secondary" data-testid="share" aria-expanded=move || sharing.get().to_string()
                    on:click=move |_| sharing.update(|s| *s = !*s)>"Share"</button>
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
            </td>
        </tr>
        {move || sharing.get().then(|| view! {
            <tr class="panel-row"><td colspan="5"><SharePanel key=key_for_share.clone() /></td></tr>
        })}
        {move || renaming.get().then(|| view! {
            <tr class="panel-row"><td colspan="5">
                <RenamePanel key=key_for_rename.clone() on_renamed=on_renamed.clone() />
            </td></tr>
        })}
    }
}

/// Renames or moves one file: its path below "Your files", as typed (a folder in the path
/// moves it there). A refused name keeps what was typed, with the reason beside it.
#[component]
fn RenamePanel(
    key: String,
    on_renamed: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let (config, live, session) = (use_config(), use_live_session(), use_session());
    let root = files::root(&session.get_untracked()).unwrap_or_default();
    let path = RwSignal::new(key.strip_prefix(&root).unwrap_or(&key).to_string());
    let problem = RwSignal::new(None::<String>);
    let from = key.clone();
    let rename = Task::new(move |typed: String| {
        let (config, live, from, on_renamed) = (
            config.clone(),
            live.clone(),
            from.clone(),
            on_renamed.clone(),
        );
        async move {
            match files::rename(&config, &live, &from, &typed).await {
                Ok(()) => on_renamed(),
                Err(error) => problem.set(Some(error.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = path.get_untracked();
        match folder::rename_target(&root, &key, &typed) {
            Ok(_) => {
                problem.set(None);
                rename.dispatch(typed);
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

/// A presigned link to one file, for a chosen time (never longer than the credentials last).
#[component]
fn SharePanel(key: String) -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    let chosen = RwSignal::new(share::CHOICES[1].1);
    let link = RwSignal::new(None::<Result<ShareLink, String>>);
    let copied = RwSignal::new(None::<String>);
    let make = Task::new(move |chosen_secs: u64| {
        let (config, live, key) = (config.clone(), live.clone(), key.clone());
        async move {
            let made = files::share_link(&config, &live, &key, chosen_secs).await;
            copied.set(None);
            link.set(Some(made.map_err(|e| e.to_string())));
        }
    });
    make.dispatch(chosen.get_untracked());
    let copy = Task::new(move |url: String| async move {
        let result = browser_files::copy_to_clipboard(&url).await;
        copied.set(Some(
            result.map(|_| "Copied.".to_string()).unwrap_or_else(|e| e),
        ));
    });
    let on_choice = move |ev: leptos::ev::Event| {
        let secs = event_target_value(&ev)
            .parse()
            .unwrap_or(share::CHOICES[0].1);
        chosen.set(secs);
        make.dispatch(secs);
    };
    view! {
        <div class="share" data-testid="share-panel">
            <label>"Link works for "
                <select data-testid="share-lifetime" on:change=on_choice>
                    {share::CHOICES.iter().map(|(label, secs)| view! {
                        <option value=secs.to_string() selected=*secs == chosen.get_untracked()>{*label}</option>
                    }).collect_view()}
                </select>
            </label>
            {move || link.get().map(|made| match made {
                Ok(ShareLink { url, until, shortened }) => {
                    view! {
                        <input readonly class="share-url" data-testid="share-url" value=url.clone() />
                        <button class="secondary" data-testid="copy-link" on:click=move |_| copy.dispatch(url.clone())>"Copy"</button>
                        <p class="hint" data-testid="share-expiry">
                            "Anyone with this link can download the file until " {format::utc_date_time(until)} "."
                            {shortened.then_some(" That is sooner than you chose: a link stops working when your current AWS credentials expire.")}
                        </p>
                    }.into_any()
                }
                Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
            })}
            {move || copied.get().map(|text| view! { <span class="hint" data-testid="copied">{text}</span> })}
        </div>
    }
}
