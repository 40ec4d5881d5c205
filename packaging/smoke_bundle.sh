#!/usr/bin/env bash
# Smoke test of the frozen app (after packaging/build.sh), offscreen, in a temporary data dir:
#   1. `dyconsole --version`;
#   2. the window on the demo room renders a screenshot (a PNG of 1600x900);
#   3. `dyconsole record --duration 30 --speed 60 --db TMP` records 30 broadcast seconds (of a scripted scenario, so
#      the bundled scenarios are read too);
#   4. `dyconsole sessions --db TMP --json` lists that session, with samples.
# Every step must exit 0 within its time limit, and the log must hold no fatal marker ("Traceback",
# "Fatal Python error", "qt.qpa.plugin: Could not load"). Exit 0 when all pass, 1 otherwise (the log is printed).
#   bash packaging/smoke_bundle.sh [path/to/dist/dyconsole/dyconsole]
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
app="${1:-$here/dist/dyconsole/dyconsole}"
if [ ! -x "$app" ]; then
  echo "smoke: no frozen app at $app: run 'bash packaging/build.sh' first" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export QT_QPA_PLATFORM=offscreen DYCONSOLE_DATA_DIR="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
  XDG_DATA_HOME="$tmp/share" PYTHONUNBUFFERED=1
unset PYTHONPATH PYTHONHOME
log="$tmp/smoke.log"
failed=0
steps=0

step() {  # step NAME TIMEOUT_S CMD...: run one step, its output into the log
  local name="$1" limit="$2"; shift 2
  local t0=$SECONDS
  echo "### $name: $*" >>"$log"
  timeout "$limit" "$@" >>"$log" 2>&1
  local rc=$?
  steps=$(( steps + 1 ))
  echo "### $name: exit $rc after $(( SECONDS - t0 )) s" >>"$log"
  if [ "$rc" -ne 0 ]; then
    echo "smoke: FAIL $name (exit $rc)"
    failed=1
  else
    echo "smoke: ok   $name ($(( SECONDS - t0 )) s)"
  fi
}

step version 60 "$app" --version
step window 120 "$app" --speed 60 --db "$tmp/window.sqlite3" --screenshot "$tmp/console.png" --quit-after 8
# a PNG of the window's size: the signature, then the IHDR width and height (big-endian) at bytes 16..23
if [ "$(head -c 8 "$tmp/console.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" != "89504e470d0a1a0a" ]; then
  echo "smoke: FAIL window (no PNG screenshot written)"; failed=1
else
  size="$(od -An -tu1 -j16 -N8 "$tmp/console.png" | awk '{print $3*256+$4 "x" $7*256+$8}')"
  if [ "$size" != "1600x900" ]; then echo "smoke: FAIL window (screenshot is $size, not 1600x900)"; failed=1; fi
  if [ -n "${SMOKE_SCREENSHOT:-}" ]; then cp "$tmp/console.png" "$SMOKE_SCREENSHOT"; fi
fi
step record 180 "$app" record --duration 30 --speed 60 --scenario viral-product --db "$tmp/rec.sqlite3"
step sessions 60 "$app" sessions --db "$tmp/rec.sqlite3" --json
# the listing (the last step's JSON) names one session with samples
listing="$(sed -n '/^### sessions: /,/^### sessions: exit/p' "$log" | grep -v '^###')"
if ! grep -q '"id"' <<<"$listing" || ! grep -q -E '"samples": [1-9]' <<<"$listing"; then
  echo "smoke: FAIL sessions (the recorded session is not listed with samples)"; failed=1
fi
if grep -n -E "Traceback|Fatal Python error|qt\.qpa\.plugin: Could not load" "$log"; then
  echo "smoke: FAIL a fatal marker in the log (above)"; failed=1
fi
if [ "$failed" -ne 0 ]; then
  echo "----- smoke log -----"; cat "$log"
  echo "smoke: the frozen app FAILED"
  exit 1
fi
echo "smoke: the frozen app passed (version, window screenshot, record 30 s, sessions)"
echo "smoke: $steps passed, 0 failed"
