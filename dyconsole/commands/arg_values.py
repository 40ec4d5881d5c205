"""Values from the command line checked where they enter (argparse types): the demo clock's speed, a broadcast
duration, a TCP port, a language. A bad value is a usage error (exit 2) with a message naming the flag's range,
never a hang or a traceback later.
"""

from __future__ import annotations

import argparse
import math

#: the fastest demo clock: 10,000 broadcast seconds a second (a 3 h broadcast in about a second)
MAX_SPEED = 10_000.0
#: the longest `--duration`: 30 days of broadcast seconds
MAX_DURATION_S = 30 * 24 * 3600.0


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def speed(text: str) -> float:
    """--speed: broadcast seconds per real second, 0 < speed <= MAX_SPEED."""
    value = _number(text)
    if not 0 < value <= MAX_SPEED:
        raise argparse.ArgumentTypeError(f"{text!r}: the speed must be above 0 and at most {MAX_SPEED:,.0f}")
    return value


def duration(text: str) -> float:
    """--duration: broadcast seconds, 0 < duration <= MAX_DURATION_S."""
    value = _number(text)
    if not 0 < value <= MAX_DURATION_S:
        raise argparse.ArgumentTypeError(
            f"{text!r}: the duration must be above 0 and at most {MAX_DURATION_S:,.0f} broadcast seconds (30 days)")
    return value


def port(text: str) -> int:
    """--port: 0 (any free port) to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r}: a port is 0 (any free one) to 65535")
    return value


#: what an operator may type for a language, and the language it is (Chinese: zh, zh_CN, zh-CN, cn)
_LANG_NAMES = {"zh": "zh", "zh_cn": "zh", "zh-cn": "zh", "cn": "zh", "en": "en", "en_us": "en", "en-us": "en"}
#: the language choices said in --help
LANG_METAVAR = "{zh,en}"


def _lang(text: str) -> str:
    value = _LANG_NAMES.get(text.strip().lower())
    if value is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a language: zh (or zh_CN) or en")
    return value


def ui_lang(text: str) -> str:
    """The window's --lang: zh, zh_CN or en, given as the UI's language name (zh_CN or en)."""
    return "zh_CN" if _lang(text) == "zh" else "en"


def text_lang(text: str) -> str:
    """A verb's --lang (reports, messages): zh, zh_CN or en, given as zh or en."""
    return _lang(text)
