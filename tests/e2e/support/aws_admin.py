"""Changes the local stack's AWS setup as its administrator would, through the real (signed) IAM
and S3 APIs of the stand-in: breaks one thing the way people get it wrong, or puts the
assistant's documents back. Lets the doctor's tests meet real misconfigurations.

Also answers what only an administrator can know for sure: whether a key exists (S3 answers a
user's request for a missing key with 403, as it answers a refusal).

Usage: aws_admin.py break trust-audience|provider-audience|cors-header|cors-etag|policy-without-sub|open-door|versioning-suspended
       aws_admin.py restore
       aws_admin.py exists KEY     (prints true or false)
       aws_admin.py keys PREFIX    (prints every key under PREFIX, as JSON)
       aws_admin.py put KEY JSON   (writes KEY with PutObject's parameters, JSON, e.g.
                                    {"Body": "text", "ContentType": ..., "Metadata": {...}})
       aws_admin.py object KEY     (prints what S3 holds for KEY: its headers, tags and body)
       aws_admin.py delete KEY     (deletes KEY, as someone else would meanwhile)
"""
import json
import os
import pathlib
import sys

import boto3

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "dev" / "standin"))
import seed  # noqa: E402  (the documents, filled in as the seed fills them)

PROJECT = os.environ.get("FIREBASE_PROJECT", "demo-firebridge")
BUCKET = os.environ.get("BUCKET", "firebridge-files")
ROLE = os.environ.get("ROLE_NAME", "firebridge-web")
PROVIDER_ARN = f"arn:aws:iam::{seed.ACCOUNT_ID}:oidc-provider/securetoken.google.com/{PROJECT}"
VALUES = {"ACCOUNT_ID": seed.ACCOUNT_ID, "PROJECT_ID": PROJECT, "BUCKET": BUCKET, "ORIGINS": ""}
OTHER_PROJECT = "someone-elses-project"


def clients():
    key = json.loads((ROOT / "dev" / ".run" / "aws-administrator.json").read_text())
    options = dict(endpoint_url=os.environ.get("AWS_URL", "http://127.0.0.1:5000"), region_name="us-east-1",
                   aws_access_key_id=key["accessKeyId"], aws_secret_access_key=key["secretAccessKey"])
    return boto3.client("iam", **options), boto3.client("s3", **options)


def set_provider_audiences(iam, audiences):
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=PROVIDER_ARN)
    seed.create_provider(iam, PROJECT, audiences)


def set_cors(s3, change):
    """Applies the assistant's CORS rule for the origins the bucket has, after CHANGE(rule)."""
    origins = s3.get_bucket_cors(Bucket=BUCKET)["CORSRules"][0]["AllowedOrigins"]
    cors = seed.document("bucket-cors.json", VALUES)
    rule = cors["CORSRules"][0]
    rule["AllowedOrigins"] = origins
    change(rule)
    s3.put_bucket_cors(Bucket=BUCKET, CORSConfiguration=cors)


def trust_policy(audience):
    trust = seed.document("trust-policy.json", VALUES)
    trust["Statement"][0]["Condition"]["StringEquals"][f"securetoken.google.com/{PROJECT}:aud"] = audience
    return json.dumps(trust)


def permissions_policy(without_sub=False):
    text = json.dumps(seed.document("permissions-policy.json", VALUES))
    if without_sub:  # "users/*": what a policy written without the per-user variable grants
        text = text.replace("${securetoken.google.com/" + PROJECT + ":sub}", "*")
    return text


def open_door(iam):
    """What a role written without the invitation's conditions lets through: anyone."""
    trust = json.loads(trust_policy(PROJECT))
    del trust["Statement"][0]["Condition"]["StringEquals"]["aws:RequestTag/firebridge"]
    iam.update_assume_role_policy(RoleName=ROLE, PolicyDocument=json.dumps(trust))
    permissions = json.loads(permissions_policy())
    permissions["Statement"] = [s for s in permissions["Statement"] if s.get("Sid") != "NothingWithoutAnInvitation"]
    iam.put_role_policy(RoleName=ROLE, PolicyName="own-folder", PolicyDocument=json.dumps(permissions))


def breaks(iam, s3):
    return {
        "open-door": lambda: open_door(iam),
        "trust-audience": lambda: iam.update_assume_role_policy(RoleName=ROLE, PolicyDocument=trust_policy(OTHER_PROJECT)),
        "provider-audience": lambda: set_provider_audiences(iam, [OTHER_PROJECT]),
        "cors-header": lambda: set_cors(s3, lambda rule: rule["AllowedHeaders"].remove("x-amz-content-sha256")),
        "cors-etag": lambda: set_cors(s3, lambda rule: rule["ExposeHeaders"].remove("ETag")),
        "policy-without-sub": lambda: iam.put_role_policy(RoleName=ROLE, PolicyName="own-folder",
                                                          PolicyDocument=permissions_policy(without_sub=True)),
        "versioning-suspended": lambda: s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Suspended"}),
    }


def restore(iam, s3):
    iam.update_assume_role_policy(RoleName=ROLE, PolicyDocument=trust_policy(PROJECT))
    set_provider_audiences(iam, [PROJECT])
    set_cors(s3, lambda rule: None)
    iam.put_role_policy(RoleName=ROLE, PolicyName="own-folder", PolicyDocument=permissions_policy())
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})


def main(argv):
    iam, s3 = clients()
    if argv == ["restore"]:
        restore(iam, s3)
    elif len(argv) == 2 and argv[0] == "break" and argv[1] in breaks(iam, s3):
        breaks(iam, s3)[argv[1]]()
    elif len(argv) == 2 and argv[0] == "exists":
        listed = s3.list_objects_v2(Bucket=BUCKET, Prefix=argv[1], MaxKeys=1).get("Contents", [])
        print(json.dumps(bool(listed) and listed[0]["Key"] == argv[1]))
    elif len(argv) == 2 and argv[0] == "keys":
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=argv[1])
        print(json.dumps([o["Key"] for page in pages for o in page.get("Contents", [])]))
    elif len(argv) == 3 and argv[0] == "put":
        s3.put_object(Bucket=BUCKET, Key=argv[1], **json.loads(argv[2]))
    elif len(argv) == 2 and argv[0] == "delete":
        s3.delete_object(Bucket=BUCKET, Key=argv[1])
    elif len(argv) == 2 and argv[0] == "object":
        print(json.dumps(stored_object(s3, argv[1])))
    else:
        sys.exit(__doc__)


def stored_object(s3, key):
    found = s3.get_object(Bucket=BUCKET, Key=key)
    tags = s3.get_object_tagging(Bucket=BUCKET, Key=key)["TagSet"]
    return {"ContentType": found.get("ContentType"), "CacheControl": found.get("CacheControl"),
            "ContentDisposition": found.get("ContentDisposition"), "Metadata": found.get("Metadata"),
            "StorageClass": found.get("StorageClass", "STANDARD"), "ETag": found["ETag"],
            "Tags": {t["Key"]: t["Value"] for t in tags}, "Body": found["Body"].read().decode(errors="replace")}


if __name__ == "__main__":
    main(sys.argv[1:])
