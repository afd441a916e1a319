"""Who may see and do what; every surface calls these before touching a record."""

from __future__ import annotations

from assistant.registry.errors import PermissionDeniedError
from assistant.registry.models import Activity, Declaration, Person, Role


def is_coordinator(user: Person) -> bool:
    return user.role == Role.coordinator


def require_role(user: Person, *roles: Role) -> None:
    if user.role not in roles:
        wanted = " or ".join(r.value for r in roles)
        raise PermissionDeniedError(f"This needs the {wanted} role; you are {user.role}")


def require_declaration_access(user: Person, declaration: Declaration) -> None:
    """Coordinators see every declaration; everyone else only their own."""
    if is_coordinator(user) or declaration.person_id == user.id:
        return
    raise PermissionDeniedError(f"Declaration {declaration.id} is not yours")


def require_activity_check(user: Person, activity: Activity) -> None:
    """Conflict checks: coordinators, and the facilitator who runs the activity."""
    if is_coordinator(user):
        return
    if user.role == Role.facilitator and activity.facilitator_id == user.id:
        return
    raise PermissionDeniedError(
        f"Only coordinators and the activity's facilitator may check activity {activity.id}"
    )


def require_self_or_coordinator(user: Person, person_id: int) -> None:
    if is_coordinator(user) or user.id == person_id:
        return
    raise PermissionDeniedError("Only coordinators may act for someone else")
