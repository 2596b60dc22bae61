"""Show/hide rules and calculations: the small languages staff write in the builder (no eval)."""

import decimal

import pytest

from loket.eforms import logic
from loket.eforms.exceptions import InvalidRule

D = decimal.Decimal


@pytest.mark.parametrize(("rule", "data", "expected"), [
    ({"field": "a", "op": "eq", "value": "ja"}, {"a": "ja"}, True),
    ({"field": "a", "op": "eq", "value": "ja"}, {"a": "nee"}, False),
    ({"field": "a", "op": "eq", "value": "ja"}, {}, False),
    ({"field": "a", "op": "neq", "value": "ja"}, {}, True),
    ({"field": "n", "op": "gt", "value": 5}, {"n": "12"}, True),
    ({"field": "n", "op": "gt", "value": 5}, {"n": "3"}, False),
    ({"field": "n", "op": "gt", "value": 5}, {"n": "12,5"}, True),
    ({"field": "n", "op": "lte", "value": "10"}, {"n": "10"}, True),
    ({"field": "n", "op": "gt", "value": 5}, {}, False),
    ({"field": "d", "op": "lt", "value": "2026-06-01"}, {"d": "2026-05-31"}, True),
    ({"field": "c", "op": "in", "value": ["markt", "concert"]}, {"c": "markt"}, True),
    ({"field": "c", "op": "in", "value": ["markt", "concert"]}, {"c": "buurtfeest"}, False),
    ({"field": "boxes", "op": "eq", "value": "podium"}, {"boxes": ["tafels", "podium"]}, True),
    ({"field": "a", "op": "filled"}, {"a": "  "}, False),
    ({"field": "a", "op": "empty"}, {"a": ""}, True),
    ({"all": [{"field": "a", "op": "filled"}, {"field": "n", "op": "gt", "value": 1}]}, {"a": "x", "n": "2"}, True),
    ({"all": [{"field": "a", "op": "filled"}, {"field": "n", "op": "gt", "value": 1}]}, {"a": "x", "n": "0"}, False),
    ({"any": [{"field": "a", "op": "filled"}, {"field": "n", "op": "gt", "value": 1}]}, {"n": "2"}, True),
    ({"not": {"field": "a", "op": "filled"}}, {}, True),
])
def test_rules(rule, data, expected):
    assert logic.compile_condition(rule, {"a", "n", "d", "c", "boxes"})(data) is expected


def test_empty_rule_means_always_shown():
    assert logic.compile_condition({}) is None
    assert logic.compile_condition(None) is None


@pytest.mark.parametrize(("rule", "message"), [
    ({"field": "onbekend", "op": "eq", "value": 1}, "onbekend veld: onbekend"),
    ({"field": "a", "op": "zoals", "value": 1}, "Onbekende vergelijking"),
    ({"field": "a", "op": "in", "value": "x"}, "lijst van waarden"),
    ({"all": []}, "lijst van regels"),
    ({"op": "eq"}, "Kies het veld"),
])
def test_invalid_rules_are_refused_in_dutch(rule, message):
    with pytest.raises(InvalidRule, match=message):
        logic.check_condition(rule, {"a"})


@pytest.mark.parametrize(("text", "data", "expected"), [
    ("aantal * 25", {"aantal": "3"}, D(75)),
    ("if(aantal >= 2, 130, 30)", {"aantal": "2"}, D(130)),
    ("if(aantal >= 2, 130, 30)", {"aantal": "1"}, D(30)),
    ("als(aantal > 1, 1, 0)", {"aantal": "5"}, D(1)),
    ("20 + if(dagen > 7, m2 * 0.5 * (dagen - 7), 0)", {"dagen": "10", "m2": "4"}, D("26.0")),
    ("round(bedrag / 3, 2)", {"bedrag": "10"}, D("3.33")),
    ("min(a, b) + max(a, b)", {"a": "2", "b": "5"}, D(7)),
    ("a / b", {"a": "1", "b": "0"}, D(0)),
    ("a + b", {}, D(0)),
    ("count(keuzes) * 10", {"keuzes": ["x", "y"]}, D(20)),
    ("janeen * 5", {"janeen": "ja"}, D(5)),
    ("a > 1 and b < 3", {"a": "2", "b": "2"}, D(1)),
    ("not a", {"a": "0"}, D(1)),
    ("-a + 1.5", {"a": "1"}, D("0.5")),
])
def test_expressions(text, data, expected):
    keys = {"aantal", "dagen", "m2", "bedrag", "a", "b", "keuzes", "janeen"}
    assert logic.evaluate(logic.compile_expression(text, keys), data) == expected


@pytest.mark.parametrize("text", [
    "__import__('os').system('id')", "a.__class__", "'tekst'", "a[0]", "lambda: 1", "2 ** 10", "open('x')",
    "[1, 2]", "a if", "", "x" * 1001, "round(1, 2, 3)", "if(1, 2)", "min()", "count(1)", "a.b",
])
def test_unsafe_or_invalid_expressions_are_refused(text):
    with pytest.raises(InvalidRule):
        logic.check_expression(text, {"a"})


def test_unknown_field_in_expression_is_named():
    with pytest.raises(InvalidRule, match="onbekend veld: aantal_wagens"):
        logic.check_expression("aantal_wagens * 2", {"aantal"})


def test_expression_fields():
    assert logic.expression_fields("if(a > 1, b, round(c, 2))") == {"a", "b", "c"}
