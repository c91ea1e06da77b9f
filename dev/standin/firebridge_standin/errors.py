"""AWS's error answers, in the two shapes the app meets: S3's `<Error>` document and the query
services' (STS, IAM) `<ErrorResponse>`. A refusal can be raised inside moto's handlers (it is a
werkzeug HTTPException, which moto's Flask app renders) or answered from WSGI middleware."""
import uuid
from xml.sax.saxutils import escape

from werkzeug.exceptions import HTTPException

REASONS = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
           409: "Conflict", 412: "Precondition Failed", 500: "Internal Server Error", 503: "Service Unavailable"}


class Refusal(HTTPException):
    """One error answer. EXTRA elements follow Code and Message in S3's document (Region,
    RequestTime, HeadersNotSigned...), as S3 writes them."""

    def __init__(self, status, code, message, style="s3", **extra):
        super().__init__()
        self.code = status
        self.error_code = code
        self.message = message
        self.style = style
        self.extra = extra
        # moto answers an HTTPException raised in its handlers with its description as the body.
        self.description = self.document()

    def get_body(self, environ=None, scope=None):
        return self.description

    def document(self):
        request_id = uuid.uuid4().hex[:16].upper()
        if self.style == "s3":
            extra = "".join(f"<{name}>{escape(str(value))}</{name}>" for name, value in self.extra.items())
            return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                    f"<Error><Code>{self.error_code}</Code><Message>{escape(self.message)}</Message>{extra}"
                    f"<RequestId>{request_id}</RequestId></Error>")
        namespace = {"sts": "https://sts.amazonaws.com/doc/2011-06-15/",
                     "iam": "https://iam.amazonaws.com/doc/2010-05-08/"}[self.style]
        return (f'<ErrorResponse xmlns="{namespace}"><Error><Type>Sender</Type><Code>{self.error_code}</Code>'
                f"<Message>{escape(self.message)}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>")

    def get_headers(self, environ=None, scope=None):
        content_type = "application/xml" if self.style == "s3" else "text/xml"
        return [("Content-Type", content_type)]

    def answer(self, environ, start_response, method=None):
        """Answers from WSGI middleware: the same document, no body for a HEAD (as S3 does)."""
        body = b"" if (method or environ.get("REQUEST_METHOD")) == "HEAD" else self.get_body().encode()
        headers = self.get_headers() + [("Content-Length", str(len(body)))]
        start_response(f"{self.code} {REASONS.get(self.code, 'Error')}", headers)
        return [body]

    def __str__(self):
        return f"{self.code} {self.error_code}: {self.message}"


def s3(status, code, message, **extra):
    return Refusal(status, code, message, "s3", **extra)


def query(service, status, code, message):
    """An STS or IAM refusal (SERVICE is "sts" or "iam")."""
    return Refusal(status, code, message, service)
