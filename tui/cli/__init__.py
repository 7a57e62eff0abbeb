"""The ``dispatchbox`` command: a thin layer over the archive and index libraries.

Only ``dispatchbox`` without a subcommand (and ``demo``) loads the Textual app; every other
subcommand stays light, so scripts pay only for what they use.

The package: ``parser`` builds the command line and runs a subcommand (``main``); one module
per group of subcommands (``archive_commands``, ``search_commands``, ``annotation_commands``,
``pairs_commands``); ``render`` prints text for a person and JSON for a script; ``common``
holds what every subcommand shares (exit codes, opening the archive, safe output).

Exit codes:
  0  success
  1  nothing found (no letter, no hit)
  2  bad usage (an unknown option, a query that cannot be parsed)
  3  done, but some files could not be read (each is listed with the reason)
  4  no archive at the given folder, or the archive cannot be read
  5  the archive is being written by another process
  6  the archive is damaged (annotations, records or texts): run `dispatchbox doctor --repair`
  7  a reference names unrelated letters (they are listed: use an id)
  70 an unexpected error (a bug): one line here, the details in a log file
  130 interrupted by Ctrl-C (SIGINT); what was finished is kept
  129, 143 stopped by SIGHUP (the terminal closed) or SIGTERM: 128 + the signal's number, as
     a shell reports it; like Ctrl-C, what was finished is kept
"""

from tui.cli.common import (
    EXIT_AMBIGUOUS,
    EXIT_BUSY,
    EXIT_DAMAGED,
    EXIT_INTERRUPTED,
    EXIT_NO_ARCHIVE,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_SOFTWARE,
    EXIT_USAGE,
)
from tui.cli.parser import build_parser, main

__all__ = [
    "EXIT_AMBIGUOUS",
    "EXIT_BUSY",
    "EXIT_DAMAGED",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_FOUND",
    "EXIT_NO_ARCHIVE",
    "EXIT_OK",
    "EXIT_PARTIAL",
    "EXIT_SOFTWARE",
    "EXIT_USAGE",
    "build_parser",
    "main",
]
