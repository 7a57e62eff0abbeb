"""The OCR bench's arithmetic: error rates on known strings, field scores, seeded scans."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from bench.ocr_metrics import FIELDS, Errors, cer, field_scores, normalise, wer
from bench.ocr_render import NOISE_LEVELS, Condition, scan


@pytest.mark.parametrize(
    ("recognised", "reference", "expected_cer", "expected_wer"),
    [
        ("Dear Minister", "Dear Minister", 0.0, 0.0),
        # One substitution (1 for l) in 12 characters; one wrong word of three.
        ("SW1A 0AA ref", "SWlA 0AA ref", 1 / 12, 1 / 3),
        # A lost space joins two words: one character edit, but two words become one.
        ("Ourref: 42", "Our ref: 42", 1 / 11, 2 / 3),
        # Nothing recognised: every character and word is missing.
        ("", "Yours sincerely", 1.0, 1.0),
        # Garbage longer than the page: the rates pass 1.
        ("a b c d", "x", 7.0, 4.0),
    ],
)
def test_error_rates_on_known_strings(
    recognised: str, reference: str, expected_cer: float, expected_wer: float
) -> None:
    assert cer(recognised, reference) == pytest.approx(expected_cer)
    assert wer(recognised, reference) == pytest.approx(expected_wer)


def test_line_breaks_and_typographic_quotes_are_not_errors() -> None:
    page = "Thank you for your\nletter of 2 May \u2013 the constituent\u2019s case."
    read = "Thank you   for your letter of 2 May - the constituent's case.\n"
    assert normalise(read) == normalise(page)
    assert cer(read, page) == 0.0
    assert wer(read, page) == 0.0


def test_case_and_punctuation_count() -> None:
    assert cer("dear minister,", "Dear Minister.") == pytest.approx(3 / 14)


def test_pages_are_summed_before_dividing() -> None:
    """A long page weighs more than a short one (micro-average), not one vote each."""
    errors = Errors().add("abcd", "abcx").add("y" * 96, "y" * 96)
    assert errors.chars == 100
    assert errors.cer == pytest.approx(1 / 100)  # a mean of page rates would say 1/8
    assert errors.words == 2 and errors.wer == pytest.approx(1 / 2)


TRUTH = {
    "date": "2015-03-04",
    "references": ["MC/2015/0101", "AB/12"],
    "mp": "Tamsin Ulverholt",
    "sender_name": "Gideon Dromstead",
    "recipient_name": "Tamsin Ulverholt",
    "direction": "to_mp",
    "in_reply_to_date": "2015-02-08",
    "area": "Skermouth West",
    "department": "Department for Education",
}


def test_field_scores_right_and_wrong() -> None:
    extracted = {
        "date": "2015-03-04",
        "references": ["mc/2015/0101", "AB / 12"],  # same references, spelled apart
        "mp": "Tamsin Ulverholt MP",  # holds the name
        "sender_name": "Gideon Drornstead",  # an OCR slip: wrong
        "recipient_name": "Tamsin Ulverholt",
        "direction": "to_mp",
        "in_reply_to_date": None,  # missed
        "area": "Skermouth West",
        "sender_org": "Department for Education",
    }
    scores = field_scores(TRUTH, extracted)
    assert list(scores) == list(FIELDS)
    wrong = {field for field, value in scores.items() if value == 0.0}
    assert wrong == {"sender_name", "in_reply_to_date"}
    assert all(value == 1.0 for field, value in scores.items() if field not in wrong)


def test_field_scores_a_missing_reference_and_department() -> None:
    extracted = {**TRUTH, "references": ["MC/2015/0101"], "sender_org": "Home Office"}
    scores = field_scores(TRUTH, extracted)
    assert scores["references"] == 0.0
    assert scores["department"] == 0.0


def _page() -> Image.Image:
    image = Image.new("L", (200, 120), 255)
    ImageDraw.Draw(image).text((20, 50), "Our ref: MC/2015/0101", fill=0)
    return image


def test_scans_are_seeded_and_conditions_change_the_pixels() -> None:
    noisy = Condition("Times", 12, 1.5, noisy=True)
    first, again = scan(_page(), noisy, seed=3), scan(_page(), noisy, seed=3)
    assert first.tobytes() == again.tobytes()
    assert scan(_page(), noisy, seed=4).tobytes() != first.tobytes()
    clean_straight = scan(_page(), Condition("Times", 12, 0.0, noisy=False), seed=3)
    assert clean_straight.tobytes() == _page().tobytes()
    turned = scan(_page(), Condition("Times", 12, 3.0, noisy=False), seed=3)
    assert turned.size[0] > 200 and turned.size[1] > 120  # the whole page kept, turned


def test_noise_levels_go_from_light_to_heavy() -> None:
    """Each level wears the page more: the paper greyer, the ink paler against it."""
    greyness, contrast = [], []
    for level in NOISE_LEVELS:
        page = np.asarray(scan(_page(), Condition("Times", 12, 0.0, True, level), seed=3))
        paper = page[:40].astype(float)  # above the line of text
        greyness.append(255 - float(np.median(paper)))
        contrast.append(float(np.median(paper)) - float(np.percentile(page[45:65], 2)))
    assert list(NOISE_LEVELS) == ["light", "photocopy", "heavy"]
    assert greyness[0] < greyness[1] < greyness[2]
    assert contrast[0] > contrast[1] > contrast[2]
