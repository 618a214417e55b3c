"""Receipt codes: 20 characters of Crockford base32 (100 bits), shown in
groups of four so they are easy to read aloud and write down.

The code is derived from the form's one-time submission nonce with a key
only the server holds, so a double-clicked form can show the same code
again; the database stores only a keyed hash of it.

The keys are settings.TIPS_RECEIPT_KEYS, not SECRET_KEY: the first derives
and hashes new codes, every one of them still finds a tip, so keys can be
rotated (and SECRET_KEY rotated freely) without invalidating any code.
"""

from __future__ import annotations

import hmac
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_LENGTH = 20
GROUP = 4
# Letters people confuse with digits, read the way Crockford intends.
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_nonce() -> str:
    return secrets.token_hex(16)


def code_for_nonce(nonce: str) -> str:
    """The receipt code belonging to a submission nonce, formatted."""
    key = settings.TIPS_RECEIPT_KEYS[0]
    number = int.from_bytes(
        salted_hmac("tips.receipt-code", nonce, secret=key, algorithm="sha256").digest()[:13], "big"
    )
    chars = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, 32)
        chars.append(ALPHABET[index])
    raw = "".join(chars)
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def normalise(code: str) -> str | None:
    """The code as typed, without spaces and dashes; None when it cannot be one."""
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum()).translate(_CONFUSABLE)
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def hash_code(code: str) -> str | None:
    """Keyed hash (HMAC-SHA256 with the first receipt key) of a receipt code, as stored."""
    candidates = candidate_hashes(code)
    return candidates[0] if candidates else None


def candidate_hashes(code: str) -> list[str]:
    """The code's hash under every receipt key, the current one first: a
    tip stored under any of them is found."""
    normalised = normalise(code)
    if normalised is None:
        return []
    return [
        salted_hmac("tips.receipt-hash", normalised, secret=key, algorithm="sha256").hexdigest()
        for key in settings.TIPS_RECEIPT_KEYS
    ]


def hashes_match(stored: str, candidate: str) -> bool:
    return hmac.compare_digest(stored.encode(), candidate.encode())
