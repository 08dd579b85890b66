"""The PDF of everything held about one company: what a broker hands over on a request for
access. Plain and complete rather than pretty: every part of the case document is listed."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from typing import Any

from reportlab.platypus import SimpleDocTemplate, Spacer

from brokerdesk.domain.personal_data import PURPOSE_LABELS, consents_of
from brokerdesk.domain.text import N_
from brokerdesk.i18n import Catalog
from brokerdesk.reports import theme
from brokerdesk.reports.flowables import field_table, para
from brokerdesk.reports.fonts import REGULAR, register_fonts
from brokerdesk.reports.model import Field

# The parts of a case document in the order the PDF lists them, with their headings.
PARTS = (
    ("answers", N_("Answers")),
    ("areas", N_("Activity areas")),
    ("notes", N_("Notes")),
    ("actions", N_("Follow-up actions")),
    ("feedback", N_("Coordinator feedback")),
    ("conflicts", N_("Sync conflicts")),
)


def _value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, indent=1)


def render(data: Mapping[str, Any], cat: Catalog) -> bytes:
    """The PDF of ``data`` (as ``services.personal_data.company_data`` returns it)."""
    _ = cat.gettext
    register_fonts()
    s = theme.styles()
    doc = data["case"]
    company = str(data.get("company") or "")
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        **theme.PAGE,
        title=_("Data held about {company}").format(company=company),
        creator="BrokerDesk",
        initialFontName=REGULAR,
    )
    story: list[Any] = [
        para(_("Data held about {company}").format(company=company), s.h1),
        para(
            _("Exported on {date} from the case file of the broker. Case {case}.").format(
                date=cat.datetime(str(data["exported"])), case=doc["id"]
            ),
            s.muted,
        ),
        Spacer(1, 6),
        para(_("Contact persons"), s.h2),
    ]
    contacts = [c for c in (doc.get("contacts") or {}).values() if isinstance(c, Mapping)]
    if not contacts:
        story.append(para(_("No contact persons are recorded."), s.body))
    for contact in contacts:
        fields = [
            Field(_(label), str(contact.get(key) or ""))
            for key, label in (("name", N_("Name")), ("role", N_("Role")), ("email", N_("E-mail")))
            if contact.get(key)
        ]
        if contact.get("phone"):
            fields.append(Field(_("Phone"), str(contact["phone"])))
        consents = consents_of(contact)
        given = "; ".join(
            _("{purpose}: given on {date}").format(purpose=_(PURPOSE_LABELS[p]), date=d)
            for p, d in consents.items()
            if p in PURPOSE_LABELS
        )
        fields.append(Field(_("Consent"), given or _("none recorded")))
        story += [field_table(fields), Spacer(1, 6)]
    for key, heading in PARTS:
        entries = doc.get(key) or {}
        if not entries:
            continue
        story.append(para(_(heading), s.h2))
        story.append(field_table([Field(str(k), _value(v)) for k, v in entries.items()]))
    sync = data.get("sync") or {}
    story += [
        para(_("Sync"), s.h2),
        field_table(
            [
                Field(_("Server revision"), str(sync.get("revision", 0))),
                Field(
                    _("Changes waiting to be sent"), _("Yes") if sync.get("waiting") else _("No")
                ),
                Field(
                    _("Other case data"),
                    _value(
                        {
                            k: v
                            for k, v in doc.items()
                            if k
                            not in {
                                "answers",
                                "areas",
                                "notes",
                                "actions",
                                "feedback",
                                "conflicts",
                                "contacts",
                            }
                        }
                    ),
                ),
            ]
        ),
    ]
    pdf.build(story)
    return buffer.getvalue()
