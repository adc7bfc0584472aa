"""JSON documents as text, the one way every renderer writes them: exact and inert.

Every string round-trips exactly through a JSON parser. The characters a terminal or a
CI log would act on are written as `\\uXXXX` escapes, which mean the same to a parser:
control characters, the bidi overrides, the line and paragraph separators, and the `[`
of a `##[` that GitHub Actions would run as a legacy workflow command.
"""

from __future__ import annotations

import json
import re
from typing import Any

# json.dumps escapes C0 controls itself; with ensure_ascii=False the rest pass as they are.
_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(document: Any) -> str:
    """The document indented by two spaces, non-ASCII letters as they are, then a newline."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    # Outside strings JSON holds no `#` and none of these characters: only data is escaped.
    text = _UNSAFE.sub(lambda match: f"\\u{ord(match[0]):04x}", text)
    return text.replace("##[", "##\\u005b") + "\n"
