"""The snippet runner: every executed block of the site runs as a real program, under limits.

Its parts, each a module with one job:

- `procfs`: what Linux's /proc says about processes;
- `reaper`: ending every process a run started (child subreaper, killing a tree);
- `supervisor`: the small process that starts each run and makes sure it ends;
- `sampler`: while a recorded run is alive, when each of its threads was on a CPU and what it
  waited for, read from /proc by the run's reaper;
- `launch`: running a command under the supervisor, its output read up to a ceiling;
- `snippet`: running a snippet file as `__main__` in the environment every snippet gets;
- `interpreters`: which of the Python interpreters mkdocs.yml lists this machine has;
- `matrix`: what a block runs on (interpreter × start method), and which runs printed the same;
- `timeline`: a recorded run's events and samples read into lanes; `oncpu`: what its samples
  say (time on a CPU, waits, lanes at once), for its drawing (`drawing`), its trace (`trace`)
  and pages' statements;
- `cache`: what a run depends on (its key), and its stored result;
- `fences`: the executed blocks of a page, and their options;
- `build`: one build's runs, planned ahead, each at most once, and its summary line;
- `render`: a block as the page shows it (markdown-exec's formatter), in the page's language.

`hooks/run_snippets.py` connects them to MkDocs' events. Nothing here imports MkDocs but
`build` and `render`; `supervisor`, `reaper`, `sampler` and `procfs` use the standard library
only.
"""
