#!/usr/bin/env bash
# Compiles native/cpu/sandwich_cpu.c, the CPU backend's native kernels (io.sandwich.backend.cpu.CpuNative), into a
# shared library for Linux on x86-64. -ffp-contract=off and -fno-math-errno keep each operation rounded as the Java
# kernels round it (no fused multiply-adds, sqrtf as the IEEE instruction); CpuNativeTest checks the bits.
# Usage: native/build-cpu.sh [--optional] OUTPUT
#   --optional: without gcc or the JDK's JNI headers, or on another platform, say so and exit 0 (the Maven build
#   calls it so; the backend then runs its Java kernels, to the same bits)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
optional=0
if [[ "${1:-}" == "--optional" ]]; then
  optional=1
  shift
fi
out="${1:?usage: native/build-cpu.sh [--optional] OUTPUT}"
skip() {
  echo "build-cpu: $1; the CPU backend runs its Java kernels instead" >&2
  exit $(( optional ? 0 : 3 ))
}
[[ "$(uname -s)/$(uname -m)" == "Linux/x86_64" ]] || skip "not Linux on x86-64"
cc="${CC:-gcc}"
command -v "$cc" >/dev/null || skip "$cc not found"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")}"
[[ -f "$java_home/include/jni.h" ]] || skip "no jni.h under $java_home/include (set JAVA_HOME to a JDK)"
mkdir -p "$(dirname "$out")"
"$cc" -O3 -ffp-contract=off -fno-math-errno -fPIC -shared -Wall -Wextra -Werror \
  -I"$java_home/include" -I"$java_home/include/linux" -o "$out.tmp" "$root/native/cpu/sandwich_cpu.c" -lm
mv "$out.tmp" "$out"
echo "build-cpu: wrote $out" >&2
