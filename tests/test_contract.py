"""The OpenAPI document, checked against what the server answers: a bounded property-based
run (schemathesis) over every operation it lists, with a real user's credentials, finds no
server error (HTTP 5xx) and no response that breaks its documented schema (the envelope
with the kind's ``result``, or ``result: null`` with a business code).

Requests go through the ASGI app in process: the same routing, middleware, validation and
handlers as over a socket, without one. No worker runs, so what the fuzzer submits stays
queued; private addresses are refused as in production. ``SHOPREEL_FUZZ_EXAMPLES`` sets the
examples per operation (default 12; the whole run takes about a minute on 2 cores).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from shopreel.api.app import create_app
from shopreel.settings import Settings
from shopreel.store.users import create_user

EXAMPLES = int(os.environ.get("SHOPREEL_FUZZ_EXAMPLES", "12"))

_app = create_app(Settings(data_dir=Path(tempfile.mkdtemp(prefix="shopreel-fuzz-")), workers=0,
                           allow_private_urls=False, log_level="error"), background=False)
_user = create_user(_app.state.runtime.db, name="fuzz")
schema = schemathesis.openapi.from_asgi("/openapi.json", _app)


@pytest.fixture(scope="module", autouse=True)
def _closed_after():
    yield
    _app.state.runtime.close()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_within_its_schema(case):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {_user.api_key}", "Topview-Uid": _user.uid},
        checks=[not_a_server_error, response_schema_conformance],
    )
