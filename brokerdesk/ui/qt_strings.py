"""Qt's own strings where the PySide6 wheel has no translation for them.

The wheel ships ``qtbase_*.qm`` for Polish, Finnish, Danish, German and Latvian, but none for
Estonian or Lithuanian. These tables cover what a BrokerDesk user meets of Qt itself: the
standard buttons (QDialogButtonBox, QMessageBox), the file dialog, the context menu of text
fields, wizards and progress dialogs. For the languages the wheel does translate, they fill only
the gaps of its catalogs: messages whose source text Qt has since changed ("Look in:" became
"&Look in:"), taken from the same catalog's older entries.

Keys are Qt's translation contexts and source texts exactly as Qt asks for them (found by
recording the lookups of the real widgets; see tests/ui/test_translator.py). A ``&`` marks the
keyboard accelerator.
"""

from __future__ import annotations

from functools import cache

Strings = dict[str, dict[str, str]]  # context -> source text -> translation

_ET: Strings = {
    "QPlatformTheme": {
        "OK": "OK",
        "Save": "Salvesta",
        "Save All": "Salvesta kõik",
        "Open": "Ava",
        "&Yes": "&Jah",
        "Yes to &All": "Jah, &kõigile",
        "&No": "&Ei",
        "N&o to All": "E&i kõigile",
        "Abort": "Katkesta",
        "Retry": "Proovi uuesti",
        "Ignore": "Eira",
        "Close": "Sulge",
        "Cancel": "Loobu",
        "Discard": "Hülga",
        "Help": "Abi",
        "Apply": "Rakenda",
        "Reset": "Lähtesta",
        "Restore Defaults": "Taasta vaikeväärtused",
    },
    "QGnomeTheme": {
        "&OK": "&OK",
        "&Cancel": "&Loobu",
        "&Save": "&Salvesta",
        "&Close": "&Sulge",
        "Close without Saving": "Sulge salvestamata",
    },
    "QMessageBox": {
        "Show Details...": "Näita üksikasju…",
        "Hide Details...": "Peida üksikasjad…",
    },
    "QLineEdit": {
        "&Undo": "&Võta tagasi",
        "&Redo": "&Tee uuesti",
        "Cu&t": "&Lõika",
        "&Copy": "&Kopeeri",
        "&Paste": "&Aseta",
        "Delete": "Kustuta",
        "Select All": "Vali kõik",
    },
    "QWidgetTextControl": {
        "&Undo": "&Võta tagasi",
        "&Redo": "&Tee uuesti",
        "Cu&t": "&Lõika",
        "&Copy": "&Kopeeri",
        "Copy &Link Location": "Kopeeri li&ngi aadress",
        "&Paste": "&Aseta",
        "Delete": "Kustuta",
        "Select All": "Vali kõik",
    },
    "QFileDialog": {
        "&Look in:": "Asu&koht:",
        "File &name:": "Faili &nimi:",
        "Files of &type:": "Failide &tüüp:",
        "Directory:": "Kaust:",
        "&Open": "&Ava",
        "&Save": "&Salvesta",
        "&Choose": "&Vali",
        "Open": "Ava",
        "Save As": "Salvesta nimega",
        "Find Directory": "Vali kaust",
        "&Delete": "&Kustuta",
        "Delete": "Kustuta",
        "&Rename": "&Nimeta ümber",
        "&New Folder": "&Uus kaust",
        "New Folder": "Uus kaust",
        "Show &hidden files": "Näita &peidetud faile",
        "Show ": "Näita ",
        "All Files (*)": "Kõik failid (*)",
        "All files (*)": "Kõik failid (*)",
        "Directories": "Kaustad",
        "Files": "Failid",
        "Back": "Tagasi",
        "Go back": "Mine tagasi",
        "Forward": "Edasi",
        "Go forward": "Mine edasi",
        "Parent Directory": "Ülemkaust",
        "Go to the parent directory": "Mine ülemkausta",
        "Create New Folder": "Loo uus kaust",
        "Create a New Folder": "Loo uus kaust",
        "List View": "Loend",
        "Change to list view mode": "Näita loendina",
        "Detail View": "Üksikasjad",
        "Change to detail view mode": "Näita üksikasjadega",
        "Sidebar": "Külgriba",
        "List of places and bookmarks": "Asukohtade ja järjehoidjate loend",
        "Recent Places": "Hiljutised asukohad",
        "Remove": "Eemalda",
        "%1 already exists.\nDo you want to replace it?": (
            "%1 on juba olemas.\nKas soovid selle asendada?"
        ),
        "Are you sure you want to delete '%1'?": "Kas soovid kindlasti kustutada „%1“?",
        "'%1' is write protected.\nDo you want to delete it anyway?": (
            "„%1“ on kirjutuskaitstud.\nKas soovid selle siiski kustutada?"
        ),
        "Could not delete directory.": "Kausta ei õnnestunud kustutada.",
        "%1\nFile not found.\nPlease verify the correct file name was given.": (
            "%1\nFaili ei leitud.\nKontrolli, kas faili nimi on õige."
        ),
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.": (
            "%1\nKausta ei leitud.\nKontrolli, kas kausta nimi on õige."
        ),
    },
    "QFileSystemModel": {
        "Name": "Nimi",
        "Size": "Suurus",
        "Type": "Tüüp",
        "Date Modified": "Muutmisaeg",
        "Computer": "Arvuti",
    },
    "QAbstractFileIconProvider": {"Drive": "Ketas", "Folder": "Kaust"},
    "QInputDialog": {"Enter a value:": "Sisesta väärtus:"},
    "QProgressDialog": {"Cancel": "Loobu"},
    "QWizard": {
        "< &Back": "< &Tagasi",
        "&Next >": "&Edasi >",
        "&Finish": "&Lõpeta",
        "Cancel": "Loobu",
        "Commit": "Kinnita",
    },
    "MAC_APPLICATION_MENU": {
        "About %1": "Teave rakenduse %1 kohta",
        "Preferences...": "Sätted…",
        "Services": "Teenused",
        "Hide %1": "Peida %1",
        "Hide Others": "Peida teised",
        "Show All": "Näita kõiki",
        "Quit %1": "Välju rakendusest %1",
    },
}

_LT: Strings = {
    "QPlatformTheme": {
        "OK": "Gerai",
        "Save": "Įrašyti",
        "Save All": "Įrašyti viską",
        "Open": "Atidaryti",
        "&Yes": "&Taip",
        "Yes to &All": "Taip &visiems",
        "&No": "&Ne",
        "N&o to All": "N&e visiems",
        "Abort": "Nutraukti",
        "Retry": "Kartoti",
        "Ignore": "Nepaisyti",
        "Close": "Uždaryti",
        "Cancel": "Atšaukti",
        "Discard": "Atmesti",
        "Help": "Žinynas",
        "Apply": "Taikyti",
        "Reset": "Nustatyti iš naujo",
        "Restore Defaults": "Atkurti numatytuosius",
    },
    "QGnomeTheme": {
        "&OK": "&Gerai",
        "&Cancel": "&Atšaukti",
        "&Save": "Į&rašyti",
        "&Close": "&Uždaryti",
        "Close without Saving": "Uždaryti neįrašius",
    },
    "QMessageBox": {
        "Show Details...": "Rodyti išsamią informaciją...",
        "Hide Details...": "Slėpti išsamią informaciją...",
    },
    "QLineEdit": {
        "&Undo": "&Anuliuoti",
        "&Redo": "&Perdaryti",
        "Cu&t": "Iški&rpti",
        "&Copy": "&Kopijuoti",
        "&Paste": "Įk&lijuoti",
        "Delete": "Naikinti",
        "Select All": "Pažymėti viską",
    },
    "QWidgetTextControl": {
        "&Undo": "&Anuliuoti",
        "&Redo": "&Perdaryti",
        "Cu&t": "Iški&rpti",
        "&Copy": "&Kopijuoti",
        "Copy &Link Location": "Kopijuoti &saito adresą",
        "&Paste": "Įk&lijuoti",
        "Delete": "Naikinti",
        "Select All": "Pažymėti viską",
    },
    "QFileDialog": {
        "&Look in:": "&Ieškoti:",
        "File &name:": "Failo &vardas:",
        "Files of &type:": "Failų &tipas:",
        "Directory:": "Aplankas:",
        "&Open": "&Atidaryti",
        "&Save": "Į&rašyti",
        "&Choose": "&Pasirinkti",
        "Open": "Atidaryti",
        "Save As": "Įrašyti kaip",
        "Find Directory": "Pasirinkti aplanką",
        "&Delete": "&Naikinti",
        "Delete": "Naikinti",
        "&Rename": "Pe&rvardyti",
        "&New Folder": "Nau&jas aplankas",
        "New Folder": "Naujas aplankas",
        "Show &hidden files": "Rodyti &paslėptus failus",
        "Show ": "Rodyti ",
        "All Files (*)": "Visi failai (*)",
        "All files (*)": "Visi failai (*)",
        "Directories": "Aplankai",
        "Files": "Failai",
        "Back": "Atgal",
        "Go back": "Grįžti atgal",
        "Forward": "Pirmyn",
        "Go forward": "Eiti pirmyn",
        "Parent Directory": "Aukštesnis aplankas",
        "Go to the parent directory": "Eiti į aukštesnį aplanką",
        "Create New Folder": "Kurti naują aplanką",
        "Create a New Folder": "Kurti naują aplanką",
        "List View": "Sąrašas",
        "Change to list view mode": "Rodyti sąrašą",
        "Detail View": "Išsamiai",
        "Change to detail view mode": "Rodyti išsamiai",
        "Sidebar": "Šoninė juosta",
        "List of places and bookmarks": "Vietų ir žymelių sąrašas",
        "Recent Places": "Naujausios vietos",
        "Remove": "Pašalinti",
        "%1 already exists.\nDo you want to replace it?": "%1 jau yra.\nAr norite jį pakeisti?",
        "Are you sure you want to delete '%1'?": "Ar tikrai norite panaikinti '%1'?",
        "'%1' is write protected.\nDo you want to delete it anyway?": (
            "'%1' apsaugotas nuo rašymo.\nAr vis tiek norite jį panaikinti?"
        ),
        "Could not delete directory.": "Nepavyko panaikinti aplanko.",
        "%1\nFile not found.\nPlease verify the correct file name was given.": (
            "%1\nFailas nerastas.\nPatikrinkite, ar nurodytas teisingas failo vardas."
        ),
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.": (
            "%1\nAplankas nerastas.\nPatikrinkite, ar nurodytas teisingas aplanko vardas."
        ),
    },
    "QFileSystemModel": {
        "Name": "Pavadinimas",
        "Size": "Dydis",
        "Type": "Tipas",
        "Date Modified": "Modifikavimo data",
        "Computer": "Kompiuteris",
    },
    "QAbstractFileIconProvider": {"Drive": "Diskas", "Folder": "Aplankas"},
    "QInputDialog": {"Enter a value:": "Įveskite reikšmę:"},
    "QProgressDialog": {"Cancel": "Atšaukti"},
    "QWizard": {
        "< &Back": "< &Atgal",
        "&Next >": "&Toliau >",
        "&Finish": "&Baigti",
        "Cancel": "Atšaukti",
        "Commit": "Patvirtinti",
    },
    "MAC_APPLICATION_MENU": {
        "About %1": "Apie %1",
        "Preferences...": "Nuostatos...",
        "Services": "Paslaugos",
        "Hide %1": "Slėpti %1",
        "Hide Others": "Slėpti kitus",
        "Show All": "Rodyti viską",
        "Quit %1": "Baigti %1",
    },
}


def _gaps(look_in: str, file_type: str, drive: str, folder: str) -> Strings:
    """The entries Qt 6 asks for that the wheel's older catalogs hold under another text."""
    return {
        "QFileDialog": {"&Look in:": look_in, "Files of &type:": file_type},
        "QAbstractFileIconProvider": {"Drive": drive, "Folder": folder},
    }


QT_STRINGS: dict[str, Strings] = {
    "et": _ET,
    "lt": _LT,
    # From the wheel's own "Look in:", "Files of type:", QFileDialog "Drive" and "Folder".
    "da": _gaps("&Kig i:", "Filer af &type:", "Drev", "Mappe"),
    "fi": _gaps("&Lähde:", "Tiedosto&tyyppi:", "Asema", "Kansio"),
    "pl": _gaps("&Szukaj w:", "Pliki &rodzaju:", "Napęd", "Katalog"),
    "lv": _gaps("&Meklēt:", "Datnes ar &tipu:", "Dzinis", "Mape"),
}

# The languages whose Qt strings come only from these tables (the wheel has no qtbase_*.qm).
WITHOUT_QT_CATALOG = ("et", "lt")


@cache
def qt_contexts() -> frozenset[str]:
    """Every Qt context the tables know (used to keep the app's catalog out of Qt's strings)."""
    return frozenset(context for table in QT_STRINGS.values() for context in table)
