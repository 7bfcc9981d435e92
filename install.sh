#!/usr/bin/env bash
# Installs diglot and everything it needs on Debian/Ubuntu: Apertium with its
# English-Spanish data, GNU gettext and Chromium (the review report's browser
# test) from the system's packages, and the Python packages, pinned, into
# ./.venv (no torch, no GPU libraries), Ray (the ray extra, for --ray) included.
set -euo pipefail
cd "$(dirname "$0")"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends apertium apertium-eng-spa gettext python3-venv chromium iproute2
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check --no-deps -r requirements.lock -r requirements-ray.lock
.venv/bin/pip install -q --disable-pip-version-check --no-deps -e .
