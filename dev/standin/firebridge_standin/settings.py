"""The stand-in's settings (from the environment, read once) and its clock."""
import datetime
import os

# Shortest credentials STS issues here. AWS's minimum is 900 s; tests of expiry lower it.
MIN_DURATION = int(os.environ.get("STANDIN_MIN_DURATION", "900"))
# The region of the STS endpoint (AWS: the region in the endpoint's name; us-east-1 for the
# global sts.amazonaws.com). Signatures for STS must be scoped to it.
REGION = os.environ.get("STANDIN_REGION", "us-east-1")
# Requests with no Authorization header that are still served under signature enforcement.
UNSIGNED_ACTIONS = {"AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"}
# S3's largest copy source for CopyObject (5 GiB); larger objects are copied in parts. Tests
# lower the stand-in's through POST /standin/limits to cross it with a small file.
AWS_MAX_COPY_SOURCE = 5 * 1024 ** 3
MAX_COPY_SOURCE = AWS_MAX_COPY_SOURCE


def now():
    return datetime.datetime.now(datetime.timezone.utc)
# How S3 answers a GET or HEAD of a missing key to a caller whose ListBucket grant has an
# s3:prefix condition. AWS documents only "404 with s3:ListBucket, else 403"; whether S3 puts
# the key in the listing check as s3:prefix is undocumented (a Ceph maintainer says it does).
# False (the default) answers 403, the stricter answer; tests switch it through
# POST /standin/behaviour to prove the app right under both.
MISSING_KEY_PREFIX_CONTEXT = False
