"""The country / organization gazetteer (communique/analysis/entities.py, lang/entities.toml)."""

from __future__ import annotations

import pytest

from communique.analysis.entities import (
    canonical,
    cities,
    city_country,
    entity_kinds,
    find_entities,
    implied_country,
    issuer_country,
)
from communique.document import Document, Sentence, Source
from communique.options import Options


def names(text: str, lang: str) -> list[str]:
    return [e.canonical for e in find_entities(text, lang)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (
            "ru",
            "Глава МИД Казахстана встретился с послом Соединенных Штатов Америки",
            ["Kazakhstan", "United States"],
        ),
        (
            "ru",
            "казахстанская и британская стороны обсудили отношения с ЕС",
            ["Kazakhstan", "United Kingdom", "EU"],
        ),
        ("ru", "белорусско-китайских связей", ["Belarus", "China"]),
        (
            "en",
            "The Kazakh side and the UK discussed the OSCE and the United Nations",
            ["Kazakhstan", "United Kingdom", "OSCE", "UN"],
        ),
        ("en", "the Republic of Korea and North Korea", ["South Korea", "North Korea"]),
        ("kk", "Қазақстан Республикасы мен Ресей Федерациясы ШЫҰ аясында", ["Kazakhstan", "Russia", "SCO"]),
        ("kk", "қазақстандық тарап ресейлік әріптесімен", ["Kazakhstan", "Russia"]),
        ("uk", "Міністр закордонних справ Німеччини та представник ЄС", ["Germany", "EU"]),
        (
            "fr",
            "la partie kazakhe et le Royaume-Uni, membres de l'ONU",
            ["Kazakhstan", "United Kingdom", "UN"],
        ),
        ("de", "die Außenminister Frankreichs und Russlands, der OSZE-Vorsitz", ["France", "Russia", "OSCE"]),
        ("es", "el canciller mexicano viajó a EE.UU.", ["Mexico", "United States"]),
        ("zh", "哈萨克斯坦外长会见俄罗斯外长，中方表示", ["Kazakhstan", "Russia", "China"]),
        ("ar", "التقى وزير خارجية كازاخستان بنظيره في الولايات المتحدة", ["Kazakhstan", "United States"]),
    ],
)
def test_find_entities(lang: str, text: str, expected: list[str]) -> None:
    assert names(text, lang) == expected


def test_offsets_are_the_mention() -> None:
    text = "Визит в Великобританию"
    (e,) = find_entities(text, "ru")
    assert text[e.start : e.end] == "Великобританию" == e.text
    assert e.kind == "country"


def test_no_false_hits_on_common_words() -> None:
    assert names("индивидуальный подход, us and them, Australia", "ru") == []
    assert names("they told us about it", "en") == []  # "us" is not the US
    assert names("Австралия и Австрия", "ru") == ["Australia", "Austria"]


def test_red_cross_federation_is_an_org() -> None:
    text = "визит в Международную федерацию обществ Красного Креста и Красного Полумесяца"
    (e,) = find_entities(text, "ru")
    assert (e.canonical, e.kind) == ("IFRC", "org")


def test_canonical() -> None:
    assert canonical("казахстанская сторона", "ru") == "Kazakhstan"
    assert canonical("британская сторона", "ru") == "United Kingdom"
    assert canonical("the Kazakh side", "en") == "Kazakhstan"
    assert canonical("Kasachstan", "de") == "Kazakhstan"
    assert canonical("NATO", "xx") == "NATO"  # a language without forms falls back to Latin forms
    assert canonical("a village", "en") is None


def test_gazetteer_size_and_cities() -> None:
    kinds = entity_kinds()
    assert sum(k == "country" for k in kinds.values()) >= 60
    assert sum(k == "org" for k in kinds.values()) >= 25
    assert "Астана" in cities("ru") and "Berlin" in cities("de")


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # the longest form wins over the names nested in it: no Ireland in the United Kingdom's full name
        ("ru", "Соединенное Королевство Великобритании и Северной Ирландии", ["United Kingdom"]),
        ("ru", "посол Соединённого Королевства Великобритании и Северной Ирландии", ["United Kingdom"]),
        ("uk", "Сполученого Королівства Великої Британії та Північної Ірландії", ["United Kingdom"]),
        ("en", "the United Kingdom of Great Britain and Northern Ireland", ["United Kingdom"]),
        ("ru", "Великобритании и Северной Ирландии", ["United Kingdom", "United Kingdom"]),
        ("zh", "大不列颠及北爱尔兰联合王国", ["United Kingdom"]),
        ("ru", "Ирландии и Великобритании", ["Ireland", "United Kingdom"]),
        # Arabic: a conjunction, a preposition and the article in front ("ل" + "ال" → "لل")
        ("ar", "المملكة العربية السعودية", ["Saudi Arabia"]),
        ("ar", "والمملكة العربية السعودية", ["Saudi Arabia"]),
        ("ar", "بالمملكة العربية السعودية", ["Saudi Arabia"]),
        ("ar", "للمملكة العربية السعودية", ["Saudi Arabia"]),
        ("ar", "وللمملكة العربية السعودية", ["Saudi Arabia"]),
        ("ar", "وبالمملكة العربية السعودية", ["Saudi Arabia"]),
        ("ar", "للجزائر ولبنان", ["Algeria", "Lebanon"]),
        ("ar", "وزير خارجية الجمهورية الإسلامية الإيرانية", ["Iran"]),
        ("ar", "نظيره اليوناني", ["Greece"]),
        ("ar", "مجلس التعاون لدول الخليج العربية", ["GCC"]),
    ],
)
def test_longest_match_and_clitics(lang: str, text: str, expected: list[str]) -> None:
    assert names(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "named", "country"),
    [
        ("Secretary of State Michael R. Pompeo", (), "United States"),
        ("Secretary of State for Foreign, Commonwealth and Development Affairs", (), "United Kingdom"),
        ("Foreign Secretary", (), "United Kingdom"),
        ("ministre de l'Europe et des affaires étrangères", (), "France"),
        ("Bundesminister des Auswärtigen", (), "Germany"),
        ("ministra de Asuntos Exteriores, Unión Europea y Cooperación", (), "Spain"),
        ("国务委员兼外长", (), "China"),
        ("External Affairs Minister", (), "India"),
        ("Außenminister", (), None),
        ("Minister of Foreign Affairs", (), None),
        # a title that is a country's only in practice counts when the release names that country
        ("Secretario de Relaciones Exteriores", (), None),
        ("Secretario de Relaciones Exteriores", ("Mexico",), "Mexico"),
        ("Bundeskanzlerin", ("Germany",), "Germany"),
        ("Bundeskanzler", ("Austria",), "Austria"),
        ("secretario de Estado de Comercio", (), None),
    ],
)
def test_implied_country(text: str, named: tuple[str, ...], country: str | None) -> None:
    assert implied_country(text, set(named)) == country


def test_city_country_any_language_and_case() -> None:
    assert city_country("Астане") == "Kazakhstan"
    assert city_country("Москве") == "Russia"
    assert city_country("北京") == "China"
    assert city_country("القاهرة") == "Egypt"
    assert city_country("Rabat") == "Morocco"
    assert city_country("Springfield") is None


@pytest.mark.parametrize(
    ("lang", "line", "country"),
    [
        (
            "en",
            "Press Service, Ministry of Foreign Affairs of Kazakhstan",
            "Kazakhstan",
        ),
        ("ru", "Пресс-служба МИД Беларуси", "Belarus"),
        ("ru", "Департамент информации и печати МИД России", "Russia"),
        ("kk", "ҚР Сыртқы істер министрлігінің баспасөз қызметі", "Kazakhstan"),
        ("uk", "Департамент комунікацій МЗС України", "Ukraine"),
        ("en", "The UK supports Sudan's transition.", None),
    ],
)
def test_issuer_country(lang: str, line: str, country: str | None) -> None:
    assert issuer_country([line], lang) == country


def _doc(text: str, lang: str) -> Document:
    from communique.core import analyse

    return analyse(Source(name="<t>", text=text), Options(lang=lang, engine="extractive"))


def test_document_index_has_offsets_and_sentences() -> None:
    doc = _doc(
        "Talks in Astana\n\nThe ministers of Kazakhstan and Georgia met. Georgia thanked the EU.", "en"
    )
    found = doc.mentions.found
    assert [(e.canonical, e.sent) for e in found] == [
        ("Kazakhstan", 1),
        ("Georgia", 1),
        ("Georgia", 2),
        ("EU", 2),
    ]
    assert all(doc.text[e.start : e.end] == e.text for e in found)
    s = doc.sentences[2]
    assert [(e.canonical, s.text[e.start : e.end]) for e in doc.mentions.sentence(s)] == [
        ("Georgia", "Georgia"),
        ("EU", "EU"),
    ]
    # a slice: offsets in the slice; a mention the slice cuts is clipped to it
    (cut,) = doc.mentions.span(s, 2, 10)
    assert (cut.canonical, cut.start, cut.end) == ("Georgia", 0, 5)
    assert doc.mentions.span(s, 8, 20) == []


def test_a_sentence_outside_the_document_is_searched() -> None:
    doc = _doc("The ministers of Kazakhstan and Georgia met.", "en")
    other = Sentence("Russia and China", 0, 16, 0, 0)
    assert [e.canonical for e in doc.mentions.sentence(other)] == ["Russia", "China"]


def test_analysis_searches_the_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Meeting facts and next steps read the document's index: no sentence is searched on its own."""
    import communique.analysis.entities as ents

    searched: list[str] = []
    real = ents.find_entities

    def spy(text: str, lang: str) -> list[ents.Entity]:
        searched.append(text)
        return real(text, lang)

    monkeypatch.setattr(ents, "find_entities", spy)
    monkeypatch.setattr("communique.analysis.meeting.find_entities", spy)
    text = (
        "Foreign Ministers of Kazakhstan and Georgia hold talks\n\nAstana, 16 May 2018 - The Minister of "
        "Foreign Affairs of Kazakhstan Kairat Abdrakhmanov held talks with the Minister of Foreign Affairs "
        "of Georgia Mikheil Janelidze.\n\nThe ministers agreed to hold the next session of the "
        "intergovernmental commission in Tbilisi in the autumn."
    )
    doc = _doc(text, "en")
    assert searched.count(doc.text) == 1
    assert not [t for t in searched if t != doc.text and len(t.split()) > 4]


def test_turkish_capital_dotted_i_and_any_whitespace() -> None:
    # a form that begins with "İ" is found ("İ" lowercases to two characters elsewhere)
    assert names("İngiltere ve İran", "tr") == ["United Kingdom", "Iran"]
    # a space in a form is any run of whitespace
    assert names("the United\u00a0States and the Republic of\n Korea", "en") == [
        "United States",
        "South Korea",
    ]


@pytest.mark.parametrize(
    ("form", "spelled"),
    [
        ("Росси[яи]", ["Россия", "России"]),
        ("russ[oa]s?", ["russo", "russos", "russa", "russas"]),
        ("U\\.S\\.(?:A\\.)?", ["U.S.", "U.S.A."]),
        ("Kazakhstan*", ["Kazakhstan*"]),
        ("Соединенн* Штат*", None),  # a word ending inside: checked by its pattern
        ("EE\\.?\\s?UU", None),
    ],
)
def test_forms_spelled_for_the_automaton(form: str, spelled: list[str] | None) -> None:
    from communique.analysis.matcher import _spell

    assert _spell(form) == spelled
