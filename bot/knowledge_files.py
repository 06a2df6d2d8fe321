"""Reading knowledge/ (section YAML files, table CSVs, aliases, discrepancies) into records.

Tables are expanded here into one `Fact` per non-empty cell, so that a figure is asked for the
same way whether the report printed it in a table or in running text.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.numbers import parse_literal
from bot.records import (
    Detail,
    Discrepancy,
    Fact,
    Knowledge,
    ScheduleItem,
    Section,
    Table,
)

if TYPE_CHECKING:
    import yaml


class KnowledgeError(Exception):
    """A knowledge file is missing or malformed; the message names the file."""


def read_text(path: Path) -> str:
    """A UTF-8 text file; a missing file or a byte that is not UTF-8 is a one-line KnowledgeError
    naming the file and the line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise KnowledgeError(f"{path}: file not found") from e
    except IsADirectoryError as e:
        raise KnowledgeError(f"{path}: is a folder, not a file") from e
    except OSError as e:
        raise KnowledgeError(f"{path}: cannot be read: {e.strerror}") from e
    try:
        return data.decode("utf-8").removeprefix("\ufeff")  # a byte-order mark (Excel's "CSV UTF-8") is no text
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise KnowledgeError(
            f"{path}: line {line}: invalid UTF-8 (byte 0x{data[e.start]:02x}); save the file as UTF-8"
        ) from e


def read_yaml(path: Path) -> Any:
    """A YAML file; any problem is a one-line KnowledgeError naming the file and the line."""
    return parse_yaml(read_text(path), path)


def _loader() -> Any:
    """libyaml's safe loader when installed (7× faster, same result). PyYAML is imported here, at
    the first YAML read: `ask` and `chat` read none when the parsed copies are there (bot/yamlcopy.py)."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, path: Path) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # a safe loader
    except yaml.YAMLError as e:
        raise KnowledgeError(f"{path}: {_yaml_problem(e)}") from e


def _yaml_problem(e: yaml.YAMLError) -> str:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    problem = " ".join(str(x) for x in (getattr(e, "context", None), getattr(e, "problem", None)) if x)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    return f"{where}invalid YAML: {problem or str(e).splitlines()[0]}"


def item_lines(text: str) -> list[int] | dict[str, int]:
    """The line of each top-level item of a YAML text: a list for a sequence, a dict by key for a
    mapping (for messages that name the line of a bad entry)."""
    import yaml

    try:
        node = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError:
        return []
    if isinstance(node, yaml.SequenceNode):
        return [n.start_mark.line + 1 for n in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    return []


def _lines(value: Any) -> tuple[int, ...]:
    if value is None:
        return ()
    if isinstance(value, int):
        return (value,)
    return tuple(int(v) for v in value)


def _str_or_none(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return str(value)


def source_files(root: Path) -> list[Path]:
    """Every file that feeds the database, in a stable order (its hash decides rebuilds)."""
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".yaml", ".yml", ".csv", ".txt"})


def sources_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in source_files(root):
        h.update(str(p.relative_to(root)).encode())
        h.update(b"\0")
        try:
            h.update(p.read_bytes())
        except OSError as e:
            raise KnowledgeError(f"{p}: cannot be read: {e.strerror}") from e
        h.update(b"\0")
    return h.hexdigest()


def load_knowledge(root: Path) -> Knowledge:
    """Read every file under `root` (the knowledge/ folder) into a `Knowledge`."""
    if not root.is_dir():
        raise KnowledgeError(f"{root}: knowledge folder not found")
    kb = Knowledge()
    report = root / "source" / "report.txt"
    if not report.is_file():
        raise KnowledgeError(f"{report}: the source report is missing")
    kb.source_lines = read_text(report).splitlines()
    if not any(line.strip() for line in kb.source_lines):
        raise KnowledgeError(f"{report}: line 1: the source report is empty")
    for path in sorted((root / "sections").glob("*.yaml")):
        _load_section_file(path, root, kb)
    aliases = root / "aliases.yaml"
    if aliases.exists():
        _load_aliases(aliases, kb)
    disc = root / "discrepancies.yaml"
    if disc.exists():
        for i, d in enumerate(read_yaml(disc) or []):
            try:
                kb.discrepancies.append(
                    Discrepancy(
                        check=str(d["check"]),
                        what=str(d["what"]),
                        stated=str(d["stated"]),
                        computed=str(d["computed"]),
                        difference=str(d["difference"]),
                        facts=tuple(d.get("facts") or ()),
                    )
                )
            except KeyError as e:
                raise KnowledgeError(f"{disc}: entry {i + 1} lacks {e}") from e
    _check_unique_ids(kb)
    return kb


def _load_aliases(path: Path, kb: Knowledge) -> None:
    text = read_text(path)
    data = parse_yaml(text, path) or {}
    lines = item_lines(text)
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: line 1: expected groups of names (group: {{name: [other names]}})")
    for group_name, group in data.items():
        if not isinstance(group or {}, dict):
            line = lines.get(str(group_name), 1) if isinstance(lines, dict) else 1
            raise KnowledgeError(
                f"{path}: line {line}: group `{group_name}` must map each name to its other names "
                f"(name: [other, names]), not be a {type(group).__name__}"
            )
        target = kb.words if group_name == "words" else kb.aliases
        for canonical, others in (group or {}).items():
            if isinstance(others, str) or not isinstance(others or [], list):
                raise KnowledgeError(f"{path}: group `{group_name}`: `{canonical}` needs a list of other names")
            target.setdefault(str(canonical), []).extend(str(o) for o in (others or []))


def _load_section_file(path: Path, root: Path, kb: Knowledge) -> None:
    data = read_yaml(path)
    if not isinstance(data, dict) or "id" not in data:
        raise KnowledgeError(f"{path}: a section file needs an `id`")
    sid = str(data["id"])
    try:
        kb.sections[sid] = Section(
            id=sid,
            title=str(data["title"]),
            short=str(data.get("short") or data["title"]),
            purpose=str(data.get("purpose") or ""),
            lines=tuple(_lines(data["lines"]))[:2],  # type: ignore[arg-type]
            keywords=tuple(str(k) for k in data.get("keywords") or ()),
            summary_facts=tuple(str(k) for k in data.get("summary_facts") or ()),
        )
    except KeyError as e:
        raise KnowledgeError(f"{path}: section lacks {e}") from e
    for i, f in enumerate(data.get("figures") or []):
        kb.facts.append(_figure(f, sid, path, i))
    for spec in data.get("tables") or []:
        table = _load_table(spec, sid, root, path)
        kb.tables[table.name] = table
        kb.facts.extend(table_facts(table))
    for i, s in enumerate(data.get("schedule") or []):
        try:
            kb.schedule.append(
                ScheduleItem(
                    id=str(s.get("id") or f"{sid}.schedule.{i + 1}"),
                    section=sid,
                    what=str(s["what"]),
                    when=str(s.get("when") or ""),
                    start=str(s.get("start") or ""),
                    end=str(s.get("end") or ""),
                    kind=str(s.get("kind") or "plan"),
                    lines=_lines(s.get("lines")),
                )
            )
        except KeyError as e:
            raise KnowledgeError(f"{path}: schedule item {i + 1} lacks {e}") from e
    for i, d in enumerate(data.get("details") or []):
        try:
            kb.details.append(
                Detail(
                    id=str(d.get("id") or f"{sid}.detail.{i + 1}"),
                    section=sid,
                    subject=str(d["subject"]),
                    aspect=str(d.get("aspect") or ""),
                    text=str(d["text"]),
                    lines=_lines(d.get("lines")),
                )
            )
        except KeyError as e:
            raise KnowledgeError(f"{path}: detail {i + 1} lacks {e}") from e


FIGURE_FIELDS = frozenset(
    {"id", "label", "subject", "metric", "text", "value", "unit", "lines", "qualifier", "period", "as_of", "note"}
)


def _figure(f: dict, sid: str, path: Path, i: int) -> Fact:
    unknown = [str(k) for k in (f if isinstance(f, dict) else {}) if k not in FIGURE_FIELDS]
    if unknown:  # "label: 검사 소요시간 (개선 후, 1단계)" unquoted: ", 1단계)" reads as a field of its own
        raise KnowledgeError(
            f"{path}: figure {i + 1} ({f.get('id')}): unknown field `{unknown[0]}` "
            f"(a comma inside an unquoted value? quote it)"
        )
    try:
        text = str(f["text"])
        return Fact(
            id=str(f["id"]),
            section=sid,
            label=str(f.get("label") or f["metric"]),
            subject=_str_or_none(f.get("subject")),
            metric=str(f["metric"]),
            text=text,
            value=parse_literal(text) if f.get("value") is None else float(f["value"]),
            unit=str(f.get("unit") or ""),
            lines=_lines(f.get("lines")),
            qualifier=_str_or_none(f.get("qualifier")),
            period=_str_or_none(f.get("period")),
            as_of=_str_or_none(f.get("as_of")),
            note=_str_or_none(f.get("note")),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise KnowledgeError(f"{path}: figure {i + 1} ({f.get('id', '?')}): {e!r}") from e


def _load_table(spec: dict, sid: str, root: Path, path: Path) -> Table:
    try:
        name, file = str(spec["name"]), str(spec["file"])
    except KeyError as e:
        raise KnowledgeError(f"{path}: a table lacks {e}") from e
    csv_path = root / file
    if not csv_path.is_file():
        raise KnowledgeError(f"{path}: table {name}: {csv_path} not found")
    rows = _read_csv(csv_path)
    for col in list(spec.get("columns") or {}) + ["line"]:
        if rows and col not in rows[0]:
            raise KnowledgeError(f"{csv_path}: column `{col}` named in {path.name} is missing")
    return Table(name=name, section=sid, file=file, spec=spec, rows=rows)


def _read_csv(path: Path) -> tuple[dict, ...]:
    """A table's rows; a row whose cells do not match the header, or a `line` that is not a
    number, is a one-line KnowledgeError naming the file and the line."""
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    rows = []
    try:
        for r in reader:
            header = len(reader.fieldnames or ())
            if None in r or None in r.values():
                cells = header + len(r.get(None) or ()) if None in r else sum(v is not None for v in r.values())
                raise KnowledgeError(f"{path}: line {reader.line_num}: {cells} cells, but the header has {header}")
            if r.get("line"):
                try:
                    r["line"] = int(r["line"])
                except ValueError as e:
                    msg = f"{path}: line {reader.line_num}: `line` must be a line number, not `{r['line']}`"
                    raise KnowledgeError(msg) from e
            rows.append(r)
    except csv.Error as e:
        raise KnowledgeError(f"{path}: line {reader.line_num}: {e}") from e
    return tuple(rows)


def table_row_keys(table: Table, row: dict) -> list[str]:
    """The cells that name a row: its subject, qualifier and period columns, in that order."""
    spec = table.spec
    cols = ("subject_column", "qualifier_column", "period_column")
    return [str(row.get(spec[c]) or "") for c in cols if spec.get(c)]


def table_facts(table: Table) -> list[Fact]:
    """One fact per non-empty measure cell of a table, with the row's subject/qualifier/period."""
    spec, facts = table.spec, []
    total = spec.get("total_row") or {}
    for row in table.rows:
        keys = table_row_keys(table, row)
        key = ".".join(keys)
        is_total = bool(total) and total.get("key") in keys
        if is_total and total.get("emit") is False:
            continue
        subject = spec.get("subject")
        required = False
        if spec.get("subject_column"):
            subject = total.get("subject") if is_total else row[spec["subject_column"]]
            required = not is_total
        qualifier = row.get(spec["qualifier_column"]) if spec.get("qualifier_column") else None
        period = row.get(spec["period_column"]) if spec.get("period_column") else None
        if period and not period[:1].isdigit():
            qualifier, period = " ".join(x for x in (qualifier, period) if x), None  # a "계" row is a total
        as_of = row.get(spec["as_of_column"]) if spec.get("as_of_column") else spec.get("as_of")
        for col, measure in (spec.get("columns") or {}).items():
            text = (row.get(col) or "").strip()
            if not text:
                continue
            measure = measure or {}
            q = " ".join(x for x in (spec.get("qualifier"), qualifier, measure.get("qualifier")) if x) or None
            p = measure.get("period") or period
            parts = [subject or "", q or "", measure["metric"]]
            facts.append(
                Fact(
                    id=f"{table.name}.{key}.{col}",
                    section=table.section,
                    label=" ".join(x for x in parts if x),
                    subject=subject,
                    metric=str(measure["metric"]),
                    text=text,
                    value=parse_literal(text),
                    unit=str(measure.get("unit") or spec.get("unit") or ""),
                    lines=(int(row["line"]) + int(measure.get("line_offset") or 0),),  # a cell printed lower
                    qualifier=q,
                    period=_str_or_none(p),
                    as_of=_str_or_none(measure.get("as_of") or as_of),
                    note=_str_or_none(measure.get("note")),  # a table's own `note` documents the table
                    source_table=table.name,
                    subject_required=required,
                )
            )
    return facts


def _check_unique_ids(kb: Knowledge) -> None:
    fact_ids = {f.id for f in kb.facts}
    for s in kb.sections.values():
        for fid in s.summary_facts:
            if fid not in fact_ids:
                raise KnowledgeError(f"section {s.id}: summary_facts names `{fid}`, which is not a fact")
    seen: set[str] = set()
    for item in [*kb.facts, *kb.details, *kb.schedule]:
        if item.id in seen:
            raise KnowledgeError(f"duplicate id `{item.id}` in section {item.section}")
        seen.add(item.id)
