#!/usr/bin/env bash
# test_bad_input.sh — hostile and broken input: every case renders a
# damaged copy of the seed department (or of the standard layout set) and
# asserts the exact exit code (3 bad input, 4 output or I/O), that the
# message on stderr names the file and the line and column (or the table,
# CSV line and column) at fault, that it is valid UTF-8, that budgetpdf
# finished within 60 s (no hang), and that nothing was written: no output
# file and no temporary file. The cases of test_cli_errors.sh are not
# repeated here. The limits are those of docs/limits.md.
#
# Cases that need root (a full or read-only file system, simulated with a
# small tmpfs) print SKIP and are not counted when mount is not permitted.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tool find awk iconv timeout cmp truncate

OUT="$TMP/out" # the output folder of the failing cases: must stay empty
mkdir -p "$OUT"
LAY0="$SRC/layouts/standard-2024"
CASES=0
SKIPS=0
MOUNTS=()

# Unmount what the test mounted, then remove $TMP (lib.sh's cleanup).
_bad_cleanup() {
    local m
    for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done
    _bp_cleanup
}
trap _bad_cleanup EXIT

# expect_empty DIR WHAT: nothing at all was written to DIR.
expect_empty() {
    local left
    left=$(find "$1" -mindepth 1 -print)
    [ -z "$left" ] || fail "$2: left behind: $left"
}

# case_ WHAT: starts a case.
case_() {
    CASES=$((CASES + 1))
    CASE="case $CASES ($1)"
    check "$CASE"
}

# bad_run RC CMD...: runs a budgetpdf command (60 s at most), expects exit
# RC and a valid UTF-8 message.
bad_run() {
    local want=$1
    shift
    run timeout 60 "$@"
    [ "$RC" != 124 ] || fail "$CASE: budgetpdf did not finish within 60 s (a hang)"
    expect_rc "$want" "$CASE"
    [ -s "$RUN_ERR" ] || fail "$CASE: exit $RC without a message"
    iconv -f UTF-8 -t UTF-8 "$RUN_ERR" >/dev/null 2>&1 || fail "$CASE: the message is not valid UTF-8"
    grep -q '^budgetpdf: ' "$RUN_ERR" || fail "$CASE: the message does not start with 'budgetpdf: '"
}

# bad RC DEPT [ARGS...]: renders DEPT to $OUT/annex.pdf; expects exit RC
# and $OUT left empty.
bad() {
    local want=$1 dept=$2
    shift 2
    bad_run "$want" "$BP" render "$dept" -o "$OUT/annex.pdf" "$@"
    expect_empty "$OUT" "$CASE"
}

# has STRING...: stderr holds every STRING.
has() {
    local s
    for s in "$@"; do expect_err_has "$s" "$CASE"; done
}

# has_re ERE: stderr matches ERE.
has_re() {
    expect_err_match "$1" "$CASE"
}

# line_of FIXED-STRING FILE: the number of the first line holding the string.
line_of() {
    local n
    n=$(grep -n -m 1 -F -- "$1" "$2" | cut -d: -f1)
    [ -n "$n" ] || fail "${CASE:-setup}: '$1' not found in $2 (has the seed changed?)"
    echo "$n"
}

# col_of LINE-NUMBER FIXED-STRING FILE: the 1-based column (in characters)
# where the string starts on that line.
col_of() {
    local text prefix
    text=$(sed -n "$1p" "$3")
    case $text in *"$2"*) ;; *) fail "${CASE:-setup}: '$2' not on line $1 of $3" ;; esac
    prefix=${text%%"$2"*}
    echo $(($(printf '%s' "$prefix" | wc -m) + 1))
}

# lines FILE: the number of lines.
lines() {
    wc -l <"$1" | tr -d ' '
}

# layouts DIR: a writable copy of the standard layout set.
layouts() {
    rm -rf "$1"
    cp -r "$LAY0" "$1"
    chmod -R u+w "$1"
}

# dept DIR [KEY: VALUE lines...]: a seed copy whose department.yaml is
# exactly the given lines (default: the seed's own values).
dept() {
    local d=$1
    shift
    copy_seed "$d"
    # a department.yaml of the case's own names no previous year's figures,
    # which the seed's text quotes: these cases are about the annex
    if [ $# -gt 0 ]; then printf '%s\n' "$@" >"$d/department.yaml" && rm -f "$d/document.md"; fi
}

# set_cell FILE LINE FIELD VALUE: replaces one unquoted CSV field.
set_cell() {
    awk -F, -v OFS=, -v l="$2" -v f="$3" -v v="$4" 'NR == l { $f = v } { print }' "$1" >"$1.new"
    mv "$1.new" "$1"
}

T05=05-gpb-expenditure
T11=11-dept-performance

# =====================================================================
# YAML that is not YAML
case_ "malformed YAML: an unclosed [ in a table layout"
L="$TMP/l-unclosed"
layouts "$L"
y="$L/$T05.yaml"
n=$(line_of 'key: code,' "$y")
sed -i "${n}s/width: 20}/width: 20/" "$y"
bad 3 "$SEED" --layouts "$L"
has_re "$T05\.yaml:[0-9]+:[0-9]+: malformed YAML"

case_ "malformed YAML: a tab in the indentation of set.yaml"
L="$TMP/l-tab"
layouts "$L"
n=$(line_of '  - 01-income-expense.yaml' "$L/set.yaml")
sed -i "${n}s/^  /\t/" "$L/set.yaml"
bad 3 "$SEED" --layouts "$L"
has_re "set\.yaml:$n:[0-9]+: malformed YAML"

case_ "malformed YAML: an unterminated quote in department.yaml"
D="$TMP/d-quote"
dept "$D" 'name: "郑州高新技术产业开发区' 'code: "033"' 'year: 2024' 'layouts: standard-2024'
bad 3 "$D"
has_re "department\.yaml:[0-9]+:[0-9]+: malformed YAML"

case_ "a layout file in GB18030 (YAML must be UTF-8)"
L="$TMP/l-gb"
layouts "$L"
iconv -f UTF-8 -t GB18030 "$LAY0/$T05.yaml" >"$L/$T05.yaml"
bad 3 "$SEED" --layouts "$L"
# libyaml stops at the first byte that is not UTF-8: line 1 is a Chinese comment
has_re "$T05\.yaml:1:[0-9]+: malformed YAML.*UTF-8"

case_ "YAML nested 100 000 levels deep (libyaml would take minutes)"
L="$TMP/l-deep"
layouts "$L"
awk 'BEGIN { s = "title: "; for (i = 0; i < 100000; i++) s = s "["; printf "%s", s;
             s = ""; for (i = 0; i < 100000; i++) s = s "]"; print s }' >"$L/$T05.yaml"
bad 3 "$SEED" --layouts "$L"
has_re "$T05\.yaml:1:[0-9]+: nested more than 64 levels deep"

case_ "5 000 YAML anchors (libyaml's anchor list is quadratic)"
L="$TMP/l-anchors"
layouts "$L"
{ cat "$LAY0/$T05.yaml"; echo "notes:"; for i in $(seq 1 5000); do echo "  - &a$i 备注"; done; } >"$L/$T05.yaml"
n=$(( $(lines "$LAY0/$T05.yaml") + 1 + 1001 ))
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:$n:5: more than 1000 anchors"

case_ "200 000 notes in a table layout (more than 100 000 YAML values)"
L="$TMP/l-notes"
layouts "$L"
{ sed '/^notes:/,$d' "$LAY0/$T05.yaml"; echo "notes:"; awk 'BEGIN { for (i = 0; i < 200000; i++) print "  - 备注" }'; } \
    >"$L/$T05.yaml"
bad 3 "$SEED" --layouts "$L"
has_re "$T05\.yaml:[0-9]+:5: more than 100000 values, lists and mappings"

case_ "a duplicate key in department.yaml"
D="$TMP/d-dup"
dept "$D" 'name: 郑州高新技术产业开发区新型智慧城市运行中心' 'code: "033"' 'year: 2024' 'year: 2025' \
    'layouts: standard-2024'
bad 3 "$D"
has "department.yaml:4:1: duplicate key 'year'"

# =====================================================================
# Unknown keys, with a did-you-mean suggestion
case_ "an unknown key in set.yaml (fnots)"
L="$TMP/l-fnots"
layouts "$L"
n=$(line_of 'fonts:' "$L/set.yaml")
sed -i "${n}s/^fonts:/fnots:/" "$L/set.yaml"
bad 3 "$SEED" --layouts "$L"
has "set.yaml:$n:1: unknown key 'fnots'" "did you mean 'fonts'"

case_ "an unknown key in page: (margin)"
L="$TMP/l-margin"
layouts "$L"
n=$(line_of '  orientation: landscape' "$L/$T05.yaml")
sed -i "${n}a\\  margin: [10, 10, 10, 10]" "$L/$T05.yaml"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:$((n + 1)):3: unknown key 'margin'" "did you mean 'margins'"

case_ "an unknown key in a row rule's when (equal)"
L="$TMP/l-equal"
layouts "$L"
y="$L/$T05.yaml"
n=$(line_of 'when: {column: name, equals:' "$y")
c=$(col_of "$n" 'equals:' "$y")
sed -i "${n}s/equals:/equal:/" "$y"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:$n:$c: unknown key 'equal'" "did you mean 'equals'"

case_ "an unknown key in format (decimal)"
L="$TMP/l-decimal"
layouts "$L"
y="$L/$T05.yaml"
n=$(line_of 'format: {decimals:' "$y")
c=$(col_of "$n" 'decimals:' "$y")
sed -i "${n}s/decimals:/decimal:/" "$y"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:$n:$c: unknown key 'decimal'" "did you mean 'decimals'"

case_ "an unknown key in department.yaml (encodig)"
D="$TMP/d-encodig"
dept "$D" 'name: 郑州高新技术产业开发区新型智慧城市运行中心' 'code: "033"' 'year: 2024' \
    'layouts: standard-2024' 'encodig: utf-8'
bad 3 "$D"
has "department.yaml:5:1: unknown key 'encodig'" "did you mean 'encoding'"

# =====================================================================
# Values of the wrong type
case_ "font_size: big"
L="$TMP/l-big"
layouts "$L"
echo "font_size: big" >>"$L/$T05.yaml"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:$(lines "$L/$T05.yaml"):12: font_size must be a number, not 'big'"

case_ "font_size: \"9\" (quoted text, not a number)"
L="$TMP/l-quoted"
layouts "$L"
echo 'font_size: "9"' >>"$L/$T05.yaml"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:$(lines "$L/$T05.yaml"):12: font_size must be a number, not quoted text"

case_ "columns: a mapping instead of a list"
L="$TMP/l-colmap"
layouts "$L"
y="$L/$T05.yaml"
cat >"$y" <<'EOF'
title: 表
data: 05-gpb-expenditure.csv
columns:
  code: {header: [科目编码]}
EOF
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:4:3: columns must be a non-empty list"

case_ "header: maybe (not true or false)"
L="$TMP/l-maybe"
layouts "$L"
echo "header: maybe" >>"$L/$T05.yaml"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:$(lines "$L/$T05.yaml"):9: header must be true or false"

case_ "department name: a list"
D="$TMP/d-namelist"
dept "$D" 'name: [郑州, 高新]' 'code: "033"' 'year: 2024' 'layouts: standard-2024'
bad 3 "$D"
has "department.yaml:1:7: name must be text, not a list"

case_ "format decimals: 1.5"
L="$TMP/l-dec15"
layouts "$L"
y="$L/$T05.yaml"
n=$(line_of 'format: {decimals: 1,' "$y")
c=$(col_of "$n" '1, thousands' "$y")
sed -i "${n}s/decimals: 1,/decimals: 1.5,/" "$y"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:$n:$c: format decimals must be a whole number"

# =====================================================================
# Required keys missing
case_ "a table layout without title"
L="$TMP/l-notitle"
layouts "$L"
printf 'data: 05-gpb-expenditure.csv\ncolumns:\n  - {key: code, header: [科目编码]}\n' >"$L/$T05.yaml"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:1:1: missing required key 'title' in table layout"

case_ "a column without key"
L="$TMP/l-nokey"
layouts "$L"
y="$L/$T05.yaml"
n=$(line_of '{key: code,' "$y")
c=$(col_of "$n" '{key: code,' "$y")
sed -i "${n}s/{key: code, */{/" "$y"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:$n:$c: missing required key 'key' in column"

case_ "department.yaml without name"
D="$TMP/d-noname"
dept "$D" '# no name' 'code: "033"' 'year: 2024' 'layouts: standard-2024'
bad 3 "$D"
has "department.yaml:2:1: missing required key 'name' in department.yaml"

case_ "set.yaml without tables"
L="$TMP/l-notables"
layouts "$L"
printf '# a set without tables\nname: x\n' >"$L/set.yaml"
bad 3 "$SEED" --layouts "$L"
has "set.yaml:2:1: missing required key 'tables' in layout set"

# =====================================================================
# The CSV and the layout disagree on the columns
case_ "a column in the layout that the CSV lacks"
L="$TMP/l-extracol"
layouts "$L"
y="$L/$T05.yaml"
n=$(line_of '{key: project_targeted,' "$y")
sed -i "${n}a\\  - {key: project_other, header: [项目支出, 其他], width: 20, type: amount}" "$y"
bad 3 "$SEED" --layouts "$L"
has "$T05.csv:1: no column 'project_other'" "$T05.yaml:$((n + 1))"

case_ "a column in the CSV that the layout lacks (with a suggestion)"
D="$TMP/d-extracol"
copy_seed "$D"
f="$D/$T05.csv"
awk -F, -v OFS=, '{ $(NF + 1) = (NR == 1 ? "project_totl" : "0"); print }' "$f" >"$f.new" && mv "$f.new" "$f"
bad 3 "$D"
has "$T05.csv:1:12: column 'project_totl' is not in the layout" "did you mean 'project_total'"

case_ "a row with too many cells"
D="$TMP/d-many"
copy_seed "$D"
f="$D/$T05.csv"
sed -i '4s/$/,1.0/' "$f"
bad 3 "$D"
has "$T05.csv:4: row has 12 cells, but the header line has 11"

case_ "a row with too few cells"
D="$TMP/d-few"
copy_seed "$D"
f="$D/$T05.csv"
sed -i '5s/,[^,]*$//' "$f"
bad 3 "$D"
has "$T05.csv:5: row has 10 cells, but the header line has 11"

case_ "a column twice in the CSV header"
D="$TMP/d-twice"
copy_seed "$D"
f="$D/$T05.csv"
sed -i '1s/,project_targeted$/,project_total/' "$f"
bad 3 "$D"
has "$T05.csv:1:11: column 'project_total' appears twice"

# =====================================================================
# Amounts
amount_case() { # WHAT CSV-FIELD MESSAGE [CELL-TEXT]
    case_ "$1"
    D="$TMP/d-amount-$CASES"
    copy_seed "$D"
    set_cell "$D/$T05.csv" 3 3 "$2"
    bad 3 "$D"
    has "$T05.csv:3:3: column 'total': '${4:-$2}' $3"
}
amount_case "an amount that is a dash" "-" "is not a number"
amount_case "an amount 1,2,3 (a quoted CSV field)" '"1,2,3"' "has misplaced thousands separators" "1,2,3"
amount_case "an amount 1e309" "1e309" "is not a number"
amount_case "an amount of 19 digits" "1234567890123456789" "is too large"
amount_case "an amount with 7 decimals" "1.1234567" "has more than 6 decimals"

# =====================================================================
# Encodings
case_ "a GB18030 file read as UTF-8 (encoding: utf-8)"
D="$TMP/d-gb-as-utf8"
copy_seed "$D"
f="$D/$T05.csv"
iconv -f UTF-8 -t GB18030 "$SEED/$T05.csv" >"$f"
bad 3 "$D"
# line 2 is ",合计,…": the first byte that is not UTF-8 is character 2
has "$T05.csv:2:2: byte 0x" "is not valid UTF-8" "GB18030"

case_ "a UTF-8 file read as GB18030 (encoding: gb18030)"
D="$TMP/d-utf8-as-gb"
copy_seed "$D"
sed -i 's/^encoding:.*/encoding: gb18030/' "$D/department.yaml"
bad 3 "$D"
has "01-income-expense.csv:2:1: department.yaml declares encoding: gb18030, but this file is UTF-8"

case_ "bytes that are neither UTF-8 nor GB18030 (encoding: auto)"
D="$TMP/d-neither"
copy_seed "$D"
sed -i 's/^encoding:.*/encoding: auto/' "$D/department.yaml"
printf 'code,name\n1,ab\x80\n' >"$D/08-three-public.csv"
bad 3 "$D"
has "08-three-public.csv:2:5: byte 0x80 is not valid UTF-8, and the file is not valid GB18030 either"

case_ "a byte order mark in the middle of a file (two files joined)"
D="$TMP/d-bom"
copy_seed "$D"
f="$D/$T05.csv"
{ head -n 4 "$SEED/$T05.csv"; printf '\xEF\xBB\xBF'; tail -n +5 "$SEED/$T05.csv"; } >"$f"
bad 3 "$D"
has "$T05.csv:5:1: byte order mark (U+FEFF) inside the file"

case_ "a NUL byte in a CSV file"
D="$TMP/d-nul"
copy_seed "$D"
f="$D/$T05.csv"
{ head -n 2 "$SEED/$T05.csv"; printf '206,\0\n'; } >"$f"
bad 3 "$D"
has "$T05.csv:3:5: NUL byte"

case_ "a control character (U+0007) in a cell"
D="$TMP/d-bel"
copy_seed "$D"
set_cell "$D/$T05.csv" 3 2 "$(printf '科学\a技术支出')"
bad 3 "$D"
has "$T05.csv:3:2: column 'name': control character U+0007 in the cell"

case_ "an unclosed quote"
D="$TMP/d-quote-csv"
copy_seed "$D"
set_cell "$D/$T05.csv" 3 2 '"科学技术支出'
bad 3 "$D"
has_re "$T05\.csv:3: malformed CSV"

# =====================================================================
# department.yaml's own values, YAML documents, line ends and long texts:
# each message names the file at fault with its line and column
DY=('code: "033"' 'year: 2024' 'layouts: standard-2024' 'encoding: utf-8')

case_ "a character in no font in department.yaml's name (blamed on department.yaml, not set.yaml)"
D="$TMP/d-name-thai"
dept "$D" 'name: "郑州ก高新"' "${DY[@]}"
bad 3 "$D"
has "department.yaml:1:7: name: character U+0E01 (ก) is in no font of its role"

case_ "a character in no font in department.yaml's unit (not a table layout)"
D="$TMP/d-unit-thai"
dept "$D" 'name: 郑州高新' "${DY[@]}" 'unit: "万ก元"'
bad 3 "$D"
has "department.yaml:6:7: unit: character U+0E01"

case_ "a tab in department.yaml's name (not \"page 1\")"
D="$TMP/d-name-tab"
dept "$D" "${DY[@]}" 'name: "郑州\t高新"'
bad 3 "$D"
has "department.yaml:5:7: name holds the control character U+0009 at character 3"

case_ "U+FEFF in department.yaml's unit"
D="$TMP/d-unit-bom"
dept "$D" 'name: 郑州高新' "${DY[@]}" 'unit: "万\uFEFF元"'
bad 3 "$D"
has "department.yaml:6:7: unit holds U+FEFF"

case_ "NUL in department.yaml's name (would render only what is before it)"
D="$TMP/d-name-nul"
dept "$D" 'name: "郑州\0高新"' "${DY[@]}"
bad 3 "$D"
has "department.yaml:1:7: name holds a NUL character"

case_ "a second YAML document in department.yaml"
D="$TMP/d-two-docs"
dept "$D" 'name: 郑州高新' "${DY[@]}" '---' 'name: 另一个'
bad 3 "$D"
has "department.yaml:6:1: a second YAML document (after ---)"

case_ "a second YAML document in a table layout"
D="$TMP/d-two-docs-layout"
L="$TMP/l-two-docs"
copy_seed "$D"
layouts "$L"
printf -- '---\ntitle: 另一个\n' >>"$L/$T05.yaml"
n=$(($(lines "$L/$T05.yaml") - 1))
bad 3 "$D" -l "$L"
has "$T05.yaml:$n:1: a second YAML document"

case_ "date: 2024-02-30 (a day that does not exist)"
D="$TMP/d-date"
dept "$D" 'name: 郑州高新' "${DY[@]}" 'date: 2024-02-30'
bad 3 "$D"
has "department.yaml:6:7: date '2024-02-30' does not exist: 2024-02 has 29 days"

case_ "a CSV file with CR-only line ends (old Excel for Mac): the right line"
D="$TMP/d-cr"
copy_seed "$D"
f="$D/$T05.csv"
set_cell "$f" 3 3 "abc"
tr '\n' '\r' <"$f" >"$f.cr" && mv "$f.cr" "$f"
bad 3 "$D"
has "$T05.csv:3:3: column 'total': 'abc' is not a number"

case_ "a GB18030 decode error: the column in characters, not bytes"
D="$TMP/d-gb-col"
copy_seed "$D"
sed -i 's/^encoding:.*/encoding: gb18030/' "$D/department.yaml"
for f in "$D"/*.csv; do iconv -f UTF-8 -t GB18030 "$f" >"$f.gb" && mv "$f.gb" "$f"; done
f="$D/$T05.csv"
# line 3 is "206,科学技术支出,…": a lone lead byte after 科学 (2 characters, 4 bytes)
LC_ALL=C awk -v bad="$(printf '\x81 ')" 'NR == 3 { sub(/^206,..../, "&" bad) } { print }' "$f" >"$f.new"
mv "$f.new" "$f"
bad 3 "$D"
has "$T05.csv:3:7: byte 0x81 is not valid GB18030"

case_ "a title of 1,500 bytes: the file and line come first, the title is shortened"
D="$TMP/d-long-title"
L="$TMP/l-long-title"
copy_seed "$D"
layouts "$L"
long=$(printf '很%.0s' $(seq 500))
sed -i "s/^title: .*/title: \"$long\"/" "$L/$T11.yaml"
f="$D/$T11.csv"
n=$(line_of '年度主要任务,任务名称,' "$f")
sed -i "${n}s/,任务名称,/,任务ก名称,/" "$f"
bad 3 "$D" -l "$L"
has_re "^budgetpdf: [^ ]*$T11\.csv line $n, column 'c2' \(很{60}…\): character U\+0E01"
[ "$(wc -c <"$RUN_ERR")" -lt 600 ] || fail "$CASE: the message holds the whole title"

# =====================================================================
# Empty and oversized files
case_ "an empty CSV file"
D="$TMP/d-empty"
copy_seed "$D"
: >"$D/$T05.csv"
bad 3 "$D"
has "$T05.csv:1:1: file is empty"

case_ "an empty department.yaml"
D="$TMP/d-empty-yaml"
copy_seed "$D"
: >"$D/department.yaml"
bad 3 "$D"
has "department.yaml:1:1: empty YAML document"

case_ "an empty table layout"
L="$TMP/l-empty"
layouts "$L"
: >"$L/$T05.yaml"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:1:1: empty YAML document"

case_ "a 2 MB cell"
D="$TMP/d-2mb"
copy_seed "$D"
f="$D/$T05.csv"
awk -F, -v OFS=, 'NR == 3 { s = "科"; while (length(s) < 2097152) s = s s; $2 = s } { print }' \
    "$SEED/$T05.csv" >"$f"
bad 3 "$D"
has "$T05.csv:3:2: cell is" "bytes long; the limit is 32768 bytes"

case_ "200 000 rows"
D="$TMP/d-rows"
copy_seed "$D"
f="$D/$T05.csv"
{ head -n 1 "$SEED/$T05.csv"
  awk 'BEGIN { for (i = 0; i < 200000; i++) print "2060101,行政运行,1.0,1.0,0,0,1.0,0,0,0,0" }'; } >"$f"
bad 3 "$D"
has "$T05.csv:100002: more than 100000 rows; the limit is 100000"

case_ "2 500 000 cells in one CSV file (50 000 lines of 50 cells)"
D="$TMP/d-cells"
copy_seed "$D"
awk 'BEGIN { s = "c1"; for (i = 2; i <= 50; i++) s = s ",c" i; for (i = 0; i < 50000; i++) print s }' \
    >"$D/$T11.csv"
bad 3 "$D"
# 40 000 lines hold 2 000 000 cells: the first one over is on line 40 001
has "$T11.csv:40001: more than 2000000 cells"

case_ "a CSV file over 64 MiB"
D="$TMP/d-huge"
copy_seed "$D"
truncate -s 67108865 "$D/$T05.csv"
bad 3 "$D"
has "$T05.csv: file is 67108865 bytes; the limit is 67108864"

case_ "1 001 columns in a table layout"
L="$TMP/l-1001"
layouts "$L"
{ printf 'title: 表\ndata: 05-gpb-expenditure.csv\ncolumns:\n'
  awk 'BEGIN { for (i = 1; i <= 1001; i++) printf "  - {key: c%d, header: [x]}\n", i }'; } >"$L/$T05.yaml"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:4:3: 1001 columns; at most 1000 are allowed"

case_ "201 tables in set.yaml"
L="$TMP/l-201"
layouts "$L"
{ printf 'name: x\ntables:\n'; for i in $(seq 1 201); do echo "  - $T05.yaml"; done; } >"$L/set.yaml"
bad 3 "$SEED" --layouts "$L"
has "set.yaml:3:3: 201 tables; at most 200 are allowed"

# =====================================================================
# Geometry
case_ "a zero-width column"
L="$TMP/l-zero"
layouts "$L"
y="$L/$T05.yaml"
n=$(line_of '{key: code,' "$y")
c=$(col_of "$n" '20}' "$y")
sed -i "${n}s/width: 20}/width: 0}/" "$y"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:$n:$c: column width must be between 2 and 1000, not 0"

case_ "a column 2 metres wide"
L="$TMP/l-2m"
layouts "$L"
y="$L/$T05.yaml"
n=$(line_of '{key: code,' "$y")
c=$(col_of "$n" '20}' "$y")
sed -i "${n}s/width: 20}/width: 2000}/" "$y"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:$n:$c: column width must be between 2 and 1000, not 2000"

case_ "page margins larger than the page"
L="$TMP/l-margins"
layouts "$L"
y="$L/$T05.yaml"
n=$(line_of '  orientation: landscape' "$y")
sed -i "${n}a\\  margins: [20, 140, 20, 140]" "$y"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:$((n + 1)):12: page margins (20, 140, 20, 140 mm) leave no room on a 297 × 210 mm page"

case_ "a header path 7 levels deep"
L="$TMP/l-depth"
layouts "$L"
y="$L/$T05.yaml"
n=$(line_of '{key: code,' "$y")
c=$(col_of "$n" '[科目编码]' "$y")
sed -i "${n}s/\[科目编码\]/[a, b, c, d, e, f, 科目编码]/" "$y"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:$n:$c: column header path has 7 levels; at most 6 are allowed"

# =====================================================================
# Fonts. The font stage does not know set.yaml's lines: the message names
# the role and the family.
case_ "a font family that does not exist"
L="$TMP/l-nofont"
layouts "$L"
sed -i 's/^  body: .*/  body: [No Such Font]/' "$L/set.yaml"
grep -q 'No Such Font' "$L/set.yaml" || fail "$CASE: set.yaml has no body: line"
bad 3 "$SEED" --layouts "$L"
has "no usable font for role 'body'" "'No Such Font'" "is not installed"

case_ "a font file that is not a font (fontconfig does not index it: the family is not found)"
L="$TMP/l-garbage"
layouts "$L"
mkdir -p "$TMP/garbage-fonts"
head -c 4096 /dev/urandom >"$TMP/garbage-fonts/BudgetGarbage.ttf"
sed -i 's/^  body: .*/  body: [BudgetGarbage]/' "$L/set.yaml"
bad 3 "$SEED" --layouts "$L" --fonts-dir "$TMP/garbage-fonts"
has "no usable font for role 'body'" "'BudgetGarbage'" "is not installed"

case_ "an OpenType font with CFF outlines (Cantarell, fonts-cantarell)"
fc-list : family 2>/dev/null | grep -qx 'Cantarell' ||
    fail "$CASE: needs the font Cantarell (Debian: apt-get install fonts-cantarell; make deps installs it)"
L="$TMP/l-cff"
layouts "$L"
sed -i 's/^  body: .*/  body: [Cantarell]/' "$L/set.yaml"
bad 3 "$SEED" --layouts "$L"
has "'Cantarell'" "CFF" "use a TrueType font such as AR PL UMing CN" "Cantarell-"

case_ "a character that no configured font has (U+0E01, Thai)"
D="$TMP/d-thai"
copy_seed "$D"
f="$D/$T11.csv"
n=$(line_of '年度主要任务,任务名称,' "$f")
sed -i "${n}s/,任务名称,/,任务ก名称,/" "$f"
bad 3 "$D"
has "U+0E01" "$T11.csv line $n, column 'c2'" "整体绩效目标表" "in no font of its role"

case_ "a character outside the Basic Multilingual Plane (U+1F600)"
D="$TMP/d-emoji"
copy_seed "$D"
f="$D/$T11.csv"
n=$(line_of '年度主要任务,任务名称,' "$f")
sed -i "${n}s/,任务名称,/,任务😀名称,/" "$f"
bad 3 "$D"
has "U+1F600" "$T11.csv line $n, column 'c2'" "Basic Multilingual Plane"

# =====================================================================
# Other broken department folders
case_ "a CSV file that is a named pipe (must not wait for a writer)"
D="$TMP/d-fifo"
copy_seed "$D"
rm "$D/$T05.csv"
mkfifo "$D/$T05.csv"
bad 3 "$D"
has "$T05.csv: not a regular file"

case_ "a CSV file that is a folder"
D="$TMP/d-csvdir"
copy_seed "$D"
rm "$D/$T05.csv"
mkdir "$D/$T05.csv"
bad 3 "$D"
has "$T05.csv: not a regular file"

case_ "year: 1800"
D="$TMP/d-1800"
dept "$D" 'name: 郑州' 'code: "033"' 'year: 1800' 'layouts: standard-2024'
bad 3 "$D"
has "department.yaml:3:7: year must be between 1949 and 2200, not 1800"

case_ "encoding: latin1"
D="$TMP/d-latin1"
dept "$D" 'name: 郑州' 'code: "033"' 'year: 2024' 'layouts: standard-2024' 'encoding: latin1'
bad 3 "$D"
has "department.yaml:5:11: encoding must be auto, utf-8 or gb18030, not 'latin1'"

case_ "'<' in the first column (joins a cell to the left of the table)"
D="$TMP/d-left"
copy_seed "$D"
set_cell "$D/$T05.csv" 3 1 "<"
bad 3 "$D"
has "$T05.csv:3:1: '<' joins the cell to its left, but this is the first column"

case_ "merged cells that do not form a rectangle"
D="$TMP/d-rect"
copy_seed "$D"
f="$D/$T05.csv"
# line 4 joins name to code ('<'), line 5 joins only code to line 4 ('^')
set_cell "$f" 4 2 "<"
set_cell "$f" 5 1 "^"
bad 3 "$D"
has "$T05.csv:4:1: merged cells starting here (column 'code') do not form a rectangle"

case_ "an unknown placeholder in a title"
L="$TMP/l-placeholder"
layouts "$L"
y="$L/$T05.yaml"
n=$(line_of 'title: "{year}' "$y")
sed -i "${n}s/{year}/{yaer}/" "$y"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:$n:9: title: unknown placeholder '{yaer}'"

case_ "set.yaml listing a table layout that does not exist"
L="$TMP/l-missing"
layouts "$L"
rm "$L/$T05.yaml"
n=$(line_of "  - $T05.yaml" "$L/set.yaml")
bad 3 "$SEED" --layouts "$L"
has "set.yaml:$n:5: table layout '$T05.yaml' does not exist"

case_ "data: a path outside the department folder"
L="$TMP/l-dotdot"
layouts "$L"
y="$L/$T05.yaml"
n=$(line_of 'data: ' "$y")
sed -i "${n}s|^data: .*|data: ../../etc/passwd|" "$y"
bad 3 "$SEED" --layouts "$L"
has "$T05.yaml:$n:7: data must be a file name in the department folder"

# =====================================================================
# Output that cannot be written (exit 4). The message names the output.
case_ "an output path below a regular file"
mkdir -p "$TMP/plain"
echo "not a folder" >"$TMP/plain/file"
bad_run 4 "$BP" render "$SEED" -o "$TMP/plain/file/annex.pdf"
has "cannot write $TMP/plain/file/annex.pdf"
[ "$(find "$TMP/plain" -mindepth 1 | wc -l)" = 1 ] || fail "$CASE: files left: $(ls -A "$TMP/plain")"

case_ "an output path that is a named pipe (never replaced by the PDF)"
mkdir -p "$TMP/special"
mkfifo "$TMP/special/annex.pdf"
bad_run 4 "$BP" render "$SEED" -o "$TMP/special/annex.pdf"
has "cannot write $TMP/special/annex.pdf: it is not a regular file"
[ -p "$TMP/special/annex.pdf" ] || fail "$CASE: the named pipe was replaced"
[ "$(ls -A "$TMP/special")" = annex.pdf ] || fail "$CASE: left behind: $(ls -A "$TMP/special")"

if [ "$(id -u)" = 0 ] && mknod "$TMP/special/null" c 1 3 2>/dev/null; then
    case_ "an output path that is a character device (like -o /dev/null as root)"
    bad_run 4 "$BP" render "$SEED" -o "$TMP/special/null"
    has "cannot write $TMP/special/null: it is not a regular file"
    [ -c "$TMP/special/null" ] || fail "$CASE: the device node was replaced"
    [ "$(ls -A "$TMP/special" | tr '\n' ' ')" = "annex.pdf null " ] ||
        fail "$CASE: left behind: $(ls -A "$TMP/special")"
else
    echo "$TEST_NAME: SKIP a device as the output: mknod is not permitted here (needs root)"
    SKIPS=$((SKIPS + 1))
fi

# mount_tmpfs DIR SIZE [ro]: a small tmpfs at DIR; false when mounting is not permitted.
mount_tmpfs() {
    mkdir -p "$1"
    [ "$(id -u)" = 0 ] || return 1
    mount -t tmpfs -o "size=$2" tmpfs "$1" 2>/dev/null || return 1
    MOUNTS+=("$1")
    if [ "${3:-}" = ro ]; then
        mount -o remount,ro "$1" 2>/dev/null || return 1
    fi
}

if mount_tmpfs "$TMP/full" 64k; then
    case_ "a full disk (a 64 KiB tmpfs): exit 4, no temp file, the previous file untouched"
    printf '%%PDF-1.4 the previous annex\n' >"$TMP/full/annex.pdf"
    cp "$TMP/full/annex.pdf" "$TMP/previous.pdf"
    bad_run 4 "$BP" render "$SEED" -o "$TMP/full/annex.pdf"
    has "cannot write $TMP/full/annex.pdf: No space left on device"
    cmp -s "$TMP/full/annex.pdf" "$TMP/previous.pdf" || fail "$CASE: the previous file was changed"
    [ "$(ls -A "$TMP/full")" = annex.pdf ] || fail "$CASE: left behind: $(ls -A "$TMP/full")"
    no_tmp_left "$TMP/full" "$CASE"
else
    echo "$TEST_NAME: SKIP a full disk: mounting a tmpfs is not permitted here (needs root)"
    SKIPS=$((SKIPS + 1))
fi

if mount_tmpfs "$TMP/ro" 1m ro; then
    case_ "an output folder that is not writable (a read-only tmpfs)"
    bad_run 4 "$BP" render "$SEED" -o "$TMP/ro/annex.pdf"
    has "cannot write $TMP/ro/annex.pdf: Read-only file system"
    expect_empty "$TMP/ro" "$CASE"
else
    echo "$TEST_NAME: SKIP a read-only output folder: mounting a tmpfs is not permitted here (needs root)"
    SKIPS=$((SKIPS + 1))
fi

# =====================================================================
check "an interrupted run (SIGKILL at 100 ms steps) leaves the previous file untouched"
mkdir -p "$TMP/intr"
printf '%%PDF-1.4 the previous annex\n' >"$TMP/intr/annex.pdf"
cp "$TMP/intr/annex.pdf" "$TMP/previous-intr.pdf"
for ms in 50 150 300; do
    "$BP" render "$SRC/examples/long-table-2024" -q -o "$TMP/intr/annex.pdf" >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf '%03d' "$ms")"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    # either the run was killed (the previous file stays) or it finished
    # (a complete PDF replaced it): never anything in between
    if ! cmp -s "$TMP/intr/annex.pdf" "$TMP/previous-intr.pdf"; then
        quiet_tool qpdf --check "$TMP/intr/annex.pdf" >/dev/null
        cp "$TMP/previous-intr.pdf" "$TMP/intr/annex.pdf"
    fi
    find "$TMP/intr" -name 'annex.pdf.tmp*' -delete
done

note "$CASES bad-input cases, $SKIPS skipped"
[ "$CASES" -ge 40 ] || fail "only $CASES cases ran (at least 40 expected)"
pass
