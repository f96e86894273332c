"""Project-level planning (spec §8, §9, §10.12): when each matter of a project can start and is due,
the critical path, and the total against a seed profile; bundles of matters applied for together."""

from .models import ExcludedPeriod, PlannedMatter, ProfileComparison, ProjectPlan, ProjectRequest
from .bundle import BundleDecision, BundleItem, decide_bundle
from .plan import plan_project

__all__ = ["BundleDecision", "BundleItem", "decide_bundle", "ExcludedPeriod", "PlannedMatter", "ProfileComparison", "ProjectPlan", "ProjectRequest", "plan_project"]
