"""The extractive engine: key points are the release's own most important sentences.

A sentence matters in a readout when it says who met whom, what was agreed or signed, what was
discussed, what was stated, or gives a figure; when it is central to the text; and when it comes early.
Points are chosen greedily with a redundancy penalty (MMR), so two points never repeat one fact;
two short neighbouring sentences make one point with two evidence sentences, so that five points
cover more than five facts. A document signed or issued, the main topic ("particular attention was
paid to"), a position (condemned, "violates international law"), an announcement and a first rank up;
courtesies, thanks, vague scope ("in all areas of mutual interest"), a denied outcome ("no agreement
was reached"), the frame of the meeting ("at the initiative of", "в рамках") and side events on
another day rank down. Agreed steps are the readout's own table: they may not fill every point
while the release also states positions.
Cue words per language come from ``[points]`` (see communique/points.py); without them the ranking
falls back on centrality, position, figures and the meeting facts, which work in any language.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..analysis.dateline import lead_of as dateline_of
from ..analysis.dates import YEAR
from ..analysis.points import (
    CJK,
    Lexicon,
    amount_score,
    cap_first,
    cue_hits,
    cut_hard,
    has_low,
    is_list_item,
    item_text,
    lead_in,
    lexicon,
    lower_first,
    n_words,
    negated,
    norm,
    similarity,
    stems,
    trim_point,
    usable_mask,
    verbatim_piece,
)
from ..document import Document, Sentence
from ..readout import KeyPoint
from .base import Digest, Engine, register

MAX_POINT_WORDS = 35
MIN_POINTS = 3
PAIR_WORDS = 45  # two neighbouring sentences this short together make one point (two evidence sentences)
REDUNDANT = 0.55  # stem overlap above which a candidate repeats a chosen point
MMR_PENALTY = 0.9
# what makes a sentence a key point, in score units (see _score)
WEIGHTS: dict[str, float] = {
    "cent": 1.0,  # centrality (normalized to the most central sentence)
    "lead": 0.7,  # the first usable sentence; decays with rank / lead_decay
    "lead_decay": 3.0,
    "agree": 1.0,  # agreed, signed, decided
    "topic": 1.0,  # discussed, exchanged views, attention was paid
    "signed": 0.25,  # a document signed, adopted or issued: the outcome readers look for first
    "focus": 0.3,  # the main topic ("particular attention was paid", "the main topic was")
    "future": 0.6,  # will, is to, shall: a plan or commitment
    "state": 0.2,  # stressed, welcomed, noted...
    "stance": 0.5,  # a position: condemned, concern, reaffirmed support, no military solution
    "named": 0.2,  # ... by a participant named in the sentence
    "cue2": 0.3,  # share of the further cues of a sentence
    "also_met": 0.3,  # "also met the President": another meeting of the visit
    "outcome": 0.4,  # opens with "Following the talks", "По итогам переговоров"
    "notable": 0.3,  # a first, a historic step
    "weak": 0.5,  # thanks, hospitality, press conferences, reminders
    "announce": 0.3,  # announced, объявил, أعلن, 宣布: news the release brings
    "negation": 0.8,  # a denied outcome ("no agreement was reached", "did not address"): not a fact to note
    "framing": 0.6,  # why or in what frame the meeting took place ("at the initiative of", "в рамках")
    "aside": 0.4,  # a side event on another day ("a conference the next day")
    "vague": 0.3,  # "continue cooperation in all areas of mutual interest": no fact to note
    "figure": 0.45,  # amounts and percentages (0.4 of it for other counts)
    "step": 0.7,  # the evidence of an agreed next step
    "meeting": 0.25,  # who met whom
    "past": 0.8,  # a year before the meeting's: background
    "last": 0.15,  # the closing sentence
    "long": 0.3,  # per 20 words over 45: a list of names or clauses, not a point
    "balance": 0.6,  # a further step sentence once STEP_CAP are chosen (see _select)
}
# agreed steps have a table of their own: beyond this many step sentences among the points (besides the
# meeting line), positions and other facts come first, unless most of the release is commitments
STEP_CAP = 3
STEP_SHARE = 0.5


@dataclass(eq=False)  # candidates compare by identity: a release may repeat a sentence
class _Cand:
    sent: Sentence
    rank: int  # position among usable sentences
    stems: set[str]
    score: float = 0.0
    meeting: float = 0.0  # how much it reads like "X met Y"
    agree: bool = False
    topic: bool = False
    cont: bool = False  # opens by pointing back ("Under the Programme", "В этом контексте", "He ...")
    extra: _Cand | None = None  # the continuation folded into this point
    lead_in: Sentence | None = None  # for a list item: the line that opens the list ("agreed to:")
    cue: float = 0.0  # what the sentence does (agree, discuss, plan, state), in score units
    weak: bool = False  # courtesies and procedure: a point only when nothing better is left
    also_met: bool = False  # another meeting of the visit: a point of its own
    meet_cue: bool = False  # says "met", "held talks", "took place"
    counterpart: bool = False  # "with his counterpart", "son homologue": the other side, maybe unnamed
    steplike: bool = False  # the evidence of an agreed step, or an agreement that is not a signing
    words: int = 0
    feats: dict[str, float] = field(default_factory=dict)


@register
class ExtractiveEngine(Engine):
    name = "extractive"
    description = "ranks the release's own sentences; no model download, every language"
    auto_rank = 0  # always available: what ``auto`` falls back to

    def digest_many(self, docs: Sequence[Document]) -> list[Digest]:
        return [self._one(d) for d in docs]

    def _one(self, doc: Document) -> Digest:
        lex = lexicon(doc.res)
        cands = _candidates(doc, lex)
        warnings: list[str] = []
        if not cands:
            return Digest(summary="", key_points=[], warnings=["no sentence fit for a key point"])
        _score(cands, doc, lex)
        meet = _meeting_sentence(cands)
        # no "X met Y" (a statement, a readout of a decision): the lead says what happened
        lead = meet or _lead(cands)
        chosen = _select(cands, lead, max(1, self.opts.max_points))
        people = _name_words(doc)
        pts = [_point(c, lex, doc.text, people, c.extra, _names(doc) if c is meet else ()) for c in chosen]
        if len(pts) < min(MIN_POINTS, self.opts.max_points):
            warnings.append(f"only {len(pts)} key point(s): the text has few usable sentences")
        return Digest(summary=_summary(doc, cands, meet, lex), key_points=pts, warnings=warnings)


def _candidates(doc: Document, lex: Lexicon) -> list[_Cand]:
    mask = usable_mask(doc.sentences, lex)
    out: list[_Cand] = []
    for i, (s, ok) in enumerate(zip(doc.sentences, mask, strict=True)):
        if ok:
            c = _Cand(s, len(out), set(stems(s.text, lex)), words=n_words(s.text))
            if is_list_item(s.text):
                c.lead_in = lead_in(doc.sentences, i)
            out.append(c)
    return out


def _participant_tokens(doc: Document) -> list[set[str]]:
    """Per participant, the name tokens that identify them in a sentence: 5-letter prefixes, so
    that inflected forms match ("Абдрахманова"); a CJK name is one token ("王毅")."""
    out: list[set[str]] = []
    if not doc.meeting:
        return out
    for p in doc.meeting.participants:
        parts = _NAME_SPLIT.split(p.name)
        toks = {t.lower()[:5] for t in parts if len(t) >= 3 or (len(t) >= 2 and CJK.search(t))}
        if toks:
            out.append(toks)
    return out


_NAME_SPLIT = re.compile(r"[\s.·・]+")
_FIRST_WORD = re.compile(r"\w+")
_PLACE_FIRST = re.compile(r"[^\W\d_]{3}")
_EMPTY_PARENS = re.compile(r"\s*[(（]\s*[)）]")


def _meeting_year(doc: Document) -> int | None:
    for d in (doc.meeting.date if doc.meeting else None, doc.source.date):
        if d and d[:4].isdigit():
            return int(d[:4])
    return None


@dataclass
class _DocFacts:
    """What scoring reads of the document, derived once per document (not once per sentence)."""

    step_ev: dict[str, str]  # a step's evidence (whitespace folded) → its kind
    people: list[set[str]]  # per participant, the name tokens that identify them
    names: list[str]  # the participants' names, normalized: no cue is read inside one
    year: int | None  # the meeting's year
    n: int  # candidates


@dataclass
class _Read:
    """One sentence read for the cues that score it."""

    low: str  # normalized, the participants' names blanked
    named: int  # participants named in it
    kind: str | None  # the kind of the step it is the evidence of
    hits: frozenset[str]  # the cue families found in low (points.cue_hits)
    neg: bool = False
    signed: bool = False
    state: bool = False
    stance: bool = False
    notable: bool = False
    old: bool = False  # a year before the meeting's: history
    announce: bool = False
    fig: float = 0.0


def _centrality(cands: list[_Cand]) -> tuple[list[float], float]:
    """Similarity to the document centroid of content stems (a stem seen once adds nothing), and
    the highest."""
    centroid: Counter[str] = Counter()
    for c in cands:
        centroid.update(c.stems)
    size = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    cent = [sum(centroid[t] - 1 for t in c.stems) / (math.sqrt(len(c.stems) or 1) * size) for c in cands]
    return cent, max(cent) or 1.0


def _doc_facts(doc: Document, n: int) -> _DocFacts:
    # names are not cues: in Arabic or Chinese a cue may sit inside one (شكر "thanked" in شكري)
    names = [norm(p.name) for p in doc.meeting.participants if p.name.strip()] if doc.meeting else []
    return _DocFacts(
        step_ev={_key(st.evidence): st.kind for st in doc.steps},
        people=_participant_tokens(doc),
        names=names,
        year=_meeting_year(doc),
        n=n,
    )


def _score(cands: list[_Cand], doc: Document, lex: Lexicon) -> None:
    facts = _doc_facts(doc, len(cands))
    cent, top = _centrality(cands)
    for c, ce in zip(cands, cent, strict=True):
        f: dict[str, float] = {
            "cent": WEIGHTS["cent"] * ce / top,
            "lead": WEIGHTS["lead"] / (1.0 + c.rank / WEIGHTS["lead_decay"]),
        }
        r = _read(c, facts, lex)
        _what_it_does(c, r, lex, f)
        _news_or_frame(c, r, lex, f)
        _who_met(c, r, lex, f)
        _shape(c, r, facts.n, f)
        c.feats = f
        c.score = sum(f.values())


def _read(c: _Cand, facts: _DocFacts, lex: Lexicon) -> _Read:
    text = c.sent.text
    # a list item does what its list's opening line says ("the sides agreed to:")
    low = norm(f"{c.lead_in.text} {text}" if c.lead_in else text)
    named = sum(any(t in low for t in toks) for toks in facts.people)
    for name in facts.names:
        low = low.replace(name, " ")
    r = _Read(low, named, facts.step_ev.get(_key(text)), cue_hits(low, lex))
    # a denied outcome ("no agreement was reached", "не обсуждался") is neither an agreement, a topic nor a plan;
    # the evidence of a step ("agreed not to impose tariffs") is a commitment all the same
    r.neg = r.kind is None and negated(low, lex)
    r.signed = not r.neg and "signed" in r.hits
    r.state = "state" in r.hits
    r.stance = "stance" in r.hits
    past = [int(y) for y in YEAR.findall(text)]
    r.old = bool(facts.year and past and max(past) < facts.year)
    return r


def _what_it_does(c: _Cand, r: _Read, lex: Lexicon, f: dict[str, float]) -> None:
    """Agree > discuss > plan > take a stand > state (a second cue adds a little); what it signs, its
    main topic, another meeting, an outcome, a first; courtesies and denied outcomes rank down."""
    w, low = WEIGHTS, r.low
    c.agree = r.signed or (not r.neg and "agree" in r.hits)
    c.cont = has_low(lex.continuation, low)
    c.topic = not r.neg and "topic" in r.hits
    cues = sorted(
        (
            w["agree"] if c.agree else 0.0,
            w["topic"] if c.topic else 0.0,
            w["future"] if not r.neg and "future" in r.hits else 0.0,
            w["stance"] if r.stance else 0.0,  # a position: concern, condemnation
            (w["state"] + (w["named"] if r.named else 0.0)) if r.state else 0.0,  # a participant's statement
        ),
        reverse=True,
    )
    c.cue = cues[0] + w["cue2"] * sum(cues[1:])
    if c.cue:
        f["cue"] = c.cue
    if r.signed:
        f["signed"] = w["signed"]
    if c.topic and "focus" in r.hits:
        f["focus"] = w["focus"]
    c.also_met = "also_met" in r.hits
    if c.also_met:
        f["also_met"] = w["also_met"]  # the other meetings of a visit belong in the readout
    if has_low(lex.outcome, low):
        f["outcome"] = w["outcome"]  # "Following the talks, ...": what the meeting produced
    r.notable = "notable" in r.hits
    if r.notable:
        f["notable"] = w["notable"]
    c.weak = "weak" in r.hits
    if c.weak:
        f["weak"] = -w["weak"]
    if r.neg and not (r.stance or r.state):
        # a position stated in the negative ("there can be no military solution", "X said it
        # would not ...") is a stance; a bare "no decision was taken" reports what did not happen
        f["negation"] = -w["negation"]
        c.weak = True  # a point only when nothing better is left, never the second half of one


def _news_or_frame(c: _Cand, r: _Read, lex: Lexicon, f: dict[str, float]) -> None:
    """News (an announcement, a figure, an agreed step) up; the frame of the meeting, a side event on
    another day and vague scope down."""
    w = WEIGHTS
    # "announced in September 2019 that ..." recalls an announcement; it brings no news
    r.announce = not r.neg and not r.old and "announce" in r.hits
    if r.announce:
        f["announce"] = w["announce"]
    r.fig = amount_score(c.sent.text)
    c.meet_cue = "meeting" in r.hits
    if (
        c.meet_cue
        and r.named < 2  # the meeting line itself may say who invited whom
        and "framing" in r.hits
        and not (c.agree or c.topic or r.stance or r.announce or r.fig or c.also_met)
    ):
        # "the call took place at the initiative of", "the meeting came in implementation of": the
        # frame of the meeting, not its news ("reforms carried out on the initiative of" is no frame)
        f["framing"] = -w["framing"]
        c.weak = True
    if not (c.agree or c.topic or r.stance) and "aside" in r.hits:
        # "a conference the next day": another event of the trip, a point only when nothing better is left
        f["aside"] = -w["aside"]
        c.weak = True
    if not r.fig and not r.signed and "vague" in r.hits:
        f["vague"] = -w["vague"]
    if r.fig:
        f["figure"] = w["figure"] * r.fig
    if r.kind:
        f["step"] = w["step"] if r.kind == "agreed" else w["step"] * 0.6
    # an agreed step, or an agreement that is not a signing; a pledge ("announced $25 million") is news of its own
    c.steplike = r.kind == "agreed" or (r.kind is None and c.agree and not r.signed)


def _who_met(c: _Cand, r: _Read, lex: Lexicon, f: dict[str, float]) -> None:
    """Who met whom: a meeting cue and the participants named, early in the text; "his counterpart"
    names the other side when a pronoun opens the sentence ("Elle s'y est entretenue avec son homologue")."""
    c.counterpart = "counterpart" in r.hits
    m = (1.0 if c.meet_cue else 0.0) + min(r.named + c.counterpart, 2) * 0.8
    c.meeting = m / (1.0 + c.rank / 3.0)
    if c.meeting:
        f["meeting"] = WEIGHTS["meeting"] * c.meeting


def _shape(c: _Cand, r: _Read, n: int, f: dict[str, float]) -> None:
    """History told as background, a very short or long sentence, the closing line."""
    w = WEIGHTS
    if r.old and not r.fig and not c.topic and not r.notable:
        # history told as background ("formed in 2019", "visited in 2005"), not the news;
        # a topic that refers to an earlier decision, or "the first visit since 1993", is news
        f["past"] = -w["past"]
    if c.words < 6:
        f["short"] = -0.6
    elif c.words > 45:
        f["long"] = -w["long"] * min(2.0, (c.words - 45) / 20)
    if c.rank == n - 1 and n > 4 and not c.agree:
        f["last"] = -w["last"]  # closing courtesies ("thanked for the hospitality", "invited to visit")


def _key(text: str) -> str:
    return " ".join(text.split())


def _meeting_sentence(cands: list[_Cand]) -> _Cand | None:
    """The sentence that says who met whom: strongest meeting signal among the first few."""
    head = cands[:6]
    # a line that only names people ("taking part were ...") is the meeting line only when no
    # line says that a meeting took place
    pool = [c for c in head if c.meet_cue and c.meeting >= 0.6] or head
    # ... unless the line that names them is much stronger: "X and Y signed a treaty in Aachen" says
    # who met whom better than "The ceremony took place in the town hall"
    if max(c.meeting for c in head) > 2 * max(c.meeting for c in pool):
        pool = head
    top = max((c.meeting for c in pool), default=0.0)
    if top < 0.6:
        return None
    # releases lead with it: a later line that names more people does not displace an earlier
    # one that is nearly as strong
    return next(c for c in pool if c.meeting >= 0.75 * top)


def _lead(cands: list[_Cand]) -> _Cand | None:
    first = cands[0]
    return first if first.cue > 0 else None


def _select(cands: list[_Cand], meet: _Cand | None, k: int) -> list[_Cand]:
    by_index = {c.sent.index: c for c in cands}
    chosen: list[_Cand] = [meet] if meet else []
    pool = [c for c in cands if c is not meet]
    for c in cands:
        c.extra = None
    if meet is not None:
        # "She held talks there with her counterpart", "the first in-person meeting": one point with the meeting line
        meet.extra = _completion(meet, by_index)
        if meet.extra is not None:
            pool.remove(meet.extra)
    # a release that is mostly commitments (a joint statement, a list of agreements) may fill its
    # points with them; others keep room for positions, figures and the other meetings
    mostly_steps = sum(c.steplike for c in cands) >= STEP_SHARE * len(cands)
    cap = k if mostly_steps else max(1, round(STEP_CAP * k / 5))
    while len(chosen) < k and pool:
        best, best_v = None, -1e9
        steps_in = sum(o.steplike for o in chosen if o is not meet)
        for c in pool:
            if c.weak and len(chosen) >= MIN_POINTS:
                continue
            red = max((similarity(c.stems, o.stems) for o in _covered(chosen)), default=0.0)
            if red > REDUNDANT:
                continue
            v = c.score - MMR_PENALTY * red
            if c.steplike and steps_in >= cap:
                v -= WEIGHTS["balance"]
            if v > best_v:
                best, best_v = c, v
        if best is None:
            break
        pool.remove(best)
        # it says more about a chosen point, or the two are short neighbours: one point, two
        # sentences, and the slot goes to another fact
        # (a pair only when enough sentences are left to fill the other slots)
        spare = sum(not c.weak for c in pool) >= k - len(chosen)
        prev = by_index.get(best.sent.index - 1)
        pair = prev is not None and prev in chosen and spare and _pairable(prev, best)
        if prev is not None and prev in chosen and prev.extra is None and (best.cont or pair):
            prev.extra = best
            continue
        nxt = by_index.get(best.sent.index + 1)
        if nxt is not None and nxt is not meet and nxt in chosen and spare and _pairable(best, nxt):
            chosen[chosen.index(nxt)] = best
            best.extra = nxt
            continue
        chosen.append(best)
    taken = {id(c) for c in chosen} | {id(c.extra) for c in chosen if c.extra}
    for c in chosen:
        if c.extra is None:
            c.extra = _elaboration(c, by_index, taken)
            if c.extra is not None:
                taken.add(id(c.extra))
    # a readout leads with who met whom, then what they agreed
    head = 1 if meet is not None else 0
    agreed = [c for c in chosen[head:] if c.agree]
    if agreed and chosen[head] is not agreed[0]:
        chosen.remove(agreed[0])
        chosen.insert(head, agreed[0])
    return chosen


def _pairable(a: _Cand, b: _Cand) -> bool:
    """``b`` follows ``a`` and the two read as one note: short together, in one paragraph or the
    next, neither a list item, a courtesy nor another meeting."""
    return (
        b.sent.index == a.sent.index + 1
        and b.sent.para in (a.sent.para, a.sent.para + 1)
        and a.extra is None
        and b.extra is None
        and a.lead_in is None
        and b.lead_in is None
        and not (a.weak or b.weak or a.also_met or b.also_met)
        and a.words + b.words <= PAIR_WORDS
    )


def _covered(chosen: list[_Cand]) -> list[_Cand]:
    """The sentences the chosen points rest on (a point with a continuation rests on two)."""
    return [*chosen, *(c.extra for c in chosen if c.extra is not None)]


def _completion(meet: _Cand, by_index: dict[int, _Cand]) -> _Cand | None:
    """The sentence after the meeting line, when it says whom the visitor met there ("She held talks
    there with her counterpart ...", after "The minister travelled to Vilnius") or that the meeting was
    a first ("It was the first in-person meeting"): the two make one point."""
    nxt = by_index.get(meet.sent.index + 1)
    if nxt is None or nxt.lead_in is not None or nxt.sent.para not in (meet.sent.para, meet.sent.para + 1):
        return None
    if nxt.also_met or nxt.weak or nxt.words > 60:
        return None
    with_whom = nxt.meet_cue and nxt.counterpart and not meet.counterpart
    return nxt if with_whom or "notable" in nxt.feats else None


def _elaboration(c: _Cand, by_index: dict[int, _Cand], taken: set[int]) -> _Cand | None:
    """The next sentence, when it says what a point amounted to: after a short topic or agreement
    line ("Particular attention was paid to transport."), or when it opens by pointing back to it
    ("Under the Programme, ...", "В этом контексте ...")."""
    nxt = by_index.get(c.sent.index + 1)
    if c.lead_in is not None or (nxt is not None and nxt.lead_in is not None):
        return None  # list items stand alone
    if nxt is None or id(nxt) in taken or nxt.sent.para not in (c.sent.para, c.sent.para + 1):
        return None
    if nxt.weak or (nxt.meeting and not nxt.cont) or n_words(nxt.sent.text) > 60:
        return None  # a new meeting ("also met with the President") is a point of its own
    short = n_words(c.sent.text) <= 14 and (c.topic or c.agree)
    # two short neighbours that each say something (a cue or a figure) fill one point together
    related = _pairable(c, nxt) and (nxt.cue > 0 or "figure" in nxt.feats)
    return nxt if short or nxt.cont or related else None


def _point(
    c: _Cand,
    lex: Lexicon,
    doc_text: str,
    people: frozenset[str],
    extra: _Cand | None = None,
    keep: Sequence[str] = (),
) -> KeyPoint:
    text = trim_point(c.sent.text, lex, MAX_POINT_WORDS, keep)
    ev = [verbatim_piece(c.sent.text, lex)]
    if c.lead_in is not None:
        # "The sides agreed to raise bilateral trade to 10 billion dollars by 2030."
        head = trim_point(c.lead_in.text, lex, 20).rstrip(":： ")
        item = item_text(c.sent.text)
        end = lex.full_stop
        return KeyPoint(text=f"{head}{lex.word_joiner}{item}{end}", evidence=[*ev, c.lead_in.text])
    if extra is not None:
        # a point on two sentences may run a little longer; the second is cut first
        budget = max(15, MAX_POINT_WORDS + 10 - n_words(text))
        rest = trim_point(extra.sent.text, lex, budget)
        if n_words(rest) > budget:
            rest = cut_hard(rest, budget, 0)  # at a comma if one is near, else at a word
        sep = lex.clause_separator
        text = (
            text.rstrip(".。؛; ")
            + sep
            + (rest if _proper_start(rest, doc_text, people) else lower_first(rest, lex))
        )
        ev.append(verbatim_piece(extra.sent.text, lex))
    return KeyPoint(text=text, evidence=ev)


def _name_words(doc: Document) -> frozenset[str]:
    """The words of the participants' names as the text writes them ("Сергей", "Лавров")."""
    if not doc.meeting:
        return frozenset()
    return frozenset(w for p in doc.meeting.participants for w in p.name.replace(".", " ").split())


def _proper_start(text: str, doc_text: str, people: frozenset[str] = frozenset()) -> bool:
    """Does ``text`` open with a name or acronym ("Kazakhstan", "OSCE")? It does when the release
    writes that word capitalized inside a sentence too, or when it is a participant's name or the
    title before one ("Сергей Лавров", "Bakan Fidan": a name that opens sentences only); "The",
    "Узбекская" are lowered after "; "."""
    first = _FIRST_WORD.match(text)
    if not first:
        return False
    w = first.group()
    if len(w) > 1 and w[1:2].isupper():
        return True
    second = text[first.end() :].split(maxsplit=1)[:1]
    if w in people or (second and second[0].strip(",.;:") in people):
        return True
    # a plain scan, not a pattern per word: patterns built per call overflow re's cache in batch runs
    start = 0
    while (i := doc_text.find(" " + w, start)) >= 0:
        start = i + 1
        j = i + 1 + len(w)
        before = doc_text[i - 1 : i]
        if (
            i > 0
            and (before.isalnum() or before == "_" or before in ",;:»)]")
            and not (j < len(doc_text) and (doc_text[j].isalnum() or doc_text[j] == "_"))
        ):
            return True
    return False


def _summary(doc: Document, cands: list[_Cand], meet: _Cand | None, lex: Lexicon) -> str:
    """Who met whom, where, when (the release's own meeting sentence), and about what."""
    parts: list[str] = []
    if meet is not None:
        lead = trim_point(meet.sent.text, lex, 45, _names(doc))
        dl = _dateline(doc, meet.sent)
        if dl and dl not in lead:
            # "Astana, 16 May 2018 – ..." keeps its dash; a bare "JULY 28, 2021" gets one
            sep = " " if dl[-1] in "–—-:：,，" else " – "
            lead = f"{dl}{sep}{lead}"
        parts.append(lead)
        ext = meet.extra
        if ext is not None and ext.meet_cue and ext.counterpart and not meet.counterpart:
            # "The minister travelled to Vilnius." says where; "She held talks there with her counterpart" whom
            parts.append(trim_point(ext.sent.text, lex, 30))
        # about what: the first "discussed ..." sentence (readouts name the topics right after the
        # meeting), preferring one that is not itself an agreement
        topics = [c for c in cands if c.topic and c is not meet and not c.weak]
        plain = [c for c in topics if not c.agree]
        # "the main attention was paid to ..." says it best; else the first "discussed ..."
        topic = next((c for c in plain if "focus" in c.feats), plain[0] if plain else None)
        if topic is None:
            # no topic line: the release's strongest outcome says what the meeting was about
            # ("Following the talks, they signed ...", else an agreed step)
            outcomes = [c for c in cands if c.agree and c is not meet and not c.weak and not c.cont]
            topic = max(
                outcomes,
                key=lambda c: ("outcome" in c.feats, "signed" in c.feats, "step" in c.feats, c.score),
                default=topics[0] if topics else None,
            )
        if topic is not None:
            parts.append(trim_point(topic.sent.text, lex, 22))
        return lex.word_joiner.join(parts)
    # no sentence says who met whom: the meeting facts in the language's template, then the lead
    templ = _template(doc, lex)
    first = _lead(cands)
    text = trim_point(first.sent.text, lex, 40) if first is not None else ""
    if first is not None and (not templ or _names_someone(first.sent.text, doc)):
        return text
    return lex.word_joiner.join(x for x in (templ, text) if x) or trim_point(cands[0].sent.text, lex, 40)


def _names(doc: Document) -> list[str]:
    """The surnames of the participants as the text writes them (what a cut must keep)."""
    if not doc.meeting:
        return []
    return [p.name.replace(".", " ").split()[-1] for p in doc.meeting.participants if p.name.strip()]


def _names_someone(text: str, doc: Document) -> bool:
    low = text.lower()
    return any(any(t in low for t in toks) for toks in _participant_tokens(doc))


def _dateline(doc: Document, meet: Sentence) -> str | None:
    """The release's dateline ("Astana, 16 May 2018 –"), as its own sentence or inside the meeting one."""
    s = doc.dateline.sentence
    if s is not None and s.index <= meet.index and s is not meet and n_words(s.text) <= 10:
        # "Astana, 16 May 2018 –" (a place first) says where and when; "08/11/2018" or
        # "14.04.2015 – Pressemitteilung" (a date, then a label) add nothing to a summary
        t = s.text.strip()
        return t if _PLACE_FIRST.match(t) else None
    return dateline_of(meet.text)


def _template(doc: Document, lex: Lexicon) -> str:
    m = doc.meeting
    if m is None or not m.participants:
        return ""
    who = ", ".join(p.name for p in m.participants)
    where = ", ".join(x for x in (m.place, m.date) if x)
    kind = lex.kinds.get(m.kind, "")
    out = lex.template.format(who=who, where=where, kind=kind, place=m.place or "", date=m.date or "")
    out = _EMPTY_PARENS.sub("", out).strip(" :：—-")
    out = cap_first(out, lex)
    return out if out.endswith((".", "。", lex.full_stop)) else out + lex.full_stop
