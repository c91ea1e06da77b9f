"""Starts the AWS stand-in (the firebridge_standin package beside this file): what dev/up.sh runs.
See firebridge_standin/__init__.py for what it is."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from firebridge_standin.server import main  # noqa: E402

if __name__ == "__main__":
    main(sys.argv[1:])
