"""The meeting as an iCalendar (RFC 5545) attachment.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8
character); TEXT values escape backslash, semicolon, comma and newlines, so
no user text can start a property of its own. Times are in UTC (`...Z`), so
no VTIMEZONE is needed and every calendar shows the local time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings

from portal.models import Municipality

from ..weeks import IsoWeek

MEETING_LENGTH = timedelta(hours=1)
LINE_OCTETS = 75


def escape_text(value: str) -> str:
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split `line` into CRLF + space continued chunks of at most 75 octets."""
    chunks: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = LINE_OCTETS if not chunks else LINE_OCTETS - 1  # continuation lines start with a space
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_uid(municipality: Municipality, week: IsoWeek) -> str:
    """The same for every email about this meeting, so calendars update the
    event instead of adding another."""
    host = urlsplit(settings.SITE_URL).hostname or "trygghetsportalen"
    return f"briefing-{municipality.pk}-{week.year}-w{week.week:02d}@{host}"


def meeting_calendar(
    *,
    municipality: Municipality,
    week: IsoWeek,
    start: datetime,
    summary: str,
    description: str,
    url: str,
    stamp: datetime,
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Trygghetsportalen//Briefing reminders//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{meeting_uid(municipality, week)}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"DTSTART:{utc_stamp(start)}",
        f"DTEND:{utc_stamp(start + MEETING_LENGTH)}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"URL:{url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(fold(line) + "\r\n" for line in lines)
