"""Printable PDF weekly sheets, made by WeasyPrint from the HTML sheets.

WeasyPrint fetches nothing but inline data: a plan or template that points at
file:// or http:// resources gets nothing, so no local file can leak into a PDF.
"""

from __future__ import annotations

from typing import Any

from prepctl.errors import PdfUnavailableError, TemplateError
from prepctl.model.plan import Plan
from prepctl.model.schedule import Schedule
from prepctl.render import RenderContext
from prepctl.render.html import render_text

INSTALL_HELP = "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html#installation"


IMAGE_BYTES = 4 * 1024 * 1024  # an inline (data:) image in the sheets, as written in the HTML


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

    too_big: list[int] = []

    class InlineDataOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:") and len(url) > IMAGE_BYTES:
                too_big.append(len(url))
                raise URLFetchingError("too large")
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise URLFetchingError(f"prepctl sheets do not load external resources ({url[:60]})")

    def layout(long_weeks: frozenset[int]) -> Any:
        return weasyprint.HTML(
            string=render_text(schedule, plan, context, long_weeks, pdf=True),
            base_url=None,
            url_fetcher=InlineDataOnly(),
        ).render()

    document = layout(frozenset())
    if too_big:
        raise TemplateError(
            f"the sheets hold an inline image of {max(too_big) / 2**20:.0f} MB; images in sheets are at most "
            f"{IMAGE_BYTES // 2**20} MB (as data: URLs), so the PDF stays within memory"
        )
    long_weeks = _weeks_over_one_page(document)
    if long_weeks:  # laid out again: a page-filling week cannot break across pages
        document = layout(long_weeks)
    pdf: bytes = document.write_pdf()
    return pdf


def _weeks_over_one_page(document: Any) -> frozenset[int]:
    """The weeks whose section (``id="section-week-N"``) is on more than one page."""
    pages: dict[str, int] = {}
    for page in document.pages:
        for name in page.anchors:
            if name.startswith("section-week-"):
                pages[name] = pages.get(name, 0) + 1
    return frozenset(int(name.removeprefix("section-week-")) for name, count in pages.items() if count > 1)
