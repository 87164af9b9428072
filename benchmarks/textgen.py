"""Deterministic, synthetic reasoning-like text for the benchmarks (never real data).

Texts look like a model's chain of thought on a maths problem: English words, hedges ("Wait,"),
numbers of several sizes, LaTeX (``\\frac{a}{b}``, ``x^{2}``, ``\\sqrt{}``), equations, a few
non-ASCII symbols (→, ≤, π) and a closing ``\\boxed{}`` answer. Lengths vary from 1k to 30k
characters (log-uniform). The same seed always gives the same texts.
"""

from __future__ import annotations

import numpy as np

_WORDS = (
    "the of and to a in is that we for it this with as be on are by so then let us first next "
    "now since because therefore thus hence which means number value sum product term terms "
    "equation solution integer prime divisor remainder modulo function triangle angle side "
    "length area circle radius probability expected case cases check compute substitute "
    "simplify factor expand consider assume suppose note recall given find answer total "
    "each both only also again other possible must cannot would could should count ways "
    "digit digits sequence series limit derivative integral polynomial root roots coefficient"
).split()
_HEDGES = [
    "Wait,", "Hmm,", "Let me double-check.", "Actually,", "Alternatively,", "So", "Okay,",
    "But wait,", "Let me reconsider.", "That seems right.", "Hold on,", "Therefore,",
]
_VARS = ["x", "y", "n", "k", "a", "b", "m", "p", "q", "r", "t", "z"]
_OPS = ["+", "-", "\\cdot", "=", "\\le", "\\ge", "\\times", "/"]
_SYMBOLS = ["→", "≤", "≥", "π", "√", "≠", "∑", "·", "−"]


def _latex(rng: np.random.Generator) -> str:
    v = _VARS[rng.integers(len(_VARS))]
    w = _VARS[rng.integers(len(_VARS))]
    a, b, c = (int(x) for x in rng.integers(1, 1000, 3))
    kind = rng.integers(6)
    if kind == 0:
        return f"$\\frac{{{a}}}{{{b}}} {_OPS[rng.integers(len(_OPS))]} {v}^{{{c % 9 + 2}}}$"
    if kind == 1:
        return f"$\\sqrt{{{a}{v}^{{2}} + {b}}} = {c}$"
    if kind == 2:
        return f"\\[ {v}_{{{c % 20}}} = {a}{w} + {b} \\pmod{{{c}}} \\]"
    if kind == 3:
        return f"$\\sum_{{{v}=1}}^{{{a}}} {v}^{{2}} = \\frac{{{a}({a}+1)(2\\cdot {a}+1)}}{{6}}$"
    if kind == 4:
        return f"${a} {_OPS[rng.integers(len(_OPS))]} {b} = {a + b}$"
    return f"$\\binom{{{a % 50 + 1}}}{{{b % 10}}}$"


def _sentence(rng: np.random.Generator) -> str:
    n = int(rng.integers(5, 22))
    words = [_WORDS[i] for i in rng.integers(len(_WORDS), size=n)]
    parts: list[str] = []
    if rng.random() < 0.25:
        parts.append(_HEDGES[rng.integers(len(_HEDGES))])
    parts.extend(words[: n // 2])
    r = rng.random()
    if r < 0.45:
        parts.append(_latex(rng))
    elif r < 0.7:
        parts.append(f"{rng.integers(0, 10**int(rng.integers(1, 8)))}")
    elif r < 0.8:
        parts.append(_SYMBOLS[rng.integers(len(_SYMBOLS))])
    parts.extend(words[n // 2 :])
    return " ".join(parts) + "."


def reasoning_texts(total_chars: int, *, seed: int = 0, min_len: int = 1_000, max_len: int = 30_000) -> list[str]:
    """Synthetic reasoning texts totalling about ``total_chars`` characters (deterministic)."""
    rng = np.random.default_rng(seed)
    # A pool of sentences, reused in shuffled order: fast, yet every text is different.
    pool = [_sentence(rng) for _ in range(20_000)]
    texts: list[str] = []
    done = 0
    while done < total_chars:
        target = int(np.exp(rng.uniform(np.log(min_len), np.log(max_len))))
        idx = rng.integers(len(pool), size=max(1, target // 60))
        body = " ".join(pool[i] for i in idx)
        if rng.random() < 0.5:
            body = body.replace(". ", ".\n\n", int(rng.integers(1, 20)))
        text = body[:target] + f"\n\nThe answer is $\\boxed{{{int(rng.integers(0, 1000))}}}$."
        texts.append(text)
        done += len(text)
    return texts
