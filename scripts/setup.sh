#!/usr/bin/env bash
# Install what Groundwork needs to build, run and test on Debian/Ubuntu, and nothing twice:
# system packages that are missing, then the UI's npm packages (when ui/ exists).
# Usage: scripts/setup.sh [run|test]   (test adds the browsers and drivers the tests use)
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-run}"

# libclang-dev: rusqlite's SQLite session extension (the change log) generates its bindings
# with bindgen at build time.
packages=(build-essential pkg-config file curl libclang-dev)
if [ -d src-tauri ]; then
  packages+=(libwebkit2gtk-4.1-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev)
fi
if [ "$purpose" = test ] && [ -d ui ]; then
  packages+=(chromium xvfb xauth webkit2gtk-driver dbus-daemon)
fi
# python3-venv: the independent REFI-QDA reader the tests check exports against (below).
if [ "$purpose" = test ]; then
  packages+=(python3 python3-venv)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

command -v cargo >/dev/null || { echo "setup: Rust (cargo) is required: https://rustup.rs" >&2; exit 1; }

# The desktop smoke test drives the real app through tauri-driver, in front of WebKitWebDriver.
if [ "$purpose" = test ] && [ -d src-tauri ] && ! command -v tauri-driver >/dev/null; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --locked --version 2.1.0
fi

# The test command lints with clippy (a rustup component, missing from minimal toolchains).
if [ "$purpose" = test ] && ! cargo clippy --version >/dev/null 2>&1; then
  echo "setup: installing clippy"
  rustup component add clippy
fi

# The REFI-QDA checks (tests/refiqda/check.py): lxml validates .qdpx/.qdc against the
# standard's schemas and pyrefiqda, a reader we did not write, loads them. Pinned versions
# from PyPI into a venv of their own; reinstalled only when requirements.txt changes.
if [ "$purpose" = test ]; then
  venv=tests/refiqda/.venv
  if [ ! -f "$venv/.installed" ] || [ tests/refiqda/requirements.txt -nt "$venv/.installed" ]; then
    echo "setup: installing the REFI-QDA checker (tests/refiqda/requirements.txt)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/refiqda/requirements.txt
    touch "$venv/.installed"
  fi
fi

if [ -f ui/package.json ]; then
  command -v npm >/dev/null || { echo "setup: Node 20 and npm are required" >&2; exit 1; }
  # Reinstall only when the lockfile changed since the last install.
  if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    (cd ui && npm ci --no-audit --no-fund)
  fi
fi
