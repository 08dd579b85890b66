"""Translatable messages that the domain hands to the faces.

The domain cannot translate (it knows no catalog), so it returns English source strings marked
with ``N_`` together with their parameters; the faces translate the template and then fill it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def N_(message: str) -> str:
    """Marks a string for extraction; translation happens at display time."""
    return message


@dataclass(frozen=True)
class Message:
    """An English source template with named ``{placeholders}`` and their values.

    Values that are themselves translatable (a band name, a criterion title) are given as
    ``Message`` objects too, so that the face translates them in the same language.
    """

    template: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, translate: Any = None) -> str:
        """Returns the message in the language of ``translate`` (identity when ``None``)."""
        tr = translate or (lambda s: s)
        values = {
            key: value.render(tr) if isinstance(value, Message) else value
            for key, value in self.params.items()
        }
        return str(tr(self.template)).format(**values)

    def __str__(self) -> str:
        return self.render()
