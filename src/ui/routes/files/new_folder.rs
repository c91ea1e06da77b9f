//! New folder: a name, checked before anything is sent; the folder appears in the listing.

use super::FilesPage;
use crate::folder;
use crate::i18n::FILES;
use crate::services::files;
use crate::ui::components::dialog::Dialog;
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::task::Task;
use leptos::prelude::*;

#[component]
pub fn NewFolderDialog(page: FilesPage, on_close: Callback<()>) -> impl IntoView {
    let (config, live) = page.aws();
    let name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let create = Task::new(move |path: String| {
        let (config, live) = (config.clone(), live.clone());
        let key = format!("{}{path}", page.root.get_value());
        async move {
            match files::create_folder(&config, &live, &key).await {
                Ok(()) => {
                    let shown = path.trim_end_matches('/').to_string();
                    page.toasts
                        .say(FILES.tf("files.folder-created", &[("name", &shown)]));
                    page.reload();
                    on_close.try_run(());
                }
                Err(error) => problem.set(Some(error.to_string())),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A refused name keeps what was typed, with the reason beside it.
        match folder::new_folder_path(&page.folder.get_untracked(), &name.get_untracked()) {
            Ok(path) => {
                problem.set(None);
                create.dispatch(path);
            }
            Err(reason) => problem.set(Some(reason.to_string())),
        }
    };
    view! {
        <Dialog title=FILES.t("files.new-folder") testid="new-folder-dialog" on_close>
            <form class="new-folder" on:submit=submit>
                <label for="new-folder-name">{FILES.t("files.new-folder-name")}</label>
                <input id="new-folder-name" data-testid="new-folder-name" autocomplete="off" autofocus bind:value=name />
                <ErrorMessage message=problem />
                <div class="actions">
                    <button type="button" class="secondary" on:click=move |_| { on_close.try_run(()); }>{FILES.t("files.cancel")}</button>
                    <button type="submit" data-testid="create-folder" disabled=move || create.pending()>{FILES.t("files.create")}</button>
                </div>
            </form>
        </Dialog>
    }
}
