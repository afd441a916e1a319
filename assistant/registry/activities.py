"""Activities: workshops, challenges and decisions with organisations, people and agenda.

Who creates what: coordinators create activities with any organisations, participants and
facilitator, and add participants later. A facilitator may create an activity that they
facilitate themselves, without participants: only a coordinator names who takes part. That
way nobody but a coordinator can put a person beside organisations of their choosing and
read the check, which would tell, one activity at a time, whom a private interest concerns.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from assistant.registry import access, audit
from assistant.registry.errors import (
    AlreadyExistsError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from assistant.registry.models import (
    Activity,
    ActivityCreate,
    ActivityOrganisation,
    ActivityParticipant,
    ActivityPublic,
    AgendaItem,
    AgendaItemPublic,
    ParticipantIn,
    ParticipantPublic,
    Person,
    Role,
    TopicsAndOrganisationsIn,
)
from assistant.registry.organisations import get_organisation, resolve_organisation
from assistant.registry.people import get_person

FACILITATOR_RULE = (
    "Facilitators create activities they facilitate, without participants; "
    "a coordinator adds the participants"
)


def get_activity(*, session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFoundError(f"No activity with id {activity_id}")
    return activity


def list_activities(*, session: Session) -> list[Activity]:
    return list(session.exec(select(Activity).order_by(col(Activity.id))))


def may_see(*, session: Session, user: Person, activity: Activity) -> bool:
    """Coordinators see every activity; others those they facilitate or take part in."""
    if access.is_coordinator(user) or activity.facilitator_id == user.id:
        return True
    participants = participants_of(session=session, activity_id=activity.id)  # type: ignore[arg-type]
    return any(p.person_id == user.id for p in participants)


def activities_for(*, session: Session, user: Person) -> list[Activity]:
    return [
        a
        for a in list_activities(session=session)
        if may_see(session=session, user=user, activity=a)
    ]


def activity_for(*, session: Session, user: Person, activity_id: int) -> Activity:
    activity = get_activity(session=session, activity_id=activity_id)
    if not may_see(session=session, user=user, activity=activity):
        raise PermissionDeniedError(f"Activity {activity_id} is not yours to see")
    return activity


def create_activity_as(*, session: Session, user: Person, data: ActivityCreate) -> Activity:
    """Create an activity as a signed-in user, under the rule in this module's docstring."""
    access.require_role(user, Role.coordinator, Role.facilitator)
    if user.role == Role.facilitator:
        if data.facilitator_id not in (None, user.id):
            raise PermissionDeniedError(f"{FACILITATOR_RULE}: facilitator_id must be yours")
        if data.participants:
            raise PermissionDeniedError(FACILITATOR_RULE)
        data = data.model_copy(update={"facilitator_id": user.id})
    return create_activity(session=session, data=data, actor=user.email)


def require_participant_admin(user: Person) -> None:
    """Only coordinators name who takes part in an activity (see the module's docstring)."""
    if not access.is_coordinator(user):
        raise PermissionDeniedError(f"Only coordinators add participants. {FACILITATOR_RULE}")


def add_participant_as(
    *, session: Session, user: Person, activity_id: int, data: ParticipantIn
) -> ActivityParticipant:
    """Add a participant as a signed-in user: coordinators only (see the module's docstring)."""
    require_participant_admin(user)
    return add_participant(session=session, activity_id=activity_id, data=data, actor=user.email)


def _organisation_ids(session: Session, named: TopicsAndOrganisationsIn) -> list[int]:
    """The organisations by id and by reference (#id, number, name or alias), each checked."""
    ids = list(named.organisation_ids)
    for reference in named.organisations:
        ids.append(resolve_organisation(session=session, reference=reference).id)  # type: ignore[arg-type]
    for organisation_id in ids:
        get_organisation(session=session, organisation_id=organisation_id)
    return list(dict.fromkeys(ids))


def create_activity(*, session: Session, data: ActivityCreate, actor: str) -> Activity:
    if data.facilitator_id is not None:
        facilitator = get_person(session=session, person_id=data.facilitator_id)
        if facilitator.role not in (Role.facilitator, Role.coordinator):
            raise InvalidInputError(
                f"{facilitator.name} is a {facilitator.role}, not a facilitator or coordinator"
            )
    organisation_ids = _organisation_ids(session, data)
    item_organisation_ids = [_organisation_ids(session, item) for item in data.agenda]
    for participant in data.participants:
        get_person(session=session, person_id=participant.person_id)
    activity = Activity(
        name=data.name.strip(),
        kind=data.kind,
        facilitator_id=data.facilitator_id,
        topics=data.topics,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )
    session.add(activity)
    session.flush()
    for organisation_id in organisation_ids:
        session.add(
            ActivityOrganisation(activity_id=activity.id, organisation_id=organisation_id)  # type: ignore[arg-type]
        )
    for participant in data.participants:
        session.add(
            ActivityParticipant(
                activity_id=activity.id,  # type: ignore[arg-type]
                person_id=participant.person_id,
                role=participant.role,
            )
        )
    for position, (item, ids) in enumerate(
        zip(data.agenda, item_organisation_ids, strict=True), start=1
    ):
        values = item.model_dump(exclude={"organisations", "organisation_ids"})
        session.add(
            AgendaItem(activity_id=activity.id, position=position, organisation_ids=ids, **values)  # type: ignore[arg-type]
        )
    session.flush()
    audit.append_event(
        session,
        actor=actor,
        action="activity.create",
        entity="activity",
        entity_id=activity.id,
        after=activity_public(session=session, activity=activity).model_dump(mode="json"),
    )
    return activity


def add_participant(
    *, session: Session, activity_id: int, data: ParticipantIn, actor: str
) -> ActivityParticipant:
    activity = get_activity(session=session, activity_id=activity_id)
    get_person(session=session, person_id=data.person_id)
    existing = session.get(ActivityParticipant, (activity.id, data.person_id))
    if existing is not None:
        raise AlreadyExistsError(f"Person {data.person_id} already takes part in {activity.name}")
    participant = ActivityParticipant(
        activity_id=activity.id,  # type: ignore[arg-type]
        person_id=data.person_id,
        role=data.role,
    )
    session.add(participant)
    session.flush()
    audit.append_event(
        session,
        actor=actor,
        action="activity.participant.add",
        entity="activity",
        entity_id=activity.id,
        after=audit.record_of(participant),
    )
    return participant


def activity_organisation_ids(*, session: Session, activity_id: int) -> list[int]:
    return list(
        session.exec(
            select(ActivityOrganisation.organisation_id).where(
                ActivityOrganisation.activity_id == activity_id
            )
        )
    )


def participants_of(*, session: Session, activity_id: int) -> list[ActivityParticipant]:
    return list(
        session.exec(
            select(ActivityParticipant)
            .where(ActivityParticipant.activity_id == activity_id)
            .order_by(col(ActivityParticipant.person_id))
        )
    )


def agenda_of(*, session: Session, activity_id: int) -> list[AgendaItem]:
    return list(
        session.exec(
            select(AgendaItem)
            .where(AgendaItem.activity_id == activity_id)
            .order_by(col(AgendaItem.position))
        )
    )


def activity_public(*, session: Session, activity: Activity) -> ActivityPublic:
    activity_id: int = activity.id  # type: ignore[assignment]
    return ActivityPublic(
        id=activity_id,
        name=activity.name,
        kind=activity.kind,
        facilitator_id=activity.facilitator_id,
        topics=activity.topics or [],
        starts_on=activity.starts_on,
        ends_on=activity.ends_on,
        organisation_ids=activity_organisation_ids(session=session, activity_id=activity_id),
        participants=[
            ParticipantPublic(person_id=p.person_id, role=p.role)
            for p in participants_of(session=session, activity_id=activity_id)
        ],
        agenda=[
            AgendaItemPublic.model_validate(item, from_attributes=True)
            for item in agenda_of(session=session, activity_id=activity_id)
        ],
    )
