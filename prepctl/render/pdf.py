"""Printable PDF weekly sheets, made by WeasyPrint from the HTML sheets.

WeasyPrint fetches nothing but inline data: a plan or template that points at
file:// or http:// resources gets nothing, so no local file can leak into a PDF.
"""

from __future__ import annotations

from typing import Any

from prepctl.errors import PrepctlError
from prepctl.model import Plan, Schedule
from prepctl.render import RenderContext
from prepctl.render.html import render_text

INSTALL_HELP = "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html#installation"


class PdfUnavailableError(PrepctlError):
    """WeasyPrint or its system libraries (Pango) are missing."""

    exit_code = 2


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailableError(
            f"PDF output needs WeasyPrint and the Pango libraries ({error}); see {INSTALL_HELP} "
            "— every other format works without them (--format ics,md,html,json)"
        ) from None
    return weasyprint


def render(schedule: Schedule, plan: Plan, context: RenderContext) -> bytes:
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcher, URLFetchingError

    class InlineDataOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise URLFetchingError(f"prepctl sheets do not load external resources ({url[:60]})")

    html = weasyprint.HTML(string=render_text(schedule, plan, context), base_url=None,
                           url_fetcher=InlineDataOnly())
    pdf: bytes = html.write_pdf()
    return pdf
