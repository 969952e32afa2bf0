"""What a timeline's on-CPU samples say: how long lanes were on a CPU, together, and their waits.

Each process and thread lane of a timeline (`timeline.read`) carries the slices the run's
reaper sampled of it from outside (`sampler`), under "cpu": `[start, end, on_cpu, ready,
wait]`, in µs. A slice says how long the thread was on a CPU within it, not when; and the
kernel adds a running thread's time at scheduler ticks, so a slice may hold up to a tick
(`timeline["sampled"]["tick_us"]`) that belongs next to it. Of lanes that spent a total of `s`
on a CPU within a stretch of length `d`, the time during which two or more were on one at once
is at least `(s - d) / (n - 1)` (n lanes on a CPU in it), and at most `s` less the busiest
one's time. Of that come:

- *about* how long, summed over the finest stretches the slices give: the least they allow
  (lanes that took turns, or shared one free core, come out near 0; lanes that computed at
  once on free cores near their time together), and the most (near half of a stretch that
  holds a switch from one to the other: loose);
- what is *proven*, summed over windows of many ticks, each lane's time in a window less two
  ticks (its ends may have been counted in the next window, or this one's in the last): what
  no lag of the kernel's can make untrue.

Shares are of a group's span, from the first lane's start to the last one's end. These are the
functions a page's statement about a run can call (`lanes` are lane dicts from the timeline,
or names: every process and thread lane whose name starts with one is taken).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import sampler
from .timeline import Timeline, label, siblings

# A share of a stretch that a sum of on-CPU times must exceed its length by before the estimate
# counts a moment with one more lane on a CPU: a thread handing the GIL over is on a CPU for a
# few microseconds after the next one has woken, which is no computing at once.
MOMENT = 0.05
TICK = sampler.TICK // 1000  # µs between scheduler ticks, where the samples do not say
WINDOW_TICKS = 50  # what is proven is summed over windows this many ticks long (less two each)
PROVEN_SHARE = 0.1  # lanes proven at once for this share of their span: "at once" by default
TURNS = 0.1  # lanes on a CPU together for about this share of their span at most took turns
NEVER = 0.02  # lanes proven on a CPU together for more than this share did not take turns
STARVED = 0.1  # lanes ready for a CPU this share of their lives: other work held the cores


def sampled(timeline: Timeline) -> bool:
    """Whether the run's threads were sampled at all (a measurement, an old result: not)."""
    return "sampled" in timeline


def all_lanes(timeline: Timeline) -> list[dict]:
    """Every process and thread lane, each process's threads after it."""
    return [lane for process in timeline["processes"] for lane in (process, *process["threads"])]


def slices_of(lane: dict) -> list[list]:
    """The lane's samples (none in a timeline recorded before the sampler, or of a task)."""
    return lane.get("cpu", [])


def lane_name(lane: dict) -> str:
    return label(lane) if "pid" in lane else lane["name"]


def lanes_of(timeline: Timeline, lanes: Iterable[dict | str]) -> list[dict]:
    """The lanes meant: lane dicts as they are, a name as every lane whose name starts with it."""
    chosen: list[dict] = []
    for wanted in lanes:
        found = (
            [lane for lane in all_lanes(timeline) if lane_name(lane).startswith(wanted)]
            if isinstance(wanted, str)
            else [wanted]
        )
        chosen += [lane for lane in found if all(lane is not other for other in chosen)]
    return chosen


def on_cpu(timeline: Timeline, lane: dict | str) -> float:
    """Seconds the lane (the lanes so named) spent on a CPU."""
    chosen = lanes_of(timeline, [lane])
    return sum(piece[2] for each in chosen for piece in slices_of(each)) / 1e6


def on_cpu_share(timeline: Timeline, lane: dict | str) -> float:
    """The share of its life the lane spent on a CPU (0 for a lane never sampled)."""
    [chosen] = lanes_of(timeline, [lane])
    life = max(chosen["end"] - chosen["start"], 1)
    return sum(piece[2] for piece in slices_of(chosen)) / life


def waits(timeline: Timeline, lane: dict | str) -> dict[str, float]:
    """Seconds the lane spent blocked in each kind of wait (`sampler.WAITS`), and ready for a
    CPU ("ready"), where the samples say it; kinds it never waited in are left out."""
    found: dict[str, float] = {}
    for chosen in lanes_of(timeline, [lane]):
        for kind, seconds in waits_of(slices_of(chosen)).items():
            found[kind] = found.get(kind, 0.0) + seconds
    return found


def waits_of(slices: list[list]) -> dict[str, float]:
    """`waits` of one lane's slices."""
    found: dict[str, float] = {}
    for start, end, busy, ready, wait in slices:
        blocked = max(0, end - start - busy - ready)
        if ready:
            found["ready"] = found.get("ready", 0.0) + ready / 1e6
        if wait and blocked:
            found[wait] = found.get(wait, 0.0) + blocked / 1e6
    return found


@dataclass(frozen=True)
class AtOnce:
    """How long `count` or more lanes of a group were on a CPU at once, in µs."""

    span: int  # from the first lane's start to the last one's end
    proven: float  # at least this long, whatever the kernel's lag
    least: float  # at least about this long, as the samples' finest slices tell
    most: float  # at most about this long, as they tell

    def share(self, of: str) -> float:
        """`proven`, `least` or `most` as a share of the span."""
        return getattr(self, of) / max(self.span, 1)


def at_once(timeline: Timeline, lanes: Iterable[dict | str], count: int = 2) -> AtOnce:
    """How long `count` or more of the lanes were on a CPU at the same time."""
    found = all_at_once(timeline, lanes).get(count)
    return found or AtOnce(_span(lanes_of(timeline, lanes))[1], 0.0, 0.0, 0.0)


def _span(lanes: list[dict]) -> tuple[int, int]:
    """(first start, time from it to the last end) of the lanes."""
    first = min((lane["start"] for lane in lanes), default=0)
    return first, max((lane["end"] for lane in lanes), default=0) - first


def all_at_once(timeline: Timeline, lanes: Iterable[dict | str]) -> dict[int, AtOnce]:
    """`at_once` for every count from 1 to the number of lanes, the samples read once."""
    every = lanes_of(timeline, lanes)
    chosen = [lane for lane in every if slices_of(lane)]
    first, span = _span(every)
    tick = timeline.get("sampled", {}).get("tick_us", TICK)
    counts = range(1, len(every) + 1)
    least, most = dict.fromkeys(counts, 0.0), dict.fromkeys(counts, 0.0)
    for length, lows, highs in _stretches(chosen, []):
        busiest = sorted((high for high in highs if high > 0), reverse=True)
        for count in counts:
            if len(busiest) < count:
                break
            least[count] += _beyond(lows, length, count, MOMENT)
            most[count] += min(length, sum(busiest[count - 1 :]))  # all but the count - 1 busiest
    windows = _stretches(chosen, list(range(first, first + span, WINDOW_TICKS * tick)), only=True)
    proven = {
        count: sum(
            _beyond([max(0.0, low - 2 * tick) for low in lows], length, count, 0.0)
            for length, lows, _ in windows
        )
        for count in counts
    }
    return {count: AtOnce(span, proven[count], least[count], most[count]) for count in counts}


def _beyond(lows: list[float], length: int, count: int, slack: float) -> float:
    """Of lanes on a CPU for `lows` within a stretch, how long `count` or more were at once at
    least: what their total exceeds count - 1 full CPUs (and `slack` of one) by, shared among
    the lanes that may hold it."""
    busy = [low for low in lows if low > 0]
    if len(busy) < count:
        return 0.0
    return max(0.0, sum(busy) - (count - 1 + slack) * length) / (len(busy) - count + 1)


def on_cpu_together(timeline: Timeline, lanes: Iterable[dict | str]) -> float:
    """About what share of the lanes' span two or more of them were on a CPU at once: the
    least the finest slices allow (lanes that took turns: near 0; that computed at once on
    free cores: near all their time together)."""
    return at_once(timeline, lanes, 2).share("least")


def proven_on_cpu_together(timeline: Timeline, lanes: Iterable[dict | str]) -> float:
    """The share of the lanes' span during which two or more of them were, for certain, on a
    CPU at once (lanes that computed at the same time on free cores: most of it)."""
    return at_once(timeline, lanes, 2).share("proven")


def most_on_cpu_at_once(
    timeline: Timeline, lanes: Iterable[dict | str], for_share: float = PROVEN_SHARE
) -> int:
    """The most lanes proven on a CPU at once for `for_share` of their span or more (0 if
    none was on a CPU that long)."""
    every = all_at_once(timeline, lanes)
    return max((n for n, found in every.items() if found.share("proven") >= for_share), default=0)


def _stretches(
    lanes: Sequence[dict], cuts: list[int], only: bool = False
) -> list[tuple[int, list[float], list[float]]]:
    """The lanes' time cut where any lane's slice begins or ends, and at `cuts` (with
    `only`, at `cuts` alone): each stretch's length, and for each lane the least and the most
    of its slices' time on a CPU that can fall within it (a slice says how long, not when)."""
    edges = {t for lane in lanes for piece in lane["cpu"] for t in piece[:2]}
    ends = sorted((set() if only else edges) | set(cuts) | {max(edges, default=0)})
    cursors = [0] * len(lanes)  # each lane's first slice that has not ended by `begin`
    found = []
    for begin, end in itertools.pairwise(ends):
        lows, highs = [], []
        for number, lane in enumerate(lanes):
            slices, low, high = lane["cpu"], 0.0, 0.0
            while cursors[number] < len(slices) and slices[cursors[number]][1] <= begin:
                cursors[number] += 1
            index = cursors[number]
            while index < len(slices) and slices[index][0] < end:
                start, stop, busy = slices[index][:3]
                inside = min(stop, end) - max(start, begin)
                if inside > 0:
                    low += min(inside, max(0, busy - (stop - start - inside)))
                    high += min(inside, busy)
                index += 1
            lows.append(low)
            highs.append(min(high, end - begin))
        found.append((end - begin, lows, highs))
    return found


# A group whose lanes were on a CPU for less than this share of its span, in all, did not
# compute: whether they did so at once says nothing.
BUSY = 0.05


def busy_groups(timeline: Timeline) -> list[dict]:
    """For each group of sibling processes or threads that computed (`timeline.siblings`),
    what the drawing's text says of it: how long two or more were on a CPU at once (bounds,
    µs), the most proven at once, and how long its lanes waited for the GIL and for a CPU."""
    found = []
    if not sampled(timeline):
        return found
    for kind, where, lanes in siblings(timeline):
        if kind == "tasks" or not all(slices_of(lane) for lane in lanes):
            continue
        each = all_at_once(timeline, lanes)
        together = each[2]
        total = sum(on_cpu(timeline, lane) for lane in lanes) * 1e6
        if total < max(1000, BUSY * together.span):
            continue
        waited = [waits(timeline, lane) for lane in lanes]
        most = max((n for n in each if each[n].share("proven") >= PROVEN_SHARE), default=0)
        found.append(
            {
                "kind": kind,
                "where": where,
                "count": len(lanes),
                "together": together,  # two or more at once
                "most": most,
                "most_together": each[max(most, 2)],
                "gil": sum(w.get("gil", 0.0) for w in waited) * 1e6,
                "ready": sum(w.get("ready", 0.0) for w in waited) * 1e6,
            }
        )
    return found


def waited(timeline: Timeline, lane: dict | str, *kinds: str) -> float:
    """Seconds the lane waited for any of `kinds` ("sleep", "lock", "child", "io", "gil")."""
    found = waits(timeline, lane)
    return sum(found.get(kind, 0.0) for kind in kinds)


# ------------------------------------------------------------------ what a page may say of lanes


def took_turns(timeline: Timeline, lanes: Iterable[dict | str]) -> bool | None:
    """Whether `lanes` took turns on the CPU: False if the samples prove them on CPUs at once
    (no load can make that up), True if they were about together for a small share at most,
    None if a busy machine's late looks blurred turns into shared slices (cannot tell)."""
    lanes = list(lanes)
    if proven_on_cpu_together(timeline, lanes) > NEVER:
        return False
    return True if on_cpu_together(timeline, lanes) <= TURNS else None


def each_waited_above_all(timeline: Timeline, lanes: Iterable[dict | str], kind: str) -> bool:
    """Whether each of `lanes` (two at least) waited for `kind` at some point, and for nothing
    else longer (time ready for a CPU aside: that is the machine's, not the program's)."""
    waited = [waits(timeline, lane) for lane in lanes_of(timeline, lanes)]
    return len(waited) >= 2 and all(
        each.get(kind, 0.0) > 0
        and all(seconds <= each[kind] for other, seconds in each.items() if other != "ready")
        for each in waited
    )


def starved(timeline: Timeline, lanes: Iterable[dict | str]) -> bool:
    """Whether `lanes` spent a STARVED share of their lives ready for a CPU they did not get."""
    chosen = lanes_of(timeline, lanes)
    ready = sum(waited(timeline, lane, "ready") for lane in chosen)
    lives = sum(lane["end"] - lane["start"] for lane in chosen) / 1e6
    return ready >= STARVED * lives
