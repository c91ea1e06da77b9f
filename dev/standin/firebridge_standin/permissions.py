"""What a web-identity session may do, decided as IAM and S3 decide it (policy.py evaluates the
policies): the role's policies and the session's own narrow each other, the ID token's claims
and the session's tags (aws:PrincipalTag/<key>) are condition keys and policy variables, DeleteObjects is authorized key by key, a copy needs s3:GetObject on its
source, and a GET or HEAD of a missing key is answered 403 unless the caller may list the bucket.
Tags are writes of their own: a PutObject or CreateMultipartUpload carrying x-amz-tagging needs
s3:PutObjectTagging (as the PutObject reference says), and a copy that carries the source's tags
needs s3:GetObjectTagging on the source and s3:PutObjectTagging on the destination (stricter than
the CopyObject reference, which is silent on tags: a policy the app works with here works on AWS).
"""
import threading
import urllib.parse

from moto.iam.access_control import AssumedRoleAccessKey
from moto.iam.models import iam_backends
from moto.s3.models import FakeDeleteMarker, s3_backends

from . import policy, sessions, settings, web_identity


class Decision:
    """The permissions of one request's session."""

    def __init__(self, key, claims, data):
        self.key = key
        self.context = web_identity.identity_context(claims)
        self.context["aws:userid"] = f"{_role_id(key)}:{key._session_name}"
        self.context.update({f"aws:PrincipalTag/{k}": v for k, v in sessions.tags_of(key._access_key_id).items()})
        self.context.update(request_context(data))
        self.policies = [web_identity.policy_text(p) for p in key.collect_policies()]
        self.session_policies = sessions.session_policies_of(key._access_key_id)

    def permits(self, action, resource, context=None):
        """Session policies narrow the role's permissions: both must allow (and neither deny)."""
        context = self.context if context is None else context
        return policy.is_permitted(self.policies, action, resource, context) and (
            not self.session_policies or policy.is_permitted(self.session_policies, action, resource, context))


def decision_for(iam_request):
    """The Decision for a moto IAM request, or None when it is not a web-identity session's
    (the seed's and the administrator's requests are left to moto)."""
    key = iam_request._access_key
    if not isinstance(key, AssumedRoleAccessKey):
        return None
    claims = sessions.claims_of(key._access_key_id)
    if claims is None:
        return None
    return Decision(key, claims, iam_request._data)


# The per-key check of the DeleteObjects request being handled (moto serves one per thread).
_delete_objects = threading.local()


def check(iam_request, resource):
    """Raises moto's AccessDenied when the request is not allowed. Returns False when the request
    is not a web-identity session's (moto's own check applies then)."""
    decision = decision_for(iam_request)
    if decision is None:
        return False
    method, headers = iam_request._method, iam_request._headers
    action = versioned_action(iam_request._action, method, iam_request._data)
    if action == "sts:GetCallerIdentity":
        return True
    if action == "s3:DeleteObject" and method == "POST" and "/" not in resource.removeprefix("arn:aws:s3:::"):
        # DeleteObjects: AWS checks s3:DeleteObject for each key, not for the bucket.
        _delete_objects.decision = decision
        return True
    if not decision.permits(action, resource):
        iam_request._raise_access_denied()
    if action == "s3:PutObject" and header(headers, "x-amz-tagging") and not decision.permits("s3:PutObjectTagging", resource):
        iam_request._raise_access_denied()
    source = header(headers, "x-amz-copy-source")
    if action == "s3:PutObject" and source:
        # CopyObject and UploadPartCopy: IAM also wants s3:GetObject on the source.
        source_path, _, version = urllib.parse.unquote(source.lstrip("/")).partition("?versionId=")
        source_arn = "arn:aws:s3:::" + source_path
        if not decision.permits("s3:GetObject", source_arn):
            iam_request._raise_access_denied()
        if version and not decision.permits("s3:GetObjectVersion", source_arn):
            # A copy of a given version reads that version (stricter: both actions).
            iam_request._raise_access_denied()
        if _copies_tags(iam_request.account_id, headers, source_arn, version or None) and not (
                decision.permits("s3:GetObjectTagging", source_arn) and decision.permits("s3:PutObjectTagging", resource)):
            iam_request._raise_access_denied()
        # What S3 answers a copy of a missing source is undocumented; the stricter answer is
        # the one it gives a GET of it. (A given version is not the current one: a deleted
        # file's version is copied from under its delete marker.)
        if not version:
            _refuse_missing_unless_listable(iam_request, decision, source_arn)
    if action == "s3:GetObject" and method in ("GET", "HEAD"):
        _refuse_missing_unless_listable(iam_request, decision, resource)
    return True


def versioned_action(action, method, data):
    """The action IAM checks, where moto names another: a HEAD of a given version is
    s3:GetObjectVersion (moto: s3:GetObject), and the tags of a given version are
    s3:Get/PutObjectVersionTagging (moto: s3:GetObjectVersion and s3:PutObjectTagging)."""
    query = data or {}
    if "versionId" not in query:
        return action
    if "tagging" in query:
        return {"GET": "s3:GetObjectVersionTagging", "PUT": "s3:PutObjectVersionTagging"}.get(method, action)
    if method == "HEAD":
        return "s3:GetObjectVersion"
    return action


def _refuse_missing_unless_listable(iam_request, decision, resource):
    """S3 answers a missing key with 404 only to a caller who may list the bucket (with no
    condition: a GET or HEAD carries no s3:prefix); to anyone else with 403, so that what exists
    cannot be probed."""
    if _exists(iam_request.account_id, resource):
        return
    bucket, _, key = resource.removeprefix("arn:aws:s3:::").partition("/")
    context = decision.context
    if settings.MISSING_KEY_PREFIX_CONTEXT:
        context = {**context, "s3:prefix": key}
    if not decision.permits("s3:ListBucket", f"arn:aws:s3:::{bucket}", context):
        iam_request._raise_access_denied()


def take_delete_objects_decision():
    """The Decision of the DeleteObjects request this thread is handling (once), or None."""
    decision = getattr(_delete_objects, "decision", None)
    _delete_objects.decision = None
    return decision


def request_context(data):
    """The S3 condition keys of a request, from its query parameters."""
    context = {}
    for name in ("prefix", "delimiter", "max-keys"):
        value = (data or {}).get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        if value is not None:
            context[f"s3:{name}"] = value
    return context


def header(headers, name):
    return next((value for key, value in headers.items() if key.lower() == name), None)


def _copies_tags(account, headers, source_arn, version):
    """Whether a copy carries the source's tags: it has some and the directive is COPY (the
    default)."""
    if (header(headers, "x-amz-tagging-directive") or "COPY").upper() == "REPLACE":
        return False
    bucket, _, key = source_arn.removeprefix("arn:aws:s3:::").partition("/")
    backend = s3_backends[account]["aws"]
    try:
        source = backend.get_object(bucket, key, version_id=version)
    except Exception:  # a missing bucket or version: moto answers it as S3 does
        return False
    return source is not None and bool(backend.tagger.list_tags_for_resource(source.arn).get("Tags"))


def _exists(account, resource):
    """Whether the key has a current version that is not a delete marker (S3 answers a key
    whose current version is a delete marker as it answers a missing one)."""
    bucket, _, key = resource.removeprefix("arn:aws:s3:::").partition("/")
    found = s3_backends[account]["aws"].buckets.get(bucket)
    current = found.keys.get(key) if found is not None else None
    return current is not None and not isinstance(current, FakeDeleteMarker)


def _role_id(key):
    return iam_backends[key.account_id]["aws"].get_role(key._owner_role_name).id
