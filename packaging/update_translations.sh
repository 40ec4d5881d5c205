#!/usr/bin/env bash
# Refresh the UI translations: collect the tr() strings of dyconsole/ui, dyconsole/services (all subfolders) and app.py into the .ts sources
# (dyconsole/resources/i18n/dyconsole_<lang>.ts, existing translations kept), then compile them to .qm.
# Translate new entries with pyside6-linguist (or by editing the .ts), then run this again to compile.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
bin="${VIRTUAL_ENV:-$here/.venv}/bin"
out=dyconsole/resources/i18n
mkdir -p "$out"
for lang in zh_CN; do
  "$bin/pyside6-lupdate" -no-obsolete -locations relative $(find dyconsole/ui dyconsole/services -name "*.py" | sort) dyconsole/app.py -ts "$out/dyconsole_$lang.ts"
  "$bin/pyside6-lrelease" "$out/dyconsole_$lang.ts" -qm "$out/dyconsole_$lang.qm"
done
