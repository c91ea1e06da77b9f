"""Every change to moto's own code, in one place: each patch hands the decision to the module
that owns the rule (web_identity, permissions, presigned, s3_rules) and keeps moto's behaviour
everywhere else. Verified against moto 5.2.5 (dev/standin/requirements.txt pins it).

install() applies them all, once, before the server starts.
"""
import urllib.parse

from moto import settings as moto_settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.iam.access_control import IAMRequestBase
from moto.moto_server.werkzeug_app import DomainDispatcherApplication
from moto.s3.models import FakeDeleteMarker, FakeMultipart, S3Backend
from moto.s3.responses import S3Response
from moto.sts.models import sts_backends
from moto.sts.responses import TokenResponse

from . import credentials, errors, permissions, presigned, s3_rules, sessions, settings, web_identity

_installed = False


def install():
    global _installed
    if _installed:
        return
    _installed = True
    original_authenticate = ActionAuthenticatorMixin._authenticate_and_authorize_action
    ActionAuthenticatorMixin._authenticate_and_authorize_action = _authenticate(original_authenticate)
    TokenResponse.assume_role_with_web_identity = _assume_role_with_web_identity(TokenResponse.assume_role_with_web_identity)
    IAMRequestBase.check_action_permitted = _check_action_permitted(IAMRequestBase.check_action_permitted)
    S3Response._bucket_response_delete_keys = _delete_keys_one_by_one(S3Response._bucket_response_delete_keys)
    S3Backend.copy_object = _copy_object_within_limit(S3Backend.copy_object)
    S3Backend.list_objects = _folders_of_current_files(S3Backend.list_objects)
    S3Backend.upload_part_copy = _upload_part_copy_checked(S3Backend.upload_part_copy)
    S3Response.copy_object = _conditional(_copy_source_conditional(S3Response.copy_object))
    S3Response.put_object = _conditional(_put_keeps_checksum(S3Response.put_object))
    S3Response._key_response_post = _complete_conditionally(S3Response._key_response_post)
    S3Response.upload_part = _upload_part_checksummed(S3Response.upload_part)
    S3Response.list_parts = _list_parts_with_checksums(S3Response.list_parts)
    S3Response.head_object = _head_with_composite_checksum(S3Response.head_object)
    S3Response.list_object_versions = _versions_interleaved(S3Response.list_object_versions)
    S3Response.get_bucket_versioning = _versioning_as_s3_answers
    FakeMultipart.list_parts = _list_parts_by_number
    S3Backend.is_truncated = _parts_truncated_by_number
    DomainDispatcherApplication.infer_service_region_host = presigned.route_by_query_scope(
        DomainDispatcherApplication.infer_service_region_host)


def _enforced():
    return ActionAuthenticatorMixin.request_count >= moto_settings.INITIAL_NO_AUTH_ACTION_COUNT


def _authenticate(original):
    """Under signature enforcement: presigned requests are checked (moto ignores them), unsigned
    preflights and web-identity calls are served (moto answers 500), and expired temporary
    credentials are refused (moto never checks)."""
    def authenticate(self, iam_request_cls, resource="*"):
        if _enforced() and "Authorization" not in self.headers:
            query = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(self.uri).query, keep_blank_values=True))
            if "X-Amz-Signature" in query:
                return presigned.authenticate(self, iam_request_cls, resource, query)
            if self.method == "OPTIONS":
                return None
            try:
                action = self._get_action()
            except Exception:
                action = None
            if action in settings.UNSIGNED_ACTIONS:
                return None
            raise _anonymous_refusal(iam_request_cls)
        if _enforced():
            credentials.refuse_expired(self.current_account, self.headers.get("Authorization", ""),
                                       is_s3=iam_request_cls.__name__ == "S3IAMRequest")
        return original(self, iam_request_cls, resource)
    return authenticate


def _anonymous_refusal(iam_request_cls):
    """An unsigned request under enforcement (moto answers 500): S3 treats it as anonymous, which a
    private bucket refuses; the query services ask for a signature."""
    if iam_request_cls.__name__ == "S3IAMRequest":
        return errors.s3(403, "AccessDenied", "Access Denied")
    return errors.query("sts", 403, "MissingAuthenticationToken", "Request is missing Authentication Token")


def _assume_role_with_web_identity(original):
    def assume(self):
        params = {name: values[0] for name, values in self.querystring.items() if values}
        claims, provider, session_policies, tags = web_identity.check_request(self.current_account, params)
        result = original(self)
        session = sts_backends[self.current_account]["aws"].assumed_roles[-1]
        sessions.remember(session.access_key_id, claims, session_policies, tags)
        result.result.update(SubjectFromWebIdentityToken=claims.get("sub"), Audience=claims.get("aud"),
                             Provider=provider.url)
        return result
    return assume


def _check_action_permitted(original):
    def check(self, resource):
        if not permissions.check(self, resource):
            return original(self, resource)
        return None
    return check


def _delete_keys_one_by_one(original):
    """DeleteObjects deletes the keys the session may delete and reports AccessDenied for each
    of the others, as S3 does (moto checks the bucket and denies all)."""
    import xmltodict
    from xml.sax.saxutils import escape

    def delete_keys(self, bucket_name, authenticated=True):
        decision = permissions.take_delete_objects_decision()
        if decision is None:
            return original(self, bucket_name, authenticated)
        body = xmltodict.parse(self.body, strip_whitespace=False)
        objects = body["Delete"].get("Object", [])
        objects = objects if isinstance(objects, list) else [objects]
        allowed = [o for o in objects if decision.permits("s3:DeleteObject", f"arn:aws:s3:::{bucket_name}/{o['Key']}")]
        denied = [o["Key"] for o in objects if o not in allowed]
        body["Delete"]["Object"] = allowed
        self.body = xmltodict.unparse(body).encode() if allowed else self.body
        if not allowed:
            return original(self, bucket_name, authenticated=False)
        status, headers, text = original(self, bucket_name, authenticated)
        errors_xml = "".join(f"<Error><Key>{escape(k)}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
                             for k in denied)
        return status, headers, text.replace("</DeleteResult>", f"{errors_xml}</DeleteResult>") if denied else text
    return delete_keys


def _copy_object_within_limit(original):
    def copy_object(self, src_key, *args, **kwargs):
        s3_rules.check_copy_source_size(src_key.size)
        return original(self, src_key, *args, **kwargs)
    return copy_object


def _upload_part_copy_checked(original):
    def upload_part_copy(self, dest_bucket_name, multipart_id, part_id, src_bucket_name, src_key_name,
                         src_version_id, start_byte, end_byte):
        source = self.get_object(src_bucket_name, src_key_name, version_id=src_version_id)
        s3_rules.check_copy_range(source.size, start_byte, end_byte)
        return original(self, dest_bucket_name, multipart_id, part_id, src_bucket_name, src_key_name,
                        src_version_id, start_byte, end_byte)
    return upload_part_copy


def _conditional(original):
    """If-None-Match on a write, as S3 answers it (moto ignores it on CopyObject and accepts
    any value elsewhere)."""
    def write(self):
        key_name = self.parse_key_name()
        exists = self.backend.get_object(self.bucket_name, key_name) is not None
        s3_rules.check_if_none_match(self.headers.get("If-None-Match"), exists)
        return original(self)
    return write


def _copy_source_conditional(original):
    """x-amz-copy-source-if-match, which moto ignores."""
    def copy(self):
        value = self.headers.get("x-amz-copy-source-if-match")
        if value is not None:
            source = urllib.parse.urlparse(self.headers.get("x-amz-copy-source"))
            bucket, key = urllib.parse.unquote(source.path).lstrip("/").split("/", 1)
            version = urllib.parse.parse_qs(source.query).get("versionId", [None])[0]
            found = self.backend.get_object(bucket, key, version_id=version)
            if found is not None:
                s3_rules.check_copy_source_if_match(value, found.etag)
        return original(self)
    return copy


def _folders_of_current_files(original):
    """A listing's sub-folders are those holding a current file: moto also listed a folder
    whose files were all deleted (delete markers only), which S3 never shows."""
    def list_objects(self, bucket, prefix, delimiter, marker, max_keys):
        keys, folders, truncated, next_marker = original(self, bucket, prefix, delimiter, marker, max_keys)
        if delimiter and folders:
            current = (name for name, key in bucket.keys.items() if not isinstance(key, FakeDeleteMarker))
            folders = s3_rules.folders_holding(folders, current, delimiter)
        return keys, folders, truncated, next_marker
    return list_objects


def _versioning_as_s3_answers(self):
    """GetBucketVersioning: moto names its answer GetBucketVersioningResponse; S3 answers a
    VersioningConfiguration, with no Status for a bucket never versioned."""
    status = self.backend.get_bucket_versioning(self.bucket_name)
    self.data["Action"] = "GetBucketVersioning"
    return 200, {"Content-Type": "application/xml"}, s3_rules.versioning_answer(status)


def _versions_interleaved(original):
    """ListObjectVersions: S3 lists each key's versions and delete markers together, newest
    first; moto lists every version, then every marker (and orders a key's entries by their
    millisecond, which two quick writes can share). With encoding-type=url, S3 encodes the keys;
    moto sends them raw."""
    def list_versions(self):
        status, headers, body = original(self)
        if status != 200:
            return status, headers, body
        bucket = self.backend.get_bucket(self.bucket_name)
        # A key's entries are kept oldest first: newest first is their reverse.
        def rank(key, version_id):
            entries = bucket.keys.getlist(key, [])
            ids = [e.version_id for e in entries]
            return -ids.index(version_id) if version_id in ids else 0
        text = s3_rules.interleave_versions(body.decode() if isinstance(body, bytes) else body, rank)
        if self.querystring.get("encoding-type", [None])[0] == "url":
            text = s3_rules.url_encoded_keys(text)
        return status, headers, text
    return list_versions


def _complete_conditionally(original):
    """CompleteMultipartUpload: moto checks If-None-Match "*" itself (keeping a repeated
    completion idempotent); any other value is refused as S3 refuses it."""
    def post(self, request, body, bucket_name, query, key_name):
        value = self.headers.get("If-None-Match")
        if query.get("uploadId") and value is not None and value != "*":
            s3_rules.check_if_none_match(value, destination_exists=False)
        upload = _multipart(self.backend, bucket_name, (query.get("uploadId") or [None])[0])
        if upload is not None:
            s3_rules.check_completion_checksums(body, _algorithm(upload), _stored_checksums(upload))
        return original(self, request, body, bucket_name, query, key_name)
    return post


def _multipart(backend, bucket_name, upload_id):
    if not upload_id:
        return None
    return backend.get_bucket(bucket_name).multiparts.get(upload_id)


def _algorithm(upload):
    return upload.metadata.get("x-amz-checksum-algorithm")


def _stored_checksums(upload):
    return {number: getattr(part, "standin_checksum", None) for number, part in upload.parts.items()}


def _upload_part_checksummed(original):
    """UploadPart: its checksum must be of the upload's algorithm; kept with the part."""
    def upload_part(self):
        upload = _multipart(self.backend, self.bucket_name, self._get_param("uploadId"))
        headers = {name.lower(): value for name, value in self.headers.items()}
        checksum = s3_rules.part_checksum(headers, _algorithm(upload) if upload else None)
        answer = original(self)
        if upload is not None and checksum is not None:
            upload.parts[self._get_int_param("partNumber")].standin_checksum = checksum[1]
        return answer
    return upload_part


def _put_keeps_checksum(original):
    """PutObject with an x-amz-checksum-<algorithm> header stores that checksum with the object
    (moto stores one only when the AWS SDK's own x-amz-sdk-checksum-algorithm names it)."""
    def put_object(self):
        answer = original(self)
        headers = {name.lower(): value for name, value in self.headers.items()}
        sent = s3_rules.sent_checksum(headers)
        key = self.backend.get_object(self.bucket_name, self.parse_key_name()) if sent else None
        if key is not None and not key.checksum_value and "x-amz-copy-source" not in headers:
            key.checksum_algorithm, key.checksum_value, key.checksum_type = sent[0].upper(), sent[1], "FULL_OBJECT"
        return answer
    return put_object


def _head_with_composite_checksum(original):
    """HeadObject asked for the checksum names its type, and a multipart object's composite
    checksum with its number of parts ("…=-2"), as S3 does (moto's HEAD does neither)."""
    def head_object(self, bucket_name, query, key_name, headers):
        status, answer_headers, body = original(self, bucket_name, query, key_name, headers)
        key = self.backend.get_object(bucket_name, key_name)
        name = f"x-amz-checksum-{(key.checksum_algorithm or '').lower()}" if key is not None else None
        value = answer_headers.get(name) if name else None
        if value:
            if key.checksum_type == "COMPOSITE" and "-" not in value:
                answer_headers[name] = f"{value}-{key.checksum_parts}"
            if key.checksum_type:
                answer_headers["x-amz-checksum-type"] = key.checksum_type
        return status, answer_headers, body
    return head_object


def _list_parts_with_checksums(original):
    def list_parts(self):
        status, headers, body = original(self)
        upload = _multipart(self.backend, self.bucket_name, self._get_param("uploadId"))
        if upload is None or status != 200:
            return status, headers, body
        text = body.decode() if isinstance(body, bytes) else body
        return status, headers, s3_rules.with_part_checksums(text, _algorithm(upload), _stored_checksums(upload))
    return list_parts


def _list_parts_by_number(self, part_number_marker, max_parts):
    numbers, _ = s3_rules.parts_page(self.partlist, part_number_marker, max_parts)
    for number in numbers:
        yield self.parts[number]


def _parts_truncated_by_number(self, bucket_name, multipart_id, next_part_number_marker):
    bucket = self.get_bucket(bucket_name)
    return any(n > int(next_part_number_marker) for n in bucket.multiparts[multipart_id].partlist)


