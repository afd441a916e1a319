"""Chainlit's JWT secret for chat sign-in: generated once under the data folder, kept private.

Whoever reads the secret can forge a login, so the file is mode 0600 from its first byte. It
is written to a temporary file in the same folder and published with `os.replace`, so a
reader sees either no file or the whole secret; a lock makes workers starting at the same
moment agree on one secret.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

AUTH_SECRET_FILE = "chainlit_auth_secret"
SECRET_LENGTH = 64


def auth_secret_path(data_dir: Path) -> Path:
    return data_dir / AUTH_SECRET_FILE


def load_or_create_auth_secret(data_dir: Path) -> str:
    """The secret kept in `data_dir`, made (atomically, mode 0600) the first time it is needed."""
    path = auth_secret_path(data_dir)
    if secret := _read(path):
        return secret
    data_dir.mkdir(parents=True, exist_ok=True)
    with _locked(data_dir / f".{AUTH_SECRET_FILE}.lock"):
        if secret := _read(path):  # another worker made it while we waited for the lock
            return secret
        from chainlit.secret import random_secret

        secret = random_secret(SECRET_LENGTH)
        write_private_file(path, secret)
    return secret


def write_private_file(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step: a 0600 temporary file beside it, then os.replace."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:  # mkstemp: mode 0600
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)  # the rename itself survives a power cut


def _read(path: Path) -> str | None:
    """The secret in `path`, or None when there is none yet (a missing or empty file)."""
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
