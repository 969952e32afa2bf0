"""What processes/ipc says of its runs."""

import re

from snippet_runner.statements import Block, Run

sentinel = Block("snippets/processes/multiprocessing_queue_sentinel.py")
writer_killed = Block("snippets/processes/multiprocessing_queue_writer_killed.py")
queue_join = Block("snippets/processes/multiprocessing_queue_join.py")
pipe = Block("snippets/processes/multiprocessing_pipe.py")
value_array = Block("snippets/processes/multiprocessing_value_array.py")
shared = Block("snippets/processes/multiprocessing_shared_memory.py")
leak = Block("snippets/processes/shared_memory_leak.py")
attach = Block("snippets/processes/shared_memory_attach.py")
shareable = Block("snippets/processes/shared_memory_shareable_list.py")
shm_manager = Block("snippets/processes/shared_memory_manager.py")
manager = Block("snippets/processes/multiprocessing_manager.py")
manager_shutdown = Block("snippets/processes/multiprocessing_manager_shutdown.py")

# ------------------------------------------------------------------ Queue

CASES = (
    "the seed's pair",
    "with a sentinel, the writer fails",
    "with a sentinel, the writer finishes",
)
ENDED = (
    r"^writer exitcode (?P<exitcode>-?\d+); reader got \[(?P<got>[\d, ]*)\] "
    r"and ended after (?P<s>[\d.]+) s$"
)


def case(run: Run, number: int) -> list[str]:
    """The lines the program printed for its case `number` (0, 1, 2)."""
    starts = [i for i, line in enumerate(run.lines) if line.startswith("-- ")]
    if len(starts) != 3:
        raise ValueError(f"{len(starts)} cases in the output, not 3")
    end = starts[number + 1] if number < 2 else len(run.lines)
    return run.lines[starts[number] + 1 : end]


def ending(run: Run, number: int) -> dict:
    for line in case(run, number):
        if match := re.match(ENDED, line):
            return match.groupdict()
    raise ValueError(f"case {number} printed no last line")


def written(run: Run, number: int) -> list[str]:
    return [line.split()[1] for line in case(run, number) if line.startswith("write ")]


@sentinel.says
def the_fixed_count_reader_waited_for_an_item_that_never_came(run: Run) -> bool:
    seed = ending(run, 0)
    gave_up = [line for line in case(run, 0) if "never came; gave up after" in line]
    patience = float(gave_up[0].rsplit("after ", 1)[1].split()[0]) if gave_up else 0.0
    return (
        seed["exitcode"] == "1"
        and seed["got"].split(", ") == written(run, 0)
        and len(gave_up) == 1
        and float(seed["s"]) >= patience
    )


@sentinel.says
def the_sentinel_ended_the_reader_after_the_failure(run: Run) -> bool:
    failed = ending(run, 1)
    return (
        failed["exitcode"] == "1"
        and failed["got"].split(", ") == written(run, 1)
        and not any("never came" in line for line in case(run, 1))
    )


@sentinel.says
def the_complete_stream_arrived_whole(run: Run) -> bool:
    complete = ending(run, 2)
    return complete["exitcode"] == "0" and complete["got"].split(", ") == written(run, 2)


EMPTY_AND_DEAD = r"get\(timeout=[\d.]+\) raised queue\.Empty and the writer was dead"


@writer_killed.says
def the_reader_saw_empty_and_a_writer_killed_by_sigkill(run: Run) -> bool:
    """The reader stopped on queue.Empty with the writer already dead, not on a sentinel."""
    received = run.find(r"^received (?P<items>\[.*\]); stopped when (?P<why>.+)$")
    return (
        received["items"] == "[]"
        and re.fullmatch(EMPTY_AND_DEAD, received["why"]) is not None
        and "the writer: is_alive() -> False, exitcode -9" in run.lines
    )


@queue_join.says
def the_child_waits_for_its_data_to_be_read(run: Run) -> bool:
    stuck = run.find(r"after join\([\d.]+\): alive=(\w+)")[1]
    read = run.find(r"read (?P<bytes>[\d,]+) bytes; child exitcode (?P<exitcode>-?\d+)$")
    return stuck == "True" and read["exitcode"] == "0"


# ------------------------------------------------------------------ Pipe


@pipe.says
def the_child_answered_every_message_in_capitals(run: Run) -> bool:
    exchanges = run.find_all(r"sent '(?P<sent>[^']*)', child \d+ replied '(?P<reply>[^']*)'$")
    return bool(exchanges) and all(m["reply"] == m["sent"].upper() for m in exchanges)


@pipe.says
def recv_on_a_closed_pipe_raised_eoferror(run: Run) -> bool:
    return (
        "child closed its end: recv() raised EOFError" in run.lines
        and run.find(r"^child exitcode (-?\d+)$")[1] == "0"
    )


# ------------------------------------------------------------------ Value and Array

COUNTED = r"^locked={locked}: counter (?P<counter>\d+) of (?P<total>\d+), Array \[(?P<slots>.*)\]$"


def counted(run: Run, locked: bool) -> dict:
    return run.find(COUNTED.format(locked=locked)).groupdict()


@value_array.figure
def unlocked_counter(run: Run) -> str:
    return f"{int(counted(run, False)['counter']):,}"


@value_array.says
def the_unlocked_counter_never_overshoots(run: Run) -> bool:
    unlocked = counted(run, False)
    return int(unlocked["counter"]) <= int(unlocked["total"])


@value_array.says
def the_locked_counter_is_exact_and_every_slot_full(run: Run) -> bool:
    locked = counted(run, True)
    per_worker = int(locked["total"]) // len(locked["slots"].split(","))
    return locked["counter"] == locked["total"] and all(
        int(slot) == per_worker
        for run_ in (True, False)
        for slot in counted(run, run_)["slots"].split(",")
    )


# ------------------------------------------------------------------ shared_memory


@shared.says
def each_child_wrote_its_own_slice(run: Run) -> bool:
    parent = run.find(r"^parent (\d+) created")[1]
    pids = [m[1] for m in run.find_all(r"^slice \d+: 'pid (\d+)'$")]
    return len(pids) == len(set(pids)) == 3 and parent not in pids


@shared.says
def after_unlink_the_name_is_gone(run: Run) -> bool:
    return (
        run.find(r"^after unlink\(\), attaching to .* raises FileNotFoundError: (\w+)$")[1]
        == "True"
    )


def reported_under(run: Run, title: str) -> dict[str, str]:
    """The "key: value" lines indented under the line `title`."""
    lines = run.lines
    start = lines.index(title)
    found = {}
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        key, _, value = line.strip().partition(": ")
        found[key] = value
    return found


@leak.says
def after_close_the_block_is_still_there(run: Run) -> bool:
    return all(
        reported_under(run, title)["block still in /dev/shm after close()"] == "True"
        for title in ("creator calls unlink():", "creator forgets unlink():")
    )


@leak.says
def only_the_forgetful_creators_tracker_warned(run: Run) -> bool:
    tidy, forgetful = (
        reported_under(run, "creator calls unlink():"),
        reported_under(run, "creator forgets unlink():"),
    )
    after_exit = "block still in /dev/shm after the creator exited"
    return (
        tidy[after_exit] == forgetful[after_exit] == "False"
        and tidy["on the creator's stderr"] == "nothing"
        and "leaked shared_memory objects" in forgetful["on the creator's stderr"]
    )


@attach.says
def a_multiprocessing_child_left_the_block(run: Run) -> bool:
    child = reported_under(run, "a multiprocessing child attaches:")
    return child["block still there for the creator"] == "True"


@attach.says
def a_standalone_program_destroyed_it_and_warned(run: Run) -> bool:
    program = reported_under(run, "a standalone program attaches:")
    return program["block still there for the creator"] == "False" and (
        "leaked shared_memory objects" in program["on the attaching program's stderr"]
    )


@attach.says(python=">=3.13")
def track_false_left_it_alone(run: Run) -> bool:
    program = reported_under(run, "a standalone program attaches with track=False:")
    return (
        program["block still there for the creator"] == "True"
        and program["on the attaching program's stderr"] == "nothing"
    )


@attach.says(python="<3.13")
def older_pythons_have_no_track(run: Run) -> bool:
    return run.lines[-1].endswith("has no track=False (added in 3.13)")


@shareable.says
def the_childs_changes_showed_in_the_parent(run: Run) -> bool:
    created = run.find(r"^parent \d+ created (\[.*\]) in ")[1]
    seen = run.find(r"^parent reads: (\[.*\])$")[1]
    return created == "[1, 2.5, True, 'text', b'bytes', None]" and (
        seen == "[2, 2.5, True, 'TEXT', b'bytes', None]"
    )


@shareable.says
def it_refuses_to_grow(run: Run) -> bool:
    longer = run.find(r"^a longer str in item 3: (\w+):")[1]
    append = run.find(r"^append\(4\): (\w+):")[1]
    return (longer, append) == ("ValueError", "AttributeError")


@shm_manager.says
def the_manager_unlinked_the_block_at_the_end_of_with(run: Run) -> bool:
    values = run.find(r"values written by (?P<n>\d+) workers: \[(?P<values>.*)\]$")
    squares = [str(i * i) for i in range(int(values["n"]))]
    return (
        values["values"].split(", ") == squares
        and run.find(r"inside the with block, the block exists: (\w+)$")[1] == "True"
        and run.find(r"after the with block, the block is gone: (\w+)$")[1] == "True"
        and "leaked" not in run.output
    )


# ------------------------------------------------------------------ Manager


@manager.says
def the_parent_sees_what_the_children_wrote(run: Run) -> bool:
    items = run.find(r"^dict: \{(.*)\}$")[1]
    logged = run.find_all(r"^list: worker \d+ ran in pid \d+$")
    workers = len(logged)
    return workers > 0 and items == ", ".join(f"{n}: {n * n}" for n in range(workers))


@manager.says
def the_only_live_child_is_the_manager(run: Run) -> bool:
    children = run.find(r"its live children: \[(.*)\]$")[1]
    return children.count("(") == 1 and children.startswith("('SyncManager-")


@manager.says
def a_change_inside_a_proxy_item_is_lost(run: Run) -> bool:
    return run.find(r"results\['nested'\]\.append\('lost'\) left: (.*)$")[1] == "[]"


# ------------------------------------------------------------------ a Manager without `with`

LIVE_AFTER_IDLE = r"^live children (?P<idle>[\d.]+) s later: \[(?P<children>.*)\]$"
RAISED = r"^scores\['alice'\] after shutdown\(\) raised (\w+)$"


@manager_shutdown.figure
def manager_idle(run: Run) -> str:
    return run.find(LIVE_AFTER_IDLE)["idle"]


@manager_shutdown.says
def the_idle_manager_ran_until_shutdown(run: Run) -> bool:
    running = run.find(LIVE_AFTER_IDLE)["children"]
    ended = run.find(r"^live children after shutdown\(\): \[(.*)\]$")[1]
    return re.fullmatch(r"'SyncManager-\d+'", running) is not None and ended == ""


@manager_shutdown.figure
def proxy_error(run: Run) -> str:
    return run.find(RAISED)[1]


@manager_shutdown.says
def the_proxy_failed_after_shutdown(run: Run) -> bool:
    """It raised an error of a broken connection, whichever one the platform gives."""
    return run.find(RAISED)[1] in {
        "BrokenPipeError",
        "ConnectionResetError",
        "ConnectionRefusedError",
        "FileNotFoundError",
        "EOFError",
    }
