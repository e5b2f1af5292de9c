#!/usr/bin/env bash
# Checks the README's two commands the honest way: in a fresh Debian 12 (debootstrap, minbase) that
# has only a Rust toolchain (and gcc, its linker), `scripts/test.sh` passes, and `cargo run
# --release` builds and opens the window under Xvfb. Run as root on a Debian machine:
#   scripts/fresh-debian-check.sh [folder]      (default /var/tmp/dq-debian12; about 40 min on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
project=$(pwd)
root=${1:-/var/tmp/dq-debian12}
shot=${SHOT:-$project/target/fresh-debian-window.png}

command -v debootstrap >/dev/null || { apt-get update; apt-get install -y debootstrap; }
if [ ! -x "$root/usr/bin/apt-get" ]; then
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
fi
cleanup() { umount -l "$root/proc" "$root/dev" 2>/dev/null || true; }
trap cleanup EXIT
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
cp /etc/resolv.conf "$root/etc/resolv.conf"

in_root() { chroot "$root" /usr/bin/env -i HOME=/root PATH=/root/.cargo/bin:/usr/bin:/bin:/usr/sbin:/sbin "$@"; }

# What "only Rust" means on Debian: rustup's toolchain and the C compiler it links with.
in_root apt-get update
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  gcc libc6-dev ca-certificates git sudo
# The machine's own certificate authorities (a network that inspects TLS has one): a fresh machine
# of this kind trusts them, so the chroot does too, or cargo cannot reach crates.io.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  in_root update-ca-certificates >/dev/null
fi
# A fresh machine would run rustup-init here; this machine's toolchain is copied in instead, as
# no other can be fetched on it.
mkdir -p "$root/root"
rm -rf "$root/root/.rustup" "$root/root/.cargo"
cp -a "$HOME/.rustup" "$root/root/.rustup"
mkdir -p "$root/root/.cargo"
cp -a "$HOME/.cargo/bin" "$root/root/.cargo/bin"
rm -rf "$root/root/dangshi-quiz"
git clone -q "$project" "$root/root/dangshi-quiz"

echo "== README test command in a fresh Debian 12 =="
in_root bash -c 'cd /root/dangshi-quiz && scripts/test.sh' 2>&1 | tail -n 40

echo "== README run command under Xvfb =="
# A desktop brings an X server and OpenGL: here Xvfb and Mesa, nothing the build needed.
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  xvfb xdotool x11-apps libgl1 libegl1 libgl1-mesa-dri libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6
in_root bash -c 'cd /root/dangshi-quiz && cargo build --release 2>&1 | tail -n 3'
in_root bash -c '
  Xvfb :77 -screen 0 1366x768x24 >/dev/null 2>&1 & xvfb=$!
  sleep 2
  cd /root/dangshi-quiz
  DISPLAY=:77 LIBGL_ALWAYS_SOFTWARE=1 cargo run --release >/tmp/run.log 2>&1 & app=$!
  for i in $(seq 1 60); do
    if DISPLAY=:77 xdotool search --name "党史知识竞赛" >/dev/null 2>&1; then break; fi
    sleep 1
  done
  sleep 5
  DISPLAY=:77 xdotool search --name "党史知识竞赛" && echo "window is open"
  DISPLAY=:77 xwd -root -silent > /tmp/window.xwd
  kill $app $xvfb 2>/dev/null || true
  cat /tmp/run.log | tail -n 5
'
cp "$root/tmp/window.xwd" "${shot%.png}.xwd"
if command -v convert >/dev/null; then convert "${shot%.png}.xwd" "$shot" && echo "screenshot: $shot"; fi
