"""Presigned URLs (SigV4 in the query string), which moto neither routes nor checks: the service
is read from X-Amz-Credential, and expiry, region, signature and then the same permissions as a
signed request are checked."""
import datetime
import hashlib
import hmac
import urllib.parse

from moto.core.utils import utcnow

from . import credentials, errors


def route_by_query_scope(infer):
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


def authenticate(request, iam_request_cls, resource, query):
    """REQUEST is moto's response object for the presigned request."""
    is_s3 = iam_request_cls.__name__ == "S3IAMRequest"
    refuse = (lambda status, code, message: errors.s3(status, code, message)) if is_s3 else (
        lambda status, code, message: errors.query("iam", status, code, message))
    try:
        signed_at = datetime.datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
        expires = int(query["X-Amz-Expires"])
        credential, signed_headers = query["X-Amz-Credential"], query["X-Amz-SignedHeaders"]
    except (KeyError, ValueError):
        raise refuse(400, "AuthorizationQueryParametersError", "Query-string authentication requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")
    if not 1 <= expires <= 604800:
        raise refuse(400, "AuthorizationQueryParametersError", "X-Amz-Expires must be less than a week (in seconds) that is 604800")
    now = utcnow()
    if now > signed_at + datetime.timedelta(seconds=expires):
        raise refuse(403, "AccessDenied", "Request has expired")
    if signed_at > now + datetime.timedelta(minutes=15):
        raise refuse(403, "AccessDenied", "Request is not valid yet")
    headers = dict(request.headers)
    headers["Authorization"] = f"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders={signed_headers}, Signature={query['X-Amz-Signature']}"
    if "X-Amz-Security-Token" in query:
        headers["X-Amz-Security-Token"] = query["X-Amz-Security-Token"]
    credentials.refuse_expired(request.current_account, headers["Authorization"], is_s3)
    iam_request = iam_request_cls(account_id=request.current_account, method=request.method, path=request.raw_path,
                                  data=request.data, body=request.raw_body, headers=headers, action=request._get_action())
    expected = signature(request.method, request.raw_path, query, request.headers, iam_request._access_key._secret_access_key)
    if not hmac.compare_digest(expected, query["X-Amz-Signature"]):
        iam_request._raise_signature_does_not_match()
    iam_request.check_action_permitted(resource)


def signature(method, raw_path, query, headers, secret):
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
