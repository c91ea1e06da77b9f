//! Sharing one file: a presigned link, for a chosen time.

use crate::format;
use crate::platform::files as browser_files;
use crate::services::files::{self, ShareLink};
use crate::share;
use crate::ui::app::use_config;
use crate::ui::credentials::use_live_session;
use crate::ui::task::Task;
use leptos::prelude::*;

/// A presigned link to one file, for a chosen time (never longer than the credentials last).
#[component]
pub fn SharePanel(key: String) -> impl IntoView {
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
            result.map(|_| "Copied.".to_string()).unwrap_or_else(|e| e),
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
        <div class="share" data-testid="share-panel">
            <label>"Link works for "
                <select data-testid="share-lifetime" on:change=on_choice>
                    {share::CHOICES.iter().map(|(label, secs)| view! {
                        <option value=secs.to_string() selected=*secs == chosen.get_untracked()>{*label}</option>
                    }).collect_view()}
                </select>
            </label>
            {move || link.get().map(|made| match made {
                Ok(ShareLink { url, until, shortened }) => {
                    view! {
                        <input readonly class="share-url" data-testid="share-url" value=url.clone() />
                        <button class="secondary" data-testid="copy-link" on:click=move |_| copy.dispatch(url.clone())>"Copy"</button>
                        <p class="hint" data-testid="share-expiry">
                            "Anyone with this link can download the file until " {format::utc_date_time(until)} "."
                            {shortened.then_some(" That is sooner than you chose: a link stops working when your current AWS credentials expire.")}
                        </p>
                    }.into_any()
                }
                Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
            })}
            {move || copied.get().map(|text| view! { <span class="hint" data-testid="copied">{text}</span> })}
        </div>
    }
}
