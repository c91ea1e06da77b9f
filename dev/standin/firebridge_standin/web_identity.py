"""sts:AssumeRoleWithWebIdentity as STS does it (stock moto validates nothing): the Firebase ID
token's issuer must be one of the account's IAM OpenID Connect providers and its audience one of
that provider's client IDs, the token must not have expired, the role's trust policy must name
the provider by its ARN and its conditions must hold (session tags from the token's
https://aws.amazon.com/tags claim included, which also need sts:TagSession), the parameters must
be in STS's ranges, and the duration within the role's MaxSessionDuration. The Auth emulator signs its tokens with
alg=none, so there is no signature to check (STS checks Google's).
"""
import base64
import json
import re
import time

from moto.iam.models import iam_backends

from . import errors, policy, settings

# STS's clock tolerance on the token's exp: none is documented (and STS was seen refusing a
# token 198 s past it), so none is granted.
EXP_LEEWAY_SECONDS = 0


def refuse(status, code, message):
    return errors.query("sts", status, code, message)


def decode_claims(token):
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except Exception:
        claims = None
    if not isinstance(claims, dict):
        raise refuse(400, "InvalidIdentityToken", "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)")
    return claims


def check_request(account, params):
    """Everything STS checks before issuing credentials. PARAMS is the request's form (name ->
    value). Returns (claims, provider, session policy texts, session tags)."""
    token = params.get("WebIdentityToken") or ""
    if not 4 <= len(token) <= 20000:
        raise refuse(400, "ValidationError", "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length between 4 and 20000")
    role_arn, session_name = params.get("RoleArn"), params.get("RoleSessionName")
    if not role_arn or not session_name:
        raise refuse(400, "ValidationError", "RoleArn and RoleSessionName are required")
    if not re.fullmatch(r"[\w+=,.@-]{2,64}", session_name):
        raise refuse(400, "ValidationError", "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*")
    duration = duration_of(params)
    claims = decode_claims(token)
    provider = provider_for(account, claims.get("iss"))
    if provider is None:
        raise refuse(400, "InvalidIdentityToken", f"No OpenIDConnect provider found in your account for {claims.get('iss')}")
    if claims.get("aud") not in provider.client_id_list:
        raise refuse(400, "InvalidIdentityToken", "Incorrect token audience")
    now = int(time.time())
    if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] + EXP_LEEWAY_SECONDS <= now:
        raise refuse(400, "ExpiredTokenException",
                     f"Token expired: current date/time {now} must be before the expiration date/time{claims.get('exp')}")
    texts = session_policies(account, params)
    tags, transitive = session_tags(claims)
    role = check_trust(account, role_arn, trust_context(claims, tags, transitive), provider.arn, tagged=bool(tags))
    if duration > int(role.max_session_duration or 3600):
        raise refuse(400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
    return claims, provider, texts, tags


def duration_of(params):
    raw = params.get("DurationSeconds") or "3600"
    try:
        duration = int(raw)
    except ValueError:
        raise refuse(400, "ValidationError", f"1 validation error detected: Value '{raw}' at 'durationSeconds' failed to satisfy constraint: Member must be a number")
    if duration < settings.MIN_DURATION:
        raise refuse(400, "ValidationError", f"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to {settings.MIN_DURATION}")
    if duration > 43200:
        raise refuse(400, "ValidationError", f"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200")
    return duration


def provider_for(account, issuer):
    """The account's IAM OIDC provider whose URL is the token's issuer (IAM keeps it without https://)."""
    if not isinstance(issuer, str) or not issuer.startswith("https://"):
        return None
    providers = iam_backends[account]["aws"].open_id_providers.values()
    return next((p for p in providers if p.url == issuer.removeprefix("https://")), None)


def session_policies(account, params):
    """The session policy and managed policy ARNs of the request, as policy texts."""
    texts = []
    inline = params.get("Policy")
    if inline:
        if len(inline) > 2048:
            raise refuse(400, "PackedPolicyTooLarge", "Packed size of consumed session policies exceeds 100%")
        try:
            json.loads(inline)
        except ValueError:
            raise refuse(400, "MalformedPolicyDocument", "Session policy is not valid JSON")
        texts.append(inline)
    iam = iam_backends[account]["aws"]
    for n in range(1, 11):
        arn = params.get(f"PolicyArns.member.{n}.arn")
        if not arn:
            break
        try:
            texts.append(policy_text(iam.get_policy(arn)))
        except Exception:
            raise refuse(400, "InvalidParameterValue", f"Policy {arn} does not exist or is not attachable.")
    return texts


# The claim an OIDC token carries session tags in (IAM UG, "Passing session tags in AWS STS").
TAGS_CLAIM = "https://aws.amazon.com/tags"
MAX_TAGS = 50
_TAG_TEXT = re.compile(r"[\w\s.:/=+\-@]*")


def session_tags(claims):
    """The session tags a token passes ({key: value}) and its transitive tag keys, checked as
    STS checks them: at most 50, keys of 1-128 and values of at most 256 characters, one value
    each, no "aws:" prefix, no key twice (keys are case-insensitive). A token that breaks a rule
    is refused with the answer STS was seen giving ("Unable to validate tags")."""
    raw = claims.get(TAGS_CLAIM)
    if raw is None:
        return {}, []
    invalid = refuse(400, "ValidationError", "Unable to validate tags")
    principal = raw.get("principal_tags", {}) if isinstance(raw, dict) else None
    transitive = raw.get("transitive_tag_keys", []) if isinstance(raw, dict) else None
    if not isinstance(principal, dict) or not isinstance(transitive, list) or len(principal) > MAX_TAGS:
        raise invalid
    tags = {}
    for key, values in principal.items():
        if not isinstance(values, list) or len(values) != 1 or not isinstance(values[0], str):
            raise invalid  # STS does not support multivalued session tags
        value = values[0]
        if not 1 <= len(key) <= 128 or len(value) > 256 or key.lower().startswith("aws:"):
            raise invalid
        if not _TAG_TEXT.fullmatch(key) or not _TAG_TEXT.fullmatch(value):
            raise invalid
        if key.lower() in (k.lower() for k in tags):
            raise invalid
        tags[key] = value
    if not all(isinstance(k, str) and k.lower() in (t.lower() for t in tags) for k in transitive):
        raise invalid
    return tags, transitive


def trust_context(claims, tags, transitive):
    """The condition keys a trust policy is evaluated with: the token's, and the tags it passes."""
    context = identity_context(claims)
    if tags:
        context.update({f"aws:RequestTag/{key}": value for key, value in tags.items()})
        context["aws:TagKeys"] = list(tags)
    if transitive:
        context["sts:TransitiveTagKeys"] = list(transitive)
    return context


def check_trust(account, role_arn, context, provider_arn, tagged):
    """The role, if its trust policy lets this token's provider assume it, and (when the token
    passes session tags) tag the session: both sts:AssumeRoleWithWebIdentity and sts:TagSession
    must be allowed, with their conditions. Else AccessDenied."""
    denied = refuse(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity")
    try:
        role = iam_backends[account]["aws"].get_role_by_arn(role_arn)
        trust = json.loads(role.assume_role_policy_document)
    except Exception:
        raise denied
    actions = ["sts:AssumeRoleWithWebIdentity"] + (["sts:TagSession"] if tagged else [])
    for action in actions:
        if trust_decision(trust, action, context, provider_arn) != "Allow":
            raise denied
    return role


def trust_decision(trust, action, context, provider_arn):
    decision = None
    for statement in policy.statements(trust):
        federated = (statement.get("Principal") or {}).get("Federated")
        if provider_arn not in policy.as_list(federated):
            continue
        if not policy.matches_any(statement.get("Action"), action, ignore_case=True):
            continue
        if not policy.conditions_hold(statement.get("Condition"), context):
            continue
        if statement.get("Effect") == "Deny":
            return "Deny"
        decision = "Allow"
    return decision


def identity_context(claims):
    """The condition keys of a web-identity session, named after its provider (the issuer)."""
    provider = str(claims.get("iss", "")).removeprefix("https://")
    return {f"{provider}:{claim}": str(claims.get(claim, "")) for claim in ("sub", "aud", "email")}


def policy_text(found):
    """A policy's document, whether moto holds it as text, as a dict or as a managed policy."""
    if isinstance(found, str):
        return found
    if isinstance(found, dict):
        return found["policy_document"]
    default = next(v for v in found.versions if v.is_default)
    return default.document
