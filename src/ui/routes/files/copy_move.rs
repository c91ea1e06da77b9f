//! Copying or moving files and folders into another folder of the same area: its path typed
//! below the area's top (the folder open, to begin with). Nothing is replaced: what would land
//! on an existing file stays where it was. While it runs the dialog counts the files done and
//! offers Stop; a transfer that stops or fails half-way says what is where.

use super::FilesPage;
use crate::folder::{self, Entry};
use crate::i18n::FILES;
use crate::services::transfer::{self, Mode, Outcome, Places};
use crate::ui::components::dialog::Dialog;
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::task::Task;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;

/// The sentences and test ids of each mode.
struct Words {
    id: &'static str,
    dialog: &'static str,
    title_single: &'static str,
    title: &'static str,
    to: &'static str,
    submit: &'static str,
    running: &'static str,
    done: &'static str,
    stopped: &'static str,
    failed: &'static str,
}

const MOVE: Words = Words {
    id: "move",
    dialog: "move-dialog",
    title_single: "files.move-title-single",
    title: "files.move-title",
    to: "files.move-to",
    submit: "files.move",
    running: "files.moving",
    done: "files.moved",
    stopped: "files.moved-stopped",
    failed: "files.move-failed",
};

const COPY: Words = Words {
    id: "copy",
    dialog: "copy-dialog",
    title_single: "files.copy-title-single",
    title: "files.copy-title",
    to: "files.copy-to",
    submit: "files.copy",
    running: "files.copying",
    done: "files.copied",
    stopped: "files.copied-stopped",
    failed: "files.copy-failed",
};

#[component]
pub fn TransferDialog(
    page: FilesPage,
    mode: Mode,
    entries: Vec<Entry>,
    on_close: Callback<()>,
) -> impl IntoView {
    let words = match mode {
        Mode::Move => &MOVE,
        Mode::Copy => &COPY,
    };
    let (config, live) = page.aws();
    let path = RwSignal::new(page.folder.get_untracked());
    let problem = RwSignal::new(None::<String>);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let title = match entries.as_slice() {
        [one] => FILES.tf(words.title_single, &[("name", one.name())]),
        many => FILES.plural(words.title, many.len() as u64, &[]),
    };
    let count = entries.len() as u64;
    let entries = StoredValue::new(entries);
    // The folder the entries were chosen in, whichever is open when the button is pressed.
    let parent = StoredValue::new(page.prefix());
    let stop = StoredValue::new_local(Rc::new(Cell::new(false)));
    // What earlier runs carried, and where: run again, they are left out (a copy to another
    // folder carries everything again; what a move carried has left its folder).
    let carried = StoredValue::new((String::new(), Vec::<String>::new()));
    let run = Task::new(move |destination: String| {
        let (config, live) = (config.clone(), live.clone());
        let (root, parent) = (page.root.get_value(), parent.get_value());
        let (chosen, stop) = (entries.get_value(), stop.get_value());
        stop.set(false);
        carried.update_value(|(to, keys)| {
            if *to != destination && mode == Mode::Copy {
                keys.clear();
            }
            *to = destination.clone();
        });
        let carried_before = carried.with_value(|(_, keys)| keys.clone());
        async move {
            let to = format!("{root}{destination}");
            let places = Places {
                root: &root,
                parent: &parent,
                destination: &to,
            };
            let on_progress: transfer::OnProgress = Rc::new(move |done, total| {
                progress.try_set(Some((done, total)));
            });
            let outcome = transfer::transfer(
                &config,
                &live,
                mode,
                &places,
                &chosen,
                &carried_before,
                stop,
                on_progress,
            )
            .await;
            carried.try_update_value(|(_, keys)| {
                keys.extend(outcome.carried.iter().cloned());
                keys.sort_unstable();
            });
            page.reload();
            page.selected.set(Vec::new());
            progress.try_set(None);
            let shown = match destination.trim_end_matches('/') {
                "" => FILES.t("files.top-folder"),
                folder => folder.to_string(),
            };
            match account(words, &outcome, &shown) {
                None => {
                    page.toasts
                        .say(FILES.plural(words.done, count, &[("folder", &shown)]));
                    on_close.try_run(());
                }
                Some(text) => {
                    problem.try_set(Some(text));
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
    let stop_now = move || stop.with_value(|stop| stop.set(true));
    // Closing the dialog stops the transfer too: nothing goes on unseen.
    let close = Callback::new(move |_: ()| {
        stop_now();
        on_close.run(());
    });
    let status = move || {
        progress.get().map(|(done, total)| {
            let done = crate::i18n::number(done as u64);
            FILES.plural("files.transfer-progress", total as u64, &[("done", &done)])
        })
    };
    let id = words.id;
    view! {
        <Dialog title testid=words.dialog on_close=close>
            <form on:submit=submit>
                <label for="transfer-path">{FILES.t(words.to)}</label>
                <input id="transfer-path" data-testid=format!("{id}-path") autocomplete="off" autofocus bind:value=path
                    placeholder=FILES.t("files.move-placeholder") />
                <p class="hint">{FILES.t("files.move-hint")}</p>
                <p class="hint" role="status" data-testid="transfer-progress">{status}</p>
                <ErrorMessage message=problem />
                <div class="actions">
                    {move || if run.pending() {
                        view! { <button type="button" class="secondary" data-testid="transfer-stop" on:click=move |_| stop_now()>{FILES.t("files.transfer-stop")}</button> }.into_any()
                    } else {
                        view! { <button type="button" class="secondary" on:click=move |_| close.run(())>{FILES.t("files.cancel")}</button> }.into_any()
                    }}
                    <button type="submit" data-testid=format!("{id}-submit") disabled=move || run.pending()>
                        {move || if run.pending() { FILES.t(words.running) } else { FILES.t(words.submit) }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}

/// What to tell the user when not everything arrived (None: it all did).
fn account(words: &Words, outcome: &Outcome, folder: &str) -> Option<String> {
    let number = |n: usize| crate::i18n::number(n as u64);
    let (done, left) = (number(outcome.done), number(outcome.total - outcome.done));
    let total = outcome.total as u64;
    match outcome.failed.first() {
        // Only entries refused before their files were listed (a folder into itself), all the
        // rest carried: the reason says it all.
        Some((name, error)) if outcome.done == outcome.total => Some(format!("{name}: {error}")),
        Some((name, error)) => {
            let reason = error.to_string();
            let values = [
                ("done", done.as_str()),
                ("left", left.as_str()),
                ("name", name.as_str()),
                ("reason", reason.as_str()),
                ("folder", folder),
            ];
            Some(FILES.plural(words.failed, total, &values))
        }
        None if outcome.stopped => {
            let values = [
                ("done", done.as_str()),
                ("left", left.as_str()),
                ("folder", folder),
            ];
            Some(FILES.plural(words.stopped, total, &values))
        }
        None => None,
    }
}
