"""The country / organization gazetteer (communique/entities.py, lang/entities.toml)."""

from __future__ import annotations

import time

import pytest

from communique.entities import canonical, cities, entity_kinds, find_entities


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
    text = "президент Международной федерации обществ Красного Креста и Красного Полумесяца"
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


def test_fast() -> None:
    text = "Министр иностранных дел Казахстана провел переговоры с Госсекретарем США. " * 60
    find_entities(text, "ru")  # compile once
    t = time.perf_counter()
    for _ in range(10):
        find_entities(text, "ru")
    assert (time.perf_counter() - t) / 10 < 0.05
