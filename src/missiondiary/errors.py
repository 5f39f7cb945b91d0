"""One error family, worded for the user: the CLI prints it as one line, the app as a notice."""


class DiaryError(Exception):
    """A problem the user can fix; anything else escaping is a bug."""


class Worded(Exception):
    """An outcome a caller words into its own line (a file refused, a send that waits):
    `reason` is already in the user's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotFound(DiaryError):
    """A mission, entry or day that the diary does not hold."""


class InvalidInput(DiaryError):
    """A value that cannot be accepted, naming its field: `InvalidInput("--at", "not a
    time")` reads "--at: not a time". The field is what the user knows it by (an option, an
    argument such as TITLE, a place in a file); forms map it to their own fields.

    The older one-argument form, `InvalidInput("--at: not a time")`, is still read: the field
    is then taken from the start of the message."""

    def __init__(self, field_or_message: str, text: str | None = None) -> None:
        if text is None:
            head, sep, rest = field_or_message.partition(":")
            named = bool(sep) and " " not in head.strip()
            self.label = head.strip() if named else ""
            self.text = rest.strip() if named else field_or_message
            super().__init__(field_or_message)
        else:
            self.label = field_or_message
            self.text = text
            super().__init__(f"{field_or_message}: {text}" if field_or_message else text)

    @property
    def field(self) -> str:
        """The field without dashes ("at" for "--at"; "outcomes" for "outcomes: line 2"), or
        "" when the message names none."""
        head = self.label.partition(":")[0].strip()
        return "" if " " in head else head.lstrip("-")


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
