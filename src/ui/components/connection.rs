use crate::i18n::APP;
use crate::services::connectivity;
use leptos::prelude::*;

/// "You seem to be offline; retrying…" while requests the network failed are sent again, gone
/// at the next answer. Always in the page (empty when all is well), so that screen readers
/// announce the change.
#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let retrying = RwSignal::new(false);
    connectivity::on_change(move |now| retrying.set(now));
    view! {
        <p class="connection" role="status" data-testid="connection-status">
            {move || retrying.get().then(|| APP.t("app.retrying"))}
        </p>
    }
}
