"""The one table of exit codes every `dyconsole` verb returns (the README's table is this one).

0  OK          the verb did what was asked.
1  FAILURE     a runtime failure: the room or network lost for good, an authorization lost, a write that could
               not be made, anything the operator must look at although the command line was right.
2  USAGE       the command line is wrong: an unknown flag, verb or metric, a value out of range, a format that
               does not match the file name.
3  DATA        the data or the database is the problem: a database that cannot be opened or is not SQLite, an
               unknown session or plan, a bad import file.
"""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    """Exit codes shared by all verbs."""

    OK = 0
    FAILURE = 1
    USAGE = 2
    DATA = 3


OK = Exit.OK
FAILURE = Exit.FAILURE
USAGE = Exit.USAGE
DATA = Exit.DATA
