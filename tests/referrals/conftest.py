"""The distribution fixtures (merchants alpha and beta, distributor A and its key) serve here too."""

from tests.distribution.conftest import alpha, beta, dist_a, key_a  # noqa: F401
