"""Extractive selection: repaired units, relevant and diverse sentences, each cited."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from assistant.answers.citations import quote_in_passage
from assistant.answers.extractive import ExtractiveAnswerer, block_units, passage_units
from assistant.index.retrieval import SearchResult
from assistant.services import Services
from assistant.text.analysis import NorwegianAnalyzer
from assistant.text.sentences import split_sentences


def _result(text: str, n: int = 1, score: float = 1.0) -> SearchResult:
    return SearchResult(f"c{n}", text, f"doc{n}.txt", f"Doc {n}", f"part {n}", score)


def test_slide_bullets_become_one_list_sentence_under_their_heading() -> None:
    text = "Innovasjon som prosess\n• Kaotiske og usikre\n• Sirkulære (læring)\n• Interaktive"
    units = passage_units(text)
    assert [u.text for u in units] == [
        "Innovasjon som prosess: Kaotiske og usikre; Sirkulære (læring); Interaktive"
    ]
    assert quote_in_passage(units[0].quote, text)


def test_unbulleted_slide_labels_are_read_as_a_list_and_broken_items_joined() -> None:
    text = (
        "Sykehuspartner må understøtte behov\n\nØkt endringstakt\n\nNyttiggjøring av helse- og"
        "\n\nstyringsdata\n\nSamhandling"
    )
    (unit,) = passage_units(text)
    assert unit.text == (
        "Sykehuspartner må understøtte behov: Økt endringstakt; "
        "Nyttiggjøring av helse- og styringsdata; Samhandling"
    )


def test_prose_lines_broken_mid_sentence_are_joined_and_split_into_sentences() -> None:
    text = "Kommunen valgte en ny\nmodell for hjemmetjenester. Den ble\nevaluert i 2020."
    assert [u.text for u in passage_units(text)] == [
        "Kommunen valgte en ny modell for hjemmetjenester.",
        "Den ble evaluert i 2020.",
    ]


def test_abbreviations_do_not_end_a_sentence() -> None:
    assert split_sentences("Vi bruker f.eks. Skype i møtene. Det virker.") == [
        "Vi bruker f.eks. Skype i møtene.",
        "Det virker.",
    ]


def test_selection_is_relevant_diverse_and_cites_each_sentence() -> None:
    passages = [
        _result(
            "Kontrolltårn bruker maskinlæring til operasjonsplanlegging. "
            "Kontrolltårn bruker maskinlæring til operasjonsplanlegging på sykehuset. "
            "Kantinen serverer suppe på fredager.",
            1,
        ),
        _result("Maskinlæring i Kontrolltårn lærer av historiske operasjonsplaner.", 2, 0.8),
    ]
    answerer = ExtractiveAnswerer(NorwegianAnalyzer())
    extract = answerer.answer("Hvordan bruker Kontrolltårn maskinlæring?", passages)
    texts = [s.unit.text for s in extract.chosen]
    assert 2 <= len(texts) <= 5
    assert not any("Kantinen" in t for t in texts)
    # The near-copy of the first sentence adds nothing, so only one of the two is chosen.
    assert sum("operasjonsplanlegging" in t for t in texts) == 1
    assert "[2]" in extract.text
    assert "[1]" in extract.text
    for s in extract.chosen:
        assert quote_in_passage(s.unit.quote, passages[s.unit.passage - 1].text)


def test_extractive_answer_over_the_index_cites_the_right_document(indexed: Services) -> None:
    answer = indexed.answer_chain().invoke("Hva er utnyttelsen av bemannede operasjonsstuer?")
    assert not answer.abstained
    assert answer.mode == "extractive"
    assert answer.citations
    assert answer.citations[0].source == "kontrolltarn.txt"
    assert "70 prosent" in answer.text
    assert "[1]" in answer.text


def test_a_slide_title_with_bullets_starts_its_own_unit() -> None:
    text = (
        "Eks. Inkrementell: CD, radikal: streaming\n"
        "Innovasjon som prosess – fra lineær til spagettimodellen\n"
        "• Kaotiske og usikre\n• Sirkulære (læring)\n• Interaktive\n"
    )
    texts = [u.text for u in passage_units(text)]
    assert texts[-1] == (
        "Innovasjon som prosess – fra lineær til spagettimodellen: "
        "Kaotiske og usikre; Sirkulære (læring); Interaktive"
    )
    assert not any("streaming" in t and "Kaotiske" in t for t in texts)


def test_an_intro_ending_in_a_colon_is_offered_with_the_items_it_announces() -> None:
    text = (
        "• «Normalisering»: Arbeidet med å veve inn noe nytt i daglig praksis. "
        "Generative mekanismer:\n"
        "• Sammenheng: definerer og organiserer elementene som skal med i endringen\n"
        "• Kognitiv deltakelse: definerer og organiserer menneskene som deltar i endringen\n"
        "• Kollektiv handling: definerer og organiserer skapingen av ny praksis i enheten\n"
    )
    units = block_units(passage_units(text))
    blocks = [u for u in units if u.items >= 3]
    assert len(blocks) == 1
    assert "Generative mekanismer:" in blocks[0].text
    assert "Kollektiv handling" in blocks[0].text
    assert quote_in_passage(blocks[0].quote.split(" • ")[0], text)


def test_a_list_question_prefers_the_list_over_the_sentence_naming_its_topic() -> None:
    passages = [
        _result(
            "Eksperimenteringsarbeid har mange steg som er svært viktige for god innovasjon "
            "i helsesektoren.\n"
            "\nSteg i eksperimenteringsarbeid\n• Forstå problemet (innsikt)\n"
            "• Formulere verdiforslag\n• Teste med prototyp\n• Lære gjennom iterasjon\n",
        )
    ]
    answerer = ExtractiveAnswerer(NorwegianAnalyzer(), max_sentences=1, min_sentences=1)
    listed = answerer.answer("Hvilke steg har eksperimenteringsarbeid?", passages)
    assert "iterasjon" in listed.text
    plain = ExtractiveAnswerer(
        NorwegianAnalyzer(), max_sentences=1, min_sentences=1, list_bonus=0.0
    ).answer("Hvilke steg har eksperimenteringsarbeid?", passages)
    assert "iterasjon" not in plain.text


class ConceptEmbeddings(Embeddings):
    """A tiny 'multilingual' model: words of one concept in either language share a dimension."""

    CONCEPTS = (("seminar", "seminaret"), ("proposals", "forslag"), ("canteen", "kantinen"))

    def __init__(self) -> None:
        self.documents: list[str] = []

    def _vector(self, text: str) -> list[float]:
        low = text.lower()
        return [1.0 + sum(w in low for w in words) for words in self.CONCEPTS]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents.extend(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def test_embeddings_reach_a_norwegian_answer_to_an_english_question_and_are_cached() -> None:
    passages = [
        _result(
            "Kantinen er åpen fra elleve til ett alle hverdager i uken.\n\n"
            "Seminaret endte med ni forslag fra de ansatte i kommunen.",
        )
    ]
    embeddings = ConceptEmbeddings()
    cache: dict = {}
    answerer = ExtractiveAnswerer(
        NorwegianAnalyzer(), embeddings, max_sentences=1, min_sentences=1, vector_cache=cache
    )
    extract = answerer.answer("How many proposals came out of the seminar?", passages)
    assert "ni forslag" in extract.text
    embedded = len(embeddings.documents)
    answerer.answer("Which proposals did the seminar make?", passages)
    assert len(embeddings.documents) == embedded  # the same sentences are not embedded again


def test_the_sentence_after_the_best_one_comes_along_when_it_is_on_topic() -> None:
    passages = [
        _result(
            "Kommunen holdt et seminar om fremtidens utfordringer i helse og omsorg. "
            "Omtrent 50 ansatte fra kommunen deltok, og det varte i tre dager. "
            "Kantinen serverer suppe på fredager."
        )
    ]
    # The relative floor stops selection after the best sentence; only context adds more.
    answerer = ExtractiveAnswerer(
        NorwegianAnalyzer(), max_sentences=2, min_sentences=1, relative_floor=0.9
    )
    question = "Hva handlet kommunens seminar om?"
    with_context = answerer.answer(question, passages)
    assert "50 ansatte" in with_context.text
    assert "Kantinen" not in with_context.text
    alone = ExtractiveAnswerer(
        NorwegianAnalyzer(), max_sentences=2, min_sentences=1, relative_floor=0.9, context_floor=2
    ).answer(question, passages)
    assert "50 ansatte" not in alone.text


def test_private_use_pdf_bullets_become_list_items() -> None:
    from assistant.answers.extractive import passage_units

    units = passage_units(
        "Funn i kommune A:\n\uf0b7 Ansatte er sterkt involvert. \uf0b7 Kommunen satser på kompetanse."
    )
    text = " ".join(u.text for u in units)
    assert "\uf0b7" not in text
    assert "Ansatte er sterkt involvert" in text
    assert "Kommunen satser på kompetanse" in text


def test_a_figure_question_prefers_the_sentence_stating_the_figure() -> None:
    # Each sentence shares one of the question's two terms; only the second gives the number.
    passages = [
        _result(
            "Seminaret samlet ledere og ansatte fra hele regionen i flere dager. "
            "Det kom 9 forslag fra ledere og ansatte i hele regionen."
        )
    ]
    question = "Hvor mange forslag kom ut av seminaret?"
    preferring = ExtractiveAnswerer(NorwegianAnalyzer(), max_sentences=1, min_sentences=1)
    assert "9 forslag" in preferring.answer(question, passages).text
    plain = ExtractiveAnswerer(
        NorwegianAnalyzer(), max_sentences=1, min_sentences=1, figure_bonus=0.0
    )
    assert "9 forslag" not in plain.answer(question, passages).text


def test_a_table_caption_is_offered_with_its_rows() -> None:
    text = (
        "Tabell 1: Utvalget\nKommune nr. Antall ansatte\nAntall innbyggere\n"
        "A 2 275 44 000\nB 670 10 000\nC 260 3 500"
    )
    units = block_units(passage_units(text))
    table = max(units, key=lambda u: len(u.text))
    assert table.text.startswith("Tabell 1: Utvalget")
    assert "2 275 44 000" in table.text
    assert "260 3 500" in table.text


def test_a_figure_alone_on_its_line_joins_the_label_above_it() -> None:
    text = "Tydelige mål\n\nRaskere innovasjon\n\n10%\n\nØkt produktivitet\n\n30%"
    (unit,) = passage_units(text)
    assert unit.text == "Tydelige mål: Raskere innovasjon 10%; Økt produktivitet 30%"
    assert quote_in_passage(unit.quote, text)


def test_english_to_is_not_the_norwegian_numeral() -> None:
    from assistant.answers.extractive import asks_for_list

    assert not asks_for_list("What targets are attached to the new strategy?")
    assert asks_for_list("Hvilke to proposisjoner formulerer forfatterne?")
    assert asks_for_list("Which principles does the compass name?")


def test_a_chosen_unit_gives_way_to_one_that_says_the_same_and_more() -> None:
    # Overlapping chunks: the second repeats the first's last item and goes on.
    first = _result(
        "Mekanismer i normalisering av ny praksis:\n• Sammenheng i arbeidet\n"
        "• Kognitiv deltakelse\n\nKollektiv handling skaper ny praksis.",
        n=1,
    )
    second = _result(
        "Kollektiv handling skaper ny praksis. Refleksiv overvåking vurderer ny praksis.",
        n=2,
        score=0.9,
    )
    answerer = ExtractiveAnswerer(NorwegianAnalyzer(), max_sentences=3, min_sentences=3)
    extract = answerer.answer("Hvilke mekanismer har normalisering av ny praksis?", [first, second])
    assert "Refleksiv overvåking" in extract.text
    assert extract.text.count("Kollektiv handling") == 1


def test_terms_inside_compounds_count_for_sentence_coverage() -> None:
    analyzer = NorwegianAnalyzer()
    analyzer.learn(["strategi for innovasjon", "innovasjon", "strategi"])
    answerer = ExtractiveAnswerer(analyzer)
    question = answerer.terms("Hadde kommunene en strategi for innovasjon?", query=True)
    assert answerer.coverage(question, answerer.terms("Ingen har en innovasjonsstrategi.")) > 0.5


def test_the_rest_of_a_slide_list_follows_it_on_a_lower_bar() -> None:
    # The extraction cut the slide's list at an unbulleted label; its rest shares no term.
    text = (
        "Infrastruktur for ny teknologi\n• Allmenn sky (Azure, AWS)\n• Privat sky\n• Lokale data\n"
        "Tredjeparts-tjenester for forskning (TSD)\n• Norsk helsenett (WAN)\n\n"
        "Kantinen serverer suppe på fredager."
    )
    question = "Hvilken infrastruktur for ny teknologi vises?"
    base = {"max_sentences": 2, "min_sentences": 1, "relative_floor": 0.9, "context_floor": 0.4}
    continued = ExtractiveAnswerer(NorwegianAnalyzer(), list_context_floor=0.3, **base)
    extract = continued.answer(question, [_result(text)])
    assert "TSD" in extract.text
    assert "Kantinen" not in extract.text
    strict = ExtractiveAnswerer(NorwegianAnalyzer(), list_context_floor=0.4, **base)
    assert "TSD" not in strict.answer(question, [_result(text)]).text


def test_figure_kinds_of_questions() -> None:
    from assistant.text.figures import figure_kind, states_figure

    assert figure_kind("What quantified targets does the strategy set?") == "count"
    assert figure_kind("Hvor mye kostet prosjektet?") == "money"
    assert figure_kind("How large a share of the staff took part?") == "percent"
    assert figure_kind("Hva er verdikompasset?") == ""
    assert states_figure("Økt produktivitet 30%", "percent")
    assert not states_figure("12 Agenda for møtet", "count")


def test_a_sentence_under_a_matching_heading_counts_as_on_topic() -> None:
    passages = [
        SearchResult(
            "c1", "Vi setter av tid til å bli kjent.", "a.md", "A", "section 4: Samskaping", 1.0
        ),
        SearchResult("c2", "Vi setter av tid til lunsj.", "b.md", "B", "section 2: Kantine", 1.0),
    ]
    answerer = ExtractiveAnswerer(NorwegianAnalyzer(), max_sentences=1, min_sentences=1)
    extract = answerer.answer("Hva innebærer samskaping?", passages)
    assert "bli kjent" in extract.text
    assert extract.scored[0].lexical > extract.scored[1].lexical


def test_question_framing_words_are_not_query_terms() -> None:
    terms = NorwegianAnalyzer().terms("Hva innebærer samskaping, og hva betyr det?", query=True)
    assert terms == ["samskaping"]
