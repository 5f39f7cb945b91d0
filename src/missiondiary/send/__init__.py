"""Sending posts where members read them: a WordPress site (`wordpress.py`) and a mailing
list (`email.py`, with `email_html.py` for mail clients' styles), from the outbox
(`outbox.py`: queue, try, retry, never twice), the day's photos on their way out
(`photos.py`: stripped copies, WordPress media, inline mail parts); secrets in the system
keyring (`secrets.py`).

Only what the chosen audience may see is sent: every payload is built from the publisher's
`render_day`, which goes through `visible_content`."""
