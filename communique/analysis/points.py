"""Engine-independent helpers for key points: boilerplate detection, cheap tokens, cues, trimming.

Everything language-specific comes from the ``[points]`` table of ``communique/lang/<code>.toml``;
what is here works for any language (a language without a file gets the neutral rules alone).
Only ``re`` and the standard library: this module is on the hot path of batch runs.

``[points]`` keys (lists of lower-case word starts unless said otherwise): ``stop`` (whole words),
``stem`` (prefix length), what a sentence does:
``meeting``, ``also_met``, ``agree``, ``signed`` (a document signed, adopted or issued), ``topic``,
``focus`` (the main topic: "particular attention", "the main topic"), ``vague`` (a scope that
says nothing: "in all areas", "of mutual interest"), ``future``, ``state``, ``stance``, ``notable``, ``weak``,
``announce`` (announced, объявил, 宣布), ``negation`` (a negated outcome: "no agreement was reached",
"did not address"; ``negation_except`` masks look-alikes such as "not only"), ``framing`` (why or
in what frame the meeting took place: "at the initiative of", "в рамках", "came in implementation of"),
``aside`` (a side event on another day: "the next day", "tomorrow"), ``counterpart`` ("his
counterpart", "homologue", "نظيره": the other side of a meeting named without a name);
how it opens: ``outcome``, ``continuation``, ``lead_trim`` (dropped from a point), ``attribution``
with ``report_that`` (a reporting frame, "the spokesman said that", dropped up to ``report_that``), ``boilerplate``,
``background`` (a label that starts a background note); ``boilerplate_any`` (anywhere in a short
line); ``clause_cut`` (connectors a long point may be cut before); ``template`` and ``[points.kinds]``
(the summary when no sentence says who met whom). How the language is written (spaces between words,
clitics, casing, the full stop) comes from its ``[script]`` table.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import islice, pairwise
from typing import Any

from ..document import Sentence
from ..lang import Resources
from .dateline import strip as strip_dateline
from .dates import YEAR_ONLY

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w+")
_LETTER = re.compile(r"[^\W\d_]")
# scorer and readers treat longer evidence as "the text, not a sentence"
MAX_EVIDENCE = 600
MAX_EVIDENCE_CJK = 120

_URL = re.compile(r"https?://|www\.\w|\w\.(?:com|org|gov|net|kz|ru|int)/", re.I)
# searches start where a run starts: from every position inside a long run they would rescan it
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+")
_PHONE = re.compile(r"(?:\+|\(0)\d[\d\s()./-]{7,}\d")
_TERMINAL = re.compile(r"[.!?。！？؟…][\s\"'»”’)\]]*$")
_CAPTION = re.compile(r"^\s*(?:©|\(c\)\s|photo\b|foto\b|фото\b|сурет\b)", re.I)
# web-page chrome that survives extraction, in any language
_CHROME = re.compile(r"\bcookies?\b|javascript|\bnewsletter\b|©|\ball rights reserved\b|\bRSS\b", re.I)
_SHARE = re.compile(r"\b(?:share|print|tweet|facebook|twitter|telegram|whatsapp|linkedin|e-?mail)\b", re.I)
# "Astana, 16 May 2018 – ", "Мәскеу, 2020 жылғы 9 қыркүйек – ", "BEIJING, May 3 (Xinhua) -- "
_AMOUNT = re.compile(
    r"\d[\s.,]*(?:%|‰|процент|percent|per cent|pour cent|por ciento|prozent|пайыз|відсот|٪|％|[$€£¥₸₽])"
    r"|[$€£¥₸₽]\s?\d|\bUS\$|\d(?:[.,]\d+)?\s?(?:млн|млрд|трлн|million|billion|trillion|milliard|millón|millones"
    r"|mil millones|milliarde|mio|mrd|мільй|мільярд|миллион|миллиард|万|亿|مليون|مليار)",
    re.I,
)
_NUMBER = re.compile(r"\d")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class Lexicon:
    """The ``[points]`` resources of one language, compiled once."""

    code: str
    stop: frozenset[str]
    stem_len: int
    cjk: bool  # no spaces between words ([script] spaced = false): stems are character bigrams
    stem_prefix: re.Pattern[str] | None  # clitics dropped before a stem ([script] stem_prefix)
    outcome: re.Pattern[str] | None
    continuation: re.Pattern[str] | None
    negation: re.Pattern[str] | None
    negation_except: re.Pattern[str] | None
    boiler_start: re.Pattern[str] | None
    boiler_any: re.Pattern[str] | None
    background: re.Pattern[str] | None
    lead_trim: re.Pattern[str] | None
    attribution: re.Pattern[str] | None
    clause_cut: tuple[str, ...]
    template: str
    kinds: dict[str, str]
    dotted_i: bool = False  # Turkic casing: i ↔ İ, ı ↔ I ([script] dotted_i)
    full_stop: str = "."
    clause_separator: str = "; "
    word_joiner: str = " "
    # the unanchored cue families (CUE_FAMILIES) in one pattern, and their names in group order: cue_hits
    cues: re.Pattern[str] | None = None
    cue_names: tuple[str, ...] = ()


# the unanchored cue families a key-point candidate is read for: one scan of the sentence, not one each
CUE_FAMILIES = (
    "meeting", "agree", "signed", "topic", "focus", "state", "stance", "notable", "future",
    "also_met", "weak", "vague", "announce", "framing", "aside", "counterpart",
)  # fmt: skip


def _trie_re(words: Sequence[str]) -> str:
    """One regex for many literal words, factored by common prefixes: re tries an alternation
    branch by branch at every position, a trie tries one branch per character."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            # a shorter cue is complete here: the longer ones are optional
            return "(?:" + body + ")?"
        return body

    return build(trie)


def _alt(words: Iterable[str], boundary: bool, anchor: str = "", tail: str = "") -> re.Pattern[str] | None:
    ws = sorted({norm(w) for w in words if w})  # matched against norm()-ed text
    if not ws:
        return None
    pre = r"(?<!\w)" if boundary else ""
    return re.compile(anchor + pre + "(?:" + _trie_re(ws) + ")" + tail)


def family_pattern(res: Resources, family: str) -> re.Pattern[str] | None:
    """One cue family's own pattern, as cue_hits reads it (tests compare the two)."""
    return _alt(_words(res["points"], family), _boundary(res))


def _boundary(res: Resources) -> bool:
    # cues carrying clitics (Arabic "وأكد") are matched inside words
    sc = res.script
    return bool(res["points"].get("word_boundary", sc.spaced and not sc.cue_prefix))


def _words(p: dict[str, Any], key: str) -> list[str]:
    v = p.get(key, [])
    return [str(x) for x in v] if isinstance(v, list) else [str(v)]


def _cue_union(fams: dict[str, list[str]], boundary: bool) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """One pattern for several cue families: at a position where any cue starts, an optional lookahead
    per family captures an empty group when that family's cue starts there too. Matches are
    zero-width, so finditer visits every such position: a family is found iff its own pattern is."""
    words = {k: sorted({norm(w) for w in v if w}) for k, v in fams.items()}
    names = tuple(k for k in fams if words[k])
    if not names:
        return None, ()
    pre = r"(?<!\w)" if boundary else ""
    every = _trie_re(sorted({w for k in names for w in words[k]}))
    groups = "".join(f"(?:(?=(?P<{k}>{_trie_re(words[k])}))|)" for k in names)
    return re.compile(pre + "(?=" + every + ")" + groups), names


@cache
def _lexicon(code: str, res: Resources) -> Lexicon:
    p = res["points"]
    sc = res.script
    cjk = not sc.spaced
    boundary = _boundary(res)

    def lst(key: str) -> list[str]:
        return _words(p, key)

    lead = _alt(lst("lead_trim"), boundary, anchor=r"^\s*")
    cues, cue_names = _cue_union({k: lst(k) for k in CUE_FAMILIES}, boundary)
    return Lexicon(
        code=code,
        stop=frozenset(norm(w) for w in lst("stop")),
        stem_len=int(p.get("stem", 6)),
        cjk=cjk,
        stem_prefix=re.compile(rf"^{sc.stem_prefix}(?=\w{{3}})") if sc.stem_prefix else None,
        outcome=_alt(lst("outcome"), boundary, anchor=r"^\W*"),
        continuation=_alt(lst("continuation"), boundary, anchor=r"^\W*"),
        negation=_alt(lst("negation"), boundary),
        negation_except=_alt(lst("negation_except"), boundary),
        boiler_start=_alt(lst("boilerplate"), boundary, anchor=r"^\W*"),
        boiler_any=_alt(lst("boilerplate_any"), boundary),
        # a label, not a word in a sentence: "Справка:", "Background", "Note to editors —"
        background=_alt(lst("background"), boundary, anchor=r"^\W*", tail=r"\s*(?:[:：.—–-]|$)"),
        lead_trim=lead,
        attribution=_attribution(lst("attribution"), lst("report_that"), boundary),
        clause_cut=tuple(lst("clause_cut")),
        template=str(p.get("template", "{who} ({where})")),
        kinds={str(k): str(v) for k, v in p.get("kinds", {}).items()},
        dotted_i=sc.dotted_i,
        full_stop=sc.full_stop,
        clause_separator=sc.clause_separator,
        word_joiner=sc.word_joiner,
        cues=cues,
        cue_names=cue_names,
    )


def _attribution(openers: list[str], that: list[str], boundary: bool) -> re.Pattern[str] | None:
    """The reporting frame ("The spokesman said that ...", "وصرح المتحدث ... بأن", "По словам ..., ") before what
    was said, up to its complementizer (a word, or a comma) within ~100 characters."""
    ops = sorted({norm(w) for w in openers if w})
    if not ops or not that:
        return None
    pre = r"(?<!\w)" if boundary else ""
    ends = "|".join(
        re.escape(norm(w)) if not w[:1].isalpha() else r"(?<!\w)" + re.escape(norm(w)) + r"(?!\w)"
        for w in sorted(set(that), key=len, reverse=True)
    )
    return re.compile(r"^\W*" + pre + "(?:" + _trie_re(ops) + r")[^.!?؟。\n]{0,100}?(?:" + ends + r")\s*")


def lexicon(res: Resources) -> Lexicon:
    return _lexicon(res.code, res)


def norm(text: str) -> str:
    # "İ".lower() is "i" + a combining dot: drop the dot so Turkish cues match and lengths stay equal
    return text.lower().replace("ё", "е").replace("i\u0307", "i")


def stems(text: str, lex: Lexicon) -> list[str]:
    """Content-word stems (prefix stems; character bigrams for CJK); stop words and short words dropped."""
    t = norm(text)
    out: list[str] = []
    has_cjk = bool(CJK.search(t))
    if lex.cjk or has_cjk:
        run: list[str] = []
        for ch in t + " ":
            if CJK.match(ch):
                run.append(ch)
                continue
            out.extend(a + b for a, b in pairwise(run) if a + b not in lex.stop)
            run = []
    for w in _WORD.findall(t):
        if has_cjk and CJK.search(w):
            continue
        if w.isdigit():
            if len(w) >= 2 and not YEAR_ONLY.fullmatch(w):
                out.append(w)
            continue
        if len(w) < 3 or w in lex.stop:
            continue
        if lex.stem_prefix is not None:
            w = lex.stem_prefix.sub("", w)
            if w in lex.stop:
                continue
        out.append(w[: lex.stem_len])
    return out


def n_words(text: str) -> int:
    """Words, counting 2 CJK characters as one word (a rough reading length)."""
    cjk = len(CJK.findall(text))
    return len(_WORD.findall(CJK.sub(" ", text) if cjk else text)) + (cjk + 1) // 2


def has(p: re.Pattern[str] | None, text: str) -> bool:
    """Does a cue pattern match? ``text`` as written; see ``has_low`` for text already lowered."""
    return bool(p and p.search(norm(text)))


def has_low(p: re.Pattern[str] | None, low: str) -> bool:
    return bool(p and p.search(low))


def cue_hits(low: str, lex: Lexicon) -> frozenset[str]:
    """The CUE_FAMILIES whose cues occur in a (lowered) sentence, with one scan for all of them:
    ``"agree" in cue_hits(low, lex)`` where the family's own pattern (``family_pattern``) matches."""
    if lex.cues is None:
        return frozenset()
    found: set[str] = set()
    for m in lex.cues.finditer(low):
        found.update(k for k in lex.cue_names if m.start(k) >= 0)
    return frozenset(found)


def negated(low: str, lex: Lexicon) -> bool:
    """Does a (lowered) sentence deny something ("no agreement was reached", "не обсуждался",
    "ولم يتطرق")? Look-alikes ("not only", "не только", "لا سيما") are masked first."""
    if not lex.negation:
        return False
    if lex.negation_except:
        low = lex.negation_except.sub(" ", low)
    return bool(lex.negation.search(low))


def is_boilerplate(text: str, lex: Lexicon) -> bool:
    """Contact lines, signatures, captions, share bars, dates alone, markers of the language."""
    t = text.strip()
    if sum(1 for _ in islice(_LETTER.finditer(t), 3)) < 3:  # fewer than three letters
        return True
    nw = n_words(t)
    if _CAPTION.match(t):
        return True
    # the cheap length test first: most sentences are too long for a link, a phone or chrome line
    if ("@" in t and _EMAIL.search(t)) or (nw < 25 and _URL.search(t)) or (nw < 15 and _PHONE.search(t)):
        return True
    if nw <= 8 and ("|" in t or len(_SHARE.findall(t)) >= 2 or (_SHARE.search(t) and nw <= 3)):
        return True
    if nw < 30 and _CHROME.search(t):
        return True
    if has(lex.boiler_start, t):
        return True
    if nw <= 15 and has(lex.boiler_any, t):
        return True
    # a date alone ("October 01, 2018", "14.04.2015 – Pressemitteilung"): digits and at most two
    # words, with no sentence end ("Trade rose 12%." is a fact, not a date line)
    if _NUMBER.search(t) and not lex.cjk:
        words = [w for w in _WORD.findall(t) if not w.isdigit()]
        if len(words) <= 1 or (len(words) <= 2 and nw <= 6 and not _TERMINAL.search(t)):
            return True
    return False


_BULLET = re.compile(r"^\s*(?:[-–—•·▪*]|\(?\d{1,2}[.)]|\(?[a-zа-я][.)])\s+")


def is_list_item(text: str) -> bool:
    """An item of a list ("- open a border crossing;", "2) hold consultations,")."""
    t = text.strip()
    return bool(_BULLET.match(t)) or t.endswith((";", "；", "،", "؛"))


def is_heading(text: str) -> bool:
    """A title, section heading or lead-in line: no sentence end, or a colon that opens a list."""
    t = text.strip()
    if t.endswith((":", "：")):
        return True
    if is_list_item(t) and n_words(t) >= 3:
        return False
    return not _TERMINAL.search(t) and n_words(t) < 25


def lead_in(sentences: Sequence[Sentence], i: int) -> Sentence | None:
    """For a list item, the line that opens its list ("the sides agreed to:"), if any."""
    j = i - 1
    while j >= 0 and i - j <= 12:
        t = sentences[j].text.strip()
        if t.endswith((":", "：")):
            return sentences[j]
        if not is_list_item(t):
            return None
        j -= 1
    return None


def item_text(text: str) -> str:
    """A list item without its bullet and closing separator."""
    return _BULLET.sub("", text.strip(), count=1).rstrip(";；,،؛. ")


def background_start(text: str, lex: Lexicon) -> bool:
    return has(lex.background, text)


def usable_mask(sentences: Sequence[Sentence], lex: Lexicon) -> list[bool]:
    """Which sentences may be key points: not title, dateline, heading, boilerplate or background."""
    out: list[bool] = []
    in_background = False
    bg_para = -1
    n = len(sentences)
    for i, s in enumerate(sentences):
        # a background note ("Справка:", "Note to editors") runs to the end of the release;
        # near the top it is more likely a one-line label, so it then ends with its paragraph
        if background_start(s.text, lex) and (i > 0 or n < 3):
            in_background = True
            bg_para = s.para if i < n // 3 else -1
        elif in_background and bg_para >= 0 and s.para != bg_para:
            in_background = False
        ok = (
            not in_background
            and s.kind != "title"
            # a dateline is "City, date –"; a long one is the lead sentence that opens with the date
            and (s.kind != "dateline" or n_words(s.text) > 10)
            and not is_heading(s.text)
            and not is_boilerplate(s.text, lex)
        )
        out.append(ok)
    return out


def amount_score(text: str) -> float:
    """1 for amounts and percentages, 0.4 for other figures (not years, not list numbers), else 0."""
    if _AMOUNT.search(text):
        return 1.0
    # a count ("120 joint ventures", "70 documents"), not a day of the month, a year or a list number
    nums = [w for w in _FIGURE.findall(text) if not YEAR_ONLY.fullmatch(w)]
    return 0.4 if any(("." in w or "," in w or _above_31(w)) for w in nums) else 0.0


def _above_31(digits: str) -> bool:
    # by length first: int() refuses runs of more than 4,300 digits
    n = digits.lstrip("0")
    return len(n) > 2 or (n != "" and int(n) > 31)


def similarity(a: set[str], b: set[str]) -> float:
    """Cosine overlap of two stem sets (a repeated fact scores high)."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / math.sqrt(len(a) * len(b))


_LIST_NO = re.compile(r"^\s*(?:\(?\d{1,3}[.)]|\(?[a-z][.)]|[•·▪–—-])\s+")


def trim_point(text: str, lex: Lexicon, max_words: int = 35, keep: Sequence[str] = ()) -> str:
    """A concise point from a sentence: no dateline, no list number, no leading attribution padding,
    cut at a clause boundary when long."""
    t = _LIST_NO.sub("", strip_dateline(text.strip()), count=1)
    for _ in range(2):
        low = norm(t)
        m = lex.lead_trim.match(low) if lex.lead_trim and len(low) == len(t) else None
        if not m or len(t) - m.end() < 15:
            break
        t = t[m.end() :].lstrip(" ,，、:;—–-")
        t = cap_first(t, lex)
    m = lex.attribution.match(norm(t)) if lex.attribution else None
    if m and len(t) - m.end() >= 20 and len(norm(t)) == len(t):
        t = cap_first(t[m.end() :], lex)
    if n_words(t) > max_words:
        # never cut away what must stay (the participants of the meeting sentence)
        low = t.lower()
        floor = max((low.rfind(k.lower()) + len(k) for k in keep if k and k.lower() in low), default=0)
        t = cut_clause(t, lex, max_words, floor)
        if n_words(t) > max_words * 4 // 3:
            # no clause boundary near the limit (a list of names, one long clause): cut at the
            # last comma or word that fits and say so with an ellipsis
            t = cut_hard(t, max_words, floor)
    return t


def cut_hard(text: str, max_words: int, min_end: int) -> str:
    """Cut at the last comma that keeps ``text`` within ``max_words`` (not before character
    ``min_end``), else after ``max_words`` words; an ellipsis says that something was left out."""
    best = -1
    for mark in (", ", "، ", "，", "、"):
        start = 0
        while (i := text.find(mark, start)) >= 0:
            start = i + 1
            if i >= min_end and max(8, max_words // 2) <= n_words(text[:i]) <= max_words:
                best = max(best, i)
    if best > 0:
        return text[:best].rstrip(" ,،，、;") + "…"
    head = cut_words(text, max_words)
    return head if len(head) - 1 >= min_end else text


def cut_words(text: str, max_words: int) -> str:
    """The first ``max_words`` words and an ellipsis (for a clause that only elaborates)."""
    if n_words(text) <= max_words:
        return text
    if CJK.search(text):
        return text[: max_words * 2].rstrip("，、；：…") + "…"
    words = text.split()
    return " ".join(words[:max_words]).rstrip(",;:.…") + "…"


_TURKIC_UP = {"i": "İ", "ı": "I"}
_TURKIC_LOW = {"İ": "i", "I": "ı"}


def cap_first(t: str, lex: Lexicon) -> str:
    """``t`` with its first letter upper-case, in the language's casing (Turkish "i" → "İ")."""
    if not t or not t[:1].islower():
        return t
    head = _TURKIC_UP.get(t[0]) if lex.dotted_i else None
    return (head or t[0].upper()) + t[1:]


def lower_first(t: str, lex: Lexicon) -> str:
    """``t`` with its first letter lower-case, in the language's casing (Turkish "I" → "ı")."""
    if not t:
        return t
    head = _TURKIC_LOW.get(t[0]) if lex.dotted_i else None
    # "İ".lower() would be "i" + a combining dot in any language
    return (head or ("i" if t[0] == "İ" else t[0].lower())) + t[1:]


# boundaries that end a clause in any language; a bare Latin comma does not (it also separates
# the items of a list), so commas count only before a connector of the language (``clause_cut``)
_GENERIC_CUTS = ("; ", "；", "，", "：")


def cut_clause(text: str, lex: Lexicon, max_words: int, min_end: int = 0) -> str:
    """Cut a long sentence at the last clause boundary that keeps it near ``max_words``
    (and not before character ``min_end``)."""
    low = text.lower()
    best = -1
    floor = max(8, max_words // 3)
    for marks, top in (
        (lex.clause_cut, max_words),
        (_GENERIC_CUTS, max_words),
        (lex.clause_cut, max_words * 3 // 2),
    ):
        for mark in marks:
            start = 0
            while True:
                i = low.find(mark.lower(), start)
                if i < 0:
                    break
                start = i + 1
                j = i + len(mark)
                if mark[-1].isalpha() and j < len(low) and low[j].isalpha():
                    continue  # ", qui" is not ", quinze"
                if i >= min_end and floor <= n_words(text[:i]) <= top and i > best:
                    best = i
        if best > 0:
            break
    if best < 0:
        return text
    head = text[:best].rstrip(" ,;，；、،")
    end = "。" if CJK.search(head[-1:]) else "."
    return head + end


def verbatim_piece(sentence: str, lex: Lexicon) -> str:
    """The evidence string for a sentence: the sentence itself, or, when it is longer than a reader
    takes for one sentence, its first clauses up to that length (still a verbatim slice)."""
    cjk = bool(CJK.search(sentence))
    limit = MAX_EVIDENCE_CJK if cjk else MAX_EVIDENCE
    if len(sentence) <= limit:
        return sentence
    cut = -1
    for mark in ("；", "，", "、", "; ", ", ", " "):
        cut = sentence.rfind(mark, 0, limit)
        if cut > limit // 3:
            break
    return sentence[: cut if cut > 0 else limit].rstrip()
