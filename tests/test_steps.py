"""Next steps: cue detection per language, the mode checks (negation, past, hypothetical, thanks,
praise, background), coordination splitting, due dates, parties, and the dev-corpus floor.

Sentences are written for these tests (real meetings, our own words).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.analysis.dates import Ref, normalize_due
from communique.analysis.steps import Candidate, Decision, Features, RuleClassifier, extract_steps
from communique.analysis.text import split_sentences
from communique.document import Document, Source
from communique.lang import resources
from communique.readout import Meeting, NextStep, Participant

KZ_RU = (("Kairat Abdrakhmanov", "Kazakhstan"), ("Sergey Lavrov", "Russia"))


def steps_of(
    text: str,
    lang: str,
    people: tuple[tuple[str, str], ...] = KZ_RU,
    date: str | None = "2019-05-10",
    kind: str = "bilateral-meeting",
) -> list[NextStep]:
    res = resources(lang)
    doc = Document(
        source=Source(name="<t>", text=text), lang=lang, res=res, sentences=split_sentences(text, res)
    )
    m = Meeting(kind=kind, date=date, participants=[Participant(n, affiliation=a) for n, a in people])  # type: ignore[arg-type]
    return extract_steps(doc, m)


def one(text: str, lang: str, **kw: object) -> NextStep:
    got = steps_of(text, lang, **kw)  # type: ignore[arg-type]
    assert len(got) == 1, got
    return got[0]


# ---------------------------------------------------------------- one commitment per language

POSITIVE = [
    (
        "en",
        "The sides agreed to hold the next round of consultations in Moscow in the first half of 2020.",
        "agreed",
        "meet",
    ),
    (
        "ru",
        "Стороны договорились провести следующий раунд консультаций в Астане в следующем году.",
        "agreed",
        "meet",
    ),
    (
        "kk",
        "Тараптар келесі жылы Астанада консультациялардың кезекті раундын өткізуге уағдаласты.",
        "agreed",
        "meet",
    ),
    (
        "uk",
        "Міністри домовилися найближчим часом провести засідання міжурядової комісії.",
        "agreed",
        "meet",
    ),
    ("fr", "Les deux ministres sont convenus de se revoir à Paris avant la fin de l'année.", "agreed", None),
    (
        "de",
        "Die Außenminister vereinbarten, im nächsten Jahr eine gemeinsame Arbeitsgruppe einzurichten.",
        "agreed",
        "mechanism",
    ),
    (
        "es",
        "Ambos cancilleres acordaron celebrar la próxima reunión del mecanismo de consultas el próximo año.",
        "agreed",
        None,
    ),
    ("zh", "双方同意明年在北京举行新一轮战略对话。", "agreed", "meet"),
    ("ar", "اتفق الجانبان على عقد الجولة المقبلة من المشاورات في موسكو العام المقبل.", "agreed", "meet"),
]


@pytest.mark.parametrize(("lang", "text", "kind", "category"), POSITIVE, ids=[p[0] for p in POSITIVE])
def test_agreement_in_each_language(lang: str, text: str, kind: str, category: str | None) -> None:
    st = one(text, lang)
    assert st.kind == kind
    assert st.evidence == text
    assert st.action and st.action != text
    if category:
        assert st.category == category
    if lang != "uk":
        assert st.due in ("2019", "2020", "2020-H1"), st.due


PLEDGES = [
    (
        "en",
        "Russia is ready to supply humanitarian aid to the affected regions by the end of the year.",
        "Russia",
        "aid",
    ),
    ("ru", "Российская сторона готова оказать содействие в подготовке саммита.", "Russia", None),
    ("uk", "Німеччина надаватиме Україні гуманітарну допомогу.", "Germany", "aid"),
    ("es", "México se comprometió a enviar ayuda humanitaria a la región.", "Mexico", "aid"),
    ("zh", "中方愿同哈方加强在能源领域的合作。", "China", "cooperate"),
    ("fr", "La France est prête à accueillir la prochaine session de la commission mixte.", "France", None),
]
PEOPLE = {
    "uk": (("Дмитро Кулеба", "Ukraine"), ("Гайко Маас", "Germany")),
    "es": (("Marcelo Ebrard", "Mexico"), ("Mike Pompeo", "United States")),
    "zh": (("王毅", "China"), ("特列乌别尔季", "Kazakhstan")),
    "fr": (("Jean-Yves Le Drian", "France"), ("Jeremy Hunt", "United Kingdom")),
}


@pytest.mark.parametrize(("lang", "text", "party", "category"), PLEDGES, ids=[p[0] for p in PLEDGES])
def test_one_sided_pledge(lang: str, text: str, party: str, category: str | None) -> None:
    st = one(text, lang, people=PEOPLE.get(lang, KZ_RU))
    assert st.kind == "pledge"
    assert st.parties == [party]
    if category:
        assert st.category == category


def test_accepted_invitation_is_a_pledge() -> None:
    st = one("The Russian side accepted the invitation to take part in the Astana conference in June.", "en")
    assert st.kind == "pledge" and st.parties == ["Russia"] and st.due == "2019-06"


# ---------------------------------------------------------------- traps: the PLOVER modes and others

TRAPS = [
    # negation
    ("en", "The sides did not reach agreement on the text of the protocol."),
    ("ru", "Сторонам не удалось договориться о сроках визита."),
    ("uk", "Сторонам не вдалося домовитися про дату візиту."),
    ("fr", "Les ministres ne sont pas convenus d'une date pour la réunion."),
    ("de", "Die Minister einigten sich nicht auf einen Termin für das nächste Treffen."),
    ("es", "Las partes no lograron un acuerdo sobre los aranceles."),
    ("zh", "双方未能就此达成一致。"),
    ("ar", "لم يتفق الجانبان على موعد الزيارة."),
    # past agreements recalled
    ("en", "In 2017 the sides agreed to open a consulate general in Aktau."),
    ("ru", "Министр напомнил, что стороны договорились об открытии генконсульства."),
    ("kk", "Министр 2016 жылы тараптар келісімге келгенін еске салды."),
    ("de", "Bereits 2014 hatten die Minister vereinbart, eine Kontaktgruppe einzusetzen."),
    ("es", "Cabe recordar que en 2017 ambos gobiernos acordaron un plan conjunto."),
    # hypotheticals and hopes
    ("en", "The minister hoped that the issue could be considered at the next meeting."),
    ("ru", "Министр выразил надежду, что стороны продолжат диалог."),
    ("kk", "Министр келесі кездесу сәтті өтеді деген үміт білдірді."),
    ("es", "Ambos gobiernos podrían considerar nuevas medidas en el futuro."),
    ("zh", "王毅希望两国将继续深化合作。"),
    ("ar", "أعرب الوزير عن أمله في أن يتفق الجانبان على موعد الزيارة."),
    # thanks and praise
    ("en", "The Kazakh side thanked Russia for its readiness to host the summit."),
    ("ru", "Министр поблагодарил коллегу за готовность принять конференцию."),
    ("fr", "Le ministre a salué la volonté de la Russie à poursuivre le dialogue."),
    ("zh", "中方感谢哈方愿意主办此次会议。"),
    ("ar", "شكر الوزير نظيره على استعداده لاستضافة الاجتماع."),
    # opinions: a future that commits nobody
    ("en", "The Secretary noted that new investment will depend on the rule of law."),
    ("ru", "Госсекретарь отметил, что приток инвестиций будет зависеть от прозрачности."),
    ("uk", "За словами міністра, строки саміту залежатимуть від ситуації з пандемією."),
    # a third party's plans
    ("en", "The two ministers discussed reports that Turkey will open a new pipeline next year."),
    # the visit's own programme, a relative clause, a bare claim, a past perfect
    ("en", "During the visit, Minister Lavrov will also meet the Speaker of the Mazhilis."),
    ("ru", "В ходе визита С.Лавров также посетит Евразийский национальный университет."),
    ("en", "They discussed the forum, which will be held in Omsk in November."),
    ("en", "The sides agreed that the situation in Afghanistan remains difficult."),
    ("en", "The ministers recalled that the sides had agreed to set up a commission."),
]


@pytest.mark.parametrize(("lang", "text"), TRAPS, ids=[f"{t[0]}-{i}" for i, t in enumerate(TRAPS)])
def test_traps_give_no_step(lang: str, text: str) -> None:
    assert steps_of(text, lang) == []


def test_reported_pledge_and_agreed_clause_give_one_row() -> None:
    people = (("Дмитро Кулеба", "Ukraine"), ("Лінас Лінкявічюс", "Lithuania"))
    st = one(
        "Литва й надалі підтримуватиме реформи в Україні, запевнив Лінас Лінкявічюс.", "uk", people=people
    )
    assert st.parties == ["Lithuania"] and st.action.startswith("підтримуватиме")
    st = one("It was agreed that the next session of the commission would be held in Tashkent in 2020.", "en")
    assert st.kind == "agreed" and st.due == "2020" and st.category == "meet"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("zh", "双方表示，将继续加强在多边框架内的协调。"),
        ("ar", "وأكد الجانبان أنهما سيواصلان التنسيق في المحافل الدولية."),
        ("ru", "Стороны будут и впредь координировать позиции в ООН."),
        ("de", "Zudem wollen beide Seiten den Jugendaustausch ausbauen."),
    ],
)
def test_the_sides_future_is_an_agreed_step(lang: str, text: str) -> None:
    st = one(text, lang)
    assert st.kind == "agreed" and st.parties == ["Kazakhstan", "Russia"]


def test_list_after_an_agreement_header() -> None:
    text = (
        "The sides agreed on the following:\n"
        "- to hold the next meeting of the intergovernmental council in the second half of 2019;\n"
        "- to set up a joint working group on water resources.\n\n"
        "The ministers thanked each other for the constructive dialogue."
    )
    got = steps_of(text, "en")
    assert [(s.due, s.category) for s in got] == [("2019-H2", "meet"), (None, "mechanism")]
    assert all(s.kind == "agreed" and s.evidence.startswith("- to") for s in got)


def test_commitment_to_a_principle_is_not_a_step() -> None:
    assert steps_of("Russia reaffirmed its commitment to the Minsk agreements.", "en") == []
    assert len(steps_of("Russia reaffirmed its commitment to expand trade with Kazakhstan.", "en")) == 1


def test_agreed_that_with_a_future_is_a_step() -> None:
    st = one("The sides agreed that the next round of talks will be held in Astana in June.", "en")
    assert st.kind == "agreed" and st.due == "2019-06" and st.category == "meet"


def test_background_note_is_not_a_step() -> None:
    text = (
        "The sides agreed to set up a joint working group on transit.\n\n"
        "Background: the two countries established diplomatic relations in 1992. "
        "The sides will continue to cooperate within the CIS."
    )
    got = steps_of(text, "en")
    assert [s.evidence for s in got] == ["The sides agreed to set up a joint working group on transit."]
    ru = (
        "Стороны договорились создать рабочую группу.\n\nСправка: Стороны будут отмечать годовщину отношений."
    )
    assert len(steps_of(ru, "ru")) == 1


def test_vague_announcement_of_steps_is_not_a_step() -> None:
    assert steps_of("Die Minister verständigten sich in der Nacht auf weitere Schritte.", "de") == []


# ---------------------------------------------------------------- coordination, parties, due


def test_coordinated_actions_split_into_rows() -> None:
    ru = steps_of(
        "По итогам переговоров министры условились поддерживать регулярный диалог и развивать торговлю.", "ru"
    )
    assert [s.action for s in ru] == ["поддерживать регулярный диалог", "развивать торговлю"]
    assert ru[0].evidence == ru[1].evidence
    en = steps_of("The sides agreed to maintain regular contacts and to expand trade in agriculture.", "en")
    assert [s.category for s in en] == ["contact", "cooperate"]
    es = steps_of(
        "Las partes acordaron intercambiar información y coordinar acciones en la frontera.",
        "es",
        people=PEOPLE["es"],
    )
    assert len(es) == 2


def test_two_commitments_in_one_sentence() -> None:
    text = (
        "The two ministers agreed to restore the embassies as soon as possible, "
        "and the Secretary said Russia intends to appoint an ambassador soon."
    )
    got = steps_of(text, "en")
    assert [(s.kind, s.due) for s in got] == [("agreed", "as soon as possible"), ("pledge", "soon")]
    assert got[1].parties == ["Russia"]


def test_parties_resolve_sides_and_adjectives() -> None:
    pytest.importorskip("communique.analysis.entities")
    st = one("The sides agreed to intensify political dialogue.", "en")
    assert st.parties == ["Kazakhstan", "Russia"]
    st = one("Казахстанская сторона готова к расширению сотрудничества.", "ru")
    assert st.parties == ["Kazakhstan"] and st.kind == "pledge"
    st = one("Kazakhstan and Russia will jointly organise the forum in Omsk.", "en")
    assert st.kind == "agreed" and sorted(st.parties) == ["Kazakhstan", "Russia"]


@pytest.mark.parametrize(
    ("lang", "phrase", "ref", "want"),
    [
        ("en", "hold talks next year", "2018-05-16", "2019"),
        ("en", "complete the work by the end of the year", "2018-05-16", "2018"),
        ("en", "launch it in the first half of 2019", "2018-05-16", "2019-H1"),
        ("en", "under the Programme for 2018-2019", "2018-05-16", "2018-2019"),
        ("en", "over the next two years", "2018-05-16", "2018-2019"),
        ("en", "meet on 3 February in Tashkent", "2020-02-02", "2020-02-03"),
        ("en", "meet in March in Tashkent", "2018-02-23", "2018-03"),
        ("en", "meet in January", "2018-11-08", "2019-01"),
        ("en", "complete it as soon as possible", "2020-02-01", "as soon as possible"),
        ("en", "name an ambassador soon", "2020-02-01", "soon"),
        ("en", "cooperate closely", "2020-02-01", None),
        ("ru", "продолжить обсуждение 3 февраля в Ташкенте", "2020-02-02", "2020-02-03"),
        ("ru", "провести консультации в следующем году", "2019-03-02", "2020"),
        ("ru", "до конца года", "2019-03-02", "2019"),
        ("ru", "в 2018–2019 годах", "2018-02-23", "2018-2019"),
        ("uk", "найближчим часом продовжити переговори", "2020-06-02", "soon"),
        ("es", "terminar, en un plazo de 60 días, las negociaciones", "2019-06-07", "within 60 days"),
        ("es", "ampliará de inmediato", "2019-06-07", "immediately"),
        ("de", "möglichst rasch festgelegt", "2015-04-13", "as soon as possible"),
        ("fr", "se revoir avant la fin de l'année", "2018-11-08", "2018"),
        ("zh", "明年举行", "2019-05-10", "2020"),
        ("ar", "قبل نهاية العام", "2019-05-10", "2019"),
        ("kk", "жыл соңына дейін", "2020-09-09", "2020"),
        ("ar", "بحلول عام ٢٠٢٥", "2021-01-05", "2025"),
        ("ar", "بحلول عام ۲۰۲۵", "2021-01-05", "2025"),
        ("ar", "في ١٥ سبتمبر", "2020-08-06", "2020-09-15"),
        ("ar", "خلال الشهر الجاري", "2020-08-06", "2020-08"),
        ("ar", "خلال ٣ أشهر", "2020-08-06", "within 3 months"),
        ("zh", "年底前完成", "2020-06-17", "2020"),
        ("zh", "下半年举行", "2020-06-17", "2020-H2"),
        ("zh", "明年上半年举行", "2020-06-17", "2021-H1"),
        ("zh", "两个月内", "2020-06-17", "within 2 months"),
        ("zh", "２０２１年３月", "2020-06-17", "2021-03"),
        ("en", "in the coming weeks", "2020-06-17", "soon"),
        ("en", "next month", "2020-12-17", "2021-01"),
        ("ru", "в первом полугодии следующего года", "2020-06-17", "2021-H1"),
        ("ru", "в первом полугодии", "2020-06-17", "2020-H1"),
        ("uk", "наступного року", "2020-06-17", "2021"),
        ("fr", "l'année prochaine", "2020-06-17", "2021"),
        ("es", "el próximo año", "2020-06-17", "2021"),
        ("es", "en el primer semestre del próximo año", "2020-06-17", "2021-H1"),
        ("de", "im nächsten Jahr", "2020-06-17", "2021"),
        ("de", "bis Monatsende", "2020-06-17", "2020-06"),
        ("pl", "do końca roku", "2020-06-17", "2020"),
        ("en", "strengthen cooperation under the Climate Agenda 2030 Partnership", "2021-07-28", None),
        ("ru", "в рамках Стратегии-2030", "2021-07-28", None),
        ("en", "In 2022, the sides will meet", "2021-07-28", "2022"),
    ],
)
def test_due_normalization(lang: str, phrase: str, ref: str, want: str | None) -> None:
    assert normalize_due(phrase, lang, Ref.parse(ref)) == want


def test_language_without_a_file_claims_nothing() -> None:
    assert not resources("nl").has_file
    assert steps_of("De partijen kwamen overeen de samenwerking te versterken.", "nl") == []


def test_classifier_is_pluggable() -> None:
    class Never(RuleClassifier):
        def decide(self, cand: Candidate, feats: Features) -> Decision:
            return Decision(False)

    text = "The sides agreed to intensify political dialogue."
    res = resources("en")
    doc = Document(
        source=Source(name="<t>", text=text), lang="en", res=res, sentences=split_sentences(text, res)
    )
    m = Meeting(participants=[Participant(n, affiliation=a) for n, a in KZ_RU])
    assert extract_steps(doc, m, classifier=Never()) == []
    assert len(extract_steps(doc, m)) == 1


# ---------------------------------------------------------------- broader coverage: zh, ar, pl and others
# Each language's usual wordings (tenses, word orders, clitics, digits) and its traps, one sentence each.

EG = (("سامح شكري", "Egypt"), ("سيرغي لافروف", "Russia"))
CN = (("王毅", "China"), ("特列乌别尔季", "Kazakhstan"))
ES = (("Arancha González Laya", "Spain"), ("Nasser Bourita", "Morocco"))
DE = (("Heiko Maas", "Germany"), ("Dmytro Kuleba", "Ukraine"))
FR = (("Jean-Yves Le Drian", "France"), ("Heiko Maas", "Germany"))
UA = (("Дмитро Кулеба", "Ukraine"), ("Ентоні Блінкен", "United States"))
KZ = (("Kairat Abdrakhmanov", "Kazakhstan"), ("Sergey Lavrov", "Russia"))
PL = (("Jacek Czaputowicz", "Poland"), ("Linas Linkevičius", "Lithuania"))
RU = (("Кайрат Абдрахманов", "Kazakhstan"), ("Сергей Лавров", "Russia"))
BROAD = [  # lang, text, kind, parties (None: any), due, people
    ("zh", "双方商定年内举行两国外交部第二轮战略磋商。", "agreed", None, "2019", CN),
    ("zh", "双方一致同意尽快恢复两国直航。", "agreed", None, "as soon as possible", CN),
    ("zh", "中方愿同哈方一道，推动共建“一带一路”合作走深走实。", "pledge", ["China"], None, CN),
    ("zh", "双方决定成立经贸合作工作组。", "agreed", None, None, CN),
    ("zh", "两国外长同意明年上半年在阿斯塔纳举行政府间合作委员会会议。", "agreed", None, "2020-H1", CN),
    ("zh", "双方将于下半年签署投资保护协定。", "agreed", None, "2019-H2", CN),
    ("zh", "中方将向哈方提供一批抗疫物资援助。", "pledge", ["China"], None, CN),
    ("zh", "王毅对此表示感谢，并接受邀请于年内访问哈萨克斯坦。", "pledge", ["China"], "2019", CN),
    ("zh", "双方还商定，外交部副部长级磋商每年举行一次。", "agreed", None, None, CN),
    ("zh", "哈方表示愿积极参与中方举办的进口博览会。", "pledge", ["Kazakhstan"], None, CN),
    ("zh", "双方同意于２０２０年３月在北京举行下一次会议。", "agreed", None, "2020-03", CN),
    (
        "ar",
        "واتفق الوزيران على تشكيل لجنة مشتركة لمتابعة تنفيذ الاتفاقيات الموقعة.",
        "agreed",
        None,
        None,
        EG,
    ),
    (
        "ar",
        "وقرر الجانبان عقد الدورة المقبلة للجنة المشتركة في القاهرة العام المقبل.",
        "agreed",
        None,
        "2020",
        EG,
    ),
    ("ar", "وأكد الوزير استعداد مصر لتقديم المساعدات الإنسانية للشعب الليبي.", "pledge", ["Egypt"], None, EG),
    ("ar", "وسيواصل البلدان التنسيق الوثيق بشأن القضايا الإقليمية.", "agreed", None, None, EG),
    (
        "ar",
        "كما تم الاتفاق على تبادل الزيارات بين المسؤولين في البلدين خلال الأشهر المقبلة.",
        "agreed",
        None,
        "soon",
        EG,
    ),
    ("ar", "وقبل الوزير الدعوة لزيارة القاهرة في ٢٠ أكتوبر.", "pledge", None, "2019-10-20", EG),
    (
        "ar",
        "ومن المقرر أن يوقع الجانبان مذكرة تفاهم في مجال الطاقة قبل نهاية العام.",
        "agreed",
        None,
        "2019",
        EG,
    ),
    (
        "ar",
        "وأكد الوزير المصري أن حكومة بلاده ستقدم مشروع القرار إلى مجلس الأمن خلال الشهر الجاري.",
        "pledge",
        ["Egypt"],
        "2019-05",
        EG,
    ),
    (
        "ar",
        "واتفق الجانبان على عقد الاجتماع المقبل في موعد أقصاه ١٥ يونيو ٢٠١٩.",
        "agreed",
        None,
        "2019-06-15",
        EG,
    ),
    (
        "es",
        "México y Guatemala se comprometieron a reforzar la cooperación en materia migratoria.",
        "agreed",
        None,
        None,
        (("Marcelo Ebrard", "Mexico"), ("Pedro Brolo", "Guatemala")),
    ),
    ("es", "España se ha comprometido a apoyar la candidatura de Marruecos.", "pledge", ["Spain"], None, ES),
    (
        "es",
        "Las delegaciones se reunirán nuevamente en Madrid el próximo mes.",
        "agreed",
        None,
        "2019-06",
        ES,
    ),
    (
        "es",
        "La canciller aceptó la invitación para visitar Rabat en el primer semestre del próximo año.",
        "pledge",
        None,
        "2020-H1",
        ES,
    ),
    (
        "de",
        "Beide Seiten vereinbarten, die Regierungskonsultationen im kommenden Jahr fortzusetzen.",
        "agreed",
        None,
        "2020",
        DE,
    ),
    (
        "de",
        "Deutschland wird der Ukraine weitere zehn Millionen Euro für humanitäre Hilfe zur Verfügung stellen.",
        "pledge",
        ["Germany"],
        None,
        DE,
    ),
    (
        "de",
        "Die Minister kamen überein, bis Jahresende eine gemeinsame Erklärung vorzulegen.",
        "agreed",
        None,
        "2019",
        DE,
    ),
    ("fr", "Les deux gouvernements mettront en place un comité de suivi.", "agreed", None, None, FR),
    ("fr", "Une commission mixte sera créée d'ici la fin de l'année.", "agreed", None, "2019", FR),
    ("fr", "La France enverra des experts pour appuyer la reconstruction.", "pledge", ["France"], None, FR),
    (
        "fr",
        "Le ministre a accepté l'invitation à se rendre à Berlin le mois prochain.",
        "pledge",
        None,
        "2019-06",
        FR,
    ),
    (
        "uk",
        "Сторони домовилися до кінця року підписати угоду про вільну торгівлю.",
        "agreed",
        None,
        "2019",
        UA,
    ),
    (
        "uk",
        "Держсекретар наголосив, що США продовжать підтримувати суверенітет України.",
        "pledge",
        ["United States"],
        None,
        UA,
    ),
    (
        "uk",
        "Наступне засідання комісії відбудеться у Києві в першому півріччі наступного року.",
        "agreed",
        None,
        "2020-H1",
        UA,
    ),
    (
        "kk",
        "Тараптар жыл соңына дейін үкіметаралық комиссияның отырысын өткізуге келісті.",
        "agreed",
        None,
        "2019",
        KZ,
    ),
    (
        "ru",
        "Следующее заседание комиссии будет проведено в Москве в первом полугодии следующего года.",
        "agreed",
        None,
        "2020-H1",
        KZ,
    ),
    ("ru", "Детали визита будут согласованы по дипломатическим каналам.", "agreed", None, None, KZ),
    ("ru", "С.Лавров поблагодарил за приглашение и принял его.", "pledge", None, None, KZ),
    (
        "ru",
        "Лавров поблагодарил коллегу и принял приглашение посетить Алматы.",
        "pledge",
        ["Russia"],
        None,
        (("Кайрат Абдрахманов", "Kazakhstan"), ("Сергей Лавров", "Russia")),
    ),
    (
        "pl",
        "Ministrowie uzgodnili, że w przyszłym roku odbędzie się kolejna runda konsultacji.",
        "agreed",
        None,
        "2020",
        PL,
    ),
    ("pl", "Strony postanowiły powołać wspólną grupę roboczą do spraw energetyki.", "agreed", None, None, PL),
    # a side the gazetteer may not know, coordinated names with an article, feminine plurals
    (
        "es",
        "Guatemala enviará una misión técnica a México en las próximas semanas.",
        "pledge",
        ["Guatemala"],
        "soon",
        (("Marcelo Ebrard", "Mexico"), ("Pedro Brolo", "Guatemala")),
    ),
    (
        "fr",
        "La France et l'Allemagne poursuivront leur coopération dans le domaine spatial.",
        "agreed",
        ["France", "Germany"],
        None,
        FR,
    ),
    # Turkish "gelecek yıl" is "next year", not a second (future) cue
    (
        "tr",
        "Taraflar gelecek yıl Moskova'da yeni bir istişare turu düzenlemeyi kararlaştırdı.",
        "agreed",
        None,
        "2020",
        KZ,
    ),
    # "agreed that" + a subjunctive is the action itself
    ("ar", "واتفق الجانبان على أن تستضيف القاهرة الاجتماع المقبل للجنة المشتركة.", "agreed", None, None, EG),
    (
        "es",
        "Los cancilleres acordaron que la próxima reunión se celebre en Guatemala.",
        "agreed",
        None,
        None,
        ES,
    ),
    (
        "fr",
        "Les ministres sont convenus que la prochaine réunion se tienne à Paris.",
        "agreed",
        None,
        None,
        FR,
    ),
    ("ar", "وأكد الجانبان حرصهما على مواصلة التنسيق بشأن القضايا الإقليمية.", "agreed", None, None, EG),
    # mandates to officials are the meeting's decisions
    (
        "en",
        "The two ministers tasked the joint commission with drafting a new cooperation programme.",
        "agreed",
        None,
        None,
        KZ,
    ),
    (
        "de",
        "Die Minister beauftragten ihre Ministerien, einen Fahrplan auszuarbeiten.",
        "agreed",
        None,
        None,
        DE,
    ),
    ("zh", "两国外长指示有关部门尽快落实会谈成果。", "agreed", None, "as soon as possible", CN),
    ("ar", "وكلف الوزيران كبار المسؤولين بإعداد خارطة طريق للتعاون.", "agreed", None, None, EG),
    ("ru", "Стороны договорились о необходимости активизировать контакты.", "agreed", None, None, RU),
]
BROAD_TRAPS = [
    ("zh", "双方回顾了2015年达成的共识。", CN),
    ("zh", "双方未就划界问题达成一致。", CN),
    ("zh", "王毅赞赏哈方为举办峰会所作的努力。", CN),
    ("zh", "如果条件允许，双方可考虑举行会晤。", CN),
    ("zh", "王毅认为，两国合作潜力巨大。", CN),
    ("zh", "访问期间，王毅还将会见哈萨克斯坦总统。", CN),
    ("zh", "双方期待早日完成谈判。", CN),
    ("zh", "去年双方商定成立联合委员会。", CN),
    ("zh", "王毅感谢哈方支持中方举办冬奥会。", CN),
    ("zh", "双方就美方将于下月举行的峰会交换了意见。", CN),
    ("ar", "وأعرب الوزير عن أمله في أن تسهم الزيارة في تعزيز العلاقات.", EG),
    ("ar", "وأشاد الوزير بالتزام الجانب الروسي بدعم جهود السلام.", EG),
    ("ar", "واستعرض الجانبان ما تم الاتفاق عليه خلال الزيارة السابقة.", EG),
    ("ar", "وكان الجانبان قد اتفقا في عام ٢٠١٧ على إنشاء منطقة صناعية.", EG),
    ("ar", "وأشار الوزير إلى أن إسرائيل ستواصل بناء المستوطنات.", EG),
    ("ar", "وخلال الزيارة سيلتقي الوزير برئيس مجلس النواب.", EG),
    ("ar", "ولن تشارك مصر في المناورات العسكرية.", EG),
    ("es", "Ambos ministros recordaron que en 2018 acordaron un plan de acción.", ES),
    ("es", "La ministra expresó su esperanza de que las negociaciones concluyan pronto.", ES),
    ("es", "La ministra agradeció a Marruecos su disposición a colaborar.", ES),
    ("es", "Si las condiciones lo permiten, ambas partes podrían firmar el acuerdo.", ES),
    ("es", "Durante la visita, la canciller también se reunirá con empresarios.", ES),
    ("de", "Maas dankte seinem Amtskollegen für die Bereitschaft, den Dialog fortzusetzen.", DE),
    ("de", "Man hoffe, dass die Gespräche bald fortgesetzt werden könnten.", DE),
    ("fr", "Le ministre a remercié la partie allemande pour sa disponibilité à poursuivre le dialogue.", FR),
    ("fr", "La réunion sera consacrée aux questions régionales.", FR),
    (
        "fr",
        "Les ministres ont rappelé qu'en 2017 les deux pays étaient convenus de créer un fonds commun.",
        FR,
    ),
    (
        "fr",
        "Lors de sa visite, le ministre rencontrera également des représentants de la société civile.",
        FR,
    ),
    ("uk", "Міністр висловив сподівання, що переговори буде відновлено.", UA),
    ("uk", "Сторони не домовилися про дату візиту.", UA),
    ("kk", "Министр тараптардың 2018 жылы келісімге қол қойғанын еске салды.", KZ),
    ("ru", "Министры обсудили подготовку к саммиту, который пройдет в Бишкеке в июне.", KZ),
    ("ru", "Министр выразил уверенность, что стороны будут и дальше развивать сотрудничество.", KZ),
    ("ru", "Министр отметил, что ситуация будет оставаться сложной.", KZ),
    ("ru", "Лавров напомнил, что в 2018 году стороны договорились о создании комиссии.", KZ),
    ("pl", "Minister podziękował partnerom za gotowość do współpracy.", PL),
    ("pl", "Nie wykluczono, że w przyszłości do formatu dołączą inne państwa.", PL),
    ("pl", "Ministrowie przypomnieli, że w 2019 roku uzgodnili wspólny plan.", PL),
    # a shared view, a briefing on plans, the visit's programme, a press conference, the other side's plans
    ("uk", "Дмитро Кулеба наголосив, що США продовжать підтримувати реформи в Україні.", UA),
    ("ar", "واتفق الجانبان على أن العلاقات الثنائية تشهد تطورا ملحوظا.", EG),
    ("es", "Los cancilleres coincidieron en que la migración es un fenómeno regional.", ES),
    ("en", "The Minister briefed his counterpart on Russia's plans to expand vaccine production.", KZ),
    ("ru", "Министр проинформировал коллегу о намерении Казахстана открыть новое посольство.", RU),
    ("en", "The sides agreed on the importance of regional stability.", KZ),
    ("ar", "واتفق الجانبان على أهمية الحفاظ على الاستقرار الإقليمي.", EG),
    ("fr", "Les ministres sont convenus de l'importance du dialogue.", FR),
    ("ru", "Стороны сошлись во мнении о важности региональной стабильности.", RU),
    ("ar", "ومن المقرر أن يعقد مؤتمر صحفي مشترك في ختام المحادثات.", EG),
    ("zh", "访问结束后，王毅将前往乌兹别克斯坦。", CN),
    ("en", "The Minister will travel on to Tashkent later today.", KZ),
    ("en", "Russia said it will never accept the expansion of NATO.", KZ),
]


@pytest.mark.parametrize(
    ("lang", "text", "kind", "parties", "due", "people"),
    BROAD,
    ids=[f"{b[0]}-{i}" for i, b in enumerate(BROAD)],
)
def test_broad_commitments(
    lang: str,
    text: str,
    kind: str,
    parties: list[str] | None,
    due: str | None,
    people: tuple[tuple[str, str], ...],
) -> None:
    st = one(text, lang, people=people)
    assert st.kind == kind
    assert st.due == due
    if parties is not None:
        assert st.parties == parties


@pytest.mark.parametrize(
    ("lang", "text", "people"), BROAD_TRAPS, ids=[f"{t[0]}-{i}" for i, t in enumerate(BROAD_TRAPS)]
)
def test_broad_traps(lang: str, text: str, people: tuple[tuple[str, str], ...]) -> None:
    assert steps_of(text, lang, people=people) == []


DATA = Path(__file__).parent / "data" / "steps"


def test_chinese_release_keeps_steps_and_drops_traps() -> None:
    text = (DATA / "zh-release.txt").read_text(encoding="utf-8")
    got = steps_of(text, "zh", people=CN, date="2019-09-10")
    assert [(s.kind, s.due) for s in got] == [
        ("agreed", "2019"),
        ("agreed", "as soon as possible"),
        ("agreed", None),  # the date belongs to the first of two coordinated actions
        ("pledge", None),
        ("pledge", None),
    ]
    assert got[3].parties == ["China"] and got[3].action == "扩大农产品贸易规模"
    assert got[4].parties == ["Kazakhstan"]
    assert not any(a in s.action for s in got for a in ("，", "欢迎", "参观", "直航", "产能"))


def test_arabic_release_keeps_steps_and_drops_traps() -> None:
    text = (DATA / "ar-release.txt").read_text(encoding="utf-8")
    got = steps_of(text, "ar", people=EG, date="2020-01-20")
    assert [(s.kind, s.due, s.category) for s in got] == [
        ("agreed", "2021-H1", "meet"),
        ("agreed", None, "contact"),
        ("agreed", None, "contact"),
        ("pledge", "2020", "aid"),
    ]
    assert got[3].parties == ["Russia"]
    assert not any(w in s.evidence for s in got for w in ("أمله", "ولم", "الزيارة", "٢٠١٨"))


@pytest.mark.parametrize(
    ("lang", "text", "people", "action", "party", "due"),
    [
        (
            "zh",
            "拉夫罗夫邀请王毅年内访问俄罗斯，王毅对此表示感谢并接受了邀请。",
            (("王毅", "China"), ("拉夫罗夫", "Russia")),
            "访问俄罗斯",
            "China",
            "2019",
        ),
        (
            "en",
            "Lavrov invited Abdrakhmanov to visit Moscow. The invitation was accepted with gratitude.",
            KZ,
            "visit Moscow",
            "Kazakhstan",
            None,
        ),
        (
            "ru",
            "Лавров пригласил Абдрахманова посетить Москву. Приглашение было с благодарностью принято.",
            RU,
            "посетить Москву",
            "Kazakhstan",
            None,
        ),
    ],
)
def test_accepted_invitation_names_what_it_is_for(
    lang: str, text: str, people: tuple[tuple[str, str], ...], action: str, party: str, due: str | None
) -> None:
    """ "Accepted the invitation" alone says nothing: the invitation's content is the action."""
    st = one(text, lang, people=people)
    assert (st.kind, st.action, st.parties, st.due) == ("pledge", action, [party], due)


def test_kazakh_goal_and_named_side() -> None:
    kz = (("Қайрат Әбдірахманов", "Kazakhstan"), ("Сергей Лавров", "Russia"))
    st = one(
        "Тараптар сауда көлемін 2025 жылға қарай 30 миллиард долларға жеткізу міндетін қойды.",
        "kk",
        people=kz,
    )
    assert st.kind == "agreed" and st.due == "2025"
    st = one("Қазақстан тарапы Ресейге гуманитарлық көмек көрсетуге дайын екенін жеткізді.", "kk", people=kz)
    assert st.parties == ["Kazakhstan"] and st.action.startswith("Ресейге")


def test_time_phrase_that_opens_an_action_goes_to_due() -> None:
    st = one("Міністри домовилися найближчим часом провести засідання міжурядової комісії.", "uk")
    assert st.due == "soon" and st.action == "провести засідання міжурядової комісії"
    st = one("双方同意明年在北京举行新一轮战略对话。", "zh")
    assert st.due == "2020" and st.action == "在北京举行新一轮战略对话"


# ---------------------------------------------------------------- blind-set causes, by general methods
# Conditions, contrasts, coordinated objects and infinitives, joint subjects, announcements, dues,
# hosts, oblique names, invitations and abbreviations (sentences written for these tests).

UA_RU = (("Дмитро Кулеба", "Ukraine"), ("Мевлют Чавушоглу", "Turkey"))
US_AU = (("Antony Blinken", "United States"), ("Marise Payne", "Australia"))
JO_IQ = (("أيمن الصفدي", "Jordan"), ("فؤاد حسين", "Iraq"), ("سامح شكري", "Egypt"))
TR_AZ = (("Mevlüt Çavuşoğlu", "Turkey"), ("Jeyhun Bayramov", "Azerbaijan"))

CONDITIONAL = [
    # readiness conditioned on another party's readiness, and taken back by a contrast clause
    (
        "uk",
        "Україна готова відновити діалог, коли Туреччина буде готова до нього, але такої готовності не видно.",
    ),
    ("ru", "Украина готова к диалогу тогда, когда Турция будет готова к нему, однако такой готовности нет."),
    (
        "en",
        "Ukraine stands ready to resume talks once Turkey is ready to engage, but no such readiness is visible.",
    ),
    (
        "fr",
        "L'Ukraine est prête à reprendre le dialogue dès que la Turquie sera prête, mais aucune disposition n'apparaît.",
    ),
    # a condition after the cue
    ("en", "Ukraine will restore the flights if Turkey lifts the restrictions."),
    ("ru", "Украина восстановит авиасообщение, если Турция снимет ограничения."),
    ("es", "Ucrania reanudará los vuelos si Turquía levanta las restricciones."),
    ("de", "Die Ukraine wird die Flüge wieder aufnehmen, sofern die Türkei die Beschränkungen aufhebt."),
    ("zh", "乌方将恢复直航，如果土方取消限制措施。"),
    ("ar", "وستستأنف أوكرانيا الرحلات الجوية إذا رفعت تركيا القيود."),
    ("pl", "Ukraina wznowi loty, jeżeli Turcja zniesie ograniczenia."),
]


@pytest.mark.parametrize(
    ("lang", "text"), CONDITIONAL, ids=[f"{c[0]}-{i}" for i, c in enumerate(CONDITIONAL)]
)
def test_conditioned_or_denied_readiness_is_no_pledge(lang: str, text: str) -> None:
    assert steps_of(text, lang, people=UA_RU) == []


def test_condition_words_that_are_no_condition_keep_the_step() -> None:
    st = one("The sides agreed to convene an extraordinary session if necessary.", "en")
    assert st.kind == "agreed"
    st = one("The sides agreed to meet again when the minister visits Astana in June.", "en")
    assert st.kind == "agreed" and st.due == "2019-06"
    # a contrast clause that denies something else leaves the pledge
    st = one("Russia is ready to host the next round, but the date has not been set.", "en")
    assert st.kind == "pledge"
    st = one("Russia is ready to supply grain, but it is not ready to cut prices.", "en")
    assert st.action == "supply grain"
    st = one("The talks were difficult, but the sides agreed to continue them without preconditions.", "en")
    assert st.kind == "agreed"


NEGATED = [
    ("en", "The two ministers did not, despite long talks, agree on a date for the next round."),
    ("en", "There was no agreement to extend the ceasefire."),
    ("de", "Die Minister konnten sich trotz langer Gespräche nicht auf einen Termin einigen."),
    ("ru", "Стороны так и не смогли договориться о дате визита."),
    ("uk", "Україна не буде вести переговори під тиском."),
    ("fr", "Aucun accord n'a été trouvé sur la date de la prochaine réunion."),
    ("es", "No se llegó a ningún acuerdo sobre la fecha de la próxima reunión."),
    ("zh", "双方尚未就下一轮会谈的日期达成一致。"),
    ("ar", "ولم يتم التوصل إلى اتفاق بشأن موعد الجولة المقبلة."),
    ("pl", "Strony nie uzgodniły terminu kolejnej rundy rozmów."),
    ("it", "Le parti non hanno concordato la data del prossimo incontro."),
    ("pt", "As partes não acordaram a data da próxima reunião."),
    ("tr", "Taraflar bir sonraki turun tarihi konusunda anlaşamadı."),
    ("kk", "Тараптар келесі раундтың күні туралы келісе алмады."),
]


@pytest.mark.parametrize(("lang", "text"), NEGATED, ids=[f"{n[0]}-{i}" for i, n in enumerate(NEGATED)])
def test_negated_sentence_gives_no_step(lang: str, text: str) -> None:
    assert steps_of(text, lang) == []


def test_infinitives_of_a_noun_are_not_split_off() -> None:
    got = steps_of(
        "The United States will keep opposing Moscow's attempts to pressure its neighbours and to weaken"
        " the security order in Europe.",
        "en",
        people=US_AU,
    )
    assert len(got) == 1 and "weaken" in got[0].action and got[0].parties == ["United States"]
    # a true coordination still gives two rows
    got = steps_of("The sides agreed to maintain regular contacts and to expand trade in grain.", "en")
    assert len(got) == 2


@pytest.mark.parametrize(
    ("lang", "text", "people", "due"),
    [
        (
            "en",
            "The ministers agreed that water security is an urgent priority, and on launching at once"
            " a joint review of river projects.",
            US_AU,
            "immediately",
        ),
        (
            "ar",
            "واتفق الوزراء على أن الأمن المائي أولوية عاجلة، وعلى البدء فورا بإعداد خطة مشتركة.",
            JO_IQ,
            "immediately",
        ),
        (
            "ru",
            "Министры договорились о том, что водная безопасность остается приоритетом, а также о создании"
            " совместной рабочей группы.",
            RU,
            None,
        ),
    ],
)
def test_opinion_clause_does_not_hide_a_coordinated_action(
    lang: str, text: str, people: tuple[tuple[str, str], ...], due: str | None
) -> None:
    st = one(text, lang, people=people)
    assert st.kind == "agreed" and st.due == due
    assert not any(w in st.action for w in ("priority", "أولوية", "приоритет"))


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Senior officials will continue their regular consultations on maritime security."),
        ("ru", "Старшие должностные лица продолжат регулярные консультации по морской безопасности."),
        ("es", "Los altos funcionarios mantendrán consultas periódicas sobre seguridad marítima."),
        ("zh", "双方官员将继续就海上安全保持定期磋商。"),
        ("ar", "وسيواصل كبار المسؤولين المشاورات المنتظمة بشأن الأمن البحري."),
    ],
)
def test_officials_of_both_sides_as_subject_is_agreed(lang: str, text: str) -> None:
    st = one(text, lang)
    assert st.kind == "agreed" and st.parties == ["Kazakhstan", "Russia"]


@pytest.mark.parametrize(
    ("lang", "text", "party"),
    [
        ("en", "Australia announced the allocation of 15 million dollars for flood relief.", "Australia"),
        ("ru", "Казахстан объявил о выделении 3 миллионов долларов на восстановление школ.", "Kazakhstan"),
        ("uk", "Казахстан оголосив про виділення 3 мільйонів доларів на відбудову шкіл.", "Kazakhstan"),
        ("kk", "Қазақстан мектептерді қалпына келтіруге 3 миллион доллар бөлетінін жариялады.", "Kazakhstan"),
        ("ar", "وأعلنت روسيا عن تقديم شحنة من المساعدات الطبية.", "Russia"),
        ("es", "Rusia anunció el envío de una partida de ayuda médica.", "Russia"),
    ],
)
def test_announced_allocation_is_a_pledge(lang: str, text: str, party: str) -> None:
    people = US_AU if lang == "en" else KZ
    st = one(text, lang, people=people)
    assert st.kind == "pledge" and st.parties == [party]


@pytest.mark.parametrize(
    ("lang", "phrase", "ref", "want"),
    [
        ("ar", "عقد اجتماع للخبراء خلال شهر.", "2022-03-01", "within 1 month"),
        ("en", "to finish the review within a month", "2022-03-01", "within 1 month"),
        ("es", "en las próximas semanas", "2022-03-01", "soon"),
        ("fr", "dans les semaines qui viennent", "2022-03-01", "soon"),
        ("de", "im Sommer erneut zusammenkommen", "2022-03-01", "summer 2022"),
        ("ru", "провести консультации летом", "2022-10-01", "summer 2023"),
        ("uk", "влітку провести засідання", "2022-03-01", "summer 2022"),
        ("ar", "خلال شهر أيار", "2022-03-01", "2022-05"),
    ],
)
def test_more_due_phrases(lang: str, phrase: str, ref: str, want: str) -> None:
    assert normalize_due(phrase, lang, Ref.parse(ref)) == want


def test_those_who_met_are_all_participants() -> None:
    st = one(
        "واتفق المجتمعون على تكثيف التنسيق بشأن عودة اللاجئين.",
        "ar",
        people=JO_IQ,
        kind="multilateral-meeting",
    )
    assert st.kind == "agreed" and st.parties == ["Jordan", "Iraq", "Egypt"]
    st = one("Участники встречи договорились продолжить консультации.", "ru", people=RU)
    assert st.kind == "agreed"


def test_name_in_an_oblique_case_is_no_co_subject() -> None:
    st = one("Türkiye, Gürcistan'a insani yardım göndermeye hazır olduğunu bildirdi.", "tr", people=TR_AZ)
    assert st.kind == "pledge" and st.parties == ["Turkey"]
    st = one(
        "Türkiye ve Azerbaycan ortak tatbikatlar düzenlemeye hazır olduklarını bildirdi.", "tr", people=TR_AZ
    )
    assert st.kind == "agreed"


def test_host_named_only_as_host_is_no_party() -> None:
    pytest.importorskip("communique.analysis.entities")
    text = (
        "At the invitation of China, the foreign ministers of Pakistan and Afghanistan met in Islamabad.\n\n"
        "The ministers agreed to set up a joint commission on border trade."
    )
    st = one(text, "en", people=(("Shah Mahmood Qureshi", ""), ("Salahuddin Rabbani", "")))
    assert "China" not in st.parties


@pytest.mark.parametrize(
    ("lang", "text", "people", "action"),
    [
        (
            "zh",
            "王毅接受布林肯邀请，将于年内访问美国。",
            (("王毅", "China"), ("布林肯", "United States")),
            "访问美国",
        ),
        (
            "zh",
            "王毅接受了拉夫罗夫的邀请，年内访问俄罗斯。",
            (("王毅", "China"), ("拉夫罗夫", "Russia")),
            "访问俄罗斯",
        ),
        (
            "en",
            "Minister Payne accepted Secretary Blinken's invitation to visit Washington in autumn.",
            US_AU,
            "visit Washington",
        ),
        (
            "fr",
            "Le ministre a accepté l'invitation de son homologue à se rendre à Canberra.",
            US_AU,
            "se rendre à Canberra",
        ),
        ("ru", "Министр принял приглашение коллеги посетить Канберру.", US_AU, "посетить Канберру"),
        ("ar", "وقبل الوزير دعوة نظيره لزيارة كانبرا.", US_AU, "زيارة كانبرا"),
    ],
)
def test_accepted_invitation_action_is_the_visit(
    lang: str, text: str, people: tuple[tuple[str, str], ...], action: str
) -> None:
    st = one(text, lang, people=people)
    assert st.kind == "pledge" and st.action.startswith(action), st.action


def test_abbreviation_dot_does_not_cut_the_action() -> None:
    st = one("Strony postanowiły powołać zespół ds. transportu i logistyki.", "pl", people=PL)
    assert st.action.endswith("logistyki"), st.action
    st = one("Стороны договорились провести заседание комиссии в г. Алматы в июне.", "ru", people=RU)
    assert "Алматы" in st.action
    # an ordinal's dot ("der 71. Vollversammlung", "am 20. Mai") ends no sentence either
    st = one(
        "Die Minister vereinbarten, sich am Rande der 81. Generalversammlung in Genf erneut zu treffen.", "de"
    )
    assert st.action.endswith("in Genf erneut zu treffen"), st.action
