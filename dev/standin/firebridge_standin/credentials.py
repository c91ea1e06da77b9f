"""Temporary credentials expire, and AWS then refuses them (ExpiredToken); stock moto never
checks."""
import re

from moto.core.utils import utcnow
from moto.sts.models import sts_backends

from . import errors


def refuse_expired(account, authorization, is_s3):
    match = re.search(r"Credential=([^/]+)/", authorization)
    if not match:
        return
    for role in sts_backends[account]["aws"].assumed_roles:
        if role.access_key_id == match.group(1) and role.expiration < utcnow():
            if is_s3:
                raise errors.s3(400, "ExpiredToken", "The provided token has expired.")
            raise errors.query("sts", 403, "ExpiredToken", "The security token included in the request is expired")
