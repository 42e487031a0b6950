"""Per-user credit balances: charged when a task is submitted, given back when it fails,
granted (or taken back) by the operator.

Every change is one conditional ``UPDATE`` of the user's row, so concurrent submits can
never spend more than the balance: PostgreSQL re-checks the condition on the row it waited
for, and SQLite writers run one at a time. A balance that was never charged or granted is
NULL in the table and counts as ``initial_balance`` (a setting), so users made before
credits were turned on, or by any path that creates users, start from it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from shopreel.errors import BadRequest, InsufficientCredit, NotFound
from shopreel.store.db import Database
from shopreel.store.models import User

__all__ = ["Credits"]


@dataclass(frozen=True)
class Credits:
    """The balances in ``db``, where an untouched balance is ``initial_balance``."""

    db: Database
    initial_balance: int

    def _current(self) -> Any:
        return func.coalesce(User.credit_balance, self.initial_balance)

    def balance(self, uid: str) -> int:
        """``uid``'s credits; NotFound for an unknown user."""
        with self.db.reader() as session:
            value = session.scalar(select(self._current()).where(User.uid == uid))
        if value is None:
            raise NotFound(f"no user {uid}")
        return int(value)

    def grant(self, uid: str, amount: int) -> int:
        """Add ``amount`` (negative: take back) to ``uid``'s balance; returns the new one.
        Taking back more than is left is refused, so a balance never goes below zero."""
        with self.db.session() as session:
            new = session.scalar(
                update(User)
                .where(User.uid == uid, self._current() + amount >= 0)
                .values(credit_balance=self._current() + amount)
                .returning(User.credit_balance)
                .execution_options(synchronize_session=False)
            )
        if new is None:
            left = self.balance(uid)  # NotFound for an unknown user
            raise BadRequest(f"user {uid} has {left} credits; cannot take back {-amount}")
        return int(new)

    def charge(self, session: Session, uid: str, cost: int) -> None:
        """Take ``cost`` from ``uid``'s balance in ``session``'s transaction, or raise
        InsufficientCredit (4100) saying what the task costs and what is left."""
        charged = session.execute(
            update(User)
            .where(User.uid == uid, self._current() >= cost)
            .values(credit_balance=self._current() - cost)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not charged:
            left = int(session.scalar(select(self._current()).where(User.uid == uid)) or 0)
            raise InsufficientCredit(
                f"Credit not enough: this task costs {cost} credits and your balance is {left}; "
                "ask the server's operator for more credits"
            )

    def refund(self, session: Session, uid: str, amount: int) -> None:
        """Give ``amount`` back to ``uid`` in ``session``'s transaction (a failed task's charge)."""
        session.execute(
            update(User).where(User.uid == uid).values(credit_balance=self._current() + amount)
            .execution_options(synchronize_session=False)
        )
