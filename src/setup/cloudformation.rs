//! The whole AWS side as one CloudFormation stack (and, for Firebase Hosting, firebase.json),
//! written from the very documents the assistant shows one by one: the trust and permissions
//! policies, the role's settings, the bucket's CORS rules, lifecycle rule and policy, and the
//! security headers. So the template cannot drift from them.
//!
//! What the stack's parameters decide (the project, the bucket, the role's name, the region and
//! account it is deployed in) is generated as a stand-in value first, below, then every
//! occurrence of it becomes a reference to its parameter: `Fn::Join` pieces in strings (never
//! `Fn::Sub`, which would try to fill in IAM's own `${...}` policy variables), and, for a
//! document whose keys hold a parameter (the trust policy's `<provider>:aud`), the document as
//! `Fn::Sub` text, where CloudFormation allows nothing else.

use super::{
    bucket_cors, bucket_lifecycle, bucket_policy, check, config_json, permissions_policy, provider,
    provider_arn, role_settings, security_headers, trust_policy, Answers,
};
use crate::config::AppConfig;
use serde_json::{json, Map, Value};

/// Stand-ins for what the parameters decide. Each is a valid value of its kind (config.json
/// accepts them, so the Content-Security-Policy can be derived) and occurs nowhere else.
const PROJECT: &str = "fbsentinelproject";
const ACCOUNT: &str = "999988887777";
const REGION: &str = "fb-sentinel-9";
const BUCKET: &str = "fbsentinelbucket";
/// A bucket name with dots is reached path-style, which changes the Content-Security-Policy.
const DOTTED_BUCKET: &str = "fbsentinel.bucket";
const SITE_BUCKET: &str = "fbsentinelsitebucket";
const LOG_BUCKET: &str = "fbsentinellogbucket";
const ROLE: &str = "fbsentinelrole";
const ORIGIN: &str = "https://fbsentinel.example";

/// How long files named by their content may be cached, and how the others are served: what
/// `make deploy` uploads with and what firebase.json says.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const CACHE_NONE: &str = "no-cache";

/// The CloudFront managed cache policy "CachingOptimized": caches by path alone, honours the
/// files' own Cache-Control, compresses.
const CACHING_OPTIMIZED: &str = "658327ea-f89d-4fab-a63d-7e88639e58f6";

/// The answers with every parameter's value replaced by its stand-in; everything else (invite-
/// only, the shared area, the allowed users) is the user's. The IAM demo is generated and then
/// made conditional on its parameter.
fn generic(answers: &Answers) -> Answers {
    Answers {
        project_id: PROJECT.into(),
        api_key: "fbsentinelapikey".into(),
        account_id: ACCOUNT.into(),
        region: REGION.into(),
        bucket: sentinel_bucket(answers).into(),
        role_name: ROLE.into(),
        origins: vec![ORIGIN.into()],
        iam_demo: true,
        ..answers.clone()
    }
}

fn sentinel_bucket(answers: &Answers) -> &'static str {
    if answers.bucket.contains('.') {
        DOTTED_BUCKET
    } else {
        BUCKET
    }
}

enum Piece {
    Text(String),
    Ref(&'static str),
}

/// A text cut where a stand-in occurs, each occurrence named by what resolves it.
fn pieces(text: &str, bucket: &str) -> Vec<Piece> {
    let provider = provider_arn(ACCOUNT, PROJECT);
    let slots: [(&str, &'static str); 8] = [
        (&provider, "FirebaseProvider"),
        (PROJECT, "ProjectId"),
        (SITE_BUCKET, "SiteBucket"),
        (LOG_BUCKET, "AccessLogBucket"),
        (bucket, "BucketName"),
        (REGION, "AWS::Region"),
        (ACCOUNT, "AWS::AccountId"),
        (ROLE, "RoleName"),
    ];
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < text.len() {
        let found = slots
            .iter()
            .find(|(sentinel, _)| text[i..].starts_with(sentinel));
        match found {
            Some((sentinel, name)) => {
                if text_start < i {
                    out.push(Piece::Text(text[text_start..i].to_string()));
                }
                out.push(Piece::Ref(name));
                i += sentinel.len();
                text_start = i;
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if text_start < text.len() {
        out.push(Piece::Text(text[text_start..].to_string()));
    }
    out
}

fn reference(name: &str) -> Value {
    json!({ "Ref": name })
}

/// A string of a generated document as CloudFormation writes it.
fn string(text: &str, bucket: &str) -> Value {
    let parts = pieces(text, bucket);
    match parts.as_slice() {
        [] => json!(""),
        [Piece::Text(text)] => json!(text),
        [Piece::Ref(name)] => reference(name),
        _ => {
            let parts: Vec<Value> = parts
                .iter()
                .map(|piece| match piece {
                    Piece::Text(text) => json!(text),
                    Piece::Ref(name) => reference(name),
                })
                .collect();
            json!({ "Fn::Join": ["", parts] })
        }
    }
}

/// The CORS origins: the parameter's, and with hosting the distribution's own address too (then
/// the parameter may be empty).
fn origins() -> Value {
    let listed = json!({ "Fn::Join": [",", reference("AppOrigins")] });
    let site = json!({ "Fn::Join": ["", ["https://", { "Fn::GetAtt": ["SiteDistribution", "DomainName"] }]] });
    json!({ "Fn::If": [
        "Hosting",
        { "Fn::If": [
            "ListedOrigins",
            { "Fn::Split": [",", { "Fn::Join": [",", [listed, site]] }] },
            [site]
        ] },
        reference("AppOrigins")
    ] })
}

fn parametrize(value: &Value, bucket: &str) -> Value {
    match value {
        Value::String(text) => string(text, bucket),
        Value::Array(items) if items.len() == 1 && items[0] == ORIGIN => origins(),
        Value::Array(items) => items.iter().map(|v| parametrize(v, bucket)).collect(),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, v)| (key.clone(), parametrize(v, bucket)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn keys_hold_a_parameter(value: &Value, bucket: &str) -> bool {
    match value {
        Value::Array(items) => items.iter().any(|v| keys_hold_a_parameter(v, bucket)),
        Value::Object(map) => map.iter().any(|(key, v)| {
            pieces(key, bucket)
                .iter()
                .any(|p| matches!(p, Piece::Ref(_)))
                || keys_hold_a_parameter(v, bucket)
        }),
        _ => false,
    }
}

/// A policy document: JSON with references where its keys allow it, else `Fn::Sub` text (with
/// any `${` of its own escaped as `${!`).
fn document(value: &Value, bucket: &str) -> Value {
    if !keys_hold_a_parameter(value, bucket) {
        return parametrize(value, bucket);
    }
    let escaped = value.to_string().replace("${", "${!");
    let text: String = pieces(&escaped, bucket)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => text,
            Piece::Ref(name) => format!("${{{name}}}"),
        })
        .collect();
    json!({ "Fn::Sub": text })
}

/// S3's API names (what `put-bucket-cors` takes) as CloudFormation spells them.
fn cors_configuration(api: &Value, bucket: &str) -> Value {
    let rules: Vec<Value> = api["CORSRules"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|rule| {
            let mut out = Map::new();
            for (key, value) in rule.as_object().into_iter().flatten() {
                let key = match key.as_str() {
                    "ExposeHeaders" => "ExposedHeaders",
                    "MaxAgeSeconds" => "MaxAge",
                    "ID" => "Id",
                    other => other,
                };
                out.insert(key.to_string(), parametrize(value, bucket));
            }
            Value::Object(out)
        })
        .collect();
    json!({ "CorsRules": rules })
}

/// The assistant's lifecycle rules as CloudFormation spells them; the days old versions are
/// kept are the NoncurrentVersionDays parameter.
fn lifecycle_configuration(api: &Value) -> Value {
    let rules: Vec<Value> = api["Rules"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|rule| {
            let mut out = Map::new();
            for (key, value) in rule.as_object().into_iter().flatten() {
                match key.as_str() {
                    "ID" => {
                        out.insert("Id".into(), value.clone());
                    }
                    "Filter" => {
                        // The whole bucket is the rule's default: only a real prefix is written.
                        if let Some(prefix) = value["Prefix"].as_str().filter(|p| !p.is_empty()) {
                            out.insert("Prefix".into(), json!(prefix));
                        }
                    }
                    "NoncurrentVersionExpiration" => {
                        let days = reference("NoncurrentVersionDays");
                        out.insert(key.clone(), json!({ "NoncurrentDays": days }));
                    }
                    // CloudFormation puts the delete-marker switch on the rule itself.
                    "Expiration" => {
                        out.insert(
                            "ExpiredObjectDeleteMarker".into(),
                            value["ExpiredObjectDeleteMarker"].clone(),
                        );
                    }
                    _ => {
                        out.insert(key.clone(), value.clone());
                    }
                }
            }
            Value::Object(out)
        })
        .collect();
    json!({ "Rules": rules })
}

/// Server-side encryption, Block Public Access, no ACLs, versioning: what every bucket here has;
/// with `logs`, its access logs go to the log bucket under that prefix when they are on.
fn private_bucket(lifecycle: Value, logs: Option<&str>) -> Map<String, Value> {
    let mut properties = json!({
        "VersioningConfiguration": { "Status": "Enabled" },
        "LifecycleConfiguration": lifecycle,
        "BucketEncryption": { "ServerSideEncryptionConfiguration": [
            { "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } }
        ] },
        "PublicAccessBlockConfiguration": {
            "BlockPublicAcls": true,
            "BlockPublicPolicy": true,
            "IgnorePublicAcls": true,
            "RestrictPublicBuckets": true
        },
        "OwnershipControls": { "Rules": [{ "ObjectOwnership": "BucketOwnerEnforced" }] }
    });
    if let Some(prefix) = logs {
        properties["LoggingConfiguration"] = json!({ "Fn::If": [
            "AccessLogs",
            { "DestinationBucketName": reference("AccessLogBucket"), "LogFilePrefix": prefix },
            reference("AWS::NoValue")
        ] });
    }
    match properties {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The bucket S3 writes the other buckets' access logs to (AccessLogs=true): kept for
/// AccessLogDays, written only by S3's log delivery for this account.
fn access_log_resources(generic: &Answers) -> Vec<(&'static str, Value)> {
    let log = Answers {
        bucket: LOG_BUCKET.into(),
        ..generic.clone()
    };
    let mut lifecycle = lifecycle_configuration(&bucket_lifecycle(&log));
    if let Some(rules) = lifecycle["Rules"].as_array_mut() {
        rules.pop();
        rules.push(json!({
            "Id": "expire-access-logs",
            "Status": "Enabled",
            "ExpirationInDays": reference("AccessLogDays"),
            "NoncurrentVersionExpiration": { "NoncurrentDays": 1 }
        }));
    }
    let mut policy = parametrize(&bucket_policy(&log), BUCKET);
    let delivery = json!({
        "Sid": "S3DeliversThisAccountsAccessLogs",
        "Effect": "Allow",
        "Principal": { "Service": "logging.s3.amazonaws.com" },
        "Action": "s3:PutObject",
        "Resource": { "Fn::Join": ["", ["arn:aws:s3:::", reference("AccessLogBucket"), "/*"]] },
        "Condition": { "StringEquals": { "aws:SourceAccount": reference("AWS::AccountId") } }
    });
    if let Some(statements) = policy["Statement"].as_array_mut() {
        statements.insert(0, delivery);
    }
    vec![
        (
            "AccessLogBucket",
            json!({
                "Type": "AWS::S3::Bucket",
                "Condition": "AccessLogs",
                "Metadata": waivers(&[(
                    "CKV_AWS_18",
                    "This is the access log bucket: its own accesses are not logged (into itself they would loop, S3 says; CloudTrail records its management events)",
                )]),
                "Properties": private_bucket(lifecycle, None)
            }),
        ),
        (
            "AccessLogBucketPolicy",
            json!({
                "Type": "AWS::S3::BucketPolicy",
                "Condition": "AccessLogs",
                "Properties": { "Bucket": reference("AccessLogBucket"), "PolicyDocument": policy }
            }),
        ),
    ]
}

/// checkov's waivers, each with its reason, read from a resource's Metadata.
fn waivers(skips: &[(&str, &str)]) -> Value {
    let skip: Vec<Value> = skips
        .iter()
        .map(|(id, comment)| json!({ "id": id, "comment": comment }))
        .collect();
    json!({ "checkov": { "skip": skip } })
}

/// The security headers the app needs for `answers`, derived as for config.json, with the
/// answers' own values (placeholders included) put back in.
fn headers_for(answers: &Answers) -> Vec<(&'static str, String)> {
    let generic = generic(answers);
    let Ok(config) = AppConfig::from_json(&config_json(&generic).to_string()) else {
        return Vec::new();
    };
    let values = [
        (PROJECT, answers.project_id.as_str()),
        (sentinel_bucket(answers), answers.bucket.as_str()),
        (REGION, answers.region.as_str()),
        (ACCOUNT, answers.account_id.as_str()),
        (ROLE, answers.role_name.as_str()),
    ];
    security_headers(&config)
        .into_iter()
        .map(|(name, value)| {
            let value = values
                .iter()
                .fold(value, |value, (from, to)| value.replace(from, to));
            (name, value)
        })
        .collect()
}

/// The headers as a CloudFront response headers policy: its security headers where CloudFront
/// has one by that name (it refuses them as custom headers), the others as custom headers.
fn response_headers_policy(generic: &Answers) -> Value {
    let bucket = &generic.bucket;
    let config = AppConfig::from_json(&config_json(generic).to_string());
    let headers = config.map(|c| security_headers(&c)).unwrap_or_default();
    let mut security = Map::new();
    let mut custom = Vec::new();
    for (name, value) in headers {
        let text = string(&value, bucket);
        match name {
            "Content-Security-Policy" => {
                security.insert(
                    "ContentSecurityPolicy".into(),
                    json!({ "ContentSecurityPolicy": text, "Override": true }),
                );
            }
            "X-Content-Type-Options" if value == "nosniff" => {
                security.insert("ContentTypeOptions".into(), json!({ "Override": true }));
            }
            "Referrer-Policy" => {
                security.insert(
                    "ReferrerPolicy".into(),
                    json!({ "ReferrerPolicy": text, "Override": true }),
                );
            }
            "Strict-Transport-Security" => {
                let mut hsts =
                    json!({ "Override": true, "IncludeSubdomains": false, "Preload": false });
                for directive in value.split(';').map(str::trim) {
                    if let Some(age) = directive.strip_prefix("max-age=") {
                        hsts["AccessControlMaxAgeSec"] = json!(age.parse::<u64>().unwrap_or(0));
                    } else if directive.eq_ignore_ascii_case("includeSubDomains") {
                        hsts["IncludeSubdomains"] = json!(true);
                    } else if directive.eq_ignore_ascii_case("preload") {
                        hsts["Preload"] = json!(true);
                    }
                }
                security.insert("StrictTransportSecurity".into(), hsts);
            }
            _ => custom.push(json!({ "Header": name, "Value": text, "Override": true })),
        }
    }
    json!({
        "Type": "AWS::CloudFront::ResponseHeadersPolicy",
        "Condition": "Hosting",
        "Properties": { "ResponseHeadersPolicyConfig": {
            "Name": { "Fn::Join": ["-", [reference("AWS::StackName"), "security-headers"]] },
            "Comment": "Firebridge: the Content-Security-Policy and the other security headers of the setup assistant",
            "SecurityHeadersConfig": security,
            "CustomHeadersConfig": { "Items": custom }
        } }
    })
}

fn parameter(kind: &str, description: &str, default: Option<Value>) -> Value {
    let mut parameter = json!({ "Type": kind, "Description": description });
    if let Some(default) = default {
        parameter["Default"] = default;
    }
    parameter
}

/// The parameters, each defaulting to the answer given where that answer is valid (the local
/// stack's answers are placeholders: `make deploy` passes every value).
fn parameters(answers: &Answers) -> Value {
    let problems = check(answers);
    let valid = |field: &str| problems.iter().all(|p| p.field != field);
    let given = |field: &str, value: Value| valid(field).then_some(value);
    let bucket_pattern = if answers.bucket.contains('.') {
        "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"
    } else {
        "^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$"
    };
    let mut project = parameter(
        "String",
        "The Firebase project id: its users' ID tokens are issued by securetoken.google.com/<id>",
        given("projectId", json!(answers.project_id)),
    );
    project["AllowedPattern"] = json!("^[a-z][a-z0-9-]{4,28}[a-z0-9]$");
    let mut bucket = parameter(
        "String",
        "The files bucket's name (globally unique)",
        given("bucket", json!(answers.bucket)),
    );
    bucket["AllowedPattern"] = json!(bucket_pattern);
    bucket["ConstraintDescription"] = json!(if answers.bucket.contains('.') {
        "a bucket name; this template was written for a name with dots (reached path-style)"
    } else {
        "lowercase letters, digits and hyphens: a name with dots is reached path-style, which the Content-Security-Policy here does not allow (write the template for it in /setup)"
    });
    let mut role = parameter(
        "String",
        "The name of the role the app's users assume",
        given("roleName", json!(answers.role_name)),
    );
    role["AllowedPattern"] = json!("^[\\w+=,.@-]{1,64}$");
    let max_session = role_settings(answers)["MaxSessionDuration"].clone();
    let mut session = parameter(
        "Number",
        "Seconds: the role's maximum session and config.json's sessionDurationSeconds",
        Some(max_session),
    );
    session["MinValue"] = json!(3600);
    session["MaxValue"] = json!(43200);
    let mut noncurrent = parameter(
        "Number",
        "Days a replaced or deleted file's old version is kept before S3 expires it",
        Some(json!(super::bucket::KEEP_VERSIONS_DAYS)),
    );
    noncurrent["MinValue"] = json!(1);
    let mut access_log_days = parameter(
        "Number",
        "Days the access logs are kept (with AccessLogs)",
        Some(json!(90)),
    );
    access_log_days["MinValue"] = json!(1);
    let switch = |description: &str, on: bool| {
        let mut p = parameter("String", description, Some(json!(on.to_string())));
        p["AllowedValues"] = json!(["true", "false"]);
        p
    };
    json!({
        "ProjectId": project,
        "BucketName": bucket,
        "RoleName": role,
        "AppOrigins": parameter(
            "CommaDelimitedList",
            "The app's origins, comma-separated (https://files.example.com,http://localhost:8080): the bucket's CORS rules allow them (with hosting, the distribution's address is added)",
            given("origins", json!(answers.origins.join(","))),
        ),
        "SessionDuration": session,
        "NoncurrentVersionDays": noncurrent,
        "Hosting": switch("true: the app on CloudFront, from a private site bucket, with the security headers", true),
        "IamDemo": switch("true: the role may call iam:ListRoles (the identity page's IAM demo)", answers.iam_demo),
        "AccessLogs": switch("true: S3 server access logs of the buckets (who read or wrote which file), in a log bucket of their own", false),
        "AccessLogDays": access_log_days,
    })
}

fn hosting_resources(answers: &Answers, generic: &Answers) -> Vec<(&'static str, Value)> {
    let site = Answers {
        bucket: SITE_BUCKET.into(),
        ..generic.clone()
    };
    let lifecycle = lifecycle_configuration(&bucket_lifecycle(generic));
    let mut site_bucket = private_bucket(lifecycle, Some("site/"));
    site_bucket.insert(
        "Tags".into(),
        json!([{ "Key": "firebridge", "Value": "site" }]),
    );
    let mut site_policy = parametrize(&bucket_policy(&site), sentinel_bucket(answers));
    let read = json!({
        "Sid": "OnlyTheDistributionReads",
        "Effect": "Allow",
        "Principal": { "Service": "cloudfront.amazonaws.com" },
        "Action": "s3:GetObject",
        "Resource": { "Fn::Join": ["", ["arn:aws:s3:::", reference("SiteBucket"), "/*"]] },
        "Condition": { "StringEquals": { "AWS:SourceArn": { "Fn::Join": ["", [
            "arn:aws:cloudfront::", reference("AWS::AccountId"), ":distribution/", reference("SiteDistribution")
        ]] } } }
    });
    if let Some(statements) = site_policy["Statement"].as_array_mut() {
        statements.insert(0, read);
    }
    let error_page = |code: u16| json!({ "ErrorCode": code, "ResponseCode": 200, "ResponsePagePath": "/index.html", "ErrorCachingMinTTL": 10 });
    vec![
        (
            "SiteBucket",
            json!({
                "Type": "AWS::S3::Bucket",
                "Condition": "Hosting",
                "Properties": site_bucket,
            }),
        ),
        (
            "SiteBucketPolicy",
            json!({
                "Type": "AWS::S3::BucketPolicy",
                "Condition": "Hosting",
                "Properties": { "Bucket": reference("SiteBucket"), "PolicyDocument": site_policy }
            }),
        ),
        (
            "SiteOriginAccessControl",
            json!({
                "Type": "AWS::CloudFront::OriginAccessControl",
                "Condition": "Hosting",
                "Properties": { "OriginAccessControlConfig": {
                    "Name": { "Fn::Join": ["-", [reference("AWS::StackName"), "site"]] },
                    "Description": "CloudFront signs its requests to the private site bucket",
                    "OriginAccessControlOriginType": "s3",
                    "SigningBehavior": "always",
                    "SigningProtocol": "sigv4"
                } }
            }),
        ),
        ("SiteHeadersPolicy", response_headers_policy(generic)),
        (
            "SiteDistribution",
            json!({
                "Type": "AWS::CloudFront::Distribution",
                "Condition": "Hosting",
                "Metadata": waivers(&[
                    ("CKV_AWS_68", "No WAF: the distribution serves the same public static files to everyone, and the app's data never passes through it (browsers call S3 directly, signed, and IAM decides). A web ACL costs from $5 a month plus requests; attach one (WebACLId) where policy requires it"),
                    ("CKV_AWS_86", "No CloudFront access logs: the distribution serves only the app's files; who reached which file is in the buckets' own access logs (AccessLogs=true). CloudFront's standard logs need a bucket with ACLs, which every bucket here disables (BucketOwnerEnforced)"),
                    ("CKV_AWS_174", "The default *.cloudfront.net certificate: CloudFront fixes its minimum protocol (TLSv1), and browsers that run the app negotiate TLS 1.2 or 1.3. With a domain of your own and an ACM certificate, set MinimumProtocolVersion TLSv1.2_2021"),
                ]),
                "Properties": { "DistributionConfig": {
                    "Enabled": true,
                    "Comment": "Firebridge",
                    "DefaultRootObject": "index.html",
                    "HttpVersion": "http2and3",
                    "IPV6Enabled": true,
                    "Origins": [{
                        "Id": "site",
                        "DomainName": { "Fn::GetAtt": ["SiteBucket", "RegionalDomainName"] },
                        "S3OriginConfig": { "OriginAccessIdentity": "" },
                        "OriginAccessControlId": { "Fn::GetAtt": ["SiteOriginAccessControl", "Id"] }
                    }],
                    "DefaultCacheBehavior": {
                        "TargetOriginId": "site",
                        "ViewerProtocolPolicy": "redirect-to-https",
                        "AllowedMethods": ["GET", "HEAD"],
                        "CachedMethods": ["GET", "HEAD"],
                        "Compress": true,
                        "CachePolicyId": CACHING_OPTIMIZED,
                        "ResponseHeadersPolicyId": reference("SiteHeadersPolicy")
                    },
                    // The app's routes (/files, /setup...) are no files: S3 answers 403 (the
                    // distribution may not list the bucket) or 404, and the app's page is served.
                    "CustomErrorResponses": [error_page(403), error_page(404)]
                } }
            }),
        ),
    ]
}

/// The template (JSON) of everything AWS holds for the app.
pub fn cloudformation_template(answers: &Answers) -> Value {
    let generic = generic(answers);
    let bucket = sentinel_bucket(answers);
    let mut permissions = document(&permissions_policy(&generic), bucket);
    if let Some(statements) = permissions["Statement"].as_array_mut() {
        for statement in statements.iter_mut() {
            if statement["Sid"] == "IamListRolesDemo" {
                *statement =
                    json!({ "Fn::If": ["IamDemo", statement.clone(), reference("AWS::NoValue")] });
            }
        }
    }
    let mut role = Map::new();
    for (key, value) in role_settings(&generic).as_object().into_iter().flatten() {
        let value = match key.as_str() {
            "MaxSessionDuration" => reference("SessionDuration"),
            _ => parametrize(value, bucket),
        };
        role.insert(key.clone(), value);
    }
    role.insert(
        "Description".into(),
        json!("Firebridge: what the app's signed-in users may do in AWS"),
    );
    role.insert(
        "AssumeRolePolicyDocument".into(),
        document(&trust_policy(&generic), bucket),
    );
    role.insert(
        "Policies".into(),
        json!([{ "PolicyName": "firebridge-files", "PolicyDocument": permissions }]),
    );
    let lifecycle = lifecycle_configuration(&bucket_lifecycle(&generic));
    let mut files = private_bucket(lifecycle, Some("files/"));
    files.insert("BucketName".into(), reference("BucketName"));
    files.insert(
        "CorsConfiguration".into(),
        cors_configuration(&bucket_cors(&generic), bucket),
    );
    files.insert(
        "Tags".into(),
        json!([{ "Key": "firebridge", "Value": "files" }]),
    );
    let mut resources = Map::new();
    resources.insert(
        "FirebaseProvider".into(),
        json!({
            "Type": "AWS::IAM::OIDCProvider",
            "Properties": {
                "Url": string(&format!("https://{}", provider(PROJECT)), bucket),
                "ClientIdList": [reference("ProjectId")]
            }
        }),
    );
    resources.insert(
        "FilesRole".into(),
        json!({ "Type": "AWS::IAM::Role", "Properties": role }),
    );
    resources.insert(
        "FilesBucket".into(),
        json!({
            "Type": "AWS::S3::Bucket",
            // make destroy empties the bucket first; a change that replaces it keeps the old one.
            "DeletionPolicy": "Delete",
            "UpdateReplacePolicy": "Retain",
            "Properties": files
        }),
    );
    resources.insert(
        "FilesBucketPolicy".into(),
        json!({
            "Type": "AWS::S3::BucketPolicy",
            "Properties": {
                "Bucket": reference("FilesBucket"),
                "PolicyDocument": document(&bucket_policy(&generic), bucket)
            }
        }),
    );
    for (name, resource) in access_log_resources(&generic)
        .into_iter()
        .chain(hosting_resources(answers, &generic))
    {
        resources.insert(name.into(), resource);
    }
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "Firebridge: the Firebase project as an OpenID Connect provider, the role its users assume, the files bucket, and (Hosting) the app on CloudFront. Written by the setup assistant (src/setup/cloudformation.rs).",
        "Parameters": parameters(answers),
        "Conditions": {
            "Hosting": { "Fn::Equals": [reference("Hosting"), "true"] },
            "IamDemo": { "Fn::Equals": [reference("IamDemo"), "true"] },
            "AccessLogs": { "Fn::Equals": [reference("AccessLogs"), "true"] },
            "ListedOrigins": { "Fn::Not": [{ "Fn::Equals": [
                { "Fn::Join": ["", reference("AppOrigins")] }, ""
            ] }] }
        },
        "Resources": resources,
        "Outputs": outputs(answers, &generic),
    })
}

/// What config.json needs (dev/deploy.sh writes it from these), and where the app is.
fn outputs(answers: &Answers, generic: &Answers) -> Value {
    let headers = AppConfig::from_json(&config_json(generic).to_string())
        .map(|c| security_headers(&c))
        .unwrap_or_default();
    let csp = headers
        .iter()
        .find(|(name, _)| *name == "Content-Security-Policy")
        .map(|(_, value)| string(value, sentinel_bucket(answers)))
        .unwrap_or_default();
    let output =
        |description: &str, value: Value| json!({ "Description": description, "Value": value });
    let hosted = |description: &str, value: Value| json!({ "Description": description, "Value": value, "Condition": "Hosting" });
    let mut outputs = json!({
        "RoleArn": output("config.json aws.roleArn", json!({ "Fn::GetAtt": ["FilesRole", "Arn"] })),
        "BucketName": output("config.json aws.bucket", reference("FilesBucket")),
        "Region": output("config.json aws.region", reference("AWS::Region")),
        "ProjectId": output("config.json firebase.projectId", reference("ProjectId")),
        "SessionDurationSeconds": output("config.json aws.sessionDurationSeconds", reference("SessionDuration")),
        "InviteOnly": output("config.json firebase.inviteOnly", json!(answers.invite_only.to_string())),
        "ContentSecurityPolicy": output("The Content-Security-Policy header the app's host sends", csp),
        "SiteBucketName": hosted("Where dev/deploy.sh uploads dist/", reference("SiteBucket")),
        "DistributionId": hosted("What dev/deploy.sh invalidates", reference("SiteDistribution")),
        "DistributionDomainName": hosted(
            "The distribution's host (add it to Firebase's authorized domains)",
            json!({ "Fn::GetAtt": ["SiteDistribution", "DomainName"] }),
        ),
        "AppUrl": hosted("The app's address", json!({ "Fn::Join": ["", [
            "https://", { "Fn::GetAtt": ["SiteDistribution", "DomainName"] }, "/"
        ]] })),
    });
    if let Some(prefix) = &answers.shared_prefix {
        outputs["SharedPrefix"] = output("config.json aws.sharedPrefix", json!(prefix));
    }
    outputs
}

/// firebase.json for Firebase Hosting (its hosting section): dist/ served with the app's page for
/// every route, the security headers on every path, files named by their content cached for
/// good and the others (index.html, config.json) revalidated. Firebase applies the last
/// matching rule's Cache-Control, so the immutable rule comes after the general one (and
/// should it ever be the first, files are only revalidated, never served stale).
pub fn firebase_hosting_config(answers: &Answers) -> Value {
    let mut every_path: Vec<Value> = headers_for(answers)
        .into_iter()
        .map(|(key, value)| json!({ "key": key, "value": value }))
        .collect();
    every_path.push(json!({ "key": "Cache-Control", "value": CACHE_NONE }));
    json!({
        "hosting": {
            "public": "dist",
            "ignore": ["firebase.json", "**/.*"],
            "rewrites": [{ "source": "**", "destination": "/index.html" }],
            "headers": [
                { "source": "**", "headers": every_path },
                {
                    "source": "**/*-????????????????@(.js|.css|.wasm|_bg.wasm)",
                    "headers": [{ "key": "Cache-Control", "value": CACHE_IMMUTABLE }]
                }
            ]
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::security_headers_text;
    use crate::setup::tests::{dev_answers, real_answers};

    /// How CloudFormation would resolve the template: parameters, conditions, the intrinsic
    /// functions it uses, and made-up values for what AWS assigns.
    struct Stack {
        answers: Answers,
        template: Value,
        parameters: Map<String, Value>,
    }

    impl Stack {
        /// The stack as deployed with the template's defaults, overridden by `given`.
        fn new(answers: &Answers, template: &Value, given: &[(&str, &str)]) -> Self {
            let mut parameters = Map::new();
            for (name, spec) in template["Parameters"].as_object().unwrap() {
                let value = given
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| json!(v))
                    .or_else(|| spec.get("Default").cloned())
                    .unwrap_or_else(|| panic!("no value for parameter {name}"));
                let value = match (spec["Type"].as_str().unwrap(), value) {
                    ("CommaDelimitedList", Value::String(text)) => {
                        json!(text.split(',').collect::<Vec<_>>())
                    }
                    ("Number", Value::String(text)) => json!(text.parse::<u64>().unwrap()),
                    (_, value) => value,
                };
                parameters.insert(name.clone(), value);
            }
            Stack {
                answers: answers.clone(),
                template: template.clone(),
                parameters,
            }
        }

        fn condition(&self, name: &str) -> bool {
            self.holds(&self.template["Conditions"][name])
        }

        fn holds(&self, condition: &Value) -> bool {
            if let Some([a, b]) = condition["Fn::Equals"].as_array().map(Vec::as_slice) {
                return self.resolve(a) == self.resolve(b);
            }
            if let Some([inner]) = condition["Fn::Not"].as_array().map(Vec::as_slice) {
                return !self.holds(inner);
            }
            panic!("condition {condition}")
        }

        fn reference(&self, name: &str) -> Option<Value> {
            Some(match name {
                "AWS::NoValue" => return None,
                "AWS::Region" => json!(self.answers.region),
                "AWS::AccountId" => json!(self.answers.account_id),
                "AWS::StackName" => json!("firebridge"),
                "FirebaseProvider" => json!(provider_arn(
                    &self.answers.account_id,
                    self.parameters["ProjectId"].as_str().unwrap()
                )),
                "FilesBucket" => self.parameters["BucketName"].clone(),
                "SiteBucket" => json!("firebridge-sitebucket-1a2b3c"),
                "SiteDistribution" => json!("E2EXAMPLE"),
                "SiteHeadersPolicy" => json!("policy-id"),
                "AccessLogBucket" => json!("AccessLogBucket-ref"),
                name => self
                    .parameters
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| panic!("Ref to unknown {name}")),
            })
        }

        fn attribute(&self, resource: &str, name: &str) -> Value {
            match (resource, name) {
                ("FilesRole", "Arn") => json!(format!(
                    "arn:aws:iam::{}:role/{}",
                    self.answers.account_id,
                    self.parameters["RoleName"].as_str().unwrap()
                )),
                ("SiteDistribution", "DomainName") => json!("d111111abcdef8.cloudfront.net"),
                (resource, name) => json!(format!("{resource}.{name}")),
            }
        }

        fn resolve(&self, value: &Value) -> Option<Value> {
            let text = |v: &Value| self.resolve(v).unwrap().as_str().unwrap().to_string();
            match value {
                Value::Object(map) if map.len() == 1 => {
                    let (key, argument) = map.iter().next().unwrap();
                    match key.as_str() {
                        "Ref" => return self.reference(argument.as_str().unwrap()),
                        "Fn::GetAtt" => {
                            return Some(self.attribute(
                                argument[0].as_str().unwrap(),
                                argument[1].as_str().unwrap(),
                            ))
                        }
                        "Fn::Join" => {
                            let items = self.resolve(&argument[1]).unwrap();
                            let items: Vec<String> = items
                                .as_array()
                                .unwrap()
                                .iter()
                                .map(|item| match item {
                                    Value::String(s) => s.clone(),
                                    other => other.to_string(),
                                })
                                .collect();
                            return Some(json!(items.join(argument[0].as_str().unwrap())));
                        }
                        "Fn::Split" => {
                            let joined = text(&argument[1]);
                            let parts: Vec<&str> =
                                joined.split(argument[0].as_str().unwrap()).collect();
                            return Some(json!(parts));
                        }
                        "Fn::If" => {
                            let branch = if self.condition(argument[0].as_str().unwrap()) {
                                &argument[1]
                            } else {
                                &argument[2]
                            };
                            return self.resolve(branch);
                        }
                        "Fn::Sub" => {
                            return Some(json!(self.substitute(argument.as_str().unwrap())))
                        }
                        _ => {}
                    }
                    self.resolve_object(map)
                }
                Value::Object(map) => self.resolve_object(map),
                Value::Array(items) => Some(Value::Array(
                    items.iter().filter_map(|v| self.resolve(v)).collect(),
                )),
                other => Some(other.clone()),
            }
        }

        fn resolve_object(&self, map: &Map<String, Value>) -> Option<Value> {
            Some(Value::Object(
                map.iter()
                    .filter_map(|(k, v)| Some((k.clone(), self.resolve(v)?)))
                    .collect(),
            ))
        }

        /// `Fn::Sub`: `${Name}` is the reference's value, `${!Text}` the literal `${Text}`.
        fn substitute(&self, text: &str) -> String {
            let mut out = String::new();
            let mut rest = text;
            while let Some(start) = rest.find("${") {
                out.push_str(&rest[..start]);
                let end = start + rest[start..].find('}').unwrap();
                let name = &rest[start + 2..end];
                match name.strip_prefix('!') {
                    Some(literal) => out.push_str(&format!("${{{literal}}}")),
                    None => out.push_str(self.reference(name).unwrap().as_str().unwrap()),
                }
                rest = &rest[end + 1..];
            }
            out.push_str(rest);
            out
        }

        /// The resources the stack creates, resolved.
        fn resources(&self, template: &Value) -> Map<String, Value> {
            self.section(template, "Resources", "Properties")
        }

        fn outputs(&self, template: &Value) -> Map<String, Value> {
            self.section(template, "Outputs", "Value")
        }

        /// Each entry of `section` whose condition holds, as its `field` resolved.
        fn section(&self, template: &Value, section: &str, field: &str) -> Map<String, Value> {
            template[section]
                .as_object()
                .unwrap()
                .iter()
                .filter(|(_, entry)| {
                    entry
                        .get("Condition")
                        .is_none_or(|c| self.condition(c.as_str().unwrap()))
                })
                .map(|(name, entry)| (name.clone(), self.resolve(&entry[field]).unwrap()))
                .collect()
        }
    }

    /// A document as S3's API spells it, from the bucket's CloudFormation properties.
    fn api_cors(bucket: &Value) -> Value {
        let rules: Vec<Value> = bucket["CorsConfiguration"]["CorsRules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|rule| {
                let mut rule = rule.clone();
                let map = rule.as_object_mut().unwrap();
                let exposed = map.remove("ExposedHeaders").unwrap();
                let age = map.remove("MaxAge").unwrap();
                map.insert("ExposeHeaders".into(), exposed);
                map.insert("MaxAgeSeconds".into(), age);
                rule
            })
            .collect();
        json!({ "CORSRules": rules })
    }

    fn api_lifecycle(bucket: &Value) -> Value {
        let rules: Vec<Value> = bucket["LifecycleConfiguration"]["Rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|rule| {
                let mut rule = rule.clone();
                let map = rule.as_object_mut().unwrap();
                if let Some(marker) = map.remove("ExpiredObjectDeleteMarker") {
                    map.insert(
                        "Expiration".into(),
                        json!({ "ExpiredObjectDeleteMarker": marker }),
                    );
                }
                let id = map.remove("Id").unwrap();
                let prefix = map.remove("Prefix").unwrap_or(json!(""));
                map.insert("ID".into(), id);
                map.insert("Filter".into(), json!({ "Prefix": prefix }));
                rule
            })
            .collect();
        json!({ "Rules": rules })
    }

    fn variants() -> Vec<Answers> {
        let mut open = real_answers();
        open.invite_only = false;
        open.allowed_uids = vec!["uidA".into(), "uidB".into()];
        let mut shared = real_answers();
        shared.shared_prefix = Some("public/".into());
        shared.iam_demo = true;
        shared.session_duration_secs = 7200;
        let mut dotted = real_answers();
        dotted.bucket = "files.example.com".into();
        vec![real_answers(), open, shared, dotted]
    }

    /// Every document of the stack, resolved, beside the assistant's.
    fn assert_carries_the_documents(answers: &Answers, template: &Value, stack: &Stack) {
        let resources = stack.resources(template);
        let role = &resources["FilesRole"];
        let trust: Value =
            serde_json::from_str(role["AssumeRolePolicyDocument"].as_str().unwrap()).unwrap();
        assert_eq!(trust, trust_policy(answers));
        assert_eq!(
            role["Policies"][0]["PolicyDocument"],
            permissions_policy(answers)
        );
        let settings = role_settings(answers);
        assert_eq!(role["RoleName"], settings["RoleName"]);
        assert_eq!(role["MaxSessionDuration"], settings["MaxSessionDuration"]);
        let files = &resources["FilesBucket"];
        assert_eq!(files["BucketName"], json!(answers.bucket));
        assert_eq!(api_cors(files), bucket_cors(answers));
        assert_eq!(api_lifecycle(files), bucket_lifecycle(answers));
        assert_eq!(
            resources["FilesBucketPolicy"]["PolicyDocument"],
            bucket_policy(answers)
        );
        let provider_url = format!("https://{}", provider(&answers.project_id));
        assert_eq!(resources["FirebaseProvider"]["Url"], json!(provider_url));
        assert_eq!(
            resources["FirebaseProvider"]["ClientIdList"],
            json!([answers.project_id])
        );
    }

    // The stack carries exactly the assistant's policies, CORS and lifecycle, whatever the answers.
    #[test]
    fn the_template_carries_exactly_the_assistants_documents() {
        for answers in variants() {
            let template = cloudformation_template(&answers);
            let stack = Stack::new(&answers, &template, &[("Hosting", "false")]);
            assert_carries_the_documents(&answers, &template, &stack);
        }
    }

    // Every parameter reaches every document naming it, and no stand-in value is left behind.
    #[test]
    fn parameters_change_every_document_they_name() {
        let answers = real_answers();
        let template = cloudformation_template(&answers);
        assert!(!template.to_string().contains("fbsentinel"));
        assert!(!template.to_string().contains(ACCOUNT));
        let stack = Stack::new(
            &answers,
            &template,
            &[
                ("Hosting", "false"),
                ("ProjectId", "other-project-9"),
                ("BucketName", "other-files"),
                ("RoleName", "other-role"),
                ("AppOrigins", "https://a.example,https://b.example"),
                ("SessionDuration", "14400"),
            ],
        );
        let other = Answers {
            project_id: "other-project-9".into(),
            bucket: "other-files".into(),
            role_name: "other-role".into(),
            origins: vec!["https://a.example".into(), "https://b.example".into()],
            session_duration_secs: 14400,
            ..answers
        };
        assert_carries_the_documents(&other, &template, &stack);
    }

    // The trust policy is Fn::Sub text (its keys name the project): nothing in it may need escaping.
    #[test]
    fn only_the_trust_policy_is_substituted_text_and_it_escapes_nothing() {
        let template = cloudformation_template(&real_answers());
        let text = template.to_string();
        assert_eq!(text.matches("Fn::Sub").count(), 1, "{text}");
        let trust = &template["Resources"]["FilesRole"]["Properties"]["AssumeRolePolicyDocument"];
        let trust = trust["Fn::Sub"].as_str().unwrap();
        assert!(!trust.contains("${!"), "{trust}");
        assert!(trust.contains("\"${FirebaseProvider}\""), "{trust}");
        assert!(
            trust.contains("securetoken.google.com/${ProjectId}:aud"),
            "{trust}"
        );
    }

    // Hosting adds a private site only CloudFront reads, the route mapping, HTTPS; off, none of it.
    #[test]
    fn hosting_adds_the_site_and_only_then() {
        let answers = real_answers();
        let template = cloudformation_template(&answers);
        let off = Stack::new(&answers, &template, &[("Hosting", "false")]).resources(&template);
        let mut names: Vec<&String> = off.keys().collect();
        names.sort();
        assert_eq!(
            names,
            [
                "FilesBucket",
                "FilesBucketPolicy",
                "FilesRole",
                "FirebaseProvider"
            ]
        );
        let on = Stack::new(&answers, &template, &[("Hosting", "true")]).resources(&template);
        assert_eq!(on.len(), 9);
        let origins = &on["FilesBucket"]["CorsConfiguration"]["CorsRules"][0]["AllowedOrigins"];
        assert_eq!(
            origins,
            &json!([
                "https://files.example.com",
                "http://localhost:8080",
                "https://d111111abcdef8.cloudfront.net"
            ])
        );
        // Hosted, the distribution's address may be the only origin.
        let alone = Stack::new(
            &answers,
            &template,
            &[("Hosting", "true"), ("AppOrigins", "")],
        )
        .resources(&template);
        assert_eq!(
            alone["FilesBucket"]["CorsConfiguration"]["CorsRules"][0]["AllowedOrigins"],
            json!(["https://d111111abcdef8.cloudfront.net"])
        );
        let config = &on["SiteDistribution"]["DistributionConfig"];
        assert_eq!(config["DefaultRootObject"], "index.html");
        for (i, code) in [403, 404].into_iter().enumerate() {
            let mapping = &config["CustomErrorResponses"][i];
            assert_eq!(
                (
                    &mapping["ErrorCode"],
                    &mapping["ResponseCode"],
                    &mapping["ResponsePagePath"]
                ),
                (&json!(code), &json!(200), &json!("/index.html"))
            );
        }
        let behavior = &config["DefaultCacheBehavior"];
        assert_eq!(behavior["ViewerProtocolPolicy"], "redirect-to-https");
        assert_eq!(behavior["ResponseHeadersPolicyId"], "policy-id");
        assert_eq!(
            config["Origins"][0]["OriginAccessControlId"],
            "SiteOriginAccessControl.Id"
        );
        let site = &on["SiteBucket"];
        let block = &site["PublicAccessBlockConfiguration"];
        assert!([
            "BlockPublicAcls",
            "BlockPublicPolicy",
            "IgnorePublicAcls",
            "RestrictPublicBuckets"
        ]
        .iter()
        .all(|k| block[*k] == true));
        let policy = &on["SiteBucketPolicy"]["PolicyDocument"]["Statement"];
        let read = &policy[0];
        assert_eq!(read["Principal"]["Service"], "cloudfront.amazonaws.com");
        assert_eq!(read["Action"], "s3:GetObject");
        assert_eq!(
            read["Condition"]["StringEquals"]["AWS:SourceArn"],
            "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE"
        );
        assert_eq!(policy[1]["Sid"], "RefusePlainHttp");
        assert_eq!(policy.as_array().unwrap().len(), 2);
    }

    // The distribution sends exactly the headers the assistant tells other hosts to send.
    #[test]
    fn the_distribution_sends_the_assistants_security_headers() {
        for answers in variants() {
            let template = cloudformation_template(&answers);
            let on = Stack::new(&answers, &template, &[("Hosting", "true")]).resources(&template);
            let policy = &on["SiteHeadersPolicy"]["ResponseHeadersPolicyConfig"];
            let security = &policy["SecurityHeadersConfig"];
            let hsts = &security["StrictTransportSecurity"];
            assert_eq!(security["ContentTypeOptions"]["Override"], true);
            let mut sent = vec![
                format!(
                    "Content-Security-Policy: {}",
                    security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
                        .as_str()
                        .unwrap()
                ),
                "X-Content-Type-Options: nosniff".to_string(),
                format!(
                    "Strict-Transport-Security: max-age={}{}",
                    hsts["AccessControlMaxAgeSec"],
                    if hsts["IncludeSubdomains"] == true {
                        "; includeSubDomains"
                    } else {
                        ""
                    }
                ),
                format!(
                    "Referrer-Policy: {}",
                    security["ReferrerPolicy"]["ReferrerPolicy"]
                        .as_str()
                        .unwrap()
                ),
            ];
            for item in policy["CustomHeadersConfig"]["Items"].as_array().unwrap() {
                sent.push(format!(
                    "{}: {}",
                    item["Header"].as_str().unwrap(),
                    item["Value"].as_str().unwrap()
                ));
            }
            let config = AppConfig::from_json(&config_json(&answers).to_string()).unwrap();
            let mut expected: Vec<String> = security_headers_text(&config)
                .lines()
                .map(String::from)
                .collect();
            sent.sort();
            expected.sort();
            assert_eq!(sent, expected);
            let all_overridden = security
                .as_object()
                .unwrap()
                .values()
                .all(|h| h["Override"] == true);
            assert!(all_overridden);
        }
    }

    // config.json built from the outputs (as dev/deploy.sh builds it) is the assistant's config.json.
    #[test]
    fn outputs_are_what_config_json_needs() {
        for answers in variants() {
            let template = cloudformation_template(&answers);
            let off = Stack::new(&answers, &template, &[("Hosting", "false")]).outputs(&template);
            // Outputs are strings (a number parameter's too).
            let text = |name: &str| match &off[name] {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            let mut aws = json!({
                "region": text("Region"),
                "roleArn": text("RoleArn"),
                "bucket": text("BucketName"),
                "sessionDurationSeconds": text("SessionDurationSeconds").parse::<u32>().unwrap(),
            });
            if let Some(prefix) = off.get("SharedPrefix") {
                aws["sharedPrefix"] = prefix.clone();
            }
            let written = json!({
                "firebase": {
                    "apiKey": answers.api_key,
                    "projectId": text("ProjectId"),
                    "signInMethods": ["emailLink", "password"],
                    "inviteOnly": text("InviteOnly") == "true"
                },
                "aws": aws
            });
            let expected = Answers {
                session_duration_secs: role_settings(&answers)["MaxSessionDuration"]
                    .as_u64()
                    .unwrap() as u32,
                ..answers.clone()
            };
            assert_eq!(written, config_json(&expected));
            let config = AppConfig::from_json(&config_json(&answers).to_string()).unwrap();
            let csp = crate::setup::content_security_policy(&config);
            assert_eq!(off["ContentSecurityPolicy"], json!(csp));
            assert!(!off.contains_key("AppUrl") && !off.contains_key("SiteBucketName"));
            let on = Stack::new(&answers, &template, &[("Hosting", "true")]).outputs(&template);
            assert_eq!(on["AppUrl"], "https://d111111abcdef8.cloudfront.net/");
            assert_eq!(on["DistributionId"], "E2EXAMPLE");
            assert_eq!(on["SiteBucketName"], "firebridge-sitebucket-1a2b3c");
        }
    }

    // A default only where the answer is valid: the local stack's placeholders are no values.
    #[test]
    fn placeholders_are_no_defaults() {
        let template = cloudformation_template(&dev_answers());
        let parameters = &template["Parameters"];
        for name in ["ProjectId", "BucketName", "AppOrigins"] {
            assert!(parameters[name].get("Default").is_none(), "{name}");
        }
        assert_eq!(parameters["RoleName"]["Default"], "firebridge-web");
        let real = cloudformation_template(&real_answers());
        assert_eq!(real["Parameters"]["ProjectId"]["Default"], "my-app-1234");
        assert_eq!(
            real["Parameters"]["AppOrigins"]["Default"],
            "https://files.example.com,http://localhost:8080"
        );
    }

    // Access logs are off unless asked; on, both buckets log to a bucket only S3's delivery writes.
    #[test]
    fn access_logs_go_to_a_bucket_of_their_own_when_asked() {
        let answers = real_answers();
        let template = cloudformation_template(&answers);
        let off = Stack::new(&answers, &template, &[("Hosting", "true")]).resources(&template);
        assert!(!off.contains_key("AccessLogBucket"));
        assert!(off["FilesBucket"].get("LoggingConfiguration").is_none());
        let on = Stack::new(
            &answers,
            &template,
            &[("Hosting", "true"), ("AccessLogs", "true")],
        )
        .resources(&template);
        for (bucket, prefix) in [("FilesBucket", "files/"), ("SiteBucket", "site/")] {
            let logging = &on[bucket]["LoggingConfiguration"];
            assert_eq!(logging["DestinationBucketName"], "AccessLogBucket-ref");
            assert_eq!(logging["LogFilePrefix"], prefix);
        }
        let policy = &on["AccessLogBucketPolicy"]["PolicyDocument"]["Statement"];
        assert_eq!(
            policy[0]["Principal"]["Service"],
            "logging.s3.amazonaws.com"
        );
        assert_eq!(
            policy[0]["Condition"]["StringEquals"]["aws:SourceAccount"],
            "123456789012"
        );
        assert_eq!(policy[1]["Sid"], "RefusePlainHttp");
        let rules = &on["AccessLogBucket"]["LifecycleConfiguration"]["Rules"];
        assert!(rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["ExpirationInDays"] == 90));
    }

    // Firebase Hosting serves dist/, index.html for every route, and the assistant's headers.
    #[test]
    fn firebase_hosting_serves_the_app_with_the_assistants_headers() {
        for answers in variants() {
            let hosting = &firebase_hosting_config(&answers)["hosting"];
            assert_eq!(hosting["public"], "dist");
            assert_eq!(
                hosting["rewrites"],
                json!([{ "source": "**", "destination": "/index.html" }])
            );
            let every_path = &hosting["headers"][0];
            assert_eq!(every_path["source"], "**");
            let sent: String = every_path["headers"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|h| h["key"] != "Cache-Control")
                .map(|h| {
                    format!(
                        "{}: {}\n",
                        h["key"].as_str().unwrap(),
                        h["value"].as_str().unwrap()
                    )
                })
                .collect();
            let config = AppConfig::from_json(&config_json(&answers).to_string()).unwrap();
            assert_eq!(sent, security_headers_text(&config));
        }
    }

    fn checked_in(path: &str) -> Value {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.ends_with("}\n"), "{path}: pretty JSON and a newline");
        serde_json::from_str(&text).unwrap()
    }

    fn write(path: &str, document: &Value) {
        let text = serde_json::to_string_pretty(document).unwrap() + "\n";
        std::fs::write(path, text).unwrap();
    }

    // Not a test: `cargo test --lib -- --ignored write_dev_template` rewrites the checked-in files.
    #[test]
    #[ignore]
    fn write_dev_template() {
        write(
            "dev/aws/template.json",
            &cloudformation_template(&dev_answers()),
        );
        write(
            "dev/firebase-hosting.json",
            &firebase_hosting_config(&dev_answers()),
        );
    }

    // CI lints, the stand-in checks and make deploy deploys these files: they must be the generator's.
    #[test]
    fn the_checked_in_template_is_the_generated_one() {
        assert_eq!(
            checked_in("dev/aws/template.json"),
            cloudformation_template(&dev_answers()),
            "dev/aws/template.json: cargo test --lib -- --ignored write_dev_template"
        );
        assert_eq!(
            checked_in("dev/firebase-hosting.json"),
            firebase_hosting_config(&dev_answers()),
            "dev/firebase-hosting.json: cargo test --lib -- --ignored write_dev_template"
        );
    }
}
