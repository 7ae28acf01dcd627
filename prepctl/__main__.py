"""The process: ``python -m prepctl`` and the installed ``prepctl`` command both start here.

Process-wide settings are made before anything is imported, so they hold for the imports too.
A run is short and builds tens of thousands of objects that live until it ends (a plan's
blocks, their events, a work calendar's meetings); at Python's default thresholds the cycle
collector scans them all again and again as they pile up, a ninth of a year-long plan's run.
With these it still collects young reference cycles, and leaves what lives to the exit.
"""

import gc


def run() -> None:
    gc.set_threshold(200_000, 30, 30)
    from prepctl.cli import main

    main()


if __name__ == "__main__":
    run()
