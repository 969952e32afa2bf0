"""`mkdocs serve` outlives every bad snippet and cell: it warns, serves on, a fix shows at once."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from collections.abc import Iterator

import pytest
from minisite import MiniSite, block
from test_bad_input import CELLS, SNIPPETS

FIXED = 'print("fixed at last")\n'
FIXED_CELL = 'print("the lab runs again")\n'


class Server:
    """`mkdocs serve` on a free port, its log collected as it runs."""

    def __init__(self, mini_site: MiniSite) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=mini_site.root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://localhost/"},
        )
        self.log: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line)

    def wait_for(self, text: str, since: int = 0, timeout: float = 90) -> None:
        """Wait until the log, from its line `since` on, has a line holding `text`."""
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.log[since:]):
            assert self.process.poll() is None, "mkdocs serve exited:\n" + "".join(self.log)
            assert time.monotonic() < deadline, f"no {text!r} in:\n" + "".join(self.log)
            time.sleep(0.1)

    def page(self, path: str = "") -> str:
        url = f"http://127.0.0.1:{self.port}/{path}"
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.reader.join(timeout=10)


@pytest.fixture
def server(mini_site: MiniSite) -> Iterator[Server]:
    mini_site.settings(timeout="3", memory_limit="384MiB")
    path = mini_site.snippet("bad.py", FIXED)
    mini_site.page("index", block(path, timeout="20"))  # the settings' 3 s are for the cells
    mini_site.notebook("lab", FIXED_CELL, languages=("zh", "en"))
    server = Server(mini_site)
    try:
        server.wait_for("Serving on")
        yield server
    finally:
        server.stop()


def test_serve_survives_bad_input_and_shows_each_fix(mini_site: MiniSite, server) -> None:
    """One server; each bad snippet of test_bad_input in turn, and two bad cells; each fixed."""
    snippet = mini_site.root / "snippets" / "bad.py"
    for name, (code, warning, notes) in SNIPPETS.items():
        since = len(server.log)
        snippet.write_text(textwrap.dedent(code).lstrip(), encoding="utf-8")
        server.wait_for("snippets: 1 ran, 0 cached, 1 failed", since)
        assert any(
            re.search(f"snippet snippets/bad.py: {warning}", line) for line in server.log[since:]
        ), (name, "".join(server.log[since:]))
        for (label, note), language in zip(notes.items(), ("", "en/"), strict=True):
            page = server.page(language)
            assert label in page and note in page, (name, language)
        assert mini_site.leftovers(keep=(server.process.pid,)) == [], name

        since = len(server.log)
        snippet.write_text(FIXED, encoding="utf-8")
        server.wait_for(" 0 failed in ", since)  # from the cache: it ran when the server started
        assert "fixed at last" in server.page() and "fixed at last" in server.page("en/")

    cell = mini_site.root / "docs" / "lab.zh.ipynb"
    fixed_cell = cell.read_text(encoding="utf-8")
    # Two of the bad cells (all four fail builds in test_bad_input): one that never ends, one
    # that floods; each notebook run starts a kernel, the slow part of this test.
    for name in ("hang", "flood"):
        code, warning = CELLS[name]
        since = len(server.log)
        mini_site.notebook("lab", code, languages=("zh",))
        server.wait_for("notebook lab.zh.ipynb: ", since)
        assert re.search(
            f"notebook lab\\.zh\\.ipynb: (.|\\n)*{warning}", "".join(server.log[since:])
        )
        server.wait_for("snippets: ", since)  # the rebuild is over
        assert "构建时这个 notebook 没有通过" in server.page("lab/"), name
        assert mini_site.leftovers(keep=(server.process.pid,)) == [], name

        since = len(server.log)
        cell.write_text(fixed_cell, encoding="utf-8")
        server.wait_for("snippets: ", since)
        assert "the lab runs again" in server.page("lab/"), name

    assert server.process.poll() is None
    server.stop()
    assert mini_site.leftovers() == []
