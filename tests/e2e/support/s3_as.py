"""Sends one S3 request signed by botocore with the credentials in the environment, and prints
{"status": ..., "code": ...}. Lets the e2e suite act as a user outside the app's UI.

Usage: s3_as.py GET|PUT|LIST|TAG KEY_OR_PREFIX   (TAG: PutObjectTagging, one tag)
"""
import base64
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

import crc32c
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ENDPOINT = os.environ.get("AWS_URL", "http://127.0.0.1:5000")
BUCKET = os.environ.get("BUCKET", "firebridge-files")


def main(method, key):
    body, headers = (b"written by s3_as", {}) if method == "PUT" else (None, {})
    if method == "LIST":
        method, url = "GET", f"{ENDPOINT}/{BUCKET}?list-type=2&prefix={urllib.parse.quote(key, safe='')}"
    elif method == "TAG":
        method, url = "PUT", f"{ENDPOINT}/{BUCKET}/{urllib.parse.quote(key)}?tagging"
        body = b"<Tagging><TagSet><Tag><Key>by</Key><Value>s3_as</Value></Tag></TagSet></Tagging>"
        headers["x-amz-checksum-crc32c"] = base64.b64encode(crc32c.crc32c(body).to_bytes(4, "big")).decode()
    else:
        url = f"{ENDPOINT}/{BUCKET}/{urllib.parse.quote(key)}"
    if body:
        # Without a type urllib sends a form's, whose body the stand-in's server then swallows.
        headers["Content-Type"] = "application/octet-stream"
    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    credentials = Credentials(os.environ["ACCESS_KEY_ID"], os.environ["SECRET_ACCESS_KEY"], os.environ["SESSION_TOKEN"])
    S3SigV4Auth(credentials, "s3", "us-east-1").add_auth(request)
    sent = urllib.request.Request(url, data=body, method=method, headers=dict(request.headers))
    try:
        with urllib.request.urlopen(sent) as response:
            print(json.dumps({"status": response.status, "code": None}))
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        code = text.split("<Code>")[1].split("</Code>")[0] if "<Code>" in text else None
        print(json.dumps({"status": error.code, "code": code}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
