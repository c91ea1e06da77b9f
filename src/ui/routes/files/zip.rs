//! "Download as zip": a folder, a selection, or the folder open, saved as one zip while it
//! downloads (`services::zip_download`). Where the browser lets the page write a file, the
//! user picks where first; otherwise the zip is an ordinary download. The dialog says what it
//! is doing (listing, then files and bytes, with a bar), offers Stop (closing it stops too: a
//! zip never goes on unseen), and says at the end what the zip had to leave out.

use super::FilesPage;
use crate::archive;
use crate::error::AppError;
use crate::folder::Entry;
use crate::format::human_size;
use crate::i18n::{self, FILES};
use crate::platform::save::{self, SaveStream};
use crate::services::zip_download::{self, ZipOutcome, ZipProgress};
use crate::ui::components::dialog::Dialog;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;

/// Where a zip is.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    /// Waiting for the user to pick where it goes.
    Choosing,
    Listing,
    Writing(ZipProgress),
    /// Saved without some files: the sentence that says which.
    Incomplete(String),
    /// Not saved: why.
    Failed(String),
}

/// Paths named in the account of files left out; the rest are counted.
const NAMED: usize = 5;

#[component]
pub fn ZipDialog(page: FilesPage, entries: Vec<Entry>, on_close: Callback<()>) -> impl IntoView {
    let open = page.folder.get_untracked();
    let chosen_folder = match entries.as_slice() {
        [Entry::Folder { path, .. }] => Some(path.clone()),
        _ => None,
    };
    let name = archive::zip_name(chosen_folder.as_deref(), &open, &FILES.t("files.zip-top"));
    let phase = RwSignal::new(Phase::Choosing);
    let stop = StoredValue::new_local(Rc::new(Cell::new(false)));
    let entries = StoredValue::new(entries);
    let zip_name = StoredValue::new(name.clone());
    let start = Callback::new(move |_: ()| {
        let (config, live) = page.aws();
        let (root, open) = (page.root.get_value(), open.clone());
        let (chosen, name) = (entries.get_value(), zip_name.get_value());
        let stop = stop.get_value();
        stop.set(false);
        phase.set(Phase::Choosing);
        leptos::task::spawn_local(async move {
            let run = Run {
                config: &config,
                live: &live,
                root: &root,
                open: &open,
                chosen: &chosen,
                name: &name,
                stop: &stop,
                phase,
            };
            let ended = run.go().await;
            report(page, &name, ended, phase, on_close);
        });
    });
    start.run(());
    let stop_now = move || stop.with_value(|stop| stop.set(true));
    on_cleanup(stop_now);
    let close = Callback::new(move |_: ()| {
        stop_now();
        on_close.run(());
    });
    let running = move || {
        matches!(
            phase.get(),
            Phase::Choosing | Phase::Listing | Phase::Writing(_)
        )
    };
    let title = FILES.tf("files.zip-title", &[("name", &name)]);
    view! {
        <Dialog title testid="zip-dialog" on_close=close>
            <p class="hint" role="status" data-testid="zip-status">{move || status(&phase.get())}</p>
            {move || match phase.get() {
                Phase::Writing(p) if p.bytes > 0 => Some(view! {
                    <progress data-testid="zip-bar" max=p.bytes.to_string() value=p.bytes_done.to_string()
                        aria-label=FILES.t("files.zip-bar")></progress>
                }),
                _ => None,
            }}
            {move || match phase.get() {
                Phase::Failed(text) | Phase::Incomplete(text) => Some(view! {
                    <p class="error" role="alert" data-testid="zip-problem">{text}</p>
                }),
                _ => None,
            }}
            <div class="actions">
                {move || if running() {
                    view! { <button type="button" class="secondary" data-testid="zip-stop" on:click=move |_| stop_now()>{FILES.t("files.transfer-stop")}</button> }.into_any()
                } else {
                    view! { <button type="button" class="secondary" data-testid="zip-close" on:click=move |_| close.run(())>{crate::i18n::APP.t("app.close")}</button> }.into_any()
                }}
                {move || matches!(phase.get(), Phase::Failed(_)).then(|| view! {
                    <button type="button" data-testid="zip-again" on:click=move |_| start.run(())>{FILES.t("files.try-again")}</button>
                })}
            </div>
        </Dialog>
    }
}

/// What the status line says.
fn status(phase: &Phase) -> String {
    match phase {
        Phase::Choosing => FILES.t("files.zip-choosing"),
        Phase::Listing => FILES.t("files.zip-listing"),
        Phase::Writing(p) => {
            let values = [
                ("done", i18n::number(p.files_done as u64)),
                ("got", human_size(p.bytes_done)),
                ("all", human_size(p.bytes)),
            ];
            let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
            FILES.plural("files.zip-progress", p.files as u64, &values)
        }
        Phase::Incomplete(_) => FILES.t("files.zip-saved-incomplete"),
        Phase::Failed(_) => FILES.t("files.zip-not-saved"),
    }
}

/// One run of the zip, from the picker (or the download) to the last byte.
struct Run<'a> {
    config: &'a crate::config::AppConfig,
    live: &'a crate::services::credentials::LiveSession,
    root: &'a str,
    open: &'a str,
    chosen: &'a [Entry],
    name: &'a str,
    stop: &'a Rc<Cell<bool>>,
    phase: RwSignal<Phase>,
}

impl Run<'_> {
    /// None: the user closed the picker (nothing to say).
    async fn go(&self) -> Result<Option<ZipOutcome>, AppError> {
        // The picker first: the browser shows it only right after the click that asked.
        let picked = self.picked().await?;
        if picked.as_ref().is_some_and(Option::is_none) {
            return Ok(None);
        }
        self.phase.try_set(Phase::Listing);
        let members =
            zip_download::members(self.config, self.live, self.root, self.open, self.chosen)
                .await?;
        if self.stop.get() {
            return Err(AppError::Cancelled);
        }
        let save = match picked.flatten() {
            Some(save) => save,
            // A download starts only now, with the files listed: a listing that fails leaves
            // no empty zip in the browser's downloads.
            None => save::download(&crate::share::attachment(self.name))
                .await
                .map_err(AppError::Browser)?,
        };
        let phase = self.phase;
        let on_progress: zip_download::OnProgress = Rc::new(move |progress| {
            phase.try_set(Phase::Writing(progress));
        });
        let stop = Rc::clone(self.stop);
        zip_download::write_zip(self.config, self.live, &members, save, stop, on_progress)
            .await
            .map(Some)
    }

    /// Some(file picked, or None if the picker was closed) where the browser can write a
    /// picked file; None where the zip goes as a download; an error where it can do neither.
    async fn picked(&self) -> Result<Option<Option<SaveStream>>, AppError> {
        if save::can_pick() {
            return save::pick(self.name)
                .await
                .map(Some)
                .map_err(AppError::Browser);
        }
        if save::can_download() {
            return Ok(None);
        }
        Err(AppError::Browser(FILES.t("files.zip-unsupported")))
    }
}

/// Says how the zip ended: a toast and the dialog closed when all is well (or stopped), the
/// account in the dialog otherwise.
fn report(
    page: FilesPage,
    name: &str,
    ended: Result<Option<ZipOutcome>, AppError>,
    phase: RwSignal<Phase>,
    on_close: Callback<()>,
) {
    match ended {
        Ok(None) => {
            on_close.try_run(());
        }
        Ok(Some(outcome)) if outcome.skipped.is_empty() => {
            let count = outcome.saved as u64;
            page.toasts
                .say(FILES.plural("files.zip-saved", count, &[("name", name)]));
            on_close.try_run(());
        }
        Ok(Some(outcome)) => {
            phase.try_set(Phase::Incomplete(left_out(name, &outcome)));
        }
        Err(AppError::Cancelled) => {
            page.toasts
                .say(FILES.tf("files.zip-stopped", &[("name", name)]));
            on_close.try_run(());
        }
        Err(error) => {
            phase.try_set(Phase::Failed(error.to_string()));
        }
    }
}

/// "photos.zip was saved without 2 files: a.txt (reason); b.txt (reason)."
fn left_out(name: &str, outcome: &ZipOutcome) -> String {
    let mut named: Vec<String> = outcome
        .skipped
        .iter()
        .take(NAMED)
        .map(|(path, error)| format!("{path} ({error})"))
        .collect();
    if outcome.skipped.len() > NAMED {
        let more = (outcome.skipped.len() - NAMED) as u64;
        named.push(FILES.plural("files.zip-and-more", more, &[]));
    }
    let list = named.join("; ");
    let values = [("name", name), ("files", list.as_str())];
    FILES.plural("files.zip-left-out", outcome.skipped.len() as u64, &values)
}
