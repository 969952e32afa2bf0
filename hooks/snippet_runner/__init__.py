"""The snippet runner: every executed block and lab of the site runs as a real program, in limits.

A MkDocs plugin object (`plugin`) with a typed configuration (`settings`), registered by
`hooks/run_snippets.py`. Its parts, each a module with one job, are listed in `hooks/README.md`.
"""
