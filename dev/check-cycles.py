#!/usr/bin/env python3
"""Fails when modules of src/ depend on each other in a circle.

A module may use its ancestors and descendants (a page's parts use the page's state; the page
uses its parts); between any other two, arrows go one way, so each can be read, tested and moved
on its own. Dependencies are read from `crate::…` and `super::…` paths and, in a `mod.rs`, from
the names of its child modules; test code (after `#[cfg(test)]`) is left out.
"""
import collections
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "src")
PATH = r"((?:[a-z_][a-z0-9_]*::)*[a-z_][a-z0-9_]*)"


def modules():
    """Each module's path (`aws::s3`) and file."""
    found = {}
    for directory, _, files in os.walk(ROOT):
        for name in files:
            if name.endswith(".rs"):
                file = os.path.join(directory, name)
                parts = os.path.relpath(file, ROOT)[:-3].split(os.sep)
                if parts[-1] in ("mod", "lib", "main"):
                    parts = parts[:-1]
                found["::".join(parts)] = file
    return found


def dependencies(found):
    """The modules each module names, resolved to the longest module path that exists."""
    def resolve(path):
        parts = path.split("::")
        while parts:
            if "::".join(parts) in found:
                return "::".join(parts)
            parts.pop()
        return None

    uses = collections.defaultdict(set)
    for module, file in found.items():
        text = open(file, encoding="utf-8").read().split("#[cfg(test)]")[0]
        parent = module.split("::")[:-1]
        named = re.findall(r"crate::" + PATH, text)
        named += ["::".join(parent + [p]) for p in re.findall(r"\bsuper::" + PATH, text)]
        if file.endswith(("mod.rs", "lib.rs")):
            for child in re.findall(r"^(?:pub(?:\([a-z]+\))? )?mod ([a-z_0-9]+);", text, re.M):
                if re.search(r"\b" + child + r"::", text):
                    named.append(f"{module}::{child}" if module else child)
        for path in named:
            target = resolve(path)
            if target and target != module:
                uses[module].add(target)
    return uses


def related(a, b):
    return a == "" or b == "" or b.startswith(a + "::") or a.startswith(b + "::")


def circles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in list(graph):
        if v not in index:
            visit(v)
    return found


def main():
    found = modules()
    graph = {m: {t for t in ts if not related(m, t)} for m, ts in dependencies(found).items()}
    problems = circles(graph)
    for circle in problems:
        print("modules that depend on each other in a circle: " + ", ".join(circle), file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"cycles: none among {len(found)} modules")


if __name__ == "__main__":
    main()
