"""One error family, worded for the user: the CLI prints it as one line, the app as a notice."""


class DiaryError(Exception):
    """A problem the user can fix; anything else escaping is a bug."""


class NotFound(DiaryError):
    """A mission, entry or day that the diary does not hold."""


class InvalidInput(DiaryError):
    """A value that cannot be accepted; the message names the field ("--at: ...")."""

    @property
    def field(self) -> str:
        """The field named at the start of the message, without dashes ("at")."""
        head, sep, _ = str(self).partition(":")
        return head.strip().lstrip("-") if sep and " " not in head.strip() else ""


class AmbiguousId(InvalidInput):
    """An id prefix that matches more than one entry."""


class DiaryFileError(DiaryError):
    """The diary file itself cannot be used (not SQLite, newer schema, a folder)."""


class ReadOnlyDiary(DiaryFileError):
    """A write was attempted on a diary opened read-only."""


class DiaryBusy(DiaryError):
    """Another program held the diary past the busy timeout; nothing was changed, and the
    same change may simply be tried again (the app retries on its own)."""


class DiskFull(DiaryError):
    """The disk holding the diary has no room: nothing was written, the diary is as it was."""
