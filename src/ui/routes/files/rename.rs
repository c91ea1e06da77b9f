//! Renaming or moving one file: its path below the area's top ("Your files", "Team"), as typed
//! (a folder in the path moves it there). A refused name keeps what was typed, with the reason
//! beside it.

use super::FilesPage;
use crate::aws::s3::S3Object;
use crate::folder;
use crate::i18n::FILES;
use crate::services::files;
use crate::ui::components::dialog::Dialog;
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::task::Task;
use leptos::prelude::*;

#[component]
pub fn RenameDialog(
    page: FilesPage,
    object: S3Object,
    name: String,
    on_close: Callback<()>,
) -> impl IntoView {
    let (config, live) = page.aws();
    let root = page.root.get_value();
    let key = object.key.clone();
    let path = RwSignal::new(key.strip_prefix(&root).unwrap_or(&key).to_string());
    let problem = RwSignal::new(None::<String>);
    let size = object.size;
    let rename = Task::new(move |(to, typed): (String, String)| {
        let (config, live, from) = (config.clone(), live.clone(), object.key.clone());
        async move {
            match files::rename(&config, &live, &from, size, &to, &typed).await {
                Ok(()) => {
                    // The old name is gone: a selection holding it would act on nothing.
                    page.selected
                        .try_update(|selected| selected.retain(|e| e.id() != from));
                    page.toasts
                        .say(FILES.tf("files.renamed", &[("path", &typed)]));
                    page.reload();
                    on_close.try_run(());
                }
                Err(error) => problem.set(Some(error.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = path.get_untracked();
        match folder::rename_target(&root, &key, &typed) {
            Ok(to) => {
                problem.set(None);
                rename.dispatch((to, typed));
            }
            Err(reason) => problem.set(Some(reason.to_string())),
        }
    };
    view! {
        <Dialog title=FILES.tf("files.rename-title", &[("name", &name)]) testid="rename-dialog" on_close>
            <form class="rename" data-testid="rename-panel" on:submit=submit>
                <label for="rename-path">{FILES.t("files.rename-label")}</label>
                <input id="rename-path" data-testid="rename-path" autocomplete="off" autofocus bind:value=path />
                <ErrorMessage message=problem />
                <div class="actions">
                    <button type="button" class="secondary" on:click=move |_| { on_close.try_run(()); }>{FILES.t("files.cancel")}</button>
                    <button type="submit" data-testid="rename-submit" disabled=move || rename.pending()>
                        {move || if rename.pending() { FILES.t("files.renaming") } else { FILES.t("files.rename") }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
