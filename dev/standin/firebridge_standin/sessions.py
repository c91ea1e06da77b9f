"""What the stand-in remembers of each web-identity session it issued, beside moto's own record
of the credentials: the ID token's claims (for policy variables and conditions), the session
policies it was created with, and its session tags (aws:PrincipalTag/<key>)."""
import threading

_lock = threading.Lock()
_claims: dict[str, dict] = {}
_session_policies: dict[str, list[str]] = {}
_tags: dict[str, dict[str, str]] = {}


def remember(access_key_id, claims, session_policies, tags):
    with _lock:
        _claims[access_key_id] = claims
        _session_policies[access_key_id] = session_policies
        _tags[access_key_id] = tags


def claims_of(access_key_id):
    """The claims of the token a session came from, or None if the key is not a web-identity
    session's."""
    return _claims.get(access_key_id)


def session_policies_of(access_key_id):
    return _session_policies.get(access_key_id) or []


def tags_of(access_key_id):
    """The session tags (principal tags) a session was created with."""
    return _tags.get(access_key_id) or {}
