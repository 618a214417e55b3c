from __future__ import annotations

import pytest

# Monday of week 20, 2026, in Stockholm: tertial 1 of 2026 (weeks 1–18) is over.
NOW = "2026-05-11 10:00:00+02:00"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
