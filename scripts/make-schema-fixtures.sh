#!/usr/bin/env bash
# Make the schema fixtures crates/core/tests/schemas.rs opens: one small workspace database
# per schema version, in crates/core/tests/fixtures/schemas/vN.sqlite. Without arguments it
# makes only the versions that have none (a committed fixture is never remade); name versions
# to make them anyway:  scripts/make-schema-fixtures.sh 6
# After a new migration lands, run this and commit the new vN.sqlite.
set -euo pipefail
cd "$(dirname "$0")/.."
versions=$(IFS=,; echo "$*")
GROUNDWORK_FIXTURE_VERSIONS="$versions" cargo test -p groundwork_core --test schemas -- \
  --ignored --exact make_schema_fixtures --nocapture
