"""The snippet runner as a MkDocs plugin: its settings, its build session, what each event asks.

- `on_config`: the settings (`extra.snippet_runner`, validated: a bad one stops the build
  naming the key); the formatter of executed blocks goes into markdown-exec's `formatters`.
- `on_pre_build` / `on_post_build`: the outermost build (mkdocs-static-i18n nests one per
  extra language in it) creates the session, which plans and starts every run, and drops it at
  its end, logging the summary line; a `mkdocs serve` rebuild starts from a fresh one.
- `on_files` / `on_env`: the current language's notebooks become pages (`notebooks`), and the
  pages of notebooks still running are read last, so the other pages render meanwhile.
- `on_pre_page` / `on_page_markdown`: the page being rendered (source, address, language) is
  worked out once; a notebook's page gets its run's outputs; an include of a missing file is a
  warning that names the page, not a traceback.
- `on_page_markdown` / `on_page_content`: a page whose conversion is kept (`page_store`) is not
  converted again: MkDocs converts nothing, and the page gets the kept HTML, title, table of
  contents and anchors; a page converted without a warning is kept. A lab's page is drawn by
  mkdocs-jupyter's converter (`notebooks.converted`), and kept the same way.
- `on_post_page`: a lab's notebook, with its run's outputs, is put where its page's download
  link points.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from . import cache, converted, fences, notebooks, page_store, sentences, settings
from .pages import PageContext
from .render import MISSING_MARK, format_block
from .session import Machine, Session
from .snippet import ROOT

log = logging.getLogger("mkdocs.plugins.snippet_runner")
warnings = page_store.WarningCount()
logging.getLogger("mkdocs").addHandler(warnings)


class SnippetRunnerPlugin(BasePlugin[settings.RunnerSettings]):
    """Every executed block and lab notebook of the site runs as a real program, under limits."""

    def __init__(self) -> None:
        self.session: Session | None = None
        self.page = PageContext()
        self._depth = 0  # nesting of mkdocs-static-i18n's per-language builds
        self._read_last: list[Any] = []  # the files in the build's own order, while reordered
        self._blocks_on_page = 0
        self._converter = ""  # what turns this site's Markdown into HTML (`converted`)
        # The page store (`page_store`): what every page's key shares in this build, and the
        # page being converted (its key, the warnings and trace links before it) or restored.
        self._statements = ""
        self._files = ""
        self._results: dict[str, str] = {}  # a run's key -> its stored result's hash
        self._page_key: str | None = None
        self._warnings_before = 0
        self._links_before = 0
        self._kept: page_store.Converted | None = None

    # ------------------------------------------------------------------ configuration

    def on_config(self, config: Any) -> Any:
        try:
            self.config = settings.load(
                config.extra.get("snippet_runner"), where="extra.snippet_runner"
            )
        except settings.SettingsError as error:
            raise PluginError(f"snippet runner: {error}") from None
        self._converter = converted.converted_by(config.markdown_extensions, config.mdx_configs)
        import markdown_exec

        markdown_exec.formatters["python"] = markdown_exec.formatters["py"] = self.format_block
        if "mkdocs-jupyter" in config.plugins:
            raise PluginError(
                "mkdocs-jupyter: not a plugin of this site: the snippet runner runs the labs "
                "and draws their pages with mkdocs-jupyter's converter"
            )
        return config

    def language(self, config: Any) -> str:
        """The language this (nested) build is for."""
        i18n = config.plugins.get("i18n")
        current = getattr(i18n, "current_language", None)
        return current or config.theme.get("language") or "en"

    def languages(self, config: Any) -> tuple[list[str], str]:
        """Every language the site builds, and the default one (served at the root)."""
        i18n = config.plugins.get("i18n")
        if i18n is None:
            language = config.theme.get("language") or "en"
            return [language], language
        listed = [entry.locale for entry in i18n.config.languages if entry.build]
        default = next(entry.locale for entry in i18n.config.languages if entry.default)
        return listed, default

    def format_block(self, code: str, md: Any, **options: Any) -> str:
        """markdown-exec's formatter for ```python exec="1"```, on the page being rendered."""
        if self.session is None:
            raise RuntimeError("an executed block was rendered outside a build")
        self._blocks_on_page += 1
        return format_block(
            code,
            md,
            runs=self.session,
            page=self.page,
            limits=self.config.limits(),
            number=self._blocks_on_page,
            converter=self._converter,
            **options,
        )

    # ------------------------------------------------------------------ the build session

    @event_priority(100)  # first: the measurements run before anything else of the build
    def on_pre_build(self, config: Any) -> None:
        if self._depth == 0:
            runner = self.config
            self.session = Session(
                Machine.of(runner.interpreters, runner.start_method),
                runner.limits(),
                runner.workers,
                notebook_limits=replace(
                    runner.limits(),
                    timeout=runner.notebook_timeout,
                    output=2 * runner.output_limit + (1 << 20),  # the cells' report, too
                ),
            )
            for error in self.session.statements.errors:
                log.warning("statements %s", error)
            self._statements = cache.digest_of(*sorted((ROOT / "statements").rglob("*.py")))
            self._results = {}
            self.session.start(Path(config.docs_dir))
        self._depth += 1

    @event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other languages
    def on_post_build(self, config: Any) -> None:
        self._depth -= 1
        if self._depth == 0 and self.session is not None:
            log.info(self.session.finish(Path(config.site_dir)))
            self.session = None

    def on_build_error(self, error: Exception) -> None:
        if self.session is not None:
            log.info(self.session.abort())
        self.session, self._depth = None, 0

    # ------------------------------------------------------------------ notebooks as pages

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has kept this language's files
    def on_files(self, files: Any, config: Any) -> Any:
        languages, default = self.languages(config)
        language = self.language(config)
        made = notebooks.pages_for(files, config, language, languages, default)
        i18n = config.plugins.get("i18n")
        if i18n is not None:  # its sitemap lists each language's pages with their alternates
            i18n.i18n_files_per_language.setdefault(language, []).extend(made)
        running = [
            file
            for file in files
            if isinstance(file, notebooks.NotebookPage) and not self._ready(file)
        ]
        self._read_last = list(files) if running else []
        for file in running:  # read last: the other pages render while it runs
            files.remove(file)
            files.append(file)
        self._files = page_store.files_digest(files, config)
        return files

    def _ready(self, page: notebooks.NotebookPage) -> bool:
        session = self.session
        if session is None:
            return True
        future = session.ahead.get(notebooks.key_of(page.notebook, session))
        return future is None or future.done()

    @event_priority(100)  # once every page is read, before anything is written in file order
    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        """Put the files back in the build's order, which the search index follows."""
        for file in self._read_last:
            files.remove(file)
            files.append(file)
        self._read_last = []
        return env

    # ------------------------------------------------------------------ pages

    @event_priority(10)  # first: a lab's notebook is written before MkDocs reads it
    def on_pre_page(self, page: Any, config: Any, files: Any) -> Any:
        self.page = PageContext.of(page, config)
        self._blocks_on_page = 0
        self._page_key, self._kept = None, None
        self._warnings_before = warnings.count
        self._links_before = len(self.session.linked) if self.session else 0
        if isinstance(page.file, notebooks.NotebookPage):
            self._prepare_notebook(page.file)
            name, _ = notebooks.download(page.file)
            page.nb_url = urljoin(page.abs_url, name)  # the theme's download button (main.html)
        return page

    def _prepare_notebook(self, file: notebooks.NotebookPage) -> None:
        session = self.session
        if session is None:
            return
        result = notebooks.result_of(file.notebook, session)
        verdict = notebooks.verdict(result, session)
        if not verdict.passed:
            session.failed.add(str(file.notebook))
            log.warning("notebook %s: %s", file.src_uri, verdict.log())
        for problem in notebooks.write_page(file, result, verdict, session):
            log.warning("notebook %s: %s", file.src_uri, problem)
            session.failed.add(str(file.notebook))

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        """An include of a missing file becomes a warning naming the page and the path; a
        page whose conversion is kept is given nothing to convert; the others' sentences are
        bound to their runs.

        pymdownx.snippets would raise on a missing file, aborting the build with a traceback; a
        warning fails a strict build, and lets `mkdocs serve` go on showing the rest.
        """
        lines = markdown.split("\n")
        missing = False
        for number, line in enumerate(lines):
            match = fences.INCLUDE_LINE.match(line)
            if not match:
                continue
            target = match["path"].split(":", 1)[0]
            if not (Path(config.config_file_path).parent / target).is_file():
                log.warning("page %s, snippet %s: file not found", self.page.source, target)
                if self.session is not None:
                    self.session.failed.add(target)
                lines[number] = f"{match['indent']}{MISSING_MARK}{target}"
                missing = True
        markdown = "\n".join(lines)
        if isinstance(page.file, notebooks.NotebookPage):
            self._kept = self._notebook_page(page.file)
            return ""  # not Markdown: `on_page_content` gives the page the lab's HTML
        if missing:
            return self._bind(markdown)
        self._page_key = self._key_of(markdown, Path(config.config_file_path).parent)
        self._kept = page_store.load(self._page_key) if self._page_key else None
        session = self.session
        if self._kept is None or session is None:
            return self._bind(markdown)
        for key, about in self._kept.traces:  # the runs are loaded: `_key_of` waited for them
            session.trace_link(key, session.results[key], about, self.page.url)
        return ""  # nothing to convert: `on_page_content` gives the page what was kept

    def _notebook_page(self, file: notebooks.NotebookPage) -> page_store.Converted:
        """A lab's page: kept, or drawn now from its notebook (and kept)."""
        page = self.page
        notebook = Path(file.abs_src_path).read_bytes()
        key = page_store.Key(notebooks.DRAWN_BY, page.source, page.url, page.language)
        key.add(notebook)
        kept = page_store.load(key.digest)
        if kept is None:
            kept = notebooks.converted(file)
            page_store.store(key.digest, kept)
        return kept

    def _key_of(self, markdown: str, base: Path) -> str | None:
        """The key of this page's conversion in the page store, or None if what it reads
        cannot all be named: an include this cannot read, a run with no stored result."""
        session = self.session
        if session is None:
            return None
        page = self.page
        key = page_store.Key(
            self._converter,
            self._files,
            self._statements,
            page.source,
            page.url,
            page.language,
            json.dumps(session.machine.missing),
            json.dumps(dict(self.config), sort_keys=True, default=str),  # limits judge runs
            markdown,
        )
        for line in markdown.split("\n"):
            if "--8<--" in line:
                include = fences.INCLUDE_LINE.match(line)
                try:
                    included = (base / include["path"].split(":", 1)[0]).read_bytes()
                except (TypeError, OSError):  # not a line this reads, or no such file
                    return None
                if b"--8<--" in included:
                    return None  # it includes more: what, this does not follow
                key.add(line, included)
        for block in fences.blocks_in(markdown, ROOT, self.config.limits()):
            session.results_of(block)  # waited for, as converting would; counted
            for run_key, _ in session.runs_of(block):
                if run_key not in self._results:
                    try:
                        stored = cache.path_of(run_key).read_bytes()
                    except OSError:
                        return None  # a run that failed, or was not stored
                    self._results[run_key] = hashlib.sha256(stored).hexdigest()
                key.add(run_key, self._results[run_key])
        return key.digest

    @event_priority(100)  # first: the other plugins and hooks see the page's kept HTML
    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        if self._kept:
            return self._kept.restore(page, files)
        session = self.session
        if self._page_key and session and warnings.count == self._warnings_before:
            traces = [(key, about) for key, about in session.linked[self._links_before :]]
            page_store.store(self._page_key, page_store.Converted.of(page, html, traces))
        return html

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        if isinstance(page.file, notebooks.NotebookPage):
            notebooks.offer_download(page.file)
        return output

    def _bind(self, markdown: str) -> str:
        """The page's sentences about its runs, bound to them (`sentences`)."""
        session = self.session
        if session is None or "says=" not in markdown:
            return markdown
        blocks = fences.blocks_in(markdown, ROOT, self.config.limits())

        def runs_of(snippet: str):
            found = [b for b in blocks if b.script.relative_to(ROOT).as_posix() == snippet]
            if not found:
                raise KeyError(f"the page shows no block of {snippet}")
            return session.results_of(found[0])

        bound = sentences.bind(
            markdown, session.statements.of_page(self.page.stem), runs_of, self.page.language
        )
        for problem in bound.problems:
            log.warning("page %s: %s", self.page.source, problem)
            session.failed.add(self.page.source)
        self.page = replace(self.page, hidden=dict(bound.hidden))
        return bound.markdown
