"""Analysis: language identification, sentence splitting and word tokens.

``detect_language(text)``: ISO 639-1 code ('und' when there are no letters). The dominant script decides
first (Han without kana, kana, Hangul, Greek, Hebrew... name their language). Inside Cyrillic, distinctive
letters decide when they are frequent enough (kk әғқұһ, uk іїєґ, be ў, bg ъ, sr/mk ђћџ/ѓќѕ, tg ҷӣӯ,
ky/mn өү), Arabic script by its letters (ar ي ك ة, fa ی ک پ, ur ے ں ٹ), Latin by weighted function
words. Only when that evidence is mixed or thin does lingua weigh a short list of candidates; its detector
is built lazily for just those languages (models load per language, ~10 ms each on a release), and a
long list on a short text uses lingua's trigram-only mode (a high-accuracy detector for dozens of
languages would load ~800 MB of n-grams for a one-line input). A release usually costs under 1 ms.

``split_sentences(text, res)``: verbatim sentences with offsets, paragraph index and kind (title,
dateline, body). The rules are language-neutral; what varies by language (abbreviations, words that
start sentences, ordinal dots, dateline shapes and separators, punctuation sets) comes from the
``[text]`` table of the language file over ``default.toml``; dates are read by ``analysis/dates.py``.

``words(text)``: unicode word tokens (Han and kana as single characters, or bigrams) for the stages
that compare or count words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from ..document import Sentence
from .dateline import is_upper_start as _is_upper_start
from .dateline import span as _dateline

if TYPE_CHECKING:
    from lingua import LanguageDetector

    from ..lang import Resources

__all__ = ["detect_language", "script_of", "split_sentences", "words"]

UND = "und"

# ------------------------------------------------------------------------------------------ scripts


@cache
def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A compiled pattern, kept for the process: re's own cache (512) overflows in a full pipeline."""
    return re.compile(pattern, flags)


_SCRIPTS: dict[str, re.Pattern[str]] = {
    "latin": re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
    "cyrillic": re.compile(r"[\u0400-\u052f]"),
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
    "han": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"),
    "kana": re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]"),
    "hangul": re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    "devanagari": re.compile(r"[\u0900-\u097f]"),
    "greek": re.compile(r"[\u0370-\u03ff]"),
    "hebrew": re.compile(r"[\u0590-\u05ff]"),
    "georgian": re.compile(r"[\u10a0-\u10ff]"),
    "armenian": re.compile(r"[\u0530-\u058f]"),
    "thai": re.compile(r"[\u0e00-\u0e7f]"),
    "bengali": re.compile(r"[\u0980-\u09ff]"),
    "tamil": re.compile(r"[\u0b80-\u0bff]"),
    "ethiopic": re.compile(r"[\u1200-\u137f]"),
}
# scripts that name their language outright (Han and kana are decided together below)
_ONE_LANGUAGE = {
    "hangul": "ko",
    "greek": "el",
    "hebrew": "he",
    "georgian": "ka",
    "armenian": "hy",
    "thai": "th",
    "bengali": "bn",
    "tamil": "ta",
    "ethiopic": "am",
}

# lingua candidates per script (ISO 639-1); languages lingua lacks (uz, ky, tg) are decided by letters
_CANDIDATES: dict[str, tuple[str, ...]] = {
    "latin": (
        "en",
        "fr",
        "de",
        "es",
        "it",
        "pt",
        "nl",
        "pl",
        "ro",
        "tr",
        "az",
        "cs",
        "sk",
        "hu",
        "sv",
        "da",
        "nb",
        "fi",
        "et",
        "lv",
        "lt",
        "hr",
        "sl",
        "bs",
        "sq",
        "id",
        "ms",
        "vi",
        "tl",
        "sw",
        "ca",
        "eu",
        "ga",
        "cy",
        "is",
        "af",
        "so",
        "la",
    ),
    "cyrillic": ("ru", "uk", "be", "kk", "bg", "sr", "mk", "mn"),
    "arabic": ("ar", "fa", "ur"),
    "devanagari": ("hi", "mr"),
}

# Cyrillic letters that only some languages use: (letters, languages that use them)
_CYRILLIC_MARKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("әғқұһ", ("kk",)),
    ("ңөү", ("kk", "mn", "ky")),
    ("іїєґ", ("uk", "be", "kk")),
    ("ў", ("be", "uz")),
    ("ђјљњћџ", ("sr", "mk")),
    ("ѓќѕ", ("mk",)),
    ("ҷӣӯ", ("tg",)),
    ("ҳ", ("tg", "uz")),
    ("ыэё", ("ru", "be", "kk", "ky", "mn")),
    ("ъ", ("ru", "bg")),
)

# A few very frequent function words per Latin-script language: a cheap short list for lingua, and the
# only evidence for Uzbek, which lingua does not know.
_FUNCTION_WORDS: dict[str, str] = {
    "en": "the of and to in is that for with on was were has have by are at from this which they their will be it an",
    "fr": "le la les des et du de en une un est pour dans que sur avec au aux été qui ont il ils sont ne pas",
    "de": "der die und das den des dem nicht ist mit von zu im auf für sich eine ein wurde sind auch er es hat wird",
    "es": "el la los las de del y en que por con para una un se su al fue sus como es lo ha más",
    "it": "il la di che e del della per con sono nel una un gli dei alla è delle anche",
    "pt": "o a os as de do da dos das em que para com um uma não no na foi pelo",
    "nl": "de het een en van in is dat op te voor met zijn niet ook door",
    "pl": "i w na z się do że nie jest o oraz przez dla to jak",
    "ro": "și în de la cu a al pentru pe care din este o un fost privind",
    "tr": "ve bir bu ile için da de olarak olan göre ise ki",
    "az": "və bir bu ilə üçün da də olan həm isə ki",
    "cs": "a v se na je že s z do o k pro jako by",
    "sk": "a v sa na je že s z do o pre ako aj",
    "hu": "a az és hogy nem egy is meg van volt",
    "sv": "och i att det som en på är av för med till",
    "da": "og i at det som en på er af til med for",
    "nb": "og i at det som en på er av til med for",
    "fi": "ja on ei se että oli myös kanssa",
    "hr": "i je u na se da za od su",
    "sl": "in je v na se da za od so",
    "id": "dan yang di ke dari dengan untuk ini itu dalam",
    "ms": "dan yang di ke dari dengan untuk ini itu dalam",
    "vi": "của và các là có được trong cho những với",
    "sq": "dhe të në e një për me që",
    "ca": "i el la de les que en per amb del als",
    "et": "ja on ei et see ka oli kui ning mis",
    "lv": "un ir ar par uz no kas ka arī tika",
    "lt": "ir kad su yra iš į bei buvo tai dėl",
    "sw": "na ya wa kwa za la katika ni cha",
    "tl": "ang ng sa mga na at ay para si",
    "af": "die en van het is nie wat op vir",
    "eu": "eta da ez du bat dira ere",
    "ga": "agus an na ar le is go",
    "cy": "a y yn ar i o ei yr",
    "uz": "va bilan uchun bu bir ham hamda o‘z oʻz o'z ikki tomonlar",
}
_KY_WORDS = frozenset(["менен", "жана", "үчүн", "боюнча", "ошондой", "ал", "алар", "бул", "деп"])
_MN_WORDS = frozenset(["ба", "болон", "нь", "юм", "байна", "энэ", "тэр", "бол", "байгаа"])
_OTHER_CYRILLIC = "іїєґўәғқұһңөүђћџѓќѕјљњҷӣӯҳ"  # letters Russian does not use
_NOT_IN_LINGUA = {"uz", "ky", "tg"}
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’‘ʻ][^\W\d_]+)?")
_HIGH_ACCURACY_MAX = 4  # candidates lingua may weigh with all its models on a short text
_SAMPLE = 4000  # characters read for identification: a release's first part is plenty


# runs of a script's letters: counting the letters of runs makes far fewer matches than one a letter
_SCRIPT_RUNS = {name: re.compile(f"{rx.pattern}+") for name, rx in _SCRIPTS.items()}


def _letters(script: str, text: str) -> int:
    """How many letters of ``script`` the text has."""
    return sum(map(len, _SCRIPT_RUNS[script].findall(text)))


def script_of(text: str) -> str | None:
    """The script most of the text's letters are written in ('latin', 'cyrillic', 'han'...)."""
    counts = {name: _letters(name, text) for name in _SCRIPTS}
    counts["han"] += counts.pop("kana")
    name, n = max(counts.items(), key=lambda kv: kv[1])
    return name if n else None


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ('und' when unknown)."""
    sample = text[:_SAMPLE]
    script = script_of(sample)
    if script is None:
        return UND
    if script == "han":
        kana = _letters("kana", sample)
        return "ja" if kana * 10 >= _letters("han", sample) + kana else "zh"
    if script in _ONE_LANGUAGE:
        return _ONE_LANGUAGE[script]
    low = sample.lower()
    if script == "cyrillic":
        cands = _cyrillic_candidates(low)
    elif script == "latin":
        cands = _latin_candidates(low)
    elif script == "arabic":
        cands = _arabic_candidates(sample)
    else:
        cands = _CANDIDATES[script]
    if len(cands) == 1:
        return cands[0]
    lingua_cands = tuple(c for c in cands if c not in _NOT_IN_LINGUA)
    if len(lingua_cands) <= 1:
        return (lingua_cands or cands)[0]
    body = _only_script(sample, script)
    # lingua reads texts under 120 characters with all its n-gram models (fast to load for a couple of
    # languages, seconds for dozens): a long list on a short text goes to the trigram-only mode
    trigrams_only = len(body) < 120 and len(lingua_cands) > _HIGH_ACCURACY_MAX
    got = _lingua(tuple(sorted(lingua_cands)), trigrams_only).detect_language_of(body)
    if got is None:
        return cands[0]
    return str(got.iso_code_639_1.name).lower()


def _only_script(text: str, script: str) -> str:
    # foreign names and acronyms in another script only blur the decision
    rx = _SCRIPTS[script]
    keep = [w for w in _rx(r"\S+").findall(text) if rx.search(w)]
    return " ".join(keep) if keep else text


def _cyrillic_candidates(low: str) -> tuple[str, ...]:
    total = max(1, _letters("cyrillic", low))

    def dens(letters: str) -> float:
        return sum(low.count(ch) for ch in letters) / total

    # decisive densities: a Russian text that names "Қазақстан" or "Київ" once stays Russian
    if dens("ҷӣӯ") >= 0.003:
        return ("tg",)
    if dens("әғқұһ") >= 0.02:
        return ("kk",)
    if dens("өү") >= 0.005:
        # Kyrgyz or Mongolian (Kazakh was ruled out): ң and their function words tell them apart
        words = Counter(_WORD_RE.findall(low))
        ky = sum(words[w] for w in _KY_WORDS) + 2 * low.count("ң")
        mn = sum(words[w] for w in _MN_WORDS)
        return ("ky",) if ky >= mn else ("mn",)
    if dens("ѓќѕ") >= 0.002:
        return ("mk",)
    if dens("ђћџ") >= 0.002:
        return ("sr",)
    if dens("ў") >= 0.003:
        return ("be",) if dens("і") >= 0.005 else ("uz",)
    ru_only = dens("ыэ")
    if dens("іїєґ") >= 0.01 and ru_only < 0.001:
        return ("uk",)
    if dens("ъ") >= 0.01 and ru_only < 0.001:
        return ("bg",)
    if ru_only >= 0.005 and dens("іїєґўәғқұ") < 0.001:
        return ("ru",)
    if not any(ch in low for ch in _OTHER_CYRILLIC):
        # only letters Russian has: ы, э say Russian, a frequent ъ without them Bulgarian; with none of
        # these (a short line) lingua weighs Russian, Ukrainian and Bulgarian
        if dens("ъ") >= 0.01 and not dens("ыэ"):
            return ("bg",)
        if dens("ыэё"):
            return ("ru",)
        return ("ru", "uk", "bg")
    # mixed or too short to tell by letters: lingua decides among the plausible ones
    cands = ["ru"]
    for letters, langs in _CYRILLIC_MARKS:
        if any(ch in low for ch in letters):
            cands.extend(x for x in langs if x not in cands)
    if len(cands) == 1:
        cands += ["uk", "bg"]
    return tuple(cands[:4])


def _arabic_candidates(text: str) -> tuple[str, ...]:
    # Arabic writes ي ك ة; Persian and Urdu ی ک (and پ چ ژ گ); Urdu alone ٹ ڈ ڑ ں ے
    urdu = sum(text.count(ch) for ch in "ٹڈڑںے")
    persian = sum(text.count(ch) for ch in "یکپچژگ")
    arabic = sum(text.count(ch) for ch in "يكة")
    if urdu >= 2 and urdu >= arabic:
        return ("ur",)
    if persian and not arabic:
        return ("fa",) if not urdu else ("fa", "ur")
    if arabic and not persian and not urdu:
        return ("ar",)
    return _CANDIDATES["arabic"]


def _latin_candidates(low: str) -> tuple[str, ...]:
    toks = _WORD_RE.findall(low)
    if not toks:
        return _CANDIDATES["latin"]
    counts = Counter(toks)
    weights = _fw_weights()
    # a word shared by several languages ("de", "la", "que") counts for each a share of one
    # a word the text lacks adds nothing: skipped (a Counter's missing key costs a Python call)
    scores = {code: sum(counts[w] * weights[w] for w in _fw(code) if w in counts) for code in _FUNCTION_WORDS}
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best = ranked[0][1]
    if best <= 0:
        return _CANDIDATES["latin"]
    if ranked[0][0] == "uz" and best >= 2 * ranked[1][1]:
        return ("uz",)
    short = tuple(code for code, s in ranked[:3] if s * 2 >= best and code != "uz")
    if len(short) == 1 and sum(counts[w] for w in _fw(short[0])) < 0.1 * len(toks):
        # function words of a language are a quarter of its running text: so few hits may mean
        # a language without a word list here; lingua looks at all of them
        return _CANDIDATES["latin"]
    return short


@cache
def _fw(code: str) -> frozenset[str]:
    return frozenset(_FUNCTION_WORDS[code].split())


@cache
def _fw_weights() -> dict[str, float]:
    df = Counter(w for code in _FUNCTION_WORDS for w in _fw(code))
    return {w: 1 / n for w, n in df.items()}


@lru_cache(maxsize=32)
def _lingua(codes: tuple[str, ...], low_accuracy: bool = False) -> LanguageDetector:
    # lingua keeps loaded models in a process-wide cache, so detectors for other short lists share them
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    isos = [getattr(IsoCode639_1, c.upper()) for c in sorted(codes)]
    if len(isos) == 1:  # lingua wants two languages at least
        isos.append(IsoCode639_1.EN if isos[0] != IsoCode639_1.EN else IsoCode639_1.FR)
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*isos)
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


# ------------------------------------------------------------------------------------------- words

_TOKEN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]+"  # Han/kana runs (no spaces)
    r"|\d+(?:[.,]\d+)*"
    r"|[^\W\d_]+(?:[-'’ʼʻ][^\W\d_]+)*"
)
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]")
_ELISION = re.compile(r"^(?:[ldjnmtsc]|qu|dell|all|nell|sull|dall)['’]", re.I)


def words(text: str, cjk: str = "chars") -> list[str]:
    """Unicode word tokens, as written (numbers included, punctuation left out).

    Hyphenated words stay whole ("Нур-Султан"); French/Italian elisions are split off ("l'Ukraine" →
    "l'", "Ukraine"). Han/kana text has no spaces: ``cjk="chars"`` gives one token per character,
    ``cjk="bigrams"`` overlapping character pairs (better for overlap scores).
    """
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if _CJK_RUN.match(tok):
            if cjk == "bigrams" and len(tok) > 1:
                out.extend(tok[i : i + 2] for i in range(len(tok) - 1))
            else:
                out.extend(tok)
            continue
        e = _ELISION.match(tok)
        if e and e.end() < len(tok):
            out.append(tok[: e.end()])
            tok = tok[e.end() :]
        out.append(tok)
    return out


# ------------------------------------------------------------------------------------- sentences


@dataclass(frozen=True)
class _Rules:
    abbreviations: frozenset[str]  # lowercased, without the final dot: never end a sentence
    number_abbreviations: frozenset[str]  # after a number they may end one ("2018 г. Стороны")
    starters: frozenset[str]  # lowercased words that start sentences: end after an acronym ("the U.S. The")
    ordinal_dot: bool  # "13. April": a short number with a dot is an ordinal, not an end
    terminals: str
    cjk_terminals: str
    closers: str
    openers: str
    bullets: str
    dateline: re.Pattern[str]
    dateline_extra: tuple[re.Pattern[str], ...]
    dateline_connectors: frozenset[str]
    dateline_max_words: int
    title_max_words: int
    stops: re.Pattern[str]  # runs of stops and closing quotes: candidate sentence ends
    lang: str  # whose month names tell "3 May" from "5 agreements"


_CLOSERS = "\"'»”’)]」』）》›"


def _strip_dot(s: str) -> str:
    return s.lower().rstrip(".")


@lru_cache(maxsize=64)
def _rules(res: Resources) -> _Rules:
    t: dict[str, Any] = res["text"]
    alts = []
    for sep in t.get("dateline_separators", ["–", "—", "-", "−", "--", ":", "|", "."]):
        e = re.escape(sep)
        if sep in ":.":
            alts.append(rf"{e}[ \t]+")  # "Berlin, 13.04.2015: ..." (never "10:30": a space must follow)
        elif sep.isalnum():
            alts.append(rf"[ \t]+{e}[ \t]+")
        else:
            alts.append(rf"(?:\.[ \t]*|[ \t]+){e}[ \t]+")  # " – " or "2019.- "
    dateline = re.compile("|".join(alts))
    from ..lang import resources

    base: dict[str, Any] = resources("default")["text"]  # language-neutral abbreviations apply everywhere
    return _Rules(
        abbreviations=frozenset(
            _strip_dot(a) for a in [*t.get("abbreviations", []), *base.get("abbreviations", [])]
        ),
        number_abbreviations=frozenset(_strip_dot(a) for a in t.get("number_abbreviations", [])),
        starters=frozenset(s.lower() for s in t.get("starters", [])),
        ordinal_dot=bool(t.get("ordinal_dot", False)),
        terminals=t.get("terminals", ".!?…"),
        cjk_terminals=t.get("cjk_terminals", "。！？｡؟۔।"),
        closers=t.get("closers", _CLOSERS),
        openers=t.get("openers", "\"'«“„‘([「『（《‹¿¡"),
        bullets=t.get("bullets", "-–—•·▪●◦*►→"),
        dateline=dateline,
        dateline_extra=tuple(re.compile(p) for p in t.get("dateline_patterns", [])),
        dateline_connectors=frozenset(
            c.lower() for c in [*t.get("dateline_connectors", []), *base.get("dateline_connectors", [])]
        ),
        dateline_max_words=int(t.get("dateline_max_words", 12)),
        title_max_words=int(t.get("title_max_words", 40)),
        lang=res.code,
        stops=_stops_rx(
            t.get("terminals", ".!?…"), t.get("cjk_terminals", "。！？｡؟۔।"), t.get("closers", _CLOSERS)
        ),
    )


def _stops_rx(term: str, cjk: str, closers: str) -> re.Pattern[str]:
    t, c, q = (re.escape(x) for x in (term, cjk, closers))
    return re.compile(rf"(?P<cjk>[{c}][{c}{q}{t}]*)|[{q}]*[{t}][{t}{q}]*")


# what may open a numbered point: "1", "1.2", "a", "IV"
_POINT = re.compile(r"\d{1,3}|\d{1,2}(?:\.\d{1,2}){1,3}|[^\W\d_]|X{0,3}(?:IX|IV|VI{0,3}|I{1,3})|X{1,3}")
_PARA = re.compile(r"\n[ \t\r]*\n\s*")
# a list item opens a line: "1.", "2)", "a)", "б)", "II." (never "К." or "I.": initials)
_LIST_MARK = re.compile(
    r"(?:\d{1,3}[.)]|\(?[a-zа-яё]\)|[a-zа-яё]\.|(?:II|III|IV|VI{0,3}|IX|XI{0,3})\.)\s"
    r"|[一二三四五六七八九十\d]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]"  # "一、", "（二）"
)


def split_sentences(text: str, res: Resources) -> list[Sentence]:
    """Sentences of ``text``: verbatim slices with offsets, paragraph index and kind.

    Paragraphs are separated by blank lines. Inside a paragraph a line break ends a sentence when the
    line is a heading, a list item or a line of a line-structured block; hard-wrapped prose is joined.
    The first dateline of the release ("Astana, 16 May 2018 –") becomes a sentence of its own.
    """
    rules = _rules(res)
    spans: list[tuple[int, int, int, str]] = []  # start, end, para, kind
    body_seen = False
    dateline_done = False
    pstart = 0
    para = 0
    bounds = [(m.start(), m.end()) for m in _PARA.finditer(text)] + [(len(text), len(text))]
    for sep_start, sep_end in bounds:
        pend = sep_start
        if text[pstart:pend].strip():
            for bs, be in _blocks(text, pstart, pend, rules):
                if not dateline_done and not body_seen and para < 8:
                    dl = _dateline(text, bs, be, rules)
                    if dl is not None:
                        spans.append((bs, dl[0], para, "dateline"))
                        dateline_done = True
                        bs = dl[1]
                        if bs >= be:
                            continue
                for ss, se in _split_block(text, bs, be, rules):
                    kind = "body"
                    if not body_seen and _is_title(text[ss:se], rules):
                        kind = "title"
                    else:
                        body_seen = True
                    spans.append((ss, se, para, kind))
            para += 1
        pstart = sep_end
    out: list[Sentence] = []
    for s, e, p, kind in spans:
        s, e = _trim(text, s, e)
        if s < e:
            out.append(Sentence(text[s:e], s, e, p, len(out), kind))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _is_title(t: str, rules: _Rules) -> bool:
    t = t.rstrip()
    if not t or t[-1] in rules.terminals + rules.cjk_terminals or t.endswith(":"):
        return False
    return len(t.split()) <= rules.title_max_words


# ---- lines


def _blocks(text: str, ps: int, pe: int, rules: _Rules) -> list[tuple[int, int]]:
    """The paragraph cut at the line breaks that end a sentence (headings, list items, short lines)."""
    lines: list[tuple[int, int]] = []
    s = ps
    while True:
        nl = text.find("\n", s, pe)
        if nl < 0:
            lines.append((s, pe))
            break
        lines.append((s, nl))
        s = nl + 1
    lines = [(a, b) for a, b in lines if text[a:b].strip()]
    if len(lines) <= 1:
        return lines
    lens = [len(text[a:b].strip()) for a, b in lines]
    # the width of the wrapped lines: the longest but for an outlier (PDF pages, e-mails wrap at ~70)
    width = sorted(lens)[round(0.9 * (len(lens) - 1))]
    out = [lines[0]]
    for i in range(1, len(lines)):
        # the joined block ends with line i-1: its last line decides (copying the block is quadratic)
        prev = text[lines[i - 1][0] : lines[i - 1][1]].rstrip()
        cur = text[lines[i][0] : lines[i][1]].lstrip()
        if _soft_break(prev, cur, lens[i - 1], width, rules):
            out[-1] = (out[-1][0], lines[i][1])
        else:
            out.append(lines[i])
    return out


def _soft_break(prev: str, cur: str, prev_len: int, width: int, rules: _Rules) -> bool:
    """Whether a line break inside a paragraph does not by itself end a sentence."""
    if cur[:1] in rules.bullets or _LIST_MARK.match(cur):
        return False  # a list item starts
    first = cur[:1]
    if first.islower() or prev.endswith(("-", ",", "(", "/")) or first in rules.closers:
        return True
    if prev[-1:] in rules.terminals + rules.cjk_terminals:
        return True  # the stop decides, as anywhere ("Mr.\nSmith" goes on, "talks.\nThe" ends)
    if prev.endswith(":") or prev[-1:] in rules.closers:
        return False  # ":" introduces a new line; a quoted title ends
    # a line never ends on a preposition or an article ("met with\nК. Токаевым")
    last = prev.rsplit(None, 1)[-1]
    if last.islower() and (len(last) <= 2 or (len(last) <= 3 and last in rules.starters)):
        return True
    # no final stop: a heading or a line of a line-structured block, unless it is a wrapped line
    return width >= 40 and prev_len >= 0.75 * width


# ---- sentence ends inside a block


def _split_block(text: str, bs: int, be: int, rules: _Rules) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = bs
    for m in rules.stops.finditer(text, bs, be):
        i, j = m.span()
        if m.group("cjk"):
            # 。！？ end a sentence with or without a space (closing quotes stay with it)
            ok = True
        elif j >= be:
            break
        elif text[j].isspace():
            ok = _boundary(text, start, i, j, be, rules)
        else:
            ok = _glued_boundary(text, i, j, be)
        if ok:
            out.append((start, j))
            start = j
    if start < be:
        out.append((start, be))
    return [piece for a, b in (_trim(text, a, b) for a, b in out) if a < b for piece in _bounded(text, a, b)]


# A sentence of a release is a few hundred characters (the longest in the dev and eval sets: 421); a
# "sentence" past this is a table, a blob or run-on text, cut into pieces so no stage pays for its length.
MAX_SENTENCE = 1200


def _bounded(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """text[a:b] as pieces of at most MAX_SENTENCE characters, cut after a ";", a "," or a space."""
    out: list[tuple[int, int]] = []
    while b - a > MAX_SENTENCE:
        lo, hi = a + MAX_SENTENCE // 2, a + MAX_SENTENCE
        cut = -1
        for sep in ("; ", ", ", " "):
            k = text.rfind(sep, lo, hi)
            if k >= 0:
                cut = k + len(sep.rstrip())
                break
        if cut < 0:
            cut = hi
        out.append(_trim(text, a, cut))
        a, _ = _trim(text, cut, b)
    out.append((a, b))
    return [(x, y) for x, y in out if x < y]


def _glued_boundary(text: str, i: int, j: int, be: int) -> bool:
    """ "встречи.Стороны": a stop with no space, between a long lowercase word and a capitalized word."""
    if text[i] != "." or j != i + 1 or j + 1 >= be:
        return False
    if not (text[j].isupper() and text[j + 1].islower()):
        return False
    k = i
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    w = text[k:i]
    return len(w) >= 4 and w.islower()


def _boundary(text: str, bs: int, i: int, j: int, be: int, rules: _Rules) -> bool:
    """Whether the stop run text[i:j], followed by whitespace, ends the sentence begun at ``bs``."""
    k = j
    while k < be and text[k].isspace():
        k += 1
    if k >= be:
        return True
    nxt = text[k]
    # look through opening quotes, brackets and dashes to the next word
    m = k
    while m < be and (text[m] in rules.openers or text[m] in rules.bullets or text[m].isspace()):
        m += 1
    first = text[m] if m < be else ""
    if first.islower():
        return False  # "т.е. в", "etc. and", "», — сказал"
    if nxt in rules.bullets and not first:
        return False
    stops = text[i:j]
    if "." not in stops or any(c in stops for c in "!?…") or stops.count(".") > 1:
        return True  # "!", "?", "...": no abbreviation doubt
    if text[i] != ".":
        return True  # the dot follows a closing quote: ".»" or "». "
    # the token before the dot
    a = i
    while a > bs and not text[a - 1].isspace() and text[a - 1] not in rules.openers:
        a -= 1
    tok = text[a:i]
    nw_m = _rx(r"[^\W_]+").match(text, m, be)
    next_word = nw_m.group().lower() if nw_m else ""
    if not tok:
        return True
    low = tok.lower()
    before = _last_visible(text, bs, a)
    if _POINT.fullmatch(tok) and (not before or before in rules.bullets or before in ":;"):
        return False  # a numbered point opens the sentence: "1. The sides...", "II. Trade", ": 1. To..."
    if tok.isdigit():
        # "am 13. April": with ordinal dots, a short number and a dot is an ordinal
        return not (rules.ordinal_dot and len(tok) <= 3 and not first.isdigit())
    prev_is_number = _prev_token_is_number(text, bs, a)
    if low in rules.number_abbreviations and prev_is_number:
        return first.isalpha() and _is_upper_start(first)  # "2018 г. Стороны", not "2020 ж. 9 қыркүйек"
    if low in rules.abbreviations:
        return False  # "Mr.", "г.", "z.B.", "Nr."
    if _DOTTED.fullmatch(tok):
        # dotted capitals ("U.S.", "H.E.", "Н.А."): acronym or initials, an end only before a starter;
        # dotted lowercase ("т.д.", "и т.п." before a capital) ends a sentence
        return next_word in rules.starters if not tok[-1].islower() else True
    letters = [c for c in tok if c.isalpha()]
    if len(letters) == 1:
        # an initial ("К.", "M. Barrot") or a one-letter abbreviation ("د." doctor, "в." after a year)
        return prev_is_number and not tok.isupper()
    return True


_DOTTED = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")  # "U.S", "H.E", "EE.UU", "т.д"


def _last_visible(text: str, bs: int, a: int) -> str:
    """The last non-space character of text[bs:a] ('' when none), without copying the slice."""
    k = a
    while k > bs and text[k - 1].isspace():
        k -= 1
    return text[k - 1] if k > bs else ""


def _prev_token_is_number(text: str, bs: int, a: int) -> bool:
    k = a
    while k > bs and text[k - 1].isspace():
        k -= 1
    return k > bs and text[k - 1].isdigit()
