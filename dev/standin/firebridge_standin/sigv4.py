"""What AWS refuses in a SigV4-signed request before (or beside) checking the signature itself,
and stock moto lets through (moto recomputes the signature with whatever scope and payload hash
the request claims):

- a credential scope naming another region than the bucket's (S3), the endpoint's (STS) or
  us-east-1 (IAM, a global service);
- a signature time more than 15 minutes from the server's, either way, worded as each service
  words it;
- an x-amz-* header that is not among the SignedHeaders;
- (S3) a request without x-amz-content-sha256, or a body whose SHA-256 is not the one signed
  (UNSIGNED-PAYLOAD is allowed).

WSGI middleware, in front of moto. The signature itself, the credentials and their expiry are
checked later, inside moto (moto_patches.py).
"""
import datetime
import hashlib
import io
import re
import urllib.parse

from . import errors, settings

MAX_SKEW = datetime.timedelta(minutes=15)
_AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request,"
    r"\s*SignedHeaders=(?P<headers>[^,]+),\s*Signature=(?P<signature>[0-9a-f]+)")


class SignatureRules:
    def __init__(self, app, bucket_region):
        """BUCKET_REGION(name) is the region of the bucket of that name, or None if there is none."""
        self.app = app
        self.bucket_region = bucket_region

    def __call__(self, environ, start_response):
        signed = _AUTHORIZATION.match(environ.get("HTTP_AUTHORIZATION", ""))
        scope = query_scope(environ)
        if signed is None and scope is None:
            return self.app(environ, start_response)
        try:
            if signed is None:
                self.check_presigned(environ, scope)
            else:
                self.check(environ, signed)
        except errors.Refusal as refusal:
            _drain(environ)
            return refusal.answer(environ, _with_sts_cors(environ, refusal, start_response))
        return self.app(environ, start_response)

    def check(self, environ, signed):
        service = signed["service"]
        style = "s3" if service == "s3" else service if service in ("sts", "iam") else None
        if style is None:
            return
        check_region(service, signed["region"], self.expected_region(service, environ))
        check_time(service, environ.get("HTTP_X_AMZ_DATE"), settings.now())
        check_all_amz_headers_signed(service, _amz_headers(environ), signed["headers"].split(";"))
        if service == "s3":
            check_payload_hash(environ)

    def check_presigned(self, environ, scope):
        _key, _date, region, service, _ = scope
        expected = self.expected_region(service, environ)
        if service == "s3" and expected is not None and region != expected:
            raise errors.s3(400, "AuthorizationQueryParametersError",
                            f"Error parsing the X-Amz-Credential parameter; the region '{region}' is wrong; expecting '{expected}'",
                            Region=expected)
        if service in ("sts", "iam"):
            check_region(service, region, expected)

    def expected_region(self, service, environ):
        if service == "iam":
            return "us-east-1"
        if service == "sts":
            return settings.REGION
        bucket = environ.get("PATH_INFO", "/").lstrip("/").split("/", 1)[0]
        return self.bucket_region(bucket) if bucket else None


def _with_sts_cors(environ, refusal, start_response):
    """STS answers browsers, its refusals included (S3's CORS is added outside; IAM has none)."""
    origin = environ.get("HTTP_ORIGIN")
    if refusal.style != "sts" or not origin:
        return start_response

    def start(status, headers, exc_info=None):
        return start_response(status, headers + [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")], exc_info)
    return start


def check_region(service, scope_region, expected):
    if expected is None or scope_region == expected:
        return
    if service == "s3":
        raise errors.s3(400, "AuthorizationHeaderMalformed",
                        f"The authorization header is malformed; the region '{scope_region}' is wrong; expecting '{expected}'",
                        Region=expected)
    if service == "iam":
        raise errors.query("iam", 403, "SignatureDoesNotMatch",
                           f"Credential should be scoped to a valid region, not '{scope_region}'. ")
    raise errors.query("sts", 403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region. ")


def check_time(service, stamp, now):
    """S3 answers RequestTimeTooSkewed either way; STS and IAM tell a signature from the past
    ("Signature expired") from one from the future ("Signature not yet current")."""
    try:
        sent = datetime.datetime.strptime(stamp or "", "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        return  # moto refuses a signature without a readable date itself
    if abs(now - sent) <= MAX_SKEW:
        return
    if service == "s3":
        raise errors.s3(403, "RequestTimeTooSkewed",
                        "The difference between the request time and the current time is too large.",
                        RequestTime=stamp, ServerTime=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        MaxAllowedSkewMilliseconds=int(MAX_SKEW.total_seconds() * 1000))
    compact = lambda t: t.strftime("%Y%m%dT%H%M%SZ")
    if sent < now:
        message = f"Signature expired: {stamp} is now earlier than {compact(now - MAX_SKEW)} ({compact(now)} - 15 min.)"
    else:
        message = f"Signature not yet current: {stamp} is still later than {compact(now + MAX_SKEW)} ({compact(now)} + 15 min.)"
    raise errors.query(service, 403, "SignatureDoesNotMatch", message)


def check_all_amz_headers_signed(service, amz_headers, signed_headers):
    unsigned = sorted(h for h in amz_headers if h not in signed_headers)
    if not unsigned:
        return
    message = "There were headers present in the request which were not signed"
    if service == "s3":
        raise errors.s3(403, "AccessDenied", message, HeadersNotSigned=", ".join(unsigned))
    # STS and IAM do not document this; refusing is stricter than AWS, never kinder.
    raise errors.query(service, 403, "SignatureDoesNotMatch", f"{message}: {', '.join(unsigned)}")


def check_payload_hash(environ):
    claimed = environ.get("HTTP_X_AMZ_CONTENT_SHA256")
    if claimed is None:
        raise errors.s3(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256")
    if claimed == "UNSIGNED-PAYLOAD":
        return
    if not re.fullmatch(r"[0-9a-f]{64}", claimed):
        raise errors.s3(400, "InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, or a valid sha256 value.",
                        ArgumentName="x-amz-content-sha256", ArgumentValue=claimed)
    body = read_body(environ)
    computed = hashlib.sha256(body).hexdigest()
    if computed != claimed:
        raise errors.s3(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.",
                        ClientComputedContentSHA256=claimed, S3ComputedContentSHA256=computed)


def read_body(environ):
    """The request's body, read once and put back for whoever reads it next."""
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def _drain(environ):
    """A refused request's body is read all the same, so the connection stays usable."""
    try:
        read_body(environ)
    except (OSError, ValueError):
        pass


def _amz_headers(environ):
    """The request's x-amz-* headers (x-amzn-trace-id, which the SDKs never sign, is not one)."""
    return [name[5:].lower().replace("_", "-") for name in environ if name.startswith("HTTP_X_AMZ_")]


def query_scope(environ):
    """The credential scope of a presigned request (key, date, region, service, terminator), from
    its X-Amz-Credential; None for a request that is not presigned."""
    if environ.get("HTTP_AUTHORIZATION"):
        return None
    query = dict(urllib.parse.parse_qsl(environ.get("QUERY_STRING", "")))
    parts = query.get("X-Amz-Credential", "").split("/")
    return parts if len(parts) == 5 else None
