"""Text for the XML formats (GEXF, GraphML): escaped, and without the characters XML 1.0
cannot hold at all (most control characters), which become U+FFFD and are counted."""

from __future__ import annotations

import re

__all__ = ["XmlText"]

# Allowed in XML 1.0: tab, newline, carriage return, and everything from U+0020 up except
# surrogates and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


class XmlText:
    """Escapes values, counting those that held characters XML cannot carry."""

    def __init__(self) -> None:
        self.replaced = 0

    def _clean(self, value: str) -> str:
        if _NOT_XML.search(value) is None:
            return value
        self.replaced += 1
        return _NOT_XML.sub("\ufffd", value)

    def attribute(self, value: str) -> str:
        """A value for an attribute in double quotes; line breaks and tabs are escaped
        as character references so a reader gets them back (a parser turns literal ones
        into spaces)."""
        return self._clean(value).translate(_ATTRIBUTE)

    def text(self, value: str) -> str:
        """A value for element content."""
        return self._clean(value).translate(_TEXT)

    def warnings(self, file: str) -> tuple[str, ...]:
        if not self.replaced:
            return ()
        return (f"{file}: {self.replaced} values held characters XML cannot carry; written as U+FFFD",)
