"""planparse: published public-sector plans -> structured, normalised data.

    >>> import planparse
    >>> plan = planparse.parse("corpora/text/west-berkshire-domestic-abuse-delivery-plan-2024-27.txt")
    >>> plan.actions_frame().head()
"""

from __future__ import annotations

__version__ = "0.1.0"

from planparse.errors import InputError, PlanparseError  # noqa: E402
from planparse.pipeline import parse  # noqa: E402
from planparse.batch import parse_many  # noqa: E402
from planparse.batch.load import load  # noqa: E402
from planparse.fetch import fetch  # noqa: E402
from planparse.schema import SCHEMA_VERSION, Plan, to_frame  # noqa: E402


def __getattr__(name: str) -> object:
    """`compare` is imported when first used: it brings pandas, which parsing (a batch worker) does not need."""
    if name == "compare":
        from planparse.comparison import compare

        return compare
    raise AttributeError(f"module 'planparse' has no attribute {name!r}")


__all__ = ["parse", "parse_many", "load", "fetch", "compare", "to_frame", "Plan", "PlanparseError", "InputError",
           "SCHEMA_VERSION", "__version__"]
