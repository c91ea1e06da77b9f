//! The IAM ListRoles demo: the request, a presigned link for it, and its answer.
//!
//! Real IAM sends no CORS headers, so a browser never lets the app read its answers; the demo
//! shows what happens then, and the presigned link opens the same call in a tab of its own.

use crate::aws::error::AwsError;
use crate::aws::xml;
use crate::config::AwsConfig;
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::i18n::AWS;
use std::fmt;

const LIST_ROLES: &str = "Action=ListRoles&Version=2010-05-08";

/// A role as ListRoles describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IamRole {
    pub name: String,
    pub arn: String,
    /// ISO 8601, as IAM gives it.
    pub created: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleListing {
    pub roles: Vec<IamRole>,
    /// More roles than this page holds.
    pub truncated: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IamError {
    /// The role's permissions policy has no `iam:ListRoles`.
    AccessDenied,
    Other(AwsError),
}

impl fmt::Display for IamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IamError::AccessDenied => f.write_str(&AWS.t("aws.iam-access-denied")),
            IamError::Other(e) => {
                f.write_str(&AWS.tf("aws.iam-other", &[("error", &e.to_string())]))
            }
        }
    }
}

/// A form POST, signed like any other IAM call (IAM is signed for us-east-1).
pub fn list_roles_request(config: &AwsConfig) -> HttpRequest {
    HttpRequest::new(Method::Post, format!("{}/", config.iam_endpoint))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(LIST_ROLES)
}

/// The same call as a GET, to be presigned and opened in a tab of its own.
pub fn list_roles_url(config: &AwsConfig) -> String {
    format!("{}/?{LIST_ROLES}", config.iam_endpoint)
}

pub fn parse_list_roles(response: &HttpResponse) -> Result<RoleListing, IamError> {
    if !response.is_success() {
        let error = AwsError::from_response(response);
        return Err(match error.code.as_str() {
            "AccessDenied" => IamError::AccessDenied,
            _ => IamError::Other(error),
        });
    }
    let malformed = || IamError::Other(AwsError::malformed(response, "an IAM ListRoles response"));
    let root = xml::parse(&response.text()).map_err(|_| malformed())?;
    let result = root.child("ListRolesResult").ok_or_else(malformed)?;
    let roles = result
        .child("Roles")
        .map(|roles| roles.children_named("member").map(role).collect())
        .unwrap_or_default();
    Ok(RoleListing {
        roles,
        truncated: result.child_text("IsTruncated") == Some("true"),
    })
}

fn role(member: &xml::Element) -> IamRole {
    let text = |name| member.child_text(name).unwrap_or_default().to_string();
    IamRole {
        name: text("RoleName"),
        arn: text("Arn"),
        created: text("CreateDate"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::AppConfig;

    fn recorded(status: u16, path: &str) -> HttpResponse {
        HttpResponse::new(status, std::fs::read(path).unwrap())
    }

    // Recorded from the stand-in with the seeded role: the table shows its name and ARN.
    #[test]
    fn parses_recorded_list_roles() {
        let listing =
            parse_list_roles(&recorded(200, "tests/fixtures/iam/list_roles.xml")).unwrap();
        let role = listing.roles.first().expect("the seeded role");
        assert_eq!(role.name, "firebridge-web");
        assert_eq!(role.arn, "arn:aws:iam::123456789012:role/firebridge-web");
        assert!(role.created.starts_with("20"), "{}", role.created);
        assert!(!listing.truncated);
    }

    // A role without iam:ListRoles gets an answer that says which permission is missing.
    #[test]
    fn access_denied_names_the_missing_permission() {
        let denied = recorded(403, "tests/fixtures/s3/error_access_denied.xml");
        let error = parse_list_roles(&denied).unwrap_err();
        assert_eq!(error, IamError::AccessDenied);
        assert!(error.to_string().contains("iam:ListRoles"));
        let garbage = HttpResponse::new(200, b"<html>proxy</html>".to_vec());
        assert!(matches!(
            parse_list_roles(&garbage),
            Err(IamError::Other(_))
        ));
    }

    // Both forms go to the configured endpoint: the POST for fetch, the GET for a new tab.
    #[test]
    fn requests_target_the_configured_endpoint() {
        let config = AppConfig::local().aws;
        let request = list_roles_request(&config);
        assert_eq!(request.url, format!("{}/", config.iam_endpoint));
        assert_eq!(request.body, LIST_ROLES.as_bytes());
        assert_eq!(
            list_roles_url(&config),
            format!(
                "{}/?Action=ListRoles&Version=2010-05-08",
                config.iam_endpoint
            )
        );
    }
}
