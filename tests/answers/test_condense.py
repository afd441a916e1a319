"""Follow-ups: history as messages, the rule without a model, and a model's rewrite cleaned."""

from __future__ import annotations

from langchain_core.messages import AIMessage, HumanMessage

from assistant.answers.condense import (
    CondenseTuning,
    clean_condensed,
    format_history,
    looks_like_follow_up,
    rule_condense,
    to_messages,
)

QUESTION = "Hva er utnyttelsen av bemannede operasjonsstuer i Kontrolltårn?"


def test_history_tuples_become_messages() -> None:
    messages = to_messages([("user", "Hei"), ("assistant", "Hallo"), HumanMessage("Og?")])
    assert [type(m) for m in messages] == [HumanMessage, AIMessage, HumanMessage]
    assert [m.content for m in messages] == ["Hei", "Hallo", "Og?"]
    assert to_messages(None) == []


def test_history_is_cut_to_the_last_turns_and_each_message_shortened() -> None:
    messages = to_messages([("user", f"spørsmål {n}") for n in range(20)])
    assert format_history(messages).splitlines() == [f"User: spørsmål {n}" for n in range(8, 20)]
    short = format_history(messages, CondenseTuning(history_turns=1, history_chars=5))
    assert short.splitlines() == ["User: spørs", "User: spørs"]
    long = format_history(to_messages([("assistant", "x" * 1000)]))
    assert long == "Assistant: " + "x" * 600


def test_short_or_pointing_questions_are_follow_ups() -> None:
    assert looks_like_follow_up("Og hvor mange strykes?")
    assert looks_like_follow_up("What about their budget for the coming years in the region?")
    assert not looks_like_follow_up(QUESTION)
    assert looks_like_follow_up("Hvor mange strykes årlig?")
    assert not looks_like_follow_up("Hvor mange strykes årlig?", CondenseTuning(follow_up_words=2))


def test_the_rule_prefixes_a_follow_up_with_the_previous_question() -> None:
    messages = to_messages([("user", QUESTION), ("assistant", "Under 70 prosent [1].")])
    assert rule_condense("Og hvor mange strykes?", messages) == f"{QUESTION} Og hvor mange strykes?"
    assert rule_condense(QUESTION, messages) == QUESTION
    assert rule_condense("Og hvor mange?", []) == "Og hvor mange?"


def test_a_models_rewrite_is_cleaned_or_replaced_by_the_rule() -> None:
    assert clean_condensed("Standalone question: «Hva koster det?»\nMer tekst", "x") == (
        "Hva koster det?"
    )
    assert clean_condensed("", "fallback") == "fallback"
    assert clean_condensed("ja", "fallback") == "fallback"
    assert clean_condensed("y" * 401, "fallback") == "fallback"
    assert clean_condensed("y" * 401, "f", CondenseTuning(max_rewrite_chars=500)) == "y" * 401
