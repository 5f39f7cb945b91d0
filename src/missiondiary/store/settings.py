"""Small preferences kept in the diary itself (theme, last day viewed, output folder)."""

from __future__ import annotations

from missiondiary.store.base import StoreBase


class SettingsMixin(StoreBase):
    def setting(self, key: str, default: str = "") -> str:
        value = self._scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        with self.write():
            self.db["settings"].upsert({"key": key, "value": value}, pk="key")
