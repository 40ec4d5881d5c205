#!/usr/bin/env bash
# Set up dyconsole on a fresh Debian machine with Python 3.11, then run it or its tests.
#   bash packaging/bootstrap.sh run [dyconsole args...]   set up, then open the console on the demo room
#   bash packaging/bootstrap.sh test [pytest args...]     set up, then run the whole test suite
# As root it installs the system packages Qt needs (CJK font, EGL/GL, xcb, Xvfb) with apt-get;
# otherwise it says which ones to install. The Python side lives in .venv beside this repo.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
mode="${1:-run}"; shift || true

apt_packages=(fonts-wqy-microhei libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
              libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0 libxcb-xkb1
              libxcb-randr0 libxcb-shape0 libxcb-cursor0 xvfb xauth)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "bootstrap: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: please install (as root): apt-get install ${missing[*]}" >&2
  fi
fi

py="${PYTHON:-python3}"
if ! "$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  echo "bootstrap: $py is not Python 3.11 ($("$py" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 2
fi
if [ ! -x .venv/bin/python ] && ! "$py" -c 'import ensurepip, venv' 2>/dev/null; then
  # Debian's own python3 ships venv/ensurepip separately
  if [ "$(id -u)" = 0 ]; then
    echo "bootstrap: installing python3-venv"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  else
    echo "bootstrap: please install (as root): apt-get install python3-venv" >&2
    exit 2
  fi
fi
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
stamp=.venv/.dyconsole-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  touch "$stamp"
fi

case "$mode" in
  run)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
      echo "bootstrap: no display here (DISPLAY and WAYLAND_DISPLAY are unset): run this from a desktop session." >&2
      echo "  Headless, a picture of the console instead:" >&2
      echo "  QT_QPA_PLATFORM=offscreen .venv/bin/dyconsole --speed 60 --screenshot console.png --quit-after 20" >&2
      exit 1
    fi
    exec .venv/bin/dyconsole "$@" ;;
  test)
    export QT_QPA_PLATFORM=offscreen
    exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@" ;;
  setup)
    echo "bootstrap: ready; run .venv/bin/dyconsole" ;;
  *)
    echo "usage: bash packaging/bootstrap.sh run|test|setup [args]" >&2; exit 2 ;;
esac
