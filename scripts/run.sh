#!/usr/bin/env bash
# Set up everything and open Groundwork on the default workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
cargo build --release -p groundwork-cli
exec target/release/groundwork stats
