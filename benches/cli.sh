#!/usr/bin/env bash
# Whole-process figures of the command line, side by side in one hyperfine run (not a test):
# `forms list`, `card`, `fill --no-store --out`, `fill --db --out` (the birth form with three
# cards, stored with synchronous=FULL), and Typst compiling a one-page form of the same text
# when it is installed (`pip install typst`: the Python binding in a new process each time;
# the `typst` CLI too when it is on PATH). Prints hyperfine's table and the ratios the
# performance goals name.
#
# Usage: benches/cli.sh [BINARY] [RUNS] [BASELINE]
#   BINARY: default target/release/form-kiosk; RUNS: default 20; BASELINE: another build of
#   form-kiosk (an older commit's) measured in the same run, each command beside it.
# Needs: hyperfine (apt), poppler-utils (pdftotext, for the Typst form's text).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-target/release/form-kiosk}")
RUNS=${2:-20}
BASE=${3:+$(realpath "$3")}
[ -x "$BIN" ] || { echo "no binary at $BIN: cargo build --release" >&2; exit 2; }
[ -z "$BASE" ] || [ -x "$BASE" ] || { echo "no baseline binary at $3" >&2; exit 2; }

# on the project's disk (target/), not /tmp, which may be memory: the fsync is part of a fill
mkdir -p target/tmp
W=$(mktemp -d target/tmp/cli-bench.XXXXXX)
W=$(realpath "$W")
trap 'rm -rf "$W"' EXIT
# no configuration file of the machine's user: the built-in defaults
export XDG_CONFIG_HOME="$W/config" XDG_DATA_HOME="$W/data"

MOTHER='001190123456||Nguyễn Thị An|01011990|Nữ|Khóm 1, Phường Hồng Ngự, Tỉnh Đồng Tháp|15042021'
FATHER='087088004321|341234567|TRẦN VĂN BÌNH|20051988|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|10102021'
FILL=(fill --form khai-sinh --today 27/11/2026 --card "$MOTHER" --card "mother=$MOTHER" --card "father=$FATHER"
  --set 'requester_relation=Mẹ' --set 'child_name=Trần Bảo Ngọc' --set 'child_birth_date=05/02/2026'
  --set 'child_sex=Nữ' --set 'child_ethnicity=Kinh' --set 'child_birth_place=Phường An Bình, Tỉnh Đồng Tháp'
  --set 'child_hometown=Tỉnh Đồng Tháp' --set 'mother_ethnicity=Kinh' --set 'father_ethnicity=Kinh')

# hyperfine takes each command as one string: quote every argument for the shell-less runner
q() { printf '%q ' "$@"; }
"$BIN" "${FILL[@]}" --no-store --out "$W/form.pdf" >/dev/null

cmds=()
for b in "$BIN" ${BASE:+"$BASE"}; do
  tag=""
  [ "$b" = "$BIN" ] || tag=" (baseline)"
  cmds+=(
    -n "forms list$tag" "$(q "$b" forms list)"
    -n "card PAYLOAD$tag" "$(q "$b" card "$MOTHER")"
    -n "fill --no-store --out$tag" "$(q "$b" "${FILL[@]}" --no-store --out "$W/a.pdf")"
    -n "fill --db --out$tag" "$(q "$b" "${FILL[@]}" --db "$W/k$tag.db" --out "$W/b.pdf")"
  )
done

# Typst: the same page's text, in the same fonts, one page
typst_py=""
if python3 -c 'import typst' 2>/dev/null && command -v pdftotext >/dev/null; then
  {
    echo '#set page(paper: "a4", margin: (top: 20mm, bottom: 20mm, left: 30mm, right: 15mm))'
    echo '#set text(font: "Kiosk Serif", size: 12pt, lang: "vi")'
    echo '#set par(leading: 0.45em, spacing: 0.45em)'
    pdftotext -layout -f 1 -l 1 "$W/form.pdf" - | sed -e 's/[\\#$*_`<>@=\[\]~]/\\&/g' -e 's/^ *//' -e 's/$/ \\/' | grep -v '^ *\\$' | head -60
  } >"$W/form.typ"
  cat >"$W/compile_form.py" <<EOF
import typst
typst.compile("$W/form.typ", output="$W/typst.pdf", font_paths=["$PWD/assets/fonts"])
EOF
  python3 "$W/compile_form.py"
  typst_py=yes
  cmds+=(-n 'Typst (Python binding, new process)' "$(q python3 "$W/compile_form.py")")
fi
typst_cli=""
if command -v typst >/dev/null; then
  typst_cli=yes
  cmds+=(-n 'Typst CLI' "$(q typst compile --font-path "$PWD/assets/fonts" "$W/form.typ" "$W/typst-cli.pdf")")
fi

hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$W/r.json" "${cmds[@]}"

python3 - "$W/r.json" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
ms = lambda n: r[n]["median"] * 1000
print("\nmedians (ms) against the goals:")
for name, goal in [("forms list", 3), ("card PAYLOAD", 3), ("fill --no-store --out", None), ("fill --db --out", 15)]:
    g = f"goal ≤ {goal} ms: {'met' if ms(name) <= goal else 'NOT met'}" if goal else ""
    base = f"   baseline {ms(name + ' (baseline)'):7.2f}" if name + " (baseline)" in r else ""
    print(f"  {name:<24} {ms(name):7.2f}{base}  {g}")
f = ms("fill --db --out")
for name, limit in [("Typst (Python binding, new process)", 0.2), ("Typst CLI", 0.4)]:
    if name in r:
        ratio = f / ms(name)
        print(f"  fill --db / {name}: {ratio:.2f} (goal ≤ {limit}: {'met' if ratio <= limit else 'NOT met'})")
EOF
