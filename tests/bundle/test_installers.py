"""The Windows installer script and the Linux desktop entry agree with what the spec builds: the folder and program
names, the icon files, the app's own names (QApplication's desktop file name, the window class)."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "packaging" / "windows" / "dyconsole.iss"
DESKTOP = ROOT / "packaging" / "linux" / "dyconsole.desktop"
SPEC = ROOT / "packaging" / "dyconsole.spec"


def _iss() -> str:
    return ISS.read_text(encoding="utf-8-sig")


def test_the_installer_takes_the_spec_s_folder_and_programs() -> None:
    iss, spec = _iss(), SPEC.read_text(encoding="utf-8")
    source = re.search(r'#define SourceDir "([^"]+)"', iss)
    assert source is not None
    assert (ISS.parent / source.group(1).replace("\\", "/")).resolve() == ROOT / "dist" / "dyconsole"
    assert re.search(r'COLLECT\([^)]*name="dyconsole"\)', spec)
    assert 'program("dyconsolew", console=False)' in spec  # the shortcut's program: no console window
    assert '{app}\\dyconsolew.exe' in iss
    assert 'COLLECT(*programs' in spec


def test_every_file_the_installer_names_exists() -> None:
    iss = _iss()
    icons = re.findall(r'=\s*(\.\.\\\.\.\\[^\s"]+\.ico)', iss)
    inside = re.findall(r'\{app\}\\_internal\\([^"]+)"', iss)
    assert icons and inside
    for relative in icons:
        assert (ISS.parent / relative.replace("\\", "/")).is_file(), relative
    for shipped in inside:
        assert (ROOT / shipped.replace("\\", "/")).is_file(), shipped  # the spec ships dyconsole/resources/... as is


def test_the_installer_keeps_the_operator_s_data_and_needs_no_admin() -> None:
    iss = _iss()
    assert "PrivilegesRequired=lowest" in iss
    assert "[UninstallDelete]" not in iss  # the sessions database and settings stay


def test_the_desktop_entry_is_valid_and_names_the_app() -> None:
    parser = configparser.RawConfigParser(strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert entry["Exec"].split()[0].endswith("/dyconsole") and entry["TryExec"] == entry["Exec"].split()[0]
    assert (ROOT / "dyconsole" / "resources" / "icons" / f"{entry['Icon']}.svg").is_file()
    assert entry["Name[zh_CN]"] and entry["Comment[zh_CN]"]
    assert all(c in {"Office", "Finance", "Monitor", ""} for c in entry["Categories"].split(";"))
    app = (ROOT / "dyconsole" / "app.py").read_text(encoding="utf-8")
    assert f'setDesktopFileName("{DESKTOP.stem}")' in app and entry["StartupWMClass"] == DESKTOP.stem
