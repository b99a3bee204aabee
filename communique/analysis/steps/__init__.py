"""Next steps: the commitments a release records (who will do what, by when).

A pipeline a trained model can later replace or join: every cue in a sentence opens a
``Candidate``; ``featurize`` describes it (cue strength, subject, PLOVER-style modes: negated,
hypothetical, historical; thanks, opinion, background); a ``Classifier`` decides (the rule-based
``RuleClassifier`` by default); the kept candidates become ``NextStep`` rows, one per coordinated
action. Cue words and time expressions come from the [steps] table of communique/lang/<code>.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Protocol

from ...document import Document, Sentence
from ...readout import Meeting, NextStep
from ..cues import cue_rx
from ..dates import YEAR, Ref, ascii_digits, find_date, normalize_due, period_from, strip_lead
from .cues import CUE_KINDS, Cues, cues_for, word_start
from .parties import Mention, Parties

__all__ = [
    "Candidate",
    "Classifier",
    "Decision",
    "Features",
    "RuleClassifier",
    "extract_steps",
    "featurize",
    "find_candidates",
]

_ITEM = re.compile(
    r"^\s*(?:[-–—•·*▪●○]|\(?\d{1,2}[.)．、]|\(?[a-zа-я][)]|（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)\s*"
)
# Categories after CAMEO/PLOVER: sign (057 sign formal agreement), meet (036/043-046 meet,
# consult, negotiate), mechanism (bodies to set up), aid (033/07x material and humanitarian aid),
# contact (dialogue, coordination), support (051/PLOVER SUPPORT), cooperate (03x/04x). The first
# that the action's head, then the action, then the sentence names wins.
_CATEGORY_ORDER = ("sign", "meet", "mechanism", "aid", "contact", "support", "cooperate")
_MAX_WORDS = 24
# cues read per sentence: a release's sentence holds up to four; each cue's features read its sentence,
# so a run of repeated cues ("agreed to agree to ...") would cost cues x length
MAX_CUES = 8
# fixed patterns compiled once (module-level re.* calls share a 512-entry cache with every stage)
_WORD = re.compile(r"\w+")
_PUNCT = re.compile(r"[,;:(，；：（،؛]")
_HEADING_END = re.compile(r"\s*(?:[:：.\-–—]|$)")
# "Mexico and the US", "la France et l'Allemagne", "Polska i Litwa": coordinated names, one subject
_JOINER = re.compile(r"[\s,]*(?:\w{1,3}[\s,]+)?(?:\w{1,3}(?:\s+|['’]))?")
_RANGE_TAIL = re.compile(r"\s*[-–—/]\s*(?:19|20)?\d\d")
_CLAUSE_END = re.compile(r"[;:]\s*")
_LAST_WORD = re.compile(r"(\w+)\W*$")
_NAME_AFTER = re.compile(r"\s+[^\W\d_][\w.-]*(?:\s+[^\W\d_][\w-]*)?")
_STOP = re.compile(r"[.;,，。；](?:\s|$)|[，。；]")


@dataclass
class Candidate:
    """One cue in one sentence: a possible commitment."""

    sentence: Sentence
    family: str  # a key of CUE_KINDS
    start: int  # cue span in sentence.text
    end: int
    prev: str = ""  # the sentence before (for "this period", agreement context)


@dataclass
class Features:
    strength: str  # strong | weak | planned | deontic
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    thanks: bool = False
    opinion: bool = False
    background: bool = False
    vague: bool = False  # "agreed on further steps": an announcement, the steps follow
    nonaction: bool = False  # "will depend on": a future that commits nobody
    relative: bool = False  # the cue sits in a relative clause ("which will be held")
    itinerary: bool = False  # the visit's own programme ("during the visit he will also meet")
    bare_claim: bool = False  # "agreed that the situation remains difficult": no action follows
    header: bool = False  # "The sides agreed on the following:": the list items below are the steps
    complement: bool = False  # the cue opens a clause ("agreed that ..."): its future belongs to it
    resume: int = -1  # where a second, coordinated object of the cue starts ("…, and on starting")
    persons_only: bool = False  # the subject is a named person, not a country or "the sides"
    sides: bool = False  # "the sides / the ministers" are the subject
    subject: list[str] = field(default_factory=list)  # party names in the subject
    subject_party: bool = False
    subject_other: bool = False  # a named non-party (a third country) is the subject
    agreement_context: bool = False  # an agreement cue in the sentence or just before


@dataclass
class Decision:
    keep: bool
    kind: str = "agreed"  # agreed | pledge
    score: float = 0.0


class Classifier(Protocol):
    """Decides whether a candidate is a step; a neural model can implement this too."""

    def decide(self, cand: Candidate, feats: Features) -> Decision: ...


class RuleClassifier:
    """The default decision: explicit mode checks, then cue strength and subject."""

    def decide(self, cand: Candidate, feats: Features) -> Decision:
        f = feats
        if f.background or f.negated or f.hypothetical or f.historical or f.thanks or f.vague:
            return Decision(False)
        if f.nonaction or f.bare_claim:
            return Decision(False)
        if f.subject_other and not f.subject_party and not f.sides and cand.family != "agree":
            return Decision(False)  # a third party's plans are not this meeting's steps
        if f.strength == "weak":
            if f.opinion or f.nonaction or not (f.subject_party or f.sides):
                return Decision(False)
            if f.persons_only and not f.sides:
                return Decision(False)  # "Lavrov will also meet Tokayev": the visit's programme
        elif f.strength == "deontic":
            # "双方要加强…", "the sides should meet": one side's call unless an agreement frames it
            if f.opinion or f.nonaction or not f.agreement_context:
                return Decision(False)
        elif f.strength == "planned" and (f.opinion or f.nonaction):
            return Decision(False)
        if (f.relative or f.itinerary) and f.strength in ("weak", "planned", "deontic"):
            return Decision(False)
        mutual = cand.family == "agree" or f.sides or len(set(f.subject)) >= 2
        if f.strength in ("planned", "deontic") and not f.subject:
            mutual = True
        score = {"strong": 0.9, "planned": 0.75, "deontic": 0.7, "weak": 0.6}[f.strength]
        return Decision(True, "agreed" if mutual else "pledge", score)


# ---------------------------------------------------------------- candidates and features


def _background_start(doc: Document, c: Cues) -> int:
    """Index of the first sentence of a background note ("Справка:", "Note to editors")."""
    for s in doc.sentences:
        m = c.search("background", s.text)
        # a heading: "Справка:", "Background", "Note to editors —", not "Background checks will..."
        if m and m.start() <= 2 and (_HEADING_END.match(s.text[m.end() :]) or _words(s.text) <= 4):
            return s.index
    return len(doc.sentences) + 1


def find_candidates(doc: Document, c: Cues) -> list[Candidate]:
    out: list[Candidate] = []
    title = (doc.source.title or "").strip()
    prev = ""
    for s in doc.sentences:
        if s.kind in ("title", "dateline") or (title and s.text.strip() == title) or _no_report(s.text):
            prev = s.text
            continue
        for fam in CUE_KINDS:
            for m in c.find(fam, s.text):
                out.append(Candidate(s, fam, m.start(), m.end(), prev))
        prev = s.text
    # one candidate per span: where cues overlap, the longer (more specific) one wins
    out.sort(key=lambda k: (k.sentence.index, k.start, -(k.end - k.start)))
    kept: list[Candidate] = []
    per_sentence = 0
    for k in out:
        same = bool(kept) and kept[-1].sentence.index == k.sentence.index
        if same and k.start < kept[-1].end:
            continue
        per_sentence = per_sentence + 1 if same else 1
        if per_sentence > MAX_CUES:
            continue
        kept.append(k)
    return kept


def _no_report(text: str) -> bool:
    """A question ("What did they agree?") or a headline in capitals quoted in the body: neither
    records a commitment (the body's own sentence does)."""
    t = text.rstrip(" \"'»”’)")
    if t.endswith(("?", "？", "؟")):
        return True
    up = sum(map(str.isupper, text))  # a letter is upper, lower or neither: counted at C speed
    cased = up + sum(map(str.islower, text))
    return cased >= 12 and up >= 0.9 * cased


def _words(s: str) -> int:
    return len(_WORD.findall(s))


def _near_before(marks: list[re.Match[str]], pos: int, text: str, window: int) -> bool:
    return any(m.start() < pos and _words(text[m.end() : pos]) <= window for m in marks)


def _clause_start(text: str, pos: int, c: Cues) -> int:
    """Where the clause holding ``pos`` starts: after the last , ; : or reporting conjunction."""
    b = 0
    for m in _PUNCT.finditer(text[:pos]):
        b = m.end()
    for m in c.find("report", text[:pos]):
        b = max(b, m.end())
    return b


def _subject(text: str, cand: Candidate, c: Cues, ms: list[Mention]) -> list[Mention]:
    """The mentions (parties or not) that act as the cue's subject."""
    pos = cand.start
    suffix = c.patterns.get("case_suffix")
    if suffix is not None:  # "Azerbaycan'a" (dative) is an object, never the subject
        ms = [m for m in ms if not suffix.match(text, m.end)]
    if c.head_final:  # the subject opens the sentence: "Өзбек тарапы ... дайын"
        return _joined([m for m in ms if m.end <= pos], text)
    cs = _clause_start(text, pos, c)
    inside = _joined([m for m in ms if cs <= m.start < pos], text)
    if inside:
        return inside
    if _words(text[cs:pos]) > 2:  # the clause has its own (unnamed or non-party) subject
        return []
    # "…，王毅对此表示感谢并接受了邀请": the subject of the reporting verb, in the same stretch
    seg = 0
    for m in _PUNCT.finditer(text[:cs]):
        seg = m.end()
    near = [m for m in ms if seg <= m.start and m.end <= pos]
    if near:
        return _joined(near, text)
    # "México, por razones ..., recibirá": the subject opens the sentence
    return _joined([m for m in ms if m.end <= pos], text)


def _joined(ms: list[Mention], text: str) -> list[Mention]:
    """The first mention and those coordinated with it ("México y Estados Unidos")."""
    out = ms[:1]
    for m in ms[1:]:
        gap = text[out[-1].end : m.start]
        if not _JOINER.fullmatch(gap):
            break
        out.append(m)
    return out


def _sides(text: str, a: int, b: int, c: Cues, ms: list[Mention]) -> bool:
    """ "The sides" in text[a:b], not "the Russian side" (a party named just before the word)."""
    for m in c.find("sides", text[a:b]):
        st = a + m.start()
        if not any(0 <= st - x.end <= 1 for x in ms):
            return True
    return False


def featurize(cand: Candidate, doc: Document, c: Cues, parties: Parties, bg: int, ref: Ref) -> Features:
    text = cand.sentence.text
    strength = CUE_KINDS[cand.family][0]
    f = Features(strength=strength, background=cand.sentence.index >= bg)
    pos = cand.start

    cs0 = _clause_start(text, pos, c)
    names = [m for m in parties.mentions(text) if m.person]

    def markers(name: str) -> list[re.Match[str]]:
        return [
            m for m in c.find(name, text) if not any(n.start < m.end() and m.start() < n.end for n in names)
        ]

    def before(name: str) -> bool:
        ms = markers(name)
        if c.head_final:  # a governing verb follows the cue; a clause's own adverb precedes it
            return any(m.start() >= cand.end or cs0 <= m.start() < pos for m in ms)
        return any(m.start() < pos and not _fresh_clause(text, m.end(), pos, c) for m in ms)

    neg = c.find("negation", text)
    f.negated = (
        _near_before(neg, pos, text, c.negation_before)
        or any(
            pos <= m.start() < cand.end
            for m in neg  # "einigten sich nicht auf", "ne sont pas convenus"
        )
        or any(
            m.start() >= cand.end and _words(text[cand.end : m.start()]) <= c.negation_after - 1
            for m in neg
            if c.negation_after
        )
    )
    if c.head_final:  # kk: the negation is a verb suffix, the cue list holds positive forms only
        f.negated = f.negated or any(
            m.start() >= cand.end and _words(text[cand.end : m.start()]) <= 1 for m in neg
        )
    f.hypothetical = before("hypothetical") or _conditioned(text, cand, c)
    f.negated = f.negated or _contrast_negated(text, cand, c, neg)
    # thanks and praise rule their own clause only: "感谢中方的支持，表示哈方愿..." keeps the pledge
    # "表示感谢并接受了邀请", "thanked ... and accepted": a coordinated verb after thanks is its own act
    f.thanks = any(
        (cs0 <= m.start() < pos and not _coord_after(text, m.end(), pos, cand.end, cand.family, c))
        or (c.head_final and m.start() >= cand.end)
        for m in markers("thanks")
    )
    f.opinion = before("opinion")
    if f.opinion and strength == "planned":
        # "Segundo o Itamaraty, uma reunião será agendada": the source is named, the event stays planned
        att = c.find("attribution", text)
        f.opinion = any(
            m.start() < pos and not any(a.start() <= m.start() < a.end() for a in att)
            for m in markers("opinion")
        )
    f.historical = before("historical") or _past_date_before(text, pos, ref)
    f.header = text.rstrip().endswith((":", "：")) and _words(text[cand.end :]) <= 6
    vm = c.search("vague", text[cand.end : cand.end + 60])
    f.vague = vm is not None and _words(text[cand.end + vm.end() :]) <= 5 and not f.header
    reach = 12 if strength == "strong" else 40  # a strong cue's object starts right after it
    f.nonaction = bool(c.search("nonaction", text[cand.start : cand.end + reach]))
    if strength == "strong":  # "agreed on the importance of stability": a shared view, not an action
        no = c.search("nonobject", text, cand.end, cand.end + 60)
        f.nonaction = f.nonaction or (no is not None and no.start() - cand.end <= 2)
    f.itinerary = bool(c.search("itinerary", text[:pos]))
    lo = max(cand.start, cand.end - 12)
    # "من المقرر أن", "il est prévu que": a planned cue's own "that" opens no complement
    comp = c.search("complement", text, lo, cand.end + 16) if strength != "planned" else None
    if comp is not None and _words(text[cand.end : comp.start()]) == 0:
        f.complement = True
        # "agreed that ...": a step only when what follows is itself to be done
        rest = text[cand.end :]
        # "اتفقا على أن تستضيف القاهرة", "acordaron que se celebre": a subjunctive is the action too
        f.bare_claim = not any(
            c.search(k, rest) for k in ("future", "future_verb", "deontic", "planned", "subjunctive")
        )
        # "agreed that X is a priority, and on starting at once to coordinate": a second object of
        # the same verb is an action of its own
        co = c.search("coord_object", text, cand.end) if f.bare_claim else None
        if co is not None:
            no = c.search("nonobject", text, co.end(), co.end() + 40)
            if no is None or no.start() - co.end() > 2:
                f.bare_claim, f.resume = False, co.end()
    # subject
    ms = parties.mentions(text)
    subj = _subject(text, cand, c, ms)
    cs = _clause_start(text, pos, c)
    bare = _words(text[cs:pos]) <= 1 and not any(cs <= m.start < pos for m in ms)
    # "Zudem wollen beide Seiten ...": with nothing before the verb, the subject follows it
    # "双方表示，将...", "The sides said they will...": a bare clause inherits the sentence's subject
    f.sides = _sides(text, 0 if bare else cs, cand.end + (20 if bare else 0), c, ms) or (
        cand.family == "agree" and _sides(text, 0 if c.head_final else max(0, pos - 60), cand.end + 30, c, ms)
    )
    # "the visit, which is expected to take place": a relative clause reports, it does not commit
    rel = c.find("relative", text[max(0, pos - 40) : pos])
    f.relative = bool(rel) and _words(text[max(0, pos - 40) + rel[-1].end() : pos]) <= 2
    # "заседание ..., которое пройдет": a cue that spans a noun and its verb may hold the pronoun
    inner = c.find("relative", text[pos : cand.end])
    if inner and inner[-1].start() > 0 and _words(text[pos + inner[-1].end() : cand.end]) <= 2:
        f.relative = True
    if not subj and strength == "planned":
        # "Саммит ШОС пройдет": a cue that spans the event names its owner; else "The Uzbek side
        # informed that a wing will be opened": the informant commits
        own_event = [m for m in ms if pos <= m.start < cand.end and not m.person]
        subj = own_event or [m for m in ms if m.end <= _clause_start(text, pos, c)]
    # "к диалогу Лаврова и Керри намерен присоединиться президент Путин": a titled non-participant
    # after the verb is its subject (the names before it are objects), and a third party
    inverted = (
        strength in ("strong", "weak")
        and cand.family != "accept"  # the invitee may follow "accepted": "قبل الوزير دعوة"
        and all(m.person for m in subj)
        and _titled_after(text, cand, c, ms)
    )
    if inverted:
        subj = []
    few = len(parties.parties) < 2  # a side the meeting stage missed may be named here
    f.subject = [m.name for m in subj if (m.party or few) and m.name]
    f.subject_party = any(m.party or few for m in subj)
    f.subject_other = (any(not m.party for m in subj) and not few) or inverted
    f.persons_only = bool(subj) and all(m.person for m in subj)
    own = c.search("own_side", text, cs, pos)
    if own is not None and (not subj or f.persons_only):
        # "said his country will submit": the speaker's side commits
        spk = [m for m in ms if m.person and m.end <= own.start()]
        f.subject = [m.name for m in spk[-1:] if m.name]
        f.subject_party, f.subject_other, f.persons_only = True, False, False
    if f.opinion and f.subject_party and not c.head_final and strength == "weak":
        # "stressed that the US will continue to support": the opinion verb reports, the
        # complement's named party commits (a bare "noted that the talks will be hard" does not)
        op = max(m.end() for m in c.find("opinion", text) if m.start() < pos)
        rep = c.find("report", text[op:pos])
        # only for the speaker's own side: "Blinken stressed that the US will…", not "…that Iran will…"
        speakers = {m.name for m in ms if m.person and m.name and m.end <= op}
        own_side = not speakers or all(m.name in speakers for m in subj)
        f.opinion = not (
            rep and own_side and all(m.start >= op + rep[-1].end() and not m.person for m in subj)
        )
    if f.persons_only and len({(m.start, m.name) for m in subj}) >= 2:
        f.sides = True  # "Pompeo and Makei will ...": both sides in person
    if f.sides and subj and not any(m.party for m in subj):
        # "双方就美方将于下月举行的峰会…": a named third party nearer the cue than "the sides" owns it
        sm = c.find("sides", text[: cand.end])
        if sm and sm[-1].end() <= subj[0].start:
            f.sides = False
    if strength == "strong" and cand.family != "accept" and not inverted and not any(m.name for m in subj):
        # "подтвердил готовность российской стороны", "la détermination de la France à"
        nxt = [m for m in ms if cand.start < m.start <= cand.end + 30]
        if nxt:
            f.subject = [m.name for m in nxt[:1] if m.party and m.name]
            f.subject_party = any(m.party for m in nxt[:1])
            # with fewer than two known sides an unknown country may be the missing one
            f.subject_other = not f.subject_party and len(parties.parties) >= 2
            if not f.subject_party and len(parties.parties) < 2:
                f.subject = [m.name for m in nxt[:1] if m.name]
    ctx = text[:pos] + " " + cand.prev
    f.agreement_context = bool(c.search("agree", ctx))
    return f


def _titled_after(text: str, cand: Candidate, c: Cues, ms: list[Mention]) -> bool:
    """A role title and a capitalized name right after the cue, in its clause, that name nobody of the
    meeting ("… намерен присоединиться президент Владимир Путин"): a subject after its verb."""
    if not c.spaced:
        return False
    end = _PUNCT.search(text, cand.end)
    stop = end.start() if end else len(text)
    for t in cue_rx(c.lang, "titles").finditer(text, cand.end, min(stop, cand.end + 80)):
        if any(len(w) <= 3 for w in _WORD.findall(text[cand.end : t.start()])):
            return False  # "встретиться с президентом": a preposition makes the title an object
        name = _NAME_AFTER.match(text, t.end())
        if name and name.group().split()[0][0].isupper():  # a name: "президент Путин", not "министр принял"
            return not any(m.person and m.start < name.end() and t.start() < m.end for m in ms)
    return False


def _conditioned(text: str, cand: Candidate, c: Cues) -> bool:
    """A condition rules the cue: "will lift sanctions if Moscow withdraws", "ready to talk when the
    other side is ready", or the cue sits inside the condition itself ("коли Росія буде готова")."""
    pos, end = cand.start, cand.end
    for m in c.find("condition", text):
        if (
            m.start() >= end
            and _words(text[end : m.start()]) <= 25
            and not _CLAUSE_END.search(text[end : m.start()])
        ):
            return True  # a condition in the cue's own clause (not past a ";")
    for m in c.find("condition_when", text):
        if m.start() >= end:
            # a "when" clause is a condition when it asks for someone's readiness, not a date
            clause = _STOP.split(text[m.end() :], maxsplit=1)[0]
            if c.search("pledge", clause) or c.search("condition_state", clause):
                return True
        elif m.end() <= pos and not _PUNCT.search(text[m.end() : pos]) and _words(text[m.end() : pos]) <= 6:
            return True  # the cue is the condition's own verb
    for m in c.find("condition", text):
        if m.end() <= pos and not _PUNCT.search(text[m.end() : pos]) and _words(text[m.end() : pos]) <= 8:
            return True
    return False


def _stems(s: str) -> set[str]:
    return {w[:4].lower() for w in _WORD.findall(s) if len(w) >= 4}


def _contrast_negated(text: str, cand: Candidate, c: Cues, neg: list[re.Match[str]]) -> bool:
    """ "ready to negotiate …, but no such readiness is seen": a contrast clause takes a readiness back.

    Only a denial that repeats the readiness word counts ("but the date was not set" denies something
    else), whether the cue is the readiness itself or the denial's own mention of it."""
    if not neg or cand.family != "pledge":
        return False
    pos, end = cand.start, cand.end
    cons = c.find("contrast", text)
    for i, m in enumerate(cons):
        clause_end = cons[i + 1].start() if i + 1 < len(cons) else len(text)
        if not any(m.end() <= x.start() < clause_end for x in neg):
            continue
        cue = text[pos:end]
        if m.end() <= pos < clause_end:
            other = text[: m.start()]  # the denial's own "такої готовності": the readiness before
        elif m.start() >= end:
            other = text[m.end() : clause_end]
            # "but it is not ready to cut prices" denies another readiness; "no such readiness" this one
            if c.search("pledge", other) and not c.search("anaphor", other):
                continue
        else:
            continue
        if (_stems(cue) & _stems(other)) if c.spaced else cue in other:
            return True
    return False


def _fresh_clause(text: str, a: int, pos: int, c: Cues) -> bool:
    """Whether the cue at ``pos`` opens a clause of its own after ``a``: a clause break, then a
    conjunction right before the cue ("noted …, and agreed to", "一致认为，…，并商定")."""
    if not _PUNCT.search(text, a, pos):
        return False
    return any(
        _words(text[a + m.end() : pos]) == 0 and _PUNCT.search(text, a, a + m.start() + 1)
        for m in c.find("coord", text[a:pos])
    )


def _coord_after(text: str, a: int, pos: int, end: int, family: str, c: Cues) -> bool:
    """A conjunction right before a verbal cue: "thanked ... and accepted", "表示感谢并接受了邀请"."""
    if family == "pledge":  # "thanked for the support and readiness to help": one noun phrase
        return False
    # the conjunction may be the cue's own clitic (Arabic "وقبل الدعوة")
    return any(
        m.start() <= pos - a and _words(text[a + m.end() : pos]) <= 1 for m in c.find("coord", text[a:end])
    )


def _past_date_before(text: str, pos: int, ref: Ref) -> bool:
    if ref.year is None:
        return False
    for m in YEAR.finditer(ascii_digits(text[:pos])):
        if int(m[1]) < ref.year and not _RANGE_TAIL.match(text[m.end() :]):
            return True
    return False


def _ref(doc: Document, m: Meeting | None) -> Ref:
    iso = (m.date if m else None) or doc.source.date
    if not iso:
        for s in doc.sentences[:4]:
            if d := find_date(s.text):
                iso = d
                break
    return Ref.parse(iso)


# ---------------------------------------------------------------- actions


_QUOTE_PAIRS = {"«": "»", "“": "”", "„": "“", '"': '"', "‹": "›", "「": "」", "『": "』"}
_CLOSERS = '»”“"›」』’'
_QUOTE_MARK = re.compile("[" + re.escape("".join({*_QUOTE_PAIRS, *_QUOTE_PAIRS.values()})) + "]")


def _quote_end(prev: str, text: str, at: int) -> int | None:
    """Where the quotation holding ``text[at]`` closes, reading on from the sentence before (a
    quotation may open there): "“The sides agreed to meet soon”, a spokesman said" keeps the
    attribution out of the action. None when ``at`` is inside no quotation."""
    full, off = f"{prev} {text}", len(prev) + 1
    stack: list[str] = []
    depth = -1  # the quotations open at ``at``, once the scan has passed it
    for m in _QUOTE_MARK.finditer(full):  # only the quote marks: the rest never changes the stack
        i, ch = m.start(), m.group()
        if depth < 0 and i >= off + at:
            depth = len(stack)
            if not depth:
                return None
        if stack and ch == _QUOTE_PAIRS[stack[-1]]:
            stack.pop()
            if i >= off + at and len(stack) < depth:
                return i - off
        elif ch in _QUOTE_PAIRS:
            stack.append(ch)
    return None


def _head_final_start(text: str, pos: int, c: Cues) -> int:
    """Where a head-final clause starts: a comma after a list item ("диалогты тереңдетуге,
    байланыстарды дамытуға ... растады") joins the verbal nouns of one action; after a converb
    ("атап өтіп, ...") it ends a clause."""
    s = _clause_start(text, pos, c)
    item = c.patterns.get("list_item")
    while item is not None and s > 0 and text[s - 1] in ",，":
        last = _LAST_WORD.search(text, 0, s - 1)
        if last is None or not item.fullmatch(last.group(1)):
            break
        s = _clause_start(text, s - 1, c)
    return s


def _action_span(cand: Candidate, c: Cues, stop: int, clause: bool = False) -> tuple[int, int]:
    text = cand.sentence.text
    q = _quote_end(cand.prev, text, cand.end)
    if q is not None:
        stop = min(stop, q)
    if c.head_final:
        s = _head_final_start(text, cand.start, c)
        sides = c.find("sides", text[s : cand.start])
        if sides:  # "тараптар ... келісті": the action follows the subject, which opens the clause
            s += sides[0].end()
        return s, cand.start
    include = CUE_KINDS[cand.family][1]
    s = cand.start if include else cand.end
    e = stop
    for name in ("cut",) if clause else ("cut", "thanks", "opinion", "hypothetical"):
        for m in c.find(name, text[s:e]):
            if s + m.start() < cand.end:
                continue  # the cue's own words ("приглашение с благодарностью принято")
            if m.group().lstrip(",").startswith(".") and (
                c.abbreviation_before(text, s + m.start())
                or text[s + m.start() - 1 : s + m.start()].isdigit()
            ):
                continue  # "grupę roboczą ds. energii", "der 71. Vollversammlung": no sentence ends there
            # a marker ends the action, unless it is the action's own verb ("consider proposals") or a
            # word inside its phrase ("pour assurer la confiance mutuelle"): it must open a clause
            if m.start() > 0 and (
                name == "cut"
                or (_words(text[s : s + m.start()]) >= 3 and _opens_clause(text, s + m.start(), c))
            ):
                e = s + m.start()
                break
    return s, e


def _subject_back(text: str, a: int, stop: int, c: Cues) -> int:
    """Where an action before the next cue ends: at the clause mark before that cue's own subject
    ("会议将于10月举行，我们将…", "…будет проведена, а стороны договорились"), else at the cue."""
    marks = list(_PUNCT.finditer(text, a, stop))
    if not marks:
        return stop
    rest = text[marks[-1].end() : stop]
    short = _words(rest) <= 3 if c.spaced else len(rest.strip()) <= 4
    return marks[-1].start() if short else stop


def _opens_clause(text: str, at: int, c: Cues) -> bool:
    """Whether a marker at ``at`` opens a clause: a clause mark or a conjunction right before it
    ("…, thanking the hosts", "и выразили благодарность"), or a script that writes no spaces."""
    if not c.spaced:
        return True
    before = text[:at].rstrip()
    if not before or before[-1] in ",;:()—–-，；：،؛":
        return True
    tail = before[-16:]
    return any(m.end() == len(tail) for m in c.find("coord", tail))


@cache
def _leads(lang: str) -> tuple[re.Pattern[str], ...]:
    c = cues_for(lang)
    return tuple(
        re.compile(rf"^(?:{f})(?:\s+|(?=\W)|$)" if c.spaced else f"^(?:{f})", re.IGNORECASE)
        for f in c.raw.get("lead", [])
    )


@cache
def _categories(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The [steps.category] table compiled once per language, in ``_CATEGORY_ORDER``."""
    c = cues_for(lang)
    table = c.raw.get("category", {})
    sc = c.script
    start = word_start(sc) + (f"(?:{sc.article})?" if sc.article else "") if c.spaced else ""
    if sc.compounds:  # German compounds: "Regierungskonsultationen" is a consultation
        start = ""
    out = []
    for cat in _CATEGORY_ORDER:
        forms = table.get(cat, [])
        if forms:
            pat = "|".join(f"(?:{f})" for f in forms)
            out.append((cat, re.compile(f"{start}(?:{pat})", re.IGNORECASE)))
    return tuple(out)


def _planned_subject(text: str, pos: int, c: Cues) -> int:
    """Where the thing a passive or impersonal future plans starts ("обмен будет проводиться"), or ``pos``."""
    b = 0
    for name in ("report", "complement"):
        for m in c.find(name, text[:pos]):
            b = max(b, m.end())
    for m in _CLAUSE_END.finditer(text[:pos]):
        b = max(b, m.end())
    np = text[b:pos]
    lead = c.search("adverbial", np.lstrip())
    if not 1 <= _words(np) <= 14 or (lead is not None and lead.start() == 0) or c.search("sides", np):
        return pos
    return b + len(np) - len(np.lstrip())


def _invited_to(
    before: str, after: str, prev: str, action: str, c: Cues, parties: Parties
) -> tuple[str, str | None]:
    """What an accepted invitation is for ("邀请王毅年内访问俄罗斯", "invited him to visit Moscow").

    Only when the accepting clause names nothing itself ("接受了邀请", "accepted with gratitude").
    Also gives the invitee's side: in "The invitation was accepted" the invitee accepts.
    """
    rest = _clean(_STOP.split(after, maxsplit=1)[0], c)
    if _words(rest) > 2 if c.spaced else len(rest) > 4:
        return action, None
    for t in (before, prev):
        ms = c.find("invite", t)
        if not ms:
            continue
        iv = ms[-1]
        tail = _STOP.split(t[iv.end() :], maxsplit=1)[0]
        # the invitee: "邀请王毅…" (right after), "invited Abdrakhmanov to…" (inside the marker)
        people = [m for m in parties.mentions(t) if m.person and iv.start() < m.start <= iv.end() + 2]
        if people and people[0].start >= iv.end():
            tail = t[people[0].end : iv.end() + len(tail)]
        tail = _clean(tail, c)
        if tail:
            return tail, (people[0].name or None) if people else None
    return action, None


def _unquoted_tail(a: str) -> str:
    """``a`` without closing quotes its own text never opened ("fortzusetzen.“" → "fortzusetzen")."""
    while a and a[-1] in _CLOSERS:
        ch = a[-1]
        openers = [o for o, cl in _QUOTE_PAIRS.items() if cl == ch]
        if (ch == '"' and a.count('"') % 2 == 0) or (ch != '"' and any(o in a[:-1] for o in openers)):
            break
        a = a[:-1].rstrip(" ,;:.…")
    return a


# Each cue of a sentence cleans, splits and categorizes pieces of the same sentence (often the whole of
# it): the answers are kept per language and text, so a sentence's cost does not grow with its cues.
_MEMO = 512


def _clean(a: str, c: Cues) -> str:
    return _clean_kept(c.lang, a) if c is cues_for(c.lang) else _clean_text(a, c)


@lru_cache(maxsize=_MEMO)
def _clean_kept(lang: str, a: str) -> str:
    return _clean_text(a, cues_for(lang))


def _clean_text(a: str, c: Cues) -> str:
    a = _unquoted_tail(a.strip(" ,;:.-–—\u00a0\n。，；")).strip(" ,;:.-–—\u00a0\n。，；")
    for _ in range(2):
        for p in _leads(c.lang):
            a = p.sub("", a)
    a = a.strip(" ,;:.-–—\u00a0\n")
    tail = c.patterns.get("tail")
    while tail is not None and (m := tail.search(a)) and m.end() == len(a) and m.start() > 0:
        a = a[: m.start()].rstrip(" ,;:")
    if c.spaced:
        ws = a.split()
        if len(ws) > _MAX_WORDS:
            a = " ".join(ws[:_MAX_WORDS]).rstrip(",;:") + " …"
    elif len(a) > 60:
        a = a[:60] + "…"
    return a


def _split(action: str, c: Cues) -> list[str]:
    """Coordinated actions ("поддерживать контакты и развивать сотрудничество") as separate rows."""
    return list(_split_kept(c.lang, action) if c is cues_for(c.lang) else _split_text(action, c))


@lru_cache(maxsize=_MEMO)
def _split_kept(lang: str, action: str) -> tuple[str, ...]:
    return tuple(_split_text(action, cues_for(lang)))


def _split_text(action: str, c: Cues) -> list[str]:
    pat = c.patterns.get("split")
    if pat is None:
        return [action]

    def enough(p: str) -> bool:
        # what is left once the lead words go: "work closely to expand | and strengthen" is one verb
        p = _clean(p, c)
        return _words(p) >= 2 or (not c.spaced and len(p) >= 3)

    parts, last = [], 0
    for m in pat.finditer(action):
        left = action[last : m.start()]
        # "oppose Beijing's attempts to coerce X and to weaken Y": the second infinitive is the
        # noun's, not a second action of the speaker's
        if c.search("np_infinitive", left):
            break
        if enough(left):
            parts.append(left)
            last = m.end()
    parts.append(action[last:])
    good = [p for p in (x.strip() for x in parts) if p]
    if len(good) > 1 and all(enough(p) for p in good):
        # "将积极参与博览会，并欢迎更多企业投资": a welcome or an opinion joined on is no action
        # "再次确认将推进…，并谈及…议题": a topic discussed is none either
        acts = [
            p for p in good if not any(c.search(k, _clean(p, c)[:12]) for k in ("thanks", "opinion", "topic"))
        ]
        return acts or good
    return [action]


def _coordinated(text: str, pos: int, c: Cues) -> bool:
    """Whether the cue at ``pos`` is a coordinated verb of the action before it ("... та допомагатиме")."""
    pat = c.patterns.get("split")
    return pat is not None and any(m.end() == pos for m in pat.finditer(text[: pos + 40]))


@lru_cache(maxsize=_MEMO)
def _first_category(lang: str, text: str) -> str | None:
    for cat, pat in _categories(lang):
        if pat.search(text):
            return cat
    return None


def _category(action: str, sentence: str, c: Cues, default: str = "other") -> str:
    head = " ".join(action.split()[:3]) if c.spaced else action[:6]
    # the verb first: "soutiendra la candidature" is support
    cat = (
        _first_category(c.lang, head) or _first_category(c.lang, action) or _first_category(c.lang, sentence)
    )
    return cat or default


def _list_items(
    doc: Document, cand: Candidate, feats: Features, dec: Decision, c: Cues, parties: Parties, ref: Ref
) -> list[NextStep]:
    out: list[NextStep] = []
    names = [n for n in feats.subject if n]
    who = (names if len(set(names)) >= 2 else list(parties.parties)) if dec.kind == "agreed" else names[:1]
    for s in doc.sentences[cand.sentence.index + 1 : cand.sentence.index + 30]:
        m = _ITEM.match(s.text)
        if not m:
            break
        item = s.text[m.end() :]
        if c.search("negation", item[:40]) or c.search("hypothetical", item):
            continue
        action = _clean(item, c)
        if not action:
            continue
        out.append(
            NextStep(
                action=action,
                parties=list(dict.fromkeys(who)),
                due=normalize_due(item, c.lang, ref),
                kind=dec.kind,  # type: ignore[arg-type]
                category=_category(action, item, c),  # type: ignore[arg-type]
                evidence=s.text,
            )
        )
    return out


# ---------------------------------------------------------------- the extractor


def extract_steps(doc: Document, meeting: Meeting, classifier: Classifier | None = None) -> list[NextStep]:
    """The agreed next steps and pledges of a release, one row per coordinated action."""
    c = cues_for(doc.lang)
    clf = classifier or RuleClassifier()
    parties = Parties(doc, meeting)
    bg = _background_start(doc, c)
    ref = _ref(doc, meeting)
    cands = find_candidates(doc, c)
    kept: list[tuple[Candidate, Features, Decision]] = []
    for cand in cands:
        feats = featurize(cand, doc, c, parties, bg, ref)
        dec = clf.decide(cand, feats)
        if dec.keep:
            kept.append((cand, feats, dec))
    steps: list[NextStep] = []
    covered: dict[int, int] = {}  # sentence index → end of the last action span
    in_sentence: dict[int, list[int]] = {}  # sentence index → positions in ``kept`` (no pairwise scan)
    for i, (cand, _, _) in enumerate(kept):
        in_sentence.setdefault(cand.sentence.index, []).append(i)
    for i, (cand, feats, dec) in enumerate(kept):
        idx = cand.sentence.index
        if cand.start < covered.get(idx, -1):
            continue  # a coordinated verb inside the previous action ("recibirá ... y les ofrecerá")
        text = cand.sentence.text
        later = [kept[x][0] for x in in_sentence[idx] if x > i and kept[x][0].start >= cand.end]
        include = CUE_KINDS[cand.family][1]
        lead_in = _words(_clean(text[cand.end : later[0].start], c)) if later else 99
        if lead_in <= 3 and not include and not feats.complement and not c.head_final:
            continue  # "assured that Germany will...": the inner cue carries the step
        if feats.complement and cand.family == "pledge" and lead_in <= 5 and not c.head_final:
            continue  # "запевнив, що Німеччина й надалі шукатиме": the same, past a named subject
        if feats.complement:  # "agreed that the session will be held": one step
            later = [k for k in later if CUE_KINDS[k.family][0] == "strong"]
        nxt = [k.start for k in later if not _coordinated(text, k.start, c)]
        stop = _subject_back(text, cand.end, min(nxt), c) if nxt else len(text)
        s, e = _action_span(cand, c, stop, feats.complement)
        if feats.resume > 0:  # the claim before the coordinated object is no action
            s, e = feats.resume, stop
            for m in c.find("cut", text[s:stop]):
                if m.start() > 0 and not (
                    m.group().startswith(".") and c.abbreviation_before(text, s + m.start())
                ):
                    e = s + m.start()
                    break
        covered[idx] = max(stop if feats.complement else e, cand.end)
        span = text[s:e]
        if cand.family == "planned" and s == cand.start and not c.head_final:
            s = _planned_subject(text, cand.start, c)  # "Une assemblée … sera créée": what is planned
            span = text[s:e]
        if feats.header:  # the items of the list that follows are the steps
            steps += _list_items(doc, cand, feats, dec, c, parties, ref)
            continue
        left = _clean(span, c)
        said = not include and (_words(left) <= 3 if c.spaced else len(left) <= 2)
        if (not _clean(span, c) or said) and any(st.evidence == text for st in steps):
            continue  # nothing left to say ("..., assured Linkevičius") about a sentence that gave a step
        action = span if _clean(span, c) else (text[s:stop] if _clean(text[s:stop], c) else text)
        invitee = None
        if cand.family == "accept":
            after = text[cand.end : stop]
            to = c.search("invite_to", after)
            if to is not None and (_words(after[: to.start()]) <= 6 if c.spaced else to.start() <= 12):
                # "accepted Blinken's invitation to visit Washington": the visit is the action
                action = after[to.end() :]
            else:
                action, invitee = _invited_to(text[: cand.start], after, cand.prev, action, c, parties)
                if action == span and nxt and not _clean(after, c):
                    continue  # "接受邀请，将于年内访问美国": the next cue states the visit itself
        names = [n for n in feats.subject if n] or ([invitee] if invitee else [])
        if dec.kind == "agreed":
            who = names if len(set(names)) >= 2 else list(parties.parties)
        else:
            who = names[:1] or (parties.parties[:1] if len(parties.parties) == 1 else [])
        span_due = normalize_due(span, c.lang, ref)
        due = span_due or normalize_due(text[cand.end :], c.lang, ref)
        if due is None and cand.family == "accept":
            due = normalize_due(action, c.lang, ref)  # "邀请王毅年内访问俄罗斯"
        if due is None and c.search("period_ref", text):
            due = period_from(cand.prev)
        if due is None and c.head_final:
            due = normalize_due(text[: cand.start], c.lang, ref)
        # a future's subject names the thing planned ("consultations will be held annually")
        cat_ctx = (
            text[_clause_start(text, cand.start, c) : e] if CUE_KINDS[cand.family][0] != "strong" else ""
        )
        parts = _split(action, c)
        in_span = len(parts) > 1 and span_due is not None
        for part in parts:
            # "尽快完成谈判，并加强协调": a date inside one coordinated action is that action's own
            own = normalize_due(part, c.lang, ref) if in_span else due
            steps.append(
                NextStep(
                    action=strip_lead(_clean(part, c), c.lang) if own else _clean(part, c),
                    parties=list(dict.fromkeys(who)),
                    due=own,
                    kind=dec.kind,  # type: ignore[arg-type]
                    category=_category(
                        part, cat_ctx or text, c, "meet" if cand.family == "accept" else "other"
                    ),  # type: ignore[arg-type]
                    evidence=text,
                )
            )
    return steps
