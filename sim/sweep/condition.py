"""A safe boolean condition over metric columns, e.g. ``fill_rate.startup < 0.3``.

``hiresim discover --where`` takes an expression from the command line; it is parsed
with :mod:`ast` and evaluated node by node on numpy arrays, so nothing the user types
is ever executed as Python. Allowed: metric names, numbers, ``+ - * /``, the
comparisons ``< <= > >= == !=`` (chains too), ``and``, ``or``, ``not`` and parentheses.

Metric names are dotted and some have parts that start with a digit
(``seat_filled_by.13w.startup``), which Python cannot parse as names; so every name is
first swapped for a placeholder, and the names are checked against the metrics the
sweep kept before anything is evaluated.
"""

from __future__ import annotations

import ast
import difflib
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

# A dotted name that does not start inside a number (the "e5" of 1e5, the ".3" of 0.3).
_NAME = re.compile(r"(?<![\w.])[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*")
_KEYWORDS = {"and", "or", "not"}
_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
    ast.Eq: operator.eq, ast.NotEq: operator.ne}
_ARITH: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv}
_HELP = "use metric names, numbers, + - * /, < <= > >= == !=, and, or, not, parentheses"


class ConditionError(ValueError):
    """A ``--where`` expression that is malformed or names an unknown metric (bad input)."""


@dataclass(frozen=True)
class Condition:
    """A parsed condition: its text, the metric names it uses, and its syntax tree."""

    text: str
    names: tuple[str, ...]
    tree: ast.Expression

    def evaluate(self, columns: Mapping[str, Any]) -> np.ndarray:
        """The condition on each row: a boolean array (a NaN operand compares False).

        Args:
            columns: Each name in :attr:`names` → a 1-D array (or a pandas Series).

        """
        values = {f"__m{i}": np.asarray(columns[n], dtype=float)
                  for i, n in enumerate(self.names)}
        return np.asarray(_eval(self.tree.body, values), dtype=bool)


def parse_condition(text: str, metrics: Iterable[str], *, registered: Iterable[str] = (),
                    parameters: Iterable[str] = ()) -> Condition:
    """Parse ``text`` into a :class:`Condition` over ``metrics``.

    Args:
        text: The expression, e.g. ``"fill_rate.startup < 0.3 and weeks_to_fill.startup > 8"``.
        metrics: The names it may use (the metrics the sweep kept).
        registered: Every registered metric name, to tell "not kept by this sweep" from
            "unknown".
        parameters: The swept parameters, to say that a condition is on outcomes.

    Raises:
        ConditionError: a malformed expression or a name that is not a kept metric.

    """
    kept, registered, parameters = list(metrics), set(registered), set(parameters)
    names: list[str] = []

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in _KEYWORDS:
            return word
        if word not in names:
            names.append(word)
        return f"__m{names.index(word)}"

    where = f"--where {text!r}"
    if any(q in text for q in "'\"`"):  # names inside a string would be swapped too
        raise ConditionError(f"{where}: quotes are not allowed ({_HELP})")
    try:
        tree = ast.parse(_NAME.sub(swap, text), mode="eval")
    except SyntaxError:
        raise ConditionError(f"{where}: not a valid expression ({_HELP})") from None
    for name in names:  # names first: a typo is the likelier mistake than the syntax
        if name in kept:
            continue
        if name in parameters:
            raise ConditionError(f"{where}: {name} is a swept parameter; the condition is "
                                 f"on metrics (kept: {', '.join(kept)})")
        if name in registered:
            raise ConditionError(f"{where}: {name} is not kept by this sweep "
                                 f"(kept: {', '.join(kept)})")
        near = difflib.get_close_matches(name, sorted({*kept, *registered}), n=3)
        hint = f"nearest: {', '.join(near)}" if near else f"kept: {', '.join(kept)}"
        raise ConditionError(f"{where}: unknown metric {name!r} ({hint})")
    try:
        _check(tree.body, where, top=True)
    except ConditionError as err:  # say the user's names, not the placeholders
        raise ConditionError(re.sub(r"__m(\d+)", lambda m: names[int(m.group(1))],
                                    str(err))) from None
    return Condition(text=text, names=tuple(names), tree=tree)


def _check(node: ast.AST, where: str, top: bool = False) -> None:
    """Refuse every node outside the small grammar; the top must give true/false."""
    if top and not (isinstance(node, ast.Compare | ast.BoolOp)
                    or (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not))):
        raise ConditionError(f"{where}: not a condition; compare a metric with a value, "
                             "e.g. 'fill_rate.startup < 0.3'")
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _check(value, where, top=True)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check(node.operand, where, top=True)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        _check(node.operand, where)
    elif isinstance(node, ast.Compare) and all(type(op) in _COMPARE for op in node.ops):
        for part in (node.left, *node.comparators):
            _check(part, where)
    elif isinstance(node, ast.BinOp) and type(node.op) in _ARITH:
        _check(node.left, where)
        _check(node.right, where)
    elif not _is_leaf(node):
        bad = ast.unparse(node) if isinstance(node, ast.expr) else type(node).__name__
        raise ConditionError(f"{where}: {bad!r} is not allowed ({_HELP})")


def _is_leaf(node: ast.AST) -> bool:
    """A metric placeholder or a plain number (not True/False, not a string)."""
    if isinstance(node, ast.Name):
        return node.id.startswith("__m")
    return isinstance(node, ast.Constant) and isinstance(node.value, int | float) \
        and not isinstance(node.value, bool)


def _eval(node: ast.AST, values: dict[str, np.ndarray]) -> Any:
    if isinstance(node, ast.BoolOp):
        parts = [np.asarray(_eval(v, values), dtype=bool) for v in node.values]
        reduce = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        return reduce.reduce(parts)
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values)
        if isinstance(node.op, ast.Not):
            return np.logical_not(operand)
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.Compare):
        result, left = True, _eval(node.left, values)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, values)
            result = np.logical_and(result, _COMPARE[type(op)](left, right))
            left = right
        return result
    if isinstance(node, ast.BinOp):
        with np.errstate(divide="ignore", invalid="ignore"):  # x/0 is inf or NaN: no match
            return _ARITH[type(node.op)](_eval(node.left, values), _eval(node.right, values))
    if isinstance(node, ast.Name):
        return values[node.id]
    return node.value  # a number: _check allowed nothing else
