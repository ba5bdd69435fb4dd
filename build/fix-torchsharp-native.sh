#!/usr/bin/env bash
# Makes TorchSharp 0.107.0's libLibTorchSharp.so load on a libstdc++ older than GCC 13
# (Debian 12, Ubuntu 22.04, JetPack). The library needs GLIBCXX_3.4.32 for exactly one symbol,
# std::ios_base_library_init(); we supply it from a tiny shim and mark the version weak.
# Idempotent, and a no-op where the system libstdc++ already has GLIBCXX_3.4.32.
# Usage: fix-torchsharp-native.sh OUTPUT_DIR
set -euo pipefail

out_dir="$1"
here="$(cd "$(dirname "$0")" && pwd)"
version="GLIBCXX_3.4.32"
symbol="_ZSt21ios_base_library_initv"
shim_name="libscalefl_glibcxx_shim.so"

system_libstdcxx="$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64|libstdc\+\+\.so\.6 .*AArch64/ {print $NF; exit}')"
if [ -z "$system_libstdcxx" ] || grep -qa "$version" "$system_libstdcxx"; then
  exit 0
fi

mapfile -t libraries < <(find "$out_dir" -name libLibTorchSharp.so 2>/dev/null)
for lib in "${libraries[@]}"; do
  dir="$(dirname "$lib")"
  if [ -f "$dir/$shim_name" ] && readelf -d "$lib" | grep -q "$shim_name"; then
    continue
  fi
  for tool in g++ patchelf python3 readelf; do
    command -v "$tool" >/dev/null || { echo "fix-torchsharp-native: '$tool' is required (apt-get install g++ patchelf python3 binutils)" >&2; exit 1; }
  done
  g++ -shared -fPIC -O2 -o "$dir/$shim_name" "$here/glibcxx-shim.cpp"
  patchelf --clear-symbol-version "$symbol" "$lib"
  patchelf --add-needed "$shim_name" "$lib"
  patchelf --set-rpath '$ORIGIN' "$lib"
  python3 "$here/weaken_verneed.py" "$lib" "$version" || true
  echo "fix-torchsharp-native: patched $lib for a libstdc++ without $version"
done
