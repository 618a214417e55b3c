"""Form widgets every app uses."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's own date picker (`<input type="date">`, ISO values)."""

    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)
