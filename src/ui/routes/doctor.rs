//! `/doctor`: checks the deployment live, from this browser, as the signed-in user, and shows a
//! green or red line per check with the fix for each failure. The report copies as text.

use crate::doctor::{self, Check, Finding, Status};
use crate::format;
use crate::i18n::DOCTOR;
use crate::platform::{clock, location};
use crate::services::doctor as checks;
use crate::ui::clipboard::copy_task;
use crate::ui::context::use_config;
use crate::ui::credentials::use_live_session;
use crate::ui::lazy::lazy_page;
use crate::ui::task::Task;
use leptos::prelude::*;

lazy_page!(doctor_page, load_doctor_page, DoctorPage);

#[component]
fn DoctorPage() -> impl IntoView {
    let (config, live) = (use_config(), use_live_session());
    let findings = RwSignal::new(Vec::<Finding>::new());
    let run = Task::new(move |_: ()| {
        let (config, live) = (config.clone(), live.clone());
        async move {
            findings.set(Vec::new());
            let report = |finding| {
                findings.try_update(|all: &mut Vec<Finding>| all.push(finding));
            };
            checks::run(&config, &live, &location::origin(), report).await;
        }
    });
    run.dispatch(());
    let finding =
        move |check: Check| findings.with(|all| all.iter().find(|f| f.check == check).cloned());
    view! {
        <section class="card doctor">
            <h1>{DOCTOR.t("doctor.heading")}</h1>
            <p>{DOCTOR.t("doctor.intro")}</p>
            <p class="summary" data-testid="doctor-summary" role="status">
                {move || if run.pending() { DOCTOR.t("doctor.checking") } else { findings.with(|all| doctor::summary(all)) }}
            </p>
            <ol class="checks">
                {Check::ALL.into_iter().map(|check| view! { <CheckLine check finding=Signal::derive(move || finding(check)) /> }).collect_view()}
            </ol>
            <div class="actions">
                <button data-testid="doctor-run" on:click=move |_| run.dispatch(()) disabled=move || run.pending()>{DOCTOR.t("doctor.run-again")}</button>
            </div>
            <Report findings running=run.pending_signal() />
        </section>
    }
}

#[component]
fn CheckLine(check: Check, finding: Signal<Option<Finding>>) -> impl IntoView {
    let status = move || finding.with(|f| f.as_ref().map(|f| f.status));
    view! {
        <li class="check" data-testid=format!("check-{}", check.id())
            data-status=move || status().map_or("running", Status::word)>
            <span class="mark" aria-hidden="true">{move || status().map_or("…", Status::symbol)}</span>
            <span class="visually-hidden">{move || status_text(status())}</span>
            <div>
                <strong>{check.title()}</strong>
                {move || finding.get().map(|f| view! {
                    <p class="detail">{f.detail}</p>
                    {f.fix.map(|fix| view! { <pre class="fix" data-testid="fix" tabindex="0">{fix}</pre> })}
                })}
            </div>
        </li>
    }
}

/// The mark's meaning, for screen readers (the mark itself is a symbol).
fn status_text(status: Option<Status>) -> String {
    DOCTOR.t(match status {
        None => "doctor.status-running",
        Some(Status::Pass) => "doctor.status-pass",
        Some(Status::Warn) => "doctor.status-warning",
        Some(Status::Fail) => "doctor.status-fail",
        Some(Status::Skipped) => "doctor.status-skipped",
    })
}

/// The findings as text, to copy into an issue or a chat.
#[component]
fn Report(findings: RwSignal<Vec<Finding>>, running: Signal<bool>) -> impl IntoView {
    let text = Memo::new(move |_| {
        // UTC: the report is pasted where readers are in other time zones.
        let title = DOCTOR.tf(
            "doctor.report-title",
            &[
                ("origin", &location::origin()),
                ("time", &format::utc_date_time(clock::now_unix())),
            ],
        );
        findings.with(|all| doctor::report_text(&title, all))
    });
    let said = RwSignal::new(None::<String>);
    let copy = copy_task(move || text.get_untracked(), said);
    view! {
        <details class="report">
            <summary>{DOCTOR.t("doctor.report-heading")}</summary>
            <pre data-testid="doctor-report" tabindex="0">{move || text.get()}</pre>
        </details>
        <button class="secondary" data-testid="doctor-copy" disabled=move || running.get()
            on:click=move |_| copy.dispatch(())>{DOCTOR.t("doctor.copy-report")}</button>
        {move || said.get().map(|text| view! { <span class="hint">{text}</span> })}
    }
}
