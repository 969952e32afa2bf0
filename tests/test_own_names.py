"""The build uses other packages through their public names only: no private name, no reassigned
attribute of another package's module or class, so an upgrade of one cannot break it unseen.

Read from the code of every hook and of the runner that the MkDocs process imports. The runs'
own instruments in `hooks/snippet_runner/startup/` are left out: they are loaded into a
snippet's interpreter, not into the build, and wrap the standard library's entry points by
design (the timeline recorder), under their own test that a recorded run prints what a plain
one does (tests/runner/test_timeline.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

HOOKS = ROOT / "hooks"
OURS = {"snippet_runner"} | {path.stem for path in HOOKS.glob("*.py")}
# Names with a leading underscore that their module documents as public.
DOCUMENTED = {"_exit"}  # os._exit


def build_modules() -> list[Path]:
    return sorted(
        path for path in HOOKS.rglob("*.py") if "startup" not in path.relative_to(HOOKS).parts
    )


def imported_names(tree: ast.Module) -> set[str]:
    """The names a module binds to other packages' modules and objects by importing them."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] not in OURS:
                    names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            theirs = node.module.split(".")[0] not in OURS
            names.update(alias.asname or alias.name for alias in node.names if theirs)
    return names


def private_names(tree: ast.Module) -> list[int]:
    """Lines where `tree` reads another package's private name (or imports one)."""
    foreign = imported_names(tree)
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            private = node.attr.startswith("_") and not node.attr.startswith("__")
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            named = isinstance(base, ast.Name) and base.id in foreign
            if private and named and node.attr not in DOCUMENTED:
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            theirs = node.module.split(".")[0] not in OURS
            if theirs and any(a.name.startswith("_") and a.name[1:2] != "_" for a in node.names):
                lines.append(node.lineno)
    return lines


def reassigned(tree: ast.Module) -> list[int]:
    """Lines where `tree` assigns an attribute of another package's module or class."""
    foreign = imported_names(tree)
    lines = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            base = target
            while isinstance(base, ast.Attribute):
                base = base.value
            if (
                isinstance(target, ast.Attribute)
                and isinstance(base, ast.Name)
                and (base.id in foreign)
            ):
                lines.append(node.lineno)
    return lines


def found_in_the_build(check) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line}"
        for path in build_modules()
        for line in check(ast.parse(path.read_text(encoding="utf-8")))
    ]


def test_the_build_reads_no_private_name_of_another_package() -> None:
    assert found_in_the_build(private_names) == []


def test_the_build_reassigns_no_attribute_of_another_package() -> None:
    """No `module.function = ...` or `Class.method = ...` of another package: a documented
    extension point (a registry dict, a subclass, a configuration value) is used instead."""
    assert found_in_the_build(reassigned) == []


def test_the_checks_see_a_patch_and_a_private_name() -> None:
    """What the two checks above look for, they find (they are not vacuous)."""
    patched = ast.parse(
        "from mkdocs.structure.files import File\n"
        "import mkdocs_jupyter.plugin as plugin\n"
        "from snippet_runner import cache\n"
        "File.is_documentation_page = lambda self: True\n"
        "plugin._get_cache_path(1, 2)\n"
        "cache._write(1, 2)\n"  # our own module: allowed
        "import os\nos._exit(0)\n"  # documented as public
    )
    assert reassigned(patched) == [4]
    assert private_names(patched) == [5]
