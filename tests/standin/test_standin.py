"""The AWS stand-in must be as strict as AWS where the app depends on it, or green e2e tests
would mean nothing. Each test here is a way a lenient stand-in would hide a bug that real AWS
would expose. Starts its own stand-in (own port, 1 s minimum session) so it can test expiry.

Run: dev/.venv/bin/python -m unittest discover -s tests/standin -v
"""
import base64
import hashlib
import json
import time
import unittest
import urllib.parse

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest

from support import APP_ORIGIN, BUCKET, PROJECT, StandInCase, code_of, seed, send, token


class StandIn(StandInCase):
    # --- STS: AssumeRoleWithWebIdentity checks the token and the trust policy -------------
    def test_a_valid_token_gets_credentials_with_the_subject(self):
        status, headers, body = self.assume(token(sub="uid-a"))
        self.assertEqual(status, 200)
        self.assertIn(b"<SubjectFromWebIdentityToken>uid-a</SubjectFromWebIdentityToken>", body)
        self.assertEqual(headers.get("Access-Control-Allow-Origin"), APP_ORIGIN, "STS answers browsers")

    def test_wrong_audience_issuer_or_expired_token_is_refused(self):
        cases = [(token(aud="other-project"), "InvalidIdentityToken"),
                 (token(iss="https://securetoken.google.com/other-project"), "InvalidIdentityToken"),
                 (token(exp=int(time.time()) - 10), "ExpiredTokenException"),
                 ("not-a-jwt", "InvalidIdentityToken")]
        for id_token, code in cases:
            status, _, body = self.assume(id_token)
            self.assertEqual((status, code_of(body)), (400, code), body)

    def test_a_role_that_does_not_trust_the_provider_is_refused(self):
        status, _, body = self.assume(token(), role="arn:aws:iam::123456789012:role/does-not-exist")
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"))

    def test_the_audience_must_be_a_client_id_of_the_accounts_provider(self):
        iam, arn = self.admin_iam(), f"arn:aws:iam::123456789012:oidc-provider/securetoken.google.com/{PROJECT}"
        iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
        seed.create_provider(iam, PROJECT, ["other"])
        try:
            status, _, body = self.assume(token())
            self.assertEqual((status, code_of(body)), (400, "InvalidIdentityToken"))
            self.assertIn(b"Incorrect token audience", body)
            iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
            status, _, body = self.assume(token())
            self.assertIn(b"No OpenIDConnect provider found in your account", body)
        finally:
            try:
                iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
            except iam.exceptions.NoSuchEntityException:
                pass
            seed.create_provider(iam, PROJECT, [PROJECT])
        self.assertEqual(self.assume(token())[0], 200)

    def test_a_trust_policy_must_name_the_provider_by_its_arn(self):
        iam = self.admin_iam()
        def trust(federated):
            return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": federated},
                               "Action": "sts:AssumeRoleWithWebIdentity"}]})
        iam.create_role(RoleName="by-name", AssumeRolePolicyDocument=trust(f"securetoken.google.com/{PROJECT}"))
        iam.create_role(RoleName="by-arn", AssumeRolePolicyDocument=trust(
            f"arn:aws:iam::123456789012:oidc-provider/securetoken.google.com/{PROJECT}"))
        status, _, body = self.assume(token(invited=False), role="arn:aws:iam::123456789012:role/by-name")
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"))
        self.assertEqual(self.assume(token(invited=False), role="arn:aws:iam::123456789012:role/by-arn")[0], 200)

    def test_duration_and_session_name_are_validated(self):
        status, _, body = self.assume(token(), duration=50000)
        self.assertEqual((status, code_of(body)), (400, "ValidationError"))

    # --- Signatures and expiry ------------------------------------------------------------------
    def test_a_tampered_signature_is_refused(self):
        creds = self.credentials()
        url = f"{self.url}/{BUCKET}?list-type=2&prefix=users%2Fuid-a%2F"
        request = AWSRequest(method="GET", url=url)
        S3SigV4Auth(creds, "s3", "us-east-1").add_auth(request)
        headers = dict(request.headers)
        headers["Authorization"] = headers["Authorization"][:-1] + ("0" if headers["Authorization"][-1] != "0" else "1")
        status, _, body = send("GET", url, None, headers)
        self.assertEqual((status, code_of(body)), (403, "SignatureDoesNotMatch"))

    def test_a_request_signed_with_a_clock_hours_off_is_refused(self):
        from unittest import mock
        import datetime as dt
        creds = self.credentials()
        url = f"{self.url}/{BUCKET}?list-type=2&prefix=users%2Fuid-a%2F"
        request = AWSRequest(method="GET", url=url)
        three_hours_ago = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(hours=3)
        with mock.patch("botocore.auth.get_current_datetime", return_value=three_hours_ago):
            S3SigV4Auth(creds, "s3", "us-east-1").add_auth(request)
        status, headers, body = send("GET", url, None, dict(request.headers))
        self.assertEqual((status, code_of(body)), (403, "RequestTimeTooSkewed"))
        self.assertIn("Date", headers, "the server's Date lets clients correct their clock")

    def test_expired_credentials_are_refused(self):
        creds = self.credentials(duration=1)
        time.sleep(2)
        status, _, body = self.s3(creds, "GET", query="list-type=2&prefix=users%2Fuid-a%2F")
        self.assertEqual((status, code_of(body)), (400, "ExpiredToken"))

    # --- Per-user isolation through ${securetoken.google.com/<project>:sub} ------------------
    def test_each_user_reaches_only_their_own_folder(self):
        alice, bob = self.credentials("uid-a"), self.credentials("uid-b")
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/x.txt", body=b"a")[0], 200)
        self.assertEqual(self.s3(alice, "GET", "users/uid-a/x.txt")[0], 200)
        for method, key in [("GET", "users/uid-a/x.txt"), ("PUT", "users/uid-a/y.txt"), ("DELETE", "users/uid-a/x.txt")]:
            status, _, body = self.s3(bob, method, key, body=b"b" if method == "PUT" else None)
            self.assertEqual((status, code_of(body)), (403, "AccessDenied"), f"bob {method} {key}")

    def test_listing_is_limited_to_the_own_prefix(self):
        alice = self.credentials("uid-a")
        self.assertEqual(self.s3(alice, "GET", query="list-type=2&prefix=users%2Fuid-a%2F")[0], 200)
        for query in ["list-type=2&prefix=users%2Fuid-b%2F", "list-type=2", "list-type=2&prefix=users%2F"]:
            status, _, body = self.s3(alice, "GET", query=query)
            self.assertEqual((status, code_of(body)), (403, "AccessDenied"), query)

    # The shared area is readable by every user and writable by none (the app hides the write
    # buttons; this is what stops a hand-made request).
    def test_the_shared_area_is_read_only_for_every_user(self):
        alice = self.credentials("uid-a")
        status, _, body = self.s3(alice, "GET", query="list-type=2&prefix=public%2F&delimiter=%2F")
        self.assertEqual(status, 200, body)
        self.assertIn(b"<Key>public/welcome.txt</Key>", body)
        self.assertEqual(self.s3(alice, "GET", "public/welcome.txt")[0], 200)
        for method, key in [("PUT", "public/mine.txt"), ("DELETE", "public/welcome.txt")]:
            status, _, body = self.s3(alice, method, key, body=b"x" if method == "PUT" else None)
            self.assertEqual((status, code_of(body)), (403, "AccessDenied"), f"{method} {key}")
        status, _, body = self.s3(alice, "GET", query="list-type=2&prefix=publicity%2F")
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"), "public/* is not public*")

    # DeleteObjects is authorized key by key, as IAM does (moto checks the bucket and denies all).
    def test_delete_objects_is_checked_for_each_key(self):
        alice = self.credentials("uid-a")
        for name in ("d1", "d2"):
            self.assertEqual(self.s3(alice, "PUT", f"users/uid-a/{name}", body=b"x")[0], 200)
        keys = ["users/uid-a/d1", "users/uid-a/d2", "users/uid-b/theirs"]
        body = ("<Delete>" + "".join(f"<Object><Key>{k}</Key></Object>" for k in keys) + "</Delete>").encode()
        checksum = {"x-amz-checksum-sha256": base64.b64encode(hashlib.sha256(body).digest()).decode(),
                    "Content-Type": "application/xml"}
        status, _, answer = self.s3(alice, "POST", query="delete", body=body, headers=checksum)
        self.assertEqual(status, 200, answer)
        self.assertEqual(answer.count(b"<Deleted>"), 2, answer)
        self.assertIn(b"<Key>users/uid-b/theirs</Key><Code>AccessDenied</Code>", answer)
        self.assertFalse(self.exists("users/uid-a/d1"))

    # CopyObject needs s3:GetObject on the source too: no copying another user's file into your own.
    def test_copy_object_is_checked_on_its_source(self):
        alice, bob = self.credentials("uid-a"), self.credentials("uid-b")
        self.assertEqual(self.s3(bob, "PUT", "users/uid-b/secret.txt", body=b"bob's")[0], 200)
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/mine.txt", body=b"alice's")[0], 200)
        copy = lambda source: {"x-amz-copy-source": source}
        status, _, body = self.s3(alice, "PUT", "users/uid-a/copy.txt", headers=copy("firebridge-files/users/uid-a/mine.txt"))
        self.assertEqual(status, 200, body)
        self.assertIn(b"CopyObjectResult", body)
        status, _, body = self.s3(alice, "PUT", "users/uid-a/stolen.txt", headers=copy("firebridge-files/users/uid-b/secret.txt"))
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"))
        self.assertFalse(self.exists("users/uid-a/stolen.txt"))

    # Session policies (config aws.sessionPolicy / policyArns) narrow the role; they never widen it.
    def test_a_session_policy_narrows_the_role_and_cannot_widen_it(self):
        read_only = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
        writer = self.credentials("uid-a")
        self.assertEqual(self.s3(writer, "PUT", "users/uid-a/policy.txt", body=b"p")[0], 200)
        reader = self.credentials("uid-a", Policy=read_only)
        self.assertEqual(self.s3(reader, "GET", "users/uid-a/policy.txt")[0], 200)
        status, _, body = self.s3(reader, "PUT", "users/uid-a/other.txt", body=b"x")
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"), "PUT is outside the session policy")
        everything = json.dumps({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
        bob = self.credentials("uid-b", Policy=everything)
        status, _, body = self.s3(bob, "GET", "users/uid-a/policy.txt")
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"), "a session policy must not widen the role")
        status, _, body = self.assume(token(), **{"PolicyArns.member.1.arn": "arn:aws:iam::123456789012:policy/none"})
        self.assertEqual((status, code_of(body)), (400, "InvalidParameterValue"))

    # --- Fault injection: STS failures on demand, for the app's retry tests ------------------
    def test_queued_faults_are_answered_once_each_then_sts_works(self):
        queue = json.dumps({"AssumeRoleWithWebIdentity": ["IDPCommunicationError", "ServiceUnavailable"]}).encode()
        send("POST", f"{self.url}/standin/faults", queue, {"Content-Type": "application/json"})
        first, second, third = (self.assume(token()) for _ in range(3))
        self.assertEqual((first[0], code_of(first[2])), (400, "IDPCommunicationError"))
        self.assertEqual(first[1].get("Access-Control-Allow-Origin"), APP_ORIGIN)
        self.assertEqual((second[0], code_of(second[2])), (503, "ServiceUnavailable"))
        self.assertEqual(third[0], 200)
        self.assertEqual(json.loads(send("GET", f"{self.url}/standin/faults")[2]), {})

    # The app's backoff on SlowDown and 503 is tested against these: each queued fault is
    # answered once, to the operation named, as S3 words it (and CORS lets the page read it).
    def test_queued_s3_faults_fail_only_the_operation_named(self):
        alice = self.credentials("uid-a")
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/busy.txt", body=b"b")[0], 200)
        queue = json.dumps({"ListObjectsV2": ["SlowDown"], "GetObject": ["InternalError"]}).encode()
        send("POST", f"{self.url}/standin/faults", queue, {"Content-Type": "application/json"})
        self.assertEqual(self.s3(alice, "HEAD", "users/uid-a/busy.txt")[0], 200, "not a queued operation")
        status, headers, body = self.s3(alice, "GET", query="list-type=2&prefix=users%2Fuid-a%2F", origin=APP_ORIGIN)
        self.assertEqual((status, code_of(body)), (503, "SlowDown"))
        self.assertEqual(headers.get("Access-Control-Allow-Origin"), APP_ORIGIN)
        status, _, body = self.s3(alice, "GET", "users/uid-a/busy.txt")
        self.assertEqual((status, code_of(body)), (500, "InternalError"))
        self.assertEqual(self.s3(alice, "GET", query="list-type=2&prefix=users%2Fuid-a%2F")[0], 200)
        status, _, body = self.s3(alice, "GET", "users/uid-a/busy.txt")
        self.assertEqual((status, body), (200, b"b"))
        status, _, body = send("POST", f"{self.url}/standin/faults", json.dumps({"GetObject": ["Nonsense"]}).encode())
        self.assertEqual(status, 400, "an unknown fault code is refused, not ignored")

    # The zip download's resume is tested against this: a GET whose connection drops half-way
    # through the body (headers and Content-Length as S3 sent them), once.
    def test_a_cut_short_get_delivers_half_the_body_then_drops(self):
        import http.client
        alice = self.credentials("uid-a")
        body = bytes(range(256)) * 40
        self.assertEqual(self.s3(alice, "PUT", "users/uid-a/cut.bin", body=body)[0], 200)
        queue = json.dumps({"GetObject": ["CutShort"]}).encode()
        send("POST", f"{self.url}/standin/faults", queue, {"Content-Type": "application/json"})
        with self.assertRaises(http.client.IncompleteRead) as broken:
            self.s3(alice, "GET", "users/uid-a/cut.bin")
        self.assertEqual(len(broken.exception.partial), len(body) // 2)
        self.assertEqual(self.s3(alice, "GET", "users/uid-a/cut.bin")[2], body, "only once")
        refused = json.dumps({"PutObject": ["CutShort"]}).encode()
        self.assertEqual(send("POST", f"{self.url}/standin/faults", refused)[0], 400, "GetObject only")

    # --- CORS as the services answer it ------------------------------------------------------------
    def test_bucket_cors_lists_headers_and_exposes_etag_and_date(self):
        status, headers, _ = send("OPTIONS", f"{self.url}/{BUCKET}/users/uid-a/x.txt", None, {
            "Origin": APP_ORIGIN, "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "authorization,x-amz-date,x-amz-content-sha256,x-amz-security-token,content-type"})
        self.assertEqual(status, 200)
        self.assertEqual(headers["Access-Control-Allow-Origin"], APP_ORIGIN)
        self.assertIn("authorization", headers["Access-Control-Allow-Headers"])
        self.assertIn("ETag", headers["Access-Control-Expose-Headers"])
        self.assertIn("Date", headers["Access-Control-Expose-Headers"])

    def test_actual_s3_answers_carry_the_buckets_cors_errors_included(self):
        alice = self.credentials("uid-a")
        _, ok, _ = self.s3(alice, "GET", query="list-type=2&prefix=users%2Fuid-a%2F", origin=APP_ORIGIN)
        self.assertEqual(ok.get("Access-Control-Allow-Origin"), APP_ORIGIN)
        self.assertIn("Date", ok.get("Access-Control-Expose-Headers", ""))
        status, denied, _ = self.s3(alice, "GET", query="list-type=2&prefix=users%2Fuid-b%2F", origin=APP_ORIGIN)
        self.assertEqual(status, 403)
        self.assertEqual(denied.get("Access-Control-Allow-Origin"), APP_ORIGIN, "errors are readable too")
        _, foreign, _ = self.s3(alice, "GET", query="list-type=2&prefix=users%2Fuid-a%2F", origin="http://evil.example")
        self.assertFalse([h for h in foreign if h.lower().startswith("access-control-")], foreign)

    def test_a_foreign_origin_fails_the_preflight(self):
        status, _, _ = send("OPTIONS", f"{self.url}/{BUCKET}?list-type=2", None, {
            "Origin": "http://evil.example", "Access-Control-Request-Method": "GET"})
        self.assertNotEqual(status // 100, 2)

    def test_iam_sends_no_cors_headers(self):
        creds = self.credentials()
        url = f"{self.url}/?Action=ListRoles&Version=2010-05-08"
        request = AWSRequest(method="GET", url=url)
        SigV4Auth(creds, "iam", "us-east-1").add_auth(request)
        _, headers, _ = send("GET", url, None, dict(request.headers, Origin=APP_ORIGIN))
        self.assertFalse([h for h in headers if h.lower().startswith("access-control-")], headers)
        _, headers, _ = send("OPTIONS", url, None, {"Host": f"iam.localhost:{self.port}", "Origin": APP_ORIGIN,
                                                     "Access-Control-Request-Method": "GET"})
        self.assertFalse([h for h in headers if h.lower().startswith("access-control-")], headers)

    # The app's "refused as expired, renew and retry" path needs credentials AWS calls expired.
    def test_expiring_all_credentials_on_demand(self):
        alice = self.credentials("uid-a")
        listing = "list-type=2&prefix=users%2Fuid-a%2F"
        self.assertEqual(self.s3(alice, "GET", query=listing)[0], 200)
        send("POST", f"{self.url}/standin/expire-credentials", b"{}", {"Content-Type": "application/json"})
        status, _, body = self.s3(alice, "GET", query=listing)
        self.assertEqual((status, code_of(body)), (400, "ExpiredToken"))
        self.assertEqual(self.s3(self.credentials("uid-a"), "GET", query=listing)[0], 200, "new credentials work")

    # The IAM demo: CORS on when the test asks (off again after); a presigned GET works without it.
    def test_iam_cors_switch_and_presigned_list_roles(self):
        from botocore.auth import SigV4QueryAuth
        creds = self.credentials()
        url = f"{self.url}/?Action=ListRoles&Version=2010-05-08"
        control = lambda on: send("POST", f"{self.url}/standin/iam-cors", json.dumps({"enabled": on}).encode(), {})
        control(True)
        try:
            form = b"Action=ListRoles&Version=2010-05-08"
            request = AWSRequest(method="POST", url=f"{self.url}/", data=form,
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
            SigV4Auth(creds, "iam", "us-east-1").add_auth(request)
            status, headers, body = send("POST", f"{self.url}/", form, dict(request.headers, Origin=APP_ORIGIN))
            self.assertEqual(status, 200, body)
            self.assertEqual(headers.get("Access-Control-Allow-Origin"), APP_ORIGIN)
        finally:
            control(False)
        presigned = AWSRequest(method="GET", url=url)
        SigV4QueryAuth(creds, "iam", "us-east-1", expires=300).add_auth(presigned)
        status, _, body = send("GET", presigned.url, None, {})
        self.assertEqual(status, 200, body)
        self.assertIn(b"<ListRolesResult>", body)
        tampered = presigned.url.replace("X-Amz-Signature=", "X-Amz-Signature=0")
        self.assertEqual(send("GET", tampered, None, {})[0], 403)


if __name__ == "__main__":
    unittest.main(verbosity=2)
