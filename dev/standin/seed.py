"""Seeds the AWS stand-in while signature enforcement is still off, from the documents of dev/aws/
(the setup assistant's, filled in): the OpenID Connect provider, the role the app assumes (with
the assistant's MaxSessionDuration) and its per-user permissions policy, the bucket, versioned, with browser
CORS and its lifecycle rules, a few files in the shared area, and an administrator (an IAM user allowed everything)
whose access key tests use to change the setup through the real, signed AWS APIs. Run by
dev/up.sh.

Usage: seed.py ENDPOINT [ADMIN_KEY_FILE]  (FIREBASE_PROJECT, BUCKET, ROLE_NAME and APP_ORIGINS from
the environment; the administrator's key is written to ADMIN_KEY_FILE as JSON)
"""
import json
import os
import pathlib
import sys

import boto3

AWS_DIR = pathlib.Path(__file__).resolve().parent.parent / "aws"
ACCOUNT_ID = "123456789012"  # moto's fixed account
ADMIN_USER = "stand-in-administrator"


# The shared area (config aws.sharedPrefix): what an administrator put there, readable by all.
SHARED_FILES = {
    "public/welcome.txt": "Welcome to Firebridge. Files under public/ can be read by everyone who signs in.\n",
    "public/guides/getting started.md": "# Getting started\n\nUpload files on the Files page; they stay yours.\n",
}


def document(name, values):
    text = (AWS_DIR / name).read_text()
    for key, value in values.items():
        text = text.replace("${" + key + "}", value)
    return json.loads(text)


def create_provider(iam, project, audiences):
    """The Firebase project's IAM OpenID Connect provider, with AUDIENCES as its client IDs (the
    thumbprint is a placeholder: AWS no longer needs one here, moto still asks for it)."""
    iam.create_open_id_connect_provider(Url=f"https://securetoken.google.com/{project}", ClientIDList=audiences,
                                        ThumbprintList=["0" * 40])


def create_administrator(iam, key_file):
    iam.create_user(UserName=ADMIN_USER)
    everything = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    iam.put_user_policy(UserName=ADMIN_USER, PolicyName="administrator", PolicyDocument=json.dumps(everything))
    key = iam.create_access_key(UserName=ADMIN_USER)["AccessKey"]
    pathlib.Path(key_file).write_text(json.dumps({"accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}))


def main(endpoint, admin_key_file=None):
    project = os.environ.get("FIREBASE_PROJECT", "demo-firebridge")
    bucket = os.environ.get("BUCKET", "firebridge-files")
    role = os.environ.get("ROLE_NAME", "firebridge-web")
    origins = os.environ.get("APP_ORIGINS", "http://localhost:8080").split(",")
    values = {"ACCOUNT_ID": ACCOUNT_ID, "PROJECT_ID": project, "BUCKET": bucket, "ORIGINS": origins[0]}
    client = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="seed", aws_secret_access_key="seed")
    iam, s3 = boto3.client("iam", **client), boto3.client("s3", **client)

    create_provider(iam, project, [project])
    trust = document("trust-policy.json", values)
    settings = document("role.json", values)
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(trust),
                    MaxSessionDuration=settings["MaxSessionDuration"])
    iam.put_role_policy(RoleName=role, PolicyName="own-folder", PolicyDocument=json.dumps(document("permissions-policy.json", values)))

    s3.create_bucket(Bucket=bucket)
    # As the assistant's script does: a deleted or replaced file can be brought back.
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    cors = document("bucket-cors.json", values)
    cors["CORSRules"][0]["AllowedOrigins"] = origins
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration=cors)
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration=document("bucket-lifecycle.json", values))
    # bucket-policy.json refuses plain HTTP: the local stack is plain HTTP, so it is not applied
    # here (the stand-in evaluates role policies, not bucket policies; docs/aws-fidelity.md).
    for key, text in SHARED_FILES.items():
        s3.put_object(Bucket=bucket, Key=key, Body=text.encode(), ContentType="text/plain; charset=utf-8")
    if admin_key_file:
        create_administrator(iam, admin_key_file)
    print(f"seeded role {role}, bucket {bucket} (CORS for {', '.join(origins)}), {len(SHARED_FILES)} shared files")


if __name__ == "__main__":
    main(*sys.argv[1:3])
