"""docs/processes/pool: the schedule of a Pool, map and friends, close/join, and two traps."""

from timelines import most_at_once, record, work

from snippets.processes import (
    multiprocessing_pool_close_join,
    multiprocessing_pool_lost_exception,
    multiprocessing_pool_map,
    multiprocessing_pool_map_failure,
    multiprocessing_pool_schedule,
    multiprocessing_pool_with_terminate,
    multiprocessing_pool_worker_dies,
)


def test_four_workers_five_tasks(start_method):
    duration = 1.5
    result = multiprocessing_pool_schedule.main(
        workers=4, tasks=5, duration=duration, start_method=start_method
    )
    schedule = sorted(result["schedule"])
    assert [task for task, *_ in schedule] == [0, 1, 2, 3, 4]
    first, fifth = schedule[:4], schedule[4]
    assert len({pid for _, pid, _, _ in schedule}) <= 4
    # Tasks 0-3 run at the same time: each starts before any of them ends.
    assert max(start for _, _, start, _ in first) < min(end for _, _, _, end in first)
    # Task 4 waits for a worker that ran one of tasks 0-3, and starts once that task ended.
    _, fifth_pid, fifth_start, _ = fifth
    earlier = [end for _, pid, _, end in first if pid == fifth_pid]
    assert earlier and earlier[0] <= fifth_start
    assert result["total"] >= 2 * duration


def test_map_keeps_input_order_and_uses_at_most_n_workers(start_method):
    result = multiprocessing_pool_map.main(count=8, workers=3, delay=0.1, start_method=start_method)
    squares = [n * n for n in result["inputs"]]
    assert result["map"] == squares
    assert result["imap"] == squares
    assert sorted(result["imap_unordered"]) == squares
    assert result["starmap"] == [1024, 81, 1000]
    assert 1 <= len(result["worker_pids"]) <= 3


def test_map_raises_the_tasks_error_once_every_chunk_ran_and_a_timeout_only_ends_the_wait(
    start_method,
):
    result = multiprocessing_pool_map_failure.main(
        delay=1.0, patience=0.1, start_method=start_method
    )
    assert result["raised"] == {
        1: "ValueError: 3 is not allowed",
        3: "ValueError: 3 is not allowed",
    }
    # map() raised only once every chunk had run: one task per chunk, so every task had ended
    # (each reports as it ends); chunks [0, 1, 2] and [3, 4, 5]: the error ended the second.
    assert result["ended"] == {1: [0, 1, 2, 3, 4, 5], 3: [0, 1, 2, 3]}
    # Each slow task sleeps ten times the patience after it is submitted: no load makes it sooner.
    assert result["outcome"] == "TimeoutError"
    assert result["results"] == [0, 1]


def test_close_stops_new_tasks_and_join_needs_close(start_method):
    outcome = multiprocessing_pool_close_join.main(delay=0.1, start_method=start_method)
    assert outcome == {
        "join before close": "ValueError: Pool is still running",
        "submit after close": "ValueError: Pool not running",
        "results after join": [0, 2, 4, 6],
    }


def test_a_worker_that_dies_is_replaced_and_its_task_never_completes(start_method):
    result = multiprocessing_pool_worker_dies.main(patience=0.3, start_method=start_method)
    assert result["outcome"] == "TimeoutError after 0.3 s"
    assert result["ready"] is False
    assert len(result["before"]) == len(result["after"]) == 2
    assert len(set(result["after"]) - set(result["before"])) == 1  # one replacement


def test_exception_of_a_task_is_seen_only_by_get_or_error_callback(start_method):
    result = multiprocessing_pool_lost_exception.main(start_method=start_method)
    assert result["forgotten_successful"] is False
    assert result["raised"].startswith("ValueError: invalid literal for int()")
    assert len(result["heard"]) == 1 and isinstance(result["heard"][0], ValueError)


def test_forgotten_exception_prints_nothing(run_script):
    result = run_script("snippets/processes/multiprocessing_pool_lost_exception.py")
    assert result.returncode == 0
    assert "Traceback" not in result.output


def test_leaving_with_pool_drops_unfinished_work(start_method):
    result = multiprocessing_pool_with_terminate.main(delay=0.5, start_method=start_method)
    assert not all(result["trap_finished"])
    assert result["fix_results"] == [0, 2, 4, 6]


def test_the_timeline_shows_four_workers_at_most_and_one_reused_for_the_fifth(
    start_method: str,
) -> None:

    timeline = record(
        "snippets/processes/multiprocessing_pool_schedule.py", start_method=start_method
    ).timeline
    items = work(timeline)
    assert len(items) == 5
    assert most_at_once((item["start"], item["end"]) for _, item in items) == 4
    by_worker: dict[int, list[dict]] = {}
    for process, item in items:
        by_worker.setdefault(process["pid"], []).append(item)
    assert sorted(len(done) for done in by_worker.values()) == [1, 1, 1, 2]
    [reused] = [done for done in by_worker.values() if len(done) == 2]
    assert reused[0]["end"] <= reused[1]["start"]  # one after the other, on the same worker
    assert reused[1]["name"].startswith("task(4,")  # the fifth item, queued last
    # Only ever four workers: no process was started for the fifth item.
    workers = [p for p in timeline["processes"] if "PoolWorker-" in p["name"]]
    assert len(workers) == 4
