"""Files reportbot keeps in build/parsed/ (the JSON copies of the YAML files, the engine's load
copy): each is sealed with a digest of its bytes, so a copy changed or damaged after it was
written is never served (it is rebuilt from its source), written under a temporary name and
renamed, and only reportbot's own older copies are removed (a name of the exact form
`<kind>-<32 hex digits>.<ext>`; any other file in the folder is left alone).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

DIGEST_SIZE = 16  # bytes of BLAKE2b before the content (hashlib, in C: ~1 ms for the engine copy)
KEY_LENGTH = 32  # hex digits of a copy's key in its name
FILE_MODE = 0o644  # readable by the other users of a shared deployment, like the database


def seal(data: bytes) -> bytes:
    """The content with its digest in front."""
    return hashlib.blake2b(data, digest_size=DIGEST_SIZE).digest() + data


def unseal(blob: bytes) -> bytes | None:
    """The content of a sealed file, or None when it is not what was written (changed, cut short,
    or not sealed at all)."""
    digest, data = blob[:DIGEST_SIZE], blob[DIGEST_SIZE:]
    if len(digest) < DIGEST_SIZE or hashlib.blake2b(data, digest_size=DIGEST_SIZE).digest() != digest:
        return None
    return data


def write(path: Path, data: bytes, kind: str) -> None:
    """Write the sealed content to `path` (a temporary file renamed over it), then remove the
    older copies of that kind beside it. OSError when the folder cannot be written."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(seal(data))
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    own = re.compile(re.escape(kind) + r"-[0-9a-f]{" + str(KEY_LENGTH) + r"}" + re.escape(path.suffix))
    for old in folder.glob(f"{kind}-*{path.suffix}"):
        if old != path and own.fullmatch(old.name):
            old.unlink(missing_ok=True)


def read(path: Path) -> bytes | None:
    """The content of a sealed copy, or None when there is none or it is not what was written."""
    try:
        return unseal(path.read_bytes())
    except OSError:
        return None
