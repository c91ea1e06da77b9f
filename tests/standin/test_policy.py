"""The stand-in's IAM policy evaluator on its own: every rule of IAM's that the app's policies
lean on (per-user isolation through a policy variable, s3:prefix conditions, Deny winning),
each as IAM documents it, so that the e2e suite's "refused by AWS" means refused by IAM's rules.

Run: dev/.venv/bin/python -m unittest discover -s tests/standin -v
"""
import json
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "dev" / "standin"))
from firebridge_standin import policy  # noqa: E402

BUCKET = "arn:aws:s3:::files"
UID = "securetoken.google.com/demo:sub"


def document(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


OWN_FOLDER = document(
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
     "Resource": "arn:aws:s3:::files/users/${securetoken.google.com/demo:sub}/*"},
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": BUCKET,
     "Condition": {"StringLike": {"s3:prefix": ["users/${securetoken.google.com/demo:sub}/*"]}}})


class Evaluation(unittest.TestCase):
    # ${...:sub} is each user's uid: one policy, a folder each.
    def test_a_policy_variable_gives_each_user_their_own_folder(self):
        alice = {UID: "alice"}
        self.assertTrue(policy.is_permitted([OWN_FOLDER], "s3:GetObject", "arn:aws:s3:::files/users/alice/a.txt", alice))
        self.assertFalse(policy.is_permitted([OWN_FOLDER], "s3:GetObject", "arn:aws:s3:::files/users/bob/a.txt", alice))

    # A variable with no value must match nothing (not "*", not the empty string).
    def test_an_unresolved_variable_matches_nothing(self):
        self.assertFalse(policy.is_permitted([OWN_FOLDER], "s3:GetObject", "arn:aws:s3:::files/users//a.txt", {}))
        self.assertFalse(policy.is_permitted([OWN_FOLDER], "s3:GetObject", "arn:aws:s3:::files/users/*/a.txt", {}))

    # A GET carries no s3:prefix: the listing grant's condition cannot hold for it.
    def test_a_condition_on_a_key_the_request_lacks_does_not_hold(self):
        alice = {UID: "alice"}
        self.assertTrue(policy.is_permitted([OWN_FOLDER], "s3:ListBucket", BUCKET, {**alice, "s3:prefix": "users/alice/x"}))
        self.assertFalse(policy.is_permitted([OWN_FOLDER], "s3:ListBucket", BUCKET, alice))
        self.assertFalse(policy.is_permitted([OWN_FOLDER], "s3:ListBucket", BUCKET, {**alice, "s3:prefix": "users/"}))

    # An explicit Deny anywhere wins over any Allow.
    def test_deny_wins(self):
        deny = document({"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"})
        self.assertEqual(policy.decide([OWN_FOLDER, deny], "s3:PutObject", "arn:aws:s3:::files/users/alice/a", {UID: "alice"}), "Deny")
        self.assertIsNone(policy.decide([deny], "s3:GetObject", "arn:aws:s3:::files/x", {}))

    def test_not_action_and_not_resource(self):
        everything_but_delete = document({"Effect": "Allow", "NotAction": "s3:Delete*", "NotResource": "arn:aws:s3:::files/private/*"})
        self.assertTrue(policy.is_permitted([everything_but_delete], "s3:GetObject", "arn:aws:s3:::files/a", {}))
        self.assertFalse(policy.is_permitted([everything_but_delete], "s3:DeleteObject", "arn:aws:s3:::files/a", {}))
        self.assertFalse(policy.is_permitted([everything_but_delete], "s3:GetObject", "arn:aws:s3:::files/private/a", {}))

    # Actions and condition keys are case-insensitive; resources are not.
    def test_case(self):
        self.assertTrue(policy.is_permitted([OWN_FOLDER], "S3:getobject", "arn:aws:s3:::files/users/alice/a", {UID.upper(): "alice"}))
        self.assertFalse(policy.is_permitted([OWN_FOLDER], "s3:GetObject", "arn:aws:s3:::FILES/users/alice/a", {UID: "alice"}))


class Conditions(unittest.TestCase):
    def test_if_exists_and_null(self):
        self.assertTrue(policy.condition_holds("StringEqualsIfExists", None, ["x"]))
        self.assertFalse(policy.condition_holds("StringEquals", None, ["x"]))
        self.assertTrue(policy.condition_holds("Null", None, ["true"]))
        self.assertFalse(policy.condition_holds("Null", "v", ["true"]))

    # A negated operator holds when the key is absent (IAM: "StringNotEquals ... returns true").
    def test_negated_operators_on_a_missing_key(self):
        self.assertTrue(policy.condition_holds("StringNotEquals", None, ["x"]))
        self.assertFalse(policy.condition_holds("StringNotEquals", "x", ["x", "y"]))
        self.assertTrue(policy.condition_holds("StringNotLike", "z", ["x*", "y*"]))

    # Multivalued keys (aws:TagKeys): set operators as IAM defines them.
    def test_set_operators(self):
        self.assertTrue(policy.condition_holds("ForAllValues:StringEquals", ["team", "access"], ["team", "access", "firebridge"]))
        self.assertFalse(policy.condition_holds("ForAllValues:StringEquals", ["team", "other"], ["team"]))
        self.assertTrue(policy.condition_holds("ForAllValues:StringEquals", None, ["team"]), "an empty set")
        self.assertTrue(policy.condition_holds("ForAnyValue:StringEquals", ["x", "team"], ["team"]))
        self.assertFalse(policy.condition_holds("ForAnyValue:StringEquals", None, ["team"]))

    # Evaluating a policy differently from IAM would make a green test lie: unknown is loud.
    def test_what_is_not_evaluated_is_refused_loudly(self):
        with self.assertRaises(policy.UnsupportedCondition):
            policy.condition_holds("NumericLessThan", "3", ["4"])
        with self.assertRaises(policy.UnsupportedCondition):
            policy.condition_holds("StringEquals", ["a", "b"], ["a"])

    def test_wildcards_are_star_and_question_mark_only(self):
        self.assertTrue(policy.wildcard("users/*/a?.txt", "users/x/ab.txt"))
        self.assertFalse(policy.wildcard("users/[ab]", "users/a"))
        self.assertTrue(policy.wildcard("users/[ab]", "users/[ab]"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
