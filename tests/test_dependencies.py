"""The dependency locks: every package the build or the tests install is pinned, with hashes.

`requirements.in` and `requirements-dev.in` name the direct dependencies; the `.txt` files
beside them lock the whole tree (CONTRIBUTING says how to upgrade). Every place that installs
installs from a lock, so two builds a month apart get the same packages, and pip checks each
download against its hash.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

LOCKS = {"requirements.in": "requirements.txt", "requirements-dev.in": "requirements-dev.txt"}
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][\w.-]*)==(?P<version>\S+?)(?:\s*;.*?)?\s*\\?$")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(lock: Path) -> dict[str, tuple[str, list[str]]]:
    """package -> (its versions, hashes), as the lock file pins them. A package pinned once per
    Python (an environment marker on each) has its versions joined by " | "."""
    packages: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in lock.read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            current = canonical(match["name"])
            before = packages.get(current)
            version = match["version"]
            if before:
                version = " | ".join(sorted({*before[0].split(" | "), version}))
            packages[current] = (version, before[1] if before else [])
        elif current and (digest := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            packages[current][1].append(digest[1])
        elif not line.startswith(" "):
            current = None
    return packages


def direct(requirements: Path) -> dict[str, str]:
    """package -> version, as a .in file pins it (its -r includes followed; versions of one
    package pinned per Python, with markers, joined by " | ")."""
    pins: dict[str, str] = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            pins |= direct(requirements.parent / line[3:].strip())
        elif line:
            requirement = line.split(";", 1)[0].strip()
            name, _, version = requirement.partition("==")
            assert version, f"{requirements.name}: {line!r} is not pinned with =="
            name = canonical(name)
            versions = {version, *pins.get(name, version).split(" | ")}
            pins[name] = " | ".join(sorted(versions))
    return pins


@pytest.mark.parametrize("source, lock", LOCKS.items())
def test_every_locked_package_has_a_version_and_hashes(source: str, lock: str) -> None:
    packages = locked(ROOT / lock)
    assert len(packages) > len(direct(ROOT / source))  # the whole tree, not just the top
    unhashed = [name for name, (_, hashes) in packages.items() if not hashes]
    assert not unhashed, f"{lock}: no hash for {unhashed}"


@pytest.mark.parametrize("source, lock", LOCKS.items())
def test_the_lock_holds_each_direct_dependency_at_its_pinned_version(
    source: str, lock: str
) -> None:
    packages = locked(ROOT / lock)
    differ = {
        name: (version, packages.get(name, ("missing",))[0])
        for name, version in direct(ROOT / source).items()
        if packages.get(name, ("missing",))[0] != version
    }
    assert not differ, f"{source} -> {lock} (pinned, locked): {differ}; re-lock (CONTRIBUTING)"


def test_the_test_lock_agrees_with_the_build_lock() -> None:
    build, tests = locked(ROOT / "requirements.txt"), locked(ROOT / "requirements-dev.txt")
    differ = {name: (v, tests[name][0]) for name, (v, _) in build.items() if tests[name][0] != v}
    assert not differ and build.keys() <= tests.keys(), differ


def test_everything_installs_from_a_lock() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    steps = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    installs = [
        line
        for text in [readme, ci, *steps]
        for line in text.splitlines()
        if re.search(r"\bpip install\b", line)
    ]
    assert installs
    for line in installs:
        for command in re.findall(r"pip install ([^&;|]*)", line):
            words = command.split()
            requirements = [words[i + 1] for i, word in enumerate(words) if word == "-r"]
            others = [w for w in words if not w.startswith("-") and w not in requirements]
            assert requirements and not others, f"not installed from a lock: {line.strip()}"
            assert set(requirements) <= set(LOCKS.values()), line.strip()
