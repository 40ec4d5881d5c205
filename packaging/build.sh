#!/usr/bin/env bash
# Build the one-folder app with PyInstaller: dist/dyconsole/dyconsole (spec: packaging/dyconsole.spec).
#   bash packaging/build.sh            uses $VIRTUAL_ENV, else .venv beside this repo (bootstrap.sh makes it)
# Installs the `bundle` extra (PyInstaller) into that venv when it is missing. Prints the build time and the size.
# Then `bash packaging/smoke_bundle.sh` tries the frozen app. On Windows, see README "Windows".
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
venv="${VIRTUAL_ENV:-$here/.venv}"
py="$venv/bin/python"
if [ ! -x "$py" ]; then
  echo "build: no Python venv at $venv: run 'bash packaging/bootstrap.sh setup' first (or set VIRTUAL_ENV)" >&2
  exit 2
fi
if ! "$py" -c 'import PyInstaller' 2>/dev/null; then
  echo "build: installing the bundle extra (PyInstaller) into $venv"
  "$py" -m pip install -q -e ".[bundle]"
fi
start=$(date +%s)
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$here/dist" --workpath "$here/build/pyinstaller" packaging/dyconsole.spec
took=$(( $(date +%s) - start ))
echo "build: dist/dyconsole built in ${took} s, $(du -sh dist/dyconsole | cut -f1) on disk"
