"""The extractive engine: key points, evidence, summary (releases in tests/data/extractive, our own words)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA

from communique.analysis.points import (
    CJK,
    CUE_FAMILIES,
    cap_first,
    cue_hits,
    cut_clause,
    family_pattern,
    has_low,
    is_boilerplate,
    lexicon,
    lower_first,
    n_words,
    norm,
    similarity,
    stems,
    trim_point,
    usable_mask,
    verbatim_piece,
)
from communique.analysis.text import split_sentences
from communique.core import load
from communique.document import Document
from communique.lang import available_languages, resources
from communique.models.extractive import MAX_POINT_WORDS, ExtractiveEngine
from communique.options import Options
from communique.readout import Meeting, NextStep, Participant

REL = DATA / "extractive"

# per release: language, participants (as the meeting extractor would give them), the meeting
# sentence, the agreement, and lines that must never be a point
CASES: dict[str, dict] = {
    "en-tokyo.txt": {
        "lang": "en",
        "people": ["Antony Blinken", "Yoko Kamikawa"],
        "meeting": "held talks with Japanese Foreign Minister Yoko Kamikawa",
        "agree": "bilateral economic dialogue",
        "boiler": [
            "Background:",
            "Japan currently holds",
            "last met in Karuizawa",
            "Photo:",
            "Share | Print",
            "press@example.org",
            "Press Service of the Ministry",
            "hold talks in Tokyo",
        ],
    },
    "ru-astana.txt": {
        "lang": "ru",
        "people": ["Мурат Нуртлеу", "Бахтиёр Саидов"],
        "meeting": "провел переговоры с Министром иностранных дел Республики Узбекистан",
        "agree": "подписали Программу сотрудничества",
        "boiler": [
            "Справка:",
            "установили дипломатические отношения",
            "Договор о союзнических",
            "Фото:",
            "Пресс-служба",
            "Переговоры министров иностранных дел Казахстана и Узбекистана",
        ],
    },
    "kk-astana.txt": {
        "lang": "kk",
        "people": ["Мұрат Нұртлеу", "Хакан Фидан"],
        "meeting": "Хакан Фиданмен келіссөздер жүргізді",
        "agree": "жалғастыруға уағдаласты",
        "boiler": ["Анықтама:", "баспасөз қызметі", "Түркия Сыртқы істер министрімен кездесті"],
    },
    "fr-paris.txt": {
        "lang": "fr",
        "people": ["Stéphane Séjourné", "Annalena Baerbock"],
        "meeting": "a reçu à Paris son homologue allemande",
        "agree": "Ils sont convenus de renforcer",
        "boiler": ["Partager", "presse@example.fr", "Entretien de Stéphane Séjourné avec"],
    },
    "zh-beijing.txt": {
        "lang": "zh",
        "people": ["王毅", "斯特凡纳·塞茹尔内"],
        "meeting": "举行会谈",
        "agree": "双方同意",
        "boiler": ["责任编辑", "【打印】", "王毅同法国外长会谈\n"],
    },
    "ar-cairo.txt": {
        "lang": "ar",
        "people": ["سامح شكري", "أيمن الصفدي"],
        "meeting": "نظيره الأردني أيمن الصفدي",
        "agree": "واتفق الجانبان",
        "boiler": ["المكتب الإعلامي", "وزير الخارجية يستقبل نظيره الأردني\n"],
    },
    "zh-trilateral.txt": {
        "lang": "zh",
        "people": ["王毅", "艾班", "沙姆哈尼"],
        "meeting": "主持沙特和伊朗代表团会谈",
        "agree": "三方签署并发表联合声明",
        "boiler": ["责任编辑", "【打印】", "热情接待", "中沙伊三方会谈在北京闭幕\n"],
    },
    "ar-turkey.txt": {
        "lang": "ar",
        "people": ["سامح شكري", "مولود جاويش أوغلو"],
        "meeting": "نظيره التركي مولود جاويش أوغلو",
        "agree": "ووقع الجانبان على مذكرة تفاهم",
        "boiler": ["المكتب الإعلامي", "حفاوة الاستقبال", "وزير الخارجية يستقبل نظيره التركي\n"],
    },
}


def _ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _doc(source: str | Path, lang: str) -> Document:
    """A document as the engine receives it, without the meeting and step extractors (their own
    tests cover them): the engine is tested on its own."""
    src = load(source)
    res = resources(lang)
    return Document(
        source=src, lang=lang, res=res, sentences=split_sentences(src.text, res), meeting=Meeting()
    )


def _digest(name: str, *, people: bool = True, **kw: object):
    case = CASES[name]
    opts = Options(engine="extractive", lang=case["lang"], **kw)  # type: ignore[arg-type]
    doc = _doc(REL / name, case["lang"])
    if people:
        assert doc.meeting is not None
        doc.meeting.participants = [Participant(p) for p in case["people"]]
    return doc, ExtractiveEngine(opts).digest(doc)


@pytest.mark.parametrize("name", sorted(CASES))
def test_points_are_verbatim_concise_and_bounded(name: str) -> None:
    doc, dg = _digest(name)
    text = _ws(doc.text)
    assert 3 <= len(dg.key_points) <= 5
    for kp in dg.key_points:
        assert kp.text and kp.evidence
        for ev in kp.evidence:
            assert _ws(ev) in text, ev
        if CJK.search(kp.text):
            assert len(kp.text) <= 2 * MAX_POINT_WORDS + 20
        else:
            assert n_words(kp.text) <= MAX_POINT_WORDS + 20  # a cut keeps a whole clause


@pytest.mark.parametrize("name", sorted(CASES))
def test_boilerplate_is_never_a_point(name: str) -> None:
    _, dg = _digest(name)
    for kp in dg.key_points:
        for ev in kp.evidence:
            for b in CASES[name]["boiler"]:
                if b.endswith("\n"):  # the title line: it may share words with the lead, but is no point
                    assert ev.strip() != b.strip()
                else:
                    assert b not in ev, (b, ev)
        assert "@" not in kp.text and "http" not in kp.text


@pytest.mark.parametrize("name", sorted(CASES))
def test_meeting_first_then_agreement(name: str) -> None:
    _, dg = _digest(name)
    case = CASES[name]
    assert case["meeting"] in dg.key_points[0].evidence[0]
    assert any(case["agree"] in ev for kp in dg.key_points[:3] for ev in kp.evidence), dg.key_points


@pytest.mark.parametrize("name", sorted(CASES))
def test_meeting_first_without_participants(name: str) -> None:
    # the meeting extractor may find nobody: the meeting cues of the language still find the sentence
    _, dg = _digest(name, people=False)
    assert CASES[name]["meeting"] in dg.key_points[0].evidence[0]


@pytest.mark.parametrize("name", sorted(CASES))
def test_summary_says_who_met_whom_in_the_release_language(name: str) -> None:
    doc, dg = _digest(name)
    case = CASES[name]
    assert case["meeting"] in dg.summary
    assert n_words(dg.summary) <= 90
    if case["lang"] in ("ru", "kk"):
        assert re.search(r"[а-яё]", dg.summary.lower())
    if case["lang"] == "zh":
        assert CJK.search(dg.summary)
    # nothing the release does not say: every sentence of the summary is in the text
    text = _ws(doc.text)
    for part in re.split(r"(?<=[.。])\s*", dg.summary):
        core = part.strip().rstrip(".。")
        core = re.sub(r"^.*?\s[–—-]\s", "", core)  # the dateline stands before the sentence
        assert _ws(core)[-40:] in text, part


def test_no_two_points_repeat_a_fact() -> None:
    # the English release states the next economic dialogue twice, in two word orders
    doc, dg = _digest("en-tokyo.txt")
    hits = [kp for kp in dg.key_points if "economic dialogue" in kp.evidence[0]]
    assert len(hits) == 1
    lex = lexicon(doc.res)
    sets = [set(stems(kp.evidence[0], lex)) for kp in dg.key_points]
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            assert similarity(sets[i], sets[j]) < 0.6


def test_courtesies_are_not_points_when_there_is_better() -> None:
    for name, marker in (("en-tokyo.txt", "hospitality"), ("ru-astana.txt", "гостеприимство")):
        _doc, dg = _digest(name)
        assert not any(marker in ev for kp in dg.key_points for ev in kp.evidence)


def test_max_points_is_the_maximum() -> None:
    _doc, dg = _digest("en-tokyo.txt", max_points=3)
    assert len(dg.key_points) == 3
    _doc, dg = _digest("en-tokyo.txt", max_points=1)
    assert len(dg.key_points) == 1


def test_figures_make_points() -> None:
    _doc, dg = _digest("ru-astana.txt")
    assert any("4,5 миллиарда" in ev for kp in dg.key_points for ev in kp.evidence)
    # a name is no cue: شكري (Shoukry) holds شكر ("thanked"), yet his statement is a point
    _doc, dg = _digest("ar-cairo.txt")
    assert any("5 آلاف شاحنة" in ev for kp in dg.key_points for ev in kp.evidence)


def test_language_without_a_file_gets_a_readout() -> None:
    text = (
        "Ministro degli Esteri incontra il collega polacco\n\n"
        "Roma, 5 marzo 2024 – Il Ministro degli Esteri Antonio Tajani ha incontrato il Ministro degli Esteri "
        "della Polonia Radosław Sikorski alla Farnesina.\n\n"
        "I due ministri hanno discusso del sostegno all'Ucraina e della sicurezza europea.\n\n"
        "Tajani e Sikorski hanno concordato di organizzare un forum economico a Varsavia nel mese di giugno.\n\n"
        "Il commercio bilaterale ha raggiunto 30 miliardi di euro nel 2023.\n\n"
        "Per informazioni: stampa@example.it\n\n"
        "https://www.example.it/comunicati\n"
    )
    # Italian text read with the neutral rules alone, as any language without a file is read
    # (a code no file will ever have: it.toml may exist)
    opts = Options(engine="extractive", lang="zz")
    assert not resources("zz").has_file
    doc = _doc(text, "zz")
    assert doc.meeting is not None
    doc.meeting.participants = [Participant("Antonio Tajani"), Participant("Radosław Sikorski")]
    dg = ExtractiveEngine(opts).digest(doc)
    assert 3 <= len(dg.key_points) <= 5
    assert "Sikorski" in dg.key_points[0].text
    assert not any("@" in ev or "https" in ev for kp in dg.key_points for ev in kp.evidence)
    assert "Sikorski" in dg.summary


def test_web_page_chrome_is_never_a_point() -> None:
    text = (
        "This website uses cookies to improve your experience.\n\n"
        "Home | News | Press releases\n\n"
        "Last updated: 12 March 2024\n\n"
        "Astana, 12 March 2024 – Foreign Minister Murat Nurtleu met the Foreign Minister of Mongolia "
        "Battsetseg Batmunkh in Astana.\n\n"
        "The ministers discussed transit through Kazakhstan and new air routes between the two capitals.\n\n"
        "They agreed to hold the next meeting of the intergovernmental commission in Ulaanbaatar in June.\n\n"
        "Trade between the two countries grew by 15 percent last year.\n\n"
        "Tags: Kazakhstan, Mongolia\n\n"
        "Subscribe to our newsletter to get the latest news.\n\n"
        "© 2024 Ministry of Foreign Affairs. All rights reserved.\n"
    )
    opts = Options(engine="extractive", lang="en")
    doc = _doc(text, "en")
    dg = ExtractiveEngine(opts).digest(doc)
    assert "Battsetseg Batmunkh" in dg.key_points[0].evidence[0]
    assert "Ulaanbaatar" in dg.key_points[1].evidence[0]
    for kp in dg.key_points:
        for bad in ("cookies", "Last updated", "Tags:", "newsletter", "©", "Home |"):
            assert bad not in kp.evidence[0]


def test_agreements_in_a_list_keep_their_opening_line() -> None:
    text = (
        "Tashkent, 3 April 2024 – Foreign Minister Murat Nurtleu held talks with Foreign Minister "
        "Bakhtiyor Saidov of Uzbekistan.\n\n"
        "The ministers discussed trade, water management and transport links in Central Asia.\n\n"
        "Following the talks, the sides agreed to:\n"
        "- raise bilateral trade to 10 billion dollars by 2030;\n"
        "- open a new border crossing point near Shymkent;\n"
        "- hold the next meeting of the intergovernmental commission in Astana in the autumn.\n\n"
        "Minister Saidov thanked his counterpart for the constructive dialogue.\n"
    )
    opts = Options(engine="extractive", lang="en")
    doc = _doc(text, "en")
    dg = ExtractiveEngine(opts).digest(doc)
    items = [kp for kp in dg.key_points if "agreed to:" in " ".join(kp.evidence)]
    assert len(items) >= 2
    assert "The sides agreed to raise bilateral trade to 10 billion dollars by 2030." in [
        kp.text for kp in items
    ]
    assert all(kp.evidence[0].startswith("- ") for kp in items)


def _en(text: str, people: tuple[str, ...] = ()) -> tuple[Document, object]:
    opts = Options(engine="extractive", lang="en")
    doc = _doc(text, "en")
    assert doc.meeting is not None
    doc.meeting.participants = [Participant(p) for p in people]
    return doc, ExtractiveEngine(opts).digest(doc)


_LONG_RELEASE = (
    "Vienna, 4 June 2024 – Foreign Minister Alexander Schallenberg met Foreign Minister Ararat "
    "Mirzoyan of Armenia in Vienna.\n\n"
    "The ministers discussed the peace process in the South Caucasus and energy security in Europe.\n\n"
    "They agreed to open an Austrian trade office in Yerevan. It will start work in September.\n\n"
    "Trade between the two countries grew by 18 percent last year. Austrian firms invested 40 million euros.\n\n"
    "The ministers signed a memorandum on cooperation between the diplomatic academies of the two ministries.\n\n"
    "Minister Mirzoyan stressed that Armenia counts on the support of the European Union for its reforms.\n\n"
    "The sides agreed to continue cooperation in all areas of mutual interest.\n\n"
    "Minister Schallenberg condemned attacks on civilian infrastructure in the region.\n\n"
    "Minister Mirzoyan thanked his host for the warm hospitality.\n"
)


def test_two_short_neighbours_make_one_point() -> None:
    # two short sentences on one fact are one point with two evidence sentences, and the slot
    # saved goes to another fact
    _doc, dg = _en(_LONG_RELEASE, ("Alexander Schallenberg", "Ararat Mirzoyan"))
    office = next(kp for kp in dg.key_points if "trade office" in kp.evidence[0])
    assert office.evidence[1] == "It will start work in September."
    assert n_words(office.text) <= MAX_POINT_WORDS
    assert len(dg.key_points) == 5
    covered = sum(len(kp.evidence) for kp in dg.key_points)
    assert covered >= 7


def test_signed_document_outranks_a_generic_agreement() -> None:
    _doc, dg = _en(_LONG_RELEASE, ("Alexander Schallenberg", "Ararat Mirzoyan"))
    evs = [kp.evidence for kp in dg.key_points]
    signed = next(i for i, ev in enumerate(evs) if any("signed a memorandum" in e for e in ev))
    generic = [i for i, ev in enumerate(evs) if any("all areas of mutual interest" in e for e in ev)]
    assert not generic or signed < generic[0]
    assert not any("hospitality" in e for ev in evs for e in ev)


def test_summary_says_what_came_out_when_nothing_was_discussed() -> None:
    text = (
        "JUNE 4, 2024\n\n"
        "Secretary of State Antony Blinken met Foreign Minister Penny Wong in Washington.\n\n"
        "Following the meeting, the two ministers signed a new agreement on critical minerals.\n\n"
        "Minister Wong thanked the Secretary for the warm hospitality.\n"
    )
    _doc, dg = _en(text, ("Antony Blinken", "Penny Wong"))
    assert dg.summary.startswith("JUNE 4, 2024 – Secretary of State Antony Blinken met")
    assert "signed a new agreement on critical minerals" in dg.summary


def test_the_first_meeting_line_leads_not_the_list_of_attendees() -> None:
    text = (
        "Moscow, 10 September 2020 – Foreign Minister Sergey Lavrov chaired a meeting of the Council "
        "of Foreign Ministers in Moscow.\n\n"
        "The meeting was attended by Wang Yi, Subrahmanyam Jaishankar and Mukhtar Tileuberdi.\n\n"
        "The ministers discussed preparations for the summit of heads of state.\n\n"
        "They agreed to step up joint work against the pandemic.\n"
    )
    people = ("Sergey Lavrov", "Wang Yi", "Subrahmanyam Jaishankar", "Mukhtar Tileuberdi")
    _doc, dg = _en(text, people)
    assert "chaired a meeting" in dg.key_points[0].evidence[0]
    assert dg.summary.startswith("Moscow, 10 September 2020 – Foreign Minister Sergey Lavrov chaired")


def test_a_long_list_without_connectors_is_cut() -> None:
    lex = lexicon(resources("en"))
    s = "Taking part were " + ", ".join(f"Minister Number{i} of Country{i}" for i in range(12)) + "."
    out = trim_point(s, lex, MAX_POINT_WORDS)
    assert n_words(out) <= MAX_POINT_WORDS and out.endswith("…") and s.startswith(out[:-1])
    ar = "وشارك في القمة " + "، ".join(f"صاحب السمو الشيخ رقم{i} أمير دولة رقم{i}" for i in range(10)) + "."
    out = trim_point(ar, lexicon(resources("ar")), MAX_POINT_WORDS)
    assert n_words(out) <= MAX_POINT_WORDS and out.endswith("…")


@pytest.mark.parametrize(
    "lang,sentence,want",
    [
        (
            "ar",
            "وصرح المتحدث الرسمي باسم وزارة الخارجية بأن الوزيرين بحثا الأوضاع في ليبيا وسوريا.",
            "الوزيرين بحثا الأوضاع في ليبيا وسوريا.",
        ),
        (
            "en",
            "The spokesperson said that the ministers discussed the situation in the Red Sea.",
            "The ministers discussed the situation in the Red Sea.",
        ),
        (
            "ru",
            "Как сообщили в пресс-службе, министры обсудили ситуацию на Ближнем Востоке.",
            "Министры обсудили ситуацию на Ближнем Востоке.",
        ),
    ],
)
def test_reporting_frame_is_dropped(lang: str, sentence: str, want: str) -> None:
    assert trim_point(sentence, lexicon(resources(lang)), MAX_POINT_WORDS) == want


def test_template_summary_when_no_sentence_names_the_meeting() -> None:
    text = (
        "Statement\n\n"
        "The ministers discussed regional security and energy cooperation.\n\n"
        "They agreed to meet again in the autumn.\n\n"
        "Trade grew by 12 percent last year.\n"
    )
    opts = Options(engine="extractive", lang="en")
    doc = _doc(text, "en")
    assert doc.meeting is not None
    doc.meeting.participants = [Participant("Penny Wong"), Participant("Winston Peters")]
    doc.meeting.place, doc.meeting.date = "Canberra", "2024-08-05"
    dg = ExtractiveEngine(opts).digest(doc)
    assert "Penny Wong" in dg.summary and "Canberra" in dg.summary and "2024-08-05" in dg.summary


def test_empty_and_boilerplate_only_texts() -> None:
    opts = Options(engine="extractive", lang="en")
    doc = _doc("Press release\n\nShare | Print\n\nhttps://example.org\n", "en")
    dg = ExtractiveEngine(opts).digest(doc)
    assert dg.key_points == [] and dg.warnings


# --- helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "Press Service, Ministry of Foreign Affairs of Kazakhstan"),
        ("en", "Share | Print | 08/11/2018"),
        ("en", "For more information, contact press@example.org"),
        ("en", "October 01, 2018"),
        ("en", "Photo: the ministers before the talks."),
        ("ru", "Пресс-релиз"),
        ("ru", "Пресс-служба МИД Республики Беларусь"),
        ("kk", "ҚР Сыртқы істер министрлігінің баспасөз қызметі"),
        ("de", "14.04.2015 – Pressemitteilung"),
        ("es", "--ooOoo--"),
        ("zh", "责任编辑：王五"),
        ("ar", "المكتب الإعلامي لوزارة الخارجية"),
        ("xx", "https://www.example.org/news/12345"),
    ],
)
def test_is_boilerplate(lang: str, line: str) -> None:
    assert is_boilerplate(line, lexicon(resources(lang)))


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "The ministers agreed to hold consultations in Astana in 2025."),
        ("ru", "Стороны договорились продолжить контакты."),
        ("en", "Contacts between the two ministries will continue."),
        ("zh", "双方同意加强高层交往。"),
        ("en", "Trade rose 12 percent."),
    ],
)
def test_not_boilerplate(lang: str, line: str) -> None:
    assert not is_boilerplate(line, lexicon(resources(lang)))


def test_background_runs_to_the_end() -> None:
    text = "Министры обсудили сотрудничество.\n\nСправка: первая строка справки.\n\nВторая строка справки."
    doc = _doc(text, "ru")
    mask = usable_mask(doc.sentences, lexicon(doc.res))
    assert mask[0] and not any(mask[1:])


@pytest.mark.parametrize(
    ("lang", "sentence", "want"),
    [
        (
            "en",
            "Following the talks, the ministers signed a programme of cooperation.",
            "The ministers signed a programme of cooperation.",
        ),
        ("en", "Astana, 16 May 2018 – The ministers held talks.", "The ministers held talks."),
        (
            "ru",
            "По итогам переговоров министры условились чаще обмениваться визитами.",
            "Министры условились чаще обмениваться визитами.",
        ),
        ("ru", "При этом министры подчеркнули важность диалога.", "Министры подчеркнули важность диалога."),
        (
            "ru",
            "Также обсуждались вопросы региональной безопасности.",
            "Обсуждались вопросы региональной безопасности.",
        ),
        (
            "en",
            "4. The sides agreed to expand cooperation in agriculture.",
            "The sides agreed to expand cooperation in agriculture.",
        ),
        (
            "de",
            "Darüber hinaus einigten sich die Minister auf weitere Schritte.",
            "Darüber hinaus einigten sich die Minister auf weitere Schritte.",
        ),
    ],
)
def test_trim_point(lang: str, sentence: str, want: str) -> None:
    assert trim_point(sentence, lexicon(resources(lang))) == want


def test_cut_long_sentence_at_a_clause() -> None:
    lex = lexicon(resources("en"))
    s = (
        "The ministers agreed to deepen cooperation in trade, energy, transport and digital technologies "
        "and to hold the next meeting of the intergovernmental commission in Astana this autumn, "
        "which will review the implementation of the road map adopted last year by the two governments "
        "and prepare new projects in agriculture."
    )
    out = cut_clause(s, lex, 35)
    assert out.endswith("this autumn.") and n_words(out) <= 35
    assert verbatim_piece(s, lex) == s  # the evidence stays the whole sentence


def test_overlong_evidence_is_a_verbatim_slice() -> None:
    lex = lexicon(resources("zh"))
    s = "，".join(["双方同意在贸易投资能源交通等领域深化务实合作"] * 8) + "。"
    ev = verbatim_piece(s, lex)
    assert len(ev) <= 120 and s.startswith(ev)


# --- what ranks down and up (our own sentences, several languages) ---------------------------


def _feats(
    text: str, lang: str, date: str | None = None, steps: tuple[str, ...] = ()
) -> dict[str, dict[str, float]]:
    """Per usable sentence, the ranking features the engine gives it (``steps``: the evidence of
    agreed steps, as the steps extractor would give them)."""
    from communique.models.extractive import _candidates, _score

    doc = _doc(text, lang)
    assert doc.meeting is not None
    doc.meeting.date = date
    doc.steps = [NextStep("", [], None, "agreed", "other", ev) for ev in steps]
    lex = lexicon(doc.res)
    cands = _candidates(doc, lex)
    _score(cands, doc, lex)
    return {c.sent.text: c.feats for c in cands}


def _feat_of(text: str, lang: str, sentence: str) -> dict[str, float]:
    feats = _feats(f"Prologue line that opens the text.\n\n{text}", lang)
    return next(f for s, f in feats.items() if sentence in s)


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "No agreement was reached on the reopening of the border crossing."),
        ("en", "The two sides did not set a date for the next round of consultations."),
        ("ru", "Вопрос о создании совместной комиссии на встрече не обсуждался."),
        ("ru", "Договоренность о сроках следующего раунда так и не была достигнута."),
        ("uk", "Остаточного рішення щодо спільного проєкту наразі не ухвалено."),
        ("ar", "ولم يتطرق البيان الختامي إلى مسألة الحدود البحرية بين البلدين."),
        ("fr", "Aucun accord n'a été trouvé sur le calendrier des travaux de la commission."),
        ("es", "No se ha alcanzado un acuerdo sobre la apertura del nuevo paso fronterizo."),
        ("de", "Eine Einigung über den Termin des nächsten Treffens gab es nicht."),
        ("zh", "双方未能就边境口岸开放时间达成一致。"),
    ],
)
def test_a_denied_outcome_ranks_down_and_is_no_agreement(lang: str, sentence: str) -> None:
    f = _feat_of(sentence, lang, sentence)
    assert f.get("negation", 0) < 0, f
    assert "signed" not in f


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "The ministers agreed not to impose new tariffs on agricultural goods."),
        ("de", "Die Minister vereinbarten, die Gespräche nicht abzubrechen."),
        ("es", "Ambos gobiernos acordaron no imponer nuevos aranceles."),
    ],
)
def test_an_agreed_step_not_to_act_is_still_an_agreement(lang: str, sentence: str) -> None:
    # the steps extractor judges "agreed not to ...": its evidence is a commitment, not a denial
    feats = _feats(f"Opening line.\n\n{sentence}", lang, steps=(sentence,))
    f = next(v for s, v in feats.items() if s == sentence)
    assert "negation" not in f and f.get("cue", 0) >= 1.0


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "There can be no military solution to the conflict, the minister stressed."),
        ("en", "The ministers noted that not only trade but also transport links had grown."),
        ("ru", "Министр подчеркнул, что у политического урегулирования нет альтернативы."),
        ("fr", "Le ministre a rappelé qu'aucune issue militaire n'existait à cette crise."),
        ("ar", "وأكد الوزير أنه لا حل عسكريا للأزمة في ليبيا."),
        ("ar", "وبحث الجانبان التعاون الاقتصادي، لا سيما في مجال الطاقة."),
        ("ru", "Стороны обсудили не только торговлю, но и транспортные связи."),
        ("es", "Los ministros abordaron no solo el comercio sino también la energía."),
    ],
)
def test_a_position_stated_in_the_negative_is_not_a_denied_outcome(lang: str, sentence: str) -> None:
    assert "negation" not in _feat_of(sentence, lang, sentence)


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "The call took place at the initiative of the Iranian side."),
        ("en", "The meeting came in implementation of the directives of the two presidents."),
        ("ru", "Телефонный разговор состоялся по инициативе иранской стороны."),
        ("ru", "Визит проходит в рамках Года культуры двух стран."),
        ("ar", "وجاء الاجتماع تنفيذاً لتوجيهات قيادتي البلدين."),
        ("fr", "L'entretien a eu lieu à l'initiative de la partie italienne."),
        ("de", "Das Gespräch fand auf Initiative der polnischen Seite statt."),
        ("es", "La reunión se celebró a iniciativa de la parte chilena."),
        ("zh", "此次通话是应约举行的。"),
    ],
)
def test_the_frame_of_a_meeting_ranks_down(lang: str, sentence: str) -> None:
    assert _feat_of(sentence, lang, sentence).get("framing", 0) < 0


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("ru", "В рамках визита стороны подписали соглашение о воздушном сообщении."),
        ("en", "Within the framework of the visit, the ministers discussed energy security."),
        ("ar", "واتفق الجانبان في إطار اللجنة المشتركة على تبادل الزيارات."),
    ],
)
def test_a_frame_with_news_in_it_keeps_its_rank(lang: str, sentence: str) -> None:
    assert "framing" not in _feat_of(sentence, lang, sentence)


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("ar", "وثمّن الوزير الجهود التي تبذلها الجمهورية في دعم الاستقرار."),
        ("ar", "وأعرب الوزير عن تقديره للدور الذي تقوم به الوزارة."),
        ("en", "The minister expressed appreciation for the support of the Italian government."),
        ("fr", "Le ministre a remercié son homologue pour la qualité de l'accueil."),
        ("es", "El canciller agradeció a las autoridades su colaboración."),
        ("zh", "王毅对法方的热情接待致谢。"),
    ],
)
def test_thanks_rank_down(lang: str, sentence: str) -> None:
    assert _feat_of(sentence, lang, sentence).get("weak", 0) < 0


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "The minister announced a new scholarship programme for Kenyan students."),
        ("ru", "Министр объявил о выделении гуманитарной помощи Ливану."),
        ("ar", "وأعلن الوزير عن تقديم منحة لدعم قطاع التعليم في السودان."),
        ("zh", "王毅宣布中方将向该国提供新一批援助。"),
        ("fr", "Le ministre a annoncé l'ouverture d'un consulat à Erbil."),
        ("es", "El canciller anunció la apertura de una oficina comercial en Quito."),
        ("de", "Der Minister kündigte die Eröffnung eines Generalkonsulats in Almaty an."),
        ("kk", "Министр Ауғанстанға гуманитарлық көмек көрсетілетінін жариялады."),
    ],
)
def test_announcements_rank_up(lang: str, sentence: str) -> None:
    assert _feat_of(sentence, lang, sentence).get("announce", 0) > 0


def test_an_old_announcement_recalled_brings_no_news() -> None:
    text = "Opening line.\n\nThe ministers reviewed the roadmap that the two governments announced in March 2019."
    feats = _feats(text, "en", "2024-06-04")
    f = next(v for s, v in feats.items() if "roadmap" in s)
    assert "announce" not in f
    feats = _feats(text.replace("2019", "2024"), "en", "2024-06-04")
    assert next(v for s, v in feats.items() if "roadmap" in s).get("announce", 0) > 0


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "The Secretary reaffirmed support for the territorial integrity of Georgia."),
        ("ru", "Министр подтвердил неизменную позицию России по этому вопросу."),
        ("zh", "王毅重申，台湾问题是中国核心利益中的核心。"),
        ("ar", "وأكد الوزير موقف بلاده الثابت من القضية الفلسطينية."),
        ("fr", "Le ministre a réaffirmé le soutien indéfectible de la France."),
        ("es", "El canciller reafirmó la postura de su país sobre el Sáhara."),
    ],
)
def test_stated_positions_rank_up(lang: str, sentence: str) -> None:
    f = _feat_of(sentence, lang, sentence)
    assert f.get("cue", 0) >= 0.5, f  # a stance, not a mere statement (0.2)


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "It was the first in-person meeting of the two ministers."),
        ("ru", "Это была первая очная встреча министров."),
        ("uk", "Це була перша очна зустріч міністрів."),
        ("zh", "这是两国外长首次面对面会晤。"),
        ("de", "Es war das erste persönliche Treffen der beiden Minister."),
        ("es", "Fue el primer encuentro en persona de ambos ministros."),
        ("ar", "ويعد هذا أول لقاء يجمع الوزيرين."),
    ],
)
def test_a_first_is_notable(lang: str, sentence: str) -> None:
    assert _feat_of(sentence, lang, sentence).get("notable", 0) > 0


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "The next day, the minister will address a conference on Arctic research."),
        ("ru", "На следующий день министр примет участие в конференции по Арктике."),
        ("fr", "Le lendemain, la ministre participera à une conférence sur l'Arctique."),
    ],
)
def test_a_side_event_on_another_day_ranks_down(lang: str, sentence: str) -> None:
    assert _feat_of(sentence, lang, sentence).get("aside", 0) < 0


def test_talks_about_tomorrow_are_no_side_event() -> None:
    s = "The ministers discussed preparations for the summit that opens tomorrow in Aktau."
    assert "aside" not in _feat_of(s, "en", s)


_FR_VISIT = (
    "Paris, le 6 mars 2024\n\n"
    "La ministre de l'Europe et des Affaires étrangères, Claire Durand, s'est rendue ce mercredi à Vilnius.\n\n"
    "Elle s'y est entretenue avec son homologue lituanien, Tomas Petrauskas, de la sécurité régionale.\n\n"
    "Les deux ministres sont convenus de renforcer la coopération dans le domaine de la cybersécurité.\n\n"
    "La ministre a réaffirmé le soutien de la France à l'Ukraine.\n\n"
    "Les échanges commerciaux entre les deux pays ont progressé de 12 % l'an dernier.\n\n"
    "Les ministres ont évoqué la situation en Biélorussie et les sanctions européennes.\n\n"
    "Le lendemain, elle participera à une conférence sur la mer Baltique à Riga.\n"
)


@pytest.mark.parametrize("people", [(), ("Claire Durand", "Tomas Petrauskas")])
def test_a_pronoun_with_her_counterpart_completes_the_meeting_line(people: tuple[str, ...]) -> None:
    doc = _doc(_FR_VISIT, "fr")
    assert doc.meeting is not None
    doc.meeting.participants = [Participant(p) for p in people]
    dg = ExtractiveEngine(Options(engine="extractive", lang="fr")).digest(doc)
    first = " ".join(dg.key_points[0].evidence[:2])
    assert "son homologue lituanien" in first
    assert "son homologue lituanien" in dg.summary
    assert not any("Le lendemain" in ev for kp in dg.key_points for ev in kp.evidence)


def test_he_held_talks_with_his_counterpart_is_the_meeting_line_without_a_better_one() -> None:
    text = (
        "Statement by the Ministry\n\n"
        "The situation in the region remains tense after the floods of last week.\n\n"
        "He held talks with his counterpart on reconstruction aid and flood defences.\n\n"
        "The sides agreed to set up a joint working group on water management.\n"
    )
    _doc2, dg = _en(text)
    assert "with his counterpart" in dg.key_points[0].evidence[0]


def test_a_first_right_after_the_meeting_line_completes_it() -> None:
    text = (
        "Astana, 3 May 2024 – Foreign Minister Murat Nurtleu met Foreign Minister Penny Wong of Australia.\n\n"
        "It was the first in-person meeting of the two ministers.\n\n"
        "They discussed trade in critical minerals and agreed to open direct flights.\n"
    )
    _doc2, dg = _en(text, ("Murat Nurtleu", "Penny Wong"))
    assert dg.key_points[0].evidence[1] == "It was the first in-person meeting of the two ministers."


_MANY_STEPS = (
    "Vienna, 4 June 2024 – Foreign Minister Alexander Schallenberg met Foreign Minister Ararat Mirzoyan "
    "of Armenia.\n\n"
    "The ministers agreed to open an Austrian trade office in Yerevan next year, which will help small and "
    "medium-sized companies from both countries find partners and take part in public tenders.\n\n"
    "They agreed to hold consultations on consular matters in the autumn, so that visa applications of students, "
    "researchers and business travellers can be processed faster than today.\n\n"
    "The sides agreed to expand student exchanges between their universities, with a particular focus on "
    "engineering, medicine and music, and to fund joint summer schools from next year.\n\n"
    "The ministers agreed to set up a working group on renewable energy that will prepare joint projects in "
    "solar and hydro power and report to both governments before the end of the year.\n\n"
    "They also agreed to resume direct flights between Vienna and Yerevan from the spring, after the "
    "civil aviation authorities of both countries complete the technical checks of the routes.\n\n"
    "Minister Schallenberg condemned the shelling of civilian areas and called for restraint.\n\n"
    "Minister Mirzoyan reaffirmed that Armenia seeks a peace treaty based on mutual recognition of borders.\n\n"
    "The Armenian side noted the rise of Austrian tourism to Armenia.\n\n"
    "Minister Mirzoyan informed his colleague about the reforms of the judiciary.\n\n"
    "Minister Schallenberg stressed that Austria supports the sovereignty of Armenia.\n\n"
    "The Armenian minister voiced concern about the humanitarian situation in the region.\n"
)


def test_agreed_steps_leave_room_for_positions() -> None:
    _doc2, dg = _en(_MANY_STEPS, ("Alexander Schallenberg", "Ararat Mirzoyan"))
    # five long agreements, each a point of its own, and positions of both ministers
    firsts = [kp.evidence[0] for kp in dg.key_points[1:5]]
    assert sum(" agreed " in ev for ev in firsts) == 3
    assert not any(" agreed " in ev for ev in dg.key_points[4].evidence)


def test_a_release_of_commitments_may_fill_its_points_with_them() -> None:
    # nothing but agreements: no position to make room for, and nothing is held back
    text = "\n\n".join(_MANY_STEPS.split("\n\n")[:6]) + "\n"
    _doc2, dg = _en(text, ("Alexander Schallenberg", "Ararat Mirzoyan"))
    assert sum(" agreed " in kp.evidence[0] for kp in dg.key_points[1:]) == 4


def test_the_line_that_names_both_leaders_beats_a_bare_ceremony_line() -> None:
    text = (
        "Berlin, 12 May 2024\n\n"
        "Chancellor Karl Neumann and Prime Minister Jonas Lind signed a treaty on energy cooperation in Rostock "
        "on Tuesday.\n\n"
        "The ceremony took place in the town hall in the presence of regional officials.\n\n"
        "The treaty provides for a joint hydrogen pipeline across the Baltic Sea.\n\n"
        "Both governments will set up a joint fund for research on offshore wind.\n"
    )
    _doc2, dg = _en(text, ("Karl Neumann", "Jonas Lind"))
    first = dg.key_points[0].evidence[0]
    assert first.startswith("Chancellor Karl Neumann and Prime Minister Jonas Lind signed")


@pytest.mark.parametrize(
    ("name", "lang", "people", "want", "never"),
    [
        (
            "ar-amman.txt",
            "ar",
            ("أيمن الصفدي", "فؤاد حسين"),
            ["نظيره العراقي", "وأعلن الصفدي", "موقف بلديهما الثابت", "واتفق الجانبان", "وبحث الوزيران"],
            ["وجاء الاجتماع", "وثمّن", "ولم يتطرق", "عن تقديره"],
        ),
        (
            "ru-moscow.txt",
            "ru",
            ("Сергей Петров", "Батбаяр Энхтур"),
            ["Состоялся телефонный разговор", "объявил", "неизменную позицию", "договорились", "обсудили"],
            ["по инициативе", "не обсуждался", "поблагодарил", "На следующий день"],
        ),
    ],
)
def test_news_and_positions_outrank_frame_thanks_and_denials(
    name: str, lang: str, people: tuple[str, ...], want: list[str], never: list[str]
) -> None:
    doc = _doc(REL / name, lang)
    assert doc.meeting is not None
    doc.meeting.participants = [Participant(p) for p in people]
    dg = ExtractiveEngine(Options(engine="extractive", lang=lang)).digest(doc)
    evs = [ev for kp in dg.key_points for ev in kp.evidence]
    assert want[0] in dg.key_points[0].evidence[0]
    for w in want:
        assert any(w in ev for ev in evs), (w, evs)
    for n in never:
        assert not any(n in ev for ev in evs), (n, evs)


# --- it, pt, pl, tr: the same ranking cues (our own releases) -----------------------------------

_NEWER = [
    (
        "it-roma.txt",
        "it",
        ("Antonio Tajani", "Sameh Shoukry"),
        "Tajani ha annunciato",
        "Non è stato raggiunto un accordo",
        "Shoukry ha ringraziato",
        ["Il colloquio si è svolto su iniziativa", "Il giorno successivo"],
    ),
    (
        "pt-brasilia.txt",
        "pt",
        ("Mauro Vieira", "João Gomes Cravinho"),
        "Vieira anunciou",
        "Não houve acordo",
        "Cravinho agradeceu",
        ["A conversa ocorreu por iniciativa", "No dia seguinte"],
    ),
    (
        "pl-warszawa.txt",
        "pl",
        ("Radosław Sikorski", "Gabrielius Landsbergis"),
        "Minister Sikorski ogłosił",
        "Nie osiągnięto porozumienia",
        "Minister Landsbergis podziękował",
        ["Rozmowa odbyła się z inicjatywy", "Następnego dnia"],
    ),
    (
        "tr-ankara.txt",
        "tr",
        ("Hakan Fidan", "Péter Szijjártó"),
        "açıkladı",
        "herhangi bir uzlaşı sağlanamadı",
        "teşekkür etti",
        ["Görüşme Macar tarafının talebi üzerine", "Ertesi gün"],
    ),
]


@pytest.mark.parametrize(("name", "lang", "people", "announce", "denial", "thanks", "frame"), _NEWER)
def test_newer_languages_rank_news_over_denials_and_thanks(
    name: str, lang: str, people: tuple[str, ...], announce: str, denial: str, thanks: str, frame: list[str]
) -> None:
    doc = _doc(REL / name, lang)
    assert doc.meeting is not None
    doc.meeting.participants = [Participant(p) for p in people]
    dg = ExtractiveEngine(Options(engine="extractive", lang=lang)).digest(doc)
    evs = [ev for kp in dg.key_points for ev in kp.evidence]
    assert any(announce in ev for ev in evs), evs
    for n in (denial, thanks, *frame):
        assert not any(n in ev for ev in evs), (n, evs)
    # and sentence by sentence: the cues that say so
    feats = _feats((REL / name).read_text(encoding="utf-8"), lang)
    f = {
        key: next(v for s, v in feats.items() if key in s)
        for key in (announce, denial, thanks, frame[0], frame[1])
    }
    assert f[announce].get("announce", 0) > 0, f[announce]
    assert f[denial].get("negation", 0) < 0, f[denial]
    assert f[thanks].get("weak", 0) < 0, f[thanks]
    assert f[frame[0]].get("framing", 0) < 0, f[frame[0]]
    assert f[frame[1]].get("aside", 0) < 0, f[frame[1]]


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("it", "I ministri hanno discusso non solo di commercio ma anche di energia."),
        ("pt", "Os ministros trataram não só do comércio, mas também da energia."),
        ("pl", "Ministrowie omówili nie tylko handel, ale także energetykę."),
        ("tr", "Anlaşma sağlanamadığı takdirde taraflar yeni bir tur müzakere düzenleyecek."),
    ],
)
def test_newer_languages_look_alikes_are_no_denial(lang: str, sentence: str) -> None:
    assert "negation" not in _feat_of(sentence, lang, sentence)


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("it", "L'incontro si è svolto con il suo omologo francese."),
        ("pt", "O ministro encontrou-se com o seu homólogo angolano."),
        ("pl", "Minister spotkał się ze swoim czeskim odpowiednikiem."),
        ("tr", "Bakan, Yunan mevkidaşı ile bir araya geldi."),
    ],
)
def test_newer_languages_know_the_counterpart(lang: str, sentence: str) -> None:
    assert "counterpart" in cue_hits(norm(sentence), lexicon(resources(lang)))


def test_turkish_first_letter_case_keeps_the_dot() -> None:
    tr, en = lexicon(resources("tr")), lexicon(resources("en"))
    assert cap_first("iki bakan görüştü.", tr) == "İki bakan görüştü."
    assert cap_first("ırak konusu ele alındı.", tr) == "Irak konusu ele alındı."
    assert cap_first("iran", en) == "Iran"  # other languages: the plain upper case
    assert lower_first("Irak konusu", tr) == "ırak konusu"
    assert lower_first("İki bakan", tr) == "iki bakan"
    assert lower_first("İki", en) == "iki"  # never "i" + a combining dot
    assert norm("İSTANBUL'da") == "istanbul'da"
    # a dropped lead-in leaves a capital İ, not I
    got = trim_point("Ayrıca, iki bakan enerji alanındaki işbirliğini de değerlendirdi.", tr)
    assert got.startswith("İki bakan"), got


@pytest.mark.parametrize("code", available_languages())
def test_cue_hits_are_the_families_searched_one_by_one(code: str) -> None:
    # the one-scan matcher finds a family iff its own pattern does: cues glued to words, at the
    # start and the end, one inside another, and a text with none
    lex = lexicon(resources(code))
    own = {k: family_pattern(resources(code), k) for k in CUE_FAMILIES}
    words = [norm(str(w)) for k in CUE_FAMILIES for w in resources(code)["points"].get(k, [])[:3]]
    texts = [
        "",
        "zz qq 42",
        " ".join(words),
        "x".join(words),
        " . ".join(reversed(words)),
        words[0] if words else "q",
    ]
    texts += [w[:-1] for w in words] + [f"q{w}" for w in words]
    for low in texts:
        want = frozenset(k for k in CUE_FAMILIES if has_low(own[k], low))
        assert cue_hits(low, lex) == want, (code, low)
    assert not words or cue_hits(" ".join(words), lex)


def test_a_participant_opening_a_joined_sentence_keeps_its_capital() -> None:
    # "…; сергей Лавров обсудили …": the name opens sentences only, so the in-sentence check alone
    # lowered it; a participant's name, or the title right before one, is a name
    from communique.models.extractive import _proper_start

    text = "Министры встретились в Москве. Сергей Лавров и Иван Петров обсудили торговлю."
    ru = frozenset({"Сергей", "Лавров", "Иван", "Петров"})
    assert not _proper_start("Сергей Лавров и Иван Петров обсудили торговлю.", text)
    assert _proper_start("Сергей Лавров и Иван Петров обсудили торговлю.", text, ru)
    tr = frozenset({"Kemal", "Aydın"})
    assert _proper_start("Bakan Aydın, hazır olduğunu söyledi.", "Bakan Aydın, hazır.", tr)
    de = "Die Minister besprachen die Lage. Die Minister lobten den Dialog."
    assert not _proper_start("Die Minister lobten den Dialog.", de, frozenset({"Anna", "Berg"}))
