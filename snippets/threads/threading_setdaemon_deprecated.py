"""setDaemon() still works but has been deprecated since Python 3.10: pass daemon=True."""

import threading


def main() -> bool:
    thread = threading.Thread(target=lambda: None)
    thread.setDaemon(True)  # the old spelling: emits a DeprecationWarning on stderr
    thread.start()
    thread.join()
    print(f"daemon={thread.daemon}")
    return thread.daemon


if __name__ == "__main__":
    main()
