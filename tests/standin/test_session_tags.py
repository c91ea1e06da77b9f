"""Session tags from the web-identity token, as STS and IAM apply them: the token's
https://aws.amazon.com/tags claim becomes the session's tags, STS checks them and the trust
policy's sts:TagSession and aws:RequestTag conditions, and permissions test aws:PrincipalTag.
This is what keeps a self-created account out (invitations are tags only an administrator can
set), gives teams a folder and makes read-only users read-only: AWS decides, not the page.

Run: dev/.venv/bin/python -m unittest discover -s tests/standin -v
"""
import json
import unittest

from support import BUCKET, PROJECT, StandInCase, code_of, token

ACCOUNT = "123456789012"
PROVIDER = f"arn:aws:iam::{ACCOUNT}:oidc-provider/securetoken.google.com/{PROJECT}"
AUD = {f"securetoken.google.com/{PROJECT}:aud": PROJECT}


def tags(member=True, **more):
    principal = {"firebridge": ["member"]} if member else {}
    principal.update({key: [value] for key, value in more.items()})
    return {"https://aws.amazon.com/tags": {"principal_tags": principal}}


def trust(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(actions, **conditions):
    return {"Effect": "Allow", "Principal": {"Federated": PROVIDER}, "Action": actions,
            "Condition": {"StringEquals": {**AUD, **conditions}}}


MEMBERS_ONLY = trust(allow(["sts:AssumeRoleWithWebIdentity", "sts:TagSession"], **{"aws:RequestTag/firebridge": "member"}))
WITHOUT_TAG_SESSION = trust(allow("sts:AssumeRoleWithWebIdentity"))
OPEN = trust(allow(["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]))
WRITES = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
PERMISSIONS = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "OnlyMembers", "Effect": "Deny", "Action": "*", "Resource": "*",
     "Condition": {"StringNotEquals": {"aws:PrincipalTag/firebridge": "member"}}},
    {"Sid": "ReadOnlyUsers", "Effect": "Deny", "Action": WRITES, "Resource": "*",
     "Condition": {"StringEquals": {"aws:PrincipalTag/access": "read"}}},
    {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{BUCKET}",
     "Condition": {"StringLike": {"s3:prefix": ["teams/${aws:PrincipalTag/team}/*"]}}},
    {"Effect": "Allow", "Action": ["s3:GetObject"] + WRITES,
     "Resource": f"arn:aws:s3:::{BUCKET}/teams/${{aws:PrincipalTag/team}}/*"},
]})


class SessionTags(StandInCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        iam = cls.admin_client_for_class("iam")
        for name, document in [("members-only", MEMBERS_ONLY), ("no-tag-session", WITHOUT_TAG_SESSION), ("open", OPEN)]:
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=document)
            iam.put_role_policy(RoleName=name, PolicyName="teams", PolicyDocument=PERMISSIONS)

    def role(self, name):
        return f"arn:aws:iam::{ACCOUNT}:role/{name}"

    def session(self, role, sub="uid-a", **claims):
        status, _, body = self.assume(token(invited=False, sub=sub, **claims), role=self.role(role))
        self.assertEqual(status, 200, body)
        return self.credentials_from(body)

    # An invitation is a tag only an administrator can put in the token: without it, STS
    # refuses the exchange itself.
    def test_a_token_without_the_invitation_gets_no_credentials(self):
        self.assertEqual(self.assume(token(**tags()), role=self.role("members-only"))[0], 200)
        for claims in ({}, tags(member=False, team="alpha"), {"https://aws.amazon.com/tags": {"principal_tags": {"firebridge": ["guest"]}}}):
            status, _, body = self.assume(token(invited=False, **claims), role=self.role("members-only"))
            self.assertEqual((status, code_of(body)), (403, "AccessDenied"), claims)

    # Tags passed need sts:TagSession in the trust policy, or the exchange fails.
    def test_tags_need_sts_tag_session(self):
        status, _, body = self.assume(token(**tags()), role=self.role("no-tag-session"))
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"), body)
        self.assertEqual(self.assume(token(invited=False), role=self.role("no-tag-session"))[0], 200, "no tags, no TagSession needed")

    # STS's limits on session tags: 50 tags, keys up to 128 and values up to 256 characters,
    # one value each, nothing under the reserved aws: prefix.
    def test_tags_outside_stss_limits_are_refused(self):
        bad = [
            {f"k{i}": [str(i)] for i in range(51)},
            {"k" * 129: ["v"]},
            {"k": ["v" * 257]},
            {"team": ["alpha", "beta"]},
            {"aws:team": ["alpha"]},
            {"team": ["alpha"], "TEAM": ["beta"]},
        ]
        for principal in bad:
            claims = {"https://aws.amazon.com/tags": {"principal_tags": principal}}
            status, _, body = self.assume(token(**claims), role=self.role("open"))
            self.assertEqual((status, code_of(body)), (400, "ValidationError"), list(principal)[:3])
        ok = {"https://aws.amazon.com/tags": {"principal_tags": {f"k{i}": [str(i)] for i in range(50)}}}
        self.assertEqual(self.assume(token(**ok), role=self.role("open"))[0], 200)

    # The seeded role is the assistant's invite-only one: STS refuses an uninvited token.
    def test_the_seeded_role_refuses_an_uninvited_token(self):
        status, _, body = self.assume(token(invited=False))
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"), body)
        self.assertEqual(self.assume(token())[0], 200)

    # Where a role lets anyone in (open sign-up), the permissions still refuse every request of
    # a session without the member tag.
    def test_permissions_refuse_a_session_without_the_member_tag(self):
        outsider = self.session("open", team="alpha")
        status, _, body = self.s3(outsider, "GET", query="list-type=2&prefix=teams%2Falpha%2F")
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"))
        status, _, body = self.s3(outsider, "PUT", "teams/alpha/x.txt", body=b"x")
        self.assertEqual((status, code_of(body)), (403, "AccessDenied"))

    # ${aws:PrincipalTag/team} gives each team a folder; other teams, and users without a
    # team, are refused by the policy itself.
    def test_a_team_tag_opens_that_teams_folder_only(self):
        alpha_one = self.session("members-only", "uid-1", **tags(team="alpha"))
        alpha_two = self.session("members-only", "uid-2", **tags(team="alpha"))
        beta = self.session("members-only", "uid-3", **tags(team="beta"))
        loner = self.session("members-only", "uid-4", **tags())
        self.assertEqual(self.s3(alpha_one, "PUT", "teams/alpha/plan.txt", body=b"plan")[0], 200)
        status, _, body = self.s3(alpha_two, "GET", "teams/alpha/plan.txt")
        self.assertEqual((status, body), (200, b"plan"))
        self.assertEqual(self.s3(alpha_two, "GET", query="list-type=2&prefix=teams%2Falpha%2F")[0], 200)
        for outsider in (beta, loner):
            for method, key, query in [("GET", "teams/alpha/plan.txt", ""), ("PUT", "teams/alpha/theirs.txt", ""),
                                       ("GET", "", "list-type=2&prefix=teams%2Falpha%2F")]:
                status, _, body = self.s3(outsider, method, key, query=query, body=b"x" if method == "PUT" else None)
                self.assertEqual((status, code_of(body)), (403, "AccessDenied"), f"{method} {key or query}")

    # access=read makes the whole session read-only: an explicit Deny wins over the team's Allow.
    def test_a_read_only_tag_refuses_every_write(self):
        writer = self.session("members-only", "uid-5", **tags(team="gamma"))
        self.assertEqual(self.s3(writer, "PUT", "teams/gamma/doc.txt", body=b"doc")[0], 200)
        reader = self.session("members-only", "uid-6", **tags(team="gamma", access="read"))
        self.assertEqual(self.s3(reader, "GET", "teams/gamma/doc.txt")[0], 200)
        for method, key in [("PUT", "teams/gamma/new.txt"), ("DELETE", "teams/gamma/doc.txt")]:
            status, _, body = self.s3(reader, method, key, body=b"n" if method == "PUT" else None)
            self.assertEqual((status, code_of(body)), (403, "AccessDenied"), method)
        self.assertTrue(self.exists("teams/gamma/doc.txt"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
