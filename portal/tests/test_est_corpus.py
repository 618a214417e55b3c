"""The EST check measured on a corpus: how many sentences about persons it
catches (recall) and how many about places it flags by mistake."""

from __future__ import annotations

from portal import est
from portal.tests.est_corpus import PERSON, PLACE


def test_the_corpus_is_large_enough_and_balanced():
    assert len(PLACE) >= 100 and len(PERSON) >= 100
    assert len(set(PLACE)) == len(PLACE) and len(set(PERSON)) == len(PERSON)


def test_recall_and_false_positive_rate_meet_the_goals():
    missed = [s for s in PERSON if not est.flags(s)]
    flagged = {s: est.check(s) for s in PLACE if est.flags(s)}
    recall = 1 - len(missed) / len(PERSON)
    false_positive_rate = len(flagged) / len(PLACE)
    print(
        f"\nEST corpus: {len(PERSON)} person sentences, {len(PLACE)} place sentences; "
        f"recall {recall:.1%}, false-positive rate {false_positive_rate:.1%}"
    )
    for sentence in missed:
        print(f"  missed: {sentence}")
    for sentence, findings in flagged.items():
        print(f"  flagged: {sentence} -> {[(f.kind, f.text) for f in findings]}")
    assert recall >= 0.95
    assert false_positive_rate <= 0.05
