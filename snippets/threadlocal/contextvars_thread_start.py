"""What a new thread sees of its starter's context variables: a copy if given one, else what
3.14's sys.flags.thread_inherit_context decides (before 3.14: nothing)."""

import contextvars
import sys
import sysconfig
import threading

user: contextvars.ContextVar[str] = contextvars.ContextVar("user", default="<not set>")


def read(seen: dict[str, str], how: str) -> None:
    seen[how] = user.get()


def main() -> dict[str, object]:
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    flag = getattr(sys.flags, "thread_inherit_context", None)  # new in 3.14
    user.set("alice")  # in the main thread's context
    seen: dict[str, str] = {}
    plain = threading.Thread(target=read, args=(seen, "plain Thread"))
    # A copy of this context, taken now, that the new thread runs its target in: any version.
    copied = threading.Thread(
        target=contextvars.copy_context().run, args=(read, seen, "copy_context().run")
    )
    for thread in (plain, copied):
        thread.start()
        thread.join()
    print(f"free-threaded build: {free_threaded}")
    print(f"sys.flags.thread_inherit_context: {'(no such flag)' if flag is None else flag}")
    for how, value in seen.items():
        print(f"{how:<18} reads user = {value!r}")
    return {"free_threaded": free_threaded, "flag": flag, "seen": seen}


if __name__ == "__main__":
    main()
