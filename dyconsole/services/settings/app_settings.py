"""The console's settings file: a versioned JSON file at `dyconsole.paths.settings_path()`.

Owns the typed `AppSettings` (language, visible KPI tiles, poll intervals, per-endpoint QPS, the NON-secret
connection fields, sound, change window), the sane limits every field must respect (the settings dialog validates
against the same limits), loading with schema migration, and atomic saving (temp file + rename).

A corrupt file gives the defaults and a clear warning; the bad file is kept beside it as `settings.json.bak`.
A value out of range gives that field's default and a warning. Secrets (app secrets, tokens, auth codes) are never
written here: they go to the keyring; `save_settings` refuses any secret-looking key as a last line of defence.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from dyconsole.core.poll_intervals import POLL_KINDS, PollIntervals
from dyconsole.paths import settings_path

log = logging.getLogger(__name__)

#: version of the file format written by this code; older files are migrated step by step on load
SETTINGS_VERSION = 2

LANGUAGES: tuple[str, ...] = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

try:  # the KPI registry owns the tile ids once it lands
    from dyconsole.core.kpis import TILE_IDS as _TILE_IDS  # type: ignore[import-not-found]

    TILE_IDS: tuple[str, ...] = tuple(_TILE_IDS)
except ImportError:  # pragma: no cover - only while core.kpis is not committed yet; same ids
    TILE_IDS = ("online_now", "peak_online", "cumulative_viewers", "avg_dwell", "gmv", "paid_orders", "gpm",
                "conversion_rate", "ad_spend", "live_roi")

#: the endpoints the clients rate-limit, each with its own QPS setting (paths as in shared/API.md)
QPS_ENDPOINTS: tuple[str, ...] = (
    "today_live/room/get/",
    "today_live/room/detail/get/",
    "today_live/room/flow_performance/get/",
    "today_live/room/user/get/",
    "today_live/room/product_list/get/",
    "/order/searchList",
)
DEFAULT_QPS = 3.0
QPS_MIN_EXCLUSIVE = 0.0
QPS_MAX = 100.0

#: inclusive (min, max) broadcast seconds between polls of each kind
INTERVAL_LIMITS: dict[str, tuple[float, float]] = {
    "room": (1.0, 600.0),
    "products": (5.0, 3600.0),
    "flow": (5.0, 3600.0),
    "audience": (10.0, 3600.0),
    "orders": (10.0, 3600.0),
}
CHANGE_WINDOW_LIMITS: tuple[int, int] = (1, 120)  # minutes

DEFAULT_QIANCHUAN_BASE_URL = "https://api.oceanengine.com/open_api/"
DEFAULT_DOUDIAN_BASE_URL = "https://openapi-fxg.jinritemai.com"

# Secrets live in the token store (sources.credentials: the keyring, service "dyconsole") by account name,
# never in this file. The app secret is `store.set_secret(account, secret)`; a pasted or caught authorization
# code waiting to be exchanged is `store.set_secret(auth_code_account(account), code)` (single use, 10 minutes).


def qianchuan_account(app_id: str) -> str:
    return f"qianchuan:{app_id}"


def doudian_account(app_key: str) -> str:
    return f"doudian:{app_key}"


def auth_code_account(account: str) -> str:
    return f"{account}:auth_code"


_SECRET_WORDS = ("secret", "token", "password", "auth_code", "code")


class SettingsError(ValueError):
    """A settings object that must not be written (e.g. it carries a secret-looking key)."""


@dataclass(frozen=True, slots=True)
class QianchuanConnection:
    """Where and as whom the Qianchuan client connects. The app secret is in the keyring, not here."""

    api_base_url: str = DEFAULT_QIANCHUAN_BASE_URL
    app_id: str = ""
    advertiser_id: str = ""
    aweme_id: str = ""


@dataclass(frozen=True, slots=True)
class DoudianConnection:
    """Where and as whom the Doudian client connects. The app secret is in the keyring, not here."""

    api_base_url: str = DEFAULT_DOUDIAN_BASE_URL
    app_key: str = ""
    shop_id: str = ""


def _default_qps() -> dict[str, float]:
    return {endpoint: DEFAULT_QPS for endpoint in QPS_ENDPOINTS}


@dataclass(frozen=True)
class AppSettings:
    """Everything the console remembers between starts except window state (QSettings) and secrets (keyring)."""

    language: str = DEFAULT_LANGUAGE
    visible_tiles: tuple[str, ...] = TILE_IDS
    poll_intervals: PollIntervals = field(default_factory=PollIntervals)
    qps: dict[str, float] = field(default_factory=_default_qps)
    qianchuan: QianchuanConnection = field(default_factory=QianchuanConnection)
    doudian: DoudianConnection = field(default_factory=DoudianConnection)
    sound: bool = False
    change_window_min: int = 5

    def qps_of(self, endpoint: str) -> float:
        """QPS allowed for an endpoint (the default for one this file does not list)."""
        return float(self.qps.get(endpoint, DEFAULT_QPS))

    def to_dict(self) -> dict[str, Any]:
        """The JSON document written to disk (with its schema version)."""
        return {
            "version": SETTINGS_VERSION,
            "language": self.language,
            "visible_tiles": list(self.visible_tiles),
            "poll_intervals": {kind: self.poll_intervals.of(kind) for kind in POLL_KINDS},
            "qps": {k: float(v) for k, v in self.qps.items()},
            "qianchuan": asdict(self.qianchuan),
            "doudian": asdict(self.doudian),
            "sound": bool(self.sound),
            "change_window_min": int(self.change_window_min),
        }


# --- migration -------------------------------------------------------------------------------------------------


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """v1 had one QPS for every endpoint (`qps_per_endpoint`) and the language under `lang`."""
    out = dict(doc)
    single = out.pop("qps_per_endpoint", None)
    if single is not None and "qps" not in out:
        out["qps"] = {endpoint: single for endpoint in QPS_ENDPOINTS}
    if "lang" in out and "language" not in out:
        out["language"] = out.pop("lang")
    out["version"] = 2
    return out


#: migration from version N to N+1, applied in order
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    """Bring a settings document of any known older version up to SETTINGS_VERSION."""
    version = doc.get("version", 1)
    if not isinstance(version, int) or version < 1:
        raise ValueError(f"unknown settings version {version!r}")
    while version < SETTINGS_VERSION:
        doc = MIGRATIONS[version](doc)
        version = doc["version"]
    return doc


# --- reading values leniently -------------------------------------------------------------------------------------


def in_range(value: float, low: float, high: float) -> bool:
    return low <= value <= high


def qps_ok(value: float) -> bool:
    return QPS_MIN_EXCLUSIVE < value <= QPS_MAX


class _Reader:
    """Takes fields from a document, keeping defaults (with a warning each) for anything unreadable."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings

    def bad(self, key: str, value: object) -> None:
        self.warnings.append(f"settings: {key}={value!r} is not valid; using the default")

    def number(self, key: str, raw: object, default: float, ok: Callable[[float], bool]) -> float:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and ok(float(raw)):
            return float(raw)
        self.bad(key, raw)
        return default

    def text(self, key: str, raw: object, default: str) -> str:
        if isinstance(raw, (str, int)) and not isinstance(raw, bool):
            return str(raw).strip()
        self.bad(key, raw)
        return default


def _from_dict(doc: Mapping[str, Any], warnings: list[str]) -> AppSettings:
    defaults = AppSettings()
    r = _Reader(warnings)
    values: dict[str, Any] = {}

    if "language" in doc:
        lang = doc["language"]
        values["language"] = lang if lang in LANGUAGES else (r.bad("language", lang) or defaults.language)
    if "visible_tiles" in doc:
        raw = doc["visible_tiles"]
        if isinstance(raw, list) and all(isinstance(t, str) for t in raw):
            unknown = [t for t in raw if t not in TILE_IDS]
            if unknown:
                warnings.append(f"settings: unknown KPI tiles ignored: {unknown}")
            values["visible_tiles"] = tuple(t for t in raw if t in TILE_IDS)
        else:
            r.bad("visible_tiles", raw)
    if isinstance(doc.get("poll_intervals"), Mapping):
        raw_iv = doc["poll_intervals"]
        iv = {kind: r.number(f"poll_intervals.{kind}", raw_iv[kind], defaults.poll_intervals.of(kind),
                             lambda v, k=kind: in_range(v, *INTERVAL_LIMITS[k]))
              for kind in POLL_KINDS if kind in raw_iv}
        values["poll_intervals"] = replace(defaults.poll_intervals, **iv)
    if isinstance(doc.get("qps"), Mapping):
        qps = _default_qps()
        for endpoint, raw_q in doc["qps"].items():
            qps[str(endpoint)] = r.number(f"qps.{endpoint}", raw_q, DEFAULT_QPS, qps_ok)
        values["qps"] = qps
    for key, cls in (("qianchuan", QianchuanConnection), ("doudian", DoudianConnection)):
        raw_c = doc.get(key)
        if isinstance(raw_c, Mapping):
            base = cls()
            kw = {f.name: r.text(f"{key}.{f.name}", raw_c[f.name], getattr(base, f.name))
                  for f in fields(cls) if f.name in raw_c}
            values[key] = replace(base, **kw)
    if "sound" in doc:
        values["sound"] = doc["sound"] if isinstance(doc["sound"], bool) else (r.bad("sound", doc["sound"]) or False)
    if "change_window_min" in doc:
        low, high = CHANGE_WINDOW_LIMITS
        values["change_window_min"] = int(r.number("change_window_min", doc["change_window_min"],
                                                   defaults.change_window_min,
                                                   lambda v: v == int(v) and in_range(v, low, high)))
    return replace(defaults, **values)


# --- load / save ------------------------------------------------------------------------------------------------


def load_settings(path: Path | None = None, warnings: list[str] | None = None) -> AppSettings:
    """Read the settings file (defaults when there is none). Problems are logged and appended to `warnings`."""
    path = path or settings_path()
    found: list[str] = []
    try:
        settings = _load(path, found)
    finally:
        for message in found:
            log.warning("%s", message)
        if warnings is not None:
            warnings.extend(found)
    return settings


def _load(path: Path, warnings: list[str]) -> AppSettings:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return AppSettings()
    except OSError as exc:
        warnings.append(f"settings: cannot read {path} ({exc.strerror}); using the defaults")
        return AppSettings()
    try:
        doc = json.loads(text)
        if not isinstance(doc, dict):
            raise ValueError("not a JSON object")
        doc = migrate(doc)
    except (ValueError, KeyError) as exc:
        backup = path.with_name(path.name + ".bak")
        os.replace(path, backup)
        warnings.append(f"settings: {path} is corrupt ({exc}); using the defaults. "
                        f"The bad file was kept as {backup}")
        return AppSettings()
    if doc.get("version", SETTINGS_VERSION) > SETTINGS_VERSION:
        warnings.append(f"settings: {path} was written by a newer version ({doc['version']}); "
                        "reading the fields this version knows")
    return _from_dict(doc, warnings)


def _check_no_secrets(doc: Mapping[str, Any], where: str = "") -> None:
    for key, value in doc.items():
        lowered = str(key).lower()
        if any(lowered == w or lowered.endswith("_" + w) or lowered.startswith(w + "_") for w in _SECRET_WORDS):
            raise SettingsError(f"refusing to write a secret-looking setting {where}{key!r} to the settings file")
        if isinstance(value, Mapping):
            _check_no_secrets(value, f"{where}{key}.")


def save_settings(settings: AppSettings, path: Path | None = None) -> Path:
    """Write the settings atomically: a temp file in the same folder, flushed, then renamed over the old one."""
    path = path or settings_path()
    doc = settings.to_dict()
    _check_no_secrets(doc)
    data = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    return path
