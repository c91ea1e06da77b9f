//! The S3 checks: CORS, the headers the page must read, the user's own folder, isolation from
//! everyone else's, and the device clock against S3's.

use super::{Check, Deployment, Finding};
use crate::aws::error::AwsError;
use crate::aws::multipart::SINGLE_PUT_MAX;
use crate::format;
use crate::http::HttpResponse;
use crate::i18n::{self, DOCTOR};
use crate::setup::cors::{ALLOWED_HEADERS, ALLOWED_METHODS};

/// What one request to S3 came to, as far as the page can tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum S3Attempt {
    /// S3 answered (any status) and the browser let the page read the answer.
    Answered(HttpResponse),
    /// No answer the page may read, though S3 is reachable: the browser blocked it (CORS).
    Blocked,
    /// S3 could not be reached at all.
    Unreachable,
}

impl S3Attempt {
    fn answer(&self) -> Option<&HttpResponse> {
        match self {
            S3Attempt::Answered(response) => Some(response),
            _ => None,
        }
    }

    fn refused(&self) -> bool {
        self.answer().is_some_and(|r| r.status == 403)
    }

    fn code(&self) -> String {
        self.answer()
            .map(|r| AwsError::from_response(r).code)
            .unwrap_or_default()
    }
}

/// Why a check that needs S3's answer did not run.
fn needs_cors() -> String {
    DOCTOR.t("doctor.needs-cors")
}

/// The signed listing of the user's folder: a request with a CORS preflight.
pub fn cors(listing: &S3Attempt, deployment: &Deployment) -> Finding {
    let check = Check::Cors;
    match listing {
        S3Attempt::Answered(_) => Finding::pass(
            check,
            DOCTOR.tf("doctor.cors-pass", &[("origin", &deployment.origin)]),
        ),
        S3Attempt::Blocked => Finding::fail(
            check,
            DOCTOR.tf("doctor.cors-blocked", &[("origin", &deployment.origin)]),
            DOCTOR.tf(
                "doctor.cors-blocked-fix",
                &[
                    ("origin", &deployment.origin),
                    ("methods", &ALLOWED_METHODS.join(", ")),
                    ("headers", &ALLOWED_HEADERS.join(", ")),
                    ("command", &deployment.put_bucket_cors()),
                ],
            ),
        ),
        S3Attempt::Unreachable => Finding::fail(
            check,
            DOCTOR.t("doctor.s3-unreachable"),
            DOCTOR.t("doctor.s3-unreachable-fix"),
        ),
    }
}

/// Listing `users/<uid>/`: the permissions policy's ListBucket with its `s3:prefix` condition.
pub fn list_own(listing: &S3Attempt, deployment: &Deployment) -> Finding {
    let check = Check::ListOwnFolder;
    let Some(answer) = listing.answer() else {
        return Finding::skipped(check, needs_cors());
    };
    let folder = deployment.own_prefix();
    match AwsError::from_response(answer).code.as_str() {
        _ if answer.is_success() => {
            Finding::pass(check, DOCTOR.tf("doctor.list-pass", &[("folder", &folder)]))
        }
        "AccessDenied" => Finding::fail(
            check,
            DOCTOR.tf("doctor.list-denied", &[("folder", &folder)]),
            deployment.with_permissions_policy(DOCTOR.tf(
                "doctor.list-denied-fix",
                &[
                    ("bucket", &deployment.bucket),
                    ("uid_variable", &deployment.uid_variable()),
                ],
            )),
        ),
        "NoSuchBucket" => {
            let command = format!("aws s3api create-bucket --bucket {}", deployment.bucket);
            Finding::fail(
                check,
                DOCTOR.tf("doctor.list-no-bucket", &[("bucket", &deployment.bucket)]),
                DOCTOR.tf("doctor.list-no-bucket-fix", &[("command", &command)]),
            )
        }
        code => Finding::fail(
            check,
            DOCTOR.tf("doctor.list-other", &[("folder", &folder), ("code", code)]),
            DOCTOR.t("doctor.list-other-fix"),
        ),
    }
}

/// PUT then DELETE of a probe object in the user's folder.
pub fn write_and_delete(
    put: &S3Attempt,
    delete: Option<&S3Attempt>,
    deployment: &Deployment,
) -> Finding {
    let check = Check::WriteAndDelete;
    let key = deployment.probe_key();
    let Some(written) = put.answer() else {
        return Finding::skipped(check, needs_cors());
    };
    let action = |name: &str| {
        deployment.with_permissions_policy(DOCTOR.tf(
            "doctor.write-action-fix",
            &[
                ("action", name),
                ("bucket", &deployment.bucket),
                ("uid_variable", &deployment.uid_variable()),
            ],
        ))
    };
    if !written.is_success() && deployment.membership.read_only && put.refused() {
        return Finding::pass(check, DOCTOR.tf("doctor.write-read-only", &[("key", &key)]));
    }
    if !written.is_success() {
        return Finding::fail(
            check,
            DOCTOR.tf(
                "doctor.write-refused",
                &[("key", &key), ("code", &put.code())],
            ),
            action("s3:PutObject"),
        );
    }
    match delete.and_then(S3Attempt::answer) {
        Some(deleted) if deleted.is_success() => {
            Finding::pass(check, DOCTOR.tf("doctor.write-pass", &[("key", &key)]))
        }
        Some(_) => Finding::fail(
            check,
            DOCTOR.tf(
                "doctor.write-delete-refused",
                &[
                    ("key", &key),
                    ("code", &delete.map(S3Attempt::code).unwrap_or_default()),
                ],
            ),
            action("s3:DeleteObject"),
        ),
        None => Finding::fail(
            check,
            DOCTOR.tf("doctor.write-delete-no-answer", &[("key", &key)]),
            DOCTOR.t("doctor.write-delete-no-answer-fix"),
        ),
    }
}

/// GetBucketVersioning: whether a delete can be undone (Undo, Versions, Recently deleted).
pub fn versioning(answer: &S3Attempt, deployment: &Deployment) -> Finding {
    use crate::aws::versions::{parse_versioning, Versioning};
    let check = Check::Versioning;
    let Some(answered) = answer.answer() else {
        return Finding::skipped(check, needs_cors());
    };
    let bucket = [("bucket", deployment.bucket.as_str())];
    let turn_on = || DOCTOR.tf("doctor.versioning-fix", &bucket);
    if answer.refused() {
        return Finding::warn(
            check,
            DOCTOR.t("doctor.versioning-refused"),
            deployment.apply_permissions_policy(),
        );
    }
    match parse_versioning(answered) {
        Ok(Versioning::Enabled) => Finding::pass(check, DOCTOR.tf("doctor.versioning-on", &bucket)),
        Ok(Versioning::Suspended) => Finding::warn(
            check,
            DOCTOR.tf("doctor.versioning-suspended", &bucket),
            turn_on(),
        ),
        Ok(Versioning::Off) => Finding::warn(
            check,
            DOCTOR.tf("doctor.versioning-off", &bucket),
            turn_on(),
        ),
        Err(error) => Finding::warn(
            check,
            DOCTOR.tf(
                "doctor.versioning-unreadable",
                &[("error", &error.to_string())],
            ),
            turn_on(),
        ),
    }
}

/// What the browser lets the page read of S3's answers: `Date` (on the listing) and `ETag` (on
/// the probe's PUT), both named in the bucket's CORS ExposeHeaders.
pub fn exposed_headers(listing: &S3Attempt, put: &S3Attempt, deployment: &Deployment) -> Finding {
    let check = Check::ExposedHeaders;
    let Some(listed) = listing.answer() else {
        return Finding::skipped(check, needs_cors());
    };
    let date = listed.header_value("date").is_some();
    let etag = put
        .answer()
        .filter(|r| r.is_success())
        .map(|r| r.header_value("etag").is_some());
    let size = format::human_size(SINGLE_PUT_MAX);
    let hidden = match (etag == Some(false), !date) {
        (true, true) => Some(DOCTOR.tf("doctor.hides-both", &[("size", &size)])),
        (true, false) => Some(DOCTOR.tf("doctor.hides-etag", &[("size", &size)])),
        (false, true) => Some(DOCTOR.t("doctor.hides-date")),
        (false, false) => None,
    };
    if let Some(detail) = hidden {
        return Finding::fail(
            check,
            detail,
            DOCTOR.tf(
                "doctor.hides-fix",
                &[("command", &deployment.put_bucket_cors())],
            ),
        );
    }
    match etag {
        Some(_) => Finding::pass(check, DOCTOR.t("doctor.exposed-pass")),
        None => Finding::warn(
            check,
            DOCTOR.t("doctor.exposed-etag-unchecked"),
            DOCTOR.t("doctor.exposed-etag-unchecked-fix"),
        ),
    }
}

/// Reading outside the user's folder must be refused: listing `users/` and another user's
/// folder, and looking up a file there. Anything but AccessDenied means the policy is not
/// keyed on the user's uid.
pub fn isolation(
    parent: &S3Attempt,
    foreign_list: &S3Attempt,
    foreign_head: &S3Attempt,
    deployment: &Deployment,
) -> Finding {
    let check = Check::Isolation;
    let foreign = deployment.foreign_prefix();
    // Each attempt with the sentence that says AWS allowed it.
    let attempts = [
        (parent, DOCTOR.t("doctor.isolation-list-users")),
        (
            foreign_list,
            DOCTOR.tf("doctor.isolation-list-foreign", &[("folder", &foreign)]),
        ),
        (
            foreign_head,
            DOCTOR.tf("doctor.isolation-head-foreign", &[("folder", &foreign)]),
        ),
    ];
    if attempts.iter().any(|(a, _)| a.answer().is_none()) {
        return Finding::skipped(check, needs_cors());
    }
    let mut allowed: Vec<String> = attempts
        .into_iter()
        .filter(|(a, _)| !a.refused())
        .map(|(_, said)| said)
        .collect();
    if allowed.is_empty() {
        return Finding::pass(check, DOCTOR.t("doctor.isolation-pass"));
    }
    allowed.push(DOCTOR.t("doctor.isolation-broken"));
    Finding::fail(
        check,
        allowed.join(" "),
        deployment.with_permissions_policy(DOCTOR.tf(
            "doctor.isolation-fix",
            &[("uid_variable", &deployment.uid_variable())],
        )),
    )
}

/// How far this device's clock is from S3's (seconds to add to the device's), if S3's `Date`
/// was readable.
pub fn clock(offset_secs: Option<i64>) -> Finding {
    let check = Check::Clock;
    let Some(offset) = offset_secs else {
        return Finding::skipped(check, DOCTOR.t("doctor.clock-unreadable"));
    };
    let distance = offset.unsigned_abs();
    if distance <= 60 {
        return Finding::pass(check, DOCTOR.t("doctor.clock-pass"));
    }
    let minutes = i18n::number(distance.div_ceil(60));
    let values = [("minutes", minutes.as_str())];
    let detail = match (offset > 0, distance > 15 * 60) {
        (true, true) => DOCTOR.tf("doctor.clock-behind-far", &values),
        (false, true) => DOCTOR.tf("doctor.clock-ahead-far", &values),
        (true, false) => DOCTOR.tf("doctor.clock-behind-near", &values),
        (false, false) => DOCTOR.tf("doctor.clock-ahead-near", &values),
    };
    Finding::warn(check, detail, DOCTOR.t("doctor.clock-fix"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::tests::deployment;
    use crate::doctor::Status;

    fn fixture(name: &str, status: u16) -> S3Attempt {
        let path = format!("{}/tests/fixtures/s3/{name}", env!("CARGO_MANIFEST_DIR"));
        S3Attempt::Answered(HttpResponse::new(status, std::fs::read(path).unwrap()))
    }

    fn ok(headers: &[(&str, &str)]) -> S3Attempt {
        let mut response = HttpResponse::new(200, "");
        response.headers = headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        S3Attempt::Answered(response)
    }

    fn denied() -> S3Attempt {
        fixture("error_access_denied.xml", 403)
    }

    // Versioning on passes; never on, suspended or not askable warns (a delete is then for
    // good, and the files page hides Undo), each fix naming the command or the policy.
    #[test]
    fn versioning_off_or_unknown_is_a_warning_with_its_fix() {
        let on = versioning(&fixture("get_bucket_versioning.xml", 200), &deployment());
        assert_eq!(on.status, Status::Pass);
        let never = S3Attempt::Answered(HttpResponse::new(200, "<VersioningConfiguration/>"));
        let off = versioning(&never, &deployment());
        assert_eq!(off.status, Status::Warn);
        assert!(off
            .fix
            .unwrap()
            .contains("put-bucket-versioning --bucket firebridge-files"));
        let suspended = S3Attempt::Answered(HttpResponse::new(
            200,
            "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>",
        ));
        assert!(versioning(&suspended, &deployment())
            .detail
            .contains("suspended"));
        let refused = versioning(&denied(), &deployment());
        assert_eq!(refused.status, Status::Warn);
        assert!(refused.detail.contains("s3:GetBucketVersioning"));
        assert_eq!(
            versioning(&S3Attempt::Blocked, &deployment()).status,
            Status::Skipped
        );
    }

    // A CORS refusal (no readable answer) is told apart from AccessDenied (an answer).
    #[test]
    fn a_blocked_request_is_a_cors_failure_and_a_refusal_is_not() {
        let blocked = cors(&S3Attempt::Blocked, &deployment());
        assert_eq!(blocked.status, Status::Fail);
        let fix = blocked.fix.unwrap();
        assert!(fix.contains("AllowedOrigins: http://127.0.0.1:4173"));
        assert!(fix.contains("x-amz-content-sha256"));
        assert_eq!(cors(&denied(), &deployment()).status, Status::Pass);
        assert_eq!(list_own(&denied(), &deployment()).status, Status::Fail);
        assert_eq!(
            list_own(&S3Attempt::Blocked, &deployment()).status,
            Status::Skipped
        );
    }

    // A recorded listing passes; a recorded AccessDenied names the ListBucket condition.
    #[test]
    fn listing_the_own_folder() {
        assert_eq!(
            list_own(&fixture("list_objects_v2.xml", 200), &deployment()).status,
            Status::Pass
        );
        let fix = list_own(&denied(), &deployment()).fix.unwrap();
        assert!(
            fix.contains("s3:prefix is like users/${securetoken.google.com/demo-firebridge:sub}/*"),
            "{fix}"
        );
    }

    // ETag hidden on the PUT answer: uploads over 16 MiB would fail; the fix names ExposeHeaders.
    #[test]
    fn hidden_etag_or_date_fail_with_the_cors_fix() {
        let date = ok(&[("date", "Sat, 21 Nov 2026 10:00:00 GMT")]);
        let with_etag = ok(&[("etag", "\"abc\"")]);
        assert_eq!(
            exposed_headers(&date, &with_etag, &deployment()).status,
            Status::Pass
        );
        let finding = exposed_headers(&date, &ok(&[]), &deployment());
        assert_eq!(finding.status, Status::Fail);
        assert!(
            finding.detail.starts_with("The browser hides ETag"),
            "{}",
            finding.detail
        );
        let finding = exposed_headers(&ok(&[]), &with_etag, &deployment());
        assert!(
            finding.detail.starts_with("The browser hides Date"),
            "{}",
            finding.detail
        );
        assert_eq!(
            exposed_headers(&date, &denied(), &deployment()).status,
            Status::Warn
        );
    }

    // Write and delete: each refusal names the action the policy lacks.
    #[test]
    fn write_and_delete_name_the_missing_action() {
        let d = deployment();
        assert_eq!(
            write_and_delete(&ok(&[]), Some(&ok(&[])), &d).status,
            Status::Pass
        );
        assert!(write_and_delete(&denied(), None, &d)
            .fix
            .unwrap()
            .contains("s3:PutObject"));
        assert!(write_and_delete(&ok(&[]), Some(&denied()), &d)
            .fix
            .unwrap()
            .contains("s3:DeleteObject"));
    }

    // Isolation holds only if all three reads outside the folder are refused.
    #[test]
    fn any_read_outside_the_folder_breaks_isolation() {
        let d = deployment();
        assert_eq!(
            isolation(&denied(), &denied(), &denied(), &d).status,
            Status::Pass
        );
        let not_found = S3Attempt::Answered(HttpResponse::new(404, ""));
        let finding = isolation(&denied(), &ok(&[]), &not_found, &d);
        assert_eq!(finding.status, Status::Fail);
        assert!(
            finding
                .detail
                .contains("AWS let you list users/firebridge-doctor-someone-else/. AWS let you look up a file in users/firebridge-doctor-someone-else/. Every signed-in user"),
            "{}",
            finding.detail
        );
        assert!(finding
            .fix
            .unwrap()
            .contains("users/${securetoken.google.com/demo-firebridge:sub}/*"));
        assert_eq!(
            isolation(&denied(), &S3Attempt::Blocked, &denied(), &d).status,
            Status::Skipped
        );
    }

    // The clock: a minute is fine; more is a warning that says which way and how far.
    #[test]
    fn clock_offsets() {
        assert_eq!(clock(Some(-30)).status, Status::Pass);
        let behind = clock(Some(20 * 60));
        assert_eq!(behind.status, Status::Warn);
        assert!(
            behind
                .detail
                .contains("about 20 min behind AWS's: AWS refuses"),
            "{}",
            behind.detail
        );
        assert!(clock(Some(-5 * 60))
            .detail
            .contains("5 min ahead of AWS's: AWS accepts"));
        assert_eq!(clock(None).status, Status::Skipped);
    }
}
