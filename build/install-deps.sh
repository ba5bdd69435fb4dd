#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine with the .NET SDK lacks for ScaleFL:
# a font for the plots,
# the Fashion-MNIST dataset package and the tools of the TorchSharp native fix-up.
# Does nothing when everything is already there.
set -euo pipefail

need=()
command -v g++ >/dev/null || need+=(g++)
command -v patchelf >/dev/null || need+=(patchelf)
command -v python3 >/dev/null || need+=(python3)
command -v readelf >/dev/null || need+=(binutils)
[ -d /usr/share/datasets/fashion-mnist ] || need+=(dataset-fashion-mnist)
# Plot labels (scalefl compare) are drawn with a system font; SkiaSharp ships no font of its own.
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
((${#need[@]})) || exit 0

sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
echo "install-deps: installing ${need[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
