"""Signing the charter: one `[[signature]]` table appended to `charter.toml`, every byte
already in the file kept as it is (comments, layout, line endings, a byte order mark)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from aidledger.errors import StoreError
from aidledger.i18n import _
from aidledger.model.charter import Signature
from aidledger.store.files import atomic_write, read_text, refuse_links
from aidledger.store.load import CHARTER_FILE
from aidledger.store.write import BOM, dump_records, record_fields


def _document(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def with_signature(text: str, signature: Signature) -> str | None:
    """`text` with a canonical `[[signature]]` table appended, or None when the result
    would not read as the same charter with that one signature more (the signatures
    written inline, `signature = [...]`, for instance)."""
    newline = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
    separator = "" if not text else newline if text.endswith("\n") else newline * 2
    table = dump_records("signature", [record_fields(signature)], "toml").replace("\n", newline)
    updated = text + separator + table
    before, after = _document(text), _document(updated)
    if before is None or after is None:
        return None
    expected = {**before, "signature": [*before.get("signature", []), record_fields(signature)]}
    return updated if after == expected else None


def append_signature(root: Path, signature: Signature) -> Path:
    """Append `signature` to the data folder's charter; call it while holding the lock."""
    path = root / CHARTER_FILE
    refuse_links(root, path)
    text = read_text(path, exact=True)
    mark = BOM if text.startswith(BOM) else ""
    updated = with_signature(text.removeprefix(mark), signature)
    if updated is None:
        raise StoreError(
            f"{path}: "
            + _("cannot append a [[signature]] table to this file; nothing was written"),
            hint=_("add the signature by hand, as `charter sign` would: handle, on and version"),
        )
    atomic_write(path, mark + updated, root=root)
    return path
