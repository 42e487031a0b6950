#!/usr/bin/env bash
# The whole test suite, as CI runs it: everything in embedded mode (SQLite, local files,
# in-process workers; the queue contract also runs against the local PostgreSQL), then the
# HTTP tests again in distributed mode (PostgreSQL with Procrastinate workers, and an S3
# server the tests start on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh test

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "== starting the local PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

echo "== embedded mode: all tests"
.venv/bin/python -m pytest "$@"

echo "== distributed mode: HTTP tests against PostgreSQL + Procrastinate + S3"
SHOPREEL_TEST_MODE=distributed .venv/bin/python -m pytest tests/e2e tests/store "$@"
