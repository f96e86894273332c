"""What a ruleset, an application and a decision look like (spec §2–§5): the inputs are pydantic models
(validated), the outputs frozen msgspec value objects (built by the engine, see models/output.py)."""

from .application import (
    Applicant, Application, Channel, EVENT_ORDER, Event, MaterialStatus, NotificationCommitment,
    Project, SINGLE_EVENTS, SubmittedMaterial,
)
from .decision import ACCEPTING_OUTCOMES, OUTCOME_RANK, Citation, Decision, Finding, Outcome, States, Trace
from .matter import Authority, Fee, Material, Matter, Necessity
from .period import Period, Unit
from .policy import Policy
from .ruleset import Ruleset

__all__ = [
    "ACCEPTING_OUTCOMES", "Applicant", "Application", "Authority", "Channel", "Citation", "Decision",
    "EVENT_ORDER", "Event", "Fee", "Finding", "Material", "MaterialStatus", "Matter", "Necessity",
    "NotificationCommitment", "OUTCOME_RANK", "Outcome", "Period", "Policy", "Project", "Ruleset",
    "SINGLE_EVENTS", "States", "SubmittedMaterial", "Trace", "Unit",
]
