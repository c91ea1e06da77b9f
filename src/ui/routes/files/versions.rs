//! A file's versions (download any, restore one) and the area's recently deleted files (restore
//! each), where the bucket keeps versions. A restore copies the version onto its key: the
//! versions above it stay, so a restore can itself be undone from here.

use super::FilesPage;
use crate::aws::versions::{Deleted, ObjectVersion};
use crate::error::AppError;
use crate::format;
use crate::i18n::FILES;
use crate::platform::files as browser_files;
use crate::services::{locale, versions};
use crate::ui::components::dialog::Dialog;
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::task::Task;
use leptos::prelude::*;

/// Recently deleted stops listing past this many files (and says so).
const MAX_DELETED_SHOWN: usize = 1000;

fn date(version: &ObjectVersion) -> String {
    version
        .last_modified
        .map(locale::date_time)
        .unwrap_or_default()
}

/// Saves `version` as `name`, or says why not in `problem`.
fn download(
    page: FilesPage,
    version: ObjectVersion,
    name: String,
    problem: RwSignal<Option<String>>,
) {
    let (config, live) = page.aws();
    leptos::task::spawn_local(async move {
        let result = match versions::version_link(&config, &live, &version, &name).await {
            Ok(url) => browser_files::open_download(&url).map_err(AppError::Browser),
            Err(error) => Err(error),
        };
        problem.try_set(result.err().map(|e| e.to_string()));
    });
}

#[component]
pub fn VersionsDialog(
    page: FilesPage,
    key: String,
    name: String,
    on_close: Callback<()>,
) -> impl IntoView {
    let found = RwSignal::new(None::<Result<Vec<ObjectVersion>, String>>);
    let problem = RwSignal::new(None::<String>);
    // Owned by the dialog: a listing or a restore finishing after it closed finds it gone.
    let aws = StoredValue::new_local((page.aws(), key));
    let load = move || {
        let Some(((config, live), key)) = aws.try_get_value() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let listed = versions::versions_of(&config, &live, &key).await;
            found.try_set(Some(listed.map_err(|e| e.to_string())));
        });
    };
    load();
    let restore = Task::new(move |version: ObjectVersion| {
        let ((config, live), _) = aws.get_value();
        async move {
            match versions::restore(&config, &live, &version).await {
                Ok(()) => {
                    page.toasts
                        .say(FILES.tf("files.version-restored", &[("date", &date(&version))]));
                    page.reload();
                    load();
                }
                Err(error) => {
                    problem.try_set(Some(error.to_string()));
                }
            }
        }
    });
    let file_name = StoredValue::new(name.clone());
    let row = move |version: ObjectVersion| {
        let what = match (version.deleted, version.latest) {
            (true, _) => FILES.t("files.version-deleted"),
            (false, true) => FILES.tf(
                "files.version-current",
                &[("size", &format::human_size(version.size))],
            ),
            (false, false) => format::human_size(version.size),
        };
        let downloadable = (!version.deleted).then(|| {
            let version = version.clone();
            view! {
                <button class="secondary small" data-testid="version-download"
                    on:click=move |_| download(page, version.clone(), file_name.get_value(), problem)>
                    {FILES.t("files.action-download")}
                </button>
            }
        });
        let restorable = (page.writable && !version.deleted && !version.latest).then(|| {
            let version = version.clone();
            view! {
                <button class="secondary small" data-testid="version-restore" disabled=move || restore.pending()
                    on:click=move |_| restore.dispatch(version.clone())>{FILES.t("files.version-restore")}</button>
            }
        });
        view! {
            <li data-testid="version" class:deleted=version.deleted>
                <span class="version-date">{date(&version)}</span>
                <span class="hint" data-testid="version-what">{what}</span>
                <span class="version-actions">{downloadable}{restorable}</span>
            </li>
        }
    };
    let body = move || {
        match found.get() {
        None => view! { <p class="hint" aria-busy="true">{FILES.t("files.versions-loading")}</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        Some(Ok(list)) => view! {
            <ol class="versions" data-testid="versions">{list.into_iter().map(row).collect_view()}</ol>
        }
        .into_any(),
    }
    };
    view! {
        <Dialog title=FILES.tf("files.versions-title", &[("name", &name)]) testid="versions-dialog" on_close>
            <p class="hint">{FILES.t("files.versions-hint")}</p>
            {body}
            <ErrorMessage message=problem />
        </Dialog>
    }
}

#[component]
pub fn RecentlyDeletedDialog(page: FilesPage, on_close: Callback<()>) -> impl IntoView {
    let found = RwSignal::new(Vec::<Deleted>::new());
    let done = RwSignal::new(false);
    let too_many = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let root = page.root.get_value();
    {
        let (config, live, root) = (page.aws().0, page.aws().1, root.clone());
        leptos::task::spawn_local(async move {
            let listed = versions::deleted_under(&config, &live, &root, |mut more| {
                // The doctor's probe, written and deleted by each check, is no file of the user's.
                more.retain(|d| !d.version.key.ends_with(crate::doctor::PROBE_NAME));
                // A closed dialog stops the listing at the next page.
                let Some(count) = found.try_update(|all| {
                    all.extend(more);
                    all.len()
                }) else {
                    return false;
                };
                let more_wanted = count < MAX_DELETED_SHOWN;
                too_many.set(!more_wanted);
                more_wanted
            })
            .await;
            problem.try_set(listed.err().map(|e| e.to_string()));
            done.try_set(true);
        });
    }
    let restore = Task::new(move |deleted: Deleted| {
        let (config, live) = page.aws();
        async move {
            match versions::restore(&config, &live, &deleted.version).await {
                Ok(()) => {
                    let name = deleted
                        .version
                        .key
                        .rsplit('/')
                        .next()
                        .unwrap_or_default()
                        .to_string();
                    found.try_update(|all| all.retain(|d| d.version.key != deleted.version.key));
                    page.toasts
                        .say(FILES.tf("files.deleted-restored", &[("name", &name)]));
                    page.reload();
                }
                Err(error) => {
                    problem.try_set(Some(error.to_string()));
                }
            }
        }
    });
    let row = move |deleted: Deleted| {
        let key = &deleted.version.key;
        let relative = key.strip_prefix(&root).unwrap_or(key);
        let (folder, name) = match relative.rsplit_once('/') {
            Some((folder, name)) => (folder.to_string(), name.to_string()),
            None => (String::new(), relative.to_string()),
        };
        let place = match folder.is_empty() {
            true => FILES.t("files.deleted-at-top"),
            false => FILES.tf("files.deleted-in", &[("folder", &folder)]),
        };
        let when = deleted
            .deleted_at
            .map(locale::date_time)
            .unwrap_or_default();
        let facts = FILES.tf(
            "files.deleted-facts",
            &[
                ("place", &place),
                ("date", &when),
                ("size", &format::human_size(deleted.version.size)),
            ],
        );
        let restorable = page.writable.then(|| {
            let deleted = deleted.clone();
            let label = FILES.tf("files.deleted-restore-label", &[("name", &name)]);
            view! {
                <button class="secondary small" data-testid="deleted-restore" aria-label=label
                    disabled=move || restore.pending() on:click=move |_| restore.dispatch(deleted.clone())>
                    {FILES.t("files.version-restore")}
                </button>
            }
        });
        view! {
            <li data-testid="deleted">
                <span class="entry-name" data-testid="deleted-name">{name}</span>
                <span class="hit-place">{facts}</span>
                {restorable}
            </li>
        }
    };
    let status = move || match (done.get(), found.with(Vec::is_empty), too_many.get()) {
        (false, _, _) => FILES.t("files.deleted-listing"),
        (true, true, _) => FILES.t("files.deleted-none"),
        (true, false, true) => FILES.t("files.deleted-too-many"),
        (true, false, false) => String::new(),
    };
    view! {
        <Dialog title=FILES.t("files.recently-deleted") testid="recently-deleted-dialog" on_close>
            <p class="hint">{FILES.t("files.deleted-hint")}</p>
            <ul class="hits" data-testid="deleted-list">
                {move || found.get().into_iter().map(&row).collect_view()}
            </ul>
            <p class="hint" role="status" data-testid="deleted-status" aria-busy=move || (!done.get()).to_string()>{status}</p>
            <ErrorMessage message=problem />
        </Dialog>
    }
}
