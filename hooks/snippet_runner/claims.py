"""What a run claimed about its own measurements, and whether to measure again.

A measuring snippet (or lab cell) reports each claim its page makes about the figures through
`snippets/claims.py`: one JSON line per claim in the file named by $SNIPPET_CLAIMS, which the
runner gives every run. A claim is

    {"claim": {"en": …, "zh": …}, "holds": true | false, "figures": "×1.8"}
    {"claim": {"en": …, "zh": …}, "holds": null, "why": {"en": …, "zh": …}}  # cannot show
    … "lasting": true}  # cannot show, and measuring again would not change that

A run whose claims are not all settled (one does not hold, or the machine could not show it)
is measured again, up to `ATTEMPTS` times in all; a claim that still does not hold fails the
build, and one the machine still cannot show is shown with its reason instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

VARIABLE = "SNIPPET_CLAIMS"  # the same name as in snippets/claims.py
ATTEMPTS = 3  # measurements in all, before a contradiction fails the build


@contextlib.contextmanager
def report_file() -> Iterator[Path]:
    """A fresh file for one run to report its claims to; removed afterwards."""
    handle, name = tempfile.mkstemp(prefix="claims-", suffix=".jsonl")
    os.close(handle)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def read(report: Path) -> list[dict]:
    """The claims a run reported; a line it could not finish writing is left out."""
    found = []
    with contextlib.suppress(OSError):
        for line in report.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError):
                record = json.loads(line)
                if isinstance(record, dict) and isinstance(record.get("claim"), dict):
                    found.append(record)
    return found


def contradicted(claims: list[dict]) -> list[dict]:
    return [claim for claim in claims if claim.get("holds") is False]


def unsettled(claims: list[dict]) -> list[dict]:
    """Claims worth measuring again for: contradicted, or not shown on this machine (yet)."""
    return [
        claim
        for claim in claims
        if claim.get("holds") is False or (claim.get("holds") is None and not claim.get("lasting"))
    ]


def text(claim: dict, key: str, language: str) -> str:
    """A claim's `key` ("claim", "why", "figures") in `language`, else English, else as is."""
    words = claim.get(key) or ""
    if isinstance(words, dict):
        return str(words.get(language) or words.get("en") or "")
    return str(words)


def contradictions(claims: list[dict]) -> tuple[dict, ...]:
    """The claims the figures contradict, as the verdict words them (`outcome`)."""
    return tuple(
        {language: text(claim, "claim", language) for language in ("en", "zh")}
        | {"seen": text(claim, "figures", "en"), "seen_zh": text(claim, "figures", "zh")}
        for claim in contradicted(claims)
    )
