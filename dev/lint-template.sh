#!/usr/bin/env bash
# make lint-template: the linters AWS teams run on CloudFormation, on the template the setup
# assistant writes (dev/aws/template.json: the generator's output for the local stack's answers,
# which make deploy deploys):
#   cfn-lint  AWS's own, against the resource specifications: no error and no warning may be left
#             (informational notes are not asked for: its I1022 "prefer Fn::Sub over Fn::Join"
#             would be wrong here, Fn::Sub would fill in IAM's own ${...} policy variables);
#   checkov   security and compliance checks: every failed check is fixed in the generator or
#             waived in the template itself, on its resource (Metadata.checkov.skip: id and reason).
# Both come from PyPI, pinned with all they pull in (dev/lint-requirements.txt), in their own venv
# dev/.venv-lint, made on the first run; a second run starts at once. Neither needs the network
# once installed (checkov is told not to fetch Prisma Cloud's guidelines).
#
#   dev/lint-template.sh [TEMPLATE...]   lint (default dev/aws/template.json)
#   dev/lint-template.sh --install       only make sure the venv is there (dev/deploy.sh uses its AWS CLI)
set -euo pipefail
DEV_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT_DIR="$(dirname "$DEV_DIR")"
VENV="$DEV_DIR/.venv-lint"
REQUIREMENTS="$DEV_DIR/lint-requirements.txt"

say() { printf '\033[1m[firebridge]\033[0m %s\n' "$*" >&2; }

install_tools() {
  local stamp="$VENV/.firebridge-requirements"
  if [ -f "$stamp" ] && cmp -s "$REQUIREMENTS" "$stamp"; then return; fi
  say "installing cfn-lint, checkov and the AWS CLI in dev/.venv-lint (about a minute)"
  python3 -m venv "$VENV"
  # The venv is no part of the project: this file inside it keeps git from listing it.
  echo '*' >"$VENV/.gitignore"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
  cp "$REQUIREMENTS" "$stamp"
}

pinned() { sed -n "s/^$1==//p" "$REQUIREMENTS"; }

install_tools
if [ "${1:-}" = --install ]; then exit 0; fi
cd "$ROOT_DIR"
[ $# -gt 0 ] || set -- dev/aws/template.json

failed=0
for template in "$@"; do
  say "cfn-lint $(pinned cfn-lint) on $template"
  "$VENV/bin/cfn-lint" -- "$template" || failed=1
  say "checkov $(pinned checkov) on $template"
  "$VENV/bin/checkov" -f "$template" --framework cloudformation --quiet --compact --skip-download \
    || failed=1
done
if [ "$failed" != 0 ]; then
  say "the template has findings: fix them in src/setup/cloudformation.rs (or waive one there, with its reason), then regenerate: cargo test --lib -- --ignored write_dev_template"
  exit 1
fi
say "template clean: cfn-lint and checkov"
