"""The annual situation picture and action plan as PDF, rendered by
WeasyPrint from the same document template as the printable page.

WeasyPrint needs Pango from the operating system (Debian: libpango-1.0-0
and libpangoft2-1.0-0, see the README); it is imported only when a PDF is
asked for, so the rest of the portal runs without it. It may load nothing
from outside: the document is self-contained (its charts are inline SVG and
its stylesheet is read from the app's static files), and the fetcher refuses
every URL but `data:`, so no text in a plan can make the server fetch a URL.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders

STYLESHEET = "situation_reports/analyses.css"


class PdfUnavailableError(Exception):
    """WeasyPrint or the system libraries it needs are not installed."""


@cache
def _stylesheet() -> str:
    return Path(finders.find(STYLESHEET)).read_text(encoding="utf-8")


def weasyprint_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def html_to_pdf(html: str) -> bytes:
    try:
        from weasyprint import CSS, HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:
        raise PdfUnavailableError(str(error)) from error
    fetcher = URLFetcher(allowed_protocols=["data"])
    stylesheet = CSS(string=_stylesheet(), url_fetcher=fetcher)
    # PDF/UA: tagged, with the document's language and title (DOS-lagen covers documents too).
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")
