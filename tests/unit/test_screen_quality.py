"""Measured quality of the screening engine on tests/data/screening_cases.yaml (issue 12,
"Measured quality and speed"). The figures are printed (run with -s) and written down in
docs/MODERATION.md; the thresholds are the issue's, plus a false-alert ceiling of 5%."""
from pathlib import Path

import pytest
import yaml

from moderation.screen import KINDS, screen

CASES = yaml.safe_load((Path(__file__).parents[1] / "data" / "screening_cases.yaml").read_text("utf-8"))
MAX_SHIELD_FALSE_POSITIVES = 0.05
MAX_FALSE_ALERTS = 0.05


def test_the_set_is_large_varied_and_labelled():
    assert sum(len(v) for v in CASES.values()) >= 250
    assert {kind for kind, _ in CASES["must_mask"]} == set(KINDS)
    assert {level for level, _ in CASES["must_alert"]} == {"concern", "urgent"}
    texts = [t for t in CASES["must_pass"] + CASES["must_not_alert"]]
    texts += [t for _, t in CASES["must_mask"] + CASES["must_alert"]]
    assert len(texts) == len(set(texts)), "a sentence is listed twice"
    assert any(t.isascii() for t in texts) and any(not t.isascii() for t in texts)


def test_shield_recall_is_total_and_false_positives_are_rare():
    missed = [(kind, t) for kind, t in CASES["must_mask"]
              if kind not in {f.kind for f in screen(t, crisis=False).personal_info}]
    flagged = [t for t in CASES["must_pass"] if screen(t, crisis=False).personal_info]
    recall = 1 - len(missed) / len(CASES["must_mask"])
    false_positives = len(flagged) / len(CASES["must_pass"])
    print(f"\nshield: recall {recall:.1%} on {len(CASES['must_mask'])} must-mask, "
          f"false positives {false_positives:.1%} on {len(CASES['must_pass'])} must-pass {flagged}")
    assert missed == []
    assert false_positives <= MAX_SHIELD_FALSE_POSITIVES


def test_every_must_mask_sentence_is_masked_where_the_information_was():
    for kind, text in CASES["must_mask"]:
        result = screen(text, crisis=False)
        assert "●●●" in result.masked, text
        for found in result.personal_info:
            assert text[found.start:found.end] not in result.masked, text


def test_crisis_recall_is_total_and_urgent_is_never_under_triaged():
    missed, under = [], []
    for level, text in CASES["must_alert"]:
        got = screen(text).crisis.level
        if got == "none":
            missed.append(text)
        elif level == "urgent" and got != "urgent":
            under.append(text)
    assert missed == [] and under == []


def test_false_alerts_are_reported_and_kept_under_the_ceiling():
    idioms = CASES["must_not_alert"]
    everyday = CASES["must_pass"] + [t for _, t in CASES["must_mask"]]
    idiom_alerts = [t for t in idioms if screen(t).crisis.level != "none"]
    everyday_alerts = [t for t in everyday if screen(t).crisis.level != "none"]
    rate = (len(idiom_alerts) + len(everyday_alerts)) / (len(idioms) + len(everyday))
    print(f"\ncrisis: false alerts {len(idiom_alerts)}/{len(idioms)} on must-not-alert (idioms), "
          f"{len(everyday_alerts)}/{len(everyday)} on everyday sentences, overall {rate:.1%}")
    assert rate <= MAX_FALSE_ALERTS
    assert len(idiom_alerts) / len(idioms) <= MAX_FALSE_ALERTS


@pytest.mark.parametrize("level, text", CASES["must_alert"])
def test_each_alert_names_what_matched(level, text):
    crisis = screen(text).crisis
    assert crisis.level in ("concern", "urgent") and crisis.matched


HOLDOUT = yaml.safe_load((Path(__file__).parents[1] / "data" / "screening_holdout.yaml").read_text("utf-8"))


def test_held_out_sentences_figures():
    """Sentences the engine was not tuned on: the figures are reported, with floors that say
    the engine generalises (the 100% promise is for the main set)."""
    masked = sum(kind in {f.kind for f in screen(t).personal_info} for kind, t in HOLDOUT["must_mask"])
    passed = sum(not screen(t).personal_info for t in HOLDOUT["must_pass"])
    alerted = sum(screen(t).crisis.level != "none" for _, t in HOLDOUT["must_alert"])
    quiet = sum(screen(t).crisis.level == "none" for t in HOLDOUT["must_not_alert"])
    figures = {
        "shield_recall": masked / len(HOLDOUT["must_mask"]),
        "shield_false_positives": 1 - passed / len(HOLDOUT["must_pass"]),
        "crisis_recall": alerted / len(HOLDOUT["must_alert"]),
        "crisis_false_alerts": 1 - quiet / len(HOLDOUT["must_not_alert"]),
    }
    print("\nheld out:", {k: f"{v:.0%}" for k, v in figures.items()})
    assert figures["shield_recall"] >= 0.8 and figures["crisis_recall"] >= 0.8
    assert figures["shield_false_positives"] <= 0.1 and figures["crisis_false_alerts"] <= 0.2
