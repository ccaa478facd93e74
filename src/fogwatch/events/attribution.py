"""Who says it, and how surely: speakers, cues and certainty of the sentences of an article.

Rules, no model. A sentence is scanned for cues (reporting verbs such as "said", "told",
"claimed", "denied", stance verbs such as "called", "found", "believes", or "according to",
or a headline's "Name: ..."); the speaker is the noun phrase that goes with a cue:

- before it: "The Defense Ministry said ...", "..., the source said." A relative clause or
  an apposition in between is skipped ("The monitor, which tracks flights, said ..."),
  "X quoted by Y said" keeps X, and a time phrase ("X on Sunday said") is neither;
- after it: "according to local sources", "“...,” said Hassan al-Abdo.";
- "X told Y": X speaks, Y (an outlet, "reporters") is only the addressee.

A sentence's statement belongs to its first main-clause cue (a cue inside a relative clause,
"..., which say ...", or after "saying/adding" is secondary). "Media, citing the ministry,
claimed" gives the statement to the ministry, the source cited. A speaker that refers back
("he", "the source", "the sources", "the ministry") is resolved to the earlier full speaker
of the article it names ("the monitor" also to the last speaker of its kind); a quotation that
goes on after its attributed sentence, in the same paragraph, keeps that sentence's speaker.

Certainty, strongest first (the first rule that fires wins):

1. ``denied``: the sentence itself denies: its main cue is a denial ("denied", "rejected
   reports that", "dismissed claims", "disputed"), or its speaker calls a report "false".
2. ``disputed``: another voice contradicts the statement: a later clause of the same
   sentence ("..., a figure the source dismissed as ...", "but X said this was false",
   "..., but the army said fighting continued"); the next sentence, by another speaker, when
   its main cue is a denial or dispute ("The opposition disputed the figure", "Opposition
   sources dismissed the figure as propaganda") or it opens by contradicting ("Contradicting
   this, ..."); or a denial elsewhere in the article, by another speaker, of the same facts
   (its content words cover a third of the statement's, with every number or four words).
3. ``unconfirmed``: the sentence says it could not be verified ("could not be independently
   verified", "remains unconfirmed", "provided no photo or video evidence", "no evidence
   was provided"), or the next sentence does without a statement of its own ("The claim
   could not be verified", "Levant Monitor could not confirm the figure"; in a new paragraph
   only when it names the claim); "neither side's claims could be verified" reaches back up
   to four sentences, to the claims of parties only.
4. ``hedged``: a hedge ("reportedly", "allegedly", "likely", "is said to", "apparently",
   "purportedly", "may have", "appeared to", "according to reports").
5. ``attributed``: a speaker and a cue.
6. ``asserted``: the outlet in its own voice.

`markers` holds the words behind the certainty (labels "hedge", "unconfirmed", "denial",
"dispute"). Speaker kinds: ``party`` (armed forces and groups, defence ministries and their
spokesmen, governments at war, partisan sources), ``official`` (non-belligerent officials, UN
agencies, governors, health bodies, hospitals, rescuers), ``media`` (outlets, agencies,
monitors), ``local`` (residents, activists, witnesses, local sources), ``anonymous`` ("a
source", "an official who asked not to be named"), ``other`` (a person named without a role,
a pronoun that resolves to nobody); ``outlet`` when nobody is named.

`attributions()` returns every attribution relation (source, cue, content spans) of a text,
the shape PolNeAR annotates: there the source keeps its apposition ("Tad Devine, the
campaign's strategist,"), and a cue inside a quotation or inside what a cue of its sentence
already reports ("He said he thinks ...") is not a relation of its own. `attribute()` gives
one `Attribution` per sentence for claims, with the speaker's name alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from fogwatch.lang import english
from fogwatch.model import Certainty, Span, SpeakerKind
from fogwatch.nlp.starts import StartFilter, fold

_EN = english().area("attribution")

# --- records -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Attribution:
    """Who a sentence's statement belongs to and how surely the article puts it.

    `speaker` is the source as written; for a back-reference ("the source said", "he added")
    it is the earlier full speaker it was resolved to, and `speaker_span` is the span of the
    words in this sentence that refer to it (None when the sentence names nobody, e.g. the
    second sentence of a quotation).
    """

    speaker: str | None
    speaker_span: tuple[int, int] | None
    speaker_kind: SpeakerKind
    cue: str | None
    cue_span: tuple[int, int] | None
    certainty: Certainty
    markers: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class AttributionSpan:
    """One attribution relation: who (`source`), the cue, and what is attributed (`content`)."""

    source: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int] | None
    cue_word: str = ""  # the cue's head, lower-cased ("said", "according to")


# --- lexicon ---------------------------------------------------------------------------------------


def _w(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _inflect(stems: str) -> frozenset[str]:
    """Forms of regular verbs: "claim" -> claim claims claimed claiming; "announc+e", "den+y"."""
    out: set[str] = set()
    for stem in stems.split():
        if stem.endswith("+e"):
            b = stem[:-2]
            out |= {b + "e", b + "es", b + "ed", b + "ing"}
        elif stem.endswith("+y"):
            b = stem[:-2]
            out |= {b + "y", b + "ies", b + "ied", b + "ying"}
        else:
            out |= {stem, stem + "s", stem + "ed", stem + "ing"}
    return frozenset(out)


_CUE_FORMS: frozenset[str] = _EN.wordset("cue_forms") | _inflect(" ".join(_EN.words("cue_stems")))
# Forms that are also nouns: cues only after a subject, never after a determiner.
_NOUN_FORMS = _EN.wordset("noun_forms")
# Past forms that are often passive or adjectival ("was reported", "the alleged attack").
_PARTICIPLES = _EN.wordset("participles")
_DENIAL_CUES = _inflect(" ".join(_EN.words("denial_stems")))
_DETERMINERS = _EN.wordset("determiners")
_BE = _EN.wordset("be")
_BEFORE_ADJECTIVE = _EN.wordset("before_adjective")
_CALL = _EN.wordset("call")
_REFLEXIVE = _EN.wordset("reflexive")
_CONTINUE = _EN.wordset("continue")
# What may follow a reporting verb that is also a noun, when it is the verb: "X claims that", "X reports the".
_AFTER_VERB = _EN.wordset("after_verb")
# Words between a speaker and its verb that belong to the cue ("has also said").
_AUX = _EN.wordset("aux")
# Words that end a speaker noun phrase when scanning away from the cue.
_NP_STOP = _EN.wordset("np_stop")
# Lower-case words ending in -ed/-ing that do belong inside a noun phrase.
_NP_OK = _EN.wordset("np_ok")
_VERBISH = _EN.wordset("verbish")
_PRONOUNS = _EN.wordset("pronouns")
_OBJECT_PRONOUNS = _EN.wordset("object_pronouns")
_NP_LINKS = _EN.wordset("np_links")
_LY_NOUNS = _EN.wordset("ly_nouns")
_TIME_WORDS = _EN.wordset("time_words")
_MONTH_WORDS = _EN.wordset("month_words")
_STANCE = _EN.wordset("stance")
_RELATIVE = _EN.wordset("relative")
_TITLES = _EN.wordset("titles")
_OPEN_QUOTES = frozenset({'"', "“", "‘", "«"})
_CLOSE_QUOTES = frozenset({'"', "”", "’", "»"})
_QUOTES = _OPEN_QUOTES | _CLOSE_QUOTES | {"'"}

_HEDGE = _EN.regex("hedge", re.IGNORECASE)
_UNCONFIRMED = _EN.regex("unconfirmed", re.IGNORECASE)
_DENIAL = _EN.regex("denial", re.IGNORECASE)
# Words of a clause or sentence that contradicts a statement before it.
_DISPUTE = _EN.regex("dispute", re.IGNORECASE)
# The four above, each tried only where a word one of its matches begins with occurs (same matches).
_HEDGE_AT, _UNCONFIRMED_AT, _DENIAL_AT, _DISPUTE_AT = (
    StartFilter(rx) for rx in (_HEDGE, _UNCONFIRMED, _DENIAL, _DISPUTE)
)

_WORD = re.compile(r"[^\W_](?:[\w'’.\-]*[^\W_])?|[^\w\s]")
_SENT_END = re.compile(r"(?<=[.!?])[\"”’')\]]*[ \t]+(?=[\"“‘'(\[]{0,2}[A-Z0-9])|[ \t]*\n\s*")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Sen|Rep|Gov|St|Jr|Sr|Prof|Brig|Adm|No|Inc|Co|Corp|Jan|Feb|Mar"
    r"|Apr|Aug|Sept?|Oct|Nov|Dec|vs|etc|al|approx|Ft|Mt|Rev|Gens?)|\b[A-Z]|(?:[A-Z]\.){2,})\.[\"”’')\]]*$"
)


# --- tokens and sentences -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    low: str
    word: bool


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    out: list[_Tok] = []
    append = out.append
    for m in _WORD.finditer(text, start, end):
        word = m.group()
        at = m.start()
        append(_Tok(at, at + len(word), word, word.lower(), word[0].isalnum()))
    return out


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of `text[start:end]`: a full stop before a capital, or a line break."""
    stop = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    for m in _SENT_END.finditer(text, start, stop):
        cut = m.start()
        if "\n" not in m.group() and _ABBREV.search(text, max(pos, cut - 14), cut):
            continue
        if text[pos:cut].strip():
            out.append(_strip(text, pos, cut))
        pos = m.end()
    if text[pos:stop].strip():
        out.append(_strip(text, pos, stop))
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


# --- relations in one sentence ------------------------------------------------------------------------


@dataclass(slots=True)
class _Rel:
    source: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int] | None
    word: str  # the cue's head, lower-cased
    secondary: bool = False  # in a relative clause, or "..., saying": not the sentence's own statement
    full: tuple[int, int] | None = None  # the source with its apposition, when it has one


def _looks_verb(t: _Tok) -> bool:
    w = t.low
    if w in _VERBISH:
        return True
    if "-" in w or w in _NP_OK or t.text[0].isupper():
        return False
    return (w.endswith("ed") and len(w) > 4) or (w.endswith("ing") and len(w) > 5)


def _np_left(toks: list[_Tok], i: int, lo: int) -> tuple[int, int] | None:
    """Token range [a, b) of the noun phrase that ends just before token i."""
    b = i
    j = i - 1
    while j >= lo:
        t = toks[j]
        if not t.word:
            if t.text == "." and j > lo and (toks[j - 1].low in _TITLES or _initial(toks[j - 1])):
                j -= 1
                continue
            if t.text in {"’", "'"} and j + 1 < b and toks[j + 1].low == "s":
                j -= 1
                continue
            if t.text == "&":
                j -= 1
                continue
            if t.text == ")" and j < b - 0:
                # "Dianne Feinstein (D-Calif.)": a short parenthesis inside the name
                k = j - 1
                while k > max(lo, j - 8) and toks[k].text != "(":
                    k -= 1
                if toks[k].text == "(" and k > lo:
                    j = k - 1
                    continue
            break
        if t.low in _OBJECT_PRONOUNS and j > lo and toks[j - 1].low in {"of", "to", "with"}:
            j -= 1  # "most of them", "a source close to him"
            continue
        if t.low in {"to", "with"} and j > lo and toks[j - 1].low in _NP_LINKS:
            j -= 1
            continue
        if (
            t.low in ("in", "on", "at")
            and j > lo
            and toks[j - 1].text[0].isupper()
            and toks[j + 1].text[0].isupper()
            and toks[j + 1].low not in _TIME_WORDS
            and toks[j + 1].low not in _MONTH_WORDS
        ):
            j -= 1  # "the Russian Centre for Reconciliation in Syria": a place inside the name
            continue
        if (
            t.low in ("in", "at", "from")
            and j > lo
            and toks[j - 1].low in _LOCATED_HEADS
            and j + 1 < b
            and (toks[j + 1].text[0].isupper() or toks[j + 1].low in _PLACE_MODS)
        ):
            j -= 1  # "activists in rural Idlib", "a source at Daraa province": where the speaker is
            continue
        if t.low in _NP_STOP:
            break
        if t.low == "and" and not (j > lo and toks[j - 1].text[0].isupper() and toks[j + 1].text[0].isupper()):
            break
        if _looks_verb(t) or _adverb(t) or t.low.endswith(("n't", "n’t")):
            break
        if j == lo and t.low.endswith("ly") and t.low not in _LY_NOUNS and t.text[0].isupper() and j < b - 1:
            break  # "Recently she said"
        j -= 1
    a = j + 1
    while a < b and (toks[a].low in {"of", "for", "with", "and", "&", "at", "s"} or not toks[a].word):
        a += 1
    if a >= b:
        return None
    if toks[a].low == "the":
        # "In the meantime other sources said", "In the same context the ministry said": an adverbial
        # opening the sentence, run into the speaker where the commas were stripped
        k = a + 2 if a + 2 < b and toks[a + 1].low == "same" else a + 1
        if k < b - 1 and (toks[k].low in _ADVERBIAL_HEADS or toks[k].low in _TIME_WORDS):
            a = k + 1
    if b - a > 14:
        return None
    return a, b


_ADVERBIAL_HEADS = _EN.wordset("adverbial_heads")
_PREPOSITIONS = _EN.wordset("prepositions")
_LOCATED_HEADS = _EN.wordset("located_heads")
# Words before a place's name in a speaker's phrase: "activists in rural Idlib", "in the northern countryside"
_PLACE_MODS = frozenset(
    {"rural", "the", "northern", "southern", "eastern", "western", "east", "west", "north", "south", "central"}
)
_SPEAKER_OPENERS = _EN.wordset("speaker_openers")
_OF_LIKE = _EN.wordset("of_like")
_PLACE_NOUNS = _EN.wordset("place_nouns")


def _named(text: str, toks: list[_Tok], np: tuple[int, int] | None) -> bool:
    """Whether a phrase reads as a source (a body, a monitor, a spokesman, residents...), not just any noun."""
    if np is None:
        return False
    a, b = _span(toks, np)
    return speaker_kind(text[a:b]) != "other"


def _commaless_speaker(
    text: str, toks: list[_Tok], src: tuple[int, int], c1: int, lo: int, hi: int
) -> tuple[tuple[int, int], bool]:
    """The speaker of a cue in a sentence whose commas were stripped, when the phrase just before
    the cue does not read as a source: the subject before a relative clause ("Syria Civil Defence
    workers who went to the site said"), or the phrase after the cue when the words before it
    belong to a prepositional phrase ("... in critical condition said the head of the group").
    Returns the speaker's tokens and whether it follows the cue."""
    counted = toks[src[0]].text[:1].isdigit()  # "... killed 1300 people said the Observatory": a toll, no speaker
    if _named(text, toks, src) and not counted:
        return src, False
    for r in range(src[0] - 1, lo, -1):
        if toks[r].low in ("who", "which") and toks[r - 1].word:
            subject = _np_left(toks, r, lo)
            if subject is not None:
                subject = _speaker_head(toks, subject)
                if _named(text, toks, subject):
                    return subject, False
            break
    np = _np_right(toks, c1, hi)
    if (
        np is not None
        and toks[np[0]].low in _SPEAKER_OPENERS
        and _named(text, toks, np)
        # ("Opponents of Assad said the president's forces killed 1300": the subject of what was said)
        and not (np[1] < hi and _looks_verb(toks[np[1]]))
    ):
        return np, True
    return src, False


def _name_run_left(toks: list[_Tok], i: int, lo: int) -> tuple[int, int] | None:
    """The run of capitalised words (with a short parenthesis) that ends just before token i, for a
    source phrase too long to read whole: "... neighbourhood of Aleppo Syria Live Network (SLN) said"."""
    j = i - 1
    if j >= lo and toks[j].text == ")":
        k = j - 1
        while k > max(lo, j - 6) and toks[k].text != "(":
            k -= 1
        if toks[k].text != "(":
            return None
        j = k - 1
    end = i
    start = j + 1
    while j >= lo and toks[j].word and toks[j].text[0].isupper() and start - j <= 6:
        start = j
        j -= 1
    return (start, end) if start < end and toks[start].word and toks[start].text[0].isupper() else None


def _name_run_right(toks: list[_Tok], i: int, hi: int) -> tuple[int, int] | None:
    """The run of capitalised words that starts at token i ("said Rami Abdel Rahman head of ...")."""
    j = i
    while j < hi and toks[j].word and toks[j].text[0].isupper() and j - i < 6:
        j += 1
    return (i, j) if j > i else None


_HARM_PARTICIPLES = frozenset({"injured", "wounded", "killed", "hurt", "destroyed", "damaged"})


def _speaker_head(toks: list[_Tok], np: tuple[int, int]) -> tuple[int, int]:
    """The speaker inside a noun phrase that ran over a clause boundary, as happens in text whose
    commas were stripped: "on Tuesday the monitoring group the Syrian Observatory said" is the
    Observatory, "the end of Ramadan an official said" an official, "wounded 22 it said" it.
    A determiner inside the phrase starts the speaker unless "of", "for"... binds it to what
    comes before ("the head of the monitor")."""
    a, b = np
    for k in range(b - 2, a - 1, -1):
        if toks[k].low in _HARM_PARTICIPLES:
            # "while seven other people were injured local media reported": the clause before ends
            # with its participle
            a = k + 1
            break
    for k in range(b - 3, a - 1, -1):
        # "killing at least 18 civilians observatory director Rami Abdel Rahman said": a count and
        # its noun end the clause before the speaker
        if toks[k].text.isdigit() and toks[k + 1].low.endswith("s") and toks[k + 1].text[0].islower():
            a = k + 2
            break
    places = [k for k in range(a, b - 1) if toks[k].low in _PLACE_NOUNS]
    if places:
        # "the countryside of the province of Deir Ezzor state-run news agency SANA": the place phrase
        # ends where a name gives way to a lowercase word, or its place word to a name
        for k in range(places[-1] + 1, b):
            prev, t = toks[k - 1], toks[k]
            if not (t.word and prev.word) or t.low in _OF_LIKE:
                continue
            if t.low in ("the", "a", "an") and prev.low not in _OF_LIKE:
                a = k  # "in southern Aleppo city the Britain-based ... monitor said"
                break
            turn = (
                (prev.text[0].isupper() and t.text[0].islower())
                or (prev.low in _PLACE_NOUNS and t.text[0].isupper())
                # "... the region of the country local civil defense sources": a place word's phrase ends
                or (prev.low in _PLACE_NOUNS and t.low not in _PLACE_NOUNS and not prev.text[0].isupper())
            )
            if turn:
                a = k
                break
    for k in range(b - 1, a, -1):
        t = toks[k]
        if t.low in ("the", "a", "an") and toks[k - 1].word and toks[k - 1].low not in _OF_LIKE:
            return k, b
    if b - a > 1 and toks[b - 1].low in _PRONOUNS:
        return b - 1, b
    while a < b - 1 and toks[a].low in _TIME_WORDS:
        a += 1  # "Monday Rami Abdel Rahman said"
    # "... on the right track Putin said", "a war crime Rycroft said", "gas attack John Kerry said":
    # a name after words that name no source ends the clause before it; "observatory director Rami
    # Abdel Rahman" and "opposition activist Hadi" keep the role that says who the person is
    k = b
    while k > a and toks[k - 1].word and _NAME_WORD.match(toks[k - 1].text):
        k -= 1
    if (
        a < k < b
        and toks[k - 1].word
        and toks[k - 1].low not in _OF_LIKE
        and toks[k - 1].low.rstrip("s") not in _PERSON_ROLES
        and any(t.word and t.text[:1].islower() and t.low not in ("the", "a", "an") for t in toks[a:k])
        and speaker_kind(" ".join(t.text for t in toks[a:k])) == "other"
    ):
        a = k
    return a, b


_PERSON_ROLES = _EN.wordset("person_roles")
# A word of a name: capitalised, or an Arabic article joined to one ("al-Assad").
_NAME_WORD = re.compile(r"[A-Z]|(?:al|el|ad|as|ar|ash|at|az)-[A-Z]")


def _initial(t: _Tok) -> bool:
    return len(t.text) == 1 and t.text.isupper()


def _adverb(t: _Tok) -> bool:
    """A lower-case -ly word that is no noun ("eventually", not "family" or "rally")."""
    w = t.text
    return w.endswith("ly") and len(w) > 4 and w.islower() and w not in _LY_NOUNS


def _np_right(toks: list[_Tok], i: int, hi: int) -> tuple[int, int] | None:
    """Token range [a, b) of the noun phrase that starts at token i."""
    if i >= hi or not toks[i].word or toks[i].low in _NP_STOP or _looks_verb(toks[i]):
        return None
    j = i
    while j < hi:
        t = toks[j]
        if not t.word:
            if t.text == "." and j > i and (toks[j - 1].low in _TITLES or _initial(toks[j - 1])):
                j += 1
                continue
            if t.text in {"’", "'", "&"} and j + 1 < hi and toks[j + 1].word:
                j += 1
                continue
            break
        if (
            j > i + 1
            and toks[j - 1].word
            and toks[j - 1].text[:1].isupper()
            and (
                t.low in {"a", "an", "the"}
                or (t.text.isdigit() and j + 1 < hi and toks[j + 1].word and toks[j + 1].text.islower())
            )
        ):
            break  # "according to the Observatory a toll ...", "according to SOHR 12 people": the name ends
        if j > i and (t.low in _NP_STOP or _looks_verb(t)):
            if t.low == "from" and toks[j - 1].low in {"reports", "sources", "residents", "people", "activists"}:
                j += 1
                continue
            break
        j += 1
    b = j
    while b > i and toks[b - 1].low in {"of", "for", "with", "and", "the", "a", "an", "at", "’", "'", "&"}:
        b -= 1
    if b <= i or b - i > 14:
        return None
    return i, b


def _takes_lives(toks: list[_Tok], j: int, hi: int) -> bool:
    """ "(the) lives", "(the) life", "more lives", "dozens of lives" from token j: what a blast claims."""
    for k in range(j, min(hi, j + 4)):
        if toks[k].low in {"lives", "life"}:
            return True
        if toks[k].low not in {"the", "more", "many", "dozens", "hundreds", "scores", "of", "several"} and not (
            toks[k].low[:1].isdigit()
        ):
            return False
    return False


def _is_cue(toks: list[_Tok], i: int, lo: int, hi: int) -> bool:
    t = toks[i]
    if t.low not in _CUE_FORMS:
        return False
    prev = toks[i - 1] if i > lo else None
    nxt = toks[i + 1] if i + 1 < hi else None
    if prev is not None and prev.low == "to" and t.low in {"say", "tell", "claim", "add", "report", "deny"}:
        return False  # "wants to say": the stance verb is elsewhere
    if t.low in _NOUN_FORMS and (
        prev is None or prev.low in _DETERMINERS or prev.low.endswith(("’s", "'s")) or prev.low in _BE
    ):
        return False
    if t.low in _PARTICIPLES and prev is not None and (prev.low in _BE or prev.low in _BEFORE_ADJECTIVE):
        # "was told", "the alleged attack": passive or adjective. "has been told" too.
        return False
    if t.low in _NOUN_FORMS and not (nxt is not None and (nxt.low in _AFTER_VERB or nxt.text[0].isupper())):
        return False  # "a congressional report that", "his constant vow to": nouns
    if t.low in {"put", "puts"}:
        return (
            nxt is not None
            and nxt.low in {"the", "their", "its", "his", "her"}
            and any(x.low == "at" for x in toks[i + 1 : min(hi, i + 12)])
        )
    if t.low in _CALL and prev is not None and prev.text.islower() and prev.low not in _PRONOUNS:
        # "a show called “Brokers”" names a thing; "she called it a disgrace" is a stance
        return nxt is None or not (nxt.text[0].isupper() or nxt.text in _OPEN_QUOTES or nxt.text == '"')
    if t.low in _CONTINUE and nxt is not None and nxt.word:
        return False  # "continues to grow"; a cue only as in "“...,” he continued."
    if t.low in {"found", "finds"} and nxt is not None and nxt.low in _REFLEXIVE:
        return False  # "found itself playing host"
    if t.low in {"ask", "asks", "asked", "asking"}:
        return nxt is not None and (nxt.low not in {"me", "you", "him", "her", "them", "us"} or not nxt.word)
    if t.low.startswith("claim") and nxt is not None and _takes_lives(toks, i + 1, hi):
        return False  # "the blast claimed the lives of six": a toll, no one speaking
    if t.low in {"thought", "believed", "said", "reported", "alleged"} and nxt is not None and nxt.low == "to":
        # "jets believed to be Russian", "a man said to be a commander": a hedge on a noun, no cue
        return False
    return not (t.low in {"thought", "believed"} and prev is not None and prev.low in _BE)


def _find(text: str, toks: list[_Tok], lo: int, hi: int, sent: tuple[int, int]) -> list[_Rel]:
    """Attribution relations among tokens [lo, hi) of one sentence."""
    rels: list[_Rel] = []
    colon = _colon_rel(text, toks, lo, hi, sent)
    if colon is not None:
        rels.append(colon)
    i = lo
    while i < hi:
        t = toks[i]
        if t.low == "according" and i + 1 < hi and toks[i + 1].low == "to":
            rel = _according(text, toks, i, lo, hi, sent)
            if rel:
                rels.append(rel)
            i += 2
            continue
        if t.low in {"citing", "quoting"} and i > lo and toks[i - 1].text == ",":
            np = _np_right(toks, i + 1, hi)
            if np:
                rels.append(_Rel(_span(toks, np), (t.start, t.end), None, t.low, secondary=True))
            i += 1
            continue
        if _is_cue(toks, i, lo, hi):
            rel = _verb_rel(text, toks, i, lo, hi, sent)
            if rel:
                rels.append(rel)
        i += 1
    return rels


_NOT_SPEAKERS = _EN.wordset("not_speakers")


def _colon_rel(text: str, toks: list[_Tok], lo: int, hi: int, sent: tuple[int, int]) -> _Rel | None:
    """ "Kasich: We will go all the way", "JAKE TAPPER: ...": a capitalised name, a colon, what they say."""
    for k in range(lo + 1, min(hi - 1, lo + 6)):
        if toks[k].text != ":":
            continue
        words = toks[lo:k]
        if not all(t.word and t.text[0].isupper() for t in words):
            return None  # "8:00 p.m." is a time
        if len(words) == 1 and (words[0].low.endswith("ly") or words[0].text.isupper()):
            return None  # "So:", "BUSTED:", "Revealed:" open a headline, they do not speak
        if words[-1].low in _NOT_SPEAKERS or words[0].low in _NOT_SPEAKERS or len(words) > 4:
            return None
        if _looks_verb(words[-1]) or (not toks[k + 1].word and toks[k + 1].text not in _QUOTES):
            return None
        content = _trim(text, (toks[k + 1].start, sent[1]))
        return _Rel(_span(toks, (lo, k)), (toks[k].start, toks[k].end), content, ":")
    return None


def _span(toks: list[_Tok], r: tuple[int, int]) -> tuple[int, int]:
    return toks[r[0]].start, toks[r[1] - 1].end


def _according(text: str, toks: list[_Tok], i: int, lo: int, hi: int, sent: tuple[int, int]) -> _Rel | None:
    np = _np_right(toks, i + 2, hi)
    if np is None:
        return None
    cue = (toks[i].start, toks[i + 1].end)
    if i == lo or (i == lo + 1 and not toks[lo].word):
        after = np[1]
        while after < hi and not toks[after].word and toks[after].text not in _OPEN_QUOTES:
            after += 1
        content = (toks[after].start, sent[1]) if after < hi else None
    else:
        end = i - 1
        while end > lo and not toks[end].word and toks[end].text not in _CLOSE_QUOTES:
            end -= 1
        content = (sent[0], toks[end].end)
    return _Rel(_span(toks, np), cue, _trim(text, content), "according to")


def _trim(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    if span is None:
        return None
    s, e = span
    while s < e and (text[s].isspace() or text[s] in ",;:—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-."):
        e -= 1
    return (s, e) if e > s else None


def _verb_rel(text: str, toks: list[_Tok], i: int, lo: int, hi: int, sent: tuple[int, int]) -> _Rel | None:
    word = toks[i].low
    c0 = i  # the cue grows left over auxiliaries and adverbs: "has also said"
    progressive = False
    while c0 - 1 >= lo and (toks[c0 - 1].low in _AUX or _adverb(toks[c0 - 1])):
        c0 -= 1
    if word.endswith("ing") and c0 - 1 >= lo and toks[c0 - 1].low in _BE:
        progressive = True  # "he was saying"
        c0 -= 1
        while c0 - 1 >= lo and (toks[c0 - 1].low in _AUX or _adverb(toks[c0 - 1])):
            c0 -= 1
    s_end = _before_time(toks, c0, lo)  # "Feinstein last week said": the time is neither source nor cue
    c1 = i + 1
    src: tuple[int, int] | None = None
    full: tuple[int, int] | None = None  # the source with its apposition ("X, a spokesman,"), as PolNeAR marks it
    secondary = False
    prev = toks[s_end - 1] if s_end - 1 >= lo else None
    if word.endswith("ing") and not progressive:
        secondary = True  # "..., saying that ...": the main clause's speaker
    elif prev is not None and prev.low in _RELATIVE and s_end - 2 >= lo and toks[s_end - 2].text == ",":
        src = (s_end - 1, s_end)  # "X, who said ...": the relative pronoun stands for X
        secondary = True
    elif prev is not None and prev.word and prev.low not in _NP_STOP:
        src = _np_left(toks, s_end, lo)
        if src is not None and _quoted_by(toks, src, lo):
            src = _np_left(toks, src[0] - 2, lo) or src
        if src is not None and not any(t.text == "," for t in toks[lo:hi]):
            src = _speaker_head(toks, src)  # a sentence without commas: its clauses run together
        if src is not None and not word.endswith("ing") and not any(t.text == "," for t in toks[lo:hi]):
            src, inverted = _commaless_speaker(text, toks, src, c1, lo, hi)
            if inverted:
                full = (src[0], _apposition_end(toks, src[1], hi))
        if src is not None and src[0] - 1 >= lo and toks[src[0] - 1].low in _RELATIVE - {"who"}:
            secondary = True  # "... organisations which say ..." without a comma: still a relative clause
    elif prev is not None and prev.text == ",":
        end = _before_parenthetical(toks, s_end - 1, lo)
        if end is not None:
            src = _np_left(toks, end, lo)
            if src is not None:
                full = (src[0], s_end)  # the source takes its apposition along, and the comma that closes it
    if src is None and prev is not None and (prev.word or prev.text == ")") and not secondary:
        src = _name_run_left(toks, s_end, lo)  # "... of Aleppo Syria Live Network (SLN) reported."
    if src is None and prev is not None and prev.text == ")" and not secondary:
        # "The Islamic State militants group (IS) on Monday claimed": the name before its acronym
        opening = next((k for k in range(s_end - 2, max(lo, s_end - 6) - 1, -1) if toks[k].text == "("), None)
        if opening is not None and opening - 1 >= lo and toks[opening - 1].word:
            src = _np_left(toks, opening, lo)
    if src is None and not secondary and (prev is None or not prev.word) and not word.endswith("ing"):
        np = _np_right(toks, c1, hi)  # inverted: "“...,” said Hassan al-Abdo."
        if np is not None and (np[1] >= hi or not toks[np[1]].word or toks[np[1]].low in {"who", "in", "on", "at"}):
            src = np
            full = (np[0], _apposition_end(toks, np[1], hi))
        elif prev is not None and prev.text in _CLOSE_QUOTES | {'"'}:
            # after a quotation, a name runs into its apposition when commas are missing:
            # "“...” said Rami Abdel Rahman head of the Observatory"
            src = _name_run_right(toks, c1, hi)
    if src is not None and full is None and src[1] <= c0 and not any(t.text == "," for t in toks[lo:hi]):
        # the speaker before a name's acronym or an ending name ("... in eastern Syria the United
        # Nations children's agency (UNICEF) has said"), in a sentence whose commas were stripped
        src = _speaker_head(toks, src)
    source = _span(toks, src) if src is not None else None
    # Content: what follows the cue (and its addressee), else what precedes the speaker.
    after = c1
    if src is not None and src[0] >= c1:
        after = src[1]
    if word in {"told", "tell", "tells", "telling"} and after < hi and toks[after].word:
        np = _np_right(toks, after, hi)
        if np:
            after = np[1]
    rest = after
    while rest < hi and toks[rest].low in {"that", ",", ":", "on", "in", "a", "statement", "an", "interview"}:
        rest += 1
    first = src[0] if src is not None and src[0] < c0 else c0
    before_end = first - 1
    while before_end >= lo and not toks[before_end].word and toks[before_end].text not in _CLOSE_QUOTES:
        before_end -= 1
    content: tuple[int, int] | None = None
    if sum(1 for t in toks[rest:hi] if t.word) >= 3:
        content = (toks[rest].start, sent[1])
    elif before_end >= lo:
        content = (sent[0], toks[before_end].end)
    cue = (toks[c0].start, toks[i].end)
    rel = _Rel(source, cue, _trim(text, content), word, secondary)
    if full is not None and full[1] > full[0]:
        rel.full = _span(toks, full)
    return rel


def _apposition_end(toks: list[_Tok], b: int, hi: int) -> int:
    """After an inverted "said X": the end of ", an attorney with the firm" when it runs to the sentence end."""
    if b >= hi or toks[b].text != ",":
        return b
    j = b + 1
    while j < hi and (toks[j].word or toks[j].text in {"’", "&", "(", ")", "-", ",", "."}):
        if toks[j].text == "." and j + 1 >= hi:
            break
        if toks[j].text == "," and j + 1 < hi and (toks[j + 1].low in _RELATIVE or _looks_verb(toks[j + 1])):
            return j  # "X, an aide, who ...": the apposition ends before the next clause
        j += 1
    return j if j >= hi or toks[j].text == "." else b


def _quoted_by(toks: list[_Tok], np: tuple[int, int], lo: int) -> bool:
    a = np[0]
    return a - 2 >= lo and toks[a - 1].low == "by" and toks[a - 2].low in {"quoted", "cited"}


def _before_time(toks: list[_Tok], c0: int, lo: int) -> int:
    """Where the subject ends when a time phrase sits before the cue: "X last week said", "X on Sunday said"."""
    j = c0
    if j - 1 >= lo and toks[j - 1].low in _TIME_WORDS:
        k = j - 1
        if k - 1 >= lo and toks[k - 1].low in {"last", "this", "next", "on", "early", "late", "earlier", "later"}:
            k -= 1
            if k - 1 >= lo and toks[k - 1].low in {"earlier", "later", "late", "early"}:
                k -= 1
        if k < j - 1 or toks[j - 1].low in {"yesterday", "today", "tonight"}:
            return k
    return j


_APPOSITION_START = _EN.wordset("apposition_start")


def _before_parenthetical(toks: list[_Tok], comma: int, lo: int) -> int | None:
    """For "X, which ..., said", "X, a spokesman, said", "X, 58, who lives nearby, says": the token
    index just after X, when X opens its clause; None for an inverted quotation ("“...,” said X")."""
    if comma - 1 >= lo and toks[comma - 1].text in _QUOTES:
        return None
    j = comma - 1
    depth = 0
    best: int | None = None
    right = comma  # the comma closing the segment to the right of j
    while j > lo and comma - j < 60:
        t = toks[j]
        if t.text in {")", "]"}:
            depth += 1
        elif t.text in {"(", "["}:
            depth -= 1
        elif t.text in _QUOTES or t.text in {";", ":"}:
            break
        elif t.text in {",", "—", "–"} and depth == 0:
            if best is not None and not _appositive(toks, j + 1, right):
                break  # "Yin May, 60, a doctor, said": go on left only over appositions
            before = toks[j - 1]
            if before.word and before.low not in _NP_STOP:
                np = _np_left(toks, j, lo)
                if np is not None and (np[0] == lo or not toks[np[0] - 1].word or toks[np[0] - 1].low in _CLAUSE_OPEN):
                    best = j
            if best is None:
                right = j
                j -= 1
                continue
            right = j
        j -= 1
    return best


def _appositive(toks: list[_Tok], a: int, b: int) -> bool:
    """Whether tokens [a, b) read as an apposition or relative clause: "a doctor", "58", "who lives there"."""
    if a >= b:
        return False
    first = toks[a]
    return (
        first.low in _APPOSITION_START
        or first.low.isdigit()
        or all(t.text[0].isupper() or not t.word for t in toks[a:b])
    )


_CLAUSE_OPEN = _EN.wordset("clause_open")


# --- speaker kinds ----------------------------------------------------------------------------------------

_ANONYMOUS = _EN.regex("anonymous", re.I)
_MEDIA = _EN.regex("media", re.I)
_LOCAL = _EN.regex("local", re.I)
_PARTY = _EN.regex("party", re.I)
_OFFICIAL = _EN.regex("official", re.I)
_UN = _EN.regex("un", re.I)
# Partisan or military wording beats media wording: "the army's media office", "pro-regime media" stays media.
_PARTY_FIRST = _EN.regex("party_first", re.I)

# Rules of speaker_kind that come before the kinds above.
_SAME_SOURCE = _EN.regex("same_source")
_LOCAL_SOURCE = _EN.regex("local_source")
_LOCAL_OFFICIAL = _EN.regex("local_official")
_NOT_ANONYMOUS = _EN.regex("not_anonymous")
_PARTY_BODY_SOURCE = _EN.regex("party_body_source", re.I)
_CIVIL_MINISTRY = _EN.regex("civil_ministry")
_RIGHTS_GROUP = _EN.regex("rights_group")


# A pure function of the words (a text names the same few speakers again and again, and each reading
# runs a dozen patterns): remembered, it answers the same in any order of articles.
@lru_cache(maxsize=4096)
def speaker_kind(speaker: str | None) -> SpeakerKind:
    """The kind of a speaker as written: "local sources" -> local, "the Defense Ministry" -> party."""
    if not speaker:
        return "outlet"
    low = speaker.strip().lower()
    if low in _PRONOUNS or low in _RELATIVE:
        return "other"
    if _SAME_SOURCE.fullmatch(low):
        return "anonymous"  # a source named earlier only as "a source"
    if _LOCAL_SOURCE.search(low):
        return "local"
    if _LOCAL_OFFICIAL.search(low):
        return "official"
    if _PARTY_BODY_SOURCE.search(low):
        return "party"  # "a source at Aleppo police command"
    if _ANONYMOUS.search(low) and not _NOT_ANONYMOUS.search(low):
        return "anonymous"
    if _PARTY_FIRST.search(low):
        return "party"
    if _UN.search(low):
        return "official"
    if _CIVIL_MINISTRY.search(low):
        return "official"
    if _RIGHTS_GROUP.search(low):
        return "official"  # a rights group documents the fighting; it is not a side in it
    if _MEDIA.search(low):
        return "media"
    if _LOCAL.search(low):
        return "local"
    if _PARTY.search(low):
        return "party"
    if _OFFICIAL.search(low):
        return "official"
    return "other"


# --- back-references --------------------------------------------------------------------------------------

# Heads that stand for whichever speaker of their kind came last ("the monitor" for "the Idlib Monitoring Network").
_GENERIC_HEADS = _EN.wordset("generic_heads")
_GENERIC_MODS = _EN.wordset("generic_mods")


def _is_anaphor(speaker: str) -> bool:
    """ "he", "the source", "the military sources", "the ministry": a speaker named earlier."""
    words = speaker.split()
    if not words:
        return False
    low = [w.lower() for w in words]
    if len(low) == 1:
        return low[0] in _PRONOUNS or low[0] in _RELATIVE
    if low[0] not in {"the", "this", "that", "these", "those", "its", "their", "his", "her"} or len(low) > 4:
        return False
    # Capitalised words name someone new ("the Syrian military"), unless sentence-initial "The".
    return all(w in _GENERIC_MODS for w in low[1:-1]) and not any(w[0].isupper() for w in words[1:])


def _resolve(speaker: str, history: list[str]) -> str | None:
    """The earlier full speaker a back-reference names, if any."""
    low = speaker.lower().split()
    if len(low) == 1:
        if low[0] in {"it", "which"}:
            for earlier in reversed(history):
                if speaker_kind(earlier) not in {"other", "anonymous"}:
                    return earlier
        return history[-1] if history else None
    head = low[-1]
    stem = head[:-1] if head.endswith("s") else head
    mods = [w for w in low[1:-1] if w not in {"same", "two", "three", "other", "latter", "former"}]
    for pattern in (rf"\b{re.escape(head)}\b", rf"\b{re.escape(stem)}"):
        for earlier in reversed(history):
            e = earlier.lower()
            if re.search(pattern, e) and all(m in e for m in mods):
                return earlier
    kind = speaker_kind(speaker)
    if kind == "other" or head not in _GENERIC_HEADS:
        return None  # "the army" is the army, not whichever party spoke last
    for earlier in reversed(history):
        if speaker_kind(earlier) == kind:
            return earlier
    return None


# --- articles -----------------------------------------------------------------------------------------------


def attributions(text: str, start: int = 0, end: int | None = None) -> list[AttributionSpan]:
    """Every attribution relation in text[start:end]: source span, cue span, content span (for PolNeAR-style scoring).

    Attributions do not nest: a cue inside a quotation ("“I think ...,” he said") or inside
    the content of an earlier cue of its sentence ("He said he thinks ...") is part of that
    content, not a relation of its own.
    """
    stop = len(text) if end is None else end
    toks = _tokens(text, start, stop)
    quotes = quote_regions(text, start, stop)
    out: list[AttributionSpan] = []
    k = 0
    q = 0
    for s, e in split_sentences(text, start, stop):
        while k < len(toks) and toks[k].start < s:
            k += 1
        lo = k
        while k < len(toks) and toks[k].end <= e:
            k += 1
        accepted: list[_Rel] = []
        for r in _find(text, toks, lo, k, (s, e)):
            while q < len(quotes) and quotes[q][1] <= r.cue[0]:
                q += 1
            if q < len(quotes) and quotes[q][0] < r.cue[0] < quotes[q][1]:
                continue
            if any(_nested(r, a) for a in accepted):
                continue
            accepted.append(r)
            out.append(AttributionSpan(r.full or r.source, r.cue, r.content, r.word))
    return out


def _nested(r: _Rel, outer: _Rel) -> bool:
    """ "He said he thinks ...": a thought reported inside what someone said belongs to it."""
    if outer.content is None or not outer.content[0] <= r.cue[0] < outer.content[1]:
        return False
    return r.word in _STANCE and (r.source is None or outer.content[0] <= r.source[0])


def quote_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of quotations in text[start:end], quote marks included: “...” pairs, and straight
    double quotes paired within a paragraph. A quotation may run over several sentences."""
    stop = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    opened: int | None = None
    straight: int | None = None
    for m in re.finditer(r'[“”"]|\n\s*\n', text[start:stop]):
        pos = start + m.start()
        ch = m.group()
        if ch.startswith("\n"):
            if opened is not None:  # a quotation running on into the next paragraph reopens there
                out.append((opened, pos))
            opened = straight = None
        elif ch == "“":
            opened = pos if opened is None else opened
        elif ch == "”":
            if opened is not None:
                out.append((opened, pos + 1))
                opened = None
        elif straight is None:
            straight = pos
        else:
            out.append((straight, pos + 1))
            straight = None
    if opened is not None:
        out.append((opened, stop))
    out.sort()
    return out


def _main(rels: list[_Rel]) -> _Rel | None:
    """The relation a sentence's statement belongs to."""
    primary = [r for r in rels if not r.secondary]
    for r in primary:
        if r.source is not None:
            return r
    if primary:
        return primary[0]
    for r in rels:
        # "..., saying ...": the statement goes with the clause before; a relative clause's cue does not
        if r.word not in {"citing", "quoting"} and r.source is None:
            return r
    return None


def _cited(rels: list[_Rel], main: _Rel) -> _Rel | None:
    """ "Media, citing the ministry, claimed": the citing relation between the main speaker and cue."""
    if main.source is None:
        return None
    for r in rels:
        if r.word in {"citing", "quoting"} and r.source is not None and main.source[1] <= r.cue[0] < main.cue[0]:
            return r
    return None


@dataclass(slots=True)
class _Sent:
    start: int
    end: int
    rels: list[_Rel]
    main: _Rel | None
    hedges: list[Span]
    uncon: list[Span]
    denial: list[Span]
    dispute: list[Span]
    paragraph: int
    quoted: bool  # holds or continues a quotation
    head: str  # the sentence's first words


def attribute(text: str, sentences: list[tuple[int, int]]) -> list[Attribution]:
    """One Attribution per sentence (same order) of an article's clean text."""
    toks = _tokens(text, 0, len(text))
    folded = fold(text)
    hedge_at, unconfirmed_at, denial_at, dispute_at = (
        f.starts(folded) for f in (_HEDGE_AT, _UNCONFIRMED_AT, _DENIAL_AT, _DISPUTE_AT)
    )
    history: list[str] = []
    out: list[Attribution] = []
    info: list[_Sent] = []
    k = 0
    paragraph = 0
    open_quote = False
    prev_end = 0
    for s, e in sentences:
        if "\n" in text[prev_end:s]:
            paragraph += 1
            open_quote = False
        prev_end = e
        while k < len(toks) and toks[k].start < s:
            k += 1
        while k > 0 and toks[k - 1].start >= s:
            k -= 1
        lo = k
        while k < len(toks) and toks[k].end <= e:
            k += 1
        rels = _find(text, toks, lo, k, (s, e))
        main = _main(rels)
        chunk = text[s:e]
        starts_quoted = open_quote or chunk.lstrip()[:1] in _OPEN_QUOTES
        open_quote = _quote_open_after(chunk, open_quote)
        sent = _Sent(
            s,
            e,
            rels,
            main,
            [Span(m.start(), m.end(), "hedge") for m in _HEDGE_AT.finditer(text, hedge_at, s, e)],
            [Span(m.start(), m.end(), "unconfirmed") for m in _UNCONFIRMED_AT.finditer(text, unconfirmed_at, s, e)],
            [Span(m.start(), m.end(), "denial") for m in _DENIAL_AT.finditer(text, denial_at, s, e)],
            [Span(m.start(), m.end(), "dispute") for m in _DISPUTE_AT.finditer(text, dispute_at, s, e)],
            paragraph,
            starts_quoted or any(c in chunk for c in '“”"'),
            chunk[:120],
        )
        speaker: str | None = None
        span: tuple[int, int] | None = None
        cue: str | None = None
        cue_span: tuple[int, int] | None = None
        if main is not None:
            cue_span = main.cue
            cue = text[main.cue[0] : main.cue[1]]
            cited = _cited(rels, main)
            if cited is not None and cited.source is not None:
                span = cited.source
            elif main.source is not None:
                span = main.source
            if span is not None:
                written = text[span[0] : span[1]]
                if _is_anaphor(written):
                    speaker = _resolve(written, history) or written
                else:
                    speaker = written
                    history.append(written)
            elif main.secondary and out and out[-1].speaker is not None:
                speaker = out[-1].speaker
        elif starts_quoted and out and info and info[-1].paragraph == paragraph and info[-1].quoted:
            # The quotation goes on: same speaker, no words of this sentence name them.
            speaker = out[-1].speaker
        kind = speaker_kind(speaker) if speaker is not None else "outlet"
        out.append(Attribution(speaker, span, kind, cue, cue_span, "asserted", []))
        info.append(sent)
    _set_certainty(text, out, info)
    return out


def _quote_open_after(chunk: str, open_before: bool) -> bool:
    """Whether a quotation is still open at the end of a sentence."""
    opens, closes = chunk.count("“"), chunk.count("”")
    if opens or closes:
        return (1 if open_before else 0) + opens - closes > 0
    if chunk.count('"') % 2 == 1:
        return not open_before
    return open_before


_CONTENT_STOP = _EN.wordset("content_stop")


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if (w not in _CONTENT_STOP and len(w) > 2) or w.isdigit()}


def _set_certainty(text: str, out: list[Attribution], info: list[_Sent]) -> None:
    late: list[list[Span]] = []
    for a, si in zip(out, info, strict=True):  # denials first: a later statement may be contradicted by them
        cue_end = a.cue_span[1] if a.cue_span is not None else si.start
        late.append([d for d in si.dispute if d.start > cue_end + 15 and a.cue_span is not None])
        denial_cue = si.main is not None and si.main.word in _DENIAL_CUES and not si.main.secondary
        if (denial_cue or (si.denial and a.speaker is not None)) and not late[-1]:
            a.certainty = "denied"
            a.markers = [Span(a.cue_span[0], a.cue_span[1], "denial")] if denial_cue and a.cue_span else si.denial
    for idx, (a, si) in enumerate(zip(out, info, strict=True)):
        if a.certainty == "denied":
            continue
        contra = (
            late[idx]
            or _contradicted_within(text, si)
            or _contradicted_next(out, info, idx)
            or _contradicted_elsewhere(text, out, info, idx)
        )
        if contra and a.speaker is not None:
            a.certainty = "disputed"
            a.markers = contra
            continue
        uncon = si.uncon or _unverified_next(out, info, idx)
        if uncon:
            a.certainty = "unconfirmed"
            a.markers = uncon
            continue
        if si.hedges:
            a.certainty = "hedged"
            a.markers = si.hedges
            continue
        a.certainty = "attributed" if a.speaker is not None else "asserted"


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").lower() == (b or "").lower()


_BUT = _EN.regex("but", re.I)


def _contradicted_within(text: str, si: _Sent) -> list[Span]:
    """ "X claimed A, but Y said B": another speaker in a contrasting clause of the same sentence."""
    main = si.main
    if main is None or main.source is None:
        return []
    mine = text[main.source[0] : main.source[1]].lower()
    for r in si.rels:
        if r is main or r.source is None or r.secondary or r.source[0] <= main.cue[1]:
            continue
        if text[r.source[0] : r.source[1]].lower() == mine:
            continue
        m = _BUT.search(text, main.cue[1], r.source[0])
        if m is not None:
            return [Span(m.start(), r.cue[1], "dispute")]
    return []


def _contradicted_next(out: list[Attribution], info: list[_Sent], idx: int) -> list[Span]:
    """Dispute markers of the next sentence when another speaker contradicts this one in its main statement."""
    if idx + 1 >= len(info) or (out[idx + 1].speaker is not None and _same(out[idx + 1].speaker, out[idx].speaker)):
        return []
    nxt = info[idx + 1]
    if nxt.main is not None and nxt.main.word in _DENIAL_CUES and not nxt.main.secondary:
        main_cue = nxt.main.cue
        return [Span(main_cue[0], main_cue[1], "dispute")]
    return [d for d in nxt.dispute if d.start - nxt.start < 25]


def _contradicted_elsewhere(text: str, out: list[Attribution], info: list[_Sent], idx: int) -> list[Span]:
    """A denial by another speaker of the same facts (most content words and all numbers reappear in it)."""
    a = out[idx]
    if a.speaker is None:
        return []
    si = info[idx]
    mine = _content_words(text[si.start : si.end])
    if len(mine) < 5:
        return []
    numbers = {w for w in mine if w.isdigit()}
    for j, other in enumerate(out):
        if j == idx or other.certainty != "denied" or other.speaker is None or _same(other.speaker, a.speaker):
            continue
        theirs = _content_words(text[info[j].start : info[j].end])
        shared = mine & theirs
        if (numbers <= theirs or len(shared) >= 4) and len(shared) >= max(3, len(mine) // 3):
            return [Span(info[j].start, info[j].end, "dispute")]
    return []


_NEITHER = _EN.regex("neither", re.I)
_BACKREF = _EN.regex("backref", re.I)


def _unverified_next(out: list[Attribution], info: list[_Sent], idx: int) -> list[Span]:
    """Unconfirmed markers of a later sentence that speaks about this statement and makes none of its own."""
    si = info[idx]
    for j in range(idx + 1, min(len(info), idx + 5)):
        nj = info[j]
        if nj.paragraph - si.paragraph > 1:
            break
        if not nj.uncon:
            continue
        if _NEITHER.search(nj.head):
            return nj.uncon if out[idx].speaker_kind == "party" else []
        if j != idx + 1:
            continue
        named = bool(_BACKREF.search(nj.head))  # "The claims could not be verified"
        if nj.paragraph != si.paragraph:
            if named:
                return nj.uncon
            continue
        own = (
            nj.main is not None
            and nj.main.source is not None
            and not _same(out[j].speaker, out[idx].speaker)
            and not any(u.start <= nj.main.cue[0] < u.end for u in nj.uncon)
        )
        if (not own or named) and nj.uncon[0].start - nj.start < 160:
            return nj.uncon
    return []
