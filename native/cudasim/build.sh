#!/usr/bin/env bash
# Builds the CUDA simulator (see sim.h) into OUTDIR: libcudasim.so, with the names JCuda's natives look for as
# links to it (libcuda.so.1, and libcublas.so.13 / libcusparse.so.13 for the CUDA 13 shim, which it also builds:
# JCuda's cuBLAS and cuSPARSE natives bind to the .so.12 names). Then, with OUTDIR first on LD_LIBRARY_PATH, a JVM
# runs the project's CudaBackend on the CPU. Needs g++ (C++17), gcc, objdump and unzip.
#
# Usage: native/cudasim/build.sh OUTDIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: native/cudasim/build.sh OUTDIR}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
g++ -std=c++17 -O2 -g -fPIC -shared -fvisibility=hidden -Wall -Wno-unused-function -Wno-sign-compare \
  -o "$out/libcudasim.so" -Wl,-soname,libcudasim.so "$here/driver.cpp" "$here/libs.cpp"
ln -sf libcudasim.so "$out/libcuda.so.1"
ln -sf libcudasim.so "$out/libcublas.so.13"
ln -sf libcudasim.so "$out/libcusparse.so.13"
"$here/../build-cuda13-shim.sh" "$out" >&2
echo "cudasim: built $out (put it first on LD_LIBRARY_PATH)" >&2
