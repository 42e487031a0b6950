#!/usr/bin/env bash
# Every benchmark, one table each: `make bench`, or `./scripts/bench.sh api m2v` for some.
# Installs what they need first: the test extra (the benchmarks build their inputs with the
# tests' helpers and scikit-image's photos), `wrk` for bench/api.py where apt can install it,
# and the local PostgreSQL running for bench/scale.py. bench/compose_vs_mpt.py makes its own
# virtualenv for MoneyPrinterTurbo (bench/.mpt-venv) from PyPI on first use.
# A benchmark that fails is reported and the rest still run; the exit status says if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh test || exit 1

all=(api scale image video speech m2v engines compose_vs_mpt)
chosen=("$@")
((${#chosen[@]})) || chosen=("${all[@]}")
for name in "${chosen[@]}"; do
  [ -f "bench/$name.py" ] || { echo "bench: no benchmark named $name (have: ${all[*]})"; exit 2; }
done

if [[ " ${chosen[*]} " == *" api "* ]] && ! command -v wrk >/dev/null; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo -n"
  echo "bench: installing wrk (bench/api.py's load generator)"
  { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk; } >/dev/null 2>&1 \
    || echo "bench: could not install wrk; bench/api.py falls back to its Python client"
fi
if [[ " ${chosen[*]} " == *" scale "* ]] && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "bench: starting the local PostgreSQL (bench/scale.py)"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

failed=()
for name in "${chosen[@]}"; do
  echo
  echo "== bench/$name.py"
  # The engines log model loading (MediaPipe, TensorFlow Lite) on stderr: only the tables go to stdout.
  if ! .venv/bin/python "bench/$name.py" 2> >(grep -v -E '^(W|I)0000 |XNNPACK|absl::' >&2); then
    failed+=("$name")
    echo "bench: bench/$name.py failed"
  fi
done
if ((${#failed[@]})); then
  echo
  echo "bench: failed: ${failed[*]}"
  exit 1
fi
