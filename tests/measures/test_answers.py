"""analysis.measures.answers: candidate final answers and their normalisation, hand-computed cases."""

from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from analysis.measures.answers import answer_candidates, answers_equal, first_matching_candidate, normalize_answer, parse_number


@pytest.mark.parametrize("a, b", [
    ("\\dfrac{1}{2}", "0.5"), ("\\tfrac{3}{4}", "0.75"), ("\\frac12", "1/2"), ("-\\frac{3}{4}", "-0.75"),
    ("1,000", "1000"), ("\\$1{,}000", "1000"), ("90^\\circ", "90"), ("90^{\\circ}", "90"),
    ("204 \\text{ minutes}", "204"), ("204 minutes.", "204"), ("x = 25", "25"), ("025", "25"),
    ("50\\%", "50"), ("  7 ", "7"), ("(C)", "(c)"),
])
def test_equal_after_normalisation(a, b):
    assert answers_equal(a, b)


@pytest.mark.parametrize("a, b", [("3 hours and 24 minutes", "204"), ("1/3", "0.33"), ("", ""), ("12", "21")])
def test_not_equal(a, b):
    assert not answers_equal(a, b)


def test_parse_number_exact():
    assert parse_number("-0.25") == Fraction(-1, 4)
    assert parse_number("(3)/(4)") == Fraction(3, 4)
    assert parse_number("1/0") is None
    assert parse_number("abc") is None


@given(st.integers(-10**6, 10**6), st.integers(1, 1000))
def test_fraction_forms_agree(p, q):
    assert answers_equal(f"\\frac{{{p}}}{{{q}}}", f"{p}/{q}")
    assert normalize_answer(f"{p}/{q}") == normalize_answer(str(Fraction(p, q)))


def test_candidates_in_order_with_spans():
    text = ("We get t = 24. If the answer is 25 we check. So the answer is 204 minutes.\n"
            "Then \\boxed{\\frac{1}{2}} and \\boxed{a{b}c}. The answer is 7? The answer is not 5.\n"
            "**Final Answer**\n\\[ 721 \\]\n</think> text\n42.")
    cands = answer_candidates(text)
    assert [(k, a) for _, _, k, a in cands] == [
        ("phrase", "204"), ("boxed", "\\frac{1}{2}"), ("boxed", "a{b}c"), ("standalone", "721"), ("standalone", "42")]
    start, end, _, _ = cands[0]
    assert text[start:end] == "answer is 204"
    assert text[cands[1][0]:cands[1][1]] == "\\boxed{\\frac{1}{2}}"


def test_phrase_followed_by_box_counts_once_and_adverb():
    text = "Thus the final answer is \\(\\boxed{33}\\). Therefore, the answer is indeed 144."
    kinds = [(k, a) for _, _, k, a in answer_candidates(text)]
    assert kinds == [("boxed", "33"), ("phrase", "144")]


def test_first_matching_candidate():
    text = "m + n = 7 so the answer is 6.\nNo wait, the answer is 7.\n\\boxed{7}"
    hit = first_matching_candidate(text, "7")
    assert hit is not None and text[:hit[1]].endswith("the answer is 7")
    assert first_matching_candidate(text, "8") is None
    assert first_matching_candidate("", "8") is None


def test_final_answer_prefers_box_then_standalone_then_phrase_then_last_number():
    from analysis import final_answer
    assert final_answer("the answer is 5, so \\boxed{12}; no, \\boxed{13}.") == ("13", "boxed")
    assert final_answer("we get 4\n\n**42**") == ("42", "standalone")
    assert final_answer("so the answer is 1,024 cm. Check: 3") == ("1024", "phrase")
    assert final_answer("The greatest number is $220$.") == ("220", "last_number")
    assert final_answer("Keep the door.") is None
    assert final_answer(None) is None
