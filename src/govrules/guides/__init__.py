"""Service guides (办事指南) of one matter, read from the ruleset the engine decides with.

    html = govrules.guide("CONSTR", ruleset, on=datetime.date(2025, 3, 3))            # a standalone page
    text = govrules.guide("CONSTR", ruleset, format="text")                           # or "md"
    from govrules.guides import service_guide
    g = service_guide("CONSTR", ruleset)       # the elements themselves, for a program

``govrules.guide`` is the function; this room is ``govrules.guides`` (a name of its own, so that the
function never hides the package), whose other names are imported from it as above.

``elements.py`` collects every element from the same objects ``decide()`` reads (the compiled plan,
the tolerance and commitment rules' own predicates, ``applicant_basis`` for what may be cited), so the
public guide and the engine cannot disagree; ``render.py`` writes them as HTML, Markdown or text.
"""

from __future__ import annotations

from .elements import Element, GuideMaterial, ServiceGuide, service_guide
from .render import FORMATS, guide, guide_html, guide_markdown, guide_text, render

__all__ = ["Element", "FORMATS", "GuideMaterial", "ServiceGuide", "guide", "guide_html", "guide_markdown",
           "guide_text", "render", "service_guide"]
