"""The only caller of git: the identity of the person at the keyboard."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git_user_email(folder: Path) -> str | None:
    """`git config user.email` as seen from `folder`, or None when git or the setting is absent."""
    try:
        completed = subprocess.run(
            ["git", "config", "user.email"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    email = completed.stdout.strip()
    return email if completed.returncode == 0 and email else None
