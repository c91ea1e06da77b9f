//! Runs the doctor's checks live, in dependency order, handing each answer to `doctor` to judge.
//! It works beside the session rather than through it: a fresh ID token, its own STS exchange
//! and its own credentials, sent once each, so what it reports is what AWS says now.

use crate::auth::firebase;
use crate::aws::clock_skew::offset_from;
use crate::aws::s3;
use crate::aws::sign::Service;
use crate::aws::sts;
use crate::aws::versions;
use crate::aws::AwsCredentials;
use crate::config::AppConfig;
use crate::doctor::{self, Check, Deployment, Finding, S3Attempt, SignUpProbe};
use crate::error::AppError;
use crate::http::HttpRequest;
use crate::i18n::DOCTOR;
use crate::platform::{clock, http, location};
use crate::secret::Secret;
use crate::services::credentials::{self, LiveSession};
use crate::services::{auth, signed};
use crate::session::Event;
use crate::setup;

/// Runs every check for the signed-in user, calling `report` with each finding as it is known.
pub async fn run(config: &AppConfig, live: &LiveSession, origin: &str, report: impl Fn(Finding)) {
    let Some(mut user) = live.get().user().cloned() else {
        return;
    };
    let deployment = Deployment::new(config, origin, &user.uid, user.membership());
    report(doctor::configuration(
        config,
        &deployment,
        user.claims().as_ref(),
    ));
    let served = http::own_headers(&format!("{origin}{}", location::base_path())).await;
    report(doctor::security_headers(
        &served.unwrap_or_default(),
        &setup::security_headers(config),
    ));

    let renewal = auth::refresh(config, &user).await;
    if let Ok(fresh) = &renewal {
        live.step(Event::TokenRefreshed(fresh.clone()));
        user = fresh.clone();
    }
    report(doctor::api_key(&renewal.map(|_| ())));

    report(doctor::lock(
        &sign_up_probe(config, &deployment).await,
        &deployment,
    ));

    let exchange = credentials::assume_role_once(config, &user).await;
    report(doctor::exchange(&exchange, &deployment));
    let Ok(role) = exchange else {
        for check in Check::ALL.into_iter().filter(|c| c.needs_credentials()) {
            report(Finding::skipped(
                check,
                DOCTOR.t("doctor.needs-credentials"),
            ));
        }
        return;
    };
    let aws = Aws {
        config,
        credentials: role.credentials,
    };
    aws.check(&deployment, &report).await;
}

/// Signs up a new account with a random address (what anyone holding the public API key can
/// do), asks STS for its credentials, tries them, and deletes the account again.
async fn sign_up_probe(config: &AppConfig, deployment: &Deployment) -> SignUpProbe {
    let nonce = (clock::jitter() * 1e15) as u64;
    let password = Secret::new(format!("doctor-{nonce:x}-probe"));
    let request =
        firebase::sign_up_request(&config.firebase, &deployment.probe_email(nonce), &password);
    let created = match http::send(request).await {
        Ok(response) => firebase::parse_sign_in(&response, clock::now_unix()),
        Err(error) => return SignUpProbe::Failed(error.into()),
    };
    let user = match created {
        Ok(user) => user,
        Err(refused) => return SignUpProbe::Refused(refused),
    };
    let probe = match credentials::assume_role_once(config, &user).await {
        Err(AppError::Sts(refused)) => SignUpProbe::ExchangeRefused(refused),
        Err(other) => SignUpProbe::Failed(other),
        Ok(role) => {
            let aws = Aws {
                config,
                credentials: role.credentials,
            };
            let own = s3::user_prefix(&user.uid);
            let list = aws
                .attempt(s3::list_objects_request(&config.aws, &own, true, None))
                .await;
            let body = b"Written by the Firebridge doctor's test account.".to_vec();
            let probe_key = format!("{own}probe.txt");
            let write = aws
                .attempt(s3::put_object_request(
                    &config.aws,
                    &probe_key,
                    "text/plain",
                    body,
                ))
                .await;
            if matches!(&write, S3Attempt::Answered(answer) if answer.is_success()) {
                let _ = aws
                    .attempt(s3::delete_object_request(&config.aws, &probe_key))
                    .await;
            }
            SignUpProbe::Credentials { list, write }
        }
    };
    let delete = firebase::delete_account_request(&config.firebase, &user.id_token);
    let _ = http::send(delete).await;
    probe
}

/// The checks made with the doctor's own credentials.
struct Aws<'a> {
    config: &'a AppConfig,
    credentials: AwsCredentials,
}

impl Aws<'_> {
    /// Everything after the exchange: S3 first (its Date teaches the clock), then STS again.
    async fn check(&self, deployment: &Deployment, report: &impl Fn(Finding)) {
        let aws = &self.config.aws;
        let listing = self
            .attempt(s3::list_objects_request(
                aws,
                &deployment.own_prefix(),
                true,
                None,
            ))
            .await;
        let offset = match &listing {
            S3Attempt::Answered(answer) => offset_from(answer, clock::now_unix()),
            _ => None,
        };
        report(doctor::cors(&listing, deployment));
        report(doctor::list_own(&listing, deployment));

        let identity = self.caller_identity().await;
        report(doctor::caller_identity(&identity, deployment));

        let probe = deployment.probe_key();
        let body = b"Written by the Firebridge doctor, and deleted at once.".to_vec();
        let put = self
            .attempt(s3::put_object_request(aws, &probe, "text/plain", body))
            .await;
        let delete = match &put {
            S3Attempt::Answered(answer) if answer.is_success() => {
                Some(self.attempt(s3::delete_object_request(aws, &probe)).await)
            }
            _ => None,
        };
        report(doctor::write_and_delete(&put, delete.as_ref(), deployment));
        let versioning = self.attempt(versions::versioning_request(aws)).await;
        report(doctor::versioning(&versioning, deployment));
        report(doctor::exposed_headers(&listing, &put, deployment));

        let foreign = deployment.foreign_prefix();
        let parent = self
            .attempt(s3::list_objects_request(aws, "users/", true, None))
            .await;
        let foreign_list = self
            .attempt(s3::list_objects_request(aws, &foreign, true, None))
            .await;
        let foreign_head = self
            .attempt(s3::head_object_request(aws, &format!("{foreign}probe.txt")))
            .await;
        report(doctor::isolation(
            &parent,
            &foreign_list,
            &foreign_head,
            deployment,
        ));
        let team = match &deployment.membership.team {
            Some(team) => {
                let mine = crate::auth::membership::team_prefix(team);
                let own = self
                    .attempt(s3::list_objects_request(aws, &mine, true, None))
                    .await;
                let other = deployment.foreign_team_prefix();
                let theirs = self
                    .attempt(s3::list_objects_request(aws, &other, true, None))
                    .await;
                Some((own, theirs))
            }
            None => None,
        };
        report(doctor::team(team.as_ref().map(|(a, b)| (a, b)), deployment));
        report(doctor::clock(offset));
    }

    async fn caller_identity(&self) -> Result<sts::CallerIdentity, AppError> {
        let request = sts::get_caller_identity_request(&self.config.aws);
        let response =
            signed::send_with(self.config, Service::Sts, &self.credentials, request).await?;
        Ok(sts::parse_caller_identity(&response)?)
    }

    /// A signed S3 request; when it gets no readable answer, whether S3 is there at all tells
    /// a CORS refusal from a network failure.
    async fn attempt(&self, request: HttpRequest) -> S3Attempt {
        let url = request.url.clone();
        match signed::send_with(self.config, Service::S3, &self.credentials, request).await {
            Ok(answer) => S3Attempt::Answered(answer),
            Err(_) if http::reachable(&url).await => S3Attempt::Blocked,
            Err(_) => S3Attempt::Unreachable,
        }
    }
}
