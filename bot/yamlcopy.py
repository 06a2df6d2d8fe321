"""YAML files read at every start (intents.yaml, bot/korean/words.yaml), kept in build/parsed/ as
JSON copies: reading JSON needs no YAML library, and importing PyYAML (with the patterns it
compiles) was about a tenth of a `python -m bot ask`.

A copy is plain data (JSON, never pickle), named by the hash of the YAML file's bytes, so an
edited file is parsed again at once and its copy replaced; it is sealed with a digest of its own
bytes (bot/copies.py), so a copy changed after it was written is parsed again, never served. A
copy is kept only when JSON gives back exactly what the YAML said (a date, a number as a key: no
copy, the YAML is parsed each time), and a folder that cannot be written only means the same.
`python -m bot build` makes the copies, so a deployment whose build/ folder is read-only at run
time has them too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot import copies, paths


def copies_dir() -> Path:
    """build/parsed/ of the project's home, or REPORTBOT_PARSED."""
    return paths.parsed_dir()


def load(path: Path, kind: str, read: Callable[[Path], Any]) -> Any:
    """`read(path)` (the YAML reader, with its errors), or the JSON copy of what it gave for a
    file of the same bytes. `kind` names the reader (copies of different readers never mix)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return read(path)  # the reader says what is wrong with the file
    copy = copies_dir() / f"{kind}-{hashlib.sha256(raw).hexdigest()[: copies.KEY_LENGTH]}.json"
    sealed = copies.read(copy)  # None: no copy yet, or not the one written (changed, cut short)
    try:
        if sealed is not None:
            return json.loads(sealed.decode("utf-8"))
    except ValueError:
        pass  # an unreadable one: parse the YAML
    data = read(path)
    try:
        if path.read_bytes() == raw:  # unchanged while it was parsed
            _keep(copy, kind, data)
    except OSError:
        pass
    return data


def _keep(copy: Path, kind: str, data: Any) -> None:
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return  # not plain JSON data (a date, a set)
    if json.loads(text) != data:
        return  # JSON would not give the same back (a number as a key)
    try:
        copies.write(copy, text.encode("utf-8"), kind)
    except OSError:
        return  # a read-only folder: the YAML is parsed each time
