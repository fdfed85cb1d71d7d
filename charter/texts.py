"""Language-neutral stored text: what a service writes into a note or a reason is the English
message id (marked with `gettext_noop`, so the catalogues carry its translations) and its
parameters, never a sentence in the language of the request that happened to create it. A
page, an e-mail and the API render it in the reader's language at display time.

    note=Text(gettext_noop("Contact the customer about: %(matter)s"), matter=memo.matter)

Stored as {"msgid": ..., "params": {...}} in a JSON field beside the free-text one; a message
id no catalogue knows any more still renders (in English) rather than fail."""

from __future__ import annotations

from django.utils.translation import gettext

# A parameter is a name or a short description (a company, a matter): bounded like a note.
PARAM_MAX = 300


class Text:
    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, /, **params):
        self.msgid = msgid
        self.params = {
            name: value if isinstance(value, int | float) else str(value)[:PARAM_MAX]
            for name, value in params.items()
        }

    def as_data(self) -> dict:
        return {"msgid": self.msgid, "params": self.params}

    def __str__(self) -> str:
        return render(self.as_data())

    def __eq__(self, other):
        return isinstance(other, Text) and other.as_data() == self.as_data()

    def __repr__(self):
        return f"Text({self.msgid!r}, **{self.params!r})"


def split(value: str | Text | None) -> tuple[str, dict]:
    """(free text, language-neutral data) to store for `value`."""
    if isinstance(value, Text):
        return "", value.as_data()
    return value or "", {}


def render(data: dict | None, fallback: str = "") -> str:
    """`data` (as stored) in the active language; `fallback` (free text) when there is none."""
    if not data or not data.get("msgid"):
        return fallback
    params = data.get("params") or {}
    try:
        return gettext(data["msgid"]) % params
    except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
        return data["msgid"] % params
