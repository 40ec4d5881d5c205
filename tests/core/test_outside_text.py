"""Text from outside made safe: control characters stripped (lines kept or not), escaped for a terminal, capped."""

from __future__ import annotations

from dyconsole.core.outside_text import cap, strip_controls, terminal_safe


def test_control_characters_are_stripped_and_lines_kept_only_when_asked() -> None:
    raw = "秋冬\x1b[2J新品\x07\n第二行\t\x9b31m!\x00"
    assert strip_controls(raw) == "秋冬[2J新品\n第二行\t31m!"
    assert strip_controls(raw, keep_lines=False) == "秋冬[2J新品 第二行 31m!"


def test_terminal_text_shows_controls_escaped() -> None:
    assert terminal_safe("a\x1b]0;owned\x07b\nc") == "a\\x1b]0;owned\\x07b\\nc"
    assert terminal_safe("秋冬新品") == "秋冬新品"


def test_cap_says_how_much_was_cut() -> None:
    assert cap("abcdef", 4) == ("abcd", 2)
    assert cap("abc", 4) == ("abc", 0)
