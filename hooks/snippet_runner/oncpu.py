"""What a timeline's on-CPU samples say: how long lanes were on a CPU, together, and their waits.

Each process and thread lane of a timeline (`timeline.read`) carries the slices the run's
reaper sampled of it from outside (`sampler`), under "cpu": `[start, end, on_cpu, ready,
wait]`, in µs. A slice says how long the thread was on a CPU within it, not when: of lanes
that spent a total of `s` on a CPU within a stretch of length `d`, the time during which two
or more were on one at once is at least `(s - d) / (n - 1)` (n lanes) and at most `s` less the
largest one's share. Every fact here is such a bound, summed over the stretches where lanes'
slices meet (a slice's time on a CPU counted within a stretch only as far as it must, or can,
fall there): never more than the samples say. Shares are of a group's span, from the first
lane's start to the last one's end.

These are the functions a page's statement about a run can call (`lanes` are lane dicts from
the timeline, or names: every process and thread lane whose name starts with one is taken).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .timeline import Timeline, label, siblings

# A share of a stretch that a sum of on-CPU times must exceed its length by before it counts
# as a moment with one more lane on a CPU: a thread handing the GIL over is on a CPU for a few
# microseconds after the next one has woken, which is no computing at once.
MOMENT = 0.05


def sampled(timeline: Timeline) -> bool:
    """Whether the run's threads were sampled at all (a measurement, an old result: not)."""
    return "sampled" in timeline


def all_lanes(timeline: Timeline) -> list[dict]:
    """Every process and thread lane, each process's threads after it."""
    return [lane for process in timeline["processes"] for lane in (process, *process["threads"])]


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
    return sum(piece[2] for chosen in lanes_of(timeline, [lane]) for piece in chosen["cpu"]) / 1e6


def on_cpu_share(timeline: Timeline, lane: dict | str) -> float:
    """The share of its life the lane spent on a CPU (0 for a lane never sampled)."""
    [chosen] = lanes_of(timeline, [lane])
    life = max(chosen["end"] - chosen["start"], 1)
    return sum(piece[2] for piece in chosen["cpu"]) / life


def waits(timeline: Timeline, lane: dict | str) -> dict[str, float]:
    """Seconds the lane spent blocked in each kind of wait (`sampler.WAITS`), and ready for a
    CPU ("ready"), where the samples say it; kinds it never waited in are left out."""
    found: dict[str, float] = {}
    for chosen in lanes_of(timeline, [lane]):
        for kind, seconds in waits_of(chosen["cpu"]).items():
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
    """How long `count` or more lanes of a group were on a CPU at once, in µs: bounds."""

    span: int  # from the first lane's start to the last one's end
    at_least: float
    at_most: float

    @property
    def shares(self) -> tuple[float, float]:
        span = max(self.span, 1)
        return self.at_least / span, self.at_most / span


def at_once(timeline: Timeline, lanes: Iterable[dict | str], count: int = 2) -> AtOnce:
    """How long `count` or more of the lanes were on a CPU at the same time (bounds, µs)."""
    chosen = [lane for lane in lanes_of(timeline, lanes) if lane["cpu"]]
    every = lanes_of(timeline, lanes)
    span = max((lane["end"] for lane in every), default=0) - min(
        (lane["start"] for lane in every), default=0
    )
    least = most = 0.0
    for length, each in _stretches(chosen):
        lows = [low for low, _ in each]
        highs = sorted((high for _, high in each if high > 0), reverse=True)
        if len(highs) < count:
            continue
        # Time with `count` or more on a CPU is at least what their total exceeds count - 1
        # full CPUs by, shared among the lanes that may hold it; at most what is left of the
        # total once the count - 1 busiest are taken out.
        excess = sum(lows) - (count - 1 + MOMENT) * length
        least += max(0.0, excess) / (len(highs) - count + 1)
        most += min(length, sum(highs[count - 1 :]))
    return AtOnce(span, least, most)


def on_cpu_together(timeline: Timeline, lanes: Iterable[dict | str]) -> tuple[float, float]:
    """The share of the lanes' span during which two or more were on a CPU at once: (at least,
    at most)."""
    return at_once(timeline, lanes, 2).shares


def most_on_cpu_at_once(
    timeline: Timeline, lanes: Iterable[dict | str], for_share: float = 0.1
) -> int:
    """The most lanes the samples prove were on a CPU at once for `for_share` of their span
    or more (0 if none was on a CPU that long)."""
    chosen = lanes_of(timeline, lanes)
    most = 0
    for count in range(1, len(chosen) + 1):
        if at_once(timeline, chosen, count).shares[0] < for_share:
            break
        most = count
    return most


def _stretches(lanes: Sequence[dict]) -> list[tuple[int, list[tuple[float, float]]]]:
    """The lanes' time cut where any lane's slice begins or ends: each stretch's length, and
    for each lane the least and the most of a slice's time on a CPU that can fall within it
    (a slice says how long, not when)."""
    edges = sorted({t for lane in lanes for piece in lane["cpu"] for t in piece[:2]})
    cursors = [0] * len(lanes)
    found = []
    for begin, end in itertools.pairwise(edges):
        length = end - begin
        each = []
        for number, lane in enumerate(lanes):
            slices = lane["cpu"]
            while cursors[number] < len(slices) and slices[cursors[number]][1] <= begin:
                cursors[number] += 1
            if cursors[number] < len(slices) and slices[cursors[number]][0] <= begin:
                start, stop, busy = slices[cursors[number]][:3]
                elsewhere = stop - start - length  # the slice's time outside this stretch
                each.append((max(0, busy - elsewhere), min(busy, length)))
            else:
                each.append((0, 0))
        found.append((length, each))
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
        if kind == "tasks" or not all(lane["cpu"] for lane in lanes):
            continue
        together = at_once(timeline, lanes, 2)
        total = sum(on_cpu(timeline, lane) for lane in lanes) * 1e6
        if total < max(1000, BUSY * together.span):
            continue
        waited = [waits(timeline, lane) for lane in lanes]
        most = most_on_cpu_at_once(timeline, lanes)
        found.append(
            {
                "kind": kind,
                "where": where,
                "count": len(lanes),
                "together": together,  # two or more at once
                "most": most,
                "most_together": at_once(timeline, lanes, max(most, 2)),
                "gil": sum(w.get("gil", 0.0) for w in waited) * 1e6,
                "ready": sum(w.get("ready", 0.0) for w in waited) * 1e6,
            }
        )
    return found
