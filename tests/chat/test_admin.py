"""Coordinators add people and organisations in the chat, through the registry, Chainlit scripted."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import chainlit as cl
import pytest

from assistant.chat import admin, admin_forms, hooks
from assistant.chat.commands import FLOWS, composer_commands
from assistant.i18n import say
from assistant.i18n.chat_admin import CHAT_ADMIN_STRINGS
from assistant.registry import organisations, people
from assistant.registry.errors import PermissionDeniedError
from assistant.registry.models import Role
from tests.chat.flow_fakes import Arena, Pick
from tests.chat.flow_fakes import arena as arena
from tests.chat.flow_fakes import flow_settings as flow_settings

CHAT = Path(admin.__file__).parent


@pytest.fixture(autouse=True)
def admin_services(arena: Arena, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(admin, "get_services", lambda: arena.services)


class UserMessage:
    def __init__(self, content: str, command: str | None = None) -> None:
        self.content, self.command, self.elements = content, command, []


def press(flow: str, language: str = "no") -> cl.Action:
    return cl.Action(name=admin.ADMIN_START, payload={"flow": flow, "language": language})


def emails(arena: Arena) -> list[str]:
    arena.session.expire_all()
    return [p.email for p in people.list_people(session=arena.session)]


async def test_a_coordinator_adds_a_person_who_can_sign_in_with_the_password_shown_once(
    arena: Arena,
) -> None:
    arena.sign_in("ola@arena.no")
    arena.chat.answers = [
        "Nina Nordmann",
        "Nina@OUS.no",
        Pick(str(arena.world.ous)),
        Pick("facilitator"),
    ]
    await hooks.on_message(UserMessage("/nybruker"))  # type: ignore[arg-type]

    assert arena.chat.answers == []
    nina = people.get_person_by_email(session=arena.session, email="nina@ous.no")
    assert (nina.name, nina.role, nina.organisation_id) == (
        "Nina Nordmann",
        Role.facilitator,
        arena.world.ous,
    )
    organisation_ask, role_ask = [m for m in arena.chat.messages if m.actions]
    assert [a.label for a in role_ask.actions] == ["partner", "fasilitator", "koordinator"]
    assert "Oslo universitetssykehus HF" in [a.label for a in organisation_ask.actions]
    assert organisation_ask.actions[-1].label == "Ingen organisasjon"
    added, shown_once = arena.chat.messages[-2:]
    assert added.content.startswith("**Nina Nordmann** (nina@ous.no) er lagt til som fasilitator")
    assert "Oslo universitetssykehus HF" in added.content
    # The password is sent as already persisted, so Chainlit never writes it to the thread.
    assert shown_once.persisted is True
    password = re.search(r"`([^`]+)`", shown_once.content).group(1)  # type: ignore[union-attr]
    assert people.authenticate_password(session=arena.session, email="nina@ous.no", password=password)  # fmt: skip


async def test_a_bad_or_taken_email_is_told_in_one_line_and_only_it_is_asked_again(
    arena: Arena,
) -> None:
    arena.sign_in("ola@arena.no")
    arena.browser.language = "en-GB"
    arena.chat.answers = ["N", "Nina Nordmann", "nina-at-ous", "KARI@ous.no", "nina@ous.no"]
    arena.chat.answers += [Pick(""), Pick("partner")]
    await admin.handle_message(UserMessage("", command="nybruker"))  # type: ignore[arg-type]

    asked = arena.chat.questions
    assert asked[0] == say("chat_admin_ask_name", "en")
    assert asked[1].startswith(say("chat_admin_bad_name", "en", value="N"))
    assert asked[3] == (
        "“nina-at-ous” is not an e-mail address. Write it as name@example.com.\n\n"
        + say("chat_admin_ask_email", "en")
    )
    assert asked[4].startswith("There already is a user with the e-mail “KARI@ous.no”.")
    nina = people.get_person_by_email(session=arena.session, email="nina@ous.no")
    assert (nina.name, nina.organisation_id, nina.role) == ("Nina Nordmann", None, Role.partner)
    assert "is added as partner. Organisation: –" in arena.chat.messages[-2].content


async def test_an_email_taken_while_the_form_was_open_is_asked_again_and_nothing_else(
    arena: Arena, monkeypatch: pytest.MonkeyPatch
) -> None:
    arena.sign_in("ola@arena.no")
    arena.chat.answers = ["Nina Nordmann", "nina@ous.no", Pick(""), Pick("partner")]
    arena.chat.answers += ["nina.n@ous.no"]
    real = admin_forms.save_person
    calls: list[str] = []

    def someone_else_first(services: Any, email: str, answers: dict[str, Any], pw: str) -> Any:
        if not calls:  # another coordinator adds nina@ous.no between the check and the save
            real(services, "siri@arena.no", dict(answers, name="Nina Other"), pw)
        calls.append(answers["email"])
        return real(services, email, answers, pw)

    monkeypatch.setattr(admin_forms, "save_person", someone_else_first)
    await hooks.on_message(UserMessage("/nybruker"))  # type: ignore[arg-type]

    assert calls == ["nina@ous.no", "nina.n@ous.no"]
    assert say("chat_admin_email_taken", "no", value="nina@ous.no") in arena.chat.texts()
    assert arena.chat.questions[-1] == say("chat_admin_ask_email", "no")
    nina = people.get_person_by_email(session=arena.session, email="nina.n@ous.no")
    assert nina.name == "Nina Nordmann"  # what was entered first is kept


async def test_cancel_stops_the_form_saves_nothing_and_frees_the_chat(arena: Arena) -> None:
    arena.sign_in("ola@arena.no")
    arena.chat.answers = ["Nina Nordmann", "avbryt"]
    await admin.ACTIONS[admin.ADMIN_START](press("add_person"))

    assert arena.chat.last().content == say("chat_flow_cancelled", "no")
    assert "nina@ous.no" not in emails(arena)
    assert arena.chat.task_ends == 1  # the composer is free at once


async def test_a_partner_is_refused_by_the_registry_however_the_form_is_reached(
    arena: Arena,
) -> None:
    arena.sign_in("kari@ous.no")
    refusal = say("chat_not_allowed", "no", role="partner")
    await hooks.on_message(UserMessage("/nybruker"))  # type: ignore[arg-type]
    await admin.ACTIONS[admin.ADMIN_START](press("add_person"))  # a button sent by hand
    await admin_forms.add_person(arena.services, "kari@ous.no", "no")  # the handler itself

    assert arena.chat.questions == []
    assert arena.chat.texts() == [refusal] * 3
    assert arena.chat.task_ends == 1
    answers = {"name": "Nina Nordmann", "email": "nina@ous.no", "role": "coordinator"}
    with pytest.raises(PermissionDeniedError):
        admin_forms.save_person(arena.services, "kari@ous.no", answers, "a long password")
    assert "nina@ous.no" not in emails(arena)


def test_only_coordinators_are_offered_the_forms_in_the_menu() -> None:
    words = {"nybruker", "nyorganisasjon", "planlegg", "logg"}
    assert words <= {c["id"] for c in composer_commands(Role.coordinator)}
    for role in (Role.partner, Role.facilitator):
        assert not words & {c["id"] for c in composer_commands(role)}


async def test_a_coordinator_registers_an_organisation_with_number_and_other_names(
    arena: Arena,
) -> None:
    arena.sign_in("ola@arena.no")
    arena.chat.answers = [
        "medtek as",  # the name of a registered organisation
        "Akershus universitetssykehus HF",
        Pick("hospital_trust"),
        Pick("add"),
        "983971637",  # a wrong check digit
        "983 971 636",
        Pick("add"),
        "Ahus, A-hus",
    ]
    await hooks.on_message(UserMessage("/nyorganisasjon"))  # type: ignore[arg-type]

    assert arena.chat.answers == []
    assert arena.chat.questions[1].startswith(say("chat_admin_org_taken", "no", value="medtek as"))
    assert arena.chat.questions[5].startswith(say("chat_admin_bad_number", "no", value="983971637"))  # fmt: skip
    (kinds,) = [m for m in arena.chat.messages if m.content.startswith(say("chat_admin_ask_kind", "no"))]  # fmt: skip
    assert "helseforetak" in [a.label for a in kinds.actions]
    ahus = organisations.resolve_organisation(session=arena.session, reference="Ahus")
    assert (ahus.name, ahus.org_number, ahus.kind, ahus.aliases) == (
        "Akershus universitetssykehus HF",
        "983971636",
        "hospital_trust",
        ["Ahus", "A-hus"],
    )
    assert arena.chat.last().content == "**Akershus universitetssykehus HF** (helseforetak) er registrert."  # fmt: skip


async def test_an_english_organisation_form_skips_the_optional_parts(arena: Arena) -> None:
    arena.sign_in("ola@arena.no")
    arena.chat.answers = ["Sensor Startup AS", Pick("company"), Pick("skip"), Pick("skip")]
    await hooks.on_message(UserMessage("/neworganisation"))  # type: ignore[arg-type]

    assert arena.chat.last().content == "**Sensor Startup AS** (company) is registered."
    startup = organisations.resolve_organisation(session=arena.session, reference="Sensor Startup")
    assert (startup.org_number, startup.aliases) == (None, [])


async def test_the_user_list_offers_the_forms_as_buttons(arena: Arena) -> None:
    arena.sign_in("ola@arena.no")
    await hooks.on_message(UserMessage("/brukere"))  # type: ignore[arg-type]
    (reply,) = arena.chat.messages
    assert "/nybruker" in reply.content
    assert [(a.label, a.payload["flow"]) for a in reply.actions] == [
        ("Legg til bruker", "add_person"),
        ("Legg til organisasjon", "add_organisation"),
    ]


def test_every_admin_string_is_used_and_has_both_languages() -> None:
    modules = ("admin.py", "admin_forms.py", "admin_plan.py")
    text = "\n".join((CHAT / name).read_text(encoding="utf-8") for name in modules)
    used = set(re.findall(r"""["'](chat_admin_\w+)["']""", text))
    # Keys built at run time from the forms' field names and the registry's lists.
    fields = ("name", "email", "organisation", "role", "org_name", "kind", "number", "aliases")
    used |= {f"chat_admin_ask_{name}" for name in (*fields, "title", "date")}
    used |= {f"chat_admin_{part}_{name}" for part in ("add", "bad") for name in ("number",)}
    used |= {f"chat_admin_{part}_aliases" for part in ("add", "ask")}
    used |= {f"chat_admin_ask_{name}_gate" for name in ("number", "aliases")}
    used |= {f"chat_admin_start_{name}" for name in admin.FLOWS}
    kinds = ("missing", "reordered", "edited", "payload_edited", "blanked", "truncated")
    used |= {f"chat_admin_audit_{kind}" for kind in kinds}
    words = [word for word, (flow, language) in FLOWS.items() if flow in admin.FLOWS]
    used |= {f"chat_command_{word}" for word in words if FLOWS[word][1] == "no"}
    used |= {"starter_plan", "starter_audit"}
    assert set(CHAT_ADMIN_STRINGS) == used
    for key, words_ in CHAT_ADMIN_STRINGS.items():
        assert words_["no"].strip(), key
        assert words_["en"].strip(), key
