"""The versioned settings file: round-trip, migration, corrupt files, atomic writes, no secrets."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from dyconsole.core.feed import PollIntervals
from dyconsole.paths import settings_path
from dyconsole.services.settings import app_settings as st
from dyconsole.services.settings.app_settings import (
    AppSettings,
    DoudianConnection,
    QianchuanConnection,
    SettingsError,
    load_settings,
    save_settings,
)


def _custom() -> AppSettings:
    return AppSettings(
        language="en",
        visible_tiles=(st.TILE_IDS[4], st.TILE_IDS[0]),
        poll_intervals=PollIntervals(room=2.0, products=20.0, flow=45.0, audience=300.0, orders=90.0),
        qps={**st._default_qps(), "today_live/room/get/": 7.5},
        qianchuan=QianchuanConnection("http://127.0.0.1:8080/open_api/", "1700000001", "123456", "98765"),
        doudian=DoudianConnection("http://127.0.0.1:8080", "7000001", "4242"),
        sound=True,
        change_window_min=15,
    )


def test_defaults_when_there_is_no_file() -> None:
    warnings: list[str] = []
    s = load_settings(warnings=warnings)
    assert s == AppSettings()
    assert s.language == "zh_CN" and s.sound is False
    assert warnings == []


def test_round_trip_keeps_every_field() -> None:
    s = _custom()
    path = save_settings(s)
    assert path == settings_path()
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["version"] == st.SETTINGS_VERSION
    assert load_settings() == s


def test_v1_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "lang": "en", "qps_per_endpoint": 2.0,
                                "poll_intervals": {"room": 3}}), encoding="utf-8")
    s = load_settings(path)
    assert s.language == "en"
    assert all(s.qps_of(e) == 2.0 for e in st.QPS_ENDPOINTS)
    assert s.poll_intervals.room == 3.0
    # written back in the new format
    save_settings(s, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["version"] == 2 and "lang" not in doc and "qps_per_endpoint" not in doc


def test_a_file_without_a_version_is_treated_as_v1(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"lang": "en"}), encoding="utf-8")
    assert load_settings(path).language == "en"


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "", '{"version": "two"}'])
def test_corrupt_file_gives_defaults_a_warning_and_a_backup(content: str) -> None:
    path = settings_path()
    path.write_text(content, encoding="utf-8")
    warnings: list[str] = []
    s = load_settings(warnings=warnings)
    assert s == AppSettings()
    assert len(warnings) == 1 and "corrupt" in warnings[0] and ".bak" in warnings[0]
    backup = path.with_name("settings.json.bak")
    assert backup.read_text(encoding="utf-8") == content
    assert not path.exists()


def test_out_of_range_values_fall_back_per_field_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    doc = _custom().to_dict()
    doc["poll_intervals"]["room"] = 0.2
    doc["qps"]["/order/searchList"] = 500
    doc["language"] = "fr"
    doc["sound"] = "yes"
    doc["visible_tiles"] = [st.TILE_IDS[4], "nonsense"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    warnings: list[str] = []
    s = load_settings(path, warnings)
    assert s.poll_intervals.room == PollIntervals().room
    assert s.poll_intervals.products == 20.0  # the good ones are kept
    assert s.qps_of("/order/searchList") == st.DEFAULT_QPS
    assert s.qps_of("today_live/room/get/") == 7.5
    assert s.language == "zh_CN" and s.sound is False
    assert s.visible_tiles == (st.TILE_IDS[4],)
    assert len(warnings) == 5


def test_atomic_write_keeps_the_old_file_when_writing_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    old = _custom()
    path = save_settings(old)

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    with monkeypatch.context() as m:
        m.setattr(st.os, "replace", broken_replace)
        with pytest.raises(OSError):
            save_settings(replace(old, language="zh_CN"))
    assert load_settings() == old
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith("settings")) == ["settings.json"]


def test_no_secret_can_reach_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    s = _custom()
    text = save_settings(s, tmp_path / "s.json").read_text(encoding="utf-8")
    for word in ("secret", "token", "password", "auth_code"):
        assert word not in text
    real_to_dict = AppSettings.to_dict

    def leaky(self: AppSettings) -> dict:
        doc = real_to_dict(self)
        doc["qianchuan"]["app_secret"] = "s3cr3t"
        return doc

    monkeypatch.setattr(AppSettings, "to_dict", leaky)
    with pytest.raises(SettingsError):
        save_settings(s, tmp_path / "s2.json")
    assert sorted(os.listdir(tmp_path)) == ["s.json"]  # nothing written, no temp file left
