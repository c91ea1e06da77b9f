//! The bar shown while rows are selected: how many, and what to do with them all (download
//! the files, or all of it as one zip; move, copy, delete), or clear the selection.

use super::{FilesPage, Open};
use crate::folder::Entry;
use crate::i18n::FILES;
use crate::ui::icon::icon;
use leptos::prelude::*;

#[component]
pub fn SelectionBar(page: FilesPage) -> impl IntoView {
    let count = move || page.selected.with(Vec::len);
    let files = move || {
        page.selected.with(|s| {
            s.iter()
                .filter_map(|e| match e {
                    Entry::File { object, name } => Some((object.key.clone(), name.clone())),
                    Entry::Folder { .. } => None,
                })
                .collect::<Vec<_>>()
        })
    };
    let download = move |_| {
        for (key, name) in files() {
            page.download(key, name);
        }
    };
    let chosen = move || page.selected.get_untracked();
    move || {
        (count() > 0).then(|| {
            view! {
                <div class="selection-bar" role="region" aria-label=FILES.t("files.selection") data-testid="selection-bar">
                    <span class="count" data-testid="selected-count">{move || FILES.plural("files.selected", count() as u64, &[])}</span>
                    <button class="secondary" data-testid="download-selected" disabled=move || files().is_empty()
                        title=FILES.t("files.download-selected-hint") on:click=download>
                        {icon("download")} <span class="label">{FILES.t("files.action-download")}</span>
                    </button>
                    <button class="secondary" data-testid="zip-selected" title=FILES.t("files.zip-selected-hint")
                        on:click=move |_| page.dialog.set(Some(Open::Zip(chosen())))>
                        {icon("download")} <span class="label">{FILES.t("files.action-zip")}</span>
                    </button>
                    <button class="secondary" data-testid="move-selected"
                        on:click=move |_| page.dialog.set(Some(Open::Move(chosen())))>
                        {icon("folder-move")} <span class="label">{FILES.t("files.action-move")}</span>
                    </button>
                    <button class="secondary" data-testid="copy-selected"
                        on:click=move |_| page.dialog.set(Some(Open::Copy(chosen())))>
                        {icon("copy")} <span class="label">{FILES.t("files.action-copy")}</span>
                    </button>
                    <button class="danger" data-testid="delete-selected"
                        on:click=move |_| page.dialog.set(Some(Open::Delete(chosen())))>
                        {icon("trash")} <span class="label">{FILES.t("files.action-delete")}</span>
                    </button>
                    <button class="ghost icon-only" data-testid="clear-selection" aria-label=FILES.t("files.clear-selection")
                        on:click=move |_| page.selected.set(Vec::new())>{icon("x")}</button>
                </div>
            }
        })
    }
}
