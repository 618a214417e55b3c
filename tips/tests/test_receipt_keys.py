"""Receipt codes outlive a SECRET_KEY rotation and a receipt key rotation."""

from __future__ import annotations

import pytest

from tips import receipts, selectors
from tips.tests.factories import TipFactory, code_of

pytestmark = pytest.mark.django_db

OLD = "old-receipt-key-" + "o" * 50
NEW = "new-receipt-key-" + "n" * 50


def test_rotating_the_secret_key_keeps_every_receipt_code_valid(settings, municipality_a):
    settings.TIPS_RECEIPT_KEYS = [OLD]
    tip = TipFactory(municipality=municipality_a)
    code = code_of(tip)
    settings.SECRET_KEY = "a-brand-new-secret-key-" + "s" * 50
    assert selectors.tip_get_by_code(code=code) == tip
    assert code_of(tip) == code  # a double-clicked form still shows the same code


def test_a_new_receipt_key_first_and_the_old_one_second_keeps_old_codes_valid(settings, municipality_a):
    settings.TIPS_RECEIPT_KEYS = [OLD]
    old_tip = TipFactory(municipality=municipality_a)
    old_code = code_of(old_tip)
    settings.TIPS_RECEIPT_KEYS = [NEW, OLD]
    new_tip = TipFactory(municipality=municipality_a)
    new_code = code_of(new_tip)
    assert new_code != receipts.code_for_nonce(old_tip.submission_token) or old_code != new_code
    assert selectors.tip_get_by_code(code=old_code) == old_tip
    assert selectors.tip_get_by_code(code=new_code) == new_tip
    settings.TIPS_RECEIPT_KEYS = [NEW]  # the old key dropped: its codes stop working
    assert selectors.tip_get_by_code(code=old_code) is None
    assert selectors.tip_get_by_code(code=new_code) == new_tip


def test_new_codes_are_hashed_with_the_first_key(settings, municipality_a):
    settings.TIPS_RECEIPT_KEYS = [NEW, OLD]
    tip = TipFactory(municipality=municipality_a)
    assert tip.receipt_hash == receipts.candidate_hashes(code_of(tip))[0]
