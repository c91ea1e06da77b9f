//! Sharing one file: a presigned link, for a chosen time.

use crate::i18n::FILES;
use crate::platform::files as browser_files;
use crate::services::files::{self, ShareLink};
use crate::services::locale;
use crate::share;
use crate::ui::components::dialog::Dialog;
use crate::ui::context::use_config;
use crate::ui::credentials::use_live_session;
use crate::ui::icon::icon;
use crate::ui::task::Task;
use leptos::prelude::*;

/// A presigned link to one file, for a chosen time (never longer than the credentials last).
#[component]
pub fn ShareDialog(key: String, name: String, on_close: Callback<()>) -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    let chosen = RwSignal::new(share::CHOICES[1].1);
    let link = RwSignal::new(None::<Result<ShareLink, String>>);
    let copied = RwSignal::new(None::<String>);
    let make = Task::new(move |chosen_secs: u64| {
        let (config, live, key) = (config.clone(), live.clone(), key.clone());
        async move {
            let made = files::share_link(&config, &live, &key, chosen_secs).await;
            copied.set(None);
            link.set(Some(made.map_err(|e| e.to_string())));
        }
    });
    make.dispatch(chosen.get_untracked());
    let copy = Task::new(move |url: String| async move {
        let result = browser_files::copy_to_clipboard(&url).await;
        copied.set(Some(
            result
                .map(|_| FILES.t("files.copied"))
                .unwrap_or_else(|e| e),
        ));
    });
    let on_choice = move |ev: leptos::ev::Event| {
        let secs = event_target_value(&ev)
            .parse()
            .unwrap_or(share::CHOICES[0].1);
        chosen.set(secs);
        make.dispatch(secs);
    };
    view! {
        <Dialog title=FILES.tf("files.share-title", &[("name", &name)]) testid="share-dialog" on_close>
            <div class="share" data-testid="share-panel">
                <label for="share-lifetime">{FILES.t("files.share-lifetime")}</label>
                <select id="share-lifetime" data-testid="share-lifetime" on:change=on_choice>
                    {share::CHOICES.iter().map(|(label, secs)| view! {
                        <option value=secs.to_string() selected=*secs == chosen.get_untracked()>{FILES.t(label)}</option>
                    }).collect_view()}
                </select>
                {move || link.get().map(|made| match made {
                    Ok(ShareLink { url, until, shortened }) => {
                        let until = locale::date_time(until);
                        view! {
                            <label for="share-url">{FILES.t("files.share-link")}</label>
                            <div class="row">
                                <input id="share-url" readonly class="share-url" data-testid="share-url" value=url.clone() />
                                <button class="secondary" data-testid="copy-link" on:click=move |_| copy.dispatch(url.clone())>
                                    {icon("copy")} {FILES.t("files.copy")}
                                </button>
                            </div>
                            <p class="hint" data-testid="share-expiry">
                                {FILES.tf("files.share-until", &[("until", &until)])}
                                {shortened.then(|| view! { " " {FILES.t("files.share-shortened")} })}
                            </p>
                        }.into_any()
                    }
                    Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
                })}
                <p class="hint" role="status" data-testid="copied">{move || copied.get()}</p>
            </div>
        </Dialog>
    }
}
