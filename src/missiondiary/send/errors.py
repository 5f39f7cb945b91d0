"""How an attempt ends when it does not send: `Offline` waits (no network is normal),
`Refused` fails with the reason in the delegate's words until they fix it and retry."""

from __future__ import annotations


class SendProblem(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Offline(SendProblem):
    """No connection, a timeout, a server that went away: the item keeps waiting."""


class Refused(SendProblem):
    """The other side said no (wrong password, no right to publish, rejected recipient, a
    certificate that does not verify): the item is failed, with this reason."""
