"""planparse: published public-sector plans -> structured, normalised data.

    >>> import planparse
    >>> plan = planparse.parse("corpora/text/west-berkshire-domestic-abuse-delivery-plan-2024-27.txt")
    >>> plan.actions_frame().head()
"""

from __future__ import annotations

__version__ = "0.1.0"

from planparse.compare import compare  # noqa: E402
from planparse.errors import InputError, PlanparseError  # noqa: E402
from planparse.pipeline import parse  # noqa: E402
from planparse.batch import parse_many  # noqa: E402
from planparse.batch.load import load  # noqa: E402
from planparse.fetch import fetch  # noqa: E402
from planparse.schema import SCHEMA_VERSION, Plan, to_frame  # noqa: E402

__all__ = ["parse", "parse_many", "load", "fetch", "compare", "to_frame", "Plan", "PlanparseError", "InputError",
           "SCHEMA_VERSION", "__version__"]
