"""User section: the credit balance, answered while credits are off."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from shopreel.api.deps import UserDep
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
def credit_detail(user: UserDep) -> JSONResponse:
    """``{uid, remainCredit, expiredTime, apiKeyMap, creditsEnabled, unlimited}``. Credits
    are off on ShopReel: nothing is charged (every ``costCredit`` is 0), so the balance is
    unlimited: ``remainCredit`` is the sentinel 999999999, ``unlimited: true``,
    ``creditsEnabled: false``, ``expiredTime`` null (it never expires) and ``apiKeyMap``
    empty (no charges to list)."""
    return ok(
        {"uid": user.uid, "remainCredit": UNLIMITED_CREDIT, "expiredTime": None, "apiKeyMap": {},
         "creditsEnabled": False, "unlimited": True},
        message="Success: credits are off on this server, the balance is unlimited",
    )
