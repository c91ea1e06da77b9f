//! The folder's contents as a table: sortable columns, a page of rows at a time, a checkbox on
//! each row, and one action menu per row (its ⋯ button, a right-click, Shift+F10 or the menu
//! key). From the keyboard: arrows move between rows, Enter opens, Space selects, Delete asks
//! to delete, Escape closes the menu. On a phone the table reads as a list (style/main.css).
//!
//! The grid view is the same table drawn as tiles (`tiles`: style/main.css lays the rows out
//! in a grid and the column headings out as a bar of sort buttons), each image file showing
//! its thumbnail. Left and right then move a tile, up and down a line of tiles. Being one
//! component keeps the files page's code small: Leptos compiles each view's tree anew.

use super::menu::RowMenu;
use super::thumbnail::Thumbnail;
use super::{FilesPage, Open};
use crate::folder::{self, Entry, Sort, SortBy};
use crate::format;
use crate::i18n::FILES;
use crate::platform::js;
use crate::preview;
use crate::services::locale;
use crate::ui::focus;
use crate::ui::icon::{file_icon, icon};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How many rows a folder shows at first, and how many more each "Show more" adds: a folder of
/// 10,000 files stays quick to draw.
pub const ROWS_PER_PAGE: usize = 200;

#[component]
pub fn FolderTable(page: FilesPage, entries: Vec<Entry>, tiles: bool) -> impl IntoView {
    let (sort, shown) = (page.sort, page.shown);
    let mut all = entries;
    // Sorted once per click on a column, not each time rows are drawn (a folder may hold
    // 10,000 entries), and drawn keyed: "Show more" adds rows without redrawing the others.
    folder::sort(&mut all, sort.get_untracked());
    let revealed = reveal(page, &all);
    let sorted = RwSignal::new(all);
    let matching = Memo::new(move |_| {
        let filter = page.filter.get();
        sorted.with(|entries| {
            entries
                .iter()
                .filter(|e| folder::matches_filter(e.name(), &filter))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let visible =
        move || matching.with(|m| m.iter().take(shown.get()).cloned().collect::<Vec<_>>());
    // The one row that Tab reaches: the focused one while it is shown, else the first.
    let tab_stop = Memo::new(move |_| {
        let focused = page.focused.get();
        matching.with(|m| {
            let shown = &m[..m.len().min(shown.get())];
            match focused {
                Some(id) if shown.iter().any(|e| e.id() == id) => Some(id),
                _ => shown.first().map(|e| e.id().to_string()),
            }
        })
    });
    let resort = move |by: SortBy| {
        sort.update(|s| *s = s.toggled(by));
        sorted.update(|entries| folder::sort(entries, sort.get_untracked()));
    };
    let header = move |label: String, by: SortBy, class: &'static str| {
        let order = move || match sort.get() {
            Sort {
                by: current,
                ascending,
            } if current == by => {
                if ascending {
                    "ascending"
                } else {
                    "descending"
                }
            }
            _ => "none",
        };
        let mark = move || match order() {
            "ascending" => " ▲",
            "descending" => " ▼",
            _ => "",
        };
        view! {
            <th class=class aria-sort=order scope="col">
                <button class="sort" on:click=move |_| resort(by)>{label}<span aria-hidden="true">{mark}</span></button>
            </th>
        }
    };
    let all_selected = move || {
        let count = matching.with(Vec::len);
        count > 0
            && page
                .selected
                .with(|s| s.len() >= count && matching.with(|m| m.iter().all(|e| s.contains(e))))
    };
    let select_all = move |_| {
        if all_selected() {
            page.selected.set(Vec::new());
        } else {
            page.selected.set(matching.get_untracked());
        }
    };
    let select_column = page.writable.then(|| {
        view! {
            <th class="select" scope="col">
                <input type="checkbox" data-testid="select-all" aria-label=FILES.t("files.select-all")
                    prop:checked=all_selected on:change=select_all />
            </th>
        }
    });
    let keydown = move |ev: leptos::ev::KeyboardEvent| on_key(page, &ev, matching, tiles);
    // Drawn again with a new listing, the table takes back the focus its old rows had.
    let body = NodeRef::<leptos::html::Tbody>::new();
    body.on_load(move |body| {
        if focus::was_lost() || revealed {
            if let Some(id) = page.focused.get_untracked() {
                focus_row(&body, &id);
            }
        }
    });
    view! {
        {move || (matching.with(Vec::is_empty)).then(|| view! {
            <p class="empty-state" data-testid="no-match">{icon("search")}
                {FILES.tf("files.no-match", &[("filter", &page.filter.get())])}</p>
        })}
        <table class=if tiles { "files tiles" } else { "files" } data-testid="file-table" role="grid" aria-multiselectable=page.writable.then_some("true")
            aria-label=FILES.t("files.table-label") hidden=move || matching.with(Vec::is_empty)>
            <thead>
                <tr>
                    {select_column}
                    {header(FILES.t("files.column-name"), SortBy::Name, "")}
                    {header(FILES.t("files.column-size"), SortBy::Size, "num")}
                    {header(FILES.t("files.column-modified"), SortBy::Modified, "when")}
                    <th class="menu-cell" scope="col"><span class="visually-hidden">{FILES.t("files.column-actions")}</span></th>
                </tr>
            </thead>
            <tbody on:keydown=keydown node_ref=body>
                <For each=visible key=|entry| entry.id().to_string() let(entry)>
                    <Row page entry tab_stop tiles />
                </For>
            </tbody>
        </table>
        {move || {
            let total = matching.with(Vec::len);
            (shown.get() < total).then(|| view! {
                <button class="secondary more-rows" data-testid="show-more"
                    on:click=move |_| shown.update(|n| *n += ROWS_PER_PAGE)>
                    {FILES.tf("files.show-more", &[("shown", &crate::i18n::number(shown.get() as u64)), ("total", &crate::i18n::number(total as u64))])}
                </button>
            })
        }}
    }
}

/// The row a search hit opened (`FilesPage::revealed`), if it is in `entries`: shown (however
/// far down) and focused once drawn. True if there is one.
fn reveal(page: FilesPage, entries: &[Entry]) -> bool {
    let Some(id) = page.revealed.try_update_value(Option::take).flatten() else {
        return false;
    };
    let Some(index) = entries.iter().position(|e| e.id() == id) else {
        return false;
    };
    let pages = index / ROWS_PER_PAGE + 1;
    page.shown
        .update(|shown| *shown = (*shown).max(pages * ROWS_PER_PAGE));
    page.focused.set(Some(id));
    true
}

/// The table's keys, on a focused row (not on the controls inside it, which keep their own).
fn on_key(
    page: FilesPage,
    ev: &leptos::ev::KeyboardEvent,
    matching: Memo<Vec<Entry>>,
    tiles: bool,
) {
    let Some(row) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    if row.tag_name() != "TR" {
        return;
    }
    let id = row.get_attribute("data-id").unwrap_or_default();
    let entry = || matching.with_untracked(|m| m.iter().find(|e| e.id() == id).cloned());
    let line = if tiles { tiles_per_line(&row) } else { 1 };
    let handled = match ev.key().as_str() {
        "ArrowDown" => focus_by(&row, line),
        "ArrowUp" => focus_by(&row, -line),
        "ArrowRight" if tiles => focus_by(&row, 1),
        "ArrowLeft" if tiles => focus_by(&row, -1),
        "Home" => focus_end(&row, true),
        "End" => focus_end(&row, false),
        "Enter" => entry().map(|e| page.open_entry(e)).is_some(),
        " " if page.writable => entry().map(|e| page.toggle(e)).is_some(),
        "Delete" if page.writable => {
            let chosen = match page.selected.get_untracked() {
                selected if !selected.is_empty() => selected,
                _ => entry().into_iter().collect(),
            };
            page.dialog.set(Some(Open::Delete(chosen)));
            true
        }
        "ContextMenu" => page.open_menu(&id),
        "F10" if ev.shift_key() => page.open_menu(&id),
        _ => false,
    };
    if handled {
        ev.prevent_default();
    }
}

fn focus_row(body: &web_sys::HtmlElement, id: &str) {
    let rows = body.children();
    let row = (0..rows.length())
        .filter_map(|i| rows.item(i))
        .find(|row| row.get_attribute("data-id").as_deref() == Some(id));
    focus(row);
}

/// Focuses the row `offset` rows after `row` (before it if negative), if there is one.
fn focus_by(row: &web_sys::HtmlElement, offset: i32) -> bool {
    let mut target = Some(web_sys::Element::clone(row));
    for _ in 0..offset.unsigned_abs() {
        target = target.and_then(|t| {
            if offset > 0 {
                t.next_element_sibling()
            } else {
                t.previous_element_sibling()
            }
        });
    }
    focus(target)
}

/// How many tiles the first line of the grid holds (read from where they are drawn: it
/// follows the window's width).
fn tiles_per_line(row: &web_sys::HtmlElement) -> i32 {
    let top = |tile: &web_sys::Element| js::get(tile, "offsetTop").as_f64();
    let mut tile = row
        .parent_element()
        .and_then(|body| body.first_element_child());
    let first = tile.as_ref().and_then(top);
    let mut count = 0;
    while let Some(t) = tile.filter(|t| top(t) == first) {
        count += 1;
        tile = t.next_element_sibling();
    }
    count.max(1)
}

fn focus_end(row: &web_sys::HtmlElement, first: bool) -> bool {
    let body = row.parent_element();
    let end = body.and_then(|b| {
        if first {
            b.first_element_child()
        } else {
            b.last_element_child()
        }
    });
    focus(end)
}

fn focus(element: Option<web_sys::Element>) -> bool {
    match element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(element) => element.focus().is_ok(),
        None => false,
    }
}

/// One row: its checkbox, its icon and name (which opens it), size, date, and its menu.
#[component]
fn Row(
    page: FilesPage,
    entry: Entry,
    tab_stop: Memo<Option<String>>,
    tiles: bool,
) -> impl IntoView {
    let id = entry.id().to_string();
    let name = entry.name().to_string();
    let (testid, kind_icon, size, modified) = match &entry {
        Entry::Folder { .. } => ("folder-row", "folder", None, None),
        Entry::File { object, .. } => {
            let size = format::human_size(object.size);
            let when = object.last_modified.map(locale::date_time);
            ("file-row", file_icon(&name), Some(size), when)
        }
    };
    let selected = {
        let entry = entry.clone();
        Memo::new(move |_| page.selected.with(|s| s.contains(&entry)))
    };
    let select = page.writable.then(|| {
        let entry = entry.clone();
        let label = FILES.tf("files.select", &[("name", &name)]);
        view! {
            <td class="select">
                <input type="checkbox" data-testid="select" aria-label=label tabindex="-1"
                    prop:checked=move || selected.get() on:change=move |_| page.toggle(entry.clone()) />
            </td>
        }
    });
    let focusable = {
        let id = id.clone();
        move || {
            if tab_stop.with(|f| f.as_deref() == Some(id.as_str())) {
                "0"
            } else {
                "-1"
            }
        }
    };
    let on_focus = {
        let id = id.clone();
        move |_| page.focused.set(Some(id.clone()))
    };
    let context_menu = {
        let id = id.clone();
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            page.open_menu(&id);
        }
    };
    let open = {
        let entry = entry.clone();
        move |_| page.open_entry(entry.clone())
    };
    let meta = match (&size, &modified) {
        (Some(size), Some(when)) => format!("{size} · {when}"),
        (Some(size), None) => size.clone(),
        _ => String::new(),
    };
    let name_testid = if matches!(entry, Entry::Folder { .. }) {
        "open-folder"
    } else {
        "file-name"
    };
    let shown_name = match &entry {
        Entry::Folder { .. } => format!("{name}/"),
        Entry::File { .. } => name.clone(),
    };
    // A tile cuts a long name to two lines; the whole of it shows on hover.
    let title = tiles.then(|| shown_name.clone());
    let picture = match &entry {
        Entry::File { object, name } if tiles && preview::has_thumbnail(name, object.size) => {
            let (key, etag, name) = (object.key.clone(), object.etag.clone(), name.clone());
            view! { <Thumbnail page key etag name /> }.into_any()
        }
        _ => icon(kind_icon).into_any(),
    };
    view! {
        <tr data-testid=testid data-key=id.clone() data-id=id.clone() tabindex=focusable
            aria-selected=move || page.writable.then(|| selected.get().to_string())
            on:focus=on_focus on:contextmenu=context_menu>
            {select}
            <td class="name">
                <button class="open-entry" data-testid=name_testid tabindex="-1" on:click=open>
                    <span class="thumb">{picture}</span> <span class="entry-name" title=title>{shown_name}</span>
                </button>
                <span class="meta">{meta}</span>
            </td>
            <td class="num">{size}</td>
            <td class="when">{modified}</td>
            <td class="menu-cell"><RowMenu page entry /></td>
        </tr>
    }
}
