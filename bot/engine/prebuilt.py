"""What the engine reads and builds at load (the knowledge base's records, the names' vocabulary,
the text index and its candidate maps), kept in build/parsed/ beside the YAML copies as plain
data, so that an `ask` reads it back instead of reading the database's rows into records and
building the rest: about 40 ms against under 10 ms.

The copy is `marshal` of dicts, lists, sets and strings (never code, never pickle), named by the
hash of everything it is made from: the database's content checksum (verified against its rows
before the engine loads it), intents.yaml, the Python version and the source of the modules
that build it (an edited builder makes a new copy at once). What is not plain data (the knowledge
base, the configuration) is given back by the loader, never stored. A copy that is missing,
unreadable or not what it should be only means building as before; a folder that cannot be
written only means building each time. `python -m bot build` makes the copy.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

from bot import copies
from bot.records import Detail, Discrepancy, Fact, Knowledge, ScheduleItem, Section, Table

T = TypeVar("T")

KIND = "engine"  # the copies' name: engine-<hash>.marshal
PARTS = frozenset({"knowledge", "vocabulary", "index", "candidates"})  # a copy holds all of them or is not read
# the knowledge base's records, by field of `Knowledge` (the others are plain data already)
RECORDS: dict[str, type] = {
    "sections": Section,
    "facts": Fact,
    "details": Detail,
    "schedule": ScheduleItem,
    "tables": Table,
    "discrepancies": Discrepancy,
}
KEYED = {"sections": "id", "tables": "name"}  # fields that map each record's key to it
PLAIN = ("aliases", "words", "source_lines")


def builders() -> list[Path]:
    """The files whose content decides what is built: the modules that build it (and what they
    read: the word lists, the records, how the database is read back) and this one."""
    from bot import records, store
    from bot.engine import resources, retrieval, understand
    from bot.korean import textnorm, words

    modules = (records, store, resources, retrieval, understand, textnorm, words, sys.modules[__name__])
    files = [Path(m.__file__ or "") for m in modules]
    return [*files, Path(words.__file__ or "").with_name("words.yaml")]


def key(checksum: str, intents: Path) -> str:
    """The hash naming a copy: the knowledge base's content checksum, intents.yaml (the
    configuration the engine is built with), the Python version and the builders' source."""
    h = hashlib.sha256(f"{checksum}\0{sys.version}\0".encode())
    for path in [intents, *builders()]:
        h.update(path.read_bytes())
    return h.hexdigest()[:32]


def for_database(db_path: Path, intents: Path) -> Prebuilt | None:
    """The copy for a knowledge database (checked fresh by `ensure_database`) and intents.yaml in
    build/parsed/, or REPORTBOT_PARSED; None when the database holds no checksum or a file cannot
    be read."""
    from bot import paths
    from bot.store import stored_checksum

    checksum = stored_checksum(db_path)
    if not checksum:
        return None
    try:
        return Prebuilt(paths.parsed_dir(), key(checksum, intents))
    except OSError:
        return None


class Prebuilt:
    """The parts kept in one copy (`folder`/engine-<key>.marshal): each part is the attributes
    an object held right after it was built, less the ones given back by the loader."""

    def __init__(self, folder: Path, key: str):
        self.path = folder / f"{KIND}-{key}.marshal"
        self.kept: dict[str, dict[str, Any]] = {}
        sealed = copies.read(self.path)  # None: no copy yet, or not the one written
        try:
            state = marshal.loads(sealed) if sealed is not None else None
        except (EOFError, ValueError, TypeError):
            state = None  # an unreadable one: build
        whole = isinstance(state, dict) and set(state) == PARTS and all(isinstance(v, dict) for v in state.values())
        self.state: dict[str, dict[str, Any]] | None = state if whole else None
        self.built = False  # some part was built, not read back
        self.keepable = True

    def knowledge(self, read: Callable[[], Knowledge]) -> Knowledge:
        """The knowledge base `read()` gives (from the database), or the one kept in the copy."""
        if self.state is not None:
            try:
                return _knowledge(self.state["knowledge"])
            except (KeyError, TypeError, ValueError):
                self.state = None  # a copy of another shape: build it all
        kb = read()
        if {f.name for f in fields(Knowledge)} == {*RECORDS, *PLAIN}:
            self.kept["knowledge"] = _knowledge_state(kb)
        else:
            self.keepable = False  # a field of the knowledge base this does not know: no copy
        self.built = True
        return kb

    def part(self, name: str, cls: type[T], build: Callable[[], T], given: dict[str, Any]) -> T:
        """The object `build()` makes, or one of class `cls` made from the copy's part `name`
        with the `given` attributes (which are never stored)."""
        state = self.state.get(name) if self.state is not None else None
        if state is not None:
            obj = cls.__new__(cls)
            vars(obj).update(state)
            vars(obj).update(given)
            return obj
        obj = build()
        self.built = True
        self.kept[name] = {k: v for k, v in vars(obj).items() if k not in given}
        return obj

    def keep(self) -> None:
        """Write the copy of what was built (under a temporary name, then renamed, older copies
        removed). Nothing when every part was read back, when a part is not plain data, or when
        the folder cannot be written."""
        if not self.built or not self.keepable:
            return
        try:
            data = marshal.dumps(_shared(self.kept, {}))
        except ValueError:
            return  # something not plain data: no copy, built each time
        try:
            copies.write(self.path, data, KIND)
        except OSError:
            return


def _knowledge_state(kb: Knowledge) -> dict[str, Any]:
    """The knowledge base as plain data: each record a tuple of its fields, in their order."""
    state: dict[str, Any] = {name: getattr(kb, name) for name in PLAIN}
    for name, cls in RECORDS.items():
        records = getattr(kb, name)
        names = [f.name for f in fields(cls)]
        state[name] = [tuple(getattr(r, n) for n in names) for r in (records.values() if name in KEYED else records)]
    return state


def _knowledge(state: dict[str, Any]) -> Knowledge:
    """`_knowledge_state` read back."""
    parts: dict[str, Any] = {name: state[name] for name in PLAIN}
    for name, cls in RECORDS.items():
        records = [cls(*values) for values in state[name]]
        parts[name] = {getattr(r, KEYED[name]): r for r in records} if name in KEYED else records
    return Knowledge(**parts)


def _shared(x: Any, seen: dict[str, str]) -> Any:
    """The same data with each distinct string one object, which marshal writes once and reads
    back as one (the same bigrams and names recur across the parts)."""
    if type(x) is str:
        return seen.setdefault(x, x)
    if type(x) is dict:
        return {_shared(k, seen): _shared(v, seen) for k, v in x.items()}
    if type(x) in (list, tuple, set, frozenset):
        return type(x)(_shared(v, seen) for v in x)
    return x
