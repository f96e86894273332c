"""Shared test set-up: hypothesis profiles.

``ci`` (the default, chosen by ``HYPOTHESIS_PROFILE``): bounded examples and no deadline, so that a
shared, noisy 2-core machine never fails a test for being slow. ``thorough``: run by hand for depth.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
