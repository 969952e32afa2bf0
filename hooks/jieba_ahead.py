"""MkDocs hook: load jieba's Chinese dictionary in the background as soon as a build starts.

Material's search plugin segments Chinese with jieba, which loads its dictionary (about
0.4 s) when the first Chinese page is indexed, after every page has rendered. Loaded from a
thread at the start of the build, it is ready by then: in a cold build, while the main
thread waits for snippets, it costs no time at all.
"""

from __future__ import annotations

import threading
from typing import Any


def on_pre_build(config: Any) -> None:
    try:
        import jieba
    except ImportError:
        return
    if not jieba.dt.initialized:
        threading.Thread(target=jieba.initialize, name="jieba", daemon=True).start()
