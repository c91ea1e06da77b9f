#!/usr/bin/env python3
"""The dependency policy, checked offline from `cargo metadata` (make check): every crate the app
and its fuzz targets build with must

- come from crates.io (no git dependencies, no other registry);
- be under licences that let anyone use, change and ship the app, as its own MIT does (an SPDX
  expression: for `A OR B` one side must be allowed, for `A AND B` both);
- be pinned by Cargo.lock (`--locked`: a changed lock fails).

Two versions of one crate make the wasm bigger: they are listed, not refused (some come with
Leptos). A crate outside the policy fails the check until someone decides.

Usage: dev/check-dependencies.py [MANIFEST ...]   (default: Cargo.toml and fuzz/Cargo.toml)
"""
import json
import re
import subprocess
import sys
from collections import defaultdict

ALLOWED = {
    "MIT", "Apache-2.0", "Apache-2.0 WITH LLVM-exception", "BSL-1.0", "Zlib", "Unicode-3.0",
    "CC0-1.0", "Unlicense",
    # libfuzzer-sys (the fuzz targets only; LLVM's former licence, permissive).
    "NCSA",
}
CRATES_IO = "registry+https://github.com/rust-lang/crates.io-index"


def allowed(expression):
    """Whether an SPDX licence expression is satisfied by ALLOWED (the old `A/B` means `A OR B`)."""
    tokens = re.findall(r"\(|\)|[A-Za-z0-9.+-]+(?: WITH [A-Za-z0-9.+-]+)?", expression.replace("/", " OR "))
    position = 0

    def parse_or():
        nonlocal position
        result = parse_and()
        while position < len(tokens) and tokens[position] == "OR":
            position += 1
            result = parse_and() or result
        return result

    def parse_and():
        nonlocal position
        result = parse_term()
        while position < len(tokens) and tokens[position] == "AND":
            position += 1
            result = parse_term() and result
        return result

    def parse_term():
        nonlocal position
        token = tokens[position]
        position += 1
        if token == "(":
            result = parse_or()
            position += 1  # ")"
            return result
        return token in ALLOWED

    try:
        return parse_or() and position == len(tokens)
    except IndexError:
        return False


def check(manifest):
    metadata = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked", "--offline", "--manifest-path", manifest],
        check=True, capture_output=True, text=True).stdout)
    problems, versions = [], defaultdict(set)
    for package in metadata["packages"]:
        name, source = f"{package['name']} {package['version']}", package["source"]
        if source is None:
            continue  # the app's own crates
        if source != CRATES_IO:
            problems.append(f"{name}: from {source}, not crates.io")
        if not package.get("license"):
            problems.append(f"{name}: no SPDX licence (licence file {package.get('license_file')}): read it and decide")
        elif not allowed(package["license"]):
            problems.append(f"{name}: licence {package['license']} is not allowed")
        versions[package["name"]].add(package["version"])
    duplicates = {name: sorted(found) for name, found in versions.items() if len(found) > 1}
    return problems, duplicates


def main(manifests):
    failed = False
    for manifest in manifests:
        problems, duplicates = check(manifest)
        for problem in problems:
            print(f"{manifest}: {problem}", file=sys.stderr)
        failed |= bool(problems)
        if duplicates:
            listed = ", ".join(f"{name} {' and '.join(found)}" for name, found in sorted(duplicates.items()))
            print(f"{manifest}: two versions of: {listed}")
    if failed:
        sys.exit(1)
    print("dependencies: crates.io only, licences allowed, Cargo.lock unchanged")


def self_test():
    """The expression reader on the shapes crates.io holds, so that a mistake here cannot let a
    licence through unnoticed."""
    assert allowed("MIT OR Apache-2.0") and allowed("MIT/Apache-2.0") and allowed("(MIT OR Apache-2.0) AND Unicode-3.0")
    assert allowed("Apache-2.0 WITH LLVM-exception OR Apache-2.0 OR MIT")
    assert not allowed("GPL-3.0") and not allowed("MIT AND GPL-3.0") and not allowed("LGPL-2.1-or-later")
    assert allowed("MIT OR Apache-2.0 OR LGPL-2.1-or-later") and not allowed("(MIT OR")


if __name__ == "__main__":
    self_test()
    main(sys.argv[1:] or ["Cargo.toml", "fuzz/Cargo.toml"])
