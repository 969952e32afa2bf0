"""What the labs' measurements teach, stated once for both languages and checked at every build.

The lab notebooks (one per language) call these with the figures they print; the site's build
measures again, or fails, if the figures say otherwise (see `snippets/claims.py`).
"""

from snippets import claims

SEQUENTIAL_ONE_CORE = {
    "en": "computing one piece after another keeps about one core busy",
    "zh": "一份接一份地计算，大约占用一个核心",
}
POOL_SEVERAL_CORES = {
    "en": "a process pool keeps more than one core busy",
    "zh": "进程池同时占用不止一个核心",
}
THREADS_ONE_CORE = {
    "en": "two computing threads never keep more than one core busy (the GIL)",
    "zh": "两个做计算的线程加起来从不超过一个核心（GIL）",
}


def sequential_cores(busy: float, free_cores: float, language: str) -> None:
    if free_cores < 0.9:
        _cannot_show(SEQUENTIAL_ONE_CORE, free_cores, language)
        return
    claims.check(SEQUENTIAL_ONE_CORE, busy >= 0.8, claims.cores_busy(busy))


def pool_cores(busy: float, free_cores: float, language: str) -> None:
    if free_cores < 1.6:  # one core, or the rest of the machine kept the others busy
        _cannot_show(POOL_SEVERAL_CORES, free_cores, language)
        return
    claims.check(POOL_SEVERAL_CORES, busy > 1.3, claims.cores_busy(busy))


def threads_cores(busy: float, gil_enabled: bool) -> None:
    if gil_enabled:  # without the GIL, threads do run in parallel
        claims.check(THREADS_ONE_CORE, busy <= 1.1, claims.cores_busy(busy))


def _cannot_show(claim: claims.Text, free_cores: float, language: str) -> None:
    why = {
        "en": f"Only {free_cores:.1f} CPU cores were free for this measurement: too few to show "
        f"that {claim['en']}.",
        "zh": f"这次测量时只有 {free_cores:.1f} 个空闲的 CPU 核心，不足以显示：{claim['zh']}。",
    }
    print(why[language])
    claims.cannot_show(claim, why)
