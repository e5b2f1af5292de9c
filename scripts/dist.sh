#!/usr/bin/env bash
# Builds what users download, into dist/ (git-ignored):
#   党史知识竞赛-<version>-windows-x64.zip   portable Windows 10/11 program (no installer)
#   dangshi-quiz_<version>_amd64.deb         统信UOS / 麒麟 / Debian / Ubuntu package
# Run from anywhere on a Debian-based machine; it installs what it needs with apt (sudo when not
# root). Options:
#   --only windows|deb   build one of the two
#   --debug              package debug builds (CI checks the packaging this way, faster)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
only=""
profile=release
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only=$2; shift 2 ;;
    --debug) profile=debug; shift ;;
    *) echo "未知参数：$1" >&2; exit 2 ;;
  esac
done
dist=$root/dist
mkdir -p "$dist"

# Installs the Debian packages in "$@" that are missing.
need() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    echo "打包需要安装 ${missing[*]}，下面会用 sudo：" >&2
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
}

cargo_profile=()
[ "$profile" = release ] && cargo_profile=(--release)

windows() {
  # Debian's Rust (rustc-web) carries its library source, so std can be built for Windows here;
  # rustup has only Linux's std on this machine. The win7 target because the standard
  # windows-gnu std imports bcryptprimitives.dll, which wine 8 lacks (so nothing built that way
  # can be tried here); it runs on Windows 10/11 alike.
  need rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 zip
  local target=x86_64-win7-windows-gnu
  echo "== Windows ($profile) =="
  RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc \
    CARGO_TARGET_X86_64_WIN7_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    CC_x86_64_win7_windows_gnu=x86_64-w64-mingw32-gcc \
    AR_x86_64_win7_windows_gnu=x86_64-w64-mingw32-ar \
    WINDRES=x86_64-w64-mingw32-windres \
    CARGO_TARGET_DIR="$root/target/windows" \
    /usr/bin/cargo build --locked "${cargo_profile[@]}" --target "$target" \
    -Zbuild-std=std,panic_abort
  local exe=$root/target/windows/$target/$profile/dangshi-quiz.exe
  local name="党史知识竞赛-$version-windows-x64"
  local stage
  stage=$(mktemp -d)
  mkdir -p "$stage/$name/data" "$stage/$name/示例"
  cp "$exe" "$stage/$name/党史知识竞赛.exe"
  x86_64-w64-mingw32-strip "$stage/$name/党史知识竞赛.exe"
  # Notepad on older Windows reads UTF-8 only with a BOM, and wants CRLF.
  { printf '\xEF\xBB\xBF'; sed 's/\r\?$/\r/' packaging/使用说明.txt; } >"$stage/$name/使用说明.txt"
  cp samples/参加人员示例.csv "$stage/$name/示例/"
  cp competitions/示例竞赛.ron "$stage/$name/示例/"
  mkdir -p "$stage/$name/许可"
  cp assets/fonts/OFL.txt "$stage/$name/许可/字体-OFL.txt"
  rm -f "$dist/$name.zip"
  (cd "$stage" && zip -q -r -X "$dist/$name.zip" "$name")
  rm -rf "$stage"
  echo "$dist/$name.zip"
}

deb() {
  need dpkg-dev desktop-file-utils
  echo "== .deb ($profile) =="
  cargo build --locked "${cargo_profile[@]}"
  local bin=$root/target/$profile/dangshi-quiz
  local stage
  stage=$(mktemp -d)
  local pkg=$stage/pkg
  install -D -m 755 "$bin" "$pkg/usr/bin/dangshi-quiz"
  strip "$pkg/usr/bin/dangshi-quiz"
  install -D -m 644 packaging/dangshi-quiz.desktop "$pkg/usr/share/applications/dangshi-quiz.desktop"
  desktop-file-validate "$pkg/usr/share/applications/dangshi-quiz.desktop"
  for size in 16 24 32 48 64 128 256 512; do
    install -D -m 644 "assets/icons/icon-$size.png" \
      "$pkg/usr/share/icons/hicolor/${size}x${size}/apps/dangshi-quiz.png"
  done
  install -D -m 644 assets/icons/icon.svg "$pkg/usr/share/icons/hicolor/scalable/apps/dangshi-quiz.svg"
  install -D -m 644 samples/参加人员示例.csv "$pkg/usr/share/doc/dangshi-quiz/examples/参加人员示例.csv"
  install -D -m 644 competitions/示例竞赛.ron "$pkg/usr/share/doc/dangshi-quiz/examples/示例竞赛.ron"
  install -D -m 644 assets/fonts/OFL.txt "$pkg/usr/share/doc/dangshi-quiz/font-OFL.txt"
  cat >"$pkg/usr/share/doc/dangshi-quiz/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: dangshi-quiz

Files: *
License: MIT or Apache-2.0

Files: font
Comment: Noto Sans CJK SC subset, embedded in /usr/bin/dangshi-quiz
License: OFL-1.1 (see font-OFL.txt)
EOF
  # What the binary links is found by dpkg-shlibdeps; what it loads at run time (the window
  # system, OpenGL, fonts, sound) is named by hand, since no linker records it.
  mkdir -p "$stage/debian"
  printf 'Source: dangshi-quiz\n\nPackage: dangshi-quiz\nArchitecture: amd64\n' >"$stage/debian/control"
  local linked
  linked=$(cd "$stage" && dpkg-shlibdeps -O "$pkg/usr/bin/dangshi-quiz" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
  local loaded="libgl1 | libgles2, libegl1, libx11-6, libxcursor1, libxrandr2, libxi6, libxkbcommon-x11-0, libxkbcommon0, libwayland-client0, libwayland-cursor0, libwayland-egl1, libfontconfig1, libasound2"
  local size
  size=$(du -sk "$pkg" | cut -f1)
  mkdir -p "$pkg/DEBIAN"
  cat >"$pkg/DEBIAN/control" <<EOF
Package: dangshi-quiz
Version: $version
Architecture: amd64
Maintainer: dangshi-quiz <dangshi-quiz@localhost>
Installed-Size: $size
Depends: ${linked:+$linked, }$loaded
Recommends: fonts-noto-cjk | fonts-wqy-microhei
Section: education
Priority: optional
Description: 党史知识竞赛：题库、自主练习、模拟考试与现场知识竞赛
 离线使用的党史学习教育桌面程序：内置题库，每日学习、错题本、模拟考试，
 会议室现场竞赛（抢答、必答、风险题、计分大屏），成绩存于本机 SQLite，
 可导出 Excel。
EOF
  local out=$dist/dangshi-quiz_${version}_amd64.deb
  dpkg-deb --root-owner-group -Zxz --build "$pkg" "$out" >/dev/null
  rm -rf "$stage"
  echo "$out"
}

case "$only" in
  windows) windows ;;
  deb) deb ;;
  "") windows; deb ;;
  *) echo "--only 只能是 windows 或 deb" >&2; exit 2 ;;
esac
