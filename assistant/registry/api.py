"""REST API of the registry under /api/v1: bearer tokens, role checks on every request."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, status
from fastapi.responses import PlainTextResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from assistant.registry import (
    access,
    activities,
    audit,
    conflicts,
    declarations,
    organisations,
    people,
    reports,
    reviews,
)
from assistant.registry.db import ensure_reachable_schema
from assistant.registry.errors import (
    AlreadyExistsError,
    AuthenticationError,
    DatabaseUnavailableError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RegistryError,
    StaleVersionError,
    TransitionError,
)
from assistant.registry.models import (
    MAX_ID,
    Activity,
    ActivityCreate,
    ActivityPublic,
    AuditEventPublic,
    Declaration,
    DeclarationCreate,
    DeclarationDetail,
    DeclarationPublic,
    DeclaredInterest,
    InterestPublic,
    InterestUpdate,
    OrganisationCreate,
    OrganisationPublic,
    OrganisationUpdate,
    ParticipantIn,
    ParticipantPublic,
    Person,
    PersonCreate,
    PersonPublic,
    PersonSummary,
    PublicInterestSummary,
    ReviewCreate,
    ReviewPublic,
    Role,
    SnapshotPublic,
    Status,
    VersionIn,
)
from assistant.registry.reminders import reminders as due_reminders

if TYPE_CHECKING:
    from assistant.factory import Services

router = APIRouter(prefix="/api/v1", tags=["registry"])

_STATUS_OF: list[tuple[type[RegistryError], int]] = [
    (NotFoundError, status.HTTP_404_NOT_FOUND),
    (InvalidInputError, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (AlreadyExistsError, status.HTTP_409_CONFLICT),
    (TransitionError, status.HTTP_409_CONFLICT),
    (StaleVersionError, status.HTTP_409_CONFLICT),
    (AuthenticationError, status.HTTP_401_UNAUTHORIZED),
    (PermissionDeniedError, status.HTTP_403_FORBIDDEN),
    (DatabaseUnavailableError, status.HTTP_503_SERVICE_UNAVAILABLE),
]
_UNAUTHORIZED_HEADERS = {"WWW-Authenticate": "Bearer"}


def http_error(exc: RegistryError) -> HTTPException:
    """Our error as an HTTPException with a short detail."""
    code = next((c for kind, c in _STATUS_OF if isinstance(exc, kind)), 400)
    headers = _UNAUTHORIZED_HEADERS if code == 401 else None
    if code == 422:
        # The same shape as FastAPI's own validation errors, as the OpenAPI spec promises.
        detail: Any = [{"loc": ["body"], "msg": str(exc), "type": "value_error"}]
        return HTTPException(status_code=code, detail=detail)
    return HTTPException(status_code=code, detail=str(exc), headers=headers)


def _services(request: Request) -> Services:
    # Not ServicesDep from assistant.api: importing it here would be circular.
    return request.app.state.services


def get_session(request: Request) -> Iterator[Session]:
    """A session per request on a migrated database; registry errors become HTTP errors."""
    services = _services(request)
    try:
        ensure_reachable_schema(services.engine)
    except DatabaseUnavailableError as exc:
        raise http_error(exc) from None
    with Session(services.engine, expire_on_commit=False) as session:
        try:
            yield session
        except RegistryError as exc:
            session.rollback()
            raise http_error(exc) from None
        except IntegrityError:
            session.rollback()
            raise HTTPException(409, "That conflicts with an existing record") from None


SessionDep = Annotated[Session, Depends(get_session)]
_bearer = HTTPBearer(auto_error=False, description="A token from `arena users token EMAIL`.")


def current_user(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Person:
    try:
        return people.authenticate_token(
            session=session, token=credentials.credentials if credentials else None
        )
    except AuthenticationError as exc:
        raise http_error(exc) from None


CurrentUser = Annotated[Person, Depends(current_user)]
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]


def _valid_months(request: Request) -> int:
    return _services(request).settings.declaration_valid_months


def _commit(session: Session) -> None:
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise HTTPException(409, "That conflicts with an existing record") from None


# Who am I ---------------------------------------------------------------------------------


@router.get("/me", response_model=PersonPublic)
def me(user: CurrentUser) -> Person:
    """The signed-in user."""
    return user


# Organisations ---------------------------------------------------------------------------


@router.get("/organisations", response_model=list[OrganisationPublic])
def list_organisations(session: SessionDep, user: CurrentUser) -> list[Any]:
    """Every registered organisation."""
    return organisations.list_organisations(session=session)


@router.post("/organisations", response_model=OrganisationPublic, status_code=201)
def create_organisation(session: SessionDep, user: CurrentUser, body: OrganisationCreate) -> Any:
    """Register an organisation (any signed-in user: declarations need counterparts)."""
    organisation = organisations.create_organisation(session=session, data=body, actor=user.email)
    _commit(session)
    return organisation


@router.get("/organisations/{organisation_id}", response_model=OrganisationPublic)
def get_organisation(session: SessionDep, user: CurrentUser, organisation_id: IdPath) -> Any:
    return organisations.get_organisation(session=session, organisation_id=organisation_id)


@router.patch("/organisations/{organisation_id}", response_model=OrganisationPublic)
def update_organisation(
    session: SessionDep, user: CurrentUser, organisation_id: IdPath, body: OrganisationUpdate
) -> Any:
    """Rename an organisation or change its kind or aliases (coordinators)."""
    access.require_role(user, Role.coordinator)
    organisation = organisations.update_organisation(
        session=session, organisation_id=organisation_id, data=body, actor=user.email
    )
    _commit(session)
    return organisation


# People ----------------------------------------------------------------------------------


@router.get("/people", response_model=list[PersonSummary])
def list_people(session: SessionDep, user: CurrentUser) -> list[Any]:
    """Everyone's name, role and organisation (no e-mail addresses)."""
    return people.list_people(session=session)


@router.post("/people", response_model=PersonPublic, status_code=201)
def create_person(session: SessionDep, user: CurrentUser, body: PersonCreate) -> Any:
    """Add a user without a password (coordinators); the CLI sets passwords."""
    access.require_role(user, Role.coordinator)
    person = people.create_person(session=session, data=body, actor=user.email)
    _commit(session)
    return person


@router.get("/people/{person_id}", response_model=PersonPublic)
def get_person(session: SessionDep, user: CurrentUser, person_id: IdPath) -> Any:
    """A person's full record: coordinators, or the person themself."""
    person = people.get_person(session=session, person_id=person_id)
    access.require_self_or_coordinator(user, person_id)
    return person


# Declarations ----------------------------------------------------------------------------


def _declaration_for(session: Session, user: Person, declaration_id: int) -> Declaration:
    declaration = declarations.get_declaration(session=session, declaration_id=declaration_id)
    access.require_declaration_access(user, declaration)
    return declaration


def _detail(session: Session, declaration: Declaration) -> DeclarationDetail:
    declaration_id: int = declaration.id  # type: ignore[assignment]
    return DeclarationDetail(
        **DeclarationPublic.model_validate(declaration, from_attributes=True).model_dump(),
        interests=[
            InterestPublic.model_validate(i, from_attributes=True)
            for i in declarations.interests_of(session=session, declaration_id=declaration_id)
        ],
        reviews=[
            ReviewPublic.model_validate(r, from_attributes=True)
            for r in reviews.reviews_of(session=session, declaration_id=declaration_id)
        ],
    )


@router.get("/declarations", response_model=list[DeclarationPublic])
def list_declarations(
    session: SessionDep,
    user: CurrentUser,
    status_filter: Annotated[Status | None, Query(alias="status")] = None,
) -> list[Any]:
    """Declarations you may see: all for coordinators, your own for everyone else."""
    if declarations.expire_overdue(session=session):
        _commit(session)
    person_id = None if access.is_coordinator(user) else user.id
    return declarations.list_declarations(
        session=session, person_id=person_id, status=status_filter
    )


@router.post("/declarations", response_model=DeclarationDetail, status_code=201)
def create_declaration(session: SessionDep, user: CurrentUser, body: DeclarationCreate) -> Any:
    """Start a declaration (a draft) with its first interests; an empty one is allowed.

    A counterpart is `organisation_id`, or `organisation`: #id, organisation number, name
    or alias. While the person has an open declaration the answer is 409: add to that one.
    """
    person_id = body.person_id or user.id
    access.require_self_or_coordinator(user, person_id)  # type: ignore[arg-type]
    declaration = declarations.declare(
        session=session,
        person=people.get_person(session=session, person_id=person_id),  # type: ignore[arg-type]
        interests=body.interests,
        actor=user.email,
    )
    _commit(session)
    return _detail(session, declaration)


@router.get("/declarations/{declaration_id}", response_model=DeclarationDetail)
def get_declaration(session: SessionDep, user: CurrentUser, declaration_id: IdPath) -> Any:
    """One declaration with its interests and reviews."""
    if declarations.expire_overdue(session=session):
        _commit(session)
    return _detail(session, _declaration_for(session, user, declaration_id))


@router.post(
    "/declarations/{declaration_id}/interests", response_model=InterestPublic, status_code=201
)
def add_interest(
    session: SessionDep,
    user: CurrentUser,
    declaration_id: IdPath,
    body: DeclaredInterest,
    version: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Any:
    """Add an interest; on an approved declaration this makes it `update_required`."""
    _declaration_for(session, user, declaration_id)
    interest = declarations.add_interest(
        session=session,
        declaration_id=declaration_id,
        data=body,
        actor=user.email,
        expected_version=version,
    )
    _commit(session)
    return interest


@router.patch(
    "/declarations/{declaration_id}/interests/{interest_id}", response_model=InterestPublic
)
def update_interest(
    session: SessionDep,
    user: CurrentUser,
    declaration_id: IdPath,
    interest_id: IdPath,
    body: InterestUpdate,
) -> Any:
    """Change an interest (set `ends_on` to end it: nothing is deleted)."""
    _declaration_for(session, user, declaration_id)
    interest = declarations.update_interest(
        session=session,
        declaration_id=declaration_id,
        interest_id=interest_id,
        data=body,
        actor=user.email,
    )
    _commit(session)
    return interest


@router.post("/declarations/{declaration_id}/submit", response_model=DeclarationPublic)
def submit_declaration(
    session: SessionDep, user: CurrentUser, declaration_id: IdPath, body: VersionIn
) -> Any:
    """Submit for review (or resubmit after return or change)."""
    _declaration_for(session, user, declaration_id)
    declaration = declarations.submit_declaration(
        session=session,
        declaration_id=declaration_id,
        actor=user.email,
        expected_version=body.version,
    )
    _commit(session)
    return declaration


@router.post("/declarations/{declaration_id}/withdraw", response_model=DeclarationPublic)
def withdraw_declaration(
    session: SessionDep, user: CurrentUser, declaration_id: IdPath, body: VersionIn
) -> Any:
    """Withdraw a declaration; it stays on record."""
    _declaration_for(session, user, declaration_id)
    declaration = declarations.withdraw_declaration(
        session=session,
        declaration_id=declaration_id,
        actor=user.email,
        expected_version=body.version,
    )
    _commit(session)
    return declaration


@router.post("/declarations/{declaration_id}/reviews", response_model=ReviewPublic, status_code=201)
def review_declaration(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    declaration_id: IdPath,
    body: ReviewCreate,
) -> Any:
    """Approve or return a declaration (coordinators; never your own).

    `version` must be the version you reviewed: if someone changed or reviewed the
    declaration since, the answer is 409 and nothing is written.
    """
    access.require_role(user, Role.coordinator)
    review = reviews.review_declaration(
        session=session,
        declaration_id=declaration_id,
        reviewer=user,
        data=body,
        valid_months=_valid_months(request),
    )
    _commit(session)
    return review


@router.get("/declarations/{declaration_id}/snapshots", response_model=list[SnapshotPublic])
def list_snapshots(session: SessionDep, user: CurrentUser, declaration_id: IdPath) -> list[Any]:
    """The frozen copies made at each approval."""
    _declaration_for(session, user, declaration_id)
    return [
        SnapshotPublic(
            **s.model_dump(exclude={"content"}, warnings=False), content=reviews.snapshot_dict(s)
        )
        for s in reviews.snapshots_of(session=session, declaration_id=declaration_id)
    ]


@router.get("/declarations/{declaration_id}/audit", response_model=list[AuditEventPublic])
def declaration_audit(session: SessionDep, user: CurrentUser, declaration_id: IdPath) -> list[Any]:
    """The audit events of one declaration (coordinators)."""
    access.require_role(user, Role.coordinator)
    declarations.get_declaration(session=session, declaration_id=declaration_id)
    return [
        AuditEventPublic(
            **e.model_dump(exclude={"before", "after"}, warnings=False),
            before=None if e.before is None else _loads(e.before),
            after=None if e.after is None else _loads(e.after),
        )
        for e in audit.events_for(session, "declaration", declaration_id)
    ]


def _loads(text: str) -> dict[str, Any]:
    value = json.loads(text)
    return value if isinstance(value, dict) else {"value": value}


@router.get("/interests/public", response_model=list[PublicInterestSummary])
def public_interests(session: SessionDep, user: CurrentUser) -> list[Any]:
    """Approved, publishable interests of everyone: organisation, role and category only."""
    return reports.public_summary(session=session)


# Activities ------------------------------------------------------------------------------


def _visible_activity(session: Session, user: Person, activity: Activity) -> bool:
    if access.is_coordinator(user) or activity.facilitator_id == user.id:
        return True
    participants = activities.participants_of(session=session, activity_id=activity.id)  # type: ignore[arg-type]
    return any(p.person_id == user.id for p in participants)


@router.get("/activities", response_model=list[ActivityPublic])
def list_activities(session: SessionDep, user: CurrentUser) -> list[Any]:
    """Activities you coordinate, facilitate or take part in."""
    return [
        activities.activity_public(session=session, activity=a)
        for a in activities.list_activities(session=session)
        if _visible_activity(session, user, a)
    ]


@router.post("/activities", response_model=ActivityPublic, status_code=201)
def create_activity(session: SessionDep, user: CurrentUser, body: ActivityCreate) -> Any:
    """Create a workshop, challenge or decision with organisations, participants, agenda."""
    access.require_role(user, Role.coordinator, Role.facilitator)
    if user.role == Role.facilitator:
        if body.facilitator_id not in (None, user.id):
            raise HTTPException(403, "Facilitators create activities they run themselves")
        body.facilitator_id = user.id
    activity = activities.create_activity(session=session, data=body, actor=user.email)
    _commit(session)
    return activities.activity_public(session=session, activity=activity)


def _activity_for(session: Session, user: Person, activity_id: int) -> Activity:
    activity = activities.get_activity(session=session, activity_id=activity_id)
    if not _visible_activity(session, user, activity):
        raise HTTPException(403, f"Activity {activity_id} is not yours to see")
    return activity


@router.get("/activities/{activity_id}", response_model=ActivityPublic)
def get_activity(session: SessionDep, user: CurrentUser, activity_id: IdPath) -> Any:
    return activities.activity_public(
        session=session, activity=_activity_for(session, user, activity_id)
    )


@router.post(
    "/activities/{activity_id}/participants", response_model=ParticipantPublic, status_code=201
)
def add_participant(
    session: SessionDep, user: CurrentUser, activity_id: IdPath, body: ParticipantIn
) -> Any:
    """Add a participant (coordinators and the activity's facilitator)."""
    activity = activities.get_activity(session=session, activity_id=activity_id)
    access.require_activity_check(user, activity)
    participant = activities.add_participant(
        session=session, activity_id=activity_id, data=body, actor=user.email
    )
    _commit(session)
    return participant


class ConflictCheck(BaseModel):
    """The conflict check of an activity: findings per participant and minutes per item."""

    activity_id: int
    activity: str
    kind: str
    checked_at: str
    participants: list[conflicts.Finding]
    minutes: list[conflicts.ItemMinutes]


def _report(request: Request, session: Session, user: Person, activity_id: int) -> Any:
    activity = activities.get_activity(session=session, activity_id=activity_id)
    access.require_activity_check(user, activity)
    return conflicts.check_activity(
        session=session,
        activity_id=activity_id,
        cooling_off_years=_services(request).settings.cooling_off_years,
    )


@router.get("/activities/{activity_id}/conflicts", response_model=ConflictCheck)
def check_conflicts(
    request: Request, session: SessionDep, user: CurrentUser, activity_id: IdPath
) -> Any:
    """Who is touched by which interest, how much, and what to do (coordinators, facilitator)."""
    return ConflictCheck(**_report(request, session, user, activity_id).as_dict())


@router.get(
    "/activities/{activity_id}/conflicts/minutes",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/markdown": {}}}},
)
def conflict_minutes(
    request: Request, session: SessionDep, user: CurrentUser, activity_id: IdPath
) -> PlainTextResponse:
    """The conflict check as minutes: per agenda item, who may take part in what."""
    report = _report(request, session, user, activity_id)
    return PlainTextResponse(report.minutes_markdown(), media_type="text/markdown")


# Oversight -------------------------------------------------------------------------------


class ReminderOut(BaseModel):
    person_id: int
    person_name: str
    email: str
    declaration_id: int | None
    status: str
    reason: str


class VerifyOut(BaseModel):
    ok: bool
    events: int
    first_bad_seq: int | None
    problem: str


@router.get("/reminders", response_model=list[ReminderOut])
def reminders(
    session: SessionDep,
    user: CurrentUser,
    within_days: Annotated[int, Query(ge=0, le=366)] = 30,
) -> list[Any]:
    """Declarations missing, expired, awaiting update or due within `within_days`."""
    access.require_role(user, Role.coordinator)
    due = due_reminders(session=session, within_days=within_days)
    _commit(session)
    return [ReminderOut(**r.__dict__) for r in due]


@router.get("/audit/verify", response_model=VerifyOut)
def verify_audit(session: SessionDep, user: CurrentUser) -> Any:
    """Recompute the audit chain (coordinators)."""
    access.require_role(user, Role.coordinator)
    report = audit.verify_chain(session)
    return VerifyOut(**report.__dict__)
