"""The extractive engine: key points, evidence, summary (releases in tests/data/extractive, our own words)."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, DATA, SHARED, needs_corpus

from communique.core import analyse, load
from communique.document import Document
from communique.lang import resources
from communique.models.extractive import MAX_POINT_WORDS, ExtractiveEngine
from communique.options import Options
from communique.points import (
    CJK,
    cut_clause,
    is_boilerplate,
    lexicon,
    n_words,
    similarity,
    stems,
    trim_point,
    usable_mask,
    verbatim_piece,
)
from communique.readout import Meeting, Participant
from communique.text import split_sentences

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
        ("en", "Press Service of the Ministry of Foreign Affairs of the Republic of Kazakhstan"),
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
            "По итогам встречи стороны условились поддерживать регулярные контакты.",
            "Стороны условились поддерживать регулярные контакты.",
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


def test_batch_speed() -> None:
    opts = Options(engine="extractive", lang="en")
    doc = _doc(REL / "en-tokyo.txt", "en")
    eng = ExtractiveEngine(opts)
    t = time.perf_counter()
    eng.digest_many([doc] * 200)
    assert time.perf_counter() - t < 2.0  # ~10 ms a release at most, on a busy machine


# --- the dev corpus as a regression floor ---------------------------------------------------

KEYFACTS_FLOOR = 0.84


@needs_corpus
def test_dev_corpus_keyfacts_floor() -> None:
    sys.path.insert(0, str(SHARED / "tools"))
    from score import match  # the scorer's own matching rule

    hit = total = 0
    eng = ExtractiveEngine(Options(engine="extractive"))
    for gp in sorted(CORPUS.glob("*.gold.json")):
        gold = json.loads(gp.read_text(encoding="utf-8"))
        cid = gp.name[: -len(".gold.json")]
        src = next(p for p in (CORPUS / f"{cid}.txt", CORPUS / f"{cid}.html") if p.exists())
        doc = analyse(load(Path(src)))
        dg = eng.digest(doc)
        kev = [e for kp in dg.key_points[:5] for e in kp.evidence[:2]]
        facts = gold["key_facts"][:5]
        hit += sum(any(match(e, f["evidence"]) for e in kev) for f in facts)
        total += len(facts)
    assert hit / total >= KEYFACTS_FLOOR, f"keyfacts {hit / total:.3f} < {KEYFACTS_FLOOR}"
