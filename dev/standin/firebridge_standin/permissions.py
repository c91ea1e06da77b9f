"""What a web-identity session may do, decided as IAM and S3 decide it (policy.py evaluates the
policies): the role's policies and the session's own narrow each other, the ID token's claims
and the session's tags (aws:PrincipalTag/<key>) are condition keys and policy variables, DeleteObjects is authorized key by key, a copy needs s3:GetObject on its
source, and a GET or HEAD of a missing key is answered 403 unless the caller may list the bucket.
"""
import threading
import urllib.parse

from moto.iam.access_control import AssumedRoleAccessKey
from moto.iam.models import iam_backends
from moto.s3.models import s3_backends

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
    action, method, headers = iam_request._action, iam_request._method, iam_request._headers
    if action == "sts:GetCallerIdentity":
        return True
    if action == "s3:DeleteObject" and method == "POST" and "/" not in resource.removeprefix("arn:aws:s3:::"):
        # DeleteObjects: AWS checks s3:DeleteObject for each key, not for the bucket.
        _delete_objects.decision = decision
        return True
    if not decision.permits(action, resource):
        iam_request._raise_access_denied()
    source = header(headers, "x-amz-copy-source")
    if action == "s3:PutObject" and source:
        # CopyObject and UploadPartCopy: IAM also wants s3:GetObject on the source.
        source_arn = "arn:aws:s3:::" + urllib.parse.unquote(source.lstrip("/").split("?versionId=")[0])
        if not decision.permits("s3:GetObject", source_arn):
            iam_request._raise_access_denied()
        # What S3 answers a copy of a missing source is undocumented; the stricter answer is
        # the one it gives a GET of it.
        _refuse_missing_unless_listable(iam_request, decision, source_arn)
    if action == "s3:GetObject" and method in ("GET", "HEAD"):
        _refuse_missing_unless_listable(iam_request, decision, resource)
    return True


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


def _exists(account, resource):
    bucket, _, key = resource.removeprefix("arn:aws:s3:::").partition("/")
    found = s3_backends[account]["aws"].buckets.get(bucket)
    return found is not None and key in found.keys


def _role_id(key):
    return iam_backends[key.account_id]["aws"].get_role(key._owner_role_name).id
