"""Claims checked at build time: measured again while unsettled, then shown, or a failure.

Each snippet reports its claims through a `snippets/claims.py` of the throw-away site (the
runner's protocol, `snippet_runner.claims`); a file in the site counts the runs, so a claim can
fail the first time only. (The site's own pages now state their claims as statements bound to
their runs; this protocol stays until the runner drops it.)
"""

from __future__ import annotations

import re

from minisite import MiniSite, block, pre_texts
from snippet_runner import claims as runner_claims

CLAIM = {"en": "the bar is high enough", "zh": "横杆足够高"}


def measuring(runs_log: str, holds_from_run: int | None) -> str:
    """A snippet whose claim holds from its `holds_from_run`-th run on (never if None)."""
    holds = "False" if holds_from_run is None else f"runs >= {holds_from_run}"
    return f"""
        from pathlib import Path

        from snippets import claims

        log = Path({runs_log!r})
        with log.open("a") as runs:
            runs.write("run\\n")
        runs = log.read_text().count("run")
        print(f"measured {{runs}} time(s)")
        claims.check({CLAIM!r}, {holds}, f"×{{runs}}")
        """


# What a measuring snippet reports through, in the runner's protocol (`snippet_runner.claims`).
REPORTER = f"""
import json
import os


def _report(record):
    with open(os.environ[{runner_claims.VARIABLE!r}], "a", encoding="utf-8") as report:
        report.write(json.dumps(record, ensure_ascii=False) + "\\n")


def check(claim, holds, figures):
    _report({{"claim": claim, "holds": bool(holds), "figures": figures}})


def cannot_show(claim, why, *, lasting=False):
    _report({{"claim": claim, "holds": None, "why": why, "lasting": lasting}})
"""


def prepare(mini_site: MiniSite, code: str) -> None:
    """The site's page measures with `code`, which may import the site's snippets.claims."""
    mini_site.snippet("claims.py", REPORTER)
    path = mini_site.snippet("measure.py", code)
    mini_site.page("index", block(path, alone="1"))


def test_a_claim_that_never_holds_fails_the_build_naming_page_and_claim(
    mini_site: MiniSite,
) -> None:
    runs = mini_site.outside / "runs.log"
    prepare(mini_site, measuring(str(runs), holds_from_run=None))
    build = mini_site.build()
    assert build.returncode != 0
    attempts = runner_claims.ATTEMPTS
    assert runs.read_text().count("run") == attempts  # measured again, then given up on
    for language in ("zh", "en"):
        assert re.search(
            rf"page index\.{language}\.md, snippet snippets/measure\.py: its figures contradict "
            rf"the page, measured {attempts} times: the bar is high enough \(measured: ×3\)",
            build.stderr,
        )
    assert f"测量了 {attempts} 次，数字仍与本页的结论相矛盾：横杆足够高（测得：×3）" in (
        mini_site.html("index", "zh")
    )
    assert "its figures still contradict the page: the bar is high enough (measured ×3)" in (
        mini_site.html("index", "en")
    )


def test_a_claim_that_holds_when_measured_again_passes_and_is_shown(mini_site: MiniSite) -> None:
    runs = mini_site.outside / "runs.log"
    prepare(mini_site, measuring(str(runs), holds_from_run=2))
    build = mini_site.build()
    assert build.returncode == 0, build.stderr
    assert runs.read_text().count("run") == 2
    zh, en = mini_site.html("index", "zh"), mini_site.html("index", "en")
    assert "measured 2 time(s)" in pre_texts(en)[0]  # the output (first tab): the run that held
    assert re.search(r'<details class="success">.*横杆足够高（测得：×2）', zh, re.S)
    assert re.search(r'<details class="success">.*the bar is high enough \(measured ×2\)', en, re.S)
    assert (mini_site.build().returncode, runs.read_text().count("run")) == (0, 2)  # cached


def test_what_measuring_again_cannot_change_is_not_measured_again() -> None:
    lasting = {"claim": CLAIM, "holds": None, "why": CLAIM, "lasting": True}
    busy = {"claim": CLAIM, "holds": None, "why": CLAIM, "lasting": False}
    held = {"claim": CLAIM, "holds": True, "figures": "×2"}
    assert runner_claims.unsettled([lasting, held]) == []
    assert runner_claims.unsettled([busy, held]) == [busy]
    assert runner_claims.unsettled([{**held, "holds": False}]) == [{**held, "holds": False}]


def test_a_claim_the_machine_cannot_show_is_measured_again_then_explained(
    mini_site: MiniSite,
) -> None:
    runs = mini_site.outside / "runs.log"
    prepare(
        mini_site,
        f"""
        from pathlib import Path

        from snippets import claims

        with Path({str(runs)!r}).open("a") as runs:
            runs.write("run\\n")
        claims.cannot_show({CLAIM!r}, {{"en": "One core only.", "zh": "只有一个核心。"}})
        """,
    )
    build = mini_site.build()
    assert build.returncode == 0, build.stderr
    assert runs.read_text().count("run") == runner_claims.ATTEMPTS
    assert re.search(
        r'class="admonition info">.*这台机器显示不了.*只有一个核心。',
        mini_site.html("index", "zh"),
        re.S,
    )
    assert re.search(
        r'class="admonition info">.*cannot show it.*One core only\.',
        mini_site.html("index", "en"),
        re.S,
    )


def test_a_lab_whose_figures_contradict_its_claim_fails_naming_it(mini_site: MiniSite) -> None:
    mini_site.snippet("claims.py", REPORTER)
    runs = mini_site.outside / "runs.log"
    cell = f"""
import sys
sys.path.insert(0, {str(mini_site.root)!r})
from snippets import claims

open({str(runs)!r}, "a").write("run\\n")
claims.check({CLAIM!r}, False, "×0")
"""
    mini_site.notebook("lab", cell, languages=("zh",), tags=("measure",))
    mini_site.notebook("lab", "print('fine')\n", languages=("en",))
    mini_site.page("index", "Home.\n")
    build = mini_site.build()
    assert build.returncode != 0
    assert runs.read_text().count("run") == runner_claims.ATTEMPTS
    assert re.search(
        r"notebook lab\.zh\.ipynb: its figures contradict the page, measured 3 times: "
        r"the bar is high enough \(measured: ×0\)",
        build.stderr,
    )
    assert "构建时这个 notebook 没有通过" in mini_site.html("lab", "zh")
