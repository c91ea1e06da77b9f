"""What every stand-in test needs: its own stand-in (own port, 1 s minimum session, so expiry
can be tested), seeded as dev/up.sh seeds it, and ways to call it as the app and as the
administrator do. Each test module starts one stand-in for all its tests.
"""
import base64
import json
import os
import pathlib
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "dev" / "standin"))
import seed  # noqa: E402  (the seed's own way of creating the provider)
PYTHON = ROOT / "dev" / ".venv" / "bin" / "python"
PROJECT = "demo-firebridge"
ROLE = "arn:aws:iam::123456789012:role/firebridge-web"
BUCKET = "firebridge-files"
APP_ORIGIN = "http://127.0.0.1:4173"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


TAGS_CLAIM = "https://aws.amazon.com/tags"
INVITED = {TAGS_CLAIM: {"principal_tags": {"firebridge": ["member"]}}}


def token(invited=True, **claims):
    """An ID token shaped like the Auth emulator's (alg none; AWS verifies the real ones), of an
    invited user (the seeded role requires the invitation's tag) unless INVITED is false."""
    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")
    now = int(time.time())
    payload = {"iss": f"https://securetoken.google.com/{PROJECT}", "aud": PROJECT, "sub": "uid-a",
               "iat": now, "exp": now + 3600, "email": "a@example.com", **(INVITED if invited else {})}
    payload.update(claims)
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(payload)}."


def send(method, url, body=None, headers=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def code_of(body):
    text = body.decode(errors="replace")
    return text.split("<Code>")[1].split("</Code>")[0] if "<Code>" in text else None


class StandInCase(unittest.TestCase):
    ROOT_DIR = ROOT

    @classmethod
    def setUpClass(cls):
        cls.port = free_port()
        cls.url = f"http://127.0.0.1:{cls.port}"
        env = dict(os.environ, INITIAL_NO_AUTH_ACTION_COUNT="1000000000", STANDIN_MIN_DURATION="1",
                   FIREBASE_PROJECT=PROJECT, APP_ORIGINS=APP_ORIGIN)
        # STANDIN_SCRIPT runs these tests against another stand-in (an older one, to see a test
        # fail without the strictness it checks).
        script = os.environ.get("STANDIN_SCRIPT", ROOT / "dev/standin/standin.py")
        cls.log = open(os.environ.get("STANDIN_TEST_LOG", os.devnull), "a")
        cls.process = subprocess.Popen([PYTHON, script, "-p", str(cls.port)], env=env,
                                       stdout=subprocess.DEVNULL, stderr=cls.log)
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{cls.url}/moto-api/")
                break
            except OSError:
                time.sleep(0.1)
        cls.admin_key_file = tempfile.NamedTemporaryFile(suffix=".json")
        subprocess.run([PYTHON, ROOT / "dev/standin/seed.py", cls.url, cls.admin_key_file.name], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        send("POST", f"{cls.url}/moto-api/reset-auth", b"0", {"Content-Type": "text/plain"})

    @classmethod
    def tearDownClass(cls):
        cls.admin_key_file.close()
        cls.process.terminate()
        cls.process.wait(10)
        cls.log.close()

    def assume(self, id_token, duration=900, role=ROLE, **extra):
        form = urllib.parse.urlencode({"Action": "AssumeRoleWithWebIdentity", "Version": "2011-06-15", "RoleArn": role,
                                       "RoleSessionName": "firebridge-test", "WebIdentityToken": id_token,
                                       "DurationSeconds": str(duration), **extra}).encode()
        return send("POST", f"{self.url}/", form, {"Content-Type": "application/x-www-form-urlencoded", "Origin": APP_ORIGIN})

    def credentials(self, sub="uid-a", duration=900, **extra):
        status, _, body = self.assume(token(sub=sub), duration, **extra)
        self.assertEqual(status, 200, body)
        return self.credentials_from(body)

    def credentials_with(self, role_name, actions, sub="uid-a"):
        """Credentials of a role trusted as the seeded one is, allowed only ACTIONS on every
        user's folder: what a test needs to see an action missing refused."""
        iam = self.admin_iam()
        trust = iam.get_role(RoleName="firebridge-web")["Role"]["AssumeRolePolicyDocument"]
        iam.create_role(RoleName=role_name, AssumeRolePolicyDocument=json.dumps(trust))
        iam.put_role_policy(RoleName=role_name, PolicyName="only", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions, "Resource": f"arn:aws:s3:::{BUCKET}/users/*"}]}))
        return self.credentials(sub, role=f"arn:aws:iam::123456789012:role/{role_name}")

    @staticmethod
    def credentials_from(body):
        """The credentials of an AssumeRoleWithWebIdentity answer."""
        text = body.decode()
        field = lambda tag: text.split(f"<{tag}>")[1].split(f"</{tag}>")[0]
        return Credentials(field("AccessKeyId"), field("SecretAccessKey"), field("SessionToken"))

    def s3(self, credentials, method, key="", query="", body=None, origin=None, headers=None, region="us-east-1",
           tamper=None):
        """A signed S3 request as the app sends it; TAMPER(headers) may change it after signing."""
        url = self.object_url(key, query)
        headers = dict(headers or {})
        if body is not None:  # urllib would send a form type, whose body werkzeug then swallows
            headers.setdefault("Content-Type", "application/octet-stream")
        request = AWSRequest(method=method, url=url, data=body, headers=headers)
        S3SigV4Auth(credentials, "s3", region).add_auth(request)
        headers = dict(request.headers)
        if origin:
            headers["Origin"] = origin
        if tamper:
            tamper(headers)
        return send(method, url, body, headers)

    def object_url(self, key="", query="", bucket=BUCKET):
        return f"{self.url}/{bucket}" + (f"/{urllib.parse.quote(key)}" if key else "") + (f"?{query}" if query else "")

    def signed(self, credentials, service, method="POST", body=b"", region="us-east-1", headers=None, when=None):
        """A SigV4-signed STS or IAM query request (form body), signed at WHEN (a naive UTC datetime)."""
        from unittest import mock
        from botocore.auth import SigV4Auth
        headers = dict({"Content-Type": "application/x-www-form-urlencoded"}, **(headers or {}))
        request = AWSRequest(method=method, url=f"{self.url}/", data=body, headers=headers)
        if when is None:
            SigV4Auth(credentials, service, region).add_auth(request)
        else:
            with mock.patch("botocore.auth.get_current_datetime", return_value=when):
                SigV4Auth(credentials, service, region).add_auth(request)
        return send(method, f"{self.url}/", body, dict(request.headers))

    @classmethod
    def admin_client_for_class(cls, service):
        """A boto3 client of the seeded administrator: signed requests, checked like any other."""
        import boto3
        key = json.loads(pathlib.Path(cls.admin_key_file.name).read_text())
        return boto3.client(service, endpoint_url=cls.url, region_name="us-east-1",
                            aws_access_key_id=key["accessKeyId"], aws_secret_access_key=key["secretAccessKey"])

    def admin_client(self, service):
        return self.admin_client_for_class(service)

    def admin_iam(self):
        return self.admin_client("iam")

    def exists(self, key, bucket=BUCKET):
        """Whether KEY is in the bucket, asked as the administrator (who may list: 404 means gone)."""
        from botocore.exceptions import ClientError
        try:
            self.admin_client("s3").head_object(Bucket=bucket, Key=key)
            return True
        except ClientError as error:
            if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                return False
            raise

    def control(self, path, request):
        """POST to one of the stand-in's test controls (/standin/...)."""
        status, _, body = send("POST", f"{self.url}/standin/{path}", json.dumps(request).encode(),
                               {"Content-Type": "application/json"})
        self.assertEqual(status, 200, body)
        return json.loads(body)
