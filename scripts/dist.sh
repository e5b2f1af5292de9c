#!/usr/bin/env bash
# Builds what users download, into dist/ (git-ignored):
#   党史知识竞赛-<version>-windows-x64.zip   portable Windows 10/11 program (no installer)
#   dangshi-quiz_<version>_amd64.deb         统信UOS / 麒麟 / Debian / Ubuntu package
#   dangshi-quiz_<version>_arm64.deb         the same for 飞腾/鲲鹏 (only with --only deb-arm64)
# Run from anywhere on a Debian-based machine; it installs what it needs with apt (sudo when not
# root). Options:
#   --only windows|deb|deb-arm64   build one of them (arm64 is cross-built and tried under qemu)
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
  need rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 python3
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
  # The commands as a console program: cmd and PowerShell wait for it and keep its exit code.
  cp "$(dirname "$exe")/dangshi-quiz-cli.exe" "$stage/$name/党史知识竞赛-命令行.exe"
  x86_64-w64-mingw32-strip "$stage/$name/党史知识竞赛.exe" "$stage/$name/党史知识竞赛-命令行.exe"
  # Notepad on older Windows reads UTF-8 only with a BOM, and wants CRLF.
  { printf '\xEF\xBB\xBF'; sed 's/\r\?$/\r/' packaging/使用说明.txt; } >"$stage/$name/使用说明.txt"
  cp samples/参加人员示例.csv "$stage/$name/示例/"
  cp competitions/示例竞赛.ron "$stage/$name/示例/"
  mkdir -p "$stage/$name/许可"
  cp assets/fonts/OFL.txt "$stage/$name/许可/字体-OFL.txt"
  rm -f "$dist/$name.zip"
  # Python's zipfile marks non-ASCII names as UTF-8 (flag bit 11), which Windows' own unzip
  # honours; Info-ZIP's zip leaves the flag off, and a Chinese Windows then reads the names as
  # GBK and shows them garbled.
  python3 - "$stage" "$name" "$dist/$name.zip" <<'PY'
import os, sys, zipfile
stage, name, out = sys.argv[1:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for folder, subfolders, files in os.walk(os.path.join(stage, name)):
        subfolders.sort()
        inside = os.path.relpath(folder, stage)
        z.write(folder, inside + "/")  # folders too, so the empty data\ is there
        for file in sorted(files):
            z.write(os.path.join(folder, file), os.path.join(inside, file))
PY
  rm -rf "$stage"
  echo "$dist/$name.zip"
}

# The arm64 binary: Debian's Rust builds std for aarch64 from its source, as for Windows, and
# gcc-aarch64-linux-gnu links it (nothing else is needed: fonts, sound and the window system are
# loaded at run time). Its `check` runs under qemu-user before it is packaged.
arm64_binary() {
  need rustc-web cargo-web rust-web-src gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user >&2
  local target=aarch64-unknown-linux-gnu
  RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc \
    CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
    CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc \
    AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar \
    CARGO_TARGET_DIR="$root/target/arm64" \
    /usr/bin/cargo build --locked "${cargo_profile[@]}" --target "$target" -Zbuild-std=std,panic_abort >&2
  local bin=$root/target/arm64/$target/$profile/dangshi-quiz
  qemu-aarch64 -L /usr/aarch64-linux-gnu "$bin" check questions/00-示例题库.ron >&2
  echo "$bin"
}

# The .deb for `arch` (amd64 or arm64).
deb() {
  local arch=${1:-amd64}
  need dpkg-dev desktop-file-utils
  echo "== .deb $arch ($profile) =="
  local bin strip=strip
  if [ "$arch" = arm64 ]; then
    bin=$(arm64_binary)
    strip=aarch64-linux-gnu-strip
  else
    cargo build --locked "${cargo_profile[@]}"
    bin=$root/target/$profile/dangshi-quiz
  fi
  local stage
  stage=$(mktemp -d)
  local pkg=$stage/pkg
  install -D -m 755 "$bin" "$pkg/usr/bin/dangshi-quiz"
  "$strip" "$pkg/usr/bin/dangshi-quiz"
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
  local linked
  if [ "$arch" = amd64 ]; then
    mkdir -p "$stage/debian"
    printf 'Source: dangshi-quiz\n\nPackage: dangshi-quiz\nArchitecture: amd64\n' >"$stage/debian/control"
    linked=$(cd "$stage" && dpkg-shlibdeps -O "$pkg/usr/bin/dangshi-quiz" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
  else
    # dpkg-shlibdeps knows only the machine's own architecture: the newest glibc symbol the
    # binary uses gives the same bound.
    local glibc
    glibc=$(aarch64-linux-gnu-objdump -T "$pkg/usr/bin/dangshi-quiz" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1)
    linked="libc6 (>= $glibc), libgcc-s1 (>= 4.2)"
  fi
  local loaded="libgl1 | libgles2, libegl1, libx11-6, libxcursor1, libxrandr2, libxi6, libxkbcommon-x11-0, libxkbcommon0, libwayland-client0, libwayland-cursor0, libwayland-egl1, libfontconfig1, libasound2"
  local size
  size=$(du -sk "$pkg" | cut -f1)
  mkdir -p "$pkg/DEBIAN"
  cat >"$pkg/DEBIAN/control" <<EOF
Package: dangshi-quiz
Version: $version
Architecture: $arch
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
  local out=$dist/dangshi-quiz_${version}_${arch}.deb
  dpkg-deb --root-owner-group -Zxz --build "$pkg" "$out" >/dev/null
  rm -rf "$stage"
  echo "$out"
}

case "$only" in
  windows) windows ;;
  deb) deb amd64 ;;
  deb-arm64) deb arm64 ;;
  "") windows; deb amd64 ;;
  *) echo "--only 只能是 windows、deb 或 deb-arm64" >&2; exit 2 ;;
esac
