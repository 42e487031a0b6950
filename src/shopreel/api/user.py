"""User section: the credit balance."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from shopreel.api.deps import RuntimeDep, UserDep
from shopreel.api.envelope import ok
from shopreel.api.openapi import Envelope
from shopreel.api.results import CreditDetail

__all__ = ["router", "UNLIMITED_CREDIT"]

router = APIRouter(tags=["User"])

#: ``remainCredit`` while credits are off. Clients compare the balance to a task's cost
#: before submitting (``remainCredit >= cost``): a number lets them go on, where null would
#: raise in Python and count as 0 in JavaScript. The all-nines value is the usual way to say
#: "unlimited" in a number field, and ``unlimited: true`` says it outright.
UNLIMITED_CREDIT = 999_999_999.0


@router.get("/user/credit/detail", summary="Query user credit", response_model=Envelope[CreditDetail])
def credit_detail(user: UserDep, runtime: RuntimeDep) -> JSONResponse:
    """``{uid, remainCredit, expiredTime, apiKeyMap, creditsEnabled, unlimited}``. With
    credits on, ``remainCredit`` is the balance submits are charged from. With credits off
    (the default) nothing is charged (every ``costCredit`` is 0), so the balance is
    unlimited: ``remainCredit`` is the sentinel 999999999, ``unlimited: true`` and
    ``creditsEnabled: false``. Credits never expire (``expiredTime`` null) and ``apiKeyMap``
    is empty (no charges per key to list)."""
    enabled = runtime.settings.credits_enabled
    remain = float(runtime.tasks.credits.balance(user.uid)) if enabled else UNLIMITED_CREDIT
    return ok(
        {"uid": user.uid, "remainCredit": remain, "expiredTime": None, "apiKeyMap": {},
         "creditsEnabled": enabled, "unlimited": not enabled},
        message="Success" if enabled else "Success: credits are off on this server, the balance is unlimited",
    )
