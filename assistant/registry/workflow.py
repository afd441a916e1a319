"""The declaration workflow: which step is allowed from which status, and where it leads."""

from __future__ import annotations

from enum import StrEnum

from assistant.registry.errors import TransitionError
from assistant.registry.models import Status


class Step(StrEnum):
    submit = "submit"
    approve = "approve"
    return_ = "return"
    change = "change"
    expire = "expire"
    withdraw = "withdraw"


OPEN_STATUSES = frozenset(
    {
        Status.draft,
        Status.submitted,
        Status.returned,
        Status.resubmitted,
        Status.approved,
        Status.update_required,
    }
)
UNDER_REVIEW = frozenset({Status.submitted, Status.resubmitted})

TRANSITIONS: dict[tuple[Step, Status], Status] = {
    (Step.submit, Status.draft): Status.submitted,
    (Step.submit, Status.returned): Status.resubmitted,
    (Step.submit, Status.update_required): Status.resubmitted,
    (Step.approve, Status.submitted): Status.approved,
    (Step.approve, Status.resubmitted): Status.approved,
    (Step.return_, Status.submitted): Status.returned,
    (Step.return_, Status.resubmitted): Status.returned,
    # Editing a draft or a returned declaration keeps its status; editing an approved one
    # means the approval no longer covers what is declared.
    (Step.change, Status.draft): Status.draft,
    (Step.change, Status.returned): Status.returned,
    (Step.change, Status.update_required): Status.update_required,
    (Step.change, Status.approved): Status.update_required,
    (Step.expire, Status.approved): Status.expired,
    (Step.expire, Status.update_required): Status.expired,
    **{(Step.withdraw, status): Status.withdrawn for status in OPEN_STATUSES},
}


def allowed_steps(status: Status | str) -> list[str]:
    return [step.value for (step, source) in TRANSITIONS if source == status]


def next_status(status: Status | str, step: Step, declaration_id: int | None = None) -> Status:
    """The status after `step`, or a TransitionError that names what is allowed instead."""
    try:
        return TRANSITIONS[(step, Status(status))]
    except KeyError:
        allowed = ", ".join(allowed_steps(status)) or "nothing (it is closed)"
        which = f"Declaration {declaration_id}" if declaration_id else "The declaration"
        raise TransitionError(
            f"{which} is {Status(status).value}: cannot {step.value} it (allowed: {allowed})"
        ) from None
