"""Knowledge gaps and conversation exports read from stored chats, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from assistant.registry import people
from assistant.registry.conversation_export import conversation_markdown, export_conversation
from assistant.registry.conversations import (
    Conversation,
    Message,
    Rating,
    load_conversation,
    may_read,
    read_conversation,
)
from assistant.registry.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from assistant.registry.gaps import content_terms, group_gaps, knowledge_gaps
from tests.registry.chat_rows import Chat, clear_chat_tables, turn
from tests.registry.conftest import World

COORDINATOR, PARTNER, PARTNER2 = "ola@arena.no", "kari@ous.no", "per@baerum.kommune.no"
CITED = {"kind": "cited", "n": 1, "source": "kontrolltarn.txt", "title": "Kontrolltårn",
         "location": "avsnitt 2", "quote": "Utnyttelsen er under 70 prosent.",
         "passage": "Utnyttelsen er under 70 prosent. Målet er 85."}  # fmt: skip


@dataclass
class Stored:
    answered: str  # a partner's thread: a good answer rated up, then one rated down
    abstained: str  # a partner's thread: an abstention
    old: str  # a thread kept before turns recorded abstentions and sources
    other: str  # another partner's thread: an abstention


@pytest.fixture
def chat(engine: Engine, world: World) -> Chat:
    clear_chat_tables(engine)
    return Chat(engine)


@pytest.fixture
def stored(chat: Chat) -> Stored:
    answered = chat.thread(PARTNER, "Operasjonsstuer")
    chat.ask(answered, "Hva er utnyttelsen av operasjonsstuene?")
    good = chat.answer(answered, turn("Hva er utnyttelsen av operasjonsstuene?",
                                      "Utnyttelsen er under 70 prosent [1].", sources=[CITED]))  # fmt: skip
    chat.rate(good, answered, 1, "Nyttig")
    chat.ask(answered, "Hvor mange operasjonsstuer har sykehuset?")
    bad = chat.answer(answered, turn("Hvor mange operasjonsstuer har sykehuset?",
                                     "Kontrolltårn samler data [1].", sources=[CITED]))  # fmt: skip
    chat.rate(bad, answered, 0, "Svarer ikke på antallet")

    abstained = chat.thread(PARTNER, "Budsjett")
    chat.ask(abstained, "Hva koster operasjonsstuene i drift?")
    closest = [{"kind": "closest", "source": "kontrolltarn.txt", "location": "avsnitt 4",
                "passage": "Driften planlegges."},
               {"kind": "closest", "source": "verdikompass.md", "location": "Økonomi",
                "passage": "Verdi for pasienten."}]  # fmt: skip
    chat.answer(abstained, turn("Hva koster operasjonsstuene i drift?", "Dokumentene dekker "
                                "ikke dette.", abstained=True, reason="no amount in the passages",
                                sources=closest), author="Ikke dekket av kunnskapsbasen")  # fmt: skip

    old = chat.thread(PARTNER2, "Gammel")
    chat.ask(old, "What is the budget of the arena?")
    old_answer = chat.step(old, "assistant_message", "Not covered.", "Not covered by the "
                           "knowledge base", {"arena_turn": {"question": "What is the budget "
                           "of the arena?", "answer": "Not covered."}})  # fmt: skip
    chat.panel(old, old_answer, [{"label": "Closest 1", "source": "arena-plan.md",
                                  "location": "Budget", "quote": "", "passage": "Plans."}])  # fmt: skip

    other = chat.thread(PARTNER2, "Hei")
    chat.ask(other, "Hva er det med det?")  # only stop words and question words
    chat.answer(other, turn("Hva er det med det?", "Ikke dekket.", abstained=True))
    return Stored(answered, abstained, old, other)


def test_a_coordinator_sees_abstentions_and_answers_rated_down_newest_first(
    session: Session, stored: Stored
) -> None:
    gaps = knowledge_gaps(session=session, email=COORDINATOR)

    assert [g.thread_id for g in gaps] == [stored.other, stored.old, stored.abstained,
                                           stored.answered]  # fmt: skip
    other, old, abstained, rated = gaps
    assert (rated.question, rated.user) == ("Hvor mange operasjonsstuer har sykehuset?", PARTNER)
    assert (rated.abstained, rated.rated_down) == (False, True)
    assert rated.comment == "Svarer ikke på antallet"
    assert rated.documents == ["kontrolltarn.txt"]
    assert rated.asked_at.startswith("2026-03-01T10:")
    assert (abstained.abstained, abstained.rated_down) == (True, False)
    assert abstained.reason == "no amount in the passages"
    assert abstained.documents == ["kontrolltarn.txt", "verdikompass.md"]
    # A turn kept before turns recorded more: its author and its sources panel tell.
    assert (old.abstained, old.documents, old.user) == (True, ["arena-plan.md"], PARTNER2)
    assert other.documents == []


def test_gaps_group_by_document_and_by_topic(session: Session, stored: Stored) -> None:
    gaps = knowledge_gaps(session=session, email=COORDINATOR)

    by_document = {g.key: [gap.thread_id for gap in g.gaps] for g in group_gaps(gaps, "document")}
    assert list(by_document) == ["kontrolltarn.txt", "arena-plan.md", "verdikompass.md", None]
    assert by_document["kontrolltarn.txt"] == [stored.abstained, stored.answered]
    assert by_document[None] == [stored.other]

    by_topic = group_gaps(gaps, "topic")
    # "operasjonsstuer" and "operasjonsstuene" share a stem: one topic, named by its first word.
    assert by_topic[0].key == "operasjonsstuene"
    assert {g.thread_id for g in by_topic[0].gaps} == {stored.abstained, stored.answered}
    assert by_topic[-1].key is None
    assert by_topic[-1].gaps[0].thread_id == stored.other
    assert sum(len(g.gaps) for g in by_topic) == len(gaps)  # each gap under one topic


def test_content_terms_leave_out_stop_words_and_question_words() -> None:
    assert content_terms("Hva er det?") == {}
    terms = content_terms("Hvor mange operasjonsstuer har sykehuset?")
    assert "operasjonsstuer" in terms.values()
    assert "sykehuset" in terms.values()
    assert "hvor" not in terms.values()


def test_only_coordinators_see_gaps(session: Session, stored: Stored) -> None:
    with pytest.raises(PermissionDeniedError, match="Only coordinators"):
        knowledge_gaps(session=session, email=PARTNER)
    with pytest.raises(PermissionDeniedError, match="Only coordinators"):
        knowledge_gaps(session=session, email="frida@arena.no")  # a facilitator
    with pytest.raises(PermissionDeniedError, match="Sign in"):
        knowledge_gaps(session=session, email=None)
    assert knowledge_gaps(session=session, email=None, operator=True)


def test_a_deactivated_coordinator_sees_nothing(session: Session, stored: Stored) -> None:
    person = people.get_person_by_email(session=session, email=COORDINATOR)
    person.active = False
    session.add(person)
    session.commit()
    with pytest.raises(PermissionDeniedError, match="deactivated"):
        knowledge_gaps(session=session, email=COORDINATOR)


def test_a_user_exports_their_own_conversation_and_no_one_elses(
    session: Session, stored: Stored
) -> None:
    own = read_conversation(session=session, thread_id=stored.answered, email=PARTNER)
    assert own.user == PARTNER
    with pytest.raises(PermissionDeniedError, match="not yours"):
        read_conversation(session=session, thread_id=stored.old, email=PARTNER)
    assert read_conversation(session=session, thread_id=stored.old, email=COORDINATOR)
    assert may_read(session=session, thread_id=stored.answered, email=PARTNER)
    assert not may_read(session=session, thread_id=stored.old, email=PARTNER)
    assert not may_read(session=session, thread_id="no-such-thread", email=COORDINATOR)
    with pytest.raises(NotFoundError, match="No stored conversation"):
        read_conversation(session=session, thread_id="no-such-thread", email=COORDINATOR)


def test_the_json_export_holds_questions_answers_sources_mode_and_ratings(
    session: Session, stored: Stored
) -> None:
    body, name, media = export_conversation(
        session=session, thread_id=stored.answered, fmt="json", email=PARTNER
    )
    data = json.loads(body)

    assert (name, media) == (f"conversation-{stored.answered[:8]}.json", "application/json")
    assert (data["thread_id"], data["name"], data["user"]) == (stored.answered,
                                                               "Operasjonsstuer", PARTNER)  # fmt: skip
    roles = [(m["role"], m["text"][:20]) for m in data["messages"]]
    assert roles == [("user", "Hva er utnyttelsen a"), ("assistant", "Utnyttelsen er under"),
                     ("user", "Hvor mange operasjon"), ("assistant", "Kontrolltårn samler ")]  # fmt: skip
    good, bad = data["messages"][1], data["messages"][3]
    assert (good["mode"], good["abstained"], good["answer"]) == ("extractive", False, True)
    assert good["sources"] == [CITED]
    assert good["rating"] == {"value": "up", "comment": "Nyttig"}
    assert bad["rating"] == {"value": "down", "comment": "Svarer ikke på antallet"}
    assert data["messages"][0] == {"role": "user", "at": data["messages"][0]["at"],
                                   "text": "Hva er utnyttelsen av operasjonsstuene?"}  # fmt: skip


def test_the_markdown_export_reads_as_a_conversation_in_the_readers_language(
    session: Session, stored: Stored
) -> None:
    english, name, _ = export_conversation(
        session=session, thread_id=stored.abstained, fmt="md", email=COORDINATOR, language="en"
    )
    assert name.endswith(".md")
    assert english.startswith("# Conversation: Budsjett\n")
    assert "## Question · 2026-03-01 10:" in english
    assert "> Hva koster operasjonsstuene i drift?" in english
    assert "### Answer: not covered by the knowledge base" in english
    assert "Why not answered: no amount in the passages" in english
    assert "**Closest passages**" in english
    assert "- kontrolltarn.txt · avsnitt 4" in english
    norwegian = conversation_markdown(load_conversation(session, stored.answered), "no")
    assert "*Modus: ekstraktivt*" in norwegian
    assert "- [1] kontrolltarn.txt · avsnitt 2: «Utnyttelsen er under 70 prosent.»" in norwegian
    assert "**Vurdering: 👎 dårlig**\nKommentar: Svarer ikke på antallet" in norwegian
    # Text from the conversation brings no markup of its own.
    assert "> Utnyttelsen er under 70 prosent [1]." in norwegian  # a citation marker stays


def test_an_export_in_an_unknown_format_is_refused(session: Session, stored: Stored) -> None:
    with pytest.raises(InvalidInputError, match="json or md"):
        export_conversation(session=session, thread_id=stored.answered, fmt="pdf", email=PARTNER)


def test_text_from_the_conversation_brings_no_markup_into_the_markdown() -> None:
    planted = Conversation("t-1", "# Overskrift", "kari@ous.no", "2026-03-01T10:00:00Z", [
        Message("s-1", "user", "Se ![x](https://evil.example/?q=1) og <img src=x>", "2026-03-01"),
        Message("s-2", "assistant", "[Klikk](https://evil.example)\n# Ikke en overskrift",
                "2026-03-01", rating=Rating(0, "[lenke](https://evil.example)")),
    ])  # fmt: skip
    markdown = conversation_markdown(planted, "no")
    assert markdown.startswith("# Samtale: \\# Overskrift\n")  # in our heading, as text
    assert "> Se \\!\\[x](https://evil.example/?q=1) og \\<img src=x>" in markdown
    assert "> \\[Klikk](https://evil.example)" in markdown
    assert "> \\# Ikke en overskrift" in markdown
    assert "Kommentar: \\[lenke](https://evil.example)" in markdown
