"""Application and SMTP passwords: in the system keyring when there is one, else in the
diary itself (with a warning); never in a settings column, an export or a log line."""

from __future__ import annotations

from missiondiary.domain.sending import Destination

SERVICE = "missiondiary"
NO_KEYRING_WARNING = (
    "no system keyring here: the password is kept in the diary file itself; "
    "keep the diary encrypted (or on an encrypted disk)"
)


def _keyring():
    """The keyring module when a real backend exists, else None."""
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring | null.Keyring) or backend.priority <= 0:
        return None
    return keyring


def _account(destination: Destination) -> str:
    return f"{destination.kind.value}:{destination.id}"


def store_secret(store, destination: Destination, secret: str | None) -> str | None:
    """Keep the secret; a warning line for the user when it had to go into the diary."""
    backend = _keyring()
    if backend is not None:
        try:
            if secret is None:
                backend.delete_password(SERVICE, _account(destination))
            else:
                backend.set_password(SERVICE, _account(destination), secret)
            store.keep_secret_in_diary(destination.id, None)
            return None
        except Exception:  # a locked or broken keyring: fall back to the diary
            pass
    store.keep_secret_in_diary(destination.id, secret)
    return NO_KEYRING_WARNING if secret is not None else None


def load_secret(store, destination: Destination) -> str | None:
    backend = _keyring()
    if backend is not None:
        try:
            value = backend.get_password(SERVICE, _account(destination))
        except Exception:
            value = None
        if value is not None:
            return value
    return store.secret_in_diary(destination.id)
