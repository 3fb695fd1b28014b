"""Extension points: a page of a lower app asks for notices that higher apps provide, without importing them.

The dependency direction stays one-way: `incentives` calls `notices("incentives.approvals", ...)`; `plans`
(which nobody imports) registers a provider from its AppConfig.ready(). A provider returns a short,
already-translated text or None; a failing provider is skipped, so a notice never breaks the page.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable

log = logging.getLogger(__name__)
_providers: dict[str, list[Callable[..., str | None]]] = defaultdict(list)


def provide(point: str, provider: Callable[..., str | None]) -> None:
    if provider not in _providers[point]:
        _providers[point].append(provider)


def notices(point: str, **context) -> list[str]:
    found = []
    for provider in _providers.get(point, ()):
        try:
            text = provider(**context)
        except Exception:  # a notice is a courtesy: log it, keep the page
            log.exception("notice provider %s failed", provider)
            continue
        if text:
            found.append(text)
    return found
