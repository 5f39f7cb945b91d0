"""One mission day -> one e-mail to the members' list: multipart/alternative (plain text and
the post's HTML with inline styles), members in Bcc (no member sees the others' addresses),
over STARTTLS or SSL, login optional. The Message-ID is made once and kept by the outbox, so
a retry after a lost answer is the same message, never a second one."""

from __future__ import annotations

import re
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from missiondiary.errors import InvalidInput
from missiondiary.send.errors import Offline, Refused

TIMEOUT = 20.0
SECURITY = ("starttls", "ssl", "none")
_PHOTO = re.compile(r"^!\[(.*)\]\(\S+\)$")
_ESCAPED = re.compile(r"\\([\\`*_\[\]<>#|!$+=.)-])")


def parse_address(value: str, field_name: str) -> str:
    """`Name <addr@host>` or `addr@host`: the form kept, checked for one @ and a dot."""
    name, addr = parseaddr(value or "")
    local, _, domain = addr.partition("@")
    if not local or "." not in domain or any(c.isspace() for c in addr):
        raise InvalidInput(field_name, f"'{value}' is not an e-mail address")
    return f"{name} <{addr}>" if name else addr


def parse_smtp(value: str) -> tuple[str, int | None]:
    host, _, port = (value or "").strip().rpartition(":") if ":" in value else (value, "", "")
    host = host.strip()
    if not host:
        raise InvalidInput("--smtp", f"'{value}' names no host (HOST or HOST:PORT)")
    if port and not port.isdigit():
        raise InvalidInput("--smtp", f"'{port}' is not a port number")
    return host, int(port) if port else None


def message_id_for(sender: str) -> str:
    domain = parseaddr(sender)[1].partition("@")[2] or "missiondiary.invalid"
    return make_msgid(domain=domain)


def _address(value: str) -> Address:
    name, addr = parseaddr(value)
    local, _, domain = addr.partition("@")
    return Address(display_name=name, username=local, domain=domain)


def plain_text(markdown_body: str) -> str:
    """The post's Markdown read as plain text: escapes gone, headings kept as lines, each
    photo as its caption in brackets."""
    lines = []
    caption_line = ""
    for line in markdown_body.splitlines():
        if caption_line and line == caption_line:  # the photo's caption, already named
            caption_line = ""
            continue
        caption_line = ""
        photo = _PHOTO.match(line)
        if photo:  # a photo is in the HTML part; here its caption stands for it
            caption = _ESCAPED.sub(r"\1", photo.group(1)).strip()
            lines.append(f"[Photo: {caption}]" if caption else "[Photo]")
            caption_line = f"*{photo.group(1)}*"
            continue
        if line.startswith("|---"):
            continue
        if line.startswith("| ") and line.endswith(" |"):  # a table row: cells with spaces
            cells = re.split(r"(?<!\\) \| ", line[2:-2])
            line = "   ".join(cell.strip() for cell in cells)
        text = _ESCAPED.sub(r"\1", line)
        lines.append(re.sub(r"^#{2,} ", "", text))
    return "\n".join(lines).strip() + "\n"


@dataclass(frozen=True)
class InlineImage:
    """A photo the HTML shows from the message itself (`cid:` + `cid`)."""

    cid: str
    file_name: str
    jpeg: bytes


@dataclass(frozen=True)
class DayMail:
    subject: str
    text: str
    html: str
    sent_on: datetime
    images: tuple[InlineImage, ...] = ()


def build_message(mail: DayMail, sender: str, members: list[str], message_id: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = mail.subject
    message["From"] = _address(sender)
    message["To"] = _address(sender)  # members are Bcc: the envelope carries them
    message["Date"] = format_datetime(mail.sent_on)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    if mail.images:  # the HTML part becomes multipart/related: the page and its photos
        page = message.get_payload()[1]
        for image in mail.images:
            page.add_related(
                image.jpeg,
                maintype="image",
                subtype="jpeg",
                cid=f"<{image.cid}>",
                disposition="inline",
                filename=image.file_name,
            )
        page.set_param("type", "text/html")  # RFC 2387: what the related parts' root is
    return message


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int | None
    security: str  # starttls | ssl | none
    login: str | None
    password: str | None

    def deliver(self, message: EmailMessage, sender: str, members: list[str]) -> list[str]:
        """Hand the message over once; what went wrong in words (Offline waits, Refused
        fails). Returns the members the server refused while taking it for the others (the
        message went: sending it again would reach the others twice)."""
        envelope_from = parseaddr(sender)[1]
        recipients = [parseaddr(member)[1] for member in members]
        context = ssl.create_default_context()
        try:
            if self.security == "ssl":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port or 465, timeout=TIMEOUT, context=context
                )
            else:
                client = smtplib.SMTP(self.host, self.port or 587, timeout=TIMEOUT)
            with client:
                if self.security == "starttls":
                    client.starttls(context=context)
                if self.login:
                    client.login(self.login, self.password or "")
                refused = client.send_message(message, envelope_from, recipients)
        except ssl.SSLCertVerificationError as error:
            raise Refused(
                f"the certificate of {self.host} does not verify ({error.verify_message}); "
                "nothing was sent"
            ) from error
        except smtplib.SMTPAuthenticationError as error:
            raise Refused(
                f"{self.host} refused the login for {self.login} ({error.smtp_code}); "
                "check the user and password with 'missiondiary send setup email'"
            ) from error
        except smtplib.SMTPNotSupportedError as error:
            raise Refused(f"{self.host} does not offer {error}; try --ssl or no login") from error
        except smtplib.SMTPRecipientsRefused as error:
            names = ", ".join(sorted(error.recipients))
            raise Refused(f"{self.host} rejected every recipient: {names}") from error
        except smtplib.SMTPSenderRefused as error:
            raise Refused(f"{self.host} rejected the sender {error.sender}") from error
        except smtplib.SMTPResponseException as error:
            detail = error.smtp_error.decode("utf-8", "replace") if error.smtp_error else ""
            if 400 <= error.smtp_code < 500:
                raise Offline(f"{self.host} said try later ({error.smtp_code} {detail})") from error
            raise Refused(
                f"{self.host} refused the message ({error.smtp_code} {detail})"
            ) from error
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError) as error:
            raise Offline(f"no connection to {self.host}") from error
        except ssl.SSLError as error:
            raise Refused(f"no secure connection to {self.host} ({error.reason})") from error
        except TimeoutError as error:
            raise Offline(f"{self.host} did not answer in time") from error
        except OSError as error:  # refused, unreachable, no such host: offline is normal
            raise Offline(f"no connection to {self.host}") from error
        return sorted(refused)
