//! `/`: the user's own files: folders with breadcrumbs, sorting, upload, download, preview,
//! share, rename, delete. `/shared`: the shared area, read only.

mod bulk_delete;
mod preview;
mod rename;
mod share;
mod table;
mod uploader;

use crate::error::AppError;
use crate::folder;
use crate::route::Route;
use crate::services::files::{self, FolderListing};
use crate::ui::app::{use_config, use_session};
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::credentials::{credentialed_loader, use_live_session};
use crate::ui::lazy::lazy_page;
use crate::ui::loader::Loader;
use crate::ui::router::use_router;
use crate::ui::task::Task;
use leptos::prelude::*;
use table::FolderTable;
use uploader::Uploader;

lazy_page!(files_page, load_files_page, FileManager);

/// `/` or `/shared`, as the address says.
#[component]
fn FileManager() -> impl IntoView {
    match use_router().route() {
        Route::Shared => view! { <SharedFiles /> }.into_any(),
        _ => view! { <OwnFiles /> }.into_any(),
    }
}

/// The user's own files: read and write.
#[component]
fn OwnFiles() -> impl IntoView {
    let router = use_router();
    let folder = Memo::new(move |_| router.folder());
    let root = use_session().with_untracked(|s| files::root(s).unwrap_or_default());
    let listing = folder_loader(root.clone(), folder);
    let problem = RwSignal::new(None::<String>);
    let reload = move || listing.reload();
    view! {
        <section class="card">
            <Breadcrumbs title="Your files" folder />
            <Uploader folder on_uploaded=reload>
                <NewFolder folder on_created=reload />
                <ErrorMessage message=problem />
                {listing_view(listing, root, false, problem)}
            </Uploader>
        </section>
    }
}

/// The shared area (`aws.sharedPrefix`): every user may look and download, nobody may change
/// it from here (the role's policy allows reading only).
#[component]
fn SharedFiles() -> impl IntoView {
    let router = use_router();
    let folder = Memo::new(move |_| router.folder());
    let Some(root) = files::shared_root(&use_config()).map(str::to_string) else {
        return view! {
            <section class="card">
                <h1>"Shared"</h1>
                <p data-testid="no-shared-area">"No shared area is set up. Add \"sharedPrefix\": \"public/\" to the aws section of config.json, and let the role read that prefix (the README shows the policy)."</p>
            </section>
        }
        .into_any();
    };
    let listing = folder_loader(root.clone(), folder);
    let problem = RwSignal::new(None::<String>);
    view! {
        <section class="card">
            <Breadcrumbs title="Shared" folder />
            <p class="hint">"Files everyone here can read. They are looked after by the site's administrators."</p>
            <ErrorMessage message=problem />
            {listing_view(listing, root, true, problem)}
        </section>
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

fn listing_view(
    listing: Loader<Result<FolderListing, AppError>>,
    root: String,
    read_only: bool,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let reload = move || listing.reload();
    move || {
        listing.with(|latest| match latest {
            None => view! { <p class="loading">"Loading the files…"</p> }.into_any(),
            Some(Ok(listing)) => view! {
                <FolderTable listing=listing.clone() root=root.clone() read_only on_change=reload problem />
            }
            .into_any(),
            Some(Err(error)) => view! {
                <p class="error" role="alert" data-testid="list-error">{error.to_string()}</p>
                <button class="secondary" on:click=move |_| reload()>"Try again"</button>
            }
            .into_any(),
        })
    }
}

/// "Your files / photos / 2026": each level but the last opens that folder.
#[component]
fn Breadcrumbs(title: &'static str, folder: Memo<String>) -> impl IntoView {
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
                view! { <span>{title}</span> }.into_any()
            } else {
                view! { <button class="crumb" data-testid="crumb-top" on:click=move |_| router.open_folder("")>{title}</button> }.into_any()
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
