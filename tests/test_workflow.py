"""The GitHub Pages workflow: valid for GitHub, clean for zizmor, pinned, deploying the tested site.

Both tools come from PyPI and run offline: check-jsonschema carries GitHub's workflow schema,
zizmor's offline audits need no token.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import yaml
from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PAGES = WORKFLOWS / "pages.yml"
# A full commit SHA, and the release it is, for every action.
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+\s*$")
BLOCKING = {"Medium", "High"}


def workflow() -> dict:
    return yaml.safe_load(PAGES.read_text(encoding="utf-8"))


def interpreters_listed() -> list[str]:
    """The interpreters mkdocs.yml's runner settings list (newest first)."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return json.loads(re.search(r"^    interpreters: (\[.*\])", config, re.M)[1])


def setup_python_versions(job: dict) -> list[str]:
    [step] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
    return str(step["with"]["python-version"]).split()


def test_the_site_is_built_with_every_interpreter_mkdocs_yml_lists() -> None:
    jobs = workflow()["jobs"]
    listed = interpreters_listed()
    assert {"3.15", "3.15t", "3.14", "3.14t", "3.13", "3.12", "3.11"} <= set(listed)
    build = setup_python_versions(jobs["build"])
    assert set(build) == set(listed)
    assert build[-1] == "3.11"  # `python`, which runs MkDocs: the locks are for 3.11
    # The runner's matrix tests run real interpreters beside the suite's own.
    assert {"3.10", "3.12", "3.13"} <= set(setup_python_versions(jobs["test"]))


def test_workflows_match_githubs_schema() -> None:
    check = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
        + [str(path) for path in sorted(WORKFLOWS.glob("*.y*ml"))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_zizmor_finds_nothing_of_medium_severity_or_worse() -> None:
    zizmor = Path(sysconfig.get_path("scripts")) / "zizmor"
    audit = subprocess.run(
        [str(zizmor), "--offline", "--persona=auditor", "--format=json", str(WORKFLOWS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert audit.stdout.strip(), audit.stderr  # JSON, even for no findings; nothing on an error
    findings = [
        f"{finding['ident']} ({finding['determinations']['severity']}): {finding['desc']}"
        for finding in json.loads(audit.stdout)
        if finding["determinations"]["severity"] in BLOCKING
    ]
    assert not findings, "\n".join(findings)


def test_every_action_is_pinned_to_a_commit_with_its_release() -> None:
    uses = [line for line in PAGES.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert uses
    assert [line for line in uses if not PINNED.match(line)] == []


def test_it_deploys_the_site_only_after_the_tests_on_every_python() -> None:
    jobs = workflow()["jobs"]
    assert workflow()["permissions"] == {}  # each job asks for what it needs
    listed = set(interpreters_listed())
    assert set(jobs["snippets"]["strategy"]["matrix"]["python"]) == listed
    build_steps = [step.get("uses", step.get("run", "")) for step in jobs["build"]["steps"]]
    assert any("mkdocs build --strict" in step for step in build_steps)
    assert any(step.startswith("actions/upload-pages-artifact@") for step in build_steps)
    deploy = jobs["deploy"]
    assert set(deploy["needs"]) == {"build", "test", "snippets"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")
    assert "pull_request" in deploy["if"] and "refs/heads/main" in deploy["if"]
    for name, job in jobs.items():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/setup-python@"):
                assert step["with"]["cache"] == "pip", name
