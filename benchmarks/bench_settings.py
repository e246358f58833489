"""The project's settings plus a bare insert view, for benchmarks only."""

from phongdich.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
