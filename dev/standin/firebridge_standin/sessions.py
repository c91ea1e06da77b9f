"""What the stand-in remembers of each web-identity session it issued, beside moto's own record
of the credentials: the ID token's claims (for policy variables and conditions) and the session
policies it was created with."""
import threading

_lock = threading.Lock()
_claims: dict[str, dict] = {}
_session_policies: dict[str, list[str]] = {}


def remember(access_key_id, claims, session_policies):
    with _lock:
        _claims[access_key_id] = claims
        _session_policies[access_key_id] = session_policies


def claims_of(access_key_id):
    """The claims of the token a session came from, or None if the key is not a web-identity
    session's."""
    return _claims.get(access_key_id)


def session_policies_of(access_key_id):
    return _session_policies.get(access_key_id) or []
