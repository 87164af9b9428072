"""Candidate final answers in a reasoning trace: where they are and whether they equal the gold.

The rule for "a final answer appears" (the scanner follows it exactly; the hand-labelled
fixture tests/fixtures/first_correct_labels.csv was labelled with it):

1. ``\\boxed{...}`` or ``\\fbox{...}`` (braces may nest): the content is a committed answer.
2. An answer phrase: "the answer is", "answer should be", "answer would be", "answer will
   be", "final answer is", "final answer:", "answer:" (any case) followed by the answer,
   optionally after one of the adverbs indeed, still, simply, just, exactly, clearly,
   definitely, also ("the answer is indeed 144").
   Not when the phrase is hypothetical ("if / whether / check if / suppose / assume the answer
   is", within the 24 characters before it), negated ("the answer is not"), or asked ("the
   answer is 25?"). The answer may be wrapped in ``$``, ``\\(``, ``\\[``, ``**`` or quotes
   ('Answer should be "2"'). When the phrase is followed by ``\\boxed{`` the box is the candidate (rule 1).
3. A standalone final number: the last non-blank line of the text (or of the part before an
   end marker ``</think>``, ``<|end_of_thought|>``, ``<|end_of_solution|>``) consists only of
   a number, optionally wrapped in ``$``, ``\\(``, ``\\[``, ``**`` and followed by a full stop.

A number merely mentioned in a computation ("t = 24", "= 204 minutes") is NOT an answer. The
candidate's span ends at the closing brace of the box, or at the end of the number / phrase.

Normalisation (``normalize_answer``): LaTeX spacing, ``\\left``/``\\right``, ``$``/``\\$``,
``\\text{..}`` units, degrees, percent signs, thousands separators, trailing punctuation, a
leading ``x =``; ``\\dfrac``/``\\tfrac``/``\\frac{a}{b}`` and ``a/b`` become fractions and
numbers compare exactly as fractions (``0.5`` equals ``\\frac{1}{2}``, ``025`` equals ``25``).
"""

from __future__ import annotations

import re
from fractions import Fraction

import pandas as pd

__all__ = ["answer_candidates", "answers_equal", "final_answer", "first_matching_candidate",
           "normalize_answer", "parse_number"]

_BOX = re.compile(r"\\(?:boxed|fbox)\s*\{")
_PHRASE = re.compile(
    r"(?i)\b(?:final\s+answer\s*(?:is|:)|answer\s+(?:is|should\s+be|would\s+be|will\s+be)|answer\s*:)"
    r"[ \t]*:?[ \t]*(?:(?:indeed|still|simply|just|exactly|clearly|definitely|also)[ \t]+)*"
)
_HYPOTHETICAL = re.compile(r"(?i)\b(?:if|whether|suppose|assume|assuming|check|verify|maybe|perhaps)\b[^.\n]{0,24}$")
_LEAD = re.compile(r"^(?:\s|\$|\\\(|\\\[|\*\*|\"|“)*")  # wrappers before the answer: $, \(, \[, **, quotes
_NUM_TEXT = (
    r"-?\s*(?:\\[dt]?frac\s*\{[^{}]*\}\s*\{[^{}]*\}|\\[dt]?frac\s*\d\d"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:\s*/\s*\d+)?"
)
_PHRASE_NUM = re.compile(_NUM_TEXT)
_PHRASE_TEXT = re.compile(r"[^\n.;?]{1,60}")
_END_MARKERS = re.compile(r"</think>|<\|end_of_thought\|>|<\|end_of_solution\|>")
_STANDALONE = re.compile(
    r"^[ \t]*(?:\*\*|\$\$?|\\\(|\\\[)?[ \t]*(" + _NUM_TEXT + r")[ \t]*(?:\*\*|\$\$?|\\\)|\\\])?[ \t]*\.?[ \t]*$"
)


def _close_brace(text: str, start: int) -> int:
    """Index just past the brace that closes the one opened before ``start``; -1 if none."""
    depth = 1
    i = start
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in "{}":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def answer_candidates(text: str) -> list[tuple[int, int, str, str]]:
    """Committed final answers in ``text``, in order: ``(start, end, kind, answer)``.

    ``kind`` is 'boxed', 'phrase' or 'standalone'; ``end`` is the character offset just past
    the candidate (past the closing brace of a box). See the module docstring for the rule.
    """
    if not isinstance(text, str) or not text:
        return []
    out: list[tuple[int, int, str, str]] = []
    for m in _BOX.finditer(text):
        end = _close_brace(text, m.end())
        if end > 0:
            out.append((m.start(), end, "boxed", text[m.end():end - 1]))
    for m in _PHRASE.finditer(text):
        before = text[max(0, m.start() - 40):m.start()]
        if _HYPOTHETICAL.search(before):
            continue
        rest_start = m.end() + _LEAD.match(text[m.end():m.end() + 40]).end()
        rest = text[rest_start:rest_start + 80]
        if rest.startswith("\\boxed") or rest.startswith("\\fbox") or re.match(r"(?i)not\b", rest):
            continue
        num = _PHRASE_NUM.match(rest)
        if num:
            ans, end = num.group(0), rest_start + num.end()
        else:
            txt = _PHRASE_TEXT.match(rest)
            if not txt:
                continue
            ans, end = txt.group(0).rstrip(" $*)\\"), rest_start + len(txt.group(0).rstrip(" $*)\\"))
        if text[end:end + 3].lstrip(" $)\\]*").startswith("?"):
            continue
        out.append((m.start(), end, "phrase", ans))
    out.extend(_standalone(text))
    out.sort(key=lambda c: (c[1], c[0]))
    return out


def _standalone(text: str) -> list[tuple[int, int, str, str]]:
    """The standalone final number(s): last non-blank line of the text or before an end marker."""
    cuts = [m.start() for m in _END_MARKERS.finditer(text)] + [len(text)]
    found = []
    for cut in cuts:
        head = text[:cut].rstrip()
        line_start = head.rfind("\n") + 1
        m = _STANDALONE.match(head[line_start:])
        if m:
            found.append((line_start + m.start(1), line_start + m.end(1), "standalone", m.group(1)))
    return sorted(set(found))


_TEXT_CMD = re.compile(r"\\(?:text|mbox|mathrm|textbf|mathbf|operatorname)\s*\{([^{}]*)\}")
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_FRAC_SHORT = re.compile(r"\\[dt]?frac\s*(\d)(\d)")
_THOUSANDS = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+)(?![\d])")
_SPACING = re.compile(r"\\(?:left|right|[!,;: ]|quad|qquad|displaystyle)|~")
_DEGREES = re.compile(r"\^\s*\{?\s*\\circ\s*\}?|°|\\degree")
_NUMBER = re.compile(r"^\(?(-?(?:\d+(?:\.\d*)?|\.\d+))\)?(?:/\(?(-?\d+(?:\.\d*)?)\)?)?$")
_UNITS = re.compile(r"^(\S+?)\s*(?:[a-z]+\s*){1,3}$")


def normalize_answer(answer: object) -> str:
    """A canonical string for an answer: numbers as reduced fractions 'p/q' or integers."""
    if answer is None or (not isinstance(answer, str) and pd.isna(answer)):
        return ""
    s = str(answer).strip()
    s = _TEXT_CMD.sub(lambda m: " " + m.group(1) + " ", s)
    s = _DEGREES.sub("", s)
    s = s.replace("\\$", "").replace("$", "").replace("\\%", "").replace("%", "")
    s = s.replace("{,}", ",")
    s = _SPACING.sub("", s)
    for _ in range(3):
        s = _FRAC.sub(r"(\1)/(\2)", s)
    s = _FRAC_SHORT.sub(r"\1/\2", s)
    s = s.replace("\\(", "").replace("\\)", "").replace("\\[", "").replace("\\]", "").replace("**", "")
    s = _THOUSANDS.sub(lambda m: m.group(1).replace(",", ""), s)
    s = " ".join(s.split()).strip().rstrip(".,;:!").strip()
    if "=" in s:
        rhs = s.rsplit("=", 1)[1].strip()
        if parse_number(rhs) is not None:
            s = rhs
    num = parse_number(s)
    if num is None:
        m = _UNITS.match(s.lower())
        if m:
            num = parse_number(m.group(1))
    if num is not None:
        return str(num.numerator) if num.denominator == 1 else f"{num.numerator}/{num.denominator}"
    return s.lower().replace(" ", "")


def parse_number(s: str) -> Fraction | None:
    """``s`` as an exact fraction ('3', '-0.25', '1/2', '(3)/(4)'), or None if it is not one."""
    t = s.replace(" ", "")
    sign = 1
    if t.startswith("-") and t[1:2] == "(":
        sign, t = -1, t[1:]
    if t.startswith("(") and t.endswith(")") and _NUMBER.match(t[1:-1]):
        t = t[1:-1]
    m = _NUMBER.match(t)
    if not m:
        return None
    try:
        value = Fraction(m.group(1))
        if m.group(2) is not None:
            den = Fraction(m.group(2))
            if den == 0:
                return None
            value = value / den
    except (ValueError, ZeroDivisionError):
        return None
    return sign * value


def answers_equal(a: object, b: object) -> bool:
    """True when two answers normalise to the same thing (numbers compared exactly)."""
    na, nb = normalize_answer(a), normalize_answer(b)
    return bool(na) and na == nb


def first_matching_candidate(text: str, gold: object) -> tuple[int, int, str, str] | None:
    """The first candidate (by end offset) of :func:`answer_candidates` equal to ``gold``."""
    target = normalize_answer(gold)
    if not target:
        return None
    for cand in answer_candidates(text):
        if normalize_answer(cand[3]) == target:
            return cand
    return None


_LAST_NUMBER = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?")


def final_answer(text: object) -> tuple[str, str] | None:
    """The answer a finished response commits to, normalised, with how it was found.

    For votes over a model's runs (majority vote), where every run needs one answer: the last
    ``\\boxed{}`` ('boxed'), else the standalone final number ('standalone'), else the last
    answer phrase ('phrase'), all as in :func:`answer_candidates`; else the last number in
    the text ('last_number', looser: "... is 220." but also "... difference of 22"). Returns
    ``(normalize_answer(answer), kind)``, or None when the text has no number at all.
    """
    if not isinstance(text, str) or not text:
        return None
    cands = answer_candidates(text)
    for kind in ("boxed", "standalone", "phrase"):
        found = [c for c in cands if c[2] == kind]
        if found:
            return normalize_answer(found[-1][3]), kind
    numbers = _LAST_NUMBER.findall(text)
    return (normalize_answer(numbers[-1]), "last_number") if numbers else None
