"""Every threading.local() object is a separate store: the same name on two objects never mixes."""

import threading

user = threading.local()
request = threading.local()


def main() -> dict:
    seen: dict[str, dict] = {}

    def worker() -> None:
        user.name = "alice"  # set on one object...
        seen["worker"] = {"user": vars(user), "request": vars(request)}  # ...not on the other

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    request.name = "GET /"  # the main thread uses the same attribute name on the other object
    seen["main"] = {"user": vars(user), "request": vars(request)}
    for where, stores in seen.items():
        print(f"{where:<6} vars(user)={stores['user']}  vars(request)={stores['request']}")
    return seen


if __name__ == "__main__":
    main()
