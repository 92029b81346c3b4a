import os

from hypothesis import HealthCheck, settings

# Examples per property test: small by default so the suite stays fast on two cores;
# HYPOTHESIS_PROFILE=thorough runs many more.
settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# JITARRAY_LONG_HYPOTHESIS=N: N examples per property test (thousands, for a nightly run).
_LONG = os.environ.get("JITARRAY_LONG_HYPOTHESIS", "")
settings.register_profile(
    "long", max_examples=int(_LONG) if _LONG.isdigit() and int(_LONG) > 1 else 5000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("long" if _LONG else "default"))
