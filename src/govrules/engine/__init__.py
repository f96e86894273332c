"""The engine: ``decide()`` runs the rules in the order of spec §5.3 and assembles the Decision."""

from .decide import decide

__all__ = ["decide"]
