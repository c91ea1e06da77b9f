"""The AWS stand-in: moto server (STS, S3 and IAM on one port) made as strict as AWS wherever the
app depends on AWS's behaviour, so that a green test here means working on AWS.
docs/aws-fidelity.md maps each behaviour to AWS's documentation and to the tests that hold it.

One module per concern:
  web_identity   sts:AssumeRoleWithWebIdentity: the token, the provider, the trust policy, limits
  policy         IAM policy evaluation (pure; tests/standin/test_policy.py)
  permissions    what a web-identity session may do, request by request
  credentials    expiry of temporary credentials
  sigv4          what AWS refuses in a signed request beside the signature itself
  presigned      presigned URLs: routing, expiry, signature
  s3_rules       S3's digests, copy limits and ListParts paging
  cors           S3's CORS (preflights and answers), IAM without CORS
  faults         failures on demand, test controls
  errors         AWS's error documents
  sessions       what is remembered of each web-identity session
  settings       environment and clock
  moto_patches   every change to moto's code, in one place
  server         the WSGI stack and the command line

Environment: STANDIN_MIN_DURATION (default 900; lower it to test credential expiry),
STANDIN_REGION (the STS endpoint's region, default us-east-1).
"""
