#!/usr/bin/env bash
# Set up everything, build the UI and the desktop app, and open Groundwork's window on the
# default workspace (made and seeded with a demo project on first run).
# Usage: scripts/run.sh [--workspace DIR]   (GROUNDWORK_WORKSPACE works too)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
npm --prefix ui run build
# tauri/custom-protocol is what `tauri build` adds: a production build serving the embedded UI.
cargo build --release -p groundwork-desktop --features tauri/custom-protocol
exec target/release/groundwork-desktop "$@"
