"""Who may see and do what; every surface calls these before touching a record."""

from __future__ import annotations

from sqlmodel import Session

from assistant.index.access import ARENA, ORG_PREFIX, Viewer, check_visibility, org_tag
from assistant.registry.errors import InvalidInputError, PermissionDeniedError
from assistant.registry.models import Activity, Declaration, Organisation, Person, Role


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


def viewer_for(session: Session, user: Person | None) -> Viewer:
    """The knowledge a person may read: coordinators everything; others the arena's documents
    and their own organisation's, whatever name, alias or number a document was tagged with.

    None is someone not signed in, which only happens where login is off.
    """
    if user is None:
        return Viewer.anonymous()
    if not user.active:
        raise PermissionDeniedError(f"{user.email} is deactivated")
    if is_coordinator(user):
        return Viewer.everything(user.email)
    names: list[str] = []
    if user.organisation_id is not None:
        organisation = session.get(Organisation, user.organisation_id)
        if organisation is not None:
            names = [organisation.name, *organisation.aliases]
            if organisation.org_number:
                names.append(organisation.org_number)
    return Viewer.member(user.email, names)


def visibility_tag(session: Session, value: str) -> str:
    """The tag to ingest a document with: 'arena', or 'org:NAME' for a registry organisation.

    NAME may be the organisation's name, alias or number; the tag records its registered name.
    An organisation the registry does not know is refused: nobody could read its documents.
    """
    from assistant.registry.organisations import resolve_organisation

    tag = check_visibility(value)
    if not tag.startswith(ORG_PREFIX):
        return tag
    organisation = resolve_organisation(session=session, reference=tag.removeprefix(ORG_PREFIX))
    return org_tag(organisation.name)


# What an uploader may choose: the whole arena, their own organisation, or (coordinators) a
# named one as 'org:NAME'.
UPLOAD_ARENA = ARENA
UPLOAD_OWN = "organisation"


def upload_visibility(session: Session, user: Person, choice: str) -> str:
    """The visibility tag for documents `user` uploads, for the readers `choice` names.

    Facilitators and coordinators upload for the whole arena or their own organisation;
    partners only for their own organisation; only coordinators name another organisation.
    """
    if not user.active:
        raise PermissionDeniedError(f"{user.email} is deactivated")
    choice = choice.strip()
    if not choice:
        raise InvalidInputError("Choose who may see the document: the arena or an organisation")
    if choice == UPLOAD_ARENA:
        if user.role == Role.partner:
            raise PermissionDeniedError(
                "Partners upload for their own organisation only, not for the whole arena"
            )
        return ARENA
    own = session.get(Organisation, user.organisation_id) if user.organisation_id else None
    if choice == UPLOAD_OWN:
        if own is None:
            raise PermissionDeniedError(
                f"{user.email} belongs to no organisation in the registry: "
                "ask a coordinator to add you to one"
            )
        return org_tag(own.name)
    tag = visibility_tag(session, choice if choice.startswith(ORG_PREFIX) else org_tag(choice))
    if is_coordinator(user) or (own is not None and tag == org_tag(own.name)):
        return tag
    raise PermissionDeniedError("Only coordinators upload for another organisation")


def viewer_for_email(session: Session, email: str | None) -> Viewer:
    """The viewer of a signed-in user by e-mail; None (no sign-in) reads arena documents only."""
    from assistant.registry.people import get_person_by_email

    if email is None:
        return Viewer.anonymous()
    return viewer_for(session, get_person_by_email(session=session, email=email))
