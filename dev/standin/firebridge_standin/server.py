"""The stand-in's server: moto's own WSGI app for STS, S3 and IAM on one port, inside the
stand-in's middleware, outermost first:

  FaultInjection   queued failures and test controls (faults.py)
  S3Cors           S3's preflights, and CORS on its actual answers (cors.py)
  SignatureRules   region, time, unsigned headers, payload hash (sigv4.py)
  BodyRules        digests of DeleteObjects and of every x-amz-checksum-* (s3_rules.py)
  NoCorsForIam     IAM answers browsers nothing (cors.py)
  moto             with its patches (moto_patches.py)
"""
import argparse
import os
import urllib.parse

from moto.core import DEFAULT_ACCOUNT_ID
from moto.s3.models import s3_backends

from . import cors, faults, moto_patches, s3_rules, sigv4


def bucket_of(environ):
    """The bucket an S3 request addresses (path-style), False for one that does not exist, None
    when the request is not S3's (STS and IAM are sent to /)."""
    path = environ.get("PATH_INFO", "/")
    if path == "/" or path.startswith(("/standin/", "/moto-api/")) or cors.is_iam(environ):
        return None
    authorization = environ.get("HTTP_AUTHORIZATION")
    if authorization and "/s3/aws4_request" not in authorization:
        return None
    credential = dict(urllib.parse.parse_qsl(environ.get("QUERY_STRING", ""))).get("X-Amz-Credential")
    if credential and "/s3/aws4_request" not in credential:
        return None
    name = path.lstrip("/").split("/", 1)[0]
    return s3_backends[DEFAULT_ACCOUNT_ID]["aws"].buckets.get(name, False)


def bucket_region(name):
    bucket = s3_backends[DEFAULT_ACCOUNT_ID]["aws"].buckets.get(name)
    return bucket.region_name if bucket is not None else None


def application():
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    moto_patches.install()
    app = DomainDispatcherApplication(create_backend_app)
    app = cors.NoCorsForIam(app)
    app = s3_rules.BodyRules(app)
    app = sigv4.SignatureRules(app, bucket_region)
    app = cors.S3Cors(app, bucket_of)
    return faults.FaultInjection(app)


def main(argv=None):
    from werkzeug.serving import run_simple
    from moto.moto_server.werkzeug_app import MotoRequestHandler

    parser = argparse.ArgumentParser(description="The AWS stand-in: STS, S3 and IAM as strict as AWS, on one port.")
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args(argv)
    os.environ.setdefault("MOTO_PORT", str(args.port))
    run_simple(args.host, args.port, application(), threaded=True, request_handler=MotoRequestHandler)
