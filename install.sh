#!/usr/bin/env bash
# Installs diglot on Debian/Ubuntu. With no argument, what translators need for
# the main job: Apertium with its English-Spanish data, GNU gettext and
# python3-venv from the system's packages, and the pinned runtime packages
# (requirements.lock: no torch, no GPU libraries) and diglot into ./.venv.
# Extras, by name (--with NAME, repeatable or comma-separated):
#   ray    Ray core and Ray Client (requirements-ray.lock), for `diglot translate --ray`
#   tests  what the test suite needs: the test pins (requirements-tests.lock),
#          Ray, Chromium (the review report's browser test) and iproute2 (the
#          test cluster's network namespaces)
# Running it again is safe: it installs only what is missing or out of date.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
    cat <<'USAGE'
usage: ./install.sh [--with EXTRA[,EXTRA...]]...
Installs diglot into ./.venv with what the main job needs (Apertium, apertium-eng-spa,
gettext, the pinned runtime packages). Extras:
  ray    Ray core and Ray Client (requirements-ray.lock), for diglot translate --ray
  tests  everything the test suite needs: the test pins (requirements-tests.lock), Ray,
         Chromium and iproute2
Example: ./install.sh --with tests && .venv/bin/python -m pytest -q
USAGE
}

# Parse every argument before touching apt or pip: a typo installs nothing.
with_ray=0
with_tests=0
add_extras() {
    local rest="$1," extra
    while [ -n "$rest" ]; do
        extra="${rest%%,*}"
        rest="${rest#*,}"
        case "$extra" in
            ray) with_ray=1 ;;
            tests) with_tests=1; with_ray=1 ;;
            *) echo "install.sh: unknown extra '$extra' (the extras are: ray, tests; see --help)" >&2; exit 2 ;;
        esac
    done
}
while [ $# -gt 0 ]; do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --with)
            [ $# -ge 2 ] || { echo "install.sh: --with needs an extra: ray, tests" >&2; exit 2; }
            add_extras "$2"; shift 2 ;;
        --with=*) add_extras "${1#--with=}"; shift ;;
        *) echo "install.sh: unknown argument '$1' (usage: ./install.sh [--with ray|tests]...; see --help)" >&2; exit 2 ;;
    esac
done

apt_packages=(apertium apertium-eng-spa gettext python3-venv)
pins=(-r requirements.lock)
if [ "$with_ray" -eq 1 ]; then
    pins+=(-r requirements-ray.lock)
fi
if [ "$with_tests" -eq 1 ]; then
    apt_packages+=(chromium iproute2)
    pins+=(-r requirements-tests.lock)
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${apt_packages[@]}"
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check --no-deps "${pins[@]}"
.venv/bin/pip install -q --disable-pip-version-check --no-deps -e .
