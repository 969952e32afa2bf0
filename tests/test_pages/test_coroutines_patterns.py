"""docs/coroutines/patterns: Queue, Semaphore, to_thread, CPU-bound work, Lock, contextvars."""

import os
import re
import threading

from timelines import record, tasks, threads

from snippets.coroutines import (
    asyncio_cpu_bound,
    asyncio_process_pool_errors,
    asyncio_queue_workers,
    asyncio_race_lock,
    asyncio_semaphore,
    asyncio_to_thread,
    asyncio_to_thread_timeout,
    contextvars_per_task,
)


def test_queue_workers_handle_every_job_exactly_once():
    done = asyncio_queue_workers.main(jobs=12, workers=3, seconds=0.01, failing=())
    assert sorted(done) == list(range(12))
    assert {outcome.removeprefix("handled by ") for outcome in done.values()} <= {
        "worker-0",
        "worker-1",
        "worker-2",
    }


def test_a_failing_job_is_recorded_and_its_worker_goes_on():
    # One worker only: every job after the failing one can only have been done by it.
    done = asyncio_queue_workers.main(jobs=6, workers=1, seconds=0.01, failing=(2,))
    assert done[2] == "failed in worker-0: job 2 is malformed"
    assert [done[job] for job in (3, 4, 5)] == ["handled by worker-0"] * 3


def test_queue_workers_leave_no_task_or_thread_behind():
    before = threading.active_count()
    asyncio_queue_workers.main(jobs=4, workers=2, seconds=0.01)
    assert threading.active_count() == before


def test_semaphore_never_admits_more_than_its_limit():
    for limit in (1, 2, 3):
        highest = asyncio_semaphore.main(requests=8, limit=limit, seconds=0.01)
        # Equal, not only below: the first `limit` tasks all get in at once.
        assert highest == limit


def test_blocking_call_stops_the_heartbeat_to_thread_does_not():
    seconds, interval = 0.3, 0.02
    results = asyncio_to_thread.main(seconds=seconds, interval=interval)
    ticks_blocking, silence_blocking = results["read_sensor_blocking"]
    ticks_threaded, _ = results["read_sensor_in_thread"]
    assert ticks_blocking == 0  # nothing runs on the loop during time.sleep
    assert silence_blocking >= seconds
    assert ticks_threaded >= 1  # the loop kept serving the heartbeat


def test_cancelling_the_wait_leaves_the_call_running_to_its_end():
    # The calls sleep twenty times longer than each await waits before it gives up.
    log = asyncio_to_thread_timeout.main(limit=0.05, seconds=1.0)
    events = [line.split("s ", 1)[1] for line in log]
    assert events[:3] == [
        "to_thread: TimeoutError, the await gave up",
        "run_in_executor: cancelled, the await gave up",
        "calls ended so far: 0",
    ]
    assert sorted(events[3:]) == sorted(
        [
            "to_thread: the call ended in its thread",
            "asyncio.run() returned",
            "run_in_executor: the call ended in its thread",
            "pool.shutdown() returned",
        ]
    )
    # asyncio.run() waits for the default executor's thread, shutdown() for the pool's.
    assert events.index("to_thread: the call ended in its thread") < events.index(
        "asyncio.run() returned"
    )
    assert events.index("run_in_executor: the call ended in its thread") < events.index(
        "pool.shutdown() returned"
    )


def test_cpu_bound_work_blocks_the_loop_unless_moved_off_it(start_method):
    results = asyncio_cpu_bound.main(seconds=0.2, interval=0.02, start_method=start_method)
    ticks_in_loop, pid_in_loop = results["in the loop"]
    ticks_thread, pid_thread = results["to_thread"]
    ticks_pool, pid_pool = results["process pool"]
    assert ticks_in_loop == 0
    assert ticks_thread >= 1 and ticks_pool >= 1
    assert pid_in_loop == pid_thread == os.getpid()
    assert pid_pool != os.getpid()


def test_a_process_pool_call_raises_at_the_await_and_crunches_on_after_a_timeout(start_method):
    outcome = asyncio_process_pool_errors.main(seconds=0.5, timeout=0.1, start_method=start_method)
    assert isinstance(outcome["raised"], ValueError)
    assert outcome["timed out"] is True
    assert outcome["same worker"] is True
    # CPU time, not wall time: a busy machine makes the crunch longer, never shorter
    assert outcome["cpu used"] >= 0.5


def test_check_then_act_across_await_oversells():
    boxes = asyncio_race_lock.main(seats=3, customers=6, payment_seconds=0.01)
    unlocked = boxes["unlocked"]
    assert len(unlocked.sold) == 6  # every customer passed the check before anyone paid
    assert unlocked.seats == 3 - 6


def test_asyncio_lock_makes_check_then_act_safe():
    boxes = asyncio_race_lock.main(seats=3, customers=6, payment_seconds=0.01)
    locked = boxes["locked"]
    assert locked.sold == ["c0", "c1", "c2"]  # asyncio.Lock is fair: first come, first served
    assert locked.seats == 0


def test_contextvar_is_isolated_per_task_thread_local_is_not():
    requests = ("a", "b", "c", "d")
    results = contextvars_per_task.main(requests, seconds=0.01)
    assert [from_context for _, from_context, _ in results] == list(requests)
    # One thread, so one threading.local: every task reads whatever was set last.
    assert [from_local for _, _, from_local in results] == ["d"] * len(requests)
    assert contextvars_per_task.request_id.get() == "-"  # the tasks' values stayed in them


def test_the_timeline_shows_the_blocking_call_on_the_loop_and_to_thread_on_a_worker() -> None:
    run = record("snippets/coroutines/asyncio_to_thread.py")
    timeline = run.timeline
    first, second = tasks(timeline, "heartbeat(")
    # The blocking call: no thread besides the main one, and the heartbeat never ticked.
    assert all(thread["start"] >= first["end"] for thread in threads(timeline))
    blocked = re.search(r"^read_sensor_blocking .* call: +(\d+),", run.output, re.M)
    assert blocked and blocked[1] == "0"
    # to_thread: the asyncio_0 worker runs the sleep while the second heartbeat task lives.
    [worker] = threads(timeline)
    assert worker["name"] == "asyncio_0"
    [item] = [w for p in timeline["processes"] for w in p["work"] if w["tid"] == worker["tid"]]
    assert second["start"] <= item["start"] <= item["end"] <= second["end"]
