"""The frozen app's entry point (PyInstaller runs this as __main__): the same `dyconsole` command as a checkout's."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a no-op unless a worker process is spawned (Windows)
    from dyconsole.cli import main

    sys.exit(main())
