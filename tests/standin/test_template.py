"""The setup assistant's CloudFormation template (dev/aws/template.json) against the local stack:
the stand-in is seeded from dev/aws/'s loose documents (dev/standin/seed.py), and the template
must create exactly that, so the two cannot drift.

What moto 5.2.5's CloudFormation creates from this template (the rest it skips without a word,
and still calls the stack CREATE_COMPLETE):
  AWS::IAM::Role        yes: name, trust policy, MaxSessionDuration, the inline policy (kept as a
                        Python dict, which GetRolePolicy answers as its repr)
  AWS::S3::Bucket       the bucket, its name, encryption and tags only: not its CORS rules,
                        versioning, lifecycle rules, Block Public Access or ownership controls
  AWS::IAM::OIDCProvider, AWS::S3::BucketPolicy: no (so a Ref to the provider inside the trust
                        policy's Fn::Sub stays unresolved)
  AWS::CloudFront::* (hosting): no, and a reference to one fails the whole stack (500): these
                        stacks have Hosting=false
So the stack is created on the stand-in and what moto made of it is compared with what the seed
made (the role); what moto does not apply is resolved from the template here, as CloudFormation
resolves it, and compared with the seeded stand-in's own state (the provider, the bucket's CORS
and lifecycle rules) and with the seed's documents (the bucket policy, which the seed leaves off:
the local stack is plain HTTP). If moto learns a resource, test_what_moto_creates says so.

Run: dev/.venv/bin/python -m unittest discover -s tests/standin -v
"""
import ast
import json
import unittest

from botocore.exceptions import ClientError

from support import APP_ORIGIN, BUCKET, PROJECT, ROOT, StandInCase
import seed  # noqa: E402  (support puts dev/standin on the path: the seed's own reading of dev/aws/)

ACCOUNT = "123456789012"
STACK = "firebridge-template"
STACK_BUCKET = "firebridge-files-from-template"
STACK_ROLE = "firebridge-web-from-template"
SEEDED_ROLE = "firebridge-web"
PROVIDER_ARN = f"arn:aws:iam::{ACCOUNT}:oidc-provider/securetoken.google.com/{PROJECT}"
PARAMETERS = {"ProjectId": PROJECT, "BucketName": STACK_BUCKET, "RoleName": STACK_ROLE, "AppOrigins": APP_ORIGIN,
              "Hosting": "false", "IamDemo": "true"}


def template():
    return json.loads((ROOT / "dev/aws/template.json").read_text())


class Resolver:
    """CloudFormation's reading of the template for PARAMETERS (defaults otherwise), in us-east-1
    of moto's account: the intrinsic functions the template uses."""

    def __init__(self, body, parameters):
        self.body = body
        self.parameters = {}
        for name, spec in body["Parameters"].items():
            value = parameters.get(name, spec.get("Default"))
            if spec["Type"] == "CommaDelimitedList":
                value = value.split(",")
            self.parameters[name] = value

    def condition(self, name):
        return self.holds(self.body["Conditions"][name])

    def holds(self, condition):
        if "Fn::Equals" in condition:
            a, b = condition["Fn::Equals"]
            return self.resolve(a) == self.resolve(b)
        (inner,) = condition["Fn::Not"]
        return not self.holds(inner)

    def ref(self, name):
        pseudo = {"AWS::Region": "us-east-1", "AWS::AccountId": ACCOUNT, "AWS::StackName": STACK,
                  "FirebaseProvider": PROVIDER_ARN, "FilesBucket": self.parameters["BucketName"]}
        return pseudo[name] if name in pseudo else self.parameters[name]

    def resolve(self, value):
        if isinstance(value, list):
            return [v for v in (self.resolve(v) for v in value) if v is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if list(value) == ["Ref"]:
            return NO_VALUE if value["Ref"] == "AWS::NoValue" else self.ref(value["Ref"])
        if list(value) == ["Fn::Join"]:
            separator, items = value["Fn::Join"]
            return separator.join(str(item) for item in self.resolve(items))
        if list(value) == ["Fn::Split"]:
            separator, text = value["Fn::Split"]
            return self.resolve(text).split(separator)
        if list(value) == ["Fn::If"]:
            name, yes, no = value["Fn::If"]
            return self.resolve(yes if self.condition(name) else no)
        if list(value) == ["Fn::Sub"]:
            return self.substitute(value["Fn::Sub"])
        return {k: v for k, v in ((k, self.resolve(v)) for k, v in value.items()) if v is not NO_VALUE}

    def substitute(self, text):
        out, rest = "", text
        while "${" in rest:
            start = rest.index("${")
            end = rest.index("}", start)
            name = rest[start + 2:end]
            out += rest[:start] + ("${" + name[1:] + "}" if name.startswith("!") else str(self.ref(name)))
            rest = rest[end + 1:]
        return out + rest

    def resources(self):
        """The resources the stack holds, resolved (conditions applied)."""
        return {name: self.resolve(resource.get("Properties", {})) for name, resource in self.body["Resources"].items()
                if "Condition" not in resource or self.condition(resource["Condition"])}


NO_VALUE = object()


def api_cors(properties):
    """S3's spelling of the bucket's CORS rules, from CloudFormation's."""
    rename = {"ExposedHeaders": "ExposeHeaders", "MaxAge": "MaxAgeSeconds", "Id": "ID"}
    return [{rename.get(k, k): v for k, v in rule.items()} for rule in properties["CorsConfiguration"]["CorsRules"]]


def api_lifecycle(properties, rule_id):
    (rule,) = [r for r in properties["LifecycleConfiguration"]["Rules"] if r["Id"] == rule_id]
    rule = dict(rule)
    rule["ID"] = rule.pop("Id")
    rule["Filter"] = {"Prefix": rule.pop("Prefix", "")}
    if "ExpiredObjectDeleteMarker" in rule:
        rule["Expiration"] = {"ExpiredObjectDeleteMarker": rule.pop("ExpiredObjectDeleteMarker")}
    return rule


class TemplateAgainstTheSeededStandIn(StandInCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cloudformation = cls.admin_client_for_class("cloudformation")
        cloudformation.create_stack(StackName=STACK, TemplateBody=(ROOT / "dev/aws/template.json").read_text(),
                                    Capabilities=["CAPABILITY_NAMED_IAM"],
                                    Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in PARAMETERS.items()])
        cls.resolved = Resolver(template(), PARAMETERS).resources()
        cls.values = {"ACCOUNT_ID": ACCOUNT, "PROJECT_ID": PROJECT, "BUCKET": BUCKET, "ORIGINS": APP_ORIGIN}

    def seeded_document(self, name):
        return seed.document(name, self.values)

    @staticmethod
    def as_seeded(document):
        """A document of the stack's, with the stack's names put back to the seeded ones."""
        text = json.dumps(document).replace(STACK_BUCKET, BUCKET).replace(STACK_ROLE, SEEDED_ROLE)
        return json.loads(text)

    # The stack holds what moto creates; the rest of this file compares the others statically.
    def test_what_moto_creates(self):
        cloudformation = self.admin_client("cloudformation")
        self.assertEqual(cloudformation.describe_stacks(StackName=STACK)["Stacks"][0]["StackStatus"], "CREATE_COMPLETE")
        summaries = cloudformation.list_stack_resources(StackName=STACK)["StackResourceSummaries"]
        created = {s["LogicalResourceId"]: s["ResourceType"] for s in summaries if s.get("LogicalResourceId")}
        self.assertEqual(created, {"FilesRole": "AWS::IAM::Role", "FilesBucket": "AWS::S3::Bucket"},
                         "moto creates more of the template now: compare what it creates instead of resolving it")
        self.assertEqual(set(self.resolved), {"FirebaseProvider", "FilesRole", "FilesBucket", "FilesBucketPolicy"})
        with self.assertRaises(ClientError, msg="moto applies the bucket's CORS now: compare it below"):
            self.admin_client("s3").get_bucket_cors(Bucket=STACK_BUCKET)

    # The role moto made from the template is the seeded role: who may assume it, for how long.
    def test_the_stacks_role_trusts_as_the_seeded_role_does(self):
        iam = self.admin_iam()
        made, seeded = iam.get_role(RoleName=STACK_ROLE)["Role"], iam.get_role(RoleName=SEEDED_ROLE)["Role"]
        trust = json.loads(json.dumps(made["AssumeRolePolicyDocument"]).replace("${FirebaseProvider}", PROVIDER_ARN))
        self.assertEqual(trust, seeded["AssumeRolePolicyDocument"])
        self.assertEqual(trust, self.seeded_document("trust-policy.json"))
        self.assertEqual(made["MaxSessionDuration"], seeded["MaxSessionDuration"])
        self.assertEqual(made["MaxSessionDuration"], self.seeded_document("role.json")["MaxSessionDuration"])

    # ... and it allows what the seeded role allows, statement by statement.
    def test_the_stacks_role_allows_what_the_seeded_role_does(self):
        iam = self.admin_iam()
        made = iam.get_role_policy(RoleName=STACK_ROLE, PolicyName="firebridge-files")["PolicyDocument"]
        made = ast.literal_eval(made) if isinstance(made, str) else made  # moto: the dict's repr
        seeded = iam.get_role_policy(RoleName=SEEDED_ROLE, PolicyName="own-folder")["PolicyDocument"]
        self.assertEqual(self.as_seeded(made), seeded)
        self.assertEqual(self.as_seeded(made), self.seeded_document("permissions-policy.json"))

    # The bucket moto made is encrypted as the template says (the rest of it moto leaves off).
    def test_the_stacks_bucket_is_encrypted(self):
        encryption = self.admin_client("s3").get_bucket_encryption(Bucket=STACK_BUCKET)
        (rule,) = encryption["ServerSideEncryptionConfiguration"]["Rules"]
        self.assertEqual(rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"], "AES256")

    # The identity provider of the template is the seeded one: the project, as its audience.
    def test_the_provider_is_the_seeded_one(self):
        provider = self.resolved["FirebaseProvider"]
        seeded = self.admin_iam().get_open_id_connect_provider(OpenIDConnectProviderArn=PROVIDER_ARN)
        self.assertEqual(provider["Url"], f"https://{seeded['Url'].removeprefix('https://')}")
        self.assertEqual(provider["ClientIdList"], seeded["ClientIDList"])

    # The template's CORS rules are those the stand-in's bucket answers preflights with.
    def test_the_buckets_cors_is_the_seeded_one(self):
        seeded = self.admin_client("s3").get_bucket_cors(Bucket=BUCKET)["CORSRules"]
        self.assertEqual(api_cors(self.resolved["FilesBucket"]), seeded)

    # The template's lifecycle rules (unfinished uploads aborted, old versions expired) and
    # versioning are those of the stand-in's bucket, which the seed set up as the script does.
    def test_the_buckets_lifecycle_and_versioning_are_the_seeded_ones(self):
        s3 = self.admin_client("s3")
        seeded = s3.get_bucket_lifecycle_configuration(Bucket=BUCKET)["Rules"]
        self.assertEqual([api_lifecycle(self.resolved["FilesBucket"], r["ID"]) for r in seeded], seeded)
        self.assertEqual(seeded, self.seeded_document("bucket-lifecycle.json")["Rules"])
        self.assertEqual(len(seeded), len(self.resolved["FilesBucket"]["LifecycleConfiguration"]["Rules"]))
        self.assertEqual(self.resolved["FilesBucket"]["VersioningConfiguration"], {"Status": "Enabled"})
        self.assertEqual(s3.get_bucket_versioning(Bucket=BUCKET)["Status"], "Enabled")

    # The template's bucket policy is the seed's document (which the seed does not apply: the
    # local stack is plain HTTP, and the policy refuses plain HTTP).
    def test_the_bucket_policy_is_the_seeds_document(self):
        policy = self.resolved["FilesBucketPolicy"]
        self.assertEqual(policy["Bucket"], STACK_BUCKET)
        self.assertEqual(self.as_seeded(policy["PolicyDocument"]), self.seeded_document("bucket-policy.json"))


if __name__ == "__main__":
    unittest.main()
