"""Activities: workshops, challenges and decisions with organisations, people and agenda."""

from __future__ import annotations

from sqlmodel import Session, col, select

from assistant.registry import audit
from assistant.registry.errors import (
    AlreadyExistsError,
    InvalidInputError,
    NotFoundError,
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
    Role,
)
from assistant.registry.organisations import get_organisation
from assistant.registry.people import get_person


def get_activity(*, session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFoundError(f"No activity with id {activity_id}")
    return activity


def list_activities(*, session: Session) -> list[Activity]:
    return list(session.exec(select(Activity).order_by(col(Activity.id))))


def create_activity(*, session: Session, data: ActivityCreate, actor: str) -> Activity:
    if data.facilitator_id is not None:
        facilitator = get_person(session=session, person_id=data.facilitator_id)
        if facilitator.role not in (Role.facilitator, Role.coordinator):
            raise InvalidInputError(
                f"{facilitator.name} is a {facilitator.role}, not a facilitator or coordinator"
            )
    item_orgs = {o for item in data.agenda for o in item.organisation_ids}
    for organisation_id in {*data.organisation_ids, *item_orgs}:
        get_organisation(session=session, organisation_id=organisation_id)
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
    for organisation_id in data.organisation_ids:
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
    for position, item in enumerate(data.agenda, start=1):
        session.add(
            AgendaItem(activity_id=activity.id, position=position, **item.model_dump())  # type: ignore[arg-type]
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
