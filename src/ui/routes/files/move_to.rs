//! Moving files and folders into another folder of the same area: its path typed below the
//! area's top (the folder open, to begin with). Nothing is replaced: what would land on an
//! existing file stays where it was, and the dialog says so.

use super::FilesPage;
use crate::folder::{self, Entry};
use crate::i18n::FILES;
use crate::services::files;
use crate::ui::components::dialog::Dialog;
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::task::Task;
use leptos::prelude::*;

#[component]
pub fn MoveDialog(page: FilesPage, entries: Vec<Entry>, on_close: Callback<()>) -> impl IntoView {
    let (config, live) = page.aws();
    let path = RwSignal::new(page.folder.get_untracked());
    let problem = RwSignal::new(None::<String>);
    let title = match entries.as_slice() {
        [one] => FILES.tf("files.move-title-single", &[("name", one.name())]),
        many => FILES.plural("files.move-title", many.len() as u64, &[]),
    };
    let count = entries.len() as u64;
    let entries = StoredValue::new(entries);
    // The folder the entries were chosen in, whichever is open when Move is pressed.
    let parent = StoredValue::new(page.prefix());
    let run = Task::new(move |destination: String| {
        let (config, live) = (config.clone(), live.clone());
        let (root, parent) = (page.root.get_value(), parent.get_value());
        let moving = entries.get_value();
        async move {
            let to = format!("{root}{destination}");
            let failed = files::move_entries(&config, &live, &root, &parent, &moving, &to).await;
            page.reload();
            page.selected.set(Vec::new());
            let shown = match destination.trim_end_matches('/') {
                "" => FILES.t("files.top-folder"),
                folder => folder.to_string(),
            };
            match failed.first() {
                None => {
                    page.toasts
                        .say(FILES.plural("files.moved", count, &[("folder", &shown)]));
                    on_close.try_run(());
                }
                Some((name, error)) => {
                    let (refused, reason) =
                        (crate::i18n::number(failed.len() as u64), error.to_string());
                    let values = [
                        ("refused", refused.as_str()),
                        ("name", name.as_str()),
                        ("reason", reason.as_str()),
                    ];
                    problem.set(Some(FILES.plural("files.move-refused", count, &values)));
                }
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match folder::destination(&path.get_untracked()) {
            Ok(destination) => {
                problem.set(None);
                run.dispatch(destination);
            }
            Err(reason) => problem.set(Some(reason.to_string())),
        }
    };
    view! {
        <Dialog title testid="move-dialog" on_close>
            <form on:submit=submit>
                <label for="move-path">{FILES.t("files.move-to")}</label>
                <input id="move-path" data-testid="move-path" autocomplete="off" autofocus bind:value=path
                    placeholder=FILES.t("files.move-placeholder") />
                <p class="hint">{FILES.t("files.move-hint")}</p>
                <ErrorMessage message=problem />
                <div class="actions">
                    <button type="button" class="secondary" on:click=move |_| { on_close.try_run(()); }>{FILES.t("files.cancel")}</button>
                    <button type="submit" data-testid="move-submit" disabled=move || run.pending()>
                        {move || if run.pending() { FILES.t("files.moving") } else { FILES.t("files.move") }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
