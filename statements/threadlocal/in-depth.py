"""What threadlocal/in-depth says of its runs."""

from snippet_runner.statements import Block, Run

subclass_init = Block("snippets/threadlocal/local_subclass_init.py")
init_raises = Block("snippets/threadlocal/local_init_raises.py")
class_attributes = Block("snippets/threadlocal/local_class_attributes.py")
instances = Block("snippets/threadlocal/local_instances.py")
released = Block("snippets/threadlocal/local_released.py")
same_thread = Block("snippets/threadlocal/sqlite_same_thread.py")
per_thread = Block("snippets/threadlocal/sqlite_connection_per_thread.py")
closed_in_finally = Block("snippets/threadlocal/sqlite_connection_finally.py")
pool_registry = Block("snippets/threadlocal/sqlite_connection_pool_registry.py")
asyncio_to_thread = Block("snippets/threadlocal/local_asyncio_to_thread.py")
gevent = Block("snippets/threadlocal/local_gevent.py")

INIT = r"^  __init__ in (?P<thread>[\w-]+) with (?P<values>\{.*\})$"


@subclass_init.says
def init_ran_once_per_thread_with_the_same_arguments(run: Run) -> bool:
    inits = run.find_all(INIT)
    threads = [m["thread"] for m in inits]
    return (
        len(threads) == len(set(threads)) == 3
        and threads[0] == "MainThread"
        and {m["values"] for m in inits} == {"{'lang': 'en'}"}
    )


SEEN = r"^  {name}: before (?P<before>.+); after (?P<after>.+)$"
DEFAULTS = "lang=en retries=3 owner={owner}"


@subclass_init.says
def a_change_stayed_in_its_thread(run: Run) -> bool:
    fr = run.find(SEEN.format(name="worker-fr"))
    plain = run.find(SEEN.format(name="worker-plain"))
    main = run.find(r"^main thread afterwards: (.+)$")[1]
    return (
        (fr["before"], fr["after"])
        == (DEFAULTS.format(owner="worker-fr"), "lang=fr retries=5 owner=worker-fr")
        and plain["before"] == plain["after"] == DEFAULTS.format(owner="worker-plain")
        and main == DEFAULTS.format(owner="MainThread")
    )


ACCESS = r"^  worker's (?P<attempt>first|second) access: (?P<seen>.+)$"


@init_raises.says
def a_failed_init_ran_again_at_the_next_access(run: Run) -> bool:
    seen = {m["attempt"]: m["seen"] for m in run.find_all(ACCESS, count=2)}
    inits = [line for line in run.lines if line == "  __init__ in worker"]
    return (
        seen["first"].startswith("ConnectionError: ")
        and seen["second"] == "owner=worker"
        and len(inits) == 2
    )


@init_raises.says
def the_main_threads_values_were_untouched(run: Run) -> bool:
    inits = [line for line in run.lines if line == "  __init__ in MainThread"]
    return len(inits) == 1 and run.find(r"^main thread afterwards: (.+)$")[1] == "owner=MainThread"


LOGS = r"^(?P<who>\w+): log=\[(?P<log>[^\]]*)\] shared_log=\[(?P<shared>[^\]]*)\]$"


def names(listed: str) -> list[str]:
    return [name.strip("' ") for name in listed.split(",") if name.strip()]


@class_attributes.says
def each_log_its_own_the_shared_log_everyones(run: Run) -> bool:
    rows = {m["who"]: (names(m["log"]), names(m["shared"])) for m in run.find_all(LOGS)}
    workers = sorted(who for who in rows if who != "main")
    return (
        len(workers) >= 2
        and all(rows[who][0] == [who] for who in workers)
        and rows["main"][0] == []
        and all(shared == workers for _, shared in rows.values())
    )


VARS = r"^{where}\s+vars\(user\)=(?P<user>\{{.*?\}})\s+vars\(request\)=(?P<request>\{{.*?\}})$"


@instances.says
def the_two_locals_never_mixed(run: Run) -> bool:
    worker = run.find(VARS.format(where="worker"))
    main = run.find(VARS.format(where="main"))
    return (worker["user"], worker["request"], main["user"], main["request"]) == (
        "{'name': 'alice'}",
        "{}",
        "{}",
        "{'name': 'GET /'}",
    )


@released.says
def the_buffer_lived_with_its_thread_and_went_before_join_returned(run: Run) -> bool:
    lines = run.lines
    running = run.find(r"^while the thread runs: buffer alive = (\w+)$")
    freed = lines.index("  the buffer was released")
    after = run.find(r"^after join\(\):\s+buffer alive = (\w+)$")
    order = lines.index(running.string) < freed < lines.index(after.string)
    return order and (running[1], after[1]) == ("True", "False")


@same_thread.says
def another_thread_was_refused_the_connection(run: Run) -> bool:
    refused = run.find(r"^another thread using the main thread's connection: (\w+):")
    return refused[1] == "ProgrammingError"


TASK = r"^  task (?P<task>\d+) ran on (?P<thread>\w+), with the connection (?P<opened>\w+) opened$"


@per_thread.says
def each_task_used_its_own_threads_connection(run: Run) -> bool:
    tasks = run.find_all(TASK)
    return len(tasks) >= 2 and all(m["thread"] == m["opened"] for m in tasks)


@per_thread.says
def every_row_written_and_every_connection_closed(run: Run) -> bool:
    summary = run.find(r"^(\d+) tasks ran on (\d+) threads; (\d+) rows written$")
    closed = run.find(r"^connections closed as their threads ended: (\d+)$")[1]
    return summary[1] == summary[3] and closed == summary[2]


def finally_lines(run: Run) -> tuple[list[str], str]:
    """The lines of the worker that stopped on the failing task, and its name."""
    stopped = run.find(r"^(?P<name>worker-\d+): stopped by IntegrityError: ")
    return [line for line in run.lines if line.startswith(stopped["name"] + ":")], stopped["name"]


@closed_in_finally.says
def the_failing_thread_closed_its_connection_first(run: Run) -> bool:
    lines, name = finally_lines(run)
    return lines[0] == f"{name}: closed its connection" and "stopped by" in lines[1]


@closed_in_finally.says
def every_connection_closed_every_good_row_written(run: Run) -> bool:
    rows = run.find(r"^rows written: (\d+) of (\d+) tasks$")
    closed = run.find(r"^connections closed: (\d+) of (\d+)$")
    return int(rows[1]) == int(rows[2]) - 1 and closed[1] == closed[2]


VALUE = r"<not set>|\w+"
ROW = (
    rf"^(?P<task>\w+)\s+(?P<where>in_loop|in_pool_thread)\s+(?P<local>{VALUE})\s+(?P<var>{VALUE})$"
)


@asyncio_to_thread.says
def in_the_loop_the_local_is_shared_the_contextvar_is_the_tasks(run: Run) -> bool:
    rows = [m for m in run.find_all(ROW) if m["where"] == "in_loop"]
    last = rows[-1]["task"]
    return len(rows) >= 2 and all(m["local"] == last and m["var"] == m["task"] for m in rows)


@asyncio_to_thread.says
def in_the_pool_thread_only_the_contextvar_followed(run: Run) -> bool:
    rows = [m for m in run.find_all(ROW) if m["where"] == "in_pool_thread"]
    return len(rows) >= 2 and all(m["local"] == "<not set>" and m["var"] == m["task"] for m in rows)


@gevent.says
def each_greenlet_read_its_own_user_in_one_os_thread(run: Run) -> bool:
    patched = run.find(r"^threading\.local is gevent's local after patch_all\(\): (\w+)$")[1]
    seen = run.find_all(r"^greenlet (\w+)\s+sees user '(\w+)'$")
    threads = run.find(r"^OS threads used by the \d+ greenlets: (\d+)$")[1]
    return patched == "True" and all(m[1] == m[2] for m in seen) and threads == "1"


@pool_registry.says
def the_owner_closed_every_pool_connection(run: Run) -> bool:
    written = run.find(
        r"^(?P<tasks>\d+) tasks, (?P<rows>\d+) rows written, "
        r"on (?P<opened>\d+) connections the pool's threads opened$"
    )
    closed = run.find(r"closed (?P<closed>\d+) of them; still open: (?P<open>\d+)$")
    every_row = written["rows"] == written["tasks"]
    return every_row and closed["closed"] == written["opened"] != "0" and closed["open"] == "0"
