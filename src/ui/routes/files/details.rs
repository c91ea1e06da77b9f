//! A file's details: what S3 says about it (size, type, date, ETag, the checksum S3 checked,
//! storage class, version, user metadata, tags), from one HEAD and one GetObjectTagging; where
//! the user may write, its type and its tags can be changed here.

use super::FilesPage;
use crate::aws::copy::MAX_SINGLE_COPY;
use crate::aws::details::{self, Checksum, ObjectDetails};
use crate::aws::tagging::{self, Tag, TagProblem};
use crate::error::AppError;
use crate::format;
use crate::i18n::FILES;
use crate::services::{files, locale};
use crate::ui::components::dialog::Dialog;
use crate::ui::components::error_message::ErrorMessage;
use crate::ui::task::Task;
use leptos::html;
use leptos::prelude::*;

/// Offered while a type is typed; any other `type/subtype` is taken too.
const COMMON_TYPES: [&str; 14] = [
    "text/plain",
    "text/markdown",
    "text/csv",
    "text/html",
    "application/json",
    "application/pdf",
    "application/zip",
    "application/octet-stream",
    "image/png",
    "image/jpeg",
    "image/svg+xml",
    "image/webp",
    "video/mp4",
    "audio/mpeg",
];

type Found<T> = RwSignal<Option<Result<T, String>>>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Editing {
    Nothing,
    Type,
    Tags,
}

/// What the dialog shows and changes, shared by its parts.
#[derive(Clone, Copy)]
struct Panel {
    page: FilesPage,
    key: StoredValue<String>,
    found: Found<ObjectDetails>,
    tags: Found<Vec<Tag>>,
    editing: RwSignal<Editing>,
    /// What the last change did, announced (role=status).
    done: RwSignal<Option<String>>,
    /// Why the last change was not made, where the editor is gone (role=alert).
    alert: RwSignal<Option<String>>,
}

impl Panel {
    /// Also called after an `.await` (a change refused): nothing then if the panel is gone.
    fn load(self) {
        let (Some((config, live)), Some(key)) = (self.page.try_aws(), self.key.try_get_value())
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            let (details, tags) = futures_util::future::join(
                files::details(&config, &live, &key),
                files::tags(&config, &live, &key),
            )
            .await;
            self.found.try_set(Some(details.map_err(|e| e.to_string())));
            self.tags.try_set(Some(tags.map_err(|e| e.to_string())));
        });
    }

    fn edit(self, what: Editing) {
        self.done.set(None);
        self.alert.set(None);
        self.editing.set(what);
    }

    fn finish(self, message: &str) {
        self.editing.set(Editing::Nothing);
        self.done.set(Some(FILES.t(message)));
    }
}

#[component]
pub fn DetailsDialog(
    page: FilesPage,
    key: String,
    name: String,
    on_close: Callback<()>,
) -> impl IntoView {
    let panel = Panel {
        page,
        key: StoredValue::new(key),
        found: RwSignal::new(None),
        tags: RwSignal::new(None),
        editing: RwSignal::new(Editing::Nothing),
        done: RwSignal::new(None),
        alert: RwSignal::new(None),
    };
    panel.load();
    let body = move || match panel.found.get() {
        None => view! { <p class="hint" aria-busy="true">{FILES.t("files.details-loading")}</p> }
            .into_any(),
        Some(Ok(details)) => details_view(panel, details).into_any(),
        Some(Err(message)) => {
            view! { <p class="error" role="alert" data-testid="details-error">{message}</p> }
                .into_any()
        }
    };
    view! {
        <Dialog title=FILES.tf("files.details-title", &[("name", &name)]) testid="details-dialog" on_close>
            {body}
            <ErrorMessage message=panel.alert />
            <p role="status" class="hint" data-testid="details-status">{move || panel.done.get()}</p>
        </Dialog>
    }
}

fn details_view(panel: Panel, details: ObjectDetails) -> impl IntoView {
    let retypable = details.size <= MAX_SINGLE_COPY;
    let writable = panel.page.writable;
    let edit = move |what: Editing| move |_| panel.edit(what);
    let type_button = (writable && retypable).then(|| {
        view! {
            <button type="button" class="secondary small" data-testid="details-change-type"
                on:click=edit(Editing::Type)>{FILES.t("files.details-change-type")}</button>
        }
    });
    // Only once the tags are read: an editor must start from the tags the file has.
    let tags_button = move || {
        let readable = panel.tags.with(|t| matches!(t, Some(Ok(_))));
        (writable && readable).then(|| {
            view! {
                <button type="button" class="secondary small" data-testid="details-edit-tags"
                    on:click=edit(Editing::Tags)>{FILES.t("files.details-edit-tags")}</button>
            }
        })
    };
    let editor = {
        let details = details.clone();
        move || match panel.editing.get() {
            Editing::Nothing => ().into_any(),
            Editing::Type => type_editor(panel, details.clone()).into_any(),
            Editing::Tags => match panel.tags.get() {
                Some(Ok(tags)) => tags_editor(panel, tags).into_any(),
                _ => ().into_any(),
            },
        }
    };
    view! {
        {details_list(details, type_button, tags_button, panel.tags)}
        {editor}
    }
}

fn details_list(
    details: ObjectDetails,
    type_button: Option<impl IntoView + 'static>,
    tags_button: impl IntoView + 'static,
    tags: Found<Vec<Tag>>,
) -> impl IntoView {
    // The exact count too, where the short form rounds.
    let size = match details.size < 1024 {
        true => format::human_size(details.size),
        false => format!(
            "{} ({} B)",
            format::human_size(details.size),
            crate::i18n::number(details.size)
        ),
    };
    let modified = details.last_modified.map(locale::date_time);
    let version = details
        .version_id
        .unwrap_or_else(|| FILES.t("files.details-version-none"));
    let metadata = match details.metadata.is_empty() {
        true => FILES.t("files.details-metadata-none"),
        false => pairs(
            details
                .metadata
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str())),
        ),
    };
    let rows = [
        ("files.details-size", "size", size),
        (
            "files.details-modified",
            "modified",
            modified.unwrap_or_default(),
        ),
        ("files.details-etag", "etag", details.etag),
        (
            "files.details-checksum",
            "checksum",
            checksum_text(details.checksum),
        ),
        (
            "files.details-storage-class",
            "storage-class",
            details.storage_class,
        ),
        ("files.details-version", "version", version),
        ("files.details-metadata", "metadata", metadata),
    ];
    let tags_text = move || match tags.get() {
        None => FILES.t("files.details-loading"),
        Some(Ok(tags)) if tags.is_empty() => FILES.t("files.details-metadata-none"),
        Some(Ok(tags)) => pairs(tags.iter().map(|t| (t.key.as_str(), t.value.as_str()))),
        Some(Err(message)) => message,
    };
    view! {
        <dl class="details" data-testid="details">
            <dt>{FILES.t("files.details-type")}</dt>
            <dd><span data-testid="details-type">{details.content_type}</span> {type_button}</dd>
            {rows.into_iter().map(|(label, id, value)| view! {
                <dt>{FILES.t(label)}</dt>
                <dd data-testid=format!("details-{id}")>{value}</dd>
            }).collect_view()}
            <dt>{FILES.t("files.details-tags")}</dt>
            <dd><span data-testid="details-tags">{tags_text}</span> {tags_button}</dd>
        </dl>
    }
}

/// "author: Ann, reviewed" (a name alone where the value is empty).
fn pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .map(|(name, value)| match value {
            "" => name.to_string(),
            _ => format!("{name}: {value}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Focuses the element once it is in the page (an editor opened with a click).
fn focus_when_shown<E>(node: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: wasm_bindgen::JsCast + AsRef<web_sys::HtmlElement> + Clone + 'static,
{
    node.on_load(|element| {
        let element: &web_sys::HtmlElement = element.as_ref();
        let _ = element.focus();
    });
}

fn type_editor(panel: Panel, details: ObjectDetails) -> impl IntoView {
    let typed = RwSignal::new(details.content_type.clone());
    let problem = RwSignal::new(None::<String>);
    let input = NodeRef::<html::Input>::new();
    focus_when_shown(input);
    let details = StoredValue::new(details);
    let save = Task::new(move |content_type: String| {
        let (config, live) = panel.page.aws();
        let key = panel.key.get_value();
        let before = details.get_value();
        async move {
            match files::retype(&config, &live, &key, &before, &content_type).await {
                Ok(now) => {
                    panel.found.try_set(Some(Ok(now)));
                    panel.finish("files.details-type-changed");
                }
                Err(AppError::ChangedMeanwhile) => {
                    // The editor goes (the details are drawn again as they are now): the
                    // reason stays beside them.
                    panel.editing.try_set(Editing::Nothing);
                    panel
                        .alert
                        .try_set(Some(AppError::ChangedMeanwhile.to_string()));
                    panel.load();
                }
                Err(error) => {
                    problem.try_set(Some(error.to_string()));
                }
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = typed.get_untracked().trim().to_string();
        if !details::is_media_type(&wanted) {
            problem.set(Some(FILES.t("files.details-type-invalid")));
        } else if wanted == details.with_value(|d| d.content_type.clone()) {
            panel.editing.set(Editing::Nothing);
        } else {
            problem.set(None);
            save.dispatch(wanted);
        }
    };
    view! {
        <form class="details-editor" data-testid="type-editor" on:submit=submit>
            <label for="details-type-input">{FILES.t("files.details-type-label")}</label>
            <input id="details-type-input" data-testid="details-type-input" list="common-types"
                autocomplete="off" spellcheck="false" node_ref=input bind:value=typed />
            <datalist id="common-types">
                {COMMON_TYPES.map(|t| view! { <option value=t></option> }).collect_view()}
            </datalist>
            <p class="hint">{FILES.t("files.details-type-hint")}</p>
            <ErrorMessage message=problem />
            <EditorActions panel pending=save.pending_signal() testid="type-save" />
        </form>
    }
}

#[component]
fn EditorActions(panel: Panel, pending: Signal<bool>, testid: &'static str) -> impl IntoView {
    view! {
        <div class="actions">
            <button type="button" class="secondary" on:click=move |_| panel.editing.set(Editing::Nothing)>
                {FILES.t("files.cancel")}
            </button>
            <button type="submit" data-testid=testid disabled=pending>
                {move || FILES.t(if pending.get() { "files.details-saving" } else { "files.details-save" })}
            </button>
        </div>
    }
}

/// One row of the tags editor: an id that stays with it (rows are removed from the middle).
type TagRow = (usize, RwSignal<String>, RwSignal<String>);

fn tags_editor(panel: Panel, tags: Vec<Tag>) -> impl IntoView {
    // Rows from this id on were added here: each takes the focus as it appears.
    let first_added = tags.len();
    let next_id = StoredValue::new(first_added);
    let row = |id: usize, tag: Tag| (id, RwSignal::new(tag.key), RwSignal::new(tag.value));
    let rows = RwSignal::new(
        tags.into_iter()
            .enumerate()
            .map(|(id, tag)| row(id, tag))
            .collect::<Vec<TagRow>>(),
    );
    let problem = RwSignal::new(None::<String>);
    let add_button = NodeRef::<html::Button>::new();
    focus_when_shown(add_button);
    let add = move |_| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        let empty = Tag {
            key: String::new(),
            value: String::new(),
        };
        rows.update(|rows| rows.push(row(id, empty)));
    };
    let save = Task::new(move |tags: Vec<Tag>| {
        let (config, live) = panel.page.aws();
        let key = panel.key.get_value();
        async move {
            match files::set_tags(&config, &live, &key, &tags).await {
                Ok(()) => {
                    panel.finish("files.details-tags-saved");
                    panel.tags.try_set(Some(Ok(tags)));
                }
                Err(error) => {
                    problem.try_set(Some(error.to_string()));
                }
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let tags: Vec<Tag> = rows.with_untracked(|rows| {
            rows.iter()
                .map(|(_, key, value)| Tag {
                    key: key.get_untracked().trim().to_string(),
                    value: value.get_untracked().trim().to_string(),
                })
                .collect()
        });
        match tagging::check_tags(&tags) {
            Ok(()) => {
                problem.set(None);
                save.dispatch(tags);
            }
            Err(reason) => problem.set(Some(tag_problem_text(reason))),
        }
    };
    let full = move || rows.with(|rows| rows.len() >= tagging::MAX_TAGS);
    view! {
        <form class="details-editor" data-testid="tags-editor" on:submit=submit>
            <fieldset>
                <legend>{FILES.t("files.details-tags")}</legend>
                <For each=move || rows.get() key=|row| row.0 let(row)>
                    <TagInputs fresh={row.0 >= first_added} row rows />
                </For>
            </fieldset>
            <button type="button" class="secondary small" data-testid="tags-add" node_ref=add_button
                disabled=full on:click=add>{FILES.t("files.details-tags-add")}</button>
            <p class="hint">{FILES.t("files.details-tags-hint")}</p>
            <ErrorMessage message=problem />
            <EditorActions panel pending=save.pending_signal() testid="tags-save" />
        </form>
    }
}

#[component]
fn TagInputs(row: TagRow, rows: RwSignal<Vec<TagRow>>, fresh: bool) -> impl IntoView {
    let (id, key, value) = row;
    let key_input = NodeRef::<html::Input>::new();
    if fresh {
        focus_when_shown(key_input);
    }
    let number = move || {
        let position = rows.with(|rows| rows.iter().position(|r| r.0 == id).unwrap_or(0));
        (position + 1).to_string()
    };
    let label = move |message: &str| FILES.tf(message, &[("n", &number())]);
    let remove = move |_| rows.update(|rows| rows.retain(|r| r.0 != id));
    view! {
        <div class="tag-row" data-testid="tag-row">
            <input data-testid="tag-key" autocomplete="off" node_ref=key_input aria-label=move || label("files.details-tag-key")
                placeholder=FILES.t("files.details-tag-key-placeholder") bind:value=key />
            <input data-testid="tag-value" autocomplete="off" aria-label=move || label("files.details-tag-value")
                placeholder=FILES.t("files.details-tag-value-placeholder") bind:value=value />
            <button type="button" class="secondary small" data-testid="tag-remove"
                aria-label=move || label("files.details-tag-remove") on:click=remove>
                {FILES.t("files.details-tag-remove-short")}
            </button>
        </div>
    }
}

/// The rule a set of tags breaks, naming the tag (counted from 1) where it is one tag's fault.
fn tag_problem_text(problem: TagProblem) -> String {
    let of_tag = |message: &str, i: usize| FILES.tf(message, &[("n", &(i + 1).to_string())]);
    match problem {
        TagProblem::TooMany => FILES.t("files.tag-too-many"),
        TagProblem::EmptyKey(i) => of_tag("files.tag-empty-key", i),
        TagProblem::KeyTooLong(i) => of_tag("files.tag-key-too-long", i),
        TagProblem::ValueTooLong(i) => of_tag("files.tag-value-too-long", i),
        TagProblem::ReservedKey(i) => of_tag("files.tag-reserved", i),
        TagProblem::Repeated(i) => of_tag("files.tag-repeated", i),
        TagProblem::Character(i, c) => FILES.tf(
            "files.tag-character",
            &[("n", &(i + 1).to_string()), ("character", &c.to_string())],
        ),
    }
}

/// "CRC32C of the whole file: …", or of its parts' checksums for a multipart upload's.
fn checksum_text(checksum: Option<Checksum>) -> String {
    let Some(Checksum {
        algorithm, value, ..
    }) = checksum
    else {
        return FILES.t("files.details-checksum-none");
    };
    let parts = value.rsplit_once('-').map(|(_, parts)| parts.to_string());
    let values = [("algorithm", algorithm.as_str()), ("value", value.as_str())];
    match parts {
        Some(parts) => FILES.tf(
            "files.details-checksum-parts",
            &[values[0], values[1], ("parts", &parts)],
        ),
        None => FILES.tf("files.details-checksum-whole", &values),
    }
}
