"""The engine: ``decide()`` runs the rules in the order of spec §5.3 and assembles the Decision;
``replay()`` decides a recorded decision again from its trace and checks it is identical."""

from .decide import decide
from .replay import replay

__all__ = ["decide", "replay"]
