//! The S3 checks: CORS, the headers the page must read, the user's own folder, isolation from
//! everyone else's, and the device clock against S3's.

use super::{Check, Deployment, Finding};
use crate::aws::error::AwsError;
use crate::http::HttpResponse;
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

const NEEDS_CORS: &str = "Needs S3 to answer this page (see the CORS check).";

/// The signed listing of the user's folder: a request with a CORS preflight.
pub fn cors(listing: &S3Attempt, deployment: &Deployment) -> Finding {
    let check = Check::Cors;
    match listing {
        S3Attempt::Answered(_) => Finding::pass(
            check,
            format!("S3 answered a signed request from {} (its preflight was allowed).", deployment.origin),
        ),
        S3Attempt::Blocked => Finding::fail(
            check,
            format!("S3 is reachable, but the browser blocked the answer: the bucket's CORS rules do not allow this page's origin {}, or one of the methods or headers the app sends. (A CORS refusal, not AccessDenied: permissions are never reached.)", deployment.origin),
            format!(
                "The bucket's CORS rule must allow\n  AllowedOrigins: {}\n  AllowedMethods: {}\n  AllowedHeaders: {} (each by name: \"*\" never covers authorization)\n  ExposeHeaders: ETag, Date\nApply the setup assistant's document:\n  aws s3api put-bucket-cors --bucket {} --cors-configuration file://bucket-cors.json",
                deployment.origin, ALLOWED_METHODS.join(", "), ALLOWED_HEADERS.join(", "), deployment.bucket
            ),
        ),
        S3Attempt::Unreachable => Finding::fail(
            check,
            "S3 could not be reached at all.",
            "Check aws.bucket and aws.region (or aws.s3Endpoint) in config.json, and the connection.",
        ),
    }
}

/// Listing `users/<uid>/`: the permissions policy's ListBucket with its `s3:prefix` condition.
pub fn list_own(listing: &S3Attempt, deployment: &Deployment) -> Finding {
    let check = Check::ListOwnFolder;
    let Some(answer) = listing.answer() else {
        return Finding::skipped(check, NEEDS_CORS);
    };
    let folder = deployment.own_prefix();
    match AwsError::from_response(answer).code.as_str() {
        _ if answer.is_success() => Finding::pass(check, format!("S3 listed {folder}.")),
        "AccessDenied" => Finding::fail(
            check,
            format!("AWS refused to list {folder} (AccessDenied)."),
            format!(
                "The permissions policy must allow s3:ListBucket on arn:aws:s3:::{} when s3:prefix is like users/{}/*. {}",
                deployment.bucket, deployment.uid_variable(), deployment.apply_permissions_policy()
            ),
        ),
        "NoSuchBucket" => Finding::fail(
            check,
            format!("The bucket {} does not exist.", deployment.bucket),
            format!("Create it in the region of aws.region (the setup assistant's script does), or fix aws.bucket:\n  aws s3api create-bucket --bucket {}", deployment.bucket),
        ),
        code => Finding::fail(check, format!("S3 refused to list {folder} ({code})."), "Run the doctor again; if it persists, compare config.json with the setup assistant's output."),
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
        return Finding::skipped(check, NEEDS_CORS);
    };
    let action = |name: &str| {
        format!(
            "The permissions policy must allow {name} on arn:aws:s3:::{}/users/{}/*. {}",
            deployment.bucket,
            deployment.uid_variable(),
            deployment.apply_permissions_policy()
        )
    };
    if !written.is_success() && deployment.membership.read_only && put.refused() {
        return Finding::pass(
            check,
            format!("Your account is read-only, and AWS refused to write {key}, as it must."),
        );
    }
    if !written.is_success() {
        return Finding::fail(
            check,
            format!("AWS refused to write {key} ({}).", put.code()),
            action("s3:PutObject"),
        );
    }
    match delete.and_then(S3Attempt::answer) {
        Some(deleted) if deleted.is_success() => {
            Finding::pass(check, format!("Wrote and deleted {key}."))
        }
        Some(_) => Finding::fail(
            check,
            format!(
                "Wrote {key}, but AWS refused to delete it ({}).",
                delete.map(S3Attempt::code).unwrap_or_default()
            ),
            action("s3:DeleteObject"),
        ),
        None => Finding::fail(
            check,
            format!("Wrote {key}, but deleting it got no answer."),
            "Run the doctor again (it deletes the file), or delete it on the Files page.",
        ),
    }
}

/// What the browser lets the page read of S3's answers: `Date` (on the listing) and `ETag` (on
/// the probe's PUT), both named in the bucket's CORS ExposeHeaders.
pub fn exposed_headers(listing: &S3Attempt, put: &S3Attempt, deployment: &Deployment) -> Finding {
    let check = Check::ExposedHeaders;
    let Some(listed) = listing.answer() else {
        return Finding::skipped(check, NEEDS_CORS);
    };
    let date = listed.header_value("date").is_some();
    let etag = put
        .answer()
        .filter(|r| r.is_success())
        .map(|r| r.header_value("etag").is_some());
    let mut hidden = Vec::new();
    if etag == Some(false) {
        hidden.push("ETag (without it, files over 16 MiB cannot finish uploading)");
    }
    if !date {
        hidden.push("Date (without it, a device clock that is off cannot be corrected)");
    }
    if !hidden.is_empty() {
        return Finding::fail(
            check,
            format!("The browser hides {} from the page.", hidden.join(" and ")),
            format!("Add ETag and Date to ExposeHeaders in the bucket's CORS rule, as the setup assistant's document has them:\n  aws s3api put-bucket-cors --bucket {} --cors-configuration file://bucket-cors.json", deployment.bucket),
        );
    }
    match etag {
        Some(_) => Finding::pass(check, "The page can read ETag and Date."),
        None => Finding::warn(
            check,
            "Date is readable; ETag could not be checked, because writing the test file failed.",
            "Fix the write check first, then run the doctor again.",
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
    let attempts = [
        (parent, "list users/ (every user's folder)".to_string()),
        (
            foreign_list,
            format!("list {}", deployment.foreign_prefix()),
        ),
        (
            foreign_head,
            format!("look up a file in {}", deployment.foreign_prefix()),
        ),
    ];
    if attempts.iter().any(|(a, _)| a.answer().is_none()) {
        return Finding::skipped(check, NEEDS_CORS);
    }
    let allowed: Vec<&str> = attempts
        .iter()
        .filter(|(a, _)| !a.refused())
        .map(|(_, what)| what.as_str())
        .collect();
    if allowed.is_empty() {
        return Finding::pass(
            check,
            "AWS refused every attempt to read outside your folder.",
        );
    }
    Finding::fail(
        check,
        format!("AWS let you {}: every signed-in user can reach other users' files. The permissions policy grants users/* instead of each user's own folder.", allowed.join(", ")),
        format!("Key every users/ resource and the s3:prefix condition on the uid variable, users/{}/*. {}", deployment.uid_variable(), deployment.apply_permissions_policy()),
    )
}

/// How far this device's clock is from S3's (seconds to add to the device's), if S3's `Date`
/// was readable.
pub fn clock(offset_secs: Option<i64>) -> Finding {
    let check = Check::Clock;
    let Some(offset) = offset_secs else {
        return Finding::skipped(
            check,
            "S3's Date header was not readable (see ETag and Date).",
        );
    };
    let distance = offset.unsigned_abs();
    if distance <= 60 {
        return Finding::pass(check, "Within a minute of AWS's clock.");
    }
    let direction = if offset > 0 { "behind" } else { "ahead of" };
    let minutes = distance.div_ceil(60);
    let consequence = if distance > 15 * 60 {
        "AWS refuses signatures more than 15 minutes off; Firebridge corrects its signatures from S3's Date, but other apps on this device will fail"
    } else {
        "AWS accepts up to 15 minutes, so requests work, but it is close"
    };
    Finding::warn(
        check,
        format!("This device's clock is about {minutes} min {direction} AWS's: {consequence}."),
        "Set the device's date and time to be set automatically (network time).",
    )
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
                .contains("list users/firebridge-doctor-someone-else/, look up a file"),
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
