"""Records the real answers of the local stack into tests/fixtures/, for the unit tests.
Run with the stack up (dev/up.sh):  dev/.venv/bin/python dev/record_fixtures.py

Every fixture is an answer the app meets: Identity Toolkit JSON from the official Auth emulator,
STS and S3 XML from the AWS stand-in (moto, with its signature checks on).
"""
import base64
import json
import pathlib
import time
import urllib.error
import urllib.parse
import urllib.request

import boto3
from botocore.config import Config

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
PROJECT = "demo-firebridge"
AUTH = "http://127.0.0.1:9099"
AWS = "http://127.0.0.1:5000"
ROLE = "arn:aws:iam::123456789012:role/firebridge-web"
BUCKET = "firebridge-files"


def http(method, url, body=None, headers=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def identity_toolkit(method, payload):
    url = f"{AUTH}/identitytoolkit.googleapis.com/v1/{method}?key=fake-api-key"
    return http("POST", url, json.dumps(payload).encode(), {"Content-Type": "application/json"})


def save(path, body):
    target = FIXTURES / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    print("recorded", path)


def latest_code(email):
    _, body = http("GET", f"{AUTH}/emulator/v1/projects/{PROJECT}/oobCodes")
    codes = [c for c in json.loads(body)["oobCodes"] if c["email"] == email]
    return codes[-1]["oobCode"]


def sts(token, role=ROLE):
    form = urllib.parse.urlencode({"Action": "AssumeRoleWithWebIdentity", "Version": "2011-06-15", "RoleArn": role,
                                   "RoleSessionName": "firebridge-record", "WebIdentityToken": token, "DurationSeconds": "900"})
    return http("POST", f"{AWS}/", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"})


def forged_token(**claims):
    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")
    now = int(time.time())
    payload = {"iss": f"https://securetoken.google.com/{PROJECT}", "aud": PROJECT, "sub": "forged", "iat": now, "exp": now + 3600}
    payload.update(claims)
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(payload)}."


def main():
    email = "alice@example.com"
    continue_url = "http://localhost:8080/login"
    status, body = identity_toolkit("accounts:sendOobCode", {"requestType": "EMAIL_SIGNIN", "email": email, "continueUrl": continue_url, "canHandleCodeInApp": True})
    assert status == 200, body
    save("firebase/send_oob_code.json", body)
    code = latest_code(email)

    status, body = identity_toolkit("accounts:signInWithEmailLink", {"email": "mallory@example.com", "oobCode": code})
    assert status == 400, body
    save("firebase/invalid_email.json", body)
    status, body = identity_toolkit("accounts:signInWithEmailLink", {"email": email, "oobCode": code})
    assert status == 200, body
    save("firebase/sign_in_with_email_link.json", body)
    id_token = json.loads(body)["idToken"]
    status, body = identity_toolkit("accounts:signInWithEmailLink", {"email": email, "oobCode": code})
    assert status == 400, body
    save("firebase/invalid_oob_code.json", body)

    status, body = sts(id_token)
    assert status == 200, body
    save("sts/assume_role_with_web_identity.xml", body)
    creds = body.decode()
    status, body = sts(forged_token(aud="someone-else"))
    assert status == 400, body
    save("sts/error_invalid_identity_token.xml", body)
    status, body = sts(forged_token(exp=int(time.time()) - 60))
    assert status == 400, body
    save("sts/error_expired_token.xml", body)
    status, body = sts(id_token, role="arn:aws:iam::123456789012:role/does-not-exist")
    assert status == 403, body
    save("sts/error_access_denied.xml", body)

    def value(tag):
        return creds.split(f"<{tag}>")[1].split(f"</{tag}>")[0]

    record_caller_identity(value("AccessKeyId"), value("SecretAccessKey"), value("SessionToken"))
    uid = json.loads(base64.urlsafe_b64decode(id_token.split(".")[1] + "==="))["sub"]
    s3 = boto3.client("s3", endpoint_url=AWS, region_name="us-east-1", aws_access_key_id=value("AccessKeyId"),
                      aws_secret_access_key=value("SecretAccessKey"), aws_session_token=value("SessionToken"),
                      # A checksum only where S3 requires one: the multipart upload recorded is
                      # created without an algorithm, so its parts must carry none.
                      config=Config(s3={"addressing_style": "path"}, request_checksum_calculation="when_required"))
    recorded = {}
    s3.meta.events.register("after-call.s3.ListObjectsV2", lambda http_response, **_: recorded.update(body=http_response.content))
    prefix = f"users/{uid}/"
    for obj in s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", []):
        s3.delete_object(Bucket=BUCKET, Key=obj["Key"])
    s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    save("s3/list_objects_v2_empty.xml", recorded["body"])
    s3.put_object(Bucket=BUCKET, Key=f"{prefix}notes.txt", Body=b"hello from firebridge\n")
    s3.put_object(Bucket=BUCKET, Key=f"{prefix}photos/cat & dog.jpg", Body=b"\xff\xd8\xff" + b"0" * 64)
    s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    save("s3/list_objects_v2.xml", recorded["body"])
    s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix, Delimiter="/", EncodingType="url")
    save("s3/list_objects_v2_folders.xml", recorded["body"])
    for obj in s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix)["Contents"]:
        s3.delete_object(Bucket=BUCKET, Key=obj["Key"])

    status, body = http("GET", f"{AWS}/{BUCKET}?list-type=2&prefix=users%2Fsomeone-else%2F",
                        headers=_signed_headers(s3, "users/someone-else/"))
    assert status == 403 and b"AccessDenied" in body, body
    save("s3/error_access_denied.xml", body)
    headers = _signed_headers(s3, prefix)
    headers["Authorization"] = headers["Authorization"][:-4] + "0000"
    status, body = http("GET", f"{AWS}/{BUCKET}?list-type=2&prefix={urllib.parse.quote(prefix, safe='')}", headers=headers)
    assert status == 403 and b"SignatureDoesNotMatch" in body, body
    save("s3/error_signature_does_not_match.xml", body)
    import datetime
    from unittest import mock
    three_hours_ago = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(hours=3)
    with mock.patch("botocore.auth.get_current_datetime", return_value=three_hours_ago):
        headers = _signed_headers(s3, prefix)
    status, body = http("GET", f"{AWS}/{BUCKET}?list-type=2&prefix={urllib.parse.quote(prefix, safe='')}", headers=headers)
    assert status == 403 and b"RequestTimeTooSkewed" in body, body
    save("s3/error_request_time_too_skewed.xml", body)
    record_multipart(s3, recorded, prefix)
    record_iam_and_expiry(value("AccessKeyId"), value("SecretAccessKey"), value("SessionToken"), s3, prefix)


def record_multipart(s3, recorded, prefix):
    """A two-part upload as the app makes it: create, parts, list parts, complete; and the
    answer for an upload id S3 no longer knows (completed or aborted)."""
    bodies = {}
    for event in ["CreateMultipartUpload", "ListParts", "CompleteMultipartUpload"]:
        s3.meta.events.register(f"after-call.s3.{event}", lambda http_response, event=event, **_: bodies.update({event: http_response.content}))
    key = f"{prefix}big file.bin"
    upload_id = s3.create_multipart_upload(Bucket=BUCKET, Key=key)["UploadId"]
    save("s3/create_multipart_upload.xml", bodies["CreateMultipartUpload"])
    first = s3.upload_part(Bucket=BUCKET, Key=key, UploadId=upload_id, PartNumber=1, Body=b"a" * (5 * 1024 * 1024))
    second = s3.upload_part(Bucket=BUCKET, Key=key, UploadId=upload_id, PartNumber=2, Body=b"b" * 1024)
    s3.list_parts(Bucket=BUCKET, Key=key, UploadId=upload_id)
    save("s3/list_parts.xml", bodies["ListParts"])
    s3.complete_multipart_upload(Bucket=BUCKET, Key=key, UploadId=upload_id, MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": first["ETag"]}, {"PartNumber": 2, "ETag": second["ETag"]}]})
    save("s3/complete_multipart_upload.xml", bodies["CompleteMultipartUpload"])
    try:
        s3.list_parts(Bucket=BUCKET, Key=key, UploadId=upload_id)
        raise AssertionError("a completed upload still lists its parts")
    except s3.exceptions.NoSuchUpload:
        save("s3/error_no_such_upload.xml", bodies["ListParts"])
    s3.delete_object(Bucket=BUCKET, Key=key)
    record_versions(s3, prefix)


def record_versions(s3, prefix):
    """What Undo, Versions and Recently deleted read in the versioned bucket: a file written
    twice then deleted (a marker over two versions), one written once; and versioning's status."""
    bodies = {}
    for event in ["ListObjectVersions", "GetBucketVersioning"]:
        s3.meta.events.register(f"after-call.s3.{event}", lambda http_response, event=event, **_: bodies.update({event: http_response.content}))
    folder = f"{prefix}versions/"
    s3.put_object(Bucket=BUCKET, Key=f"{folder}a b.txt", Body=b"first")
    s3.put_object(Bucket=BUCKET, Key=f"{folder}a b.txt", Body=b"second")
    s3.delete_object(Bucket=BUCKET, Key=f"{folder}a b.txt")
    s3.put_object(Bucket=BUCKET, Key=f"{folder}kept.txt", Body=b"kept")
    s3.list_object_versions(Bucket=BUCKET, Prefix=folder, EncodingType="url")
    save("s3/list_object_versions.xml", bodies["ListObjectVersions"])
    s3.get_bucket_versioning(Bucket=BUCKET)
    save("s3/get_bucket_versioning.xml", bodies["GetBucketVersioning"])
    s3.delete_object(Bucket=BUCKET, Key=f"{folder}kept.txt")
    s3.meta.events.register("after-call.s3.DeleteObjects", lambda http_response, **_: bodies.update(DeleteObjects=http_response.content))
    s3.put_object(Bucket=BUCKET, Key=f"{prefix}old.txt", Body=b"old")
    s3.delete_objects(Bucket=BUCKET, Delete={"Quiet": True, "Objects": [{"Key": f"{prefix}old.txt"}, {"Key": "users/someone-else/theirs.txt"}]})
    save("s3/delete_objects_partly_denied.xml", bodies["DeleteObjects"])
    s3.meta.events.register("after-call.s3.CopyObject", lambda http_response, **_: bodies.update(CopyObject=http_response.content))
    s3.put_object(Bucket=BUCKET, Key=f"{prefix}before rename.txt", Body=b"renamed")
    s3.copy_object(Bucket=BUCKET, Key=f"{prefix}after rename.txt", CopySource={"Bucket": BUCKET, "Key": f"{prefix}before rename.txt"})
    save("s3/copy_object.xml", bodies["CopyObject"])
    s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": f"{prefix}before rename.txt"}, {"Key": f"{prefix}after rename.txt"}]})
    record_copies(s3, prefix)


def record_copies(s3, prefix):
    """What rename meets: a conditional copy onto a taken name, a copy source over S3's limit
    (lowered in the stand-in for a small file), a part copy, and the listing of exactly one key
    that tells a missing key (which S3 answers 403) from a refused one."""
    from botocore.exceptions import ClientError
    bodies = {}
    for event in ["CopyObject", "UploadPartCopy", "ListObjectsV2"]:
        s3.meta.events.register(f"after-call.s3.{event}", lambda http_response, event=event, **_: bodies.update({event: http_response.content}))
    for name in ("a.txt", "a.txt.bak"):
        s3.put_object(Bucket=BUCKET, Key=f"{prefix}{name}", Body=b"x" * 2048)
    try:
        s3.copy_object(Bucket=BUCKET, Key=f"{prefix}a.txt.bak", CopySource={"Bucket": BUCKET, "Key": f"{prefix}a.txt"}, IfNoneMatch="*")
        raise AssertionError("a conditional copy replaced a file")
    except ClientError as error:
        assert error.response["Error"]["Code"] == "PreconditionFailed", error.response
        save("s3/error_precondition_failed.xml", bodies["CopyObject"])
    http("POST", f"{AWS}/standin/behaviour", json.dumps({"maxCopySource": 1024}).encode())
    try:
        s3.copy_object(Bucket=BUCKET, Key=f"{prefix}b.txt", CopySource={"Bucket": BUCKET, "Key": f"{prefix}a.txt"})
        raise AssertionError("a copy source over the limit was copied")
    except ClientError as error:
        assert error.response["Error"]["Code"] == "InvalidRequest", error.response
        save("s3/error_copy_source_too_large.xml", bodies["CopyObject"])
    finally:
        http("POST", f"{AWS}/standin/behaviour", json.dumps({"maxCopySource": None}).encode())
    upload_id = s3.create_multipart_upload(Bucket=BUCKET, Key=f"{prefix}b.txt")["UploadId"]
    s3.upload_part_copy(Bucket=BUCKET, Key=f"{prefix}b.txt", UploadId=upload_id, PartNumber=1,
                        CopySource={"Bucket": BUCKET, "Key": f"{prefix}a.txt"})
    save("s3/upload_part_copy.xml", bodies["UploadPartCopy"])
    s3.abort_multipart_upload(Bucket=BUCKET, Key=f"{prefix}b.txt", UploadId=upload_id)
    s3.list_objects_v2(Bucket=BUCKET, Prefix=f"{prefix}a.txt", MaxKeys=1, EncodingType="url")
    save("s3/list_objects_v2_exact_key.xml", bodies["ListObjectsV2"])
    s3.list_objects_v2(Bucket=BUCKET, Prefix=f"{prefix}a.tx", MaxKeys=1, EncodingType="url")
    save("s3/list_objects_v2_exact_key_missing.xml", bodies["ListObjectsV2"])
    s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": f"{prefix}a.txt"}, {"Key": f"{prefix}a.txt.bak"}]})
    record_tagging(s3, prefix)


def record_tagging(s3, prefix):
    """A file's tags as the details panel reads them: a set with spaces and signs and an empty
    value, and the empty set of a file without tags."""
    bodies = {}
    s3.meta.events.register("after-call.s3.GetObjectTagging", lambda http_response, **_: bodies.update(tags=http_response.content))
    key = f"{prefix}tagged.txt"
    s3.put_object(Bucket=BUCKET, Key=key, Body=b"tagged")
    s3.get_object_tagging(Bucket=BUCKET, Key=key)
    save("s3/get_object_tagging_empty.xml", bodies["tags"])
    s3.put_object_tagging(Bucket=BUCKET, Key=key, Tagging={"TagSet": [
        {"Key": "project", "Value": "Q4 report: 2026/12 +draft"}, {"Key": "review", "Value": ""}]})
    s3.get_object_tagging(Bucket=BUCKET, Key=key)
    save("s3/get_object_tagging.xml", bodies["tags"])
    s3.delete_object(Bucket=BUCKET, Key=key)


def record_iam_and_expiry(key_id, secret, token, s3, prefix):
    """IAM ListRoles as the demo sends it (GET, signed), STS refusing a clock hours off (behind,
    then ahead), and S3 refusing credentials that expired (the stand-in expires them on request;
    this comes last)."""
    import datetime
    from unittest import mock
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    credentials = Credentials(key_id, secret, token)
    form = "Action=ListRoles&Version=2010-05-08"
    request = AWSRequest(method="POST", url=f"{AWS}/", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    SigV4Auth(credentials, "iam", "us-east-1").add_auth(request)
    status, body = http("POST", f"{AWS}/", form.encode(), dict(request.headers))
    assert status == 200, body
    save("iam/list_roles.xml", body)
    form = "Action=GetCallerIdentity&Version=2011-06-15"
    request = AWSRequest(method="POST", url=f"{AWS}/", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    three_hours_ago = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(hours=3)
    with mock.patch("botocore.auth.get_current_datetime", return_value=three_hours_ago):
        SigV4Auth(credentials, "sts", "us-east-1").add_auth(request)
    status, body = http("POST", f"{AWS}/", form.encode(), dict(request.headers))
    assert status == 403 and b"Signature expired" in body, body
    save("sts/error_signature_expired.xml", body)
    request = AWSRequest(method="POST", url=f"{AWS}/", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    with mock.patch("botocore.auth.get_current_datetime", return_value=three_hours_ago + datetime.timedelta(hours=6)):
        SigV4Auth(credentials, "sts", "us-east-1").add_auth(request)
    status, body = http("POST", f"{AWS}/", form.encode(), dict(request.headers))
    assert status == 403 and b"Signature not yet current" in body, body
    save("sts/error_signature_not_yet_current.xml", body)
    http("POST", f"{AWS}/standin/expire-credentials", b"{}")
    status, body = http("GET", f"{AWS}/{BUCKET}?list-type=2&prefix={urllib.parse.quote(prefix, safe='')}",
                        headers=_signed_headers(s3, prefix))
    assert status == 400 and b"ExpiredToken" in body, body
    save("s3/error_expired_token.xml", body)


def record_reference_signature():
    """The header botocore's signer gives for tests/common/signing_case.rs: an independent
    implementation, so the native and wasm tests compare aws-sigv4 against botocore."""
    import datetime
    from unittest import mock
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    url = "http://127.0.0.1:5000/firebridge-files/users/uid%201/caf%C3%A9%20%2B%20menu.txt"
    request = AWSRequest(method="PUT", url=url, data=b"bonjour", headers={"content-type": "text/plain"})
    credentials = Credentials("ASIAFIREBRIDGETEST", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYFIREBRIDGE", "IQoJb3JpZ2luX2VjEFIREBRIDGE//session")
    moment = datetime.datetime.fromtimestamp(1_795_230_000, datetime.timezone.utc).replace(tzinfo=None)
    with mock.patch("botocore.auth.get_current_datetime", return_value=moment):
        S3SigV4Auth(credentials, "s3", "us-east-1").add_auth(request)
    save("signing/s3_put_authorization.txt", (request.headers["Authorization"] + "\n").encode())
    from botocore.auth import SigV4QueryAuth
    presigned = AWSRequest(method="GET", url="http://127.0.0.1:5000/?Action=ListRoles&Version=2010-05-08")
    with mock.patch("botocore.auth.get_current_datetime", return_value=moment):
        SigV4QueryAuth(credentials, "iam", "us-east-1", expires=300).add_auth(presigned)
    save("signing/iam_list_roles_presigned.txt", (presigned.url + "\n").encode())


def record_caller_identity(key_id, secret, token):
    """A signed STS GetCallerIdentity, as the identity panel sends it (form POST)."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    body = "Action=GetCallerIdentity&Version=2011-06-15"
    request = AWSRequest(method="POST", url=f"{AWS}/", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    SigV4Auth(Credentials(key_id, secret, token), "sts", "us-east-1").add_auth(request)
    status, response = http("POST", f"{AWS}/", body.encode(), dict(request.headers))
    assert status == 200, response
    save("sts/get_caller_identity.xml", response)


def admin(method, path, payload=None):
    """The emulator's admin API (Bearer owner), as the Admin SDK would call production."""
    body = json.dumps(payload).encode() if payload is not None else None
    return http(method, f"{AUTH}{path}", body, {"Authorization": "Bearer owner", "Content-Type": "application/json"})


def secure_token(refresh_token):
    form = urllib.parse.urlencode({"grant_type": "refresh_token", "refresh_token": refresh_token}).encode()
    return http("POST", f"{AUTH}/securetoken.googleapis.com/v1/token?key=fake-api-key", form,
                {"Content-Type": "application/x-www-form-urlencoded"})


def record_sign_in_paths():
    """Password sign-in, reset, refresh, disabled and new users, account deletion, and a
    sign-up refused by a beforeCreate blocking function (how the emulator shows disabled sign-up)."""
    email, password = "carol@example.com", "firebridge-demo"
    admin("POST", f"/identitytoolkit.googleapis.com/v1/projects/{PROJECT}/accounts", {"email": email, "password": password})
    status, body = identity_toolkit("accounts:signInWithPassword", {"email": email, "password": password, "returnSecureToken": True})
    assert status == 200, body
    save("firebase/sign_in_with_password.json", body)
    signed_in = json.loads(body)
    for name, payload in [("invalid_password.json", {"email": email, "password": "wrong"}),
                          ("email_not_found.json", {"email": "nobody@example.com", "password": "x"})]:
        status, body = identity_toolkit("accounts:signInWithPassword", dict(payload, returnSecureToken=True))
        assert status == 400, body
        save(f"firebase/{name}", body)
    status, body = identity_toolkit("accounts:sendOobCode", {"requestType": "PASSWORD_RESET", "email": email})
    assert status == 200, body
    save("firebase/send_password_reset.json", body)

    status, body = secure_token(signed_in["refreshToken"])
    assert status == 200, body
    save("firebase/refresh_token.json", body)
    status, body = secure_token("not-a-refresh-token")
    assert status == 400, body
    save("firebase/invalid_refresh_token.json", body)

    admin("POST", f"/identitytoolkit.googleapis.com/v1/projects/{PROJECT}/accounts:update", {"localId": signed_in["localId"], "disableUser": True})
    status, body = secure_token(signed_in["refreshToken"])
    assert status == 400, body
    save("firebase/user_disabled.json", body)
    admin("POST", f"/identitytoolkit.googleapis.com/v1/projects/{PROJECT}/accounts:update", {"localId": signed_in["localId"], "disableUser": False})

    newcomer = f"new-{int(time.time())}@example.com"
    identity_toolkit("accounts:sendOobCode", {"requestType": "EMAIL_SIGNIN", "email": newcomer, "continueUrl": "http://localhost:8080/login", "canHandleCodeInApp": True})
    status, body = identity_toolkit("accounts:signInWithEmailLink", {"email": newcomer, "oobCode": latest_code(newcomer)})
    assert status == 200 and json.loads(body)["isNewUser"], body
    save("firebase/sign_in_new_user.json", body)
    status, body = identity_toolkit("accounts:delete", {"idToken": json.loads(body)["idToken"]})
    assert status == 200, body
    save("firebase/delete_account.json", body)

    with refusing_blocking_function() as uri:
        status, body = admin("PATCH", f"/identitytoolkit.googleapis.com/v2/projects/{PROJECT}/config?updateMask=blockingFunctions",
                             {"blockingFunctions": {"triggers": {"beforeCreate": {"functionUri": uri}}}})
        assert status == 200, body
        try:
            outsider = f"outsider-{int(time.time())}@example.com"
            identity_toolkit("accounts:sendOobCode", {"requestType": "EMAIL_SIGNIN", "email": outsider, "continueUrl": "http://localhost:8080/login", "canHandleCodeInApp": True})
            status, body = identity_toolkit("accounts:signInWithEmailLink", {"email": outsider, "oobCode": latest_code(outsider)})
            assert status == 400, body
            save("firebase/blocking_function_error.json", body)
        finally:
            admin("PATCH", f"/identitytoolkit.googleapis.com/v2/projects/{PROJECT}/config?updateMask=blockingFunctions",
                  {"blockingFunctions": {}})


class refusing_blocking_function:
    """A beforeCreate blocking function that refuses every new account (HTTP 403)."""

    def __enter__(self):
        import http.server
        import threading

        class Refuse(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.dumps({"error": {"status": "PERMISSION_DENIED", "message": "This address has not been invited."}}).encode()
                self.send_response(403)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Refuse)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_port}/"

    def __exit__(self, *exc):
        self.server.shutdown()


def _signed_headers(s3, prefix):
    """Headers botocore would send for ListObjectsV2 of PREFIX, signed with the session's keys."""
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    url = f"{AWS}/{BUCKET}?list-type=2&prefix={urllib.parse.quote(prefix, safe='')}"
    request = AWSRequest(method="GET", url=url)
    S3SigV4Auth(s3._request_signer._credentials.get_frozen_credentials(), "s3", "us-east-1").add_auth(request)
    return dict(request.headers)


if __name__ == "__main__":
    record_reference_signature()
    main()
    record_sign_in_paths()
