#!/usr/bin/env bash
# Kiosk window benchmark under Xvfb (not a test): cold start to the first mapped window, and
# resident memory after a scripted session (card typed by a "scanner", procedure chosen,
# review shown). Usage: benches/kiosk-startup.sh [BINARY] [RUNS]
# Needs: xvfb, xdotool (apt). Prints one line per run and the medians.
set -euo pipefail
BIN=${1:-target/release/form-kiosk}
RUNS=${2:-10}

CARD='001190123456||Nguyễn Thị An|01011990|Nữ|Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp|15042021'
Xvfb :58 -screen 0 1280x800x24 >/dev/null 2>&1 &
XPID=$!
trap 'kill $XPID 2>/dev/null' EXIT
sleep 0.5
export DISPLAY=:58
starts=()
rss=()
for i in $(seq "$RUNS"); do
  dir=$(mktemp -d)
  t0=$(date +%s%N)
  "$BIN" --db "$dir/k.db" --windowed >/dev/null 2>&1 &
  pid=$!
  # poll every 5 ms (xdotool's own --sync waits in steps of half a second)
  wid=""
  until [ -n "$wid" ]; do
    wid=$(xdotool search --onlyvisible --pid "$pid" 2>/dev/null | head -1 || true)
    [ -n "$wid" ] || sleep 0.005
  done
  t1=$(date +%s%N)
  starts+=($(( (t1 - t0) / 1000000 )))
  xdotool windowfocus --sync "$wid" || true  # Xvfb has no window manager: focus can fail
  # welcome → scan screen (tap anywhere), then the scanner types the card and Enter
  xdotool mousemove --window "$wid" 640 700 click 1
  sleep 0.3
  xdotool type --delay 2 "$CARD"
  xdotool key Return
  sleep 0.5
  # first tile (top left) → the other people (skip twice) → questions
  xdotool mousemove --window "$wid" 330 290 click 1
  sleep 0.5
  rss+=($(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status"))
  [ "$i" = 1 ] && [ -n "${SHOT:-}" ] && import -window root "$SHOT"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
  echo "run $i: first window ${starts[-1]} ms, RSS after scan and choice ${rss[-1]} MB"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median cold start to first window: $(median "${starts[@]}") ms; median RSS: $(median "${rss[@]}") MB"
