//! `/`: the user's own files: folders with breadcrumbs, sorting, upload, download, preview,
//! share, rename, delete. `/team`: the folder the user's team shares, the same way. `/shared`:
//! the shared area, read only. A read-only account sees its files without the controls that
//! would change them (AWS refuses the changes anyway).

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

/// Which files a page shows: where they are in the bucket, what the page is called, and whether
/// the user may change them (the role's policy decides; this only hides what would be refused).
/// Handed down as props: a lazily loaded page's own contexts do not reach the views it builds
/// later (rows, once a listing arrives).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Area {
    pub title: &'static str,
    /// The prefix every folder of the page is relative to.
    pub root: String,
    pub writable: bool,
    pub hint: Option<&'static str>,
}

/// `/`, `/team` or `/shared`, as the address says.
#[component]
fn FileManager() -> impl IntoView {
    let session = use_session().get_untracked();
    let read_only = session.user().is_some_and(|u| u.membership().read_only);
    let area = match use_router().route() {
        Route::Shared => files::shared_root(&use_config()).map(|root| Area {
            title: "Shared",
            root: root.to_string(),
            writable: false,
            hint: Some(
                "Files everyone here can read. They are looked after by the site's administrators.",
            ),
        }),
        Route::Team => files::team_root(&session).map(|root| Area {
            title: "Team",
            root,
            writable: !read_only,
            hint: Some("Files every member of your team can read and change."),
        }),
        _ => files::root(&session).ok().map(|root| Area {
            title: "Your files",
            root,
            writable: !read_only,
            hint: None,
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
        Route::Team => ("Team", "no-team", "You are in no team. An administrator puts you in one with dev/invite.mjs set <your email> --team <name>; its members then share a folder here."),
        _ => ("Shared", "no-shared-area", "No shared area is set up. Add \"sharedPrefix\": \"public/\" to the aws section of config.json, and let the role read that prefix (the README shows the policy)."),
    };
    view! {
        <section class="card">
            <h1>{title}</h1>
            <p data-testid=id>{text}</p>
        </section>
    }
}

/// The files of `area`: folders with breadcrumbs, and, where the user may change them, uploads
/// and new folders.
#[component]
fn FileArea(area: Area) -> impl IntoView {
    let router = use_router();
    let folder = Memo::new(move |_| router.folder());
    let listing = folder_loader(area.root.clone(), folder);
    let problem = RwSignal::new(None::<String>);
    let reload = move || listing.reload();
    let hint = area.hint.map(|hint| view! { <p class="hint">{hint}</p> });
    let read_only_note = (!area.writable && area.title != "Shared").then(|| {
        view! { <p class="notice" data-testid="read-only">"Your account is read-only: you can open and download files here, not change them."</p> }
    });
    let contents = if area.writable {
        view! {
            <Uploader root=area.root.clone() folder on_uploaded=reload>
                <NewFolder root=area.root.clone() folder on_created=reload />
                <ErrorMessage message=problem />
                {listing_view(listing, area.root.clone(), false, problem)}
            </Uploader>
        }
        .into_any()
    } else {
        view! {
            <ErrorMessage message=problem />
            {listing_view(listing, area.root.clone(), true, problem)}
        }
        .into_any()
    };
    view! {
        <section class="card">
            <Breadcrumbs title=area.title folder />
            {hint}
            {read_only_note}
            {contents}
        </section>
    }
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
fn NewFolder(
    root: String,
    folder: Memo<String>,
    on_created: impl Fn() + Clone + 'static,
) -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    let name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let create = Task::new(move |path: String| {
        let (config, live, on_created) = (config.clone(), live.clone(), on_created.clone());
        let key = format!("{root}{path}");
        async move {
            match files::create_folder(&config, &live, &key).await {
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
