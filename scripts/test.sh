#!/usr/bin/env bash
# The test command of the README: installs the tools some tests use to check their output with real
# programs (what a fresh Debian, 统信UOS or 麒麟 lacks), then runs every test.
# Building itself needs no system package: fontconfig and ALSA are loaded at run time.
set -euo pipefail
cd "$(dirname "$0")/.."

needed=()
missing=()
for pkg in "${needed[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "缺少测试用的程序 ${missing[*]}，且本机没有 apt-get：请用系统的包管理器安装后再运行。" >&2
    exit 1
  fi
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    echo "测试需要安装 ${missing[*]}（用来检查打印的 PDF 等），需要管理员权限，下面会用 sudo：" >&2
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

exec cargo test --locked "$@"
