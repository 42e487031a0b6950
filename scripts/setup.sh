#!/usr/bin/env bash
# Installs everything ShopReel needs on a fresh Debian/Ubuntu machine with Python 3.11:
# system fonts for captions, then a virtual environment in .venv with the package and its extras.
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"

system_packages=(fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji)
# The Studio's browser tests drive Debian's Chromium (never a browser download).
if [[ ",$extras," == *",test,"* ]]; then system_packages+=(chromium); fi
missing=()
for p in "${system_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "setup: installing system packages: ${missing[*]}"
  # Wait for another apt (an unattended upgrade, a second set-up) rather than fail on its lock.
  $sudo_cmd apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$python" -m venv .venv
fi
stamp=".venv/.installed${extras:+-$extras}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing Python packages${extras:+ with [$extras]}"
  .venv/bin/python -m pip install -q --upgrade pip
  packages="$extras"
  if [[ ",$extras," == *",test,"* ]]; then
    # The neural engines' tests (tests/engines/test_neural.py) need the gpu extra. Test machines
    # have no GPU: torch is its CPU build, installed first so the extra's torch>=2.4 is already met
    # and pip never pulls the CUDA build (gigabytes). The CPU build is a local version (+cpu) that
    # PyPI does not carry, only PyTorch's own index or a local wheel folder (pip's find-links), hence
    # the exact pin: one build on every test machine.
    .venv/bin/python -m pip install -q "torch==2.13.0+cpu" 2>/dev/null \
      || .venv/bin/python -m pip install -q "torch==2.13.0+cpu" --index-url "${TORCH_CPU_INDEX:-https://download.pytorch.org/whl/cpu}"
    packages="$extras,gpu"
  fi
  .venv/bin/python -m pip install -q -e ".${packages:+[$packages]}"
  # The last MediaPipe wheel that ships its .tflite models; see pyproject.toml for why --no-deps.
  .venv/bin/python -m pip install -q --no-deps "mediapipe==0.10.21"
  touch "$stamp"
fi
