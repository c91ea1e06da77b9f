"""CORS as the services answer it, which is what a browser app lives or dies by:

- S3 preflights are judged as S3 judges them: the first CORS rule of the bucket whose
  AllowedOrigins match the Origin, whose AllowedMethods hold the requested method and whose
  AllowedHeaders match every requested header. No such rule: 403 with no CORS headers (the
  browser then blocks the request). A bucket without a CORS configuration refuses every
  preflight. (Stock moto checks only the origin and echoes AllowedHeaders "*" literally.)
- Actual S3 answers (errors included) carry CORS headers only as the first rule matching the
  origin and method says, with that rule's ExposeHeaders; stock moto exposes nothing, so a
  browser could not read ETag or Date.
- IAM sends no CORS headers at all, as real IAM does (a browser cannot call it); a switch turns
  them on for the app's demo of what an allowed call would show.
"""
import fnmatch

from . import errors

NOT_ALLOWED = ("CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, "
               "request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted "
               "by the resource's CORS spec.")


class Switches:
    iam_cors = False


def _wildcard(pattern, value):
    """S3's CORS wildcards: one * in an origin or header name, matching any run of characters."""
    return fnmatch.fnmatchcase(value, pattern.replace("[", "[[]").replace("?", "[?]"))


def origin_matches(rule, origin):
    return any(_wildcard(allowed, origin) for allowed in rule.allowed_origins or [])


def headers_match(rule, requested):
    allowed = [h.lower() for h in rule.allowed_headers or []]
    return all(any(_wildcard(a, header.lower()) for a in allowed) for header in requested)


def preflight_rule(rules, origin, method, requested_headers):
    """The rule S3 applies to a preflight: the first matching all three, or None."""
    for rule in rules:
        if origin_matches(rule, origin) and method in (rule.allowed_methods or []) and headers_match(rule, requested_headers):
            return rule
    return None


def actual_rule(rules, origin, method):
    for rule in rules:
        if origin_matches(rule, origin) and method in (rule.allowed_methods or []):
            return rule
    return None


def allow_origin_value(rule, origin):
    """S3 answers * to a rule allowing every origin, else the origin itself."""
    return "*" if "*" in (rule.allowed_origins or []) else origin


def preflight_headers(rule, origin, method, requested_headers):
    headers = [("Access-Control-Allow-Origin", allow_origin_value(rule, origin)),
               ("Access-Control-Allow-Methods", ", ".join(rule.allowed_methods)),
               ("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method")]
    if requested_headers:
        headers.append(("Access-Control-Allow-Headers", ", ".join(requested_headers)))
    if rule.exposed_headers:
        headers.append(("Access-Control-Expose-Headers", ", ".join(rule.exposed_headers)))
    if rule.max_age_seconds is not None:
        headers.append(("Access-Control-Max-Age", str(rule.max_age_seconds)))
    if allow_origin_value(rule, origin) != "*":
        headers.append(("Access-Control-Allow-Credentials", "true"))
    return headers


class S3Cors:
    """WSGI middleware: S3's preflights and the CORS headers of its actual answers."""

    def __init__(self, app, bucket_of):
        """BUCKET_OF(environ) is the moto bucket an S3 request addresses, None when the request
        is not S3's, or False when it names a bucket that does not exist."""
        self.app = app
        self.bucket_of = bucket_of

    def __call__(self, environ, start_response):
        bucket = self.bucket_of(environ)
        if bucket is None:
            return self.app(environ, start_response)
        origin = environ.get("HTTP_ORIGIN")
        if environ.get("REQUEST_METHOD") == "OPTIONS":
            return self.preflight(environ, start_response, bucket, origin)
        rule = actual_rule(bucket.cors, origin, environ["REQUEST_METHOD"]) if origin and bucket else None

        def start_with_bucket_cors(status, headers, exc_info=None):
            kept = [(k, v) for k, v in headers if not k.lower().startswith("access-control-")]
            if rule is not None:
                kept.append(("Access-Control-Allow-Origin", allow_origin_value(rule, origin)))
                if rule.exposed_headers:
                    kept.append(("Access-Control-Expose-Headers", ", ".join(rule.exposed_headers)))
                if allow_origin_value(rule, origin) != "*":
                    kept.append(("Access-Control-Allow-Credentials", "true"))
                kept.append(("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"))
            return start_response(status, kept, exc_info)

        return self.app(environ, start_with_bucket_cors)

    @staticmethod
    def preflight(environ, start_response, bucket, origin):
        method = environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD")
        if not origin or not method:
            return errors.s3(400, "BadRequest", "Insufficient information. Origin request header needed.").answer(environ, start_response)
        if bucket is False:
            return errors.s3(403, "AccessForbidden", "CORSResponse: Bucket not found").answer(environ, start_response)
        if not bucket.cors:
            return errors.s3(403, "AccessForbidden", "CORSResponse: CORS is not enabled for this bucket.").answer(environ, start_response)
        requested = [h.strip() for h in environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS", "").split(",") if h.strip()]
        rule = preflight_rule(bucket.cors, origin, method, requested)
        if rule is None:
            return errors.s3(403, "AccessForbidden", NOT_ALLOWED, Method=method, ResourceType="OBJECT").answer(environ, start_response)
        start_response("200 OK", preflight_headers(rule, origin, method, requested) + [("Content-Length", "0")])
        return [b""]


class NoCorsForIam:
    """WSGI middleware: strips every Access-Control-* header from IAM's answers."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if Switches.iam_cors or not is_iam(environ):
            return self.app(environ, start_response)

        def start_without_cors(status, headers, exc_info=None):
            kept = [(k, v) for k, v in headers if not k.lower().startswith("access-control-")]
            return start_response(status, kept, exc_info)

        return self.app(environ, start_without_cors)


def is_iam(environ):
    host = environ.get("HTTP_HOST", "")
    return host.startswith("iam.") or "/iam/aws4_request" in environ.get("HTTP_AUTHORIZATION", "")
