"""Reads a zip the app saved, with Python's zipfile (an independent reader that checks every
CRC): prints its entries as JSON, each with its size, its time and the SHA-256 of its bytes,
and whether it has Zip64 records. Exits non-zero on a damaged zip.

Usage: read_zip.py FILE
"""
import hashlib
import json
import sys
import zipfile

with zipfile.ZipFile(sys.argv[1]) as archive:
    damaged = archive.testzip()
    if damaged is not None:
        sys.exit(f"bad CRC in {damaged}")
    entries = [{"name": info.filename, "size": info.file_size, "time": "%04d-%02d-%02d %02d:%02d:%02d" % info.date_time,
                "sha256": hashlib.sha256(archive.read(info)).hexdigest(), "folder": info.is_dir()}
               for info in archive.infolist()]
with open(sys.argv[1], "rb") as file:
    zip64 = b"PK\x06\x06" in file.read()
print(json.dumps({"entries": entries, "zip64": zip64}))
