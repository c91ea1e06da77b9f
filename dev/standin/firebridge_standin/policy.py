"""IAM policy evaluation, as IAM documents it, for the stand-in's web-identity sessions.

Pure: policies come in as JSON texts, the request as an action, a resource ARN and a context of
condition keys (policy variables included). Stock moto ignores policy variables and turns every
unmet condition into a Deny; here a statement whose condition does not hold simply does not
apply, an explicit Deny wins, and a variable without a value matches nothing.

Unit-tested on its own in tests/standin/test_policy.py.
"""
import fnmatch
import json
import re

# What an unresolved ${variable} becomes: a text no key, ARN or value can contain.
UNRESOLVED = "\u0000unresolved\u0000"


class UnsupportedCondition(Exception):
    """A condition operator this evaluator does not know. Failing loudly beats evaluating a
    policy differently from AWS."""


def is_permitted(policies, action, resource, context):
    """Whether the policies (JSON texts) allow ACTION on RESOURCE: at least one statement allows
    it and none denies it."""
    return decide(policies, action, resource, context) == "Allow"


def decide(policies, action, resource, context):
    """'Allow', 'Deny' (an explicit Deny applies) or None (nothing applies: an implicit deny)."""
    allowed = False
    for text in policies:
        for statement in statements(json.loads(text)):
            statement = with_variables(statement, context)
            if not applies(statement, action, resource, context):
                continue
            if statement.get("Effect") == "Deny":
                return "Deny"
            allowed = True
    return "Allow" if allowed else None


def statements(document):
    found = document.get("Statement", [])
    return found if isinstance(found, list) else [found]


def applies(statement, action, resource, context):
    if "NotAction" in statement:
        if matches_any(statement["NotAction"], action, ignore_case=True):
            return False
    elif not matches_any(statement.get("Action"), action, ignore_case=True):
        return False
    if "NotResource" in statement:
        if matches_any(statement["NotResource"], resource):
            return False
    elif not matches_any(statement.get("Resource"), resource):
        return False
    return conditions_hold(statement.get("Condition"), context)


def with_variables(statement, context):
    """The statement with its policy variables replaced, where IAM replaces them: in Resource and
    NotResource, and in condition values."""
    statement = dict(statement)
    for element in ("Resource", "NotResource"):
        if element in statement:
            statement[element] = [substitute(p, context) for p in as_list(statement[element])]
    if "Condition" in statement:
        statement["Condition"] = {operator: {key: [substitute(str(v), context) for v in as_list(values)]
                                             for key, values in checks.items()}
                                  for operator, checks in statement["Condition"].items()}
    return statement


def substitute(text, context):
    """Replaces ${name} policy variables with their values from CONTEXT; ${*}, ${?} and ${$}
    stand for the characters themselves."""
    def replace(match):
        name = match.group(1)
        if name in ("*", "?", "$"):
            return name
        value = lookup(context, name)
        if isinstance(value, list):
            value = value[0] if len(value) == 1 else None
        # AWS: a variable with no value makes the element it is in match nothing.
        return value if value is not None else UNRESOLVED

    return re.sub(r"\$\{([^}]+)\}", replace, text)


def lookup(context, name):
    """Condition keys are case-insensitive."""
    wanted = name.lower()
    for key, value in context.items():
        if key.lower() == wanted:
            return value
    return None


def conditions_hold(conditions, context):
    for operator, checks in (conditions or {}).items():
        for key, expected in checks.items():
            if not condition_holds(operator, lookup(context, key), as_list(expected)):
                return False
    return True


_STRING_TESTS = {
    "StringEquals": lambda actual, p: actual == p,
    "StringNotEquals": lambda actual, p: actual != p,
    "StringEqualsIgnoreCase": lambda actual, p: actual.lower() == p.lower(),
    "StringNotEqualsIgnoreCase": lambda actual, p: actual.lower() != p.lower(),
    "StringLike": lambda actual, p: wildcard(p, actual),
    "StringNotLike": lambda actual, p: not wildcard(p, actual),
}


def condition_holds(operator, actual, expected):
    """One operator on one key. ACTUAL is the request's value (None when the key is absent, a list
    for multivalued keys); EXPECTED the policy's values, any of which may match."""
    if operator == "Null":
        wants_missing = str(expected[0]).lower() == "true"
        return (actual is None) == wants_missing
    qualifier, _, base = operator.rpartition(":")
    if_exists = base.endswith("IfExists")
    base = base.removesuffix("IfExists")
    if base not in _STRING_TESTS and base != "Bool":
        raise UnsupportedCondition(f"the AWS stand-in does not evaluate condition operator {operator}")
    if qualifier and qualifier not in ("ForAnyValue", "ForAllValues"):
        raise UnsupportedCondition(f"the AWS stand-in does not evaluate set operator {qualifier}")
    if actual is None:
        # A missing key: ForAllValues holds (an empty set), IfExists holds, and so do the
        # negated operators without a set qualifier; every other test fails.
        return qualifier == "ForAllValues" or if_exists or (not qualifier and base.startswith("StringNot"))
    test = _bool_test if base == "Bool" else _STRING_TESTS[base]
    values = actual if isinstance(actual, list) else [actual]
    negated = base.startswith("StringNot")

    def single(value):
        if negated:
            return all(test(str(value), str(p)) for p in expected)
        return any(test(str(value), str(p)) for p in expected)

    if qualifier == "ForAllValues":
        return all(single(v) for v in values)
    if qualifier == "ForAnyValue":
        return any(single(v) for v in values)
    if len(values) != 1:
        # IAM's policy checker warns that a multivalued key without ForAnyValue/ForAllValues
        # gives results nobody can predict: refuse to guess.
        raise UnsupportedCondition(f"{operator} on a multivalued key needs ForAnyValue or ForAllValues")
    return single(values[0])


def _bool_test(actual, expected):
    return actual.lower() == expected.lower()


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def matches_any(patterns, value, ignore_case=False):
    return any(wildcard(p, value, ignore_case) for p in as_list(patterns))


def wildcard(pattern, value, ignore_case=False):
    """IAM's wildcards: * any run of characters, ? any one; nothing else is special."""
    if ignore_case:
        pattern, value = pattern.lower(), value.lower()
    return fnmatch.fnmatchcase(value, pattern.replace("[", "[[]"))
