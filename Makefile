# The two commands of the README's quick start: `make serve` and `make test`.
# Each installs what it needs first (scripts/setup.sh), so both work on a fresh machine.
.PHONY: setup serve test bench clean

setup:
	./scripts/setup.sh

serve: setup
	.venv/bin/shopreel serve

test:
	./scripts/test.sh

# Every benchmark, one table each (scripts/bench.sh installs what they need).
bench:
	./scripts/bench.sh

clean:
	rm -rf .venv .pytest_cache build src/*.egg-info
