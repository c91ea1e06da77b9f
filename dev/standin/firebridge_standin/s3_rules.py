"""S3's rules on request bodies and sizes that stock moto does not apply:

- DeleteObjects and PutObjectTagging must carry Content-MD5 or an x-amz-checksum-* header (their
  models say requestChecksumRequired), and a digest that does not match the body (or is not a
  digest at all) is refused;
- any request carrying x-amz-checksum-<algorithm> has it checked against the body (BadDigest);
- a CopyObject source larger than 5 GB is refused (UploadPartCopy copies larger ones), and an
  UploadPartCopy range must lie inside its source;
- If-None-Match on a write is "*" or refused (501), and CopyObject honours it (412 when the
  destination exists), as PutObject and CompleteMultipartUpload already do in moto;
- CopyObject honours x-amz-copy-source-if-match (412 unless the source's ETag is the one named;
  moto honours only -if-none-match);
- a listing's sub-folders are only those holding a current file (not delete markers alone);
- ListObjectVersions with encoding-type=url encodes its keys, as ListObjectsV2 does (moto sent
  them raw, so a "+" read back as a space);
- GetBucketVersioning answers a VersioningConfiguration (moto: GetBucketVersioningResponse);
- ListObjectVersions lists each key's versions and delete markers together, newest first
  (moto lists all versions, then all markers);
- ListParts pages by part number, at most 1,000 parts a page (moto slices by list index, which
  loses parts when some are missing);
- a multipart upload created with a checksum algorithm takes parts carrying a checksum of that
  algorithm only, lists each part's checksum in ListParts, and completes only when the request
  lists every part's checksum, matching what was stored (moto keeps no part checksums).

The body rules are WSGI middleware in front of moto; the others are patched into moto by
moto_patches.py.
"""
import base64
import binascii
import hashlib
import urllib.parse
import re
import zlib

import crc32c

from . import errors, settings
from .sigv4 import read_body

_CHECKSUMS = {
    "crc32": lambda body: zlib.crc32(body).to_bytes(4, "big"),
    "crc32c": lambda body: crc32c.crc32c(body).to_bytes(4, "big"),
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
    if not checksums and md5 is None:
        if _requires_checksum(environ):
            raise errors.s3(400, "InvalidRequest", "Missing required header for this request: Content-MD5 OR x-amz-checksum-*")
        return
    if len(checksums) > 1:
        raise errors.s3(400, "InvalidRequest", "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
    body = read_body(environ)
    if md5 is not None:
        check_md5(md5, body)
    for algorithm, value in checksums.items():
        check_checksum(algorithm, value, body)


def _requires_checksum(environ):
    """DeleteObjects (POST ?delete) and PutObjectTagging (PUT ?tagging on a key)."""
    method, query = environ.get("REQUEST_METHOD"), _query(environ)
    if method == "POST" and "delete" in query:
        return True
    is_key = "/" in environ.get("PATH_INFO", "").strip("/")
    return method == "PUT" and "tagging" in query and is_key


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


def check_copy_source_if_match(value, source_etag):
    """CopyObject with x-amz-copy-source-if-match: copied only if the source's ETag is the one
    named (quoted or not)."""
    if value is None:
        return
    if value.strip().strip('"') != source_etag.strip('"'):
        raise errors.s3(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                        Condition="x-amz-copy-source-If-Match")


def folders_holding(folders, current_keys, delimiter):
    """The FOLDERS (prefixes ending in DELIMITER) that some key of CURRENT_KEYS lies under, in
    their order."""
    held = set()
    for key in current_keys:
        end = key.find(delimiter)
        while end != -1:
            held.add(key[:end + len(delimiter)])
            end = key.find(delimiter, end + len(delimiter))
    return [folder for folder in folders if folder in held]


def versioning_answer(status):
    """GetBucketVersioning's body as S3 writes it: Status only once versioning was turned on."""
    inner = f"<Status>{status}</Status>" if status else ""
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">{inner}</VersioningConfiguration>')


_ENTRY = re.compile(r"<(Version|DeleteMarker)>.*?</\1>", re.S)


def interleave_versions(body, rank):
    """A ListObjectVersions answer with its <Version> and <DeleteMarker> entries in S3's order:
    by key (UTF-8 bytes), then RANK(key, version id) (lower first: newest)."""
    entries = [match.group(0) for match in _ENTRY.finditer(body)]
    if not entries:
        return body

    def order(entry):
        key = re.search(r"<Key>(.*?)</Key>", entry, re.S).group(1)
        version = re.search(r"<VersionId>(.*?)</VersionId>", entry, re.S).group(1)
        return key.encode(), rank(_xml_text(key), version)
    start = body.index(entries[0])
    end = body.rindex(entries[-1]) + len(entries[-1])
    between = _ENTRY.sub("", body[start:end])
    return body[:start] + "".join(sorted(entries, key=order)) + between + body[end:]


_ENCODED_ELEMENTS = re.compile(r"<(Key|NextKeyMarker|KeyMarker|Prefix)>(.*?)</\1>", re.S)


def url_encoded_keys(body):
    """A ListObjectVersions answer for encoding-type=url: every key, marker and prefix
    percent-encoded (as moto encodes them in ListObjectsV2)."""
    return _ENCODED_ELEMENTS.sub(lambda m: f"<{m.group(1)}>{urllib.parse.quote(_xml_text(m.group(2)))}</{m.group(1)}>", body)


def _xml_text(text):
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


_ALGORITHMS = ("crc32", "crc32c", "crc64nvme", "sha1", "sha256")


def sent_checksum(headers):
    """The (algorithm, value) of the x-amz-checksum-<algorithm> header a request carries, if any."""
    return next(((a, headers[f"x-amz-checksum-{a}"]) for a in _ALGORITHMS if headers.get(f"x-amz-checksum-{a}")), None)


def part_checksum(headers, upload_algorithm):
    """UploadPart: the part's (algorithm, value), refused unless its algorithm is the upload's
    (none for an upload created without one), as S3 words it."""
    sent = sent_checksum(headers)
    expected = (upload_algorithm or "").lower() or None
    actual = sent[0] if sent else None
    if expected != actual:
        raise errors.s3(400, "InvalidRequest", "Checksum Type mismatch occurred, expected checksum Type: "
                        f"{expected or 'null'}, actual checksum Type: {actual or 'null'}")
    return sent


def check_completion_checksums(body, upload_algorithm, stored):
    """CompleteMultipartUpload of an upload created with UPLOAD_ALGORITHM: every part listed
    must name its checksum, equal to the one STORED for it ({part number: value})."""
    if not upload_algorithm:
        return
    element = f"Checksum{upload_algorithm.upper()}"
    text = body.decode("utf-8", "replace")
    for part in re.findall(r"<Part>(.*?)</Part>", text, re.S):
        number = int(re.search(r"<PartNumber>\s*(\d+)\s*</PartNumber>", part).group(1))
        found = re.search(rf"<{element}>\s*([^<]*?)\s*</{element}>", part)
        if found is None:
            raise errors.s3(400, "InvalidRequest", f"The upload was created using a {upload_algorithm.lower()} checksum. "
                            f"The complete request must include the checksum for each part. It was missing for part {number} in the request.")
        if found.group(1) != stored.get(number):
            raise errors.s3(400, "InvalidPart", "One or more of the specified parts could not be found.  The part may not "
                            "have been uploaded, or the specified entity tag may not match the part's entity tag.")


def with_part_checksums(body, upload_algorithm, stored):
    """A ListParts answer with each part's checksum added (Checksum<ALGORITHM>), as S3 lists it."""
    if not upload_algorithm:
        return body
    element = f"Checksum{upload_algorithm.upper()}"

    def add(match):
        number = int(match.group(2))
        value = stored.get(number)
        return match.group(0) if value is None else f"{match.group(1)}<{element}>{value}</{element}>"
    return re.sub(r"(<Part>\s*<PartNumber>(\d+)</PartNumber>)", add, body)
