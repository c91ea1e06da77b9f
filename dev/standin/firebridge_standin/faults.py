"""Failures on demand and test controls, for the app's tests of what happens when AWS has a bad
moment. WSGI middleware, outermost, so a queued fault is answered before anything else.

POST /standin/faults {"AssumeRoleWithWebIdentity": ["IDPCommunicationError"]} makes the next STS
calls of that action fail with those codes, one each, as STS words them ("ConnectionReset" drops
the connection instead). Any S3 operation can be
named too (UploadPart, PutObject, ListObjectsV2, GetObject, DeleteObjects...), with
"InternalError", "SlowDown" or "ConnectionReset" (the connection dropped unanswered, like a
network loss), and GetObject with "CutShort" too (the answer's headers and the first half of its
body, half a second, then the connection dropped: a download broken off mid-way); ":no-cors" after a code answers it without CORS headers (whether S3 sends them on
such answers is undocumented; a browser then sees a network failure). GET shows what is still
queued; DELETE clears it.

Other controls (POST, JSON body):
  /standin/expire-credentials    every credential issued so far expires now
  /standin/iam-cors              {"enabled": true} switches IAM's CORS on or off
  /standin/multipart-uploads     the multipart uploads in progress, per bucket
  /standin/bucket-cors-headers   {"bucket", "exposeHeaders"?, "allowedHeaders"?} changes the rules
  /standin/behaviour             {"maxCopySource": bytes} lowers S3's 5 GB copy limit (null: AWS's);
                                 {"missingKeyPrefixContext": true} answers a missing key 404 to
                                 a caller whose s3:prefix-conditioned listing covers it
"""
import datetime
import io
import json
import socket
import time
import urllib.parse

from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.utils import utcnow
from moto.s3.models import s3_backends
from moto.sts.models import sts_backends

from . import cors, errors, settings

STS_FAULTS = {
    "IDPCommunicationError": (400, "The request could not be fulfilled because the identity provider (IdP) that was asked to verify the incoming identity token could not be reached."),
    "InvalidIdentityToken": (400, "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements"),
    "ExpiredTokenException": (400, "Token expired: current date/time must be before the expiration date/time"),
    "ServiceUnavailable": (503, "Service is unable to handle request."),
    "Throttling": (400, "Rate exceeded"),
}
S3_FAULTS = {
    "InternalError": (500, "We encountered an internal error. Please try again."),
    "SlowDown": (503, "Please reduce your request rate."),
    "ConnectionReset": None,
    "CutShort": None,
}
S3_OPERATIONS = {"UploadPart", "UploadPartCopy", "CopyObject", "PutObject", "ListObjectsV2", "ListParts", "GetObject",
                 "HeadObject", "AbortMultipartUpload", "DeleteObject", "DeleteObjects", "CreateMultipartUpload",
                 "CompleteMultipartUpload"}
NO_CORS = ":no-cors"


def s3_operation(environ):
    """The S3 operation a request is (by method and query, as S3 routes it), or None when it is not
    S3's: STS and IAM are POSTs to /, preflights are no operation."""
    method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO", "/")
    if path == "/" or path.startswith("/standin/") or method == "OPTIONS":
        return None
    query = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    has_key = "/" in path.strip("/")
    copy = bool(environ.get("HTTP_X_AMZ_COPY_SOURCE"))
    if method == "PUT":
        if "partNumber" in query:
            return "UploadPartCopy" if copy else "UploadPart"
        return "CopyObject" if copy else "PutObject"
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


def expire_all_credentials(_request):
    """Every temporary credential issued so far expires now, as if an hour had passed."""
    roles = [r for backend in sts_backends.values() for r in backend["aws"].assumed_roles]
    for role in roles:
        role.expiration = utcnow() - datetime.timedelta(seconds=1)
    return {"expired": len(roles)}


def set_iam_cors(request):
    cors.Switches.iam_cors = bool(request.get("enabled"))
    return {"enabled": cors.Switches.iam_cors}


def multipart_uploads(_request):
    """The multipart uploads in progress, per bucket (none should outlive a cancel)."""
    return {name: [m.key_name for m in bucket.multiparts.values()]
            for account in s3_backends.values() for name, bucket in account["global"].buckets.items()}


def set_bucket_cors_headers(request):
    """Replaces the ExposeHeaders (to test a misconfigured bucket) or the AllowedHeaders (the
    benchmark's AWS SDK sends headers of its own) of every CORS rule of a bucket."""
    bucket = s3_backends[DEFAULT_ACCOUNT_ID]["aws"].buckets[request["bucket"]]
    for rule in bucket.cors:
        if "exposeHeaders" in request:
            rule.exposed_headers = list(request["exposeHeaders"])
        if "allowedHeaders" in request:
            rule.allowed_headers = list(request["allowedHeaders"])
    return {k: v for k, v in request.items() if k != "bucket"}


def set_behaviour(request):
    """Changes what AWS leaves open or what tests cannot reach; null puts AWS's default back."""
    if "maxCopySource" in request:
        settings.MAX_COPY_SOURCE = int(request["maxCopySource"] or settings.AWS_MAX_COPY_SOURCE)
    if "missingKeyPrefixContext" in request:
        settings.MISSING_KEY_PREFIX_CONTEXT = bool(request["missingKeyPrefixContext"])
    return {"maxCopySource": settings.MAX_COPY_SOURCE, "missingKeyPrefixContext": settings.MISSING_KEY_PREFIX_CONTEXT}


CONTROLS = {"/standin/expire-credentials": expire_all_credentials, "/standin/iam-cors": set_iam_cors,
            "/standin/bucket-cors-headers": set_bucket_cors_headers, "/standin/multipart-uploads": multipart_uploads,
            "/standin/behaviour": set_behaviour}


class FaultInjection:
    def __init__(self, app):
        self.app = app
        self.queues: dict[str, list[str]] = {}

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO")
        if path == "/standin/faults":
            return self.control(environ, start_response)
        if path in CONTROLS and environ.get("REQUEST_METHOD") == "POST":
            answer = CONTROLS[path](json.loads(_body(environ) or b"{}"))
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps(answer).encode()]
        operation = s3_operation(environ)
        if operation and self.queues.get(operation):
            code = self.queues[operation].pop(0)
            if code == "ConnectionReset":
                return self.reset(environ)
            if code == "CutShort":
                return self.cut_short(environ, start_response)
            _body(environ)
            return self.fail_s3(environ, start_response, code)
        if environ.get("REQUEST_METHOD") == "POST" and path == "/" and self.queues:
            body = _body(environ)
            environ["wsgi.input"] = io.BytesIO(body)
            action = dict(urllib.parse.parse_qsl(body.decode(errors="replace"))).get("Action")
            queue = self.queues.get(action) or []
            if queue:
                code = queue.pop(0)
                if code == "ConnectionReset":
                    return self.reset(environ)
                return self.fail_sts(environ, start_response, code)
        return self.app(environ, start_response)

    def control(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "DELETE":
            self.queues.clear()
        if environ.get("REQUEST_METHOD") == "POST":
            for action, codes in json.loads(_body(environ) or b"{}").items():
                known = S3_FAULTS if action in S3_OPERATIONS else {**STS_FAULTS, "ConnectionReset": None}
                unknown = [c for c in codes if c.removesuffix(NO_CORS) not in known
                           or (c.endswith(NO_CORS) and c.removesuffix(NO_CORS) in ("ConnectionReset", "CutShort"))
                           or (c == "CutShort" and action != "GetObject")]
                if unknown:
                    start_response("400 Bad Request", [("Content-Type", "text/plain")])
                    return [f"unknown fault codes {unknown}; known: {sorted(known)} (S3's with {NO_CORS} too)".encode()]
                self.queues.setdefault(action, []).extend(codes)
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps({k: v for k, v in self.queues.items() if v}).encode()]

    @staticmethod
    def reset(environ):
        """Drops the connection without an answer, as a network failure does."""
        connection = environ.get("werkzeug.socket")
        if connection is not None:
            connection.shutdown(socket.SHUT_RDWR)
        return []

    def cut_short(self, environ, start_response):
        """Answers as S3 would, but drops the connection half-way through the body."""
        body = b"".join(self.app(environ, start_response))
        connection = environ.get("werkzeug.socket")

        def first_half():
            yield body[: len(body) // 2]
            # A moment for the client to read what came, as a connection lost mid-way lets it:
            # a browser's stream errored at once drops the chunks not yet read.
            time.sleep(0.5)
            if connection is not None:
                connection.shutdown(socket.SHUT_RDWR)
        return first_half()

    @staticmethod
    def fail_s3(environ, start_response, code):
        bare = code.removesuffix(NO_CORS)
        status, message = S3_FAULTS[bare]
        refusal = errors.s3(status, bare, message)

        def start(status_line, headers, exc_info=None):
            if not code.endswith(NO_CORS) and environ.get("HTTP_ORIGIN"):
                headers = headers + [("Access-Control-Allow-Origin", environ["HTTP_ORIGIN"])]
            return start_response(status_line, headers, exc_info)

        return refusal.answer(environ, start)

    @staticmethod
    def fail_sts(environ, start_response, code):
        status, message = STS_FAULTS[code]

        def start(status_line, headers, exc_info=None):
            if environ.get("HTTP_ORIGIN"):  # STS answers browsers' errors with CORS too
                headers = headers + [("Access-Control-Allow-Origin", environ["HTTP_ORIGIN"])]
            return start_response(status_line, headers, exc_info)

        return errors.query("sts", status, code, message).answer(environ, start)


def _body(environ):
    return environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
