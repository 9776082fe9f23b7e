#!/usr/bin/env bash
# Builds the CUDA simulator (see sim.h) into OUTDIR: libcudasim.so, with the names JCuda's natives look for as
# links to it, laid out as CUDA 13 lays out its libraries: libcuda.so.1, libcublas.so.13 (reached through the CUDA 13
# shim, which it also builds, since JCuda's cuBLAS natives bind to libcublas.so.12) and libcusparse.so.12 (CUDA 13
# still ships cuSPARSE 12; its functions are exported under that version node, as JCuda's cuSPARSE natives require).
# Then, with OUTDIR first on LD_LIBRARY_PATH, a JVM runs the project's CudaBackend on the CPU. Needs g++ (C++17),
# gcc, objdump and unzip.
#
# Usage: native/cudasim/build.sh OUTDIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: native/cudasim/build.sh OUTDIR}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
printf 'libcusparse.so.12 {\n  global: cusparse*;\n};\n' > "$out/cusparse.map"
g++ -std=c++17 -O2 -ffp-contract=off -g -fPIC -shared -fvisibility=hidden -Wall -Wno-unused-function -Wno-sign-compare \
  -o "$out/libcudasim.so" -Wl,-soname,libcudasim.so -Wl,--version-script="$out/cusparse.map" \
  "$here/driver.cpp" "$here/libs.cpp"
rm -f "$out/cusparse.map" "$out/libcusparse.so.13"
ln -sf libcudasim.so "$out/libcuda.so.1"
ln -sf libcudasim.so "$out/libcublas.so.13"
ln -sf libcudasim.so "$out/libcusparse.so.12"
"$here/../build-cuda13-shim.sh" "$out" >&2
echo "cudasim: built $out (put it first on LD_LIBRARY_PATH)" >&2
