"""A recorder's write journal as it keeps and replays writes (`KeptWrites`): the writes an earlier recorder kept
beside the database queued first, the file kept equal to what is left of them, and the writes still refused when
the recorder closes kept in it (the file's format: storage.write_journal). Owned by storage.recorder."""

from __future__ import annotations

import logging
from pathlib import Path

from dyconsole.storage.errors import StorageError
from dyconsole.storage.write_backlog import PendingWrite, WriteBacklog
from dyconsole.storage.write_journal import JournalEntry, StoredWrite, load_journal, save_journal

log = logging.getLogger(__name__)


class KeptWrites:
    """The journal at `path` (None: the database has no file to keep them beside) of a recorder's `backlog`.
    `kept`: writes this recorder kept in it (0: none); a problem the operator must see is returned (the recorder's
    notice)."""

    def __init__(self, path: Path | None, backlog: WriteBacklog) -> None:
        self.path = path
        self.kept = 0
        self._backlog = backlog
        self._replaying = 0  # writes replayed from the journal not yet written

    def queue_earlier(self) -> StorageError | None:
        """Queue the writes an earlier recorder kept in the journal, first (the caller tries them then)."""
        if self.path is None:
            return None
        try:
            entries = load_journal(self.path)
        except (OSError, ValueError) as exc:
            notice = StorageError(f"the writes kept from an earlier recording cannot be read back: {exc}; "
                                  "the file was left as it is", self.path)
            log.error("%s", notice)
            return notice
        for e in entries:  # no session heartbeat for them: their session is not this recorder's
            self._backlog.submit(PendingWrite(e.label, None, e.write, essential=True))
        if entries:
            self._replaying = len(entries)
            log.warning("writing %d writes kept in %s by an earlier recording", len(entries), self.path)
        return None

    @property
    def replaying(self) -> bool:
        return self._replaying > 0

    def written(self) -> StorageError | None:
        """The backlog was written (some of it): keep the journal equal to what is left, gone once the kept or
        replayed writes are all written."""
        notice = None
        if self.kept and len(self._backlog) != self.kept:
            self.kept = 0
            if self._backlog:
                notice = self.keep()
            elif self.path is not None:
                self.path.unlink(missing_ok=True)
                log.warning("the writes kept in %s are written", self.path)
        if self._replaying and self._backlog.written >= self._replaying and self.path is not None:
            self._replaying = 0
            try:
                self.path.unlink(missing_ok=True)
            except OSError as exc:
                log.error("the kept writes were written, but %s cannot be removed: %s", self.path, exc)
            else:
                log.warning("the writes kept in %s are written", self.path)
        return notice

    def keep(self) -> StorageError | None:
        """Keep the backlog's writes in the journal (the recorder closes, or what is left changed)."""
        pending = self._backlog.pending()
        entries = [JournalEntry(p.label, p.session_id, p.write, p.essential) for p in pending
                   if isinstance(p.write, StoredWrite)]
        try:
            if self.path is None:
                raise OSError("the database has no file to keep them beside")
            save_journal(self.path, entries)
        except OSError as exc:
            notice = StorageError(f"{len(pending)} writes could not be kept either: {exc}")
            log.error("recording: %s are lost when this program ends", notice)
            return notice
        self.kept, self._replaying = len(entries), 0  # the journal now holds what is left, replayed ones too
        log.warning("%d writes the database refused are kept in %s; they are written at the next start",
                    len(entries), self.path)
        return None
