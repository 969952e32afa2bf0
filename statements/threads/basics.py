"""What threads/basics says of its runs."""

from snippet_runner import oncpu
from snippet_runner.statements import Block, Run
from snippet_runner.timeline import most_at_once, shown_threads

low_level = Block("snippets/threads/_thread_low_level.py")
thread_args = Block("snippets/threads/threading_thread_args.py")
target_raises = Block("snippets/threads/threading_target_raises.py")
ident = Block("snippets/threads/threading_ident.py")


@low_level.says
def task_ran_in_another_thread(run: Run) -> bool:
    ran = run.find(r"^task ran in thread (\d+), main thread is (\d+)$")
    return ran[1] != ran[2]


@low_level.says
def get_ident_is_one_function(run: Run) -> bool:
    return run.find(r"^threading\.get_ident is _thread\.get_ident: (\w+)$")[1] == "True"


@low_level.says
def no_module_named_thread(run: Run) -> bool:
    return run.find(r"^a module named 'thread' exists: (\w+)$")[1] == "False"


LINE = r"^(?P<name>singer|dancer): (?:sing|dance) (?P<round>\d+)/(?P<rounds>\d+)$"
TOOK = r"^(?P<times>\d+) songs and \d+ dances of (?P<delay>[\d.]+) s each took (?P<took>[\d.]+) s$"


@thread_args.says(about_timing=True)
def lines_alternate_round_by_round(run: Run) -> bool:
    """Each round's song and dance are printed before the next round's."""
    rounds = [int(m["round"]) for m in run.find_all(LINE)]
    return rounds == sorted(rounds) and len(rounds) == 2 * len(set(rounds))


@thread_args.says
def the_two_threads_slept_at_the_same_time(run: Run) -> bool:
    [process] = run.timeline["processes"]
    lanes = [(t["start"], t["end"]) for t in shown_threads(process)]
    return len(lanes) == 2 and most_at_once(lanes) == 2


@thread_args.figure
def took_in_all(run: Run) -> str:
    return run.find(TOOK)["took"]


@thread_args.says(about_timing=True)
def took_about_one_threads_time(run: Run) -> bool:
    took = run.find(TOOK)
    one_thread = int(took["times"]) * float(took["delay"])
    return one_thread <= float(took["took"]) < 2 * one_thread


@target_raises.says
def the_exception_was_printed_for_the_thread(run: Run) -> bool:
    run.find(r"^Exception in thread parser:$")
    return run.find(r"^ValueError: invalid literal for int\(\)") is not None


@target_raises.says
def join_returned_and_the_program_carried_on(run: Run) -> bool:
    joined = run.find(r"^main: join\(\) returned (\w+); parser alive: (\w+)$")
    run.find(r"^main: carries on$")
    return (joined[1], joined[2]) == ("None", "False") and run.returncode == 0


@target_raises.says
def start_again_raised(run: Run) -> bool:
    return run.find(r"^main: start\(\) again: RuntimeError: (.*)$")[1] != ""


DESCRIBED = (
    r"^(?P<label>\w+)\s+name=(?P<name>.+?)\s+ident=(?P<ident>\d+)\s+native_id=(?P<native_id>\d+)"
    r"\s+main=(?P<main>\w+) pid=(?P<pid>\d+)$"
)
FINISHED = r"^(?P<name>.+) finished: is_alive\(\)=(?P<alive>\w+) ident=(?P<ident>\d+)$"


def described(run: Run) -> dict[str, dict[str, str]]:
    return {m["label"]: m.groupdict() for m in run.find_all(DESCRIBED, count=3)}


@ident.says
def one_pid_different_idents(run: Run) -> bool:
    seen = described(run).values()
    one_pid = len({d["pid"] for d in seen}) == 1
    return one_pid and len({d["ident"] for d in seen}) == len({d["native_id"] for d in seen}) == 3


@ident.says
def main_native_id_is_the_pid(run: Run) -> bool:
    main = described(run)["main"]
    return main["native_id"] == main["pid"] and main["main"] == "True"


@ident.says
def an_unnamed_thread_is_named_after_its_function(run: Run) -> bool:
    name = described(run)["unnamed"]["name"]
    return name.startswith("Thread-") and name.endswith("(worker)")


@ident.says
def an_ended_thread_keeps_its_ident(run: Run) -> bool:
    idents = {d["name"]: d["ident"] for d in described(run).values()}
    ended = run.find_all(FINISHED, count=2)
    return all(m["alive"] == "False" and idents[m["name"]] == m["ident"] for m in ended)


@thread_args.says  # what the sampler saw (about timing: load may blur it)
def singer_and_dancer_slept_the_main_thread_waited_in_join(run: Run) -> bool:
    timeline = run.sampled
    took = run.find(TOOK)
    asleep = 0.5 * int(took["times"]) * float(took["delay"])  # most of it: the sampler's view
    return (
        all(
            oncpu.waited(timeline, name, "sleep") >= asleep
            and oncpu.on_cpu_share(timeline, name) < 0.05
            for name in ("singer", "dancer")
        )
        and oncpu.waited(timeline, timeline["processes"][0], "lock") >= asleep
    )
