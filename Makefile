# Firebridge: `make dev` runs it, `make test` tests it. See README.md.
SHELL := /bin/bash
export CARGO_HOME ?= $(HOME)/.cargo
export PATH := $(CURDIR)/dev/node_modules/.bin:$(CARGO_HOME)/bin:$(PATH)
export CARGO_TERM_COLOR ?= never

.PHONY: dev test down install check unit standin web build size e2e stack bench fuzz fuzz-smoke invite
.PHONY: lint-template deploy deploy-firebase destroy

## dev: install what is missing, start the local stack and `trunk serve`; Ctrl-C stops all.
dev: install stack
	@dev/banner.sh
	@trap 'dev/down.sh' EXIT INT TERM; trunk serve

## test: every check and test, as CI runs them.
test: install check lint-template unit standin web build size e2e fuzz-smoke

## invite: invite EMAIL on the local stack (TEAM=name, READ_ONLY=1 optional); prints its sign-in
## link. Production: dev/invite.mjs with a service account (README, "Invitations").
invite:
	@test -n "$(EMAIL)" || { echo "usage: make invite EMAIL=you@example.com [TEAM=name] [READ_ONLY=1]"; exit 2; }
	@FIREBASE_AUTH_EMULATOR_HOST=127.0.0.1:$${AUTH_PORT:-9099} FIREBASE_PROJECT=$${FIREBASE_PROJECT:-demo-firebridge} \
	  node dev/invite.mjs invite "$(EMAIL)" $(if $(TEAM),--team "$(TEAM)") $(if $(READ_ONLY),--read-only)

## down: stop everything `make dev` or `make test` started.
down:
	@dev/down.sh

install:
	@dev/install.sh

stack:
	@dev/up.sh

## check: formatting, clippy on both targets and on the fuzz targets, the dependency policy
## (dev/check-dependencies.py: licences, sources, the lock), and the layering.
check:
	cargo fmt --check
	cargo fmt --check --manifest-path fuzz/Cargo.toml
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --features split --lib --bins -- -D warnings
	cargo clippy --manifest-path fuzz/Cargo.toml --target-dir target --all-targets -- -D warnings
	dev/check-dependencies.py
	dev/check-layering.sh
	dev/check-cycles.py

## unit: native unit tests of the pure modules and the SigV4 test-suite vectors.
unit:
	cargo test

## standin: the AWS stand-in is as strict as AWS (own instance, own port).
standin:
	dev/.venv/bin/python -m unittest discover -s tests/standin -v

## web: wasm-bindgen-test in headless Chromium.
web:
	cargo test --target wasm32-unknown-unknown --test web_platform

## build: the release build in dist/ (nightly, std rebuilt for size; see dev/build-release.sh).
build:
	dev/build-release.sh

## size: bytes of the release build, with the CI budget.
size:
	@dev/size.sh

## fuzz: every fuzz target for 10 minutes each (FUZZ_SECONDS, FUZZ_TARGETS to change it).
fuzz:
	dev/fuzz.sh

## fuzz-smoke: the same for 15 seconds each: CI's check that the targets build and hold.
fuzz-smoke:
	FUZZ_SECONDS=15 dev/fuzz.sh

## bench: Firebridge beside its JavaScript equivalent, built in the same run: one table each.
bench:
	@dev/install.sh bench
	dev/build-release.sh
	@dev/with-stack.sh node bench/run.mjs

## e2e: the built app in Chromium against the local stack (started and stopped here).
e2e:
	@dev/with-stack.sh bash -c 'cd tests/e2e && npm test --silent' 

## lint-template: cfn-lint and checkov on the setup assistant's CloudFormation template
## (dev/aws/template.json), pinned in dev/lint-requirements.txt; waivers sit in the template.
lint-template:
	dev/lint-template.sh

## deploy: the release build, deployed as one CloudFormation stack with CloudFront hosting;
## prints the app's address. Settings: dev/deploy.env or the environment (docs/deploy.md).
deploy:
	dev/deploy.sh

## deploy-firebase: the same stack without CloudFront, and dist/ on Firebase Hosting.
deploy-firebase:
	dev/deploy.sh firebase

## destroy: deletes the stack and every file in its buckets, once you type the stack's name.
destroy:
	dev/deploy.sh destroy
