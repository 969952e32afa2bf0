"""What threads/index says of its runs."""

from snippet_runner.statements import Block, Run

container = Block("snippets/threads/threading_process_container.py")

REPORT = r"^(?P<name>[\w-]+): pid=(?P<pid>\d+) native_id=(?P<native_id>\d+)$"


def reports(run: Run) -> dict[str, tuple[str, str]]:
    return {m["name"]: (m["pid"], m["native_id"]) for m in run.find_all(REPORT)}


@container.says
def every_thread_reports_one_pid(run: Run) -> bool:
    seen = reports(run)
    return len({pid for pid, _ in seen.values()}) == 1


@container.says
def native_ids_differ_and_main_is_the_pid(run: Run) -> bool:
    seen = reports(run)
    pid, main_native_id = seen["MainThread"]
    return len({native_id for _, native_id in seen.values()}) == len(seen) and main_native_id == pid


@container.says
def the_list_holds_what_the_workers_wrote(run: Run) -> bool:
    workers = sorted(name for name in reports(run) if name != "MainThread")
    listed = run.find(r"^shared_list as the main thread sees it: \[(.*)\]$")[1]
    return sorted(name.strip("' ") for name in listed.split(",")) == workers


@container.figure
def threads_alive(run: Run) -> str:
    return run.find(r"^threads alive at once: (\d+)")[1]


@container.says
def the_kernel_counts_the_same_threads(run: Run) -> bool:
    counted = run.find(r"^threads alive at once: (\d+) \(the kernel counted (\d+)\)$")
    return counted[1] == counted[2] == str(len(reports(run)))
