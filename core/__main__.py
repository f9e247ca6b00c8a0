"""The `reportlint` command and `python -m reportlint`: reportlint.cli with a lighter start.

Why a separate entry: start-up (pydantic, Lark, reportlint's modules, the plugins, their
model classes and grammars) builds about sixty thousand objects that live to the end of the
run. The cyclic collector's passes over that growing heap found next to nothing to free
(about 1,600 objects, 1 MB) and cost about a twentieth of a one-file check. So the command
pauses the collector before anything is imported; reportlint.cli resumes it once start-up is
over (`gc.freeze()` first, so that the collector never walks start-up's objects again), or
before any command that does not load the plugins (`serve` runs with the collector on).
reportlint.cli.main, called by a host program, never touches the collector's state.
"""

import gc
import sys


def main() -> int:
    """Run the command line with the collector paused until start-up is over."""
    gc.disable()
    try:
        from .cli import main as run_command
    except BaseException:
        gc.enable()
        raise
    return run_command(collector_paused=True)


if __name__ == "__main__":
    sys.exit(main())
