"""How a fixture's rows name things: users by id, email or username (members of the
target workspace); items by the key of a row of this load's item files or by the id of
an item the workspace holds; new rows' ids given as UUIDs, or keys (the seed's integers)
for which new ids are made."""

from __future__ import annotations

import uuid
from datetime import datetime

import uuid_utils

from adapters.postgres.content.fixture_files import Cells
from adapters.postgres.content.fixture_values import BadCell

ITEM_FILES = ("content_items.tsv", "content_items_auto.tsv")


def as_uuid(key: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(key)
    except ValueError:
        return None


class FixtureRefs:
    def __init__(self, workspace_id: str, users: dict[str, str], now: datetime) -> None:
        self.workspace_id, self.now, self._users = workspace_id, now, users
        self._keys: dict[tuple[str, str], str] = {}  # (file, key) -> id, of loaded rows
        self._seen: set[tuple[str, str]] = set()
        self._given: set[uuid.UUID] = set()
        self.file = ""
        self.row_key, self.row_id = "", ""
        self.row_items: list[str] = []  # ids of existing items the row names, to be checked

    def start_row(self) -> None:
        self.row_key, self.row_id, self.row_items = "", "", []

    def user(self, key: str) -> str:
        found = self._users.get(key.strip().lower())
        if found is None:
            raise BadCell(f"{key.strip()[:64]!r} names no member of the workspace")
        return found

    def item(self, key: str) -> str:
        key = key.strip()
        if not key:
            raise BadCell("is required")
        named = {self._keys[(f, key)] for f in ITEM_FILES if (f, key) in self._keys}
        if len(named) > 1:
            raise BadCell(f"{key[:64]!r} names a row of both {' and '.join(ITEM_FILES)}")
        if named:
            return named.pop()
        if (given := as_uuid(key)) is None:
            raise BadCell(f"{key[:64]!r} names no item of this load or the workspace")
        self.row_items.append(str(given))
        return str(given)

    def new_id(self, cells: Cells) -> uuid.UUID:
        key = cells.raw("id")
        if key and (self.file, key) in self._seen:
            raise BadCell(f"id: {key[:64]!r} repeats an earlier row's")
        self._seen.add((self.file, key))
        given = as_uuid(key) if key else None
        if given is not None and given in self._given:
            raise BadCell(f"id: {given} is the id of an earlier row of this load")
        if given is not None:
            self._given.add(given)
        made = given or uuid.UUID(str(uuid_utils.uuid7()))
        self.row_key, self.row_id = key, str(made) if given else ""
        return made

    def keep_row(self, key: str, row_id: str) -> None:
        """A row of the current file is loaded: its key names `row_id` from now on."""
        if key:
            self._keys[(self.file, key)] = row_id
