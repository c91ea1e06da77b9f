"""S3's rules on request bodies and sizes that stock moto does not apply:

- DeleteObjects must carry Content-MD5 or an x-amz-checksum-* header, and a digest that does not
  match the body (or is not a digest at all) is refused;
- any request carrying x-amz-checksum-<algorithm> has it checked against the body (BadDigest);
- a CopyObject source larger than 5 GB is refused (UploadPartCopy copies larger ones), and an
  UploadPartCopy range must lie inside its source;
- If-None-Match on a write is "*" or refused (501), and CopyObject honours it (412 when the
  destination exists), as PutObject and CompleteMultipartUpload already do in moto;
- ListParts pages by part number, at most 1,000 parts a page (moto slices by list index, which
  loses parts when some are missing).

The body rules are WSGI middleware in front of moto; the others are patched into moto by
moto_patches.py.
"""
import base64
import binascii
import hashlib
import urllib.parse
import zlib

from . import errors, settings
from .sigv4 import read_body

_CHECKSUMS = {
    "crc32": lambda body: zlib.crc32(body).to_bytes(4, "big"),
    "sha1": lambda body: hashlib.sha1(body).digest(),
    "sha256": lambda body: hashlib.sha256(body).digest(),
}
# What S3 calls each algorithm in its messages.
_NAMES = {"crc32": "CRC32", "crc32c": "CRC32C", "crc64nvme": "CRC64NVME", "sha1": "SHA1", "sha256": "SHA256"}
MAX_PARTS_PER_PAGE = 1000


class BodyRules:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if not _is_s3_request(environ):
            return self.app(environ, start_response)
        try:
            check_digests(environ)
        except errors.Refusal as refusal:
            return refusal.answer(environ, start_response)
        return self.app(environ, start_response)


# Headers named x-amz-checksum-* that carry no checksum: the multipart upload's type and
# algorithm, and the GET/HEAD request to be answered with the stored checksum ("ENABLED").
_NOT_CHECKSUMS = ("x-amz-checksum-type", "x-amz-checksum-algorithm", "x-amz-checksum-mode")


def check_digests(environ):
    headers = {name[5:].lower().replace("_", "-"): value for name, value in environ.items() if name.startswith("HTTP_")}
    checksums = {name.removeprefix("x-amz-checksum-"): value for name, value in headers.items()
                 if name.startswith("x-amz-checksum-") and name not in _NOT_CHECKSUMS}
    md5 = headers.get("content-md5") or environ.get("CONTENT_MD5")
    is_delete_objects = environ.get("REQUEST_METHOD") == "POST" and "delete" in _query(environ)
    if not checksums and md5 is None:
        if is_delete_objects:
            raise errors.s3(400, "InvalidRequest", "Missing required header for this request: Content-MD5 OR x-amz-checksum-*")
        return
    if len(checksums) > 1:
        raise errors.s3(400, "InvalidRequest", "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
    body = read_body(environ)
    if md5 is not None:
        check_md5(md5, body)
    for algorithm, value in checksums.items():
        check_checksum(algorithm, value, body)


def check_md5(claimed, body):
    try:
        digest = base64.b64decode(claimed, validate=True)
    except (binascii.Error, ValueError):
        digest = b""
    if len(digest) != 16:
        raise errors.s3(400, "InvalidDigest", "The Content-MD5 you specified was invalid.", **{"Content-MD5": claimed})
    if digest != hashlib.md5(body).digest():
        raise errors.s3(400, "BadDigest", "The Content-MD5 you specified did not match what we received.",
                        ExpectedDigest=claimed, CalculatedDigest=base64.b64encode(hashlib.md5(body).digest()).decode())


def check_checksum(algorithm, claimed, body):
    name = _NAMES.get(algorithm)
    if name is None:
        raise errors.s3(400, "InvalidRequest", f"Unsupported checksum algorithm: x-amz-checksum-{algorithm}")
    compute = _CHECKSUMS.get(algorithm)
    if compute is None:
        # Not implemented here: refusing beats accepting a checksum nobody checked.
        raise errors.s3(501, "NotImplemented", f"the AWS stand-in does not verify {name} checksums")
    expected = compute(body)
    try:
        digest = base64.b64decode(claimed, validate=True)
    except (binascii.Error, ValueError):
        digest = b""
    if len(digest) != len(expected):
        raise errors.s3(400, "InvalidRequest", f"Value for x-amz-checksum-{algorithm} header is invalid.")
    if digest != expected:
        raise errors.s3(400, "BadDigest", f"The {name} you specified did not match the calculated checksum.")


def check_copy_source_size(size):
    if size > settings.MAX_COPY_SOURCE:
        raise errors.s3(400, "InvalidRequest",
                        f"The specified copy source is larger than the maximum allowable size for a copy source: {settings.MAX_COPY_SOURCE}")


def parts_page(part_numbers, marker, max_parts):
    """The part numbers of one ListParts page: those after MARKER, at most MAX_PARTS (capped at
    1,000, as S3 caps it), and whether more follow."""
    after = sorted(n for n in part_numbers if n > marker)
    size = min(max_parts, MAX_PARTS_PER_PAGE)
    return after[:size], len(after) > size


def _query(environ):
    return urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)


def _is_s3_request(environ):
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    if "/s3/aws4_request" in authorization:
        return True
    return not authorization and "/s3/aws4_request" in urllib.parse.unquote(environ.get("QUERY_STRING", ""))


def check_copy_range(source_size, start, end):
    """UploadPartCopy: a range inside the source, at most 5 GB (the whole source without one)."""
    if start is None:
        check_copy_source_size(source_size)
        return
    if not 0 <= start <= end < source_size:
        raise errors.s3(400, "InvalidArgument", f"Range specified is not valid for source object of size: {source_size}",
                        ArgumentName="x-amz-copy-source-range", ArgumentValue=f"bytes={start}-{end}")
    if end - start + 1 > settings.AWS_MAX_COPY_SOURCE:
        raise errors.s3(400, "InvalidRequest", "The specified copy source is larger than the maximum allowable size for a copy source: 5368709120")


def check_if_none_match(value, destination_exists):
    """Conditional writes (PutObject, CopyObject, CompleteMultipartUpload): only "*" is accepted,
    and it fails when the destination key exists."""
    if value is None:
        return
    if value != "*":
        raise errors.s3(501, "NotImplemented", "A header you provided implies functionality that is not implemented",
                        Header="If-None-Match")
    if destination_exists:
        raise errors.s3(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                        Condition="If-None-Match")
