"""The native ceiling for Firebridge's uploads (make bench, bench/upload.mjs): boto3's
managed multipart upload (`upload_file`) of one file to the stand-in, with the part size and
concurrency Firebridge uses, as the signed-in user. Prints the seconds it took and the settings.

usage: boto3_upload.py PATH KEY PART_MIB PARALLEL CHECKSUMS(when_supported|when_required)
Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; the endpoint
from AWS_ENDPOINT_URL, the bucket from BUCKET.
"""

import json
import os
import sys
import time

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config


def main(path, key, part_mib, parallel, checksums):
    mib = 2**20
    client = boto3.client(
        "s3",
        endpoint_url=os.environ["AWS_ENDPOINT_URL"],
        region_name="us-east-1",
        # CRC32 of every part, as boto3 sends by default since 1.36; or none unless required.
        config=Config(
            s3={"addressing_style": "path"},
            request_checksum_calculation=checksums,
            max_pool_connections=int(parallel),
        ),
    )
    transfer = TransferConfig(
        multipart_threshold=int(part_mib) * mib,
        multipart_chunksize=int(part_mib) * mib,
        max_concurrency=int(parallel),
        use_threads=True,
    )
    started = time.monotonic()
    client.upload_file(path, os.environ["BUCKET"], key, Config=transfer)
    seconds = time.monotonic() - started
    settings = f"boto3 {boto3.__version__}, {part_mib} MiB parts, {parallel} threads, checksums {checksums}"
    print(json.dumps({"seconds": seconds, "settings": settings}))


if __name__ == "__main__":
    main(*sys.argv[1:])
