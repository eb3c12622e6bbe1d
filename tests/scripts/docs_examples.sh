#!/bin/sh
# Every example of README.md (console and pycon blocks) and of the man page, run as a reader
# would; the conventions are in tests/lib/docs_examples.py.
exec /usr/bin/python3 "$ROOT/tests/lib/docs_examples.py" console pycon man
