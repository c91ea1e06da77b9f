//! `/`: the user's own files: list, upload, download, delete.

use crate::aws::s3::S3Object;
use crate::error::AppError;
use crate::format;
use crate::platform::files as browser_files;
use crate::route::Route;
use crate::services::files;
use crate::ui::app::{use_config, use_session};
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::credentials::{credentialed_resource, use_live_session};
use crate::ui::router::RequireSignIn;
use leptos::html::Input;
use leptos::prelude::*;

#[component]
pub fn FilesPage() -> impl IntoView {
    view! {
        <RequireSignIn page=Route::Files>
            <FileManager />
        </RequireSignIn>
    }
}

#[component]
fn FileManager() -> impl IntoView {
    let listing =
        credentialed_resource(|config, live| async move { files::list(&config, &live).await });
    let problem = RwSignal::new(None::<String>);
    view! {
        <section class="card">
            <h1>"Your files"</h1>
            <Uploader on_done=move || listing.refetch() problem />
            <ErrorMessage message=problem />
            <Transition fallback=|| view! { <p class="loading">"Loading your files…"</p> }>
                {move || Suspend::new(async move {
                    match listing.await {
                        Ok(objects) => view! {
                            <FileTable objects on_change=move || listing.refetch() problem />
                        }.into_any(),
                        Err(error) => view! {
                            <p class="error" role="alert" data-testid="list-error">{error.to_string()}</p>
                            <button class="secondary" on:click=move |_| listing.refetch()>"Try again"</button>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Uploader(
    on_done: impl Fn() + Clone + 'static,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    let input = NodeRef::<Input>::new();
    let upload = Action::new_local(move |file: &web_sys::File| {
        let (config, live) = (config.clone(), live.clone());
        let (file, on_done) = (file.clone(), on_done.clone());
        async move {
            let result = match browser_files::read(&file).await {
                Ok(picked) => files::upload(&config, &live, picked).await,
                Err(error) => Err(AppError::Browser(error)),
            };
            match result {
                Ok(_) => {
                    // Only a finished upload clears the picker: on failure the choice stays.
                    if let Some(input) = input.get_untracked() {
                        input.set_value("");
                    }
                    problem.set(None);
                    on_done();
                }
                Err(error) => problem.set(Some(error.to_string())),
            }
        }
    });
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let file = input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|list| list.get(0));
        match file {
            Some(file) => {
                upload.dispatch(file);
            }
            None => problem.set(Some("Choose a file to upload first.".into())),
        }
    };
    view! {
        <form class="uploader" on:submit=start>
            <label for="upload-file">"Upload a file"</label>
            <input id="upload-file" type="file" node_ref=input data-testid="upload-input" />
            <button type="submit" data-testid="upload" disabled=move || upload.pending().get()>
                {move || if upload.pending().get() { "Uploading…" } else { "Upload" }}
            </button>
        </form>
    }
}

#[component]
fn FileTable(
    objects: Vec<S3Object>,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    if objects.is_empty() {
        return view! {
            <p class="empty" data-testid="no-files">"No files yet. Upload one to get started."</p>
        }
        .into_any();
    }
    let rows = objects
        .into_iter()
        .map(|object| view! { <FileRow object on_change=on_change.clone() problem /> })
        .collect_view();
    view! {
        <table class="files" data-testid="file-table">
            <thead>
                <tr><th>"Name"</th><th class="num">"Size"</th><th>"Modified"</th><th></th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn FileRow(
    object: S3Object,
    on_change: impl Fn() + Clone + Send + Sync + 'static,
    problem: RwSignal<Option<String>>,
) -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    let name = use_session().with_untracked(|s| files::display_name(s, &object.key));
    let confirming = RwSignal::new(false);
    let download = {
        let (config, live) = (config.clone(), live.clone());
        let (key, name) = (object.key.clone(), name.clone());
        Action::new_local(move |_: &()| {
            let (config, live) = (config.clone(), live.clone());
            let (key, name) = (key.clone(), name.clone());
            async move {
                let result = match files::download(&config, &live, &key).await {
                    Ok((bytes, content_type)) => {
                        browser_files::save(&name, &content_type, &bytes).map_err(AppError::Browser)
                    }
                    Err(error) => Err(error),
                };
                problem.set(result.err().map(|e| e.to_string()));
            }
        })
    };
    let delete = {
        let key = object.key.clone();
        Action::new_local(move |_: &()| {
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
            <td class="name" data-testid="file-name">{name.clone()}</td>
            <td class="num">{format::human_size(object.size)}</td>
            <td>{object.last_modified.map(format::utc_date_time).unwrap_or_default()}</td>
            <td class="actions">
                <button class="secondary" data-testid="download"
                    on:click=move |_| { download.dispatch(()); }>"Download"</button>
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button class="danger" data-testid="delete"
                            on:click=move |_| confirming.set(true)>"Delete"</button>
                    }
                >
                    <button class="danger" data-testid="confirm-delete"
                        disabled=move || delete.pending().get()
                        on:click=move |_| { delete.dispatch(()); }>"Delete for good"</button>
                    <button class="secondary" on:click=move |_| confirming.set(false)>"Keep"</button>
                </Show>
            </td>
        </tr>
    }
}
