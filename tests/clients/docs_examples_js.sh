#!/bin/sh
# The README's js examples (DuckDB through @duckdb/node-api), after its console blocks that make
# their input; the conventions are in tests/lib/docs_examples.py.
exec /usr/bin/python3 "$ROOT/tests/lib/docs_examples.py" console js
