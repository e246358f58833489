"""The project's settings (DEBUG off, as in production) plus the test suite's
force-login backend, so that the benchmark signs the demo users in without typing a
second factor. Benchmarks only."""

from phongdich.settings import *  # noqa: F403

AUTHENTICATION_BACKENDS = [  # noqa: F405
    *AUTHENTICATION_BACKENDS,  # noqa: F405
    "phongdich.core.tests.base.ForceLoginBackend",
]
ALLOWED_HOSTS = ["testserver"]
DEBUG = False
