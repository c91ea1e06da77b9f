//! The search through every folder of the area (`?q=` in the address): hits show as each page
//! of the listing arrives, each with the folder it is in; Stop ends the search; opening a hit
//! shows a folder, or a file's row focused in its own folder. Back returns to the folder the
//! search was started from.

use super::FilesPage;
use crate::error::AppError;
use crate::folder::Entry;
use crate::format;
use crate::i18n::FILES;
use crate::search::{Hit, MAX_HITS};
use crate::services::files::{self, Searched};
use crate::services::locale;
use crate::ui::icon::{file_icon, icon};
use leptos::prelude::*;

/// Where a search stands.
#[derive(Clone, PartialEq)]
enum Progress {
    Running,
    Ended(Searched),
    Failed(String),
}

/// The results of searching the area for `query`; `top` names the area's top folder.
#[component]
pub fn SearchResults(page: FilesPage, query: String, top: String) -> impl IntoView {
    let hits = RwSignal::new(Vec::<Hit>::new());
    let looked_at = RwSignal::new(0_usize);
    let progress = RwSignal::new(Progress::Running);
    let search = StoredValue::new(query.clone());
    let runs = StoredValue::new(0_u32);
    let start = move || {
        runs.update_value(|n| *n += 1);
        let run = Run {
            hits,
            looked_at,
            progress,
            runs,
            number: runs.get_value(),
        };
        start_search(page, search.get_value(), run);
    };
    start();
    let stop = move |_| progress.set(Progress::Ended(Searched::Stopped));
    let status = move || status_text(&progress.get(), hits.with(Vec::len), looked_at.get());
    let nothing = {
        let query = query.clone();
        move || {
            let ended = matches!(progress.get(), Progress::Ended(_));
            (ended && hits.with(Vec::is_empty)).then(|| {
                view! {
                    <p class="empty-state" data-testid="search-nothing">{icon("search")}
                        {FILES.tf("files.search-nothing", &[("query", &query)])}</p>
                }
            })
        }
    };
    let failed = move || match progress.get() {
        Progress::Failed(error) => Some(view! {
            <p class="error" role="alert" data-testid="search-error">{error}</p>
            <button class="secondary" data-testid="search-again" on:click=move |_| start()>{FILES.t("files.try-again")}</button>
        }),
        _ => None,
    };
    let close = move |_| page.close_search();
    view! {
        <section class="search-results" data-testid="search-results" aria-labelledby="search-title">
            <div class="search-head">
                <h2 id="search-title">{FILES.tf("files.search-title", &[("query", &query)])}</h2>
                {move || (progress.get() == Progress::Running).then(|| view! {
                    <button class="secondary" data-testid="search-stop" on:click=stop>{FILES.t("files.search-stop")}</button>
                })}
                <button class="secondary" data-testid="search-close" on:click=close>{FILES.t("files.search-close")}</button>
            </div>
            <p role="status" data-testid="search-status" class="hint">{status}</p>
            {failed}
            {nothing}
            <ul class="hits" aria-labelledby="search-title">
                <For each=move || hits.get() key=|hit| hit.entry.id().to_string() let(hit)>
                    <HitRow page hit top=top.clone() />
                </For>
            </ul>
        </section>
    }
}

/// One run of the search, and where it writes what it finds.
#[derive(Clone, Copy)]
struct Run {
    hits: RwSignal<Vec<Hit>>,
    looked_at: RwSignal<usize>,
    progress: RwSignal<Progress>,
    /// How many runs were started: only the latest may write.
    runs: StoredValue<u32>,
    number: u32,
}

impl Run {
    /// Whether this run should go on: the latest, not stopped, its page still there.
    fn is_current(&self) -> bool {
        self.runs.try_get_value() == Some(self.number)
            && self
                .progress
                .try_with_untracked(|p| *p == Progress::Running)
                == Some(true)
    }
}

/// Lists the area from its first key and streams the hits in; a search stopped by the user,
/// started again, or whose page is gone, ends at its next page.
fn start_search(page: FilesPage, query: String, run: Run) {
    run.hits.set(Vec::new());
    run.looked_at.set(0);
    run.progress.set(Progress::Running);
    let ((config, live), root) = (page.aws(), page.root.get_value());
    leptos::task::spawn_local(async move {
        let found = |found: Vec<Hit>, looked: usize| {
            let current = run.is_current();
            if current {
                run.hits.update(|all| all.extend(found));
                run.looked_at.set(looked);
            }
            current
        };
        let ended = match files::search(&config, &live, &root, &query, found).await {
            Ok(Searched::Stopped) | Err(AppError::Cancelled) => return,
            Ok(ended) => Progress::Ended(ended),
            Err(error) => Progress::Failed(error.to_string()),
        };
        if run.is_current() {
            run.progress.set(ended);
        }
    });
}

fn status_text(progress: &Progress, found: usize, looked_at: usize) -> String {
    let found = crate::i18n::number(found as u64);
    let values = [("found", found.as_str())];
    let key = match progress {
        Progress::Running => "files.search-running",
        Progress::Ended(Searched::Everything) => "files.search-done",
        Progress::Ended(Searched::Stopped) | Progress::Failed(_) => "files.search-stopped",
        Progress::Ended(Searched::TooMany) => {
            let most = crate::i18n::number(MAX_HITS as u64);
            return FILES.tf("files.search-too-many", &[("most", &most)]);
        }
    };
    FILES.plural(key, looked_at as u64, &values)
}

/// One hit: its icon and name (which opens it), and the folder it is in, with a file's size
/// and date.
#[component]
fn HitRow(page: FilesPage, hit: Hit, top: String) -> impl IntoView {
    let place = match hit.folder.strip_suffix('/') {
        Some(folder) => folder.to_string(),
        None => top,
    };
    let place = FILES.tf("files.search-in", &[("folder", &place)]);
    let (kind_icon, shown_name, details) = match &hit.entry {
        Entry::Folder { name, .. } => ("folder", format!("{name}/"), place),
        Entry::File { name, object } => {
            let mut details = vec![place, format::human_size(object.size)];
            details.extend(object.last_modified.map(locale::date_time));
            (file_icon(name), name.clone(), details.join(" · "))
        }
    };
    let testid = match hit.entry {
        Entry::Folder { .. } => "search-folder",
        Entry::File { .. } => "search-file",
    };
    let open = move |_| page.reveal(&hit);
    view! {
        <li class="hit" data-testid=testid>
            <button class="open-entry" on:click=open>
                {icon(kind_icon)} <span class="entry-name">{shown_name}</span>
            </button>
            <span class="hit-place">{details}</span>
        </li>
    }
}
