"""Is this new name one the diary already knows? Pure text rules for the meeting form's
"is this the same as ...?" question. No I/O, no Textual.

Two names are close when they differ only in case, accents, punctuation, spacing, a company
suffix ("Co., Ltd.", "Inc.", "Group", "Limited"), an honorific ("Dr.", "Ms") or the order of
their words ("Liu Fang", "Fang Liu"); or when one is a slip of the keys from the other.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from missiondiary.domain.model import name_key

# Words that say what kind of body a name is, not which: dropped from the end of a name.
SUFFIXES = frozenset(
    ("co", "company", "companies", "corp", "corporation", "inc", "incorporated", "ltd",
     "limited", "llc", "llp", "plc", "lp", "gmbh", "ag", "kg", "sa", "sas", "spa", "srl", "nv",
     "bv", "pty", "oy", "ab", "as", "se", "kk", "bhd", "pte", "group", "holdings", "holding",
     "international", "intl", "the", "of", "and")
)  # fmt: skip
# The same at the end of a name written without spaces (Chinese, Japanese), longest first.
CJK_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "株式会社", "集团", "公司")
# Words before a person's name that say nothing about who they are.
HONORIFICS = frozenset(
    ("dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir", "madam", "dame", "hon",
     "rev")
)  # fmt: skip
_WORD = re.compile(r"\w+")
CLOSE_ENOUGH = 0.9  # difflib ratio of the cores for a slip of the keys
MIN_SLIP_LENGTH = 6  # shorter cores must match exactly: "Lin" and "Liu" are two people


def _words(name: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    return _WORD.findall(plain.replace("_", " "))


def core(name: str) -> str:
    """The part of a name that tells it apart: lower case, no accents or punctuation, no
    company suffixes at the end and no honorifics at the start.

    >>> core("Jinshan Group Co., Ltd.")
    'jinshan'
    """
    words = _words(name)
    # "Co., Ltd." splits into "co" and "ltd"; "S.A." into "s" and "a": join single letters.
    joined: list[str] = []
    for word in words:
        if len(word) == 1 and joined and len(joined[-1]) <= 2 and joined[-1].isalpha():
            joined[-1] += word
        else:
            joined.append(word)
    while len(joined) > 1 and (joined[0] in HONORIFICS or joined[0] == "the"):
        joined.pop(0)
    while len(joined) > 1 and joined[-1] in SUFFIXES:
        joined.pop()
    if joined:
        joined[-1] = _strip_cjk_suffix(joined[-1])
    return " ".join(joined)


def _strip_cjk_suffix(word: str) -> str:
    stripped = True
    while stripped:
        stripped = False
        for suffix in CJK_SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix):
                word = word[: -len(suffix)]
                stripped = True
    return word


def similar_names(name: str, existing: Iterable[str]) -> list[str]:
    """The existing names that are probably the same organisation or person, closest first.

    A name equal to the new one but for case and spacing is left out: the diary already
    treats it as the same entry (names match case-insensitively), so there is nothing to ask.
    """
    own_key = name_key(name)
    own_core = core(name)
    if not own_core:
        return []
    own_sorted = " ".join(sorted(own_core.split()))
    scored: list[tuple[float, str]] = []
    seen: set[str] = set()
    for candidate in existing:
        key = name_key(candidate)
        if not key or key == own_key or key in seen:
            continue
        seen.add(key)
        other = core(candidate)
        if not other:
            continue
        if other == own_core:
            scored.append((2.0, candidate))
        elif " ".join(sorted(other.split())) == own_sorted:
            scored.append((1.5, candidate))
        elif min(len(other), len(own_core)) >= MIN_SLIP_LENGTH:
            ratio = difflib.SequenceMatcher(None, own_core, other).ratio()
            if ratio >= CLOSE_ENOUGH:
                scored.append((ratio, candidate))
    scored.sort(key=lambda pair: (-pair[0], pair[1].casefold()))
    return [candidate for _, candidate in scored]
