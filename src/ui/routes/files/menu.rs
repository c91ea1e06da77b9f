//! A row's action menu: a popover beside its ⋯ button (a sheet at the bottom on a phone),
//! opened by the button, a right-click on the row, Shift+F10 or the menu key. Arrow keys move
//! through it, Escape closes it and returns to the button, Tab closes it.

use super::{FilesPage, Open};
use crate::folder::Entry;
use crate::i18n::FILES;
use crate::preview;
use crate::ui::focus;
use crate::ui::icon::icon;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One thing the menu can do.
#[derive(Clone, Copy, PartialEq)]
enum Action {
    Open,
    Preview,
    Download,
    Zip,
    Share,
    Details,
    Versions,
    Rename,
    Move,
    Copy,
    Delete,
}

impl Action {
    fn testid(self) -> &'static str {
        match self {
            Action::Open => "open",
            Action::Preview => "preview",
            Action::Download => "download",
            Action::Zip => "zip",
            Action::Share => "share",
            Action::Details => "details",
            Action::Versions => "versions",
            Action::Rename => "rename",
            Action::Move => "move",
            Action::Copy => "copy",
            Action::Delete => "delete",
        }
    }

    fn icon(self) -> &'static str {
        match self {
            Action::Open => "folder",
            Action::Preview => "eye",
            Action::Download | Action::Zip => "download",
            Action::Share => "link",
            Action::Details => "info",
            Action::Versions => "history",
            Action::Rename => "pencil",
            Action::Move => "folder-move",
            Action::Copy => "copy",
            Action::Delete => "trash",
        }
    }

    fn label(self) -> String {
        FILES.t(match self {
            Action::Open => "files.action-open",
            Action::Preview => "files.action-preview",
            Action::Download => "files.action-download",
            Action::Zip => "files.action-zip",
            Action::Share => "files.action-share",
            Action::Details => "files.action-details",
            Action::Versions => "files.action-versions",
            Action::Rename => "files.action-rename",
            Action::Move => "files.action-move",
            Action::Copy => "files.action-copy",
            Action::Delete => "files.action-delete",
        })
    }
}

/// What the menu offers for `entry`: changes only where the user may make them, versions only
/// where the bucket keeps them.
fn actions(entry: &Entry, writable: bool, versioned: bool) -> Vec<Action> {
    let mut all = match entry {
        Entry::Folder { .. } => vec![Action::Open, Action::Zip],
        Entry::File { name, .. } if preview::kind_of(name).is_some() => {
            vec![
                Action::Preview,
                Action::Download,
                Action::Share,
                Action::Details,
            ]
        }
        Entry::File { .. } => vec![Action::Download, Action::Share, Action::Details],
    };
    if versioned && matches!(entry, Entry::File { .. }) {
        all.push(Action::Versions);
    }
    if writable {
        if matches!(entry, Entry::File { .. }) {
            all.push(Action::Rename);
        }
        all.extend([Action::Move, Action::Copy, Action::Delete]);
    }
    all
}

#[component]
pub fn RowMenu(page: FilesPage, entry: Entry) -> impl IntoView {
    let id = entry.id().to_string();
    let is_open = {
        let id = id.clone();
        Memo::new(move |_| page.menu.with(|m| m.as_deref() == Some(id.as_str())))
    };
    let button = NodeRef::<html::Button>::new();
    let in_tab_order = {
        let id = id.clone();
        move || {
            if page.focused.with(|f| f.as_deref() == Some(id.as_str())) {
                "0"
            } else {
                "-1"
            }
        }
    };
    let toggle = {
        let id = id.clone();
        move |_| {
            if is_open.get_untracked() {
                page.menu.set(None);
            } else {
                page.open_menu(&id);
            }
        }
    };
    let label = FILES.tf("files.actions-for", &[("name", entry.name())]);
    let items = StoredValue::new(entry);
    view! {
        <div class="menu-anchor">
            <button class="ghost icon-only" data-testid="row-menu" node_ref=button aria-haspopup="menu"
                aria-expanded=move || is_open.get().to_string() aria-label=label.clone() title=label
                tabindex=in_tab_order on:click=toggle>
                {icon("more")}
            </button>
            {move || is_open.get().then(|| view! { <MenuItems page entry=items.get_value() button /> })}
        </div>
    }
}

#[component]
fn MenuItems(page: FilesPage, entry: Entry, button: NodeRef<html::Button>) -> impl IntoView {
    let list = NodeRef::<html::Ul>::new();
    // Keyboard users land on the first item; a mouse user's click lands there too, harmlessly.
    list.on_load(|list| {
        // Opens upward where there is no room below (a row near the bottom of the window).
        let below = web_sys::window().and_then(|w| w.inner_height().ok()?.as_f64());
        if below.is_some_and(|height| list.get_bounding_client_rect().bottom() > height) {
            let _ = list.class_list().add_1("up");
        }
        if let Some(first) = menu_items(&list).first() {
            let _ = first.focus();
        }
    });
    let close = move |refocus: bool| {
        page.menu.set(None);
        if refocus {
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let Some(list) = list.get_untracked() else {
            return;
        };
        let items = menu_items(&list);
        let current = items.iter().position(focus::is_focused);
        let go = |index: usize| {
            if let Some(item) = items.get(index % items.len().max(1)) {
                let _ = item.focus();
            }
        };
        match ev.key().as_str() {
            "ArrowDown" => go(current.map_or(0, |i| i + 1)),
            "ArrowUp" => go(current.map_or(0, |i| i + items.len() - 1)),
            "Home" => go(0),
            "End" => go(items.len().saturating_sub(1)),
            "Escape" => close(true),
            "Tab" => {
                close(false);
                return;
            }
            _ => return,
        }
        ev.prevent_default();
        ev.stop_propagation();
    };
    let choose = move |action: Action, entry: Entry| {
        // Focus goes back to the ⋯ button first, so that a dialog returns it there.
        close(true);
        run(page, action, entry);
    };
    let name = entry.name().to_string();
    view! {
        <div class="menu-backdrop" on:click=move |_| close(false)></div>
        <ul class="menu" role="menu" node_ref=list aria-label=FILES.tf("files.actions-for", &[("name", &name)])
            data-testid="menu" on:keydown=keydown>
            {actions(&entry, page.writable, page.versioned.get_untracked()).into_iter().map(|action| {
                let entry = entry.clone();
                view! {
                    <li role="none">
                        <button role="menuitem" tabindex="-1" class:danger=action == Action::Delete
                            data-testid=action.testid() on:click=move |_| choose(action, entry.clone())>
                            {icon(action.icon())} {action.label()}
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

fn run(page: FilesPage, action: Action, entry: Entry) {
    match (action, &entry) {
        (Action::Open, _) => page.open_entry(entry),
        (Action::Download, Entry::File { object, name }) => {
            page.download(object.key.clone(), name.clone())
        }
        (Action::Preview, Entry::File { .. }) => page.dialog.set(Some(Open::Preview(entry))),
        (Action::Zip, Entry::Folder { .. }) => page.dialog.set(Some(Open::Zip(vec![entry]))),
        (Action::Share, Entry::File { .. }) => page.dialog.set(Some(Open::Share(entry))),
        (Action::Details, Entry::File { .. }) => page.dialog.set(Some(Open::Details(entry))),
        (Action::Versions, Entry::File { .. }) => page.dialog.set(Some(Open::Versions(entry))),
        (Action::Rename, Entry::File { .. }) => page.dialog.set(Some(Open::Rename(entry))),
        (Action::Move, _) => page.dialog.set(Some(Open::Move(vec![entry]))),
        (Action::Copy, _) => page.dialog.set(Some(Open::Copy(vec![entry]))),
        (Action::Delete, _) => page.dialog.set(Some(Open::Delete(vec![entry]))),
        _ => {}
    }
}

fn menu_items(list: &web_sys::HtmlUListElement) -> Vec<web_sys::HtmlElement> {
    let Ok(found) = list.query_selector_all("[role=menuitem]") else {
        return Vec::new();
    };
    (0..found.length())
        .filter_map(|i| found.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}
