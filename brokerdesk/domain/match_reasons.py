"""The reasons of a partner suggestion, in plain words: translatable ``Message`` objects.

Company names are given as they are; cooperation types, sectors and domains as their English
names (msgids), so that a face renders every reason in its language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from brokerdesk.domain import sectors
from brokerdesk.domain.text import N_, Message

if TYPE_CHECKING:
    from brokerdesk.domain.matching import Match


def reasons(
    match: Match, labels: Mapping[str, str], titles: Mapping[str, str]
) -> tuple[Message, ...]:
    """Why a pair was suggested, the strongest reason first.

    Args:
        match: the suggestion.
        labels: the English labels of the cooperation types (msgids), by id.
        titles: the English titles of NACE divisions and sections (msgids), by code.
    """
    one, two = match.first, match.second
    names = {one.case_id: (one.company, two.company), two.case_id: (two.company, one.company)}
    out = []
    for offerer, kind in match.offered:
        giver, taker = names[offerer]
        out.append(
            Message(
                N_("{offerer} offers {cooperation}, which {seeker} is looking for."),
                {"offerer": giver, "seeker": taker, "cooperation": _label(labels, kind)},
            )
        )
    out += _sector_reasons(match, titles)
    if match.first_targets_second and match.second_targets_first:
        out.append(Message(N_("Each company's country is among the other's target countries.")))
    for flag, seeker, other in (
        (match.first_targets_second, one, two),
        (match.second_targets_first, two, one),
    ):
        if flag and not (match.first_targets_second and match.second_targets_first):
            out.append(
                Message(
                    N_("{seeker} is looking for partners in the country of {other}."),
                    {"seeker": seeker.company, "other": other.company},
                )
            )
    for domain in match.domains:
        out.append(
            Message(
                N_("Both work in the smart-specialisation domain {domain} (derived)."),
                {"domain": Message(sectors.DOMAINS[domain][0])},
            )
        )
    if match.shared_words:
        out.append(
            Message(
                N_("Their English profiles share the words: {words}."),
                {"words": ", ".join(match.shared_words)},
            )
        )
    return tuple(out)


def _sector_reasons(match: Match, titles: Mapping[str, str]) -> list[Message]:
    one, two = match.first, match.second
    if match.sector == "same":
        return [
            Message(
                N_("Both companies work in the same sector: {sector}."),
                {"sector": _title(titles, one.division or "")},
            )
        ]
    if match.sector == "section":
        return [
            Message(
                N_("Their sectors are related: {sector1} and {sector2} are in one section."),
                {
                    "sector1": _title(titles, one.division or one.section or ""),
                    "sector2": _title(titles, two.division or two.section or ""),
                },
            )
        ]
    if match.sector == "chain":
        return [
            Message(
                N_("Their sectors often work together in a supply chain: {sector1} and {sector2}."),
                {
                    "sector1": _title(titles, one.division or ""),
                    "sector2": _title(titles, two.division or ""),
                },
            )
        ]
    return []


def _label(labels: Mapping[str, str], kind: str) -> Message | str:
    return Message(labels[kind]) if kind in labels else kind


def _title(titles: Mapping[str, str], code: str) -> Message | str:
    return Message(titles[code]) if code in titles else code
