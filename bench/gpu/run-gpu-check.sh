#!/usr/bin/env bash
# GPU check of the model runtime, on a GPU machine without Node or network. Prepare on a development machine
# first (node bench/gpu/prepare.mjs writes bench/tmp/gpu-bundle, ~50 MB), carry that folder, then run from the
# repository root:   bash bench/gpu/run-gpu-check.sh
# Results: $OUT/gpu-check.json when OUT is set (the GPU runner's output folder), else bench/results/gpu-check.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUNDLE=bench/tmp/gpu-bundle
[ -f "$BUNDLE/node.xz" ] || { echo "missing $BUNDLE: run 'node bench/gpu/prepare.mjs' on a development machine first" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
unxz() { if command -v xz >/dev/null; then xz -dc "$1"; else python3 -c 'import lzma,sys; sys.stdout.buffer.write(lzma.open(sys.argv[1]).read())' "$1"; fi; }

cp -r "$BUNDLE/node_modules" "$BUNDLE/vulkan" "$BUNDLE/gpu-check.mjs" "$BUNDLE"/*.onnx "$WORK/"
unxz "$BUNDLE/node.xz" > "$WORK/node" && chmod +x "$WORK/node"
unxz "$BUNDLE/inputs.json.xz" > "$WORK/inputs.json"
BIN="$WORK/node_modules/onnxruntime-node/bin/napi-v6/linux/x64"
unxz "$BIN/libonnxruntime.so.1.xz" > "$BIN/libonnxruntime.so.1" && rm "$BIN/libonnxruntime.so.1.xz"
# Optional CUDA provider: drop libonnxruntime_providers_{cuda,shared}.so (matching onnxruntime 1.30) into the bundle's cuda/.
if [ -d "$BUNDLE/cuda" ]; then cp "$BUNDLE"/cuda/*.so "$BIN/"; fi

export LD_LIBRARY_PATH="$WORK/vulkan/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
# The NVIDIA driver's Vulkan ICD manifest: use the standard locations, or point at it when it lives elsewhere.
if [ -z "${VK_ICD_FILENAMES:-}" ]; then
  for f in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.x86_64.json; do
    if [ -f "$f" ]; then export VK_ICD_FILENAMES="$f"; break; fi
  done
fi
if [ -z "${VK_ICD_FILENAMES:-}" ] && lib=$(ldconfig -p 2>/dev/null | awk '/libGLX_nvidia.so.0/{print $NF; exit}') && [ -n "$lib" ]; then
  # Some containers ship the driver library but not its ICD manifest: write one.
  printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3"}}\n' "$lib" > "$WORK/nvidia_icd.json"
  export VK_ICD_FILENAMES="$WORK/nvidia_icd.json"
fi

DEST="${OUT:-bench/results}"
mkdir -p "$DEST"
"$WORK/node" "$WORK/gpu-check.mjs" "$WORK" "$DEST/gpu-check.json"
