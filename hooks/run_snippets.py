"""MkDocs hook: registers the snippet runner (`snippet_runner/`) as this site's plugin.

A plugin is normally found through an installed entry point. The requirements are locked with
hashes, and pip refuses to install a local folder in hash-checking mode, so making the runner
an installed package would add a third step to the README's set-up. Instead MkDocs loads this
file as a hook, afresh for every build (`mkdocs serve` too), and each build gets a new plugin
object, whose events are these.
"""

from snippet_runner.plugin import SnippetRunnerPlugin

plugin = SnippetRunnerPlugin()

on_config = plugin.on_config
on_pre_build = plugin.on_pre_build
on_files = plugin.on_files
on_env = plugin.on_env
on_pre_page = plugin.on_pre_page
on_page_markdown = plugin.on_page_markdown
on_page_content = plugin.on_page_content
on_post_page = plugin.on_post_page
on_post_build = plugin.on_post_build
on_build_error = plugin.on_build_error
