"""What citizens type, cleaned of characters that change how text is shown.

Bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) make a
subject or a name read differently on staff screens, in e-mails and in
exports from what is stored ("…fdp.exe" shown as "…exe.pdf"); other control
characters have no place in a form's text either. They are removed from
every free-text field of the public forms, as they already are from the
names of attachments. Tabs and line breaks stay (a NUL byte stays an
error, as Django reports it); Thai text and its
zero-width spaces are untouched.
"""

import re

BIDI_CONTROLS = (
    "\u061c"  # ARABIC LETTER MARK
    "\u200e\u200f"  # LEFT-TO-RIGHT and RIGHT-TO-LEFT MARK
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, overrides, pop
    "\u2066\u2067\u2068\u2069"  # isolates
)
_UNWANTED = re.compile("[" + BIDI_CONTROLS + "\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def plain_text(value):
    """``value`` without bidirectional controls and control characters."""
    if not isinstance(value, str):
        return value
    return _UNWANTED.sub("", value)
