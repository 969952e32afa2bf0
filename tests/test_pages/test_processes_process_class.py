"""docs/processes/process-class: Process(target, name, args, kwargs), pids and parent pids."""

from snippets.processes import multiprocessing_process_args, multiprocessing_process_misuse


def test_two_named_children_run_with_positional_and_keyword_arguments(start_method):
    result = multiprocessing_process_args.main(count=4, delay=0.4, start_method=start_method)
    parent = result["parent_pid"]
    children = result["children"]
    assert result["exitcodes"] == [0, 0]
    assert len({parent, *children.values()}) == 3

    steps = result["steps"]
    by_name = {name: [s for s in steps if s[0] == name] for name in ("singer", "painter")}
    assert [len(v) for v in by_name.values()] == [4, 4]  # args=(4, ...) and kwargs count=4
    for name, name_steps in by_name.items():
        for _, pid, ppid, logical_parent, _ in name_steps:
            assert pid == children[name]
            assert logical_parent == parent  # multiprocessing.parent_process()
            if start_method == "forkserver":
                assert ppid != parent  # the fork server forked it
            else:
                assert ppid == parent

    # They ran at the same time: each one's steps began before the other's ended.
    singer = [s[-1] for s in by_name["singer"]]
    painter = [s[-1] for s in by_name["painter"]]
    assert singer[0] < painter[-1] and painter[0] < singer[-1]
    # The span the page reports covers every step: from the first one's start to the last one's end.
    assert result["span"] >= 4 * 0.4 - 0.05


def test_a_process_refuses_what_its_state_forbids_and_keeps_its_targets_exception(start_method):
    result = multiprocessing_process_misuse.main(start_method)
    assert result["join() before start()"] == "AssertionError: can only join a started process"
    assert result["start() again"] == "AssertionError: cannot start a process twice"
    assert result["close() while running"].startswith("ValueError: Cannot close a process while")
    assert result["exitcode"] == 1  # the target raised: the parent sees only the exit code
    assert result["close() once ended"] == "ok"
    assert result["is_alive() once closed"] == "ValueError: process object is closed"
