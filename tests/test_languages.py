"""Languages added by a resource file alone: Polish, Italian, Portuguese and Turkish releases.

Each release under tests/data/languages/ is written for these tests (about a real meeting) with the
traps ministries' texts carry: a past agreement, a negated one, a hope, thanks. A language must read
its date, place (base form), participants, next steps (not the traps) and key points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import validate_readout

import communique
from communique.analysis.dates import find_dates
from communique.analysis.steps.cues import LIST_KEYS, cues_for
from communique.lang import available_languages, resources

DATA = Path(__file__).resolve().parent / "data" / "languages"
NEW = ("pl", "it", "pt", "tr")


@dataclass
class Case:
    file: str
    lang: str
    date: str
    month_phrase: str  # how the release writes its date, for the month-name check
    place: str
    surnames: tuple[str, ...]
    steps: tuple[tuple[str, str], ...]  # (a word of the action, kind)
    traps: tuple[str, ...] = field(default=())  # sentences that hold no step


CASES = [
    Case(
        "pl-wilno.txt",
        "pl",
        "2020-10-15",
        "15 października 2020 r.",
        "Wilno",
        ("Rau", "Linkevičius"),
        (("posiedzenie", "agreed"), ("grupę roboczą", "agreed"), ("wsparcie", "pledge")),
        ("przypomnieli", "Nie osiągnięto", "wyrazili nadzieję", "podziękował"),
    ),
    Case(
        "it-roma.txt",
        "it",
        "2020-06-09",
        "9 giugno 2020",
        "Roma",
        ("Maio", "Dendias"),
        (("gruppo di lavoro", "agreed"), ("candidatura", "pledge")),
        ("Non è stato raggiunto", "hanno auspicato", "ha ringraziato"),
    ),
    Case(
        "pt-brasilia.txt",
        "pt",
        "2020-03-04",
        "4 de março de 2020",
        "Brasília",
        ("Araújo", "Santos Silva"),
        (("Cimeira", "agreed"), ("grupo de trabalho", "agreed"), ("ratificação", "pledge")),
        ("Não houve acordo", "esperança", "agradeceu"),
    ),
    Case(
        "tr-ankara.txt",
        "tr",
        "2020-09-10",
        "10 Eylül 2020",
        "Ankara",
        ("Çavuşoğlu", "Szijjártó"),
        (("toplantısının", "agreed"), ("uçuşların", "agreed"), ("yatırımcılara", "pledge")),
        ("uzlaşı sağlanamadı", "umduklarını", "teşekkür"),
    ),
]


@pytest.fixture(scope="module", params=CASES, ids=[c.lang for c in CASES])
def case(request: pytest.FixtureRequest) -> tuple[Case, str, communique.Readout]:
    c: Case = request.param
    text = (DATA / c.file).read_text(encoding="utf-8")
    return c, text, communique.summarize(text, engine="extractive")


def test_new_languages_have_every_table() -> None:
    langs = available_languages()
    for code in NEW:
        assert code in langs
        res = resources(code)
        assert res.has_file
        for table in ("text", "dates", "meeting", "steps", "points"):
            assert res[table], f"{code}.toml lacks [{table}]"
        months = res.get("dates.months")
        assert len(months) == 12 and all(months)
        for forms in months:  # every month form is a valid pattern once "*" stands for an ending
            for f in forms:
                re.compile(f.replace("*", r"\w*"))
        cues = cues_for(code)
        assert cues.patterns["agree"] is not None and cues.patterns["negation"] is not None
        assert set(LIST_KEYS) >= {"agree", "pledge", "negation", "hypothetical", "thanks"}


def test_language_detected(case: tuple[Case, str, communique.Readout]) -> None:
    c, _, r = case
    assert r.language == c.lang


def test_date_iso(case: tuple[Case, str, communique.Readout]) -> None:
    c, _, r = case
    assert find_dates(c.month_phrase), "the language's month names are read"
    assert r.meeting.date == c.date


def test_place_base_form(case: tuple[Case, str, communique.Readout]) -> None:
    c, _, r = case
    assert r.meeting.place == c.place


def test_participants(case: tuple[Case, str, communique.Readout]) -> None:
    c, _, r = case
    names = " | ".join(p.name for p in r.meeting.participants)
    for surname in c.surnames:
        assert surname in names, names
    assert r.meeting.kind == "bilateral-meeting"


def test_next_steps_and_traps(case: tuple[Case, str, communique.Readout]) -> None:
    c, _, r = case
    for word, kind in c.steps:
        assert any(word in s.action and s.kind == kind for s in r.next_steps), (word, kind, r.next_steps)
    for trap in c.traps:
        assert not any(trap in s.evidence for s in r.next_steps), (trap, r.next_steps)
    assert all(s.parties for s in r.next_steps)


def test_key_points_verbatim(case: tuple[Case, str, communique.Readout]) -> None:
    _, text, r = case
    assert r.key_points
    validate_readout(r.to_dict(), text)


@pytest.mark.parametrize(
    ("lang", "text", "place"),
    [
        (
            "pl",
            "Minister spraw zagranicznych Zbigniew Rau spotkał się w Krakowie z ministrem spraw zagranicznych Czech Jakubem Kulhánkiem.",
            "Kraków",
        ),
        (
            "pl",
            "Minister spraw zagranicznych Jacek Czaputowicz spotkał się w Poznaniu z ministrem spraw zagranicznych Niemiec Heiko Maasem.",
            "Poznań",
        ),
        (
            "pl",
            "Wiceminister Paweł Jabłoński spotkał się w Warszawie z ambasadorem Francji Frédérikiem Billetem.",
            "Warszawa",
        ),
        (
            "it",
            "Il Ministro degli Esteri Luigi Di Maio ha incontrato a Milano il Ministro degli Esteri francese Jean-Yves Le Drian.",
            "Milano",
        ),
        (
            "pt",
            "O Ministro dos Negócios Estrangeiros, Augusto Santos Silva, reuniu-se em Lisboa com o seu homólogo espanhol, Arancha González Laya.",
            "Lisboa",
        ),
        (
            "tr",
            "Dışişleri Bakanı Mevlüt Çavuşoğlu, Azerbaycan Dışişleri Bakanı Ceyhun Bayramov ile İstanbul'da görüştü.",
            "İstanbul",
        ),
        (
            "tr",
            "Dışişleri Bakanı Mevlüt Çavuşoğlu, Rusya Dışişleri Bakanı Sergey Lavrov ile Soçi'de bir araya geldi.",
            "Soçi",
        ),
    ],
)
def test_locative_place(lang: str, text: str, place: str) -> None:
    heading = {"pl": "Spotkanie", "it": "Incontro", "pt": "Encontro", "tr": "Görüşme"}[lang]
    r = communique.summarize(f"{heading}\n\n{text}", engine="extractive", lang=lang)
    assert r.meeting.place == place


def test_turkish_name_suffix_stripped() -> None:
    text = "Görüşme\n\nDışişleri Bakanı Mevlüt Çavuşoğlu, Yunanistan Dışişleri Bakanı Nikos Dendias'la Ankara'da görüştü."
    r = communique.summarize(text, engine="extractive", lang="tr")
    names = [p.name for p in r.meeting.participants]
    assert "Nikos Dendias" in names, names
    assert r.meeting.place == "Ankara"


def test_polish_instrumental_name_in_base_form() -> None:
    text = "Spotkanie\n\nMinister spraw zagranicznych Zbigniew Rau spotkał się z ministrem spraw zagranicznych Litwy Gabrieliusem Landsbergisem."
    r = communique.summarize(text, engine="extractive", lang="pl")
    people = {p.name: p.affiliation for p in r.meeting.participants}
    assert people.get("Gabrielius Landsbergis") == "Lithuania", people


def test_polish_plural_role_before_a_list_of_names() -> None:
    text = (
        "Trójkąt Weimarski\n\n"
        "Ministrowie spraw zagranicznych Polski, Francji i Niemiec – Jacek Czaputowicz, Jean-Yves Le Drian "
        "i Heiko Maas – spotkali się w Paryżu w formacie Trójkąta Weimarskiego."
    )
    r = communique.summarize(text, engine="extractive", lang="pl")
    got = {p.name: ((p.role or "").lower(), p.affiliation) for p in r.meeting.participants}
    assert got.get("Jacek Czaputowicz") == ("minister spraw zagranicznych", "Poland"), got
    assert got.get("Heiko Maas") == ("minister spraw zagranicznych", "Germany"), got
    assert r.meeting.place == "Paryż"
    assert r.meeting.kind == "multilateral"


# ------------------------------------------------------------ Persian: a language from a data file alone


def test_persian_from_its_data_file_alone_through_the_cli() -> None:
    """lang/fa.toml is all Persian has (no code names it): its meeting facts, participants with their
    roles and countries, and the agreed next step, read through the real command line."""
    import json
    import subprocess
    import sys

    src = DATA / "fa-tehran.txt"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "communique",
            "summarize",
            str(src),
            "--format",
            "json",
            "--engine",
            "extractive",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    validate_readout(out, src.read_text(encoding="utf-8"))
    m = out["meeting"]
    assert out["language"] == "fa" and m["kind"] == "bilateral-meeting"
    assert (m["date"], m["place"]) == ("2023-05-15", "تهران")
    people = [(p["name"], p["role"], p["affiliation"]) for p in m["participants"]]
    assert people == [
        ("حسین امیرعبداللهیان", "وزیر امور خارجه", "Iran"),
        ("مولود چاووش‌اوغلو", "وزیر امور خارجه", "Turkey"),
    ]
    (step,) = out["next_steps"]  # the thanks in the last sentence is no step
    assert step["kind"] == "agreed" and step["category"] == "meet"
    assert step["action"].startswith("دور بعدی رایزنی") and set(step["parties"]) == {"Iran", "Turkey"}


def test_persian_phone_call_and_pledge() -> None:
    text = (
        "گفتگوی تلفنی وزیران امور خارجه ایران و قطر\n\n"
        "وزیر امور خارجه ایران حسین امیرعبداللهیان در گفتگوی تلفنی با محمد بن عبدالرحمن وزیر امور خارجه قطر "
        "درباره تحولات منطقه رایزنی کرد.\n\n"
        "ایران آمادگی خود را برای گسترش همکاری‌های اقتصادی با قطر اعلام کرد.\n\n"
        "دو طرف پیش از این در سال گذشته توافق کرده بودند."
    )
    ro = communique.summarize(text, engine="extractive")
    assert ro.language == "fa" and ro.meeting.kind == "phone-call" and ro.meeting.place is None
    assert [p.affiliation for p in ro.meeting.participants] == ["Iran", "Qatar"]
    assert [(s.kind, s.parties) for s in ro.next_steps] == [("pledge", ["Iran"])]
