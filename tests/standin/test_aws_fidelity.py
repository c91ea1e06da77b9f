"""The AWS behaviours the app depends on that a lenient stand-in would hide. Each test failed on
the stand-in before it was made this strict (docs/aws-fidelity.md names the AWS page for each,
and the app test that relies on it).

Run: dev/.venv/bin/python -m unittest discover -s tests/standin -v
"""
import base64
import datetime
import hashlib
import json
import re
import time
import unittest
import urllib.parse

import crc32c
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest

from support import APP_ORIGIN, BUCKET, TAGS_CLAIM, StandInCase, code_of, send, token

IDENTITY = b"Action=GetCallerIdentity&Version=2011-06-15"
LISTING = "list-type=2&prefix=users%2Fuid-a%2F"


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class MissingKeys(StandInCase):
    # Rename checks that its target is free. S3 tells "no such key" only to callers who may list
    # the bucket; the app's users may list only under a prefix, so they get 403 for a missing
    # key, and an app that waits for 404 fails on AWS.
    def test_a_missing_key_is_access_denied_to_a_caller_who_may_not_list_the_bucket(self):
        alice = self.credentials("uid-a")
        status, _, body = self.s3(alice, "GET", "users/uid-a/never-written.txt")
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"))
        self.assertEqual(self.s3(alice, "HEAD", "users/uid-a/never-written.txt")[0], 403)
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/written.txt", body=b"w")[0], 200)
        self.assertEqual(self.s3(alice, "HEAD", "users/uid-a/written.txt")[0], 200)

    def test_a_missing_key_is_no_such_key_to_a_caller_who_may_list_the_bucket(self):
        iam = self.admin_iam()
        trust = self.admin_iam().get_role(RoleName="firebridge-web")["Role"]["AssumeRolePolicyDocument"]
        iam.create_role(RoleName="lister", AssumeRolePolicyDocument=json.dumps(trust))
        iam.put_role_policy(RoleName="lister", PolicyName="list-and-read", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{BUCKET}"},
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"}]}))
        lister = self.credentials("uid-a", role="arn:aws:iam::123456789012:role/lister")
        status, _, body = self.s3(lister, "GET", "users/uid-a/never-written.txt")
        self.assertEqual((status, code_of(body)), (404, "NoSuchKey"))
        self.assertEqual(self.s3(lister, "HEAD", "users/uid-a/never-written.txt")[0], 404)

    # Whether S3 puts the key in that check as s3:prefix is undocumented: with the switch on,
    # the stand-in answers as if it did, so the app is tested under both answers.
    def test_the_other_reading_answers_404_inside_the_listable_prefix_only(self):
        alice = self.credentials("uid-a")
        self.control("behaviour", {"missingKeyPrefixContext": True})
        try:
            self.assertEqual(self.s3(alice, "HEAD", "users/uid-a/never-written.txt")[0], 404)
            status, _, body = self.s3(alice, "GET", "users/uid-a/never-written.txt")
            self.assertEqual((status, code_of(body)), (404, "NoSuchKey"))
            self.assertEqual(self.s3(alice, "HEAD", "users/uid-b/never-written.txt")[0], 403)
        finally:
            self.control("behaviour", {"missingKeyPrefixContext": False})

    # Renaming a file deleted elsewhere copies a missing source: answered as a GET of it is.
    def test_a_copy_of_a_missing_source_is_access_denied_too(self):
        alice = self.credentials("uid-a")
        source = {"x-amz-copy-source": f"{BUCKET}/users/uid-a/never-written.txt"}
        status, _, body = self.s3(alice, "PUT", "users/uid-a/copy.txt", headers=source)
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"), body)
        self.assertFalse(self.exists("users/uid-a/copy.txt"))

    def test_a_listing_grant_under_a_prefix_condition_does_not_reveal_missing_keys(self):
        # The seeded policy lets users list users/<uid>/* through an s3:prefix condition: a GET
        # carries no prefix, so the condition does not hold and the answer stays 403.
        alice = self.credentials("uid-a")
        status, _, body = self.s3(alice, "GET", query=LISTING + "never-written.txt")
        self.assertEqual(status, 200, body)
        self.assertEqual(self.s3(alice, "GET", "users/uid-a/never-written.txt")[0], 403)


class PayloadHash(StandInCase):
    # A body changed after signing must not be stored: S3 checks the body against the signed hash.
    def test_a_body_that_does_not_match_its_signed_hash_is_refused(self):
        alice = self.credentials("uid-a")
        key = "users/uid-a/swapped.txt"
        headers = self._resigned(alice, key, b"the body that was signed")
        status, _, body = send("PUT", self.object_url(key), b"another body, same length", headers)
        self.assertEqual((status, code_of(body)), (400, "XAmzContentSHA256Mismatch"), body)
        self.assertIn(b"<ClientComputedContentSHA256>", body)
        self.assertFalse(self.exists(key))
        self.assertEqual(send("PUT", self.object_url(key), b"the body that was signed", headers)[0], 200)

    def _resigned(self, credentials, key, body):
        """Headers signed for BODY, to be sent with another one."""
        from botocore.auth import S3SigV4Auth
        from botocore.awsrequest import AWSRequest
        request = AWSRequest(method="PUT", url=self.object_url(key), data=body,
                             headers={"Content-Type": "application/octet-stream"})
        S3SigV4Auth(credentials, "s3", "us-east-1").add_auth(request)
        return dict(request.headers)

    def test_unsigned_payload_is_accepted_and_a_missing_hash_is_refused(self):
        alice = self.credentials("uid-a")
        status, _, body = self.s3(alice, "PUT", "users/uid-a/unsigned.txt", body=b"u",
                                  headers={"x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
        self.assertEqual(status, 200, body)

        def drop_hash(headers):
            headers.pop("X-Amz-Content-SHA256", None)
            headers.pop("x-amz-content-sha256", None)
        status, _, body = self.s3(alice, "GET", query=LISTING, tamper=drop_hash)
        self.assertEqual((status, code_of(body)), (400, "InvalidRequest"), body)


class DeleteObjectsDigest(StandInCase):
    def delete_body(self, *keys):
        return ("<Delete><Quiet>true</Quiet>" + "".join(f"<Object><Key>{k}</Key></Object>" for k in keys)
                + "</Delete>").encode()

    # S3 refuses a DeleteObjects without a digest, so an app that sends none fails on AWS.
    def test_delete_objects_needs_content_md5_or_a_checksum(self):
        alice = self.credentials("uid-a")
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/keep.txt", body=b"k")[0], 200)
        body = self.delete_body("users/uid-a/keep.txt")
        status, _, answer = self.s3(alice, "POST", query="delete", body=body, headers={"Content-Type": "application/xml"})
        self.assertEqual((status, code_of(answer)), (400, "InvalidRequest"), answer)
        self.assertTrue(self.exists("users/uid-a/keep.txt"))

    def test_a_wrong_or_malformed_digest_is_refused(self):
        alice = self.credentials("uid-a")
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/kept.txt", body=b"k")[0], 200)
        body = self.delete_body("users/uid-a/kept.txt")
        other = self.delete_body("users/uid-a/other.txt")
        b64 = lambda digest: base64.b64encode(digest).decode()
        cases = [({"Content-MD5": b64(hashlib.md5(other).digest())}, "BadDigest"),
                 ({"Content-MD5": "not-a-digest"}, "InvalidDigest"),
                 ({"x-amz-checksum-sha256": b64(hashlib.sha256(other).digest())}, "BadDigest"),
                 ({"x-amz-checksum-sha256": "AAAA"}, "InvalidRequest"),
                 ({"x-amz-checksum-sha256": b64(hashlib.sha256(body).digest()),
                   "x-amz-checksum-sha1": b64(hashlib.sha1(body).digest())}, "InvalidRequest")]
        for digest, code in cases:
            status, _, answer = self.s3(alice, "POST", query="delete", body=body,
                                        headers={"Content-Type": "application/xml", **digest})
            self.assertEqual((status, code_of(answer)), (400, code), f"{digest}: {answer}")
        self.assertTrue(self.exists("users/uid-a/kept.txt"))
        status, _, answer = self.s3(alice, "POST", query="delete", body=body, headers={
            "Content-Type": "application/xml", "Content-MD5": b64(hashlib.md5(body).digest())})
        self.assertEqual(status, 200, answer)
        self.assertFalse(self.exists("users/uid-a/kept.txt"))

    # Uploads will carry checksums (x-amz-checksum-*): a corrupted body must be refused.
    def test_a_put_whose_checksum_does_not_match_is_refused(self):
        alice = self.credentials("uid-a")
        wrong = base64.b64encode(hashlib.sha256(b"something else").digest()).decode()
        status, _, answer = self.s3(alice, "PUT", "users/uid-a/corrupt.bin", body=b"bytes",
                                    headers={"x-amz-checksum-sha256": wrong})
        self.assertEqual((status, code_of(answer)), (400, "BadDigest"), answer)
        self.assertFalse(self.exists("users/uid-a/corrupt.bin"))

    # x-amz-checksum-mode asks for the stored checksum (SDKs send it to validate downloads):
    # it is no checksum to verify, so a GET that carries it is answered.
    def test_a_get_asking_for_the_checksum_is_answered(self):
        alice = self.credentials("uid-a")
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/mode.txt", body=b"mode")[0], 200)
        status, _, body = self.s3(alice, "GET", "users/uid-a/mode.txt",
                                  headers={"x-amz-checksum-mode": "ENABLED"})
        self.assertEqual((status, body), (200, b"mode"), body)


class ConditionalWrites(StandInCase):
    # Rename copies with If-None-Match: * so that it never replaces a file, even one written a
    # moment before by another tab: S3 refuses the copy (412) when the destination exists.
    def test_a_conditional_copy_never_replaces_a_file(self):
        alice = self.credentials("uid-a")
        for key in ("users/uid-a/from.txt", "users/uid-a/taken.txt"):
            self.assertEqual(self.s3(alice, "PUT", key, body=key.encode())[0], 200)
        source = {"x-amz-copy-source": f"{BUCKET}/users/uid-a/from.txt", "If-None-Match": "*"}
        status, _, body = self.s3(alice, "PUT", "users/uid-a/taken.txt", headers=source)
        self.assertEqual((status, code_of(body)), (412, "PreconditionFailed"), body)
        status, _, body = self.s3(alice, "GET", "users/uid-a/taken.txt")
        self.assertEqual(body, b"users/uid-a/taken.txt", "the file that was there is kept")
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/free.txt", headers=source)[0], 200)

    # Uploads write with If-None-Match: * unless the user chose Replace: a PUT onto a taken
    # name is refused and the file there kept.
    def test_a_conditional_put_never_replaces_a_file(self):
        alice = self.credentials("uid-a")
        key = "users/uid-a/put-once.txt"
        self.assertEqual(self.s3(alice, "PUT", key, body=b"first", headers={"If-None-Match": "*"})[0], 200)
        status, _, body = self.s3(alice, "PUT", key, body=b"second", headers={"If-None-Match": "*"})
        self.assertEqual((status, code_of(body)), (412, "PreconditionFailed"), body)
        self.assertEqual(self.s3(alice, "GET", key)[2], b"first")

    # A multipart upload is checked at its completion: a name taken while the parts went up
    # refuses it (412), and the upload stays open, so Replace completes it unconditionally.
    def test_a_conditional_completion_refuses_a_taken_name_and_keeps_the_upload(self):
        alice = self.credentials("uid-a")
        key = "users/uid-a/taken-meanwhile.bin"
        _, _, body = self.s3(alice, "POST", key, query="uploads")
        upload_id = body.decode().split("<UploadId>")[1].split("</UploadId>")[0]
        _, headers, _ = self.s3(alice, "PUT", key, query=f"partNumber=1&uploadId={upload_id}", body=b"p" * 10)
        etag = {k.lower(): v for k, v in headers.items()}["etag"]
        self.assertEqual(self.s3(alice, "PUT", key, body=b"the other tab's")[0], 200)
        complete = f"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{etag}</ETag></Part></CompleteMultipartUpload>"
        status, _, body = self.s3(alice, "POST", key, query=f"uploadId={upload_id}", body=complete.encode(),
                                  headers={"If-None-Match": "*"})
        self.assertEqual((status, code_of(body)), (412, "PreconditionFailed"), body)
        self.assertEqual(self.s3(alice, "GET", key)[2], b"the other tab's")
        status, _, body = self.s3(alice, "POST", key, query=f"uploadId={upload_id}", body=complete.encode())
        self.assertEqual(status, 200, body)
        self.assertEqual(self.s3(alice, "GET", key)[2], b"p" * 10)

    def test_if_none_match_takes_only_a_star(self):
        alice = self.credentials("uid-a")
        status, _, body = self.s3(alice, "PUT", "users/uid-a/etag.txt", body=b"e", headers={"If-None-Match": '"abc"'})
        self.assertEqual((status, code_of(body)), (501, "NotImplemented"), body)


class CredentialScope(StandInCase):
    # The app signs with config.json's region: a bucket elsewhere must fail here as on AWS.
    def test_s3_refuses_a_scope_naming_another_region_than_the_buckets(self):
        alice = self.credentials("uid-a")
        status, _, body = self.s3(alice, "GET", query=LISTING, region="eu-west-1")
        self.assertEqual((status, code_of(body)), (400, "AuthorizationHeaderMalformed"), body)
        self.assertIn(b"<Region>us-east-1</Region>", body)

    def test_a_presigned_url_for_another_region_is_refused(self):
        alice = self.credentials("uid-a")
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/p.txt", body=b"p")[0], 200)
        from botocore.awsrequest import AWSRequest
        request = AWSRequest(method="GET", url=self.object_url("users/uid-a/p.txt"))
        S3SigV4QueryAuth(alice, "s3", "eu-west-1", expires=60).add_auth(request)
        status, _, body = send("GET", request.url)
        self.assertEqual((status, code_of(body)), (400, "AuthorizationQueryParametersError"), body)

    def test_sts_and_iam_refuse_a_scope_naming_another_region(self):
        alice = self.credentials("uid-a")
        self.assertEqual(self.signed(alice, "sts", body=IDENTITY)[0], 200)
        status, _, body = self.signed(alice, "sts", body=IDENTITY, region="eu-west-1")
        self.assertEqual((status, code_of(body)), (403, "SignatureDoesNotMatch"), body)
        self.assertIn(b"Credential should be scoped to a valid region", body)
        status, _, body = self.signed(alice, "iam", body=b"Action=ListRoles&Version=2010-05-08", region="eu-west-1")
        self.assertEqual((status, code_of(body)), (403, "SignatureDoesNotMatch"), body)


class UnsignedHeaders(StandInCase):
    # An x-amz-* header outside SignedHeaders (a browser extension's, a proxy's, or one the app
    # forgot to sign) makes S3 refuse the request.
    def test_an_x_amz_header_that_was_not_signed_is_refused(self):
        alice = self.credentials("uid-a")
        add_header = lambda headers: headers.update({"x-amz-meta-note": "added after signing"})
        status, _, body = self.s3(alice, "GET", query=LISTING, tamper=add_header)
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"), body)
        self.assertIn(b"There were headers present in the request which were not signed", body)
        self.assertIn(b"<HeadersNotSigned>x-amz-meta-note</HeadersNotSigned>", body)


class FutureSignatures(StandInCase):
    # A device clock ahead of AWS's: STS and IAM word it differently from a clock behind, and
    # the app must recognise both as clock skew.
    def test_sts_says_signature_not_yet_current(self):
        alice = self.credentials("uid-a")
        ahead = utc_now() + datetime.timedelta(hours=3)
        status, headers, body = self.signed(alice, "sts", body=IDENTITY, when=ahead, headers={"Origin": APP_ORIGIN})
        self.assertEqual((status, code_of(body)), (403, "SignatureDoesNotMatch"), body)
        self.assertIn(b"<Message>Signature not yet current: ", body)
        self.assertEqual(headers.get("Access-Control-Allow-Origin"), APP_ORIGIN, "a browser can read STS's refusal")
        behind = utc_now() - datetime.timedelta(hours=3)
        status, _, body = self.signed(alice, "sts", body=IDENTITY, when=behind)
        self.assertIn(b"<Message>Signature expired: ", body)

    def test_s3_says_request_time_too_skewed_either_way(self):
        from unittest import mock
        alice = self.credentials("uid-a")
        for shift in (datetime.timedelta(hours=3), -datetime.timedelta(hours=3)):
            with mock.patch("botocore.auth.get_current_datetime", return_value=utc_now() + shift):
                status, headers, body = self.s3(alice, "GET", query=LISTING)
            self.assertEqual((status, code_of(body)), (403, "RequestTimeTooSkewed"), body)
            self.assertIn("Date", headers)


class Unsigned(StandInCase):
    # Under enforcement, moto answered an unsigned request with a server error (500); AWS
    # refuses it, and an app reading the answer must see a refusal.
    def test_an_unsigned_request_is_refused_not_a_server_error(self):
        status, _, body = send("GET", self.object_url(query="list-type=2&prefix=users%2Fuid-a%2F"))
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"), body)
        status, _, body = send("POST", f"{self.url}/", IDENTITY, {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 403, body)


class SessionDuration(StandInCase):
    # STS refuses a session longer than the role allows; the seeded role allows what the
    # assistant's script gives it, so an app asking for more fails here as on AWS.
    def test_duration_above_the_roles_maximum_is_a_validation_error(self):
        role = self.admin_iam().get_role(RoleName="firebridge-web")["Role"]
        with open(self.ROOT_DIR / "dev/aws/role.json") as document:
            self.assertEqual(role["MaxSessionDuration"], json.load(document)["MaxSessionDuration"])
        maximum = role["MaxSessionDuration"]
        self.assertEqual(self.assume(token(), duration=maximum)[0], 200)
        status, _, body = self.assume(token(), duration=maximum + 1)
        self.assertEqual((status, code_of(body)), (400, "ValidationError"), body)
        self.assertIn(b"The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", body)


class Preflights(StandInCase):
    def preflight(self, method="PUT", headers="authorization,x-amz-date,x-amz-content-sha256", origin=APP_ORIGIN,
                  bucket=BUCKET):
        request = {"Origin": origin, "Access-Control-Request-Method": method}
        if headers:
            request["Access-Control-Request-Headers"] = headers
        return send("OPTIONS", self.object_url("users/uid-a/x.txt", bucket=bucket), None, request)

    def assertRefused(self, answer, why):
        status, headers, body = answer
        self.assertEqual(status, 403, why)
        self.assertFalse([h for h in headers if h.lower().startswith("access-control-")], why)

    # The browser sends the request only if one rule allows origin, method and every header.
    def test_a_preflight_is_judged_on_origin_method_and_every_header(self):
        status, headers, _ = self.preflight()
        self.assertEqual(status, 200)
        self.assertEqual(headers["Access-Control-Allow-Origin"], APP_ORIGIN)
        self.assertRefused(self.preflight(method="PATCH"), "a method no rule allows")
        self.assertRefused(self.preflight(headers="authorization,x-amz-acl"), "a header no rule allows")
        self.assertEqual(self.preflight(headers="authorization,x-amz-meta-note")[0], 200, "x-amz-meta-* allows every name")
        self.assertRefused(self.preflight(origin="http://evil.example"), "a foreign origin")

    def test_a_bucket_without_cors_refuses_every_preflight(self):
        self.admin_client("s3").create_bucket(Bucket="no-cors-here")
        status, headers, body = self.preflight(bucket="no-cors-here")
        self.assertRefused((status, headers, body), "no CORS configuration")
        self.assertIn(b"CORS is not enabled for this bucket", body)


class CopyLimits(StandInCase):
    def tearDown(self):
        self.control("behaviour", {"maxCopySource": None})

    # S3 copies at most 5 GB in one CopyObject; bigger files need UploadPartCopy. The limit is
    # lowered here so a small file crosses it.
    def test_a_copy_source_above_the_limit_is_refused_and_part_copies_work(self):
        alice = self.credentials("uid-a")
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/big.bin", body=b"x" * 2048)[0], 200)
        self.assertEqual(self.control("behaviour", {"maxCopySource": 1024})["maxCopySource"], 1024)
        source = {"x-amz-copy-source": f"{BUCKET}/users/uid-a/big.bin"}
        status, _, body = self.s3(alice, "PUT", "users/uid-a/copy.bin", headers=source)
        self.assertEqual((status, code_of(body)), (400, "InvalidRequest"), body)
        self.assertIn(b"copy source is larger than the maximum allowable size", body)
        status, _, body = self.s3(alice, "POST", "users/uid-a/copy.bin", query="uploads")
        upload_id = body.decode().split("<UploadId>")[1].split("</UploadId>")[0]
        ranges = {1: "bytes=0-1023", 2: "bytes=1024-2047"}
        parts = []
        for number, byte_range in ranges.items():
            status, _, body = self.s3(alice, "PUT", "users/uid-a/copy.bin", query=f"partNumber={number}&uploadId={upload_id}",
                                      headers={**source, "x-amz-copy-source-range": byte_range})
            self.assertEqual(status, 200, body)
            parts.append(body.decode().split("<ETag>")[1].split("</ETag>")[0])
        status, _, body = self.s3(alice, "PUT", "users/uid-a/copy.bin", query=f"partNumber=3&uploadId={upload_id}",
                                  headers={**source, "x-amz-copy-source-range": "bytes=2000-4000"})
        self.assertEqual((status, code_of(body)), (400, "InvalidArgument"), "a range past the end of the source")

    def test_the_limit_is_s3s_five_gib(self):
        import sys
        sys.path.insert(0, str(self.ROOT_DIR / "dev" / "standin"))
        from firebridge_standin import s3_rules, settings
        self.assertEqual(settings.AWS_MAX_COPY_SOURCE, 5 * 1024 ** 3)
        s3_rules.check_copy_source_size(5 * 1024 ** 3)
        with self.assertRaises(Exception):
            s3_rules.check_copy_source_size(5 * 1024 ** 3 + 1)


class WebIdentityExpiry(StandInCase):
    # A token at or past its exp gets no credentials (STS documents no clock tolerance for it).
    def test_a_token_at_its_expiry_is_refused(self):
        now = int(time.time())
        status, _, body = self.assume(token(exp=now))
        self.assertEqual((status, code_of(body)), (400, "ExpiredTokenException"), body)
        self.assertEqual(self.assume(token(exp=now + 30))[0], 200)


class ListPartsPaging(StandInCase):
    # Resuming an upload lists the parts S3 holds, page by page: a page must end after the
    # marker's part number, whatever parts are missing, or a resumed upload skips parts.
    def test_list_parts_pages_by_part_number_across_gaps(self):
        alice = self.credentials("uid-a")
        key = "users/uid-a/parts.bin"
        _, _, body = self.s3(alice, "POST", key, query="uploads")
        upload_id = body.decode().split("<UploadId>")[1].split("</UploadId>")[0]
        for number in (1, 2, 3, 5, 6):
            self.assertEqual(self.s3(alice, "PUT", key, query=f"partNumber={number}&uploadId={upload_id}",
                                     body=b"p" * number)[0], 200)
        pages, marker = [], 0
        for _ in range(5):
            _, _, body = self.s3(alice, "GET", key, query=f"max-parts=2&part-number-marker={marker}&uploadId={upload_id}")
            text = body.decode()
            numbers = [int(n.split("</PartNumber>")[0]) for n in text.split("<PartNumber>")[1:]]
            pages.append(numbers)
            if "<IsTruncated>true</IsTruncated>" not in text:
                break
            marker = int(text.split("<NextPartNumberMarker>")[1].split("</NextPartNumberMarker>")[0])
        self.assertEqual(pages, [[1, 2], [3, 5], [6]])


def crc32c_header(body):
    return base64.b64encode(crc32c.crc32c(body).to_bytes(4, "big")).decode()


class MultipartChecksums(StandInCase):
    # Every upload carries a CRC-32C that S3 checks. A multipart upload names the algorithm
    # when created; then each part must carry one of it, ListParts lists them (a resumed upload
    # needs them), and the completion must list each, or S3 refuses it. Moto kept none of this.
    MIB = 1024 * 1024

    def start(self, alice, key, algorithm="CRC32C"):
        headers = {"x-amz-checksum-algorithm": algorithm} if algorithm else {}
        _, _, body = self.s3(alice, "POST", key, query="uploads", headers=headers)
        return body.decode().split("<UploadId>")[1].split("</UploadId>")[0]

    def part(self, alice, key, upload_id, number, body, headers=None):
        return self.s3(alice, "PUT", key, query=f"partNumber={number}&uploadId={upload_id}", body=body, headers=headers)

    def test_a_body_whose_crc32c_does_not_match_is_bad_digest(self):
        alice = self.credentials("uid-a")
        header = {"x-amz-checksum-crc32c": crc32c_header(b"what was meant")}
        status, _, body = self.s3(alice, "PUT", "users/uid-a/altered.txt", body=b"what arrived", headers=header)
        self.assertEqual((status, code_of(body)), (400, "BadDigest"), body)
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/altered.txt", body=b"what was meant", headers=header)[0], 200)
        key = "users/uid-a/altered-part.bin"
        upload_id = self.start(alice, key)
        status, _, body = self.part(alice, key, upload_id, 1, b"arrived", {"x-amz-checksum-crc32c": crc32c_header(b"meant")})
        self.assertEqual((status, code_of(body)), (400, "BadDigest"), body)

    # The details panel shows the checksum S3 stored: a PUT's is kept and answered to a HEAD
    # asking for it, with its type.
    def test_a_puts_checksum_is_stored_and_answered_with_its_type(self):
        alice = self.credentials("uid-a")
        key = "users/uid-a/kept-checksum.txt"
        header = {"x-amz-checksum-crc32c": crc32c_header(b"kept")}
        self.assertEqual(self.s3(alice, "PUT", key, body=b"kept", headers=header)[0], 200)
        _, headers, _ = self.s3(alice, "HEAD", key, headers={"x-amz-checksum-mode": "ENABLED"})
        headers = {k.lower(): v for k, v in headers.items()}
        self.assertEqual(headers.get("x-amz-checksum-crc32c"), crc32c_header(b"kept"))
        self.assertEqual(headers.get("x-amz-checksum-type"), "FULL_OBJECT")
        _, headers, _ = self.s3(alice, "HEAD", key)
        self.assertNotIn("x-amz-checksum-crc32c", {k.lower() for k in headers}, "only when asked for")

    def test_parts_must_carry_the_uploads_algorithm(self):
        alice = self.credentials("uid-a")
        key = "users/uid-a/mismatch.bin"
        upload_id = self.start(alice, key)
        status, _, body = self.part(alice, key, upload_id, 1, b"p")
        self.assertEqual((status, code_of(body)), (400, "InvalidRequest"), body)
        self.assertIn(b"expected checksum Type: crc32c, actual checksum Type: null", body)
        sha = {"x-amz-checksum-sha256": base64.b64encode(hashlib.sha256(b"p").digest()).decode()}
        self.assertEqual(self.part(alice, key, upload_id, 1, b"p", sha)[0], 400)
        plain_key = "users/uid-a/plain.bin"
        plain = self.start(alice, plain_key, algorithm=None)
        status, _, body = self.part(alice, plain_key, plain, 1, b"p", {"x-amz-checksum-crc32c": crc32c_header(b"p")})
        self.assertIn(b"expected checksum Type: null, actual checksum Type: crc32c", body)
        self.assertEqual(self.part(alice, plain_key, plain, 1, b"p")[0], 200)

    def test_parts_are_listed_with_their_checksums_and_the_completion_must_name_them(self):
        alice = self.credentials("uid-a")
        key = "users/uid-a/checksummed.bin"
        upload_id = self.start(alice, key)
        bodies = [b"a" * (5 * self.MIB), b"tail"]
        etags, sums = [], []
        for number, body in enumerate(bodies, 1):
            status, headers, answer = self.part(alice, key, upload_id, number, body, {"x-amz-checksum-crc32c": crc32c_header(body)})
            self.assertEqual(status, 200, answer)
            etags.append(dict((k.lower(), v) for k, v in headers.items())["etag"])
            sums.append(crc32c_header(body))
        listed = self.s3(alice, "GET", key, query=f"uploadId={upload_id}")[2].decode()
        self.assertEqual(listed.count("<ChecksumCRC32C>"), 2, listed)
        self.assertIn(f"<ChecksumCRC32C>{sums[1]}</ChecksumCRC32C>", listed)

        def complete(checksums):
            parts = "".join(f"<Part>{c}<ETag>{e}</ETag><PartNumber>{n}</PartNumber></Part>"
                            for n, (e, c) in enumerate(zip(etags, checksums), 1))
            return self.s3(alice, "POST", key, query=f"uploadId={upload_id}",
                           body=f"<CompleteMultipartUpload>{parts}</CompleteMultipartUpload>".encode(),
                           headers={"Content-Type": "application/xml"})
        status, _, body = complete(["", ""])
        self.assertEqual((status, code_of(body)), (400, "InvalidRequest"), body)
        self.assertIn(b"It was missing for part 1 in the request.", body)
        wrong = [f"<ChecksumCRC32C>{sums[1]}</ChecksumCRC32C>", f"<ChecksumCRC32C>{sums[1]}</ChecksumCRC32C>"]
        self.assertEqual(code_of(complete(wrong)[2]), "InvalidPart")
        right = [f"<ChecksumCRC32C>{s}</ChecksumCRC32C>" for s in sums]
        self.assertEqual(complete(right)[0], 200)
        _, headers, _ = self.s3(alice, "HEAD", key, headers={"x-amz-checksum-mode": "ENABLED"})
        composite = crc32c.crc32c(b"".join(base64.b64decode(s) for s in sums)).to_bytes(4, "big")
        stored = dict((k.lower(), v) for k, v in headers.items())["x-amz-checksum-crc32c"]
        self.assertEqual(stored, base64.b64encode(composite).decode() + "-2")


class ObjectTagsAndRetyping(StandInCase):
    """A file's tags and its type, as the details panel changes them."""
    TAGS = b'<Tagging><TagSet><Tag><Key>project</Key><Value>x</Value></Tag></TagSet></Tagging>'

    def crc32c(self, body):
        return {"x-amz-checksum-crc32c": base64.b64encode(crc32c.crc32c(body).to_bytes(4, "big")).decode()}

    # PutObjectTagging's model says requestChecksumRequired: S3 refuses it without Content-MD5
    # or an x-amz-checksum-* header, so an app sending none would fail on AWS.
    def test_put_object_tagging_needs_a_checksum(self):
        alice = self.credentials("uid-a")
        key = "users/uid-a/tag-me.txt"
        self.assertEqual(self.s3(alice, "PUT", key, body=b"t")[0], 200)
        status, _, body = self.s3(alice, "PUT", key, query="tagging", body=self.TAGS)
        self.assertEqual((status, code_of(body)), (400, "InvalidRequest"), body)
        status, _, body = self.s3(alice, "PUT", key, query="tagging", body=self.TAGS, headers=self.crc32c(self.TAGS))
        self.assertEqual(status, 200, body)
        status, _, body = self.s3(alice, "GET", key, query="tagging")
        self.assertIn(b"<Key>project</Key>", body)

    # A type change copies the file onto itself only if it is still the version the page read:
    # moto ignored x-amz-copy-source-if-match and would copy any version.
    def test_a_copy_is_made_only_if_the_source_is_the_etag_named(self):
        alice = self.credentials("uid-a")
        key = "users/uid-a/retype.txt"
        _, headers, _ = self.s3(alice, "PUT", key, body=b"first", headers={"Content-Type": "text/plain"})
        first = {k.lower(): v for k, v in headers.items()}["etag"]
        self.assertEqual(self.s3(alice, "PUT", key, body=b"second", headers={"Content-Type": "text/plain"})[0], 200)
        retype = {"x-amz-copy-source": f"{BUCKET}/{key}", "x-amz-metadata-directive": "REPLACE",
                  "Content-Type": "text/markdown"}
        status, _, body = self.s3(alice, "PUT", key, headers={**retype, "x-amz-copy-source-if-match": first})
        self.assertEqual((status, code_of(body)), (412, "PreconditionFailed"), body)
        _, headers, _ = self.s3(alice, "HEAD", key)
        now = {k.lower(): v for k, v in headers.items()}
        self.assertEqual(now["content-type"], "text/plain")
        status, _, body = self.s3(alice, "PUT", key, headers={**retype, "x-amz-copy-source-if-match": now["etag"]})
        self.assertEqual(status, 200, body)
        _, headers, body = self.s3(alice, "GET", key)
        self.assertEqual(({k.lower(): v for k, v in headers.items()}["content-type"], body), ("text/markdown", b"second"))

    # Tags are permissions of their own: setting them with PutObject needs s3:PutObjectTagging,
    # and a copy carrying them needs the tagging actions too (stricter than the CopyObject page,
    # which is silent: a policy the app works with here works on AWS).
    def test_tags_need_the_tagging_actions(self):
        plain = self.credentials_with("untagged", ["s3:GetObject", "s3:PutObject"])
        alice = self.credentials("uid-a")
        status, _, body = self.s3(plain, "PUT", "users/uid-a/with-tags.txt", body=b"w", headers={"x-amz-tagging": "a=b"})
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"), body)
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/tagged.txt", body=b"t", headers={"x-amz-tagging": "a=b"})[0], 200)
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/untagged.txt", body=b"u")[0], 200)
        copy = lambda source, **more: {"x-amz-copy-source": f"{BUCKET}/users/uid-a/{source}", **more}
        status, _, body = self.s3(plain, "PUT", "users/uid-a/copy-1.txt", headers=copy("tagged.txt"))
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"), body)
        self.assertEqual(self.s3(plain, "PUT", "users/uid-a/copy-2.txt", headers=copy("untagged.txt"))[0], 200)
        status, _, body = self.s3(plain, "PUT", "users/uid-a/copy-3.txt",
                                  headers=copy("tagged.txt", **{"x-amz-tagging-directive": "REPLACE"}))
        self.assertEqual(status, 200, body)
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/copy-4.txt", headers=copy("tagged.txt"))[0], 200)
        status, _, body = self.s3(alice, "GET", "users/uid-a/copy-4.txt", query="tagging")
        self.assertIn(b"<Key>a</Key>", body)

    # The generated policy: a read-only account changes no tags, even on its own files, and
    # nobody reads or changes another user's.
    def test_the_generated_policy_keeps_tag_changes_inside_writable_folders(self):
        alice = self.credentials("uid-a")
        read_only = {TAGS_CLAIM: {"principal_tags": {"firebridge": ["member"], "access": ["read"]}}}
        status, _, body = self.assume(token(sub="uid-a", **read_only))
        self.assertEqual(status, 200, body)
        reader = self.credentials_from(body)
        bob = self.credentials("uid-b")
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/mine.txt", body=b"m")[0], 200)
        tagging = dict(query="tagging", body=self.TAGS, headers=self.crc32c(self.TAGS))
        for who in (reader, bob):
            status, _, body = self.s3(who, "PUT", "users/uid-a/mine.txt", **tagging)
            self.assertEqual((status, code_of(body)), (403, "AccessDenied"), body)
        self.assertEqual(self.s3(reader, "GET", "users/uid-a/mine.txt", query="tagging")[0], 200)
        self.assertEqual(self.s3(bob, "GET", "users/uid-a/mine.txt", query="tagging")[0], 403)
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/mine.txt", **tagging)[0], 200)

class Versions(StandInCase):
    """The seeded bucket is versioned, as the assistant's setup makes it: deletes leave a marker
    over the file's versions, which Undo, Versions and Recently deleted read and copy back."""

    def versions(self, who, prefix):
        query = "versions&prefix=" + urllib.parse.quote(prefix, safe="")
        return self.s3(who, "GET", query=query)

    def version_ids(self, body):
        return [chunk.split("</VersionId>")[0] for chunk in body.decode().split("<VersionId>")[1:]]

    # A key whose current version is a delete marker reads as missing: 403 to a caller who may
    # not list the bucket, as for a key never written (the stand-in counted the marker as a file).
    def test_a_deleted_files_key_is_missing_to_a_user(self):
        alice = self.credentials("uid-a")
        key = "users/uid-a/deleted.txt"
        self.assertEqual(self.s3(alice, "PUT", key, body=b"d")[0], 200)
        self.assertEqual(self.s3(alice, "DELETE", key)[0], 204)
        status, _, body = self.s3(alice, "GET", key)
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"), body)
        self.assertEqual(self.s3(alice, "HEAD", key)[0], 403)

    # S3 lists a key's versions and delete markers together, newest first (its ListObjectVersions
    # example shows a marker before the version it hides); moto listed all versions, then all
    # markers. Recently deleted reads "latest is a marker, the next is what comes back" from it.
    def test_a_keys_versions_and_markers_are_listed_together_newest_first(self):
        alice = self.credentials("uid-a")
        first, second = "users/uid-a/order/a.txt", "users/uid-a/order/b.txt"
        for body in (b"1", b"22"):
            self.assertEqual(self.s3(alice, "PUT", first, body=body)[0], 200)
        self.assertEqual(self.s3(alice, "DELETE", first)[0], 204)
        self.assertEqual(self.s3(alice, "PUT", second, body=b"333")[0], 200)
        self.assertEqual(self.s3(alice, "PUT", first, body=b"4444")[0], 200)
        self.assertEqual(self.s3(alice, "DELETE", first)[0], 204)
        status, _, body = self.versions(alice, "users/uid-a/order/")
        self.assertEqual(status, 200, body)
        entries = re.findall(r"<(Version|DeleteMarker)>.*?<Key>(.*?)</Key>.*?</\1>", body.decode(), re.S)
        sizes = re.findall(r"<(?:Version|DeleteMarker)>(.*?)</(?:Version|DeleteMarker)>", body.decode(), re.S)
        sizes = [re.search(r"<Size>(\d+)</Size>", e).group(1) if "<Size>" in e else "-" for e in sizes]
        self.assertEqual([(kind, key.rsplit("/", 1)[1], size) for (kind, key), size in zip(entries, sizes)], [
            ("DeleteMarker", "a.txt", "-"), ("Version", "a.txt", "4"), ("DeleteMarker", "a.txt", "-"),
            ("Version", "a.txt", "2"), ("Version", "a.txt", "1"), ("Version", "b.txt", "3")])

    # Undo and Recently deleted list versions with encoding-type=url and decode the keys: S3
    # encodes them (moto sent them raw, so "a+b" came back as "a b" and the restore missed).
    def test_version_listings_encode_keys_when_asked(self):
        alice = self.credentials("uid-a")
        key = "users/uid-a/enc/a+b %.txt"
        self.assertEqual(self.s3(alice, "PUT", key, body=b"x")[0], 200)
        status, _, body = self.s3(alice, "GET", query="versions&encoding-type=url&prefix=users%2Fuid-a%2Fenc%2F")
        self.assertEqual(status, 200, body)
        self.assertIn(b"<Key>users/uid-a/enc/a%2Bb%20%25.txt</Key>", body)

    # A folder whose files were all deleted is gone from the listing, though its versions stay
    # (moto still listed it: a deleted folder would come back as an empty one on every reload).
    def test_a_folder_of_deleted_files_is_not_listed(self):
        alice = self.credentials("uid-a")
        for key in ("users/uid-a/gone/a.txt", "users/uid-a/gone/deeper/b.txt", "users/uid-a/stays/c.txt"):
            self.assertEqual(self.s3(alice, "PUT", key, body=b"x")[0], 200)
        for key in ("users/uid-a/gone/a.txt", "users/uid-a/gone/deeper/b.txt"):
            self.assertEqual(self.s3(alice, "DELETE", key)[0], 204)
        status, _, body = self.s3(alice, "GET", query="list-type=2&delimiter=%2F&prefix=users%2Fuid-a%2F")
        self.assertEqual(status, 200, body)
        self.assertIn(b"<Prefix>users/uid-a/stays/</Prefix>", body)
        self.assertNotIn(b"users/uid-a/gone/", body)

    # Reading a given version is s3:GetObjectVersion, for a HEAD and a copy's source too (moto
    # checked s3:GetObject for both).
    def test_a_given_version_is_read_only_with_get_object_version(self):
        current_only = self.credentials_with("current-only", ["s3:GetObject", "s3:PutObject"])
        alice = self.credentials("uid-a")
        key = "users/uid-a/versioned.txt"
        _, headers, _ = self.s3(alice, "PUT", key, body=b"v1")
        version = {k.lower(): v for k, v in headers.items()}["x-amz-version-id"]
        query = "versionId=" + urllib.parse.quote(version, safe="")
        for method in ("GET", "HEAD"):
            self.assertEqual(self.s3(current_only, method, key, query=query)[0], 403, method)
            self.assertEqual(self.s3(alice, method, key, query=query)[0], 200, method)
        source = {"x-amz-copy-source": f"{BUCKET}/{key}?{query}"}
        self.assertEqual(self.s3(current_only, "PUT", "users/uid-a/copy.txt", headers=source)[0], 403)
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/copy.txt", headers=source)[0], 200)

    # The generated policy: versions are listed only under the user's own prefix (the
    # s3:prefix condition), a deleted file is brought back by copying its version over the
    # marker, and no version is ever deleted for good.
    def test_the_generated_policy_lists_restores_and_never_destroys(self):
        alice = self.credentials("uid-a")
        key = "users/uid-a/undo.txt"
        self.assertEqual(self.s3(alice, "PUT", key, body=b"keep me")[0], 200)
        self.assertEqual(self.s3(alice, "DELETE", key)[0], 204)
        for prefix in ("users/uid-b/", "users/", ""):
            status, _, body = self.versions(alice, prefix)
            self.assertEqual((status, code_of(body)), (403, "AccessDenied"), prefix)
        status, _, body = self.versions(alice, key)
        self.assertEqual(status, 200, body)
        self.assertIn(b"<DeleteMarker>", body)
        marker, version = self.version_ids(body)
        for version_id in (marker, version):
            status, _, body = self.s3(alice, "DELETE", key, query="versionId=" + urllib.parse.quote(version_id, safe=""))
            self.assertEqual((status, code_of(body)), (403, "AccessDenied"), body)
        source = {"x-amz-copy-source": f"{BUCKET}/{key}?versionId={urllib.parse.quote(version, safe='')}"}
        self.assertEqual(self.s3(alice, "PUT", key, headers=source)[0], 200)
        self.assertEqual(self.s3(alice, "GET", key)[2], b"keep me")
        status, _, body = self.s3(alice, "GET", query="versioning")
        self.assertEqual(status, 200, body)
        self.assertIn(b"<Status>Enabled</Status>", body)

    # The doctor and the files page read GetBucketVersioning's answer: S3's root element is
    # VersioningConfiguration, with no Status for a bucket never versioned (moto answered a
    # GetBucketVersioningResponse).
    def test_versioning_is_answered_as_a_versioning_configuration(self):
        s3 = self.admin_client("s3")
        s3.create_bucket(Bucket="never-versioned")
        admin = s3._request_signer._credentials
        for bucket, status in ((BUCKET, b"<Status>Enabled</Status>"), ("never-versioned", None)):
            request = AWSRequest(method="GET", url=self.object_url(query="versioning", bucket=bucket))
            S3SigV4Auth(admin, "s3", "us-east-1").add_auth(request)
            code, _, body = send("GET", request.url, None, dict(request.headers))
            self.assertEqual(code, 200, body)
            self.assertRegex(body, rb"<VersioningConfiguration[ >]")
            if status:
                self.assertIn(status, body)
            else:
                self.assertNotIn(b"<Status>", body)


class ListingOrder(StandInCase):
    # The search through every folder lists without a delimiter and finds each folder once by
    # relying on S3's order: keys in UTF-8 binary order, across pages, so the keys under one
    # folder come one after the other ("a-b" and "a0" around "a/", capitals before small).
    def test_keys_come_in_utf8_binary_order_across_pages(self):
        alice = self.credentials("uid-a")
        names = ["z.txt", "Z.txt", "é.txt", "~", "a/b", "a-b", "a0", "a/a/c", "a.", "\U0001F600.txt"]
        keys = [f"users/uid-a/order/{name}" for name in names]
        for key in keys:
            self.assertEqual(self.s3(alice, "PUT", key, body=b"k")[0], 200)
        listed, token = [], None
        for _ in range(10):
            query = "list-type=2&max-keys=3&encoding-type=url&prefix=users%2Fuid-a%2Forder%2F"
            if token:
                query += "&continuation-token=" + urllib.parse.quote(token, safe="")
            status, _, body = self.s3(alice, "GET", query=query)
            self.assertEqual(status, 200, body)
            text = body.decode()
            listed += [urllib.parse.unquote_plus(k.split("</Key>")[0]) for k in text.split("<Key>")[1:]]
            if "<IsTruncated>true</IsTruncated>" not in text:
                break
            token = text.split("<NextContinuationToken>")[1].split("</NextContinuationToken>")[0]
        self.assertEqual(listed, sorted(keys, key=lambda k: k.encode("utf-8")))


if __name__ == "__main__":
    unittest.main(verbosity=2)


class ResumedDownloads(StandInCase):
    # A zip download whose file broke off asks for the rest: Range from where it stopped, and
    # If-Match the ETag it started with, so that a file replaced meanwhile is refused (412)
    # rather than spliced onto the first half of its old version. The preflight must let both
    # headers through (the bucket's CORS lists them).
    def test_a_range_with_if_match_gets_the_rest_of_that_version_only(self):
        alice = self.credentials("uid-a")
        key = "users/uid-a/resumed.bin"
        self.assertEqual(self.s3(alice, "PUT", key, body=b"0123456789")[0], 200)
        etag = self.s3(alice, "HEAD", key)[1]["ETag"]
        status, headers, body = self.s3(alice, "GET", key, headers={"Range": "bytes=4-", "If-Match": etag})
        ranged = {name.lower(): value for name, value in headers.items()}.get("content-range")
        self.assertEqual((status, body, ranged), (206, b"456789", "bytes 4-9/10"))
        self.assertEqual(self.s3(alice, "PUT", key, body=b"another version")[0], 200)
        status, _, body = self.s3(alice, "GET", key, headers={"Range": "bytes=4-", "If-Match": etag})
        self.assertEqual((status, code_of(body)), (412, "PreconditionFailed"), body)
        status, headers, _ = send("OPTIONS", self.object_url(key), None, {
            "Origin": APP_ORIGIN, "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "range,if-match"})
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("Access-Control-Allow-Origin"), APP_ORIGIN)
