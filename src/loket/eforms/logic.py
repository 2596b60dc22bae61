"""Form logic without ``eval``: show/hide rules (JSON) and calculations (a small expression language).

Rules (``FormStep.condition``, ``FormField.condition``)::

    {"field": "key", "op": "eq|neq|gt|lt|gte|lte|in|filled|empty", "value": ...}
    {"all": [rule, ...]}   {"any": [rule, ...]}   {"not": rule}       {} = always

Expressions (computed fields, fees): numbers, field keys, ``+ - * /``, parentheses, comparisons, ``and or not``,
``min(...)``, ``max(...)``, ``round(x[, digits])``, ``if(condition, then, else)``, ``count(key)``. Python's
:mod:`ast` parses the text; only the node types below are accepted and the tree is compiled into closures once.
"""

from __future__ import annotations

import ast
import datetime
import decimal
import re
from collections.abc import Callable

from django.utils.translation import gettext as _

from .exceptions import InvalidRule

OPERATORS = ("eq", "neq", "gt", "lt", "gte", "lte", "in", "filled", "empty")
FUNCTIONS = ("min", "max", "round", "if", "count")
# "if" is a Python keyword: if(...) is read as the function if_(...) (also "als(...)").
_IF_CALL = re.compile(r"\b(?:if|als)\s*\(")
MAX_EXPRESSION_LENGTH = 1000

Rule = Callable[[dict], bool]
Expression = Callable[[dict], decimal.Decimal]

D0 = decimal.Decimal(0)


# -- Values ------------------------------------------------------------------------------------------


def is_filled(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | dict):
        return bool(value)
    return True


def to_number(value) -> decimal.Decimal | None:
    """A number from an answer ("3", "12,50", 4, True) or None."""
    if value is None or isinstance(value, list | dict):
        return None
    if isinstance(value, bool):
        return decimal.Decimal(int(value))
    if isinstance(value, decimal.Decimal):
        return value
    text = str(value).strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = decimal.Decimal(text)
    except decimal.InvalidOperation:
        return None
    return number if number.is_finite() else None


def _comparable(value, other):
    """Both as numbers when both are numbers, as dates when both are ISO dates, otherwise as text."""
    a, b = to_number(value), to_number(other)
    if a is not None and b is not None:
        return a, b
    try:
        return datetime.date.fromisoformat(str(value)), datetime.date.fromisoformat(str(other))
    except ValueError:
        return str(value if value is not None else ""), str(other if other is not None else "")


def _equal(value, other) -> bool:
    if isinstance(value, list):
        return str(other) in {str(v) for v in value}
    if isinstance(value, bool) or isinstance(other, bool):
        return _as_bool(value) == _as_bool(other)
    a, b = _comparable(value, other)
    return a == b


def _as_bool(value) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in ("ja", "yes", "true", "1", "on"):
        return True
    if text in ("nee", "no", "false", "0", "off"):
        return False
    return None


# -- Rules -------------------------------------------------------------------------------------------


def rule_fields(rule) -> set[str]:
    """The field keys a rule reads."""
    if not rule:
        return set()
    if "field" in rule:
        return {rule["field"]}
    keys = set()
    for sub in rule.get("all") or rule.get("any") or ([rule["not"]] if "not" in rule else []):
        keys |= rule_fields(sub)
    return keys


def check_condition(rule, known_keys) -> None:
    """Raise InvalidRule (Dutch) unless ``rule`` is a valid rule over ``known_keys``."""
    compile_condition(rule, known_keys)


def compile_condition(rule, known_keys=None) -> Rule | None:
    """A function data -> bool for ``rule``; None for an empty rule (always shown)."""
    if not rule:
        return None
    if not isinstance(rule, dict):
        raise InvalidRule(_("Een regel moet een object zijn."))
    for combinator, join in (("all", all), ("and", all), ("any", any), ("or", any)):
        if combinator in rule:
            parts = rule[combinator]
            if not isinstance(parts, list) or not parts:
                raise InvalidRule(_("Een samengestelde regel heeft een lijst van regels nodig."))
            compiled = [compile_condition(p, known_keys) or (lambda data: True) for p in parts]
            return lambda data, compiled=compiled, join=join: join(c(data) for c in compiled)
    if "not" in rule:
        inner = compile_condition(rule["not"], known_keys) or (lambda data: True)
        return lambda data: not inner(data)
    key, op, expected = rule.get("field"), rule.get("op", "eq"), rule.get("value")
    if not key or not isinstance(key, str):
        raise InvalidRule(_("Kies het veld waar de regel naar kijkt."))
    if known_keys is not None and key not in known_keys:
        raise InvalidRule(_("De regel verwijst naar een onbekend veld: %(key)s.") % {"key": key})
    if op not in OPERATORS:
        raise InvalidRule(_("Onbekende vergelijking in een regel: %(op)s.") % {"op": op})
    if op == "in" and not isinstance(expected, list):
        raise InvalidRule(_("Bij 'een van' hoort een lijst van waarden."))
    if op in ("gt", "lt", "gte", "lte") and expected in (None, ""):
        raise InvalidRule(_("Geef de waarde waarmee vergeleken wordt."))

    def test(data, key=key, op=op, expected=expected):
        value = data.get(key)
        if op == "filled":
            return is_filled(value)
        if op == "empty":
            return not is_filled(value)
        if op == "eq":
            return is_filled(value) and _equal(value, expected)
        if op == "neq":
            return not (is_filled(value) and _equal(value, expected))
        if op == "in":
            return is_filled(value) and any(_equal(value, e) for e in expected)
        if not is_filled(value):
            return False
        a, b = _comparable(value, expected)
        try:
            return {"gt": a > b, "lt": a < b, "gte": a >= b, "lte": a <= b}[op]
        except TypeError:
            return False

    return test


# -- Expressions -------------------------------------------------------------------------------------

_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b if b else D0,
}
_COMPARE = {
    ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b, ast.Lt: lambda a, b: a < b,
    ast.Gt: lambda a, b: a > b, ast.LtE: lambda a, b: a <= b, ast.GtE: lambda a, b: a >= b,
}


def _bool_number(value: bool) -> decimal.Decimal:
    return decimal.Decimal(1) if value else D0


def check_expression(text: str, known_keys) -> None:
    """Raise InvalidRule (Dutch) unless ``text`` is a valid expression over ``known_keys``."""
    compile_expression(text, known_keys)


def expression_fields(text: str) -> set[str]:
    try:
        tree = ast.parse(_IF_CALL.sub("if_(", (text or "").strip()), mode="eval")
    except SyntaxError:
        return set()
    calls = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in calls}


def compile_expression(text: str, known_keys=None) -> Expression:
    """A function data -> Decimal for ``text``. Raises InvalidRule with a Dutch message."""
    text = (text or "").strip()
    if not text:
        raise InvalidRule(_("De rekenregel is leeg."))
    if len(text) > MAX_EXPRESSION_LENGTH:
        raise InvalidRule(_("De rekenregel is te lang."))
    try:
        tree = ast.parse(_IF_CALL.sub("if_(", text.replace("\n", " ")), mode="eval")
    except SyntaxError:
        raise InvalidRule(_("De rekenregel is niet goed opgebouwd: controleer haakjes en tekens.")) from None
    return _compile(tree.body, known_keys)


def _compile(node, keys) -> Expression:  # noqa: C901 - one dispatch over the accepted node types
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise InvalidRule(_("In een rekenregel mogen alleen getallen staan, geen tekst."))
        value = decimal.Decimal(str(node.value))
        return lambda data: value
    if isinstance(node, ast.Name):
        key = node.id
        if keys is not None and key not in keys:
            raise InvalidRule(_("De rekenregel verwijst naar een onbekend veld: %(key)s.") % {"key": key})

        def read(data, key=key):
            value = data.get(key)
            if isinstance(value, bool):
                return _bool_number(value)
            if isinstance(value, list):
                return decimal.Decimal(len(value))
            yes_no = _as_bool(value) if isinstance(value, str) and not value.strip()[:1].isdigit() else None
            if yes_no is not None:
                return _bool_number(yes_no)
            number = to_number(value)
            return number if number is not None else D0

        return read
    if isinstance(node, ast.UnaryOp):
        operand = _compile(node.operand, keys)
        if isinstance(node.op, ast.USub):
            return lambda data: -operand(data)
        if isinstance(node.op, ast.UAdd):
            return operand
        if isinstance(node.op, ast.Not):
            return lambda data: _bool_number(not operand(data))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right, op = _compile(node.left, keys), _compile(node.right, keys), _BINARY[type(node.op)]
        return lambda data: op(left(data), right(data))
    if isinstance(node, ast.BoolOp):
        parts = [_compile(v, keys) for v in node.values]
        join = all if isinstance(node.op, ast.And) else any
        return lambda data: _bool_number(join(p(data) for p in parts))
    if isinstance(node, ast.Compare):
        left = _compile(node.left, keys)
        pairs = []
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            if type(op) not in _COMPARE:
                raise InvalidRule(_("Deze vergelijking kan niet in een rekenregel."))
            pairs.append((_COMPARE[type(op)], _compile(comparator, keys)))

        def compare(data):
            a = left(data)
            for op, right in pairs:
                b = right(data)
                if not op(a, b):
                    return D0
                a = b
            return decimal.Decimal(1)

        return compare
    if isinstance(node, ast.IfExp):
        test, body, orelse = _compile(node.test, keys), _compile(node.body, keys), _compile(node.orelse, keys)
        return lambda data: body(data) if test(data) else orelse(data)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        return _compile_call(node, keys)
    raise InvalidRule(_("Dit kan niet in een rekenregel: %(part)s.") % {"part": ast.unparse(node)[:40]})


def _compile_call(node, keys) -> Expression:
    name = "if" if node.func.id == "if_" else node.func.id
    if name not in FUNCTIONS:
        raise InvalidRule(_("Onbekende functie in de rekenregel: %(name)s. Gebruik min, max, round, if of count.")
                          % {"name": name})
    if name == "count":
        if len(node.args) != 1 or not isinstance(node.args[0], ast.Name):
            raise InvalidRule(_("count() heeft één veld nodig, bijvoorbeeld count(bijlagen)."))
        return _compile(node.args[0], keys)
    args = [_compile(a, keys) for a in node.args]
    if name in ("min", "max"):
        if not args:
            raise InvalidRule(_("%(name)s() heeft minstens één waarde nodig.") % {"name": name})
        pick = min if name == "min" else max
        return lambda data: pick(a(data) for a in args)
    if name == "round":
        if len(args) not in (1, 2):
            raise InvalidRule(_("round() heeft een waarde en eventueel het aantal decimalen nodig."))

        def rounded(data):
            digits = int(args[1](data)) if len(args) == 2 else 0
            return args[0](data).quantize(decimal.Decimal(1).scaleb(-digits), rounding=decimal.ROUND_HALF_UP)

        return rounded
    if len(args) != 3:
        raise InvalidRule(_("if() heeft drie delen nodig: if(voorwaarde, dan, anders)."))
    test, then, otherwise = args
    return lambda data: then(data) if test(data) else otherwise(data)


def evaluate(expression: Expression, data: dict) -> decimal.Decimal:
    """The value of a compiled expression; errors of arithmetic (overflow, ...) give 0."""
    try:
        return expression(data)
    except (decimal.InvalidOperation, ArithmeticError, ValueError, TypeError):
        return D0
