"""How decisions, rulesets and calendars show themselves to people: text for terminals and logs,
HTML for notebooks (``_repr_html_``). Applicant-facing documents live in ``govrules.notices``."""

from ..rules.applicant import applicant_zh, masked_id
from .html import calendar_html, decision_html, month_html, ruleset_html
from .text import outcome_zh, render_text

__all__ = ["applicant_zh", "calendar_html", "decision_html", "masked_id", "month_html", "outcome_zh", "render_text",
           "ruleset_html"]
