"""Links to many rows of one kind with one `reverse()`: a page of 25 tips or
hundreds of observations pays for URL resolution once, not per row."""

from __future__ import annotations

from django.urls import reverse

PLACEHOLDER = 2_147_483_647  # an id no row has; replaced by the real one in Python


class Link:
    """One `reverse()` of a URL with a slug and an id; `for_id` fills in the id."""

    def __init__(self, name: str, slug: str) -> None:
        self.prefix, self.suffix = reverse(name, args=[slug, PLACEHOLDER]).rsplit(str(PLACEHOLDER), 1)

    def for_id(self, pk: int) -> str:
        return f"{self.prefix}{pk}{self.suffix}"
