//! `/`: the user's own files: folders with breadcrumbs, sorting, upload, download, delete.

mod bulk_delete;
mod preview;
mod rename;
mod share;
mod table;
mod uploader;

use crate::folder;
use crate::services::files;
use crate::ui::app::use_config;
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::credentials::{credentialed_loader, use_live_session};
use crate::ui::lazy::lazy_page;
use crate::ui::router::use_router;
use crate::ui::task::Task;
use leptos::prelude::*;
use table::FolderTable;
use uploader::Uploader;

lazy_page!(files_page, load_files_page, FileManager);

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
