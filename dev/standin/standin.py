"""The AWS stand-in: moto server (STS, S3, IAM on one port) made as strict as AWS where the app
depends on it. Started by dev/up.sh; verified against moto 5.2.5.

What stock moto gets wrong, and what this file changes:
 1. Unsigned requests under signature enforcement: CORS preflights and
    sts:AssumeRoleWithWebIdentity are let through (stock moto answers 500).
 2. Expired temporary credentials are refused with ExpiredToken (stock moto never checks).
 3. AssumeRoleWithWebIdentity checks the Firebase ID token against the account's IAM OpenID
    Connect providers as STS does: the issuer must be a provider's URL and the audience in that
    provider's client ID list (then exp; the Auth emulator signs with alg=none so there is no
    signature to check). The role's trust policy must name the provider by its ARN, with its
    conditions; RoleSessionName and DurationSeconds are checked, and SubjectFromWebIdentityToken,
    Audience and Provider are returned as AWS does.
 4. Permissions of web-identity sessions are evaluated here, as IAM does: policy variables
    (${securetoken.google.com/<project>:sub}, :aud, ${aws:userid}) are substituted per session,
    conditions (StringEquals/Like and their negations, IfExists, Null) are evaluated against the
    request (s3:prefix, s3:delimiter, the token's claims), an explicit Deny wins, and a statement
    whose condition does not hold simply does not apply. Stock moto ignores policy variables and
    turns every unmet condition into a Deny.
 5. S3 CORS preflights: AllowedHeaders "*" is echoed as S3 does, and a preflight on an existing
    key is no longer refused as anonymous access.
 6. IAM sends no CORS headers, as real IAM does (so a browser cannot call it). Requests are IAM's
    when signed for the iam service or sent to a host named iam.* (config: http://iam.localhost:5000).
    STANDIN_IAM_CORS=1 turns CORS on for IAM, for the demo of what an allowed call would show.
 6b. Actual S3 responses (not preflights), errors included, carry CORS headers only as the
    bucket's CORS rules say, with the rule's ExposeHeaders, as S3 does; stock moto sends
    generic CORS headers that expose nothing (a browser then cannot read ETag or Date).
 7. Signatures more than 15 minutes away from the server's clock are refused, as AWS does
    (S3: RequestTimeTooSkewed; STS and IAM: SignatureDoesNotMatch "Signature expired"), so a
    device with a wrong clock fails here as it would in production.
 8. Fault injection for tests: POST /standin/faults {"AssumeRoleWithWebIdentity": ["IDPCommunicationError"]}
    makes the next STS calls of that action fail with those codes, one each, as STS words them;
    GET /standin/faults shows what is still queued; DELETE clears it.
    {"UploadPart": ["InternalError" | "SlowDown" | "ConnectionReset"]} fails the next S3 part
    uploads the same way (ConnectionReset drops the connection unanswered, like a network loss);
    any S3 operation can be named (ListObjectsV2, GetObject, PutObject, CopyObject, DeleteObjects...).
    POST /standin/expire-credentials expires every credential issued so far (AWS then answers
    ExpiredToken); POST /standin/iam-cors {"enabled": true} switches IAM's CORS on or off;
    POST /standin/multipart-uploads lists the multipart uploads in progress;
    POST /standin/bucket-cors-headers {"bucket": ..., "exposeHeaders": [...], "allowedHeaders": [...]}
    changes what the bucket's CORS rules expose or allow (either key may be left out).
 9. Session policies (Policy, PolicyArns.member.N.arn) narrow a web-identity session: an action
    must be allowed by the role's policies and by the session policies.

Environment: STANDIN_MIN_DURATION (default 900; lower it to test credential expiry).
"""
import base64
import datetime
import fnmatch
import hashlib
import hmac
import json
import os
import re
import sys
import threading
import time
import urllib.parse

from xml.sax.saxutils import escape as xml_escape

import xmltodict
from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import _RESTError
from moto.core.utils import utcnow
from moto.iam.access_control import AssumedRoleAccessKey, IAMRequestBase
from moto.iam.models import iam_backends
from moto.s3.exceptions import S3ClientError
from moto.s3.responses import S3Response
from moto.sts.models import sts_backends
from moto.sts.responses import TokenResponse

MIN_DURATION = int(os.environ.get("STANDIN_MIN_DURATION", "900"))
IAM_CORS = os.environ.get("STANDIN_IAM_CORS") == "1"
UNSIGNED_ACTIONS = {"AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"}

# access key id -> the claims of the ID token that session was created from
WEB_IDENTITY_SESSIONS: dict[str, dict] = {}
# access key id -> the session policies (inline and managed, as texts) it was created with
SESSION_POLICIES: dict[str, list[str]] = {}


class RestError(_RESTError):
    def __init__(self, status, code, message):
        self.code = status
        super().__init__(code, message)


class S3ExpiredToken(S3ClientError):
    code = "ExpiredToken"
    message = "The provided token has expired."


class S3AccessDenied(S3ClientError):
    code = "AccessDenied"
    message = "Access Denied"


# --- 1 + 2: authentication ----------------------------------------------------------------
_original_auth = ActionAuthenticatorMixin._authenticate_and_authorize_action


def _authenticate(self, iam_request_cls, resource="*"):
    enforced = ActionAuthenticatorMixin.request_count >= settings.INITIAL_NO_AUTH_ACTION_COUNT
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(self.uri).query, keep_blank_values=True))
    if enforced and "Authorization" not in self.headers and "X-Amz-Signature" in query:
        return _authenticate_presigned(self, iam_request_cls, resource, query)
    if enforced and "Authorization" not in self.headers:
        if self.method == "OPTIONS":
            return
        try:
            if self._get_action() in UNSIGNED_ACTIONS:
                return
        except Exception:
            pass
    if enforced:
        _refuse_skewed(self.headers, iam_request_cls)
        _refuse_expired(self.current_account, self.headers.get("Authorization", ""), iam_request_cls)
    _original_auth(self, iam_request_cls, resource)


MAX_SKEW_SECONDS = 15 * 60


def _authenticate_presigned(self, iam_request_cls, resource, query):
    """SigV4 in the query string (presigned URLs), which moto does not check: expiry, signature
    and then the same permission evaluation as a signed request."""
    try:
        signed_at = datetime.datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
        expires = int(query["X-Amz-Expires"])
        credential, signed_headers = query["X-Amz-Credential"], query["X-Amz-SignedHeaders"]
    except (KeyError, ValueError):
        raise RestError(400, "AuthorizationQueryParametersError", "Query-string authentication requires X-Amz-Date, X-Amz-Expires, X-Amz-Credential and X-Amz-SignedHeaders")
    if not 1 <= expires <= 604800:
        raise RestError(400, "AuthorizationQueryParametersError", "X-Amz-Expires must be between 1 and 604800 seconds")
    if utcnow() > signed_at + datetime.timedelta(seconds=expires):
        raise RestError(403, "AccessDenied", "Request has expired")
    headers = dict(self.headers)
    headers["Authorization"] = f"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders={signed_headers}, Signature={query['X-Amz-Signature']}"
    if "X-Amz-Security-Token" in query:
        headers["X-Amz-Security-Token"] = query["X-Amz-Security-Token"]
    _refuse_expired(self.current_account, headers["Authorization"], iam_request_cls)
    iam_request = iam_request_cls(account_id=self.current_account, method=self.method, path=self.raw_path,
                                  data=self.data, body=self.raw_body, headers=headers, action=self._get_action())
    expected = _query_signature(self.method, self.raw_path, query, self.headers, iam_request._access_key._secret_access_key)
    if not hmac.compare_digest(expected, query["X-Amz-Signature"]):
        iam_request._raise_signature_does_not_match()
    iam_request.check_action_permitted(resource)


def _route_presigned(infer):
    """moto picks the service from the Authorization header; a presigned URL has its credential
    scope in the query instead."""
    def route(self, environ, path):
        if not environ.get("HTTP_AUTHORIZATION"):
            credential = dict(urllib.parse.parse_qsl(environ.get("QUERY_STRING", ""))).get("X-Amz-Credential")
            if credential:
                scope_only = f"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host, Signature=-"
                environ = dict(environ, HTTP_AUTHORIZATION=scope_only)
        return infer(self, environ, path)
    return route


def _query_signature(method, raw_path, query, headers, secret):
    """The SigV4 signature of a presigned request, computed as AWS documents it."""
    quote = lambda text: urllib.parse.quote(text, safe="-_.~")
    scope = query["X-Amz-Credential"].split("/", 1)[1]
    date, region, service = scope.split("/")[:3]
    canonical_query = "&".join(f"{quote(k)}={quote(v)}" for k, v in sorted(query.items()) if k != "X-Amz-Signature")
    header_values = {k.lower(): v for k, v in headers.items()}
    signed = query["X-Amz-SignedHeaders"].split(";")
    canonical_headers = "".join(f"{name}:{' '.join(header_values.get(name, '').split())}\n" for name in signed)
    payload = "UNSIGNED-PAYLOAD" if service == "s3" else hashlib.sha256(b"").hexdigest()
    canonical = "\n".join([method, raw_path.split("?")[0], canonical_query, canonical_headers, ";".join(signed), payload])
    to_sign = "\n".join(["AWS4-HMAC-SHA256", query["X-Amz-Date"], scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = f"AWS4{secret}".encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


class S3RequestTimeTooSkewed(_RESTError):
    """S3's answer (403, an <Error> document; moto's S3 model has no such shape)."""

    code = 403

    def __init__(self, request_time, server_time):
        super().__init__("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.")
        self.description = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>RequestTimeTooSkewed</Code>'
            "<Message>The difference between the request time and the current time is too large.</Message>"
            f"<RequestTime>{request_time}</RequestTime><ServerTime>{server_time}</ServerTime>"
            f"<MaxAllowedSkewMilliseconds>{MAX_SKEW_SECONDS * 1000}</MaxAllowedSkewMilliseconds></Error>"
        )


def _refuse_skewed(headers, iam_request_cls):
    stamp = headers.get("X-Amz-Date")
    if not stamp or "Authorization" not in headers:
        return
    try:
        sent = datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        return
    now = datetime.datetime.now(datetime.timezone.utc)
    if abs((now - sent).total_seconds()) <= MAX_SKEW_SECONDS:
        return
    if iam_request_cls.__name__ == "S3IAMRequest":
        raise S3RequestTimeTooSkewed(stamp, now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    raise RestError(403, "SignatureDoesNotMatch", f"Signature expired: {stamp} is now earlier than {(now - datetime.timedelta(seconds=MAX_SKEW_SECONDS)).strftime('%Y%m%dT%H%M%SZ')}")


def _refuse_expired(account, authorization, iam_request_cls):
    match = re.search(r"Credential=([^/]+)/", authorization)
    if not match:
        return
    for role in sts_backends[account]["aws"].assumed_roles:
        if role.access_key_id == match.group(1) and role.expiration < utcnow():
            if iam_request_cls.__name__ == "S3IAMRequest":
                raise S3ExpiredToken()
            raise RestError(403, "ExpiredToken", "The security token included in the request is expired")


ActionAuthenticatorMixin._authenticate_and_authorize_action = _authenticate


# --- 3: AssumeRoleWithWebIdentity -------------------------------------------------------------
_original_assume = TokenResponse.assume_role_with_web_identity


def _decode_claims(token):
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except Exception:
        raise RestError(400, "InvalidIdentityToken", "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)")


def _assume_role_with_web_identity(self):
    token = self._get_param("WebIdentityToken") or ""
    if not 4 <= len(token) <= 20000:
        raise RestError(400, "ValidationError", "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length between 4 and 20000")
    claims = _decode_claims(token)
    provider = _provider_for(self.current_account, claims.get("iss"))
    if provider is None:
        raise RestError(400, "InvalidIdentityToken", f"No OpenIDConnect provider found in your account for {claims.get('iss')}")
    if claims.get("aud") not in provider.client_id_list:
        raise RestError(400, "InvalidIdentityToken", "Incorrect token audience")
    if int(claims.get("exp", 0)) < time.time():
        raise RestError(400, "ExpiredTokenException", "Token expired: current date/time must be before the expiration date/time")
    role_arn = self._get_param("RoleArn")
    session_name = self._get_param("RoleSessionName")
    duration = self._get_int_param("DurationSeconds", 3600)
    if not role_arn or not session_name:
        raise RestError(400, "ValidationError", "RoleArn and RoleSessionName are required")
    if not re.fullmatch(r"[\w+=,.@-]{2,64}", session_name):
        raise RestError(400, "ValidationError", "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*")
    if not MIN_DURATION <= duration <= 43200:
        raise RestError(400, "ValidationError", f"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")
    session_policies = _session_policies(self)
    _check_trust_policy(self.current_account, role_arn, claims, provider.arn)
    result = _original_assume(self)
    session = sts_backends[self.current_account]["aws"].assumed_roles[-1]
    WEB_IDENTITY_SESSIONS[session.access_key_id] = claims
    SESSION_POLICIES[session.access_key_id] = session_policies
    result.result.update(SubjectFromWebIdentityToken=claims.get("sub"), Audience=claims.get("aud"), Provider=provider.url)
    return result


def _provider_for(account, issuer):
    """The account's IAM OIDC provider whose URL is the token's issuer (IAM keeps it without https://)."""
    if not isinstance(issuer, str) or not issuer.startswith("https://"):
        return None
    providers = iam_backends[account]["aws"].open_id_providers.values()
    return next((p for p in providers if p.url == issuer.removeprefix("https://")), None)


def _session_policies(self):
    """The session policy and managed policy ARNs of the request, as policy texts."""
    texts = []
    inline = self._get_param("Policy")
    if inline:
        if len(inline) > 2048:
            raise RestError(400, "PackedPolicyTooLarge", "Packed size of consumed session policies exceeds 100%")
        try:
            json.loads(inline)
        except ValueError:
            raise RestError(400, "MalformedPolicyDocument", "Session policy is not valid JSON")
        texts.append(inline)
    iam = iam_backends[self.current_account]["aws"]
    for n in range(1, 11):
        arn = (self.querystring.get(f"PolicyArns.member.{n}.arn") or [None])[0]
        if not arn:
            break
        try:
            texts.append(_policy_text(iam.get_policy(arn)))
        except Exception:
            raise RestError(400, "InvalidParameterValue", f"Policy {arn} does not exist or is not attachable.")
    return texts


def _check_trust_policy(account, role_arn, claims, provider_arn):
    denied = RestError(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
    try:
        role = iam_backends[account]["aws"].get_role_by_arn(role_arn)
        trust = json.loads(role.assume_role_policy_document)
    except Exception:
        raise denied
    context = _identity_context(claims)
    allowed = False
    for statement in _statements(trust):
        federated = (statement.get("Principal") or {}).get("Federated")
        if provider_arn not in _as_list(federated):
            continue
        if not _matches_any(statement.get("Action"), "sts:AssumeRoleWithWebIdentity", ignore_case=True):
            continue
        if not _conditions_hold(statement.get("Condition"), context):
            continue
        if statement.get("Effect") == "Deny":
            raise denied
        allowed = True
    if not allowed:
        raise denied


TokenResponse.assume_role_with_web_identity = _assume_role_with_web_identity


# --- 4: permissions of web-identity sessions -----------------------------------------------------
_original_check = IAMRequestBase.check_action_permitted


def _check_action_permitted(self, resource):
    key = self._access_key
    claims = WEB_IDENTITY_SESSIONS.get(getattr(key, "_access_key_id", None))
    if not isinstance(key, AssumedRoleAccessKey) or claims is None:
        return _original_check(self, resource)
    if self._action == "sts:GetCallerIdentity":
        return
    context = _identity_context(claims)
    context["aws:userid"] = f"{_role_id(key)}:{key._session_name}"
    context.update(_request_context(self._data))
    policies = [_policy_text(p) for p in key.collect_policies()]
    session_policies = SESSION_POLICIES.get(key._access_key_id) or []

    def permits(action, arn):
        # Session policies narrow the role's permissions: both must allow (and neither deny).
        return _is_permitted(policies, action, arn, context) and (
            not session_policies or _is_permitted(session_policies, action, arn, context))

    if self._action == "s3:DeleteObject" and resource.count("/") == 0 and self._method == "POST":
        # DeleteObjects: AWS checks s3:DeleteObject for each key, not for the bucket.
        DELETE_OBJECTS_CHECK.permits = permits
        return
    if not permits(self._action, resource):
        self._raise_access_denied()
    source = _header(self._headers, "x-amz-copy-source")
    if self._action == "s3:PutObject" and source:
        # CopyObject: IAM also wants s3:GetObject on the source ("bucket/key", URL-encoded).
        source_key = urllib.parse.unquote(source.lstrip("/").split("?versionId=")[0])
        if not permits("s3:GetObject", f"arn:aws:s3:::{source_key}"):
            self._raise_access_denied()


def _header(headers, name):
    return next((value for key, value in headers.items() if key.lower() == name), None)


# The per-key check of the DeleteObjects request being handled (moto serves one per thread).
DELETE_OBJECTS_CHECK = threading.local()
_original_delete_keys = S3Response._bucket_response_delete_keys


def _delete_keys_as_iam_does(self, bucket_name, authenticated=True):
    permits = getattr(DELETE_OBJECTS_CHECK, "permits", None)
    DELETE_OBJECTS_CHECK.permits = None
    if permits is None:
        return _original_delete_keys(self, bucket_name, authenticated)
    body = xmltodict.parse(self.body, strip_whitespace=False)
    objects = body["Delete"].get("Object", [])
    objects = objects if isinstance(objects, list) else [objects]
    allowed = [o for o in objects if permits("s3:DeleteObject", f"arn:aws:s3:::{bucket_name}/{o['Key']}")]
    denied = [o["Key"] for o in objects if o not in allowed]
    body["Delete"]["Object"] = allowed
    self.body = xmltodict.unparse(body).encode() if allowed else self.body
    if not allowed:
        return _original_delete_keys(self, bucket_name, authenticated=False)
    status, headers, text = _original_delete_keys(self, bucket_name, authenticated)
    errors = "".join(f"<Error><Key>{xml_escape(k)}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>" for k in denied)
    return status, headers, text.replace("</DeleteResult>", f"{errors}</DeleteResult>") if denied else text


S3Response._bucket_response_delete_keys = _delete_keys_as_iam_does


def _role_id(key):
    return iam_backends[key.account_id]["aws"].get_role(key._owner_role_name).id


def _policy_text(policy):
    if isinstance(policy, str):
        return policy
    if isinstance(policy, dict):
        return policy["policy_document"]
    default = next(v for v in policy.versions if v.is_default)
    return default.document


def _identity_context(claims):
    """The policy variables of a web-identity session, named after its provider (the issuer)."""
    provider = str(claims.get("iss", "")).removeprefix("https://")
    return {f"{provider}:{claim}": str(claims.get(claim, "")) for claim in ("sub", "aud", "email")}


def _request_context(data):
    context = {}
    for name in ("prefix", "delimiter", "max-keys"):
        value = (data or {}).get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        if value is not None:
            context[f"s3:{name}"] = value
    return context


def _substitute(text, context):
    def replace(match):
        name = match.group(1)
        if name in ("*", "?", "$"):
            return name
        value = _lookup(context, name)
        # AWS: a variable with no value makes the element match nothing.
        return value if value is not None else "\u0000unresolved\u0000"

    return re.sub(r"\$\{([^}]+)\}", replace, text)


def _lookup(context, name):
    wanted = name.lower()
    for key, value in context.items():
        if key.lower() == wanted:
            return value
    return None


def _is_permitted(policies, action, resource, context):
    allowed = False
    for text in policies:
        for statement in _statements(json.loads(_substitute(text, context))):
            if not _applies(statement, action, resource, context):
                continue
            if statement.get("Effect") == "Deny":
                return False
            allowed = True
    return allowed


def _applies(statement, action, resource, context):
    if "NotAction" in statement:
        if _matches_any(statement["NotAction"], action, ignore_case=True):
            return False
    elif not _matches_any(statement.get("Action"), action, ignore_case=True):
        return False
    if "NotResource" in statement:
        if _matches_any(statement["NotResource"], resource):
            return False
    elif not _matches_any(statement.get("Resource"), resource):
        return False
    return _conditions_hold(statement.get("Condition"), context)


def _conditions_hold(conditions, context):
    for operator, checks in (conditions or {}).items():
        for key, expected in checks.items():
            if not _condition_holds(operator, _lookup(context, key), _as_list(expected)):
                return False
    return True


def _condition_holds(operator, actual, expected):
    if operator == "Null":
        wants_missing = str(expected[0]).lower() == "true"
        return (actual is None) == wants_missing
    if_exists = operator.endswith("IfExists")
    base = operator[: -len("IfExists")] if if_exists else operator
    if actual is None:
        return if_exists or base.startswith("StringNot")
    tests = {
        "StringEquals": lambda p: actual == p,
        "StringNotEquals": lambda p: actual != p,
        "StringEqualsIgnoreCase": lambda p: actual.lower() == p.lower(),
        "StringNotEqualsIgnoreCase": lambda p: actual.lower() != p.lower(),
        "StringLike": lambda p: _wildcard(p, actual),
        "StringNotLike": lambda p: not _wildcard(p, actual),
    }
    if base not in tests:
        # Failing loudly beats evaluating a policy differently from AWS.
        raise RestError(500, "StandInUnsupported", f"the AWS stand-in does not evaluate condition operator {operator}")
    if base.startswith("StringNot"):
        return all(tests[base](str(p)) for p in expected)
    return any(tests[base](str(p)) for p in expected)


def _statements(document):
    statements = document.get("Statement", [])
    return statements if isinstance(statements, list) else [statements]


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _matches_any(patterns, value, ignore_case=False):
    return any(_wildcard(p, value, ignore_case) for p in _as_list(patterns))


def _wildcard(pattern, value, ignore_case=False):
    if ignore_case:
        pattern, value = pattern.lower(), value.lower()
    return fnmatch.fnmatchcase(value, pattern.replace("[", "[[]"))


IAMRequestBase.check_action_permitted = _check_action_permitted


# --- 5: S3 CORS preflights -----------------------------------------------------------------------
_original_cors = S3Response._set_cors_headers_options


def _cors_headers(self, headers, bucket):
    _original_cors(self, headers, bucket)
    requested = headers.get("Access-Control-Request-Headers")
    if requested and self.response_headers.get("Access-Control-Allow-Headers") == "*":
        self.response_headers["Access-Control-Allow-Headers"] = requested


S3Response._set_cors_headers_options = _cors_headers

_original_key_response = S3Response._key_response


def _key_response(self, request, full_url):
    if request.method == "OPTIONS":
        return self._response_options(request.headers, self.parse_bucket_name_from_url(request, full_url))
    return _original_key_response(self, request, full_url)


S3Response._key_response = _key_response


# --- 6: IAM has no CORS ------------------------------------------------------------------------------
class NoCorsForIam:
    """WSGI middleware: strips every Access-Control-* header from IAM's answers."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if IAM_CORS or not self._is_iam(environ):
            return self.app(environ, start_response)

        def start_without_cors(status, headers, exc_info=None):
            kept = [(k, v) for k, v in headers if not k.lower().startswith("access-control-")]
            return start_response(status, kept, exc_info)

        return self.app(environ, start_without_cors)

    @staticmethod
    def _is_iam(environ):
        host = environ.get("HTTP_HOST", "")
        return host.startswith("iam.") or "/iam/aws4_request" in environ.get("HTTP_AUTHORIZATION", "")


# --- 8: fault injection ------------------------------------------------------------------------------
STS_FAULTS = {
    "IDPCommunicationError": (400, "The request could not be fulfilled because the identity provider (IdP) that was asked to verify the incoming identity token could not be reached."),
    "InvalidIdentityToken": (400, "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements"),
    "ExpiredTokenException": (400, "Token expired: current date/time must be before the expiration date/time"),
    "ServiceUnavailable": (503, "Service is unable to handle request."),
    "Throttling": (400, "Rate exceeded"),
}


def _expire_all_credentials(_request):
    """Every temporary credential issued so far expires now, as if an hour had passed."""
    roles = [r for backend in sts_backends.values() for r in backend["aws"].assumed_roles]
    for role in roles:
        role.expiration = utcnow() - datetime.timedelta(seconds=1)
    return {"expired": len(roles)}


def _set_iam_cors(request):
    global IAM_CORS
    IAM_CORS = bool(request.get("enabled"))
    return {"enabled": IAM_CORS}


def _multipart_uploads(_request):
    """The multipart uploads in progress, per bucket (none should outlive a cancel)."""
    from moto.s3.models import s3_backends
    return {name: [m.key_name for m in bucket.multiparts.values()]
            for account in s3_backends.values() for name, bucket in account["global"].buckets.items()}


def _set_bucket_cors_headers(request):
    """Replaces the ExposeHeaders (to test a misconfigured bucket) or the AllowedHeaders (the
    benchmark's AWS SDK sends headers of its own) of every CORS rule of a bucket."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.s3.models import s3_backends
    bucket = s3_backends[DEFAULT_ACCOUNT_ID]["aws"].buckets[request["bucket"]]
    for rule in bucket.cors:
        if "exposeHeaders" in request:
            rule.exposed_headers = list(request["exposeHeaders"])
        if "allowedHeaders" in request:
            rule.allowed_headers = list(request["allowedHeaders"])
    return {k: v for k, v in request.items() if k != "bucket"}


TEST_CONTROLS = {"/standin/expire-credentials": _expire_all_credentials, "/standin/iam-cors": _set_iam_cors,
                 "/standin/bucket-cors-headers": _set_bucket_cors_headers,
                 "/standin/multipart-uploads": _multipart_uploads}


S3_FAULTS = {
    "InternalError": (500, "We encountered an internal error. Please try again."),
    "SlowDown": (503, "Please reduce your request rate."),
}


S3_OPERATIONS = {"UploadPart", "CopyObject", "PutObject", "ListObjectsV2", "ListParts", "GetObject", "HeadObject",
                 "AbortMultipartUpload", "DeleteObject", "DeleteObjects", "CreateMultipartUpload",
                 "CompleteMultipartUpload"}


def _s3_operation(environ):
    """The S3 operation a request is (by method and query, as S3 routes it), or None when it is not
    S3's: STS and IAM are POSTs to /, preflights are no operation."""
    method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO", "/")
    if path == "/" or path.startswith("/standin/") or method == "OPTIONS":
        return None
    query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    has_key = "/" in path.strip("/")
    if method == "PUT":
        if "partNumber" in query:
            return "UploadPart"
        return "CopyObject" if environ.get("HTTP_X_AMZ_COPY_SOURCE") else "PutObject"
    if method == "GET":
        if not has_key:
            return "ListObjectsV2"
        return "ListParts" if "uploadId" in query else "GetObject"
    if method == "HEAD":
        return "HeadObject"
    if method == "DELETE":
        return "AbortMultipartUpload" if "uploadId" in query else "DeleteObject"
    if method == "POST":
        if "delete" in query:
            return "DeleteObjects"
        return "CreateMultipartUpload" if "uploads" in query else "CompleteMultipartUpload"
    return None


class FaultInjection:
    """WSGI middleware: answers queued STS and S3 failures before moto sees the request."""

    def __init__(self, app):
        self.app = app
        self.queues: dict[str, list[str]] = {}

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO")
        if path == "/standin/faults":
            return self._control(environ, start_response)
        if path in TEST_CONTROLS and environ.get("REQUEST_METHOD") == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            answer = TEST_CONTROLS[path](json.loads(environ["wsgi.input"].read(length) or b"{}"))
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps(answer).encode()]
        operation = _s3_operation(environ)
        if operation and self.queues.get(operation):
            code = self.queues[operation].pop(0)
            if code == "ConnectionReset":
                return self._reset(environ)
            environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            return self._fail_s3(environ, start_response, code)
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == "/" and self.queues:
            import io
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(body)
            action = dict(urllib.parse.parse_qsl(body.decode(errors="replace"))).get("Action")
            queue = self.queues.get(action) or []
            if queue:
                return self._fail(environ, start_response, queue.pop(0))
        return self.app(environ, start_response)

    def _control(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "DELETE":
            self.queues.clear()
        if environ.get("REQUEST_METHOD") == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            for action, codes in json.loads(environ["wsgi.input"].read(length) or b"{}").items():
                known = {**S3_FAULTS, "ConnectionReset": None} if action in S3_OPERATIONS else STS_FAULTS
                unknown = [c for c in codes if c not in known]
                if unknown:
                    start_response("400 Bad Request", [("Content-Type", "text/plain")])
                    return [f"unknown fault codes {unknown}; known: {sorted(known)}".encode()]
                self.queues.setdefault(action, []).extend(codes)
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps({k: v for k, v in self.queues.items() if v}).encode()]

    @staticmethod
    def _reset(environ):
        """Drops the connection without an answer, as a network failure does."""
        import socket
        connection = environ.get("werkzeug.socket")
        if connection is not None:
            connection.shutdown(socket.SHUT_RDWR)
        return []

    @staticmethod
    def _fail_s3(environ, start_response, code):
        status, message = S3_FAULTS[code]
        body = f"<Error><Code>{code}</Code><Message>{message}</Message><RequestId>fault</RequestId></Error>".encode()
        headers = [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))]
        if environ.get("HTTP_ORIGIN"):
            headers.append(("Access-Control-Allow-Origin", environ["HTTP_ORIGIN"]))
        start_response(f"{status} Error", headers)
        return [body]

    @staticmethod
    def _fail(environ, start_response, code):
        status, message = STS_FAULTS[code]
        body = (f'<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>'
                f"<Code>{code}</Code><Message>{message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>").encode()
        headers = [("Content-Type", "text/xml"), ("Content-Length", str(len(body)))]
        if environ.get("HTTP_ORIGIN"):  # STS answers browsers' errors with CORS too
            headers.append(("Access-Control-Allow-Origin", environ["HTTP_ORIGIN"]))
        reason = {400: "Bad Request", 503: "Service Unavailable"}[status]
        start_response(f"{status} {reason}", headers)
        return [body]


# --- 6b: bucket CORS on actual S3 responses ------------------------------------------------------
class BucketCors:
    """WSGI middleware: S3's CORS headers on non-preflight responses, from the bucket's rules."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        origin = environ.get("HTTP_ORIGIN")
        rules = self._bucket_rules(environ)
        if not origin or environ.get("REQUEST_METHOD") == "OPTIONS" or rules is None:
            return self.app(environ, start_response)
        rule = next((r for r in rules if self._matches(r, origin, environ["REQUEST_METHOD"])), None)

        def start_with_bucket_cors(status, headers, exc_info=None):
            kept = [(k, v) for k, v in headers if not k.lower().startswith("access-control-")]
            if rule is not None:
                kept.append(("Access-Control-Allow-Origin", origin))
                if rule.exposed_headers:
                    kept.append(("Access-Control-Expose-Headers", ", ".join(rule.exposed_headers)))
                kept.append(("Vary", "Origin"))
            return start_response(status, kept, exc_info)

        return self.app(environ, start_with_bucket_cors)

    @staticmethod
    def _bucket_rules(environ):
        from moto.core import DEFAULT_ACCOUNT_ID
        from moto.s3.models import s3_backends

        if environ.get("HTTP_HOST", "").startswith("iam.") or "/s3/aws4_request" not in environ.get("HTTP_AUTHORIZATION", "/s3/aws4_request"):
            return None
        name = environ.get("PATH_INFO", "/").lstrip("/").split("/", 1)[0]
        bucket = s3_backends[DEFAULT_ACCOUNT_ID]["aws"].buckets.get(name) if name else None
        return bucket.cors if bucket is not None else None

    @staticmethod
    def _matches(rule, origin, method):
        return method in rule.allowed_methods and any(fnmatch.fnmatchcase(origin, o) for o in rule.allowed_origins)


def main(argv):
    import argparse

    from werkzeug.serving import run_simple
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args(argv)
    os.environ.setdefault("MOTO_PORT", str(args.port))
    DomainDispatcherApplication.infer_service_region_host = _route_presigned(DomainDispatcherApplication.infer_service_region_host)
    app = DomainDispatcherApplication(create_backend_app)
    app = FaultInjection(BucketCors(NoCorsForIam(app)))
    run_simple(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main(sys.argv[1:])
