"""The report's own totals, checked: every rule in knowledge/checks.yaml is evaluated, and the
ones that fail must be exactly those listed in knowledge/discrepancies.yaml.

A rule is data: `column_total` (rows add up to the total row), `each_row` (an equation over a
row's cells), or `expr` (an equation over facts and cells anywhere). Equations use + - * /,
round() and abs(), with fact('id') and cell('table', 'row key', 'column').
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge_files import KnowledgeError, item_lines, parse_yaml, read_text, table_row_keys
from bot.numbers import format_number, parse_literal
from bot.records import Knowledge, Table

TOLERANCE = 1e-6


@dataclass(frozen=True)
class Failure:
    check: str  # rule id, plus "#row" or "#column" for per-row/per-column rules
    where: str  # file and row, for the message
    stated: float
    computed: float
    expression: str

    def message(self) -> str:
        return (
            f"{self.check}: {self.where}: stated {format_number(self.stated)}, "
            f"computed {format_number(self.computed)} from {self.expression}"
        )


class ReconciliationError(KnowledgeError):
    pass


def load_checks(path: Path) -> list[dict]:
    """The rules of checks.yaml, each with `_where` (file and line) for messages."""
    if not path.exists():
        return []
    text = read_text(path)
    rules = parse_yaml(text, path) or []
    if not isinstance(rules, list):
        raise KnowledgeError(f"{path}: line 1: expected a list of rules")
    lines = item_lines(text)
    out = []
    for i, rule in enumerate(rules):
        where = f"{path}: line {lines[i] if isinstance(lines, list) and i < len(lines) else '?'}"
        if not isinstance(rule, dict):
            raise KnowledgeError(f"{where}: a rule must be a mapping with an `id`")
        if not rule.get("id"):
            raise KnowledgeError(f"{where}: rule {i + 1} has no `id`")
        out.append({**rule, "_where": where})
    return out


def _cell_value(text: object) -> float:
    v = parse_literal(str(text) if text is not None else "")
    return 0.0 if v is None else v  # a blank cell is printed as nothing and counts as 0


def _row_by_key(table: Table, key: str) -> dict:
    for row in table.rows:  # "key" is one naming cell, or all of them joined by "."
        keys = table_row_keys(table, row)
        if key == ".".join(keys) or key in keys:
            return row
    raise KnowledgeError(f"{table.file}: no row `{key}`")


class _Evaluator:
    """A tiny arithmetic evaluator: numbers, names, + - * /, round, abs, fact(), cell()."""

    def __init__(self, kb: Knowledge, names: dict[str, float] | None = None):
        self.kb, self.names = kb, names or {}
        self.facts = {f.id: f for f in kb.facts}

    def __call__(self, expression: str) -> float:
        try:
            tree = ast.parse(expression, mode="eval")
        except SyntaxError as e:
            raise KnowledgeError(f"not a valid expression: `{expression}` ({e.msg})") from e
        try:
            return self._eval(tree.body)
        except ZeroDivisionError as e:
            raise KnowledgeError(f"division by zero in `{expression}`") from e
        except (IndexError, AttributeError, TypeError, ValueError) as e:
            raise KnowledgeError(f"cannot evaluate `{expression}`: a function has wrong arguments") from e

    def _eval(self, node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in self.names:
                raise KnowledgeError(f"unknown column `{node.id}` in a check")
            return self.names[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self._eval(node.operand)
        if isinstance(node, ast.BinOp):
            a, b = self._eval(node.left), self._eval(node.right)
            ops = {ast.Add: a + b, ast.Sub: a - b, ast.Mult: a * b}
            if isinstance(node.op, ast.Div):
                return a / b
            if type(node.op) in ops:
                return ops[type(node.op)]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = node.args
            if node.func.id == "round":
                digits = int(self._eval(args[1])) if len(args) > 1 else 0
                return _round_half_up(self._eval(args[0]), digits)
            if node.func.id == "abs":
                return abs(self._eval(args[0]))
            if node.func.id == "fact":
                fid = args[0].value  # type: ignore[attr-defined]
                if fid not in self.facts or self.facts[fid].value is None:
                    raise KnowledgeError(f"check refers to fact `{fid}`, which has no value")
                return self.facts[fid].value  # type: ignore[return-value]
            if node.func.id == "cell":
                name, key, col = (a.value for a in args)  # type: ignore[attr-defined]
                if name not in self.kb.tables:
                    raise KnowledgeError(f"check refers to table `{name}`, which does not exist")
                return _cell_value(_row_by_key(self.kb.tables[name], key).get(col))
        raise KnowledgeError(f"unsupported expression in a check: `{ast.unparse(node)}`")


def _round_half_up(x: float, digits: int) -> float:
    """Rounding as the report does it (75.45 → 75.5), not banker's rounding."""
    from decimal import ROUND_HALF_UP, Decimal

    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def _equation(expr: str) -> tuple[str, str]:
    if "==" not in expr:
        raise KnowledgeError(f"a check must be an equation `stated == computed`: {expr}")
    left, right = expr.split("==", 1)
    return left.strip(), right.strip()


def run_checks(kb: Knowledge, checks: list[dict]) -> tuple[list[Failure], int]:
    """Evaluate every rule; returns the failures and how many comparisons were made. A rule that
    cannot be evaluated is a one-line KnowledgeError naming checks.yaml, its line and rule."""
    failures: list[Failure] = []
    count = 0
    for i, rule in enumerate(checks):
        where = rule.get("_where") or "checks.yaml"
        if not rule.get("id"):
            raise KnowledgeError(f"{where}: rule {i + 1} has no `id`")
        try:
            count += _run_rule(kb, rule, failures)
        except KnowledgeError as e:
            raise KnowledgeError(f"{where}: rule `{rule['id']}`: {e}") from e
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise KnowledgeError(f"{where}: rule `{rule['id']}` is malformed ({type(e).__name__}: {e})") from e
    return failures, count


def _run_rule(kb: Knowledge, rule: dict, failures: list[Failure]) -> int:
    """Evaluate one rule, appending its failures; returns its number of comparisons."""
    count = 0
    rid = str(rule["id"])
    table = kb.tables.get(rule.get("table", "")) if rule.get("table") else None
    if rule.get("table") and table is None:
        raise KnowledgeError(f"no table `{rule['table']}`")
    if "column_total" in rule:
        total_key = str(rule.get("total") or (table.spec.get("total_row") or {}).get("key"))
        total_row = _row_by_key(table, total_key)
        parts = [r for r in table.rows if r is not total_row and _included(table, r, rule)]
        for col in rule["column_total"]:
            count += 1
            stated = _cell_value(total_row.get(col))
            computed = sum(_cell_value(r.get(col)) for r in parts)
            if abs(stated - computed) > TOLERANCE:
                failures.append(
                    Failure(
                        f"{rid}#{col}",
                        f"{table.file} row `{total_key}` (line {total_row.get('line')}) column {col}",
                        stated,
                        computed,
                        f"sum of {len(parts)} rows",
                    )
                )
    elif "each_row" in rule:
        left, right = _equation(rule["each_row"])
        for row in table.rows:
            if not _included(table, row, rule):
                continue
            names = {k: _cell_value(v) for k, v in row.items() if k != "line"}
            ev = _Evaluator(kb, names)
            count += 1
            stated, computed = ev(left), ev(right)
            if abs(stated - computed) > TOLERANCE:
                key = ".".join(table_row_keys(table, row))
                failures.append(
                    Failure(
                        f"{rid}#{key}",
                        f"{table.file} row `{key}` (line {row.get('line')})",
                        stated,
                        computed,
                        right,
                    )
                )
    elif "expr" in rule:
        left, right = _equation(rule["expr"])
        ev = _Evaluator(kb)
        count += 1
        stated, computed = ev(left), ev(right)
        if abs(stated - computed) > TOLERANCE:
            failures.append(Failure(rid, str(rule.get("where") or left), stated, computed, right))
    else:
        raise KnowledgeError("needs column_total, each_row or expr")
    return count


def _included(table: Table, row: dict, rule: dict) -> bool:
    keys = table_row_keys(table, row)
    only, skip = rule.get("only"), rule.get("skip")
    if only and not set(map(str, only)) & set(keys):
        return False
    return not (skip and set(map(str, skip)) & set(keys))


def _literal_pattern(text: str) -> re.Pattern[str]:
    """The literal as printed, spaces aside, and not as part of a longer number."""
    body = r"\s*".join(re.escape(ch) for ch in re.sub(r"\s+", "", text))
    if text[:1].isdigit():
        body = r"(?<!\d)(?<!\d[.,])" + body
    if text[-1:].isdigit():
        body += r"(?![\d]|[.,]\d)"
    return re.compile(body)


def literal_problems(kb: Knowledge) -> list[str]:
    """Every figure whose literal text is not printed on one of the report lines it cites."""
    problems = []
    n = len(kb.source_lines)
    for f in kb.facts:
        where = kb.tables[f.source_table].file if f.source_table in kb.tables else f"section {f.section}"
        text = f.text.strip()
        if not f.lines:
            problems.append(f"{where}: figure `{f.id}` cites no line of report.txt")
            continue
        if bad := [line for line in f.lines if not 1 <= line <= n]:
            problems.append(f"{where}: figure `{f.id}` cites line {bad[0]}, but report.txt has {n} lines")
            continue
        pattern = _literal_pattern(text)
        span = " ".join(kb.source_lines[min(f.lines) - 1 : max(f.lines)])
        if (
            text
            and not any(pattern.search(kb.source_lines[line - 1]) for line in f.lines)
            and not (len(f.lines) > 1 and pattern.search(span))
        ):
            cited = ", ".join(map(str, f.lines))
            problems.append(
                f"{where}: figure `{f.id}`: `{text}` is not printed on report.txt line {cited} "
                f"({kb.source_lines[f.lines[0] - 1].strip()[:60]!r})"
            )
    return problems


def reconcile(kb: Knowledge, checks: list[dict]) -> tuple[list[str], int]:
    """Problems (empty when the report's totals hold or are listed as discrepancies, and every
    figure's text is on its cited line), and the count of comparisons."""
    failures, count = run_checks(kb, checks)
    listed = {d.check: d for d in kb.discrepancies}
    failing = {f.check: f for f in failures}
    problems = [f.message() + "  (not listed in discrepancies.yaml)" for c, f in failing.items() if c not in listed]
    problems += [f"discrepancies.yaml lists `{c}`, but that check holds" for c in listed if c not in failing]
    for c, d in listed.items():
        if c in failing:
            f = failing[c]
            if parse_literal(d.stated) != f.stated or abs((parse_literal(d.computed) or 0) - f.computed) > 0.051:
                problems.append(
                    f"discrepancies.yaml `{c}`: stated/computed {d.stated}/{d.computed} "
                    f"differ from the check's {format_number(f.stated)}/{format_number(f.computed)}"
                )
    literal = literal_problems(kb)
    return problems + literal, count


def reconcile_or_raise(kb: Knowledge, knowledge_root: Path | None = None) -> int:
    from bot import paths

    root = knowledge_root or paths.knowledge_dir()
    problems, count = reconcile(kb, load_checks(root / "checks.yaml"))
    if problems:
        raise ReconciliationError("reconciliation failed:\n  " + "\n  ".join(problems))
    return count
