"""Settings of the survey benchmark's server: the product's, with the benchmark's URLs
(:mod:`bench_urls`: the product's plus the bare baseline view)."""

from greencert.web.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
