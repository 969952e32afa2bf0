"""What a page claims a measurement shows, stated once, beside the figures that decide it.

A measuring snippet (or a lab cell) states each claim in both languages:

    claims.check(
        {"en": "the process pool finishes first", "zh": "进程池最先完成"},
        holds=pool_seconds < sequential_seconds,
        figures=f"{pool_seconds:.2f} s against {sequential_seconds:.2f} s",
    )

While the site is built, the snippet runner hands each run a file to report to (named by
$SNIPPET_CLAIMS). A claim that does not hold makes it measure again; if the figures still say
otherwise, the build fails naming the page and the claim, so a page never shows figures that
contradict its text. `cannot_show` says this machine cannot show a claim at all (fewer free
CPU cores than it needs): the runner measures again, then shows the reason instead; with
`lasting=True` (no free-threaded interpreter on this machine) it shows the reason at once.

Run anywhere else (your own machine), a claim that does not hold is noted on stderr.
"""

from __future__ import annotations

import json
import os
import sys

REPORT = "SNIPPET_CLAIMS"  # the snippet runner sets it to the file it reads

Text = dict[str, str]  # {"en": "…", "zh": "…"}


def check(claim: Text, holds: bool, figures: str | Text) -> bool:
    """Report whether `claim` holds for these `figures` (e.g. "×1.8"); returns `holds`."""
    _report({"claim": claim, "holds": bool(holds), "figures": figures})
    if not holds and REPORT not in os.environ:
        shown = figures if isinstance(figures, str) else figures["en"]
        print(f"note: these figures ({shown}) do not show that {claim['en']}", file=sys.stderr)
    return bool(holds)


def cores_busy(cores: float) -> Text:
    """The figure for a claim about cores, in both languages."""
    return {"en": f"{cores:.2f} cores busy", "zh": f"占用 {cores:.2f} 个核心"}


def cannot_show(claim: Text, why: Text, *, lasting: bool = False) -> None:
    """Report that this machine cannot show `claim` (say `why`), so it was not checked.

    `lasting`: measuring again cannot change that (what is missing is not free cores).
    """
    _report({"claim": claim, "holds": None, "why": why, "lasting": lasting})
    if REPORT not in os.environ:
        print(f"note: {why['en']}", file=sys.stderr)


def _report(record: dict) -> None:
    path = os.environ.get(REPORT)
    if path:
        with open(path, "a", encoding="utf-8") as report:
            report.write(json.dumps(record, ensure_ascii=False) + "\n")
