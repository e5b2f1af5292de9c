#!/usr/bin/env bash
# Tries the Windows program under wine, headless: `check` on every bundled bank (exit 0) and on a
# broken one (exit 1 and a located Chinese message), `export` into a data folder whose path has
# Chinese characters and a space, and the window opening under Xvfb within 20 s (a screenshot is
# kept). Builds the zip first when it is missing (scripts/dist.sh --only windows).
#   scripts/windows-smoke.sh [path/to/党史知识竞赛.exe]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
for pkg in wine wine64 xvfb xdotool x11-apps imagemagick; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing="${missing:-} $pkg"
done
if [ -n "${missing:-}" ]; then
  sudo=(); [ "$(id -u)" != 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends $missing
fi
exe=${1:-}
if [ -z "$exe" ]; then
  exe=$(ls target/windows/x86_64-win7-windows-gnu/*/dangshi-quiz.exe 2>/dev/null | head -n 1 || true)
  if [ -z "$exe" ]; then scripts/dist.sh --only windows; exe=target/windows/x86_64-win7-windows-gnu/release/dangshi-quiz.exe; fi
fi
exe=$(realpath "$exe")
work=$(mktemp -d)
export WINEPREFIX=$work/wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
fail() { echo "Windows 冒烟测试失败：$*" >&2; exit 1; }

# The exe where a user would put it: a folder with Chinese characters and a space.
mkdir -p "$work/党史 竞赛"
cp "$exe" "$work/党史 竞赛/党史知识竞赛.exe"
cp "$(dirname "$exe")/dangshi-quiz-cli.exe" "$work/党史 竞赛/党史知识竞赛-命令行.exe"
app="$work/党史 竞赛/党史知识竞赛.exe"
cli="$work/党史 竞赛/党史知识竞赛-命令行.exe"
wineboot -i >/dev/null 2>&1 || true

echo "== check every bundled bank =="
for bank in questions/*.ron; do
  cp "$bank" "$work/题库.ron"
  if ! out=$(wine "$cli" check "$work/题库.ron" 2>&1); then
    echo "$out"; fail "check $bank 应当通过"
  fi
  echo "$(basename "$bank"): $(echo "$out" | grep -o '通过：可用 [0-9]* 题' | head -n 1)"
done

echo "== check a broken bank =="
printf '(format: 1, id: "坏", title: "坏题库", questions: [(id: "a", kind: Single, stem: "问", options: ["甲", "乙"], answer: "C")])\n' >"$work/坏题库.ron"
set +e
out=$(wine "$cli" check "$work/坏题库.ron" 2>&1); code=$?
set -e
echo "$out" | head -n 3
[ "$code" = 1 ] || fail "坏题库的退出码是 $code，应为 1"
echo "$out" | grep -q '坏题库.ron:1:[0-9]*:.*错误' || fail "坏题库的错误没有行列位置"
# The window program takes the same commands (double-clicked it opens the window instead).
wine "$app" check "$work/题库.ron" >/dev/null 2>&1 || fail "党史知识竞赛.exe check 应当通过"

echo "== export into a folder with Chinese and a space =="
data="$work/党史竞赛 数据"
mkdir -p "$data"
wine "$cli" export --data-dir "$data" --what participants --format xlsx --out "$data/人员 成绩.xlsx" \
  || fail "export 失败"
[ -s "$data/人员 成绩.xlsx" ] || fail "没有写出 人员 成绩.xlsx"
echo "exported: $(du -h "$data/人员 成绩.xlsx" | cut -f1)"

echo "== the window under Xvfb =="
Xvfb :93 -screen 0 1366x768x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; wineserver -k 2>/dev/null || true' EXIT
sleep 2
DISPLAY=:93 wine "$app" --data-dir "$data" >"$work/gui.log" 2>&1 &
opened=""
for _ in $(seq 1 20); do
  sleep 1
  if DISPLAY=:93 xdotool search --onlyvisible --name . 2>/dev/null | while read -r id; do
      DISPLAY=:93 xdotool getwindowname "$id"; done | grep -q '党史知识竞赛'; then
    opened=yes; break
  fi
done
[ -n "$opened" ] || { tail -n 20 "$work/gui.log"; fail "20 秒内没有出现程序窗口"; }
sleep 6
mkdir -p target
DISPLAY=:93 import -window root target/windows-wine.png
echo "window is open; screenshot: target/windows-wine.png"
# The window opened its records in the Chinese path with a space.
[ -f "$data/records.sqlite" ] || fail "数据文件夹里没有 records.sqlite"
ls "$data/backups" >/dev/null 2>&1 || echo "（首次启动，尚无备份）"
wineserver -k 2>/dev/null || true
rm -rf "$work"
echo "Windows 冒烟测试通过"
