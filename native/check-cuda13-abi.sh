#!/usr/bin/env bash
# Checks that the CUDA 13 shim (build-cuda13-shim.sh) may forward cuBLAS calls untouched: that no cuBLAS or cuSPARSE
# function JCuda 12.6's natives import changed its signature between CUDA 12.6 and CUDA 13.1, and that no cuBLAS or
# cuSPARSE constant changed its value. No CUDA headers are needed: the declarations are read from JavaCPP's presets
# (org.bytedeco:cuda on Maven Central, Java classes generated from each CUDA release's headers), 12.6-9.5-1.5.11
# against 13.1-9.19-1.5.13, with javap. JavaCPP leaves some functions out (cuSPARSE's generic API among them); those
# are counted as "not in the presets", not as checked. No artifact on Maven Central carries the CUDA headers, so the
# generic API the SpMM path calls was compared by hand in the 12.6.3 and 13.0.0 headers (docs/gpu.md, "CUDA 13 systems").
#
# Usage: native/check-cuda13-abi.sh            (needs mvn with access to Maven Central, javap, objdump, unzip)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
m2="${M2_REPO:-$HOME/.m2/repository}"
old_v="12.6-9.5-1.5.11"
new_v="13.1-9.19-1.5.13"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

declarations() { # version, library (cublas|cusparse) -> one sorted line per declaration
  local jar="$m2/org/bytedeco/cuda/$1/cuda-$1.jar"
  [[ -f "$jar" ]] || mvn -q -B dependency:get -Dartifact="org.bytedeco:cuda:$1" -Dtransitive=false >&2
  javap -constants -cp "$jar" "org.bytedeco.cuda.global.$2" | sed 's/^ *//' | sort -u
}

imports() { # JCuda artifact, JNI library, soname -> the function names the natives import from it
  local jar
  jar="$(ls "$m2"/org/jcuda/"$1"-natives/12.6.0/"$1"-natives-12.6.0-linux-x86_64.jar 2>/dev/null | head -1 || true)"
  [[ -n "$jar" ]] || { echo "check-cuda13-abi: no $1-natives 12.6.0 jar in $m2 (run mvn package first)" >&2; exit 2; }
  (cd "$work" && unzip -o -q "$jar" "lib/lib$2-*")
  objdump -T "$work"/lib/lib"$2"-*.so | awk -v v="($3)" '$0 ~ /\*UND\*/ && index($0, v) { print $NF }' | sort -u
}

status=0
for lib in cublas cusparse; do
  declarations "$old_v" "$lib" > "$work/$lib.old"
  declarations "$new_v" "$lib" > "$work/$lib.new"
  case "$lib" in
    cublas) imports jcublas JCublas2 libcublas.so.12 > "$work/$lib.imports" ;;
    cusparse) imports jcusparse JCusparse libcusparse.so.12 > "$work/$lib.imports" ;;
  esac
  same=0 changed=0 absent=0
  while read -r f; do
    grep -F " $f(" "$work/$lib.old" > "$work/o" || true
    grep -F " $f(" "$work/$lib.new" > "$work/n" || true
    if [[ ! -s "$work/o" ]]; then
      absent=$((absent + 1))
    elif cmp -s "$work/o" "$work/n"; then
      same=$((same + 1))
    else
      changed=$((changed + 1))
      echo "check-cuda13-abi: $f differs between CUDA 12.6 and 13.1:" >&2
      diff "$work/o" "$work/n" >&2 || true
    fi
  done < "$work/$lib.imports"
  # constants whose value changed (present in both under the same name), leaving out version numbers and the
  # cuBLASLt enumerations' end markers
  consts="$(join -t= -j1 \
      <(grep 'static final int' "$work/$lib.old" | sed -E 's/.* int ([A-Za-z0-9_]+) = (.*);/\1=\2/' | sort -t= -k1,1) \
      <(grep 'static final int' "$work/$lib.new" | sed -E 's/.* int ([A-Za-z0-9_]+) = (.*);/\1=\2/' | sort -t= -k1,1) \
    | awk -F= '$2 != $3 && $1 !~ /VER(SION|_)/ && $1 !~ /_END$/ { print $1 ": " $2 " -> " $3 }')"
  n_imports="$(wc -l < "$work/$lib.imports")"
  echo "check-cuda13-abi: $lib: $n_imports functions imported by JCuda's natives; $same declared alike in 12.6 and" \
    "13.1, $changed changed, $absent not in the presets" >&2
  if [[ -n "$consts" ]]; then
    echo "check-cuda13-abi: $lib constants that changed value:" >&2
    echo "$consts" >&2
    status=1
  fi
  (( changed == 0 )) || status=1
done
if (( status == 0 )); then
  echo "check-cuda13-abi: passed" >&2
fi
exit "$status"
