"""How operator flows call the application: use cases from its container, as the operator."""

from __future__ import annotations

import inspect
from typing import Any

from domain.kernel.principal import Principal

# The CLI's own standing: a superuser that is no user.
OPERATOR = Principal(
    user_id="operator", email="", username=None, user_is_superuser=True, api_key_id=""
)


async def use_case(provider: Any) -> Any:
    """A use case from the container; providers that depend on an async resource (the
    engine) hand back an awaitable."""
    value = provider()
    return await value if inspect.isawaitable(value) else value
