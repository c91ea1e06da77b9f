#!/usr/bin/env bash
# From nothing to a deployment (docs/deploy.md):
#
#   dev/deploy.sh            make deploy: the release build; the CloudFormation stack of
#                            dev/aws/template.json (the setup assistant's template) created or
#                            updated; config.json written from its outputs; dist/ uploaded to the
#                            site bucket (files named by their hash cached for good, index.html and
#                            config.json never); CloudFront told to drop its copies of those two;
#                            the app's address printed.
#   dev/deploy.sh firebase   make deploy-firebase: the same stack without CloudFront, then dist/ on
#                            Firebase Hosting (dist/firebase.json from dev/firebase-hosting.json).
#   dev/deploy.sh destroy    make destroy: after you type the stack's name, every version of every
#                            file in the stack's buckets is deleted, then the stack.
#
# Settings: dev/deploy.env (or DEPLOY_ENV=file), the environment winning over it. Also:
#   TEMPLATE=file        another template (the one /setup downloads for your answers)
#   SKIP_BUILD=1         deploy dist/ as it is; DIST_DIR=dir deploys another folder
#   HOSTING=false        no CloudFront: only the AWS side and config.json
#   SITE_BUCKET=name     upload to this bucket instead of the stack's site bucket, and
#   DISTRIBUTION_ID=id   invalidate this distribution (both: hosting you run yourself)
#   AWS_CLI=path         the AWS CLI to use (default: `aws` on the PATH, else the pinned one of
#                        dev/lint-requirements.txt, installed in dev/.venv-lint)
#   AWS_ENDPOINT_URL     honoured (by the AWS CLI): a test points it at the stand-in; config.json
#                        then names it as the app's STS, S3 and IAM endpoint
#   FIREBASE_CLI=path    firebase-tools (default dev/node_modules/.bin/firebase)
#   CONFIRM_STACK=name   destroy without asking (the stack's name, as you would type it)
set -euo pipefail
DEV_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT_DIR="$(dirname "$DEV_DIR")"
MODE="${1:-cloudfront}"

say() { printf '\033[1m[firebridge]\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[33m[firebridge] %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31m[firebridge] %s\033[0m\n' "$*" >&2; exit 1; }

# Cache-Control of the uploaded files (the same as src/setup/cloudformation.rs's CACHE_*).
IMMUTABLE="public, max-age=31536000, immutable"
NO_CACHE="no-cache"

DEPLOY_ENV="${DEPLOY_ENV:-$DEV_DIR/deploy.env}"
if [ -f "$DEPLOY_ENV" ]; then
  # shellcheck source=deploy.env
  source "$DEPLOY_ENV"
fi
STACK_NAME="${STACK_NAME:-firebridge}"
TEMPLATE="${TEMPLATE:-$DEV_DIR/aws/template.json}"
DIST_DIR="${DIST_DIR:-$ROOT_DIR/dist}"

# The AWS CLI: yours (v2, say), else the pinned v1 from PyPI.
if [ -z "${AWS_CLI:-}" ]; then
  if command -v aws >/dev/null; then
    AWS_CLI=$(command -v aws)
  else
    "$DEV_DIR/lint-template.sh" --install
    AWS_CLI="$DEV_DIR/.venv-lint/bin/aws"
  fi
fi
cli() { "$AWS_CLI" ${AWS_REGION:+--region "$AWS_REGION"} "$@"; }
export AWS_PAGER=""  # v2 would page long answers

# The stack's outputs as one JSON object.
stack_outputs() {
  cli cloudformation describe-stacks --stack-name "$STACK_NAME" --query 'Stacks[0].Outputs' --output json \
    | python3 -c 'import json, sys; print(json.dumps({o["OutputKey"]: o["OutputValue"] for o in json.load(sys.stdin) or []}))'
}

output() { python3 -c 'import json, sys; print(json.loads(sys.argv[1]).get(sys.argv[2], ""))' "$OUTPUTS" "$1"; }

require() {
  local name
  for name in "$@"; do
    [ -n "${!name:-}" ] || die "$name is not set: fill it in $DEPLOY_ENV or set it in the environment (docs/deploy.md)"
  done
}

build() {
  if [ -n "${SKIP_BUILD:-}" ]; then
    say "SKIP_BUILD: deploying $DIST_DIR as it is"
  else
    [ "$DIST_DIR" = "$ROOT_DIR/dist" ] || die "DIST_DIR is for SKIP_BUILD=1: the release build writes dist/"
    say "the release build (dev/build-release.sh)"
    "$DEV_DIR/build-release.sh"
  fi
  [ -f "$DIST_DIR/index.html" ] || die "$DIST_DIR/index.html is missing: nothing to deploy"
}

# deploy_stack HOSTING: creates the stack or updates it to the template (nothing to change is fine).
deploy_stack() {
  local hosting=$1
  [ "$hosting" = true ] || [ -n "${APP_ORIGINS:-}" ] \
    || die "APP_ORIGINS is empty: without hosting, name the origins the app is served from"
  say "deploying stack $STACK_NAME ($(basename "$TEMPLATE"), Hosting=$hosting)"
  cli cloudformation deploy --template-file "$TEMPLATE" --stack-name "$STACK_NAME" \
    --capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset \
    --parameter-overrides \
    "ProjectId=$FIREBASE_PROJECT" "BucketName=$FILES_BUCKET" "RoleName=${ROLE_NAME:-firebridge-web}" \
    "AppOrigins=${APP_ORIGINS:-}" "Hosting=$hosting" "SessionDuration=${SESSION_DURATION:-3600}" \
    "NoncurrentVersionDays=${NONCURRENT_VERSION_DAYS:-30}" "AccessLogs=${ACCESS_LOGS:-false}" \
    "IamDemo=${IAM_DEMO:-false}"
  OUTPUTS=$(stack_outputs)
}

# config.json from the stack's outputs: the shape the setup assistant writes (src/setup/app_config.rs).
write_config() {
  python3 - "$OUTPUTS" "$DIST_DIR/config.json" "$FIREBASE_API_KEY" "${SIGN_IN_METHODS:-emailLink,password}" \
    "${AWS_ENDPOINT_URL:-}" <<'PY'
import json, sys
outputs, target, api_key, methods, endpoint = json.loads(sys.argv[1]), *sys.argv[2:]
aws = {
    "region": outputs["Region"],
    "roleArn": outputs["RoleArn"],
    "bucket": outputs["BucketName"],
    "sessionDurationSeconds": int(outputs["SessionDurationSeconds"]),
}
if outputs.get("SharedPrefix"):
    aws["sharedPrefix"] = outputs["SharedPrefix"]
if endpoint:  # a stand-in: the app talks to it too
    aws.update(stsEndpoint=endpoint, s3Endpoint=endpoint, iamEndpoint=endpoint)
config = {
    "firebase": {
        "apiKey": api_key,
        "projectId": outputs["ProjectId"],
        "signInMethods": methods.split(","),
        "inviteOnly": outputs["InviteOnly"] == "true",
    },
    "aws": aws,
}
with open(target, "w") as file:
    file.write(json.dumps(config, indent=2) + "\n")
PY
  say "wrote ${DIST_DIR#"$ROOT_DIR"/}/config.json from the stack's outputs"
}

# upload BUCKET: dist/ with each file's type and caching; index.html last, so that no visitor gets
# a page whose files are not there yet. Files of earlier builds stay (pages still open use them).
upload() {
  local bucket=$1 hashed='*-????????????????'
  say "uploading ${DIST_DIR#"$ROOT_DIR"/}/ to s3://$bucket"
  put() { cli s3 cp "$DIST_DIR" "s3://$bucket/" --recursive --only-show-errors "$@"; }
  put --exclude '*' --include "$hashed.wasm" --include "${hashed}_bg.wasm" \
    --content-type application/wasm --cache-control "$IMMUTABLE"
  put --exclude '*' --include "$hashed.js" --content-type "text/javascript; charset=utf-8" --cache-control "$IMMUTABLE"
  put --exclude '*' --include "$hashed.css" --content-type "text/css; charset=utf-8" --cache-control "$IMMUTABLE"
  put --exclude "$hashed.wasm" --exclude "${hashed}_bg.wasm" --exclude "$hashed.js" --exclude "$hashed.css" \
    --exclude index.html --exclude config.json --exclude firebase.json --cache-control "$NO_CACHE"
  cli s3 cp "$DIST_DIR/config.json" "s3://$bucket/config.json" --only-show-errors \
    --content-type application/json --cache-control "$NO_CACHE"
  cli s3 cp "$DIST_DIR/index.html" "s3://$bucket/index.html" --only-show-errors \
    --content-type "text/html; charset=utf-8" --cache-control "$NO_CACHE"
}

deploy_cloudfront() {
  require FIREBASE_PROJECT FIREBASE_API_KEY FILES_BUCKET
  local hosting="${HOSTING:-true}"
  build
  deploy_stack "$hosting"
  write_config
  local bucket="${SITE_BUCKET:-$(output SiteBucketName)}"
  local distribution="${DISTRIBUTION_ID:-$(output DistributionId)}"
  if [ -z "$bucket" ]; then
    say "no hosting: ${DIST_DIR#"$ROOT_DIR"/}/ with its config.json is ready to be served from ${APP_ORIGINS}"
    return
  fi
  upload "$bucket"
  if [ -n "$distribution" ]; then
    say "invalidating /index.html and /config.json on CloudFront $distribution"
    cli cloudfront create-invalidation --distribution-id "$distribution" --paths /index.html /config.json \
      --query Invalidation.Id --output text >/dev/null
  fi
  local url
  url=$(output AppUrl)
  if [ -z "$url" ] && [ -n "$distribution" ]; then
    local domain
    domain=$(cli cloudfront get-distribution --id "$distribution" --query Distribution.DomainName --output text) \
      || warn "could not read distribution $distribution's address"
    url=${domain:+https://$domain/}
  fi
  say "deployed. The app: ${url:-s3://$bucket}"
  [ -z "$url" ] || say "If sign-in links fail: add ${url#https://} (without the /) to Firebase's authorized domains (Authentication > Settings)."
}

deploy_firebase() {
  require FIREBASE_PROJECT FIREBASE_API_KEY FILES_BUCKET
  local firebase="${FIREBASE_CLI:-$DEV_DIR/node_modules/.bin/firebase}"
  [ -x "$firebase" ] || die "firebase-tools is missing ($firebase): run dev/install.sh"
  : "${APP_ORIGINS:=https://$FIREBASE_PROJECT.web.app,https://$FIREBASE_PROJECT.firebaseapp.com}"
  build
  deploy_stack false
  write_config
  # dev/firebase-hosting.json is the generator's, for the local stack's placeholders: the
  # Content-Security-Policy is the stack's (the same generator, for the real bucket and region),
  # and the file sits inside the folder it publishes.
  python3 - "$DEV_DIR/firebase-hosting.json" "$DIST_DIR/firebase.json" "$(output ContentSecurityPolicy)" <<'PY'
import json, sys
source, target, policy = sys.argv[1:]
config = json.load(open(source))
config["hosting"]["public"] = "."
for rule in config["hosting"]["headers"]:
    for header in rule["headers"]:
        if header["key"] == "Content-Security-Policy":
            header["value"] = policy
with open(target, "w") as file:
    file.write(json.dumps(config, indent=2) + "\n")
PY
  say "wrote ${DIST_DIR#"$ROOT_DIR"/}/firebase.json; deploying to Firebase Hosting ($FIREBASE_PROJECT)"
  (cd "$DIST_DIR" && "$firebase" deploy --only hosting --project "$FIREBASE_PROJECT" --config firebase.json)
  say "deployed. The app: https://$FIREBASE_PROJECT.web.app/"
}

# empty BUCKET: every version, every delete marker, every unfinished upload.
empty_bucket() {
  local bucket=$1 batch
  batch=$(mktemp)
  while :; do
    # At most 1,000 keys a DeleteObjects: 500 versions and 500 delete markers a page at most.
    cli s3api list-object-versions --bucket "$bucket" --max-items 500 --output json \
      | python3 -c '
import json, sys
text = sys.stdin.read()
page = json.loads(text) if text.strip() else {}
found = [{"Key": o["Key"], "VersionId": o["VersionId"]}
         for o in (page.get("Versions") or []) + (page.get("DeleteMarkers") or [])]
if found:
    json.dump({"Objects": found, "Quiet": True}, sys.stdout)' >"$batch"
    [ -s "$batch" ] || break
    cli s3api delete-objects --bucket "$bucket" --delete "file://$batch" >/dev/null
  done
  cli s3api list-multipart-uploads --bucket "$bucket" --output json \
    | python3 -c '
import json, sys
text = sys.stdin.read()
for upload in (json.loads(text) if text.strip() else {}).get("Uploads") or []:
    print(upload["Key"] + "\t" + upload["UploadId"])' \
    | while IFS=$'\t' read -r key upload; do
      cli s3api abort-multipart-upload --bucket "$bucket" --key "$key" --upload-id "$upload"
    done
  rm -f "$batch"
}

destroy() {
  cli cloudformation describe-stacks --stack-name "$STACK_NAME" >/dev/null \
    || die "no stack $STACK_NAME here (region ${AWS_REGION:-of the profile})"
  local buckets
  buckets=$(cli cloudformation list-stack-resources --stack-name "$STACK_NAME" \
    --query "StackResourceSummaries[?ResourceType=='AWS::S3::Bucket'].PhysicalResourceId" --output text)
  buckets=$(tr -s '\t ' '\n' <<<"$buckets" | grep -v '^None$' | grep . || true)
  warn "This deletes stack $STACK_NAME: the role (signed-in users lose access at once), the identity provider,"
  warn "the hosting, and EVERY VERSION OF EVERY FILE in these buckets, which cannot be undone:"
  local bucket
  for bucket in $buckets; do warn "  s3://$bucket"; done
  local answer="${CONFIRM_STACK:-}"
  if [ -z "$answer" ]; then
    [ -t 0 ] || die "not a terminal: set CONFIRM_STACK=$STACK_NAME to confirm"
    read -r -p "Type the stack's name ($STACK_NAME) to delete it: " answer
  fi
  [ "$answer" = "$STACK_NAME" ] || die "not confirmed: nothing deleted"
  for bucket in $buckets; do
    say "emptying s3://$bucket (all versions and delete markers)"
    empty_bucket "$bucket"
  done
  say "deleting stack $STACK_NAME"
  cli cloudformation delete-stack --stack-name "$STACK_NAME"
  cli cloudformation wait stack-delete-complete --stack-name "$STACK_NAME"
  say "stack $STACK_NAME deleted"
}

case "$MODE" in
  cloudfront) deploy_cloudfront ;;
  firebase) deploy_firebase ;;
  destroy) destroy ;;
  *) die "usage: dev/deploy.sh [firebase|destroy]" ;;
esac
