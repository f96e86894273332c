"""Due dates over a working-day calendar (spec §10.2–§10.10): periods, limits, extensions, status."""

from .clock import Deadlines, Span, add_period, compute_deadlines, status_as_of

__all__ = ["Deadlines", "Span", "add_period", "compute_deadlines", "status_as_of"]
