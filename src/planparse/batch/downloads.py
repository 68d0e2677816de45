"""Inputs given as web addresses: fetched in the parent before any work is scheduled.

Downloading in the parent keeps the network out of the workers (a worker
stopped at its time limit must not leave a half-fetched file) and lets a
failed download be reported like any failed input: one line, an error class,
a manifest entry, exit 1. Each address is fetched one after the other, each
within its own time limit and size cap (planparse.fetch).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from planparse.batch.document import fail
from planparse.batch.task import Outcome
from planparse.errors import InputError
from planparse.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, fetch, is_url


@dataclass
class Downloads:
    """What the addresses became: local files (with the address each came from) and the failures."""

    paths: list[Path] = field(default_factory=list)
    urls: dict[Path, str] = field(default_factory=dict)
    failed: list[Outcome] = field(default_factory=list)


def download_all(urls: Iterable[str], cache_dir: Path | None, *, timeout: float = DEFAULT_TIMEOUT,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Downloads:
    """Fetch every address; a failure becomes a failed Outcome (its index set by the caller), never an exception."""
    out = Downloads()
    for url in urls:
        try:
            path = fetch(url, cache_dir, timeout=timeout, max_bytes=max_bytes)
        except InputError as exc:
            outcome = Outcome(input=Path(url), url=url)
            out.failed.append(fail(outcome, exc.kind, exc.message))
            continue
        except OSError as exc:  # the cache folder cannot be written
            outcome = Outcome(input=Path(url), url=url)
            out.failed.append(fail(outcome, "DownloadFailed", f"{url}: cannot save it: {exc.strerror or exc}"))
            continue
        out.paths.append(path)
        out.urls[path] = url
    return out


def split_urls(inputs: Iterable[Path | str]) -> tuple[list[Path | str], list[str]]:
    """Local paths (and globs) apart from web addresses, each in the order given."""
    local: list[Path | str] = []
    urls: list[str] = []
    for item in inputs:
        if is_url(item):
            urls.append(str(item))
        else:
            local.append(item)
    return local, urls
