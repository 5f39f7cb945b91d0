"""How an attempt ends when it does not send: `Offline` waits (no network is normal),
`Refused` fails with the reason in the delegate's words until they fix it and retry."""

from __future__ import annotations

from missiondiary.errors import Worded


class SendProblem(Worded):
    """An attempt that did not send; `reason` says why in the delegate's words."""


class Offline(SendProblem):
    """No connection, a timeout, a server that went away: the item keeps waiting."""


class Refused(SendProblem):
    """The other side said no (wrong password, no right to publish, rejected recipient, a
    certificate that does not verify): the item is failed, with this reason."""
