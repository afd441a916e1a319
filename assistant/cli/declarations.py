"""`arena registry` declaration commands: declare, submit, review, withdraw, list, show."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.cli.common import (
    actor,
    console,
    echo_json,
    handle_errors,
    print_table,
    registry_session,
    services,
    validated,
)
from assistant.registry.declarations import declare as declare_interests
from assistant.registry.declarations import (
    expire_overdue,
    get_declaration,
    interests_of,
    list_declarations,
    submit_declaration,
    withdraw_declaration,
)
from assistant.registry.errors import AlreadyExistsError, InvalidInputError
from assistant.registry.models import (
    Category,
    Decision,
    DeclarationCreate,
    DeclaredInterest,
    Outcome,
    ReviewCreate,
    Status,
    ValueBand,
    Whose,
)
from assistant.registry.people import get_person_by_email, list_people
from assistant.registry.reviews import (
    review_declaration,
    reviews_of,
    snapshot_dict,
    snapshots_of,
)


def register(registry_app: typer.Typer) -> None:
    registry_app.command("declare")(declare)
    registry_app.command("submit")(submit)
    registry_app.command("review")(review)
    registry_app.command("withdraw")(withdraw)
    registry_app.command("list")(declarations_list)
    registry_app.command("show")(show)


@handle_errors
def declare(
    email: Annotated[str, typer.Argument(help="The declarant's e-mail.")],
    category: Annotated[
        Category | None, typer.Option(help="Kind of interest; omit to declare nothing.")
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="Counterpart: id (#3), number, name or alias.")
    ] = None,
    whose: Annotated[Whose, typer.Option(help="Whose interest it is.")] = Whose.self,
    position: Annotated[str | None, typer.Option(help="Role at the counterpart.")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Keyword; repeat.")] = None,
    description: Annotated[str, typer.Option(help="What the interest is.")] = "",
    value_band: Annotated[ValueBand, typer.Option(help="Yearly value in NOK.")] = ValueBand.none,
    start: Annotated[str | None, typer.Option(help="Start date, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option(help="End date, YYYY-MM-DD.")] = None,
    public: Annotated[
        bool, typer.Option("--public/--private", help="May other partners see a summary.")
    ] = False,
    from_json: Annotated[
        Path | None,
        typer.Option(help="A JSON list of interests (API field names; 'organisation' by name)."),
    ] = None,
    declaration: Annotated[
        int | None,
        typer.Option("--declaration", help="Add to this open declaration of theirs instead."),
    ] = None,
    version: Annotated[
        int | None, typer.Option(help="Version of that declaration you read (optional).")
    ] = None,
) -> None:
    """Declare interests: starts a draft, or adds to the open declaration given by --declaration.

    The rules of POST /api/v1/declarations: one open declaration per person, counterparts by
    id (#3), number, name or alias. Without --category and --from-json it records an empty
    declaration ("nothing to declare").

    Example: arena registry declare kari@ous.no --category board_or_leading_position --org "Medtek AS" --position "board member" --topic sensors --public
    """
    if version is not None and declaration is None:
        raise InvalidInputError("--version is the version of the --declaration you add to")
    items: list[Any] = _interests_in(from_json) if from_json is not None else []
    if category is not None:
        items.append(
            validated(
                DeclaredInterest,
                whose=whose,
                organisation=org,
                position=position,
                category=category,
                topics=topic or [],
                description=description,
                value_band=value_band,
                starts_on=start,
                ends_on=end,
                publishable=public,
            )
        )
    elif org or topic or start or end or position:
        raise InvalidInputError("Give --category for the interest you describe")
    data = validated(DeclarationCreate, interests=items)
    with registry_session() as session:
        person = get_person_by_email(session=session, email=email)
        try:
            declared = declare_interests(
                session=session,
                person=person,
                interests=data.interests,
                actor=actor(),
                declaration_id=declaration,
                expected_version=version,
            )
        except AlreadyExistsError as exc:
            raise AlreadyExistsError(f"{exc} (add to it with --declaration)") from None
        count = len(interests_of(session=session, declaration_id=declared.id))  # type: ignore[arg-type]
    console.print(
        f"Declaration {declared.id} of {person.name}: {declared.status}, "
        f"{count} interest(s), version {declared.version}"
    )


def _interests_in(path: Path) -> list[Any]:
    """The raw interests in a JSON file: a list of objects with the API's field names."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidInputError(f"Cannot read {path}: {exc}") from None
    if not isinstance(raw, list):
        raise InvalidInputError(f"{path} must hold a JSON list of interests")
    if not all(isinstance(item, dict) for item in raw):
        raise InvalidInputError(f"{path}: each interest must be a JSON object")
    return raw


@handle_errors
def submit(
    declaration_id: Annotated[int, typer.Argument(help="The declaration's id.")],
    version: Annotated[int | None, typer.Option(help="Version you read (optional).")] = None,
) -> None:
    """Submit a declaration for review (or resubmit it).

    Example: arena registry submit 12
    """
    with registry_session() as session:
        declaration = submit_declaration(
            session=session,
            declaration_id=declaration_id,
            actor=actor(),
            expected_version=version,
        )
    console.print(f"Declaration {declaration.id} is {declaration.status}")


@handle_errors
def review(
    declaration_id: Annotated[int, typer.Argument(help="The declaration's id.")],
    reviewer: Annotated[str, typer.Option(help="E-mail of the reviewing coordinator.")],
    reasoning: Annotated[str, typer.Option(help="Why you decided so.")],
    outcome: Annotated[Outcome, typer.Option(help="Approve it or return it.")] = Outcome.approved,
    decision: Annotated[
        Decision | None, typer.Option(help="The decision (needed to approve).")
    ] = None,
    conditions: Annotated[str, typer.Option(help="Conditions of a management plan.")] = "",
    recuse: Annotated[
        list[str] | None, typer.Option("--recuse", help="Agenda item to recuse from; repeat.")
    ] = None,
    activity: Annotated[int | None, typer.Option(help="Activity id the decision is about.")] = None,
    version: Annotated[
        int | None, typer.Option(help="Version you reviewed (default: the current one).")
    ] = None,
) -> None:
    """Review a submitted declaration: approve with a decision, or return it for revision.

    Example: arena registry review 12 --reviewer ola@arena.no --decision disclose_only --reasoning "Minor, disclosed in minutes"
    """
    with registry_session() as session:
        person = get_person_by_email(session=session, email=reviewer)
        current = get_declaration(session=session, declaration_id=declaration_id)
        data = validated(
            ReviewCreate,
            version=version or current.version,
            outcome=outcome,
            decision=decision,
            reasoning=reasoning,
            conditions=conditions,
            recused_items=recuse or [],
            activity_id=activity,
        )
        result = review_declaration(
            session=session,
            declaration_id=declaration_id,
            reviewer=person,
            data=data,
            valid_months=services().settings.declaration_valid_months,
        )
        declaration = get_declaration(session=session, declaration_id=declaration_id)
    console.print(
        f"Declaration {declaration_id} is {declaration.status} (review {result.id}, "
        f"{result.decision or result.outcome})"
    )


@handle_errors
def withdraw(
    declaration_id: Annotated[int, typer.Argument(help="The declaration's id.")],
) -> None:
    """Withdraw a declaration; it stays on record.

    Example: arena registry withdraw 12
    """
    with registry_session() as session:
        declaration = withdraw_declaration(
            session=session, declaration_id=declaration_id, actor=actor()
        )
    console.print(f"Declaration {declaration.id} is {declaration.status}")


@handle_errors
def declarations_list(
    status: Annotated[Status | None, typer.Option(help="Only this status.")] = None,
    email: Annotated[str | None, typer.Option(help="Only this person's.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List declarations with status, version and expiry.

    Example: arena registry list --status submitted
    """
    with registry_session() as session:
        expire_overdue(session=session)
        person_id = get_person_by_email(session=session, email=email).id if email else None
        rows = list_declarations(session=session, person_id=person_id, status=status)
        people = {p.id: p for p in list_people(session=session)}
        if as_json:
            echo_json(
                [
                    d.model_dump(mode="json", warnings=False)
                    | {"person": people[d.person_id].email}
                    for d in rows
                ]
            )
            return
        print_table(
            "Declarations",
            ["id", "person", "status", "version", "approved", "expires"],
            [
                [
                    d.id,
                    people[d.person_id].name,
                    d.status,
                    d.version,
                    d.approved_at.date() if d.approved_at else None,
                    d.expires_at.date() if d.expires_at else None,
                ]
                for d in rows
            ],
        )


@handle_errors
def show(
    declaration_id: Annotated[int, typer.Argument(help="The declaration's id.")],
) -> None:
    """Show a declaration as JSON: interests, reviews and frozen snapshots.

    Example: arena registry show 12
    """
    with registry_session() as session:
        expire_overdue(session=session)
        declaration = get_declaration(session=session, declaration_id=declaration_id)
        echo_json(
            {
                "declaration": declaration.model_dump(mode="json", warnings=False),
                "interests": [
                    i.model_dump(mode="json", warnings=False)
                    for i in interests_of(session=session, declaration_id=declaration_id)
                ],
                "reviews": [
                    r.model_dump(mode="json", warnings=False)
                    for r in reviews_of(session=session, declaration_id=declaration_id)
                ],
                "snapshots": [
                    snapshot_dict(s)
                    for s in snapshots_of(session=session, declaration_id=declaration_id)
                ],
            }
        )
