"""The distribution fixtures (distributor A and its key) serve here too."""

from tests.distribution.conftest import dist_a, key_a  # noqa: F401
