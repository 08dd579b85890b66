"""Answers to instrument items: their shapes, relevance conditions and validation rules.

Answer values are plain JSON: a scale answer is an integer 0–4 or ``"na"``; single choice, country,
region, NACE code, text and date (ISO ``YYYY-MM-DD``) are strings; multi, countries and languages
are lists of strings; numbers are numbers. ``None`` means unanswered.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from brokerdesk.domain.instrument import Item
from brokerdesk.domain.text import N_, Message

NOT_APPLICABLE = "na"
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_REGION = re.compile(r"^[A-Z]{2}[0-9A-Z]{1,3}$")
_NACE = re.compile(r"^[A-U]$|^\d{2}(\.\d{1,2})?$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
# Python 3.11 also parses "20260228" and "2026-W09-6"; documents keep the one form YYYY-MM-DD.
# Patterns are used with fullmatch: "$" alone would let a trailing newline through.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def is_answered(value: Any) -> bool:
    """An answer counts when it holds something: not None, not blank, not an empty list."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):
        return bool(value)
    return True


def _compare(op: str, answer: Any, expected: Any) -> bool:
    if op == "equals":
        return bool(answer == expected)
    if op == "not_equals":
        return bool(answer != expected)
    if op == "in":
        return answer in expected
    if op == "not_in":
        return answer not in expected
    if op == "contains":
        return isinstance(answer, list) and expected in answer
    if not isinstance(answer, int | float) or isinstance(answer, bool):
        return False
    return {
        "gt": answer > expected,
        "gte": answer >= expected,
        "lt": answer < expected,
        "lte": answer <= expected,
    }[op]


def condition_holds(condition: Mapping[str, Any] | None, answers: Mapping[str, Any]) -> bool:
    """Evaluates a ``relevant_if`` condition against answer values keyed by item id.

    A condition on an unanswered item does not hold (so the dependent item stays hidden until
    the question it depends on is answered).
    """
    if not condition:
        return True
    if "all" in condition:
        return all(condition_holds(c, answers) for c in condition["all"])
    if "any" in condition:
        return any(condition_holds(c, answers) for c in condition["any"])
    if "not" in condition:
        return not condition_holds(condition["not"], answers)
    answer = answers.get(condition["item"])
    if condition["op"] == "answered":
        return is_answered(answer)
    if not is_answered(answer):
        return False
    return _compare(condition["op"], answer, condition.get("value"))


def _shape_problem(item: Item, value: Any) -> Message | None:
    """Checks that a value has the shape its item kind takes; None when it does."""
    kind = item.kind
    if kind == "scale":
        if value == NOT_APPLICABLE:
            return (
                None if item.allow_na else Message(N_("This item cannot be marked not applicable."))
            )
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 4:
            return Message(N_("Choose a level from 0 to 4."))
        return None
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return Message(N_("Enter a number."))
        if item.integer and value != int(value):
            return Message(N_("Enter a whole number."))
        if item.minimum is not None and value < item.minimum:
            return Message(N_("The value must be at least {minimum}."), {"minimum": item.minimum})
        if item.maximum is not None and value > item.maximum:
            return Message(N_("The value must be at most {maximum}."), {"maximum": item.maximum})
        return None
    if kind in ("multi", "countries", "languages"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return Message(N_("Choose from the list."))
        pattern = {"countries": _COUNTRY, "languages": _LANGUAGE}.get(kind)
        for v in value:
            if kind == "multi" and item.choice(v) is None:
                return Message(N_("Choose from the list."))
            if pattern and not pattern.fullmatch(v):
                return Message(N_("Choose from the list."))
        if len(set(value)) != len(value):
            return Message(N_("Each choice may appear only once."))
        return None
    if not isinstance(value, str):
        return Message(N_("Enter a text."))
    if kind == "single" and item.choice(value) is None:
        return Message(N_("Choose from the list."))
    if kind == "country" and not _COUNTRY.fullmatch(value):
        return Message(N_("Choose a country from the list."))
    if kind == "region" and not _REGION.fullmatch(value):
        return Message(N_("Choose a region from the list."))
    if kind == "nace" and not _NACE.fullmatch(value):
        return Message(N_("Choose an activity code from the NACE list."))
    if kind == "date":
        try:
            if not _DATE.fullmatch(value):
                raise ValueError(value)
            dt.date.fromisoformat(value)
        except ValueError:
            return Message(N_("Enter a date."))
    return None


def _rule_holds(rule: Any, value: Any, answers: Mapping[str, Any], today: dt.date) -> bool:
    check = rule.check
    if check == "min_length":
        return len(str(value)) >= rule.value
    if check == "max_length":
        return len(str(value)) <= rule.value
    if check == "pattern":
        return re.fullmatch(str(rule.value), str(value)) is not None
    if check == "max_choices":
        return not isinstance(value, list) or len(value) <= rule.value
    if check in ("lte_item", "gte_item"):
        other = answers.get(rule.item)
        numbers = all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in (value, other)
        )
        if not numbers:
            return True
        return bool(value <= other) if check == "lte_item" else bool(value >= other)
    if check in ("date_not_past", "date_not_future"):
        day = dt.date.fromisoformat(value)
        return day >= today if check == "date_not_past" else day <= today
    return True


def validate(
    item: Item, value: Any, answers: Mapping[str, Any], today: dt.date | None = None
) -> list[Message]:
    """Lists what is wrong with ``value`` as an answer to ``item``; empty when it is fine.

    Args:
        item: the item answered.
        value: the answer; ``None`` or blank is "unanswered", which only a required item minds.
        answers: every answer of the case by item id, for rules that compare with other items.
        today: the date for ``date_not_past``/``date_not_future`` (the domain reads no clock).
    """
    if not is_answered(value):
        return [Message(N_("An answer is required."))] if item.required else []
    shape = _shape_problem(item, value)
    if shape is not None:
        return [shape]
    day = today or dt.date(1970, 1, 1)
    return [
        Message(rule.message)
        for rule in item.rules
        if (today is not None or not rule.check.startswith("date_"))
        and not _rule_holds(rule, value, answers, day)
    ]
