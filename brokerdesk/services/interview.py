"""Interview services: where the broker stopped, item notes, dated notes, suggested actions.

Shapes these services write into the case document:

- ``notes[id]``: ``{"text", "at", "author", "created"}``.
- ``actions[id]``: ``{"text", "owner", "due" (ISO date or None), "done", "created"}``, and for an
  accepted suggestion also ``"suggestion"`` (the action id of the instrument) and ``"edited"``.
  An unedited suggestion keeps the instrument's English source text, so that every face shows
  it in its own language; an edited one keeps the broker's words as they were written.
- ``suggestions[action id]``: ``{"state": "accepted" | "dropped", "at", "action"}`` — what the
  broker decided about an action the instrument suggested, so it is not suggested again.

The interview position (the item the broker last looked at) is kept in the case file's settings,
not in the case: moving through the interview is not a change of the case, so it must neither
mark the case for sync nor move it up the list of recently changed cases.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from brokerdesk.content import Library
from brokerdesk.domain.case import CaseError
from brokerdesk.domain.instrument import Choice, Dimension, Instrument
from brokerdesk.domain.text import N_, Message
from brokerdesk.services.cases import Saved, load_case, now_iso, store_case

if TYPE_CHECKING:
    from brokerdesk.services.unit_of_work import UnitOfWork

POSITIONS_KEY = "interview_positions"
MAX_POSITIONS = 500  # the most recently visited cases; older positions are forgotten
SUGGESTIONS = "suggestions"


def resume_position(uow: UnitOfWork, case_id: str) -> str | None:
    """The id of the item the broker last looked at in this case's interview, if any."""
    with uow:
        positions = uow.settings.get(POSITIONS_KEY, {}) or {}
    entry = positions.get(case_id)
    return str(entry["item"]) if isinstance(entry, dict) and entry.get("item") else None


def remember_position(uow: UnitOfWork, case_id: str, item_id: str, now: str | None = None) -> None:
    """Records the item the broker is looking at, so that reopening the case resumes there."""
    with uow:
        positions = dict(uow.settings.get(POSITIONS_KEY, {}) or {})
        positions[case_id] = {"item": item_id, "at": now or now_iso()}
        if len(positions) > MAX_POSITIONS:
            recent = sorted(positions.items(), key=lambda kv: str(kv[1].get("at")), reverse=True)
            positions = dict(recent[:MAX_POSITIONS])
        uow.settings.set(POSITIONS_KEY, positions)
        uow.commit()


def note_item(
    uow: UnitOfWork,
    library: Library,
    case_id: str,
    item_id: str,
    note: str,
    now: str | None = None,
) -> Saved:
    """Sets the broker's note on one item, leaving its answer as it is (valid or not)."""
    with uow:
        case = load_case(uow, case_id)
        if not library.instrument(case.instrument_key).has_item(item_id):
            raise CaseError(Message(N_("There is no such item.")))
        case.set_answer(item_id, case.value(item_id), now or now_iso(), note=note.strip())
        return store_case(uow, library, case)


def add_note(
    uow: UnitOfWork, library: Library, case_id: str, text: str, now: str | None = None
) -> tuple[str, Saved]:
    """Adds a dated note signed with the name of the file's broker."""
    text = text.strip()
    if not text:
        raise CaseError(Message(N_("A note needs a text.")))
    with uow:
        case = load_case(uow, case_id)
        broker = uow.settings.get("broker", {}) or {}
        stamp = now or now_iso()
        key = str(uuid.uuid4())
        note = {"text": text, "at": stamp, "author": broker.get("name", ""), "created": stamp}
        case.put("notes", key, note, stamp)
        return key, store_case(uow, library, case)


def _find_action(instrument: Instrument, action_id: str) -> tuple[Dimension, Choice]:
    for dimension in instrument.dimensions:
        for action in dimension.actions:
            if action.id == action_id:
                return dimension, action
    raise CaseError(Message(N_("There is no such suggested action.")))


def suggestion_states(doc: dict[str, Any]) -> dict[str, str]:
    """What the broker decided about each suggested action: ``accepted`` or ``dropped``."""
    return {
        key: str(entry.get("state"))
        for key, entry in (doc.get(SUGGESTIONS) or {}).items()
        if isinstance(entry, dict)
    }


def accept_suggestion(
    uow: UnitOfWork,
    library: Library,
    case_id: str,
    action_id: str,
    *,
    text: str | None = None,
    owner: str = "",
    due: str | None = None,
    now: str | None = None,
) -> tuple[str, Saved]:
    """Makes a suggested action one of the case's actions.

    Args:
        text: the broker's own wording; ``None`` keeps the instrument's text (translatable).

    Returns:
        The key of the new action and the saved case.
    """
    with uow:
        case = load_case(uow, case_id)
        dimension, action = _find_action(library.instrument(case.instrument_key), action_id)
        stamp = now or now_iso()
        edited = text is not None and text.strip() != action.label
        if text is not None and not text.strip():
            raise CaseError(Message(N_("An action needs a text.")))
        key = str(uuid.uuid4())
        entry = {
            "text": text.strip() if edited and text is not None else action.label,
            "owner": owner,
            "due": due,
            "done": False,
            "created": stamp,
            "suggestion": action.id,
            "dimension": dimension.id,
            "edited": edited,
        }
        case.put("actions", key, entry, stamp)
        case.doc.setdefault(SUGGESTIONS, {})[action.id] = {
            "state": "accepted",
            "at": stamp,
            "action": key,
        }
        return key, store_case(uow, library, case)


def drop_suggestion(
    uow: UnitOfWork, library: Library, case_id: str, action_id: str, now: str | None = None
) -> Saved:
    """Records that the broker does not want this suggested action for the case."""
    with uow:
        case = load_case(uow, case_id)
        _find_action(library.instrument(case.instrument_key), action_id)
        stamp = now or now_iso()
        case.doc.setdefault(SUGGESTIONS, {})[action_id] = {"state": "dropped", "at": stamp}
        case.touch(stamp)
        return store_case(uow, library, case)


def restore_suggestions(
    uow: UnitOfWork, library: Library, case_id: str, now: str | None = None
) -> Saved:
    """Suggests again the actions the broker dropped (accepted ones stay actions)."""
    with uow:
        case = load_case(uow, case_id)
        states = case.doc.get(SUGGESTIONS) or {}
        case.doc[SUGGESTIONS] = {
            k: v
            for k, v in states.items()
            if not (isinstance(v, dict) and v.get("state") == "dropped")
        }
        case.touch(now or now_iso())
        return store_case(uow, library, case)
