"""A long property run behind the `slow` marker, beside the short one the default run keeps.

The default run tries a few examples of each expensive property; `pytest -m slow` (CI runs
it after the default run) tries many more of the very same property.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis.strategies import SearchStrategy


def at_length(
    test: Callable[..., Any], examples: int, **strategies: SearchStrategy[Any]
) -> Callable[..., Any]:
    """`test` (a @given property) again with `examples` examples and the same strategies,
    marked slow. Assign it to a module-level `test_..._at_length` name so pytest collects it."""
    inner = test.hypothesis.inner_test  # the property before @given and @settings
    base = getattr(test, "_hypothesis_internal_use_settings", settings())
    return pytest.mark.slow(settings(base, max_examples=examples)(given(**strategies)(inner)))
