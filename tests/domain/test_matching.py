"""Partner matching on constructed cases whose right pairs are known, and on random networks
against the obvious all-pairs computation."""

from __future__ import annotations

import random
from typing import Any

import pytest

from brokerdesk.domain import matching, sectors
from brokerdesk.domain.case import new_document
from brokerdesk.domain.text import Message
from brokerdesk.i18n import catalog

AT = "2026-03-01T10:00:00.000Z"


def doc(
    case_id: str,
    country: str,
    types: list[str] | None = None,
    direction: str | None = "offer",
    *,
    share: str | None = "yes",
    nace: str | None = None,
    targets: list[str] | None = None,
    keywords: str | None = None,
    summary: str | None = None,
    company: str | None = None,
) -> dict[str, Any]:
    document = new_document(case_id, "tibs-readiness@1", AT)
    values = {
        "company_name": company or f"Company {case_id}",
        "country": country,
        "cooperation_types": types if types is not None else ["licensing"],
        "direction": direction,
        "share_in_network": share,
        "nace": nace,
        "target_countries": targets,
        "keywords": keywords,
        "summary_en": summary,
    }
    for key, value in values.items():
        if value is not None:
            document["answers"][key] = {"value": value, "at": AT}
    return document


def pair(a: dict[str, Any], b: dict[str, Any]) -> matching.Match | None:
    one, two = matching.profile(a), matching.profile(b)
    assert one is not None and two is not None
    return matching.score_pair(one, two)


def keys(docs: list[dict[str, Any]], **options: Any) -> set[str]:
    return {m.key for m in matching.match_documents(docs, **options)}


# Who takes part, and which pairs can never match


def test_an_offer_meets_a_request_of_the_same_kind_in_another_country() -> None:
    found = pair(doc("a", "PL", ["licensing"], "offer"), doc("b", "FI", ["licensing"], "request"))
    assert found is not None and found.score == matching.TYPE_ONE
    assert found.offered == (("a", "licensing"),)


def test_companies_in_the_same_country_never_match_however_well_they_fit() -> None:
    a = doc("a", "PL", ["licensing"], "offer", nace="25.62", targets=["PL"], keywords="laser")
    b = doc("b", "PL", ["licensing"], "request", nace="25.62", targets=["PL"], keywords="laser")
    assert pair(a, b) is None
    assert keys([a, b], min_score=0) == set()


@pytest.mark.parametrize("share", ["no", None])
def test_a_company_that_did_not_agree_to_share_its_profile_takes_no_part(
    share: str | None,
) -> None:
    hidden = doc("a", "PL", ["licensing"], "offer", share=share)
    assert matching.profile(hidden) is None
    assert keys([hidden, doc("b", "FI", ["licensing"], "request")], min_score=0) == set()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ((["licensing"], "offer"), (["licensing"], "offer")),
        ((["licensing"], "request"), (["licensing"], "request")),
        ((["licensing"], "offer"), (["supply"], "request")),
        ((["licensing", "supply"], "offer"), (["investment", "joint_venture"], "request")),
        ((["licensing"], "both"), (["supply"], "both")),
    ],
    ids=["two offers", "two requests", "other kinds", "no kind in common", "both, other kinds"],
)
def test_incompatible_cooperation_types_never_match_even_when_all_else_fits(
    first: tuple[list[str], str], second: tuple[list[str], str]
) -> None:
    same = {"nace": "25.62", "keywords": "laser cladding, surface engineering"}
    a = doc("a", "PL", first[0], first[1], targets=["FI"], **same)
    b = doc("b", "FI", second[0], second[1], targets=["PL"], **same)
    assert pair(a, b) is None
    assert keys([a, b], min_score=0) == set()


def test_both_directions_meet_an_offer_and_a_request() -> None:
    both = doc("a", "PL", ["supply"], "both")
    assert pair(both, doc("b", "DE", ["supply"], "offer")) is not None
    assert pair(both, doc("c", "DE", ["supply"], "request")) is not None
    found = pair(both, doc("d", "DE", ["supply"], "both"))
    assert found is not None and found.offered == (("a", "supply"), ("d", "supply"))
    assert found.score == matching.TYPE_ONE  # one kind, whichever way it goes


@pytest.mark.parametrize(
    "broken",
    [
        {"direction": None},
        {"types": []},
        {"country": ""},
    ],
    ids=["no direction", "no cooperation type", "no country"],
)
def test_a_profile_without_what_matching_needs_takes_no_part(broken: dict[str, Any]) -> None:
    args: dict[str, Any] = {"case_id": "a", "country": "PL", "types": ["supply"]}
    args.update(broken)
    assert matching.profile(doc(**args)) is None


# The score


def test_a_perfect_pair_scores_100_and_every_part_is_explained() -> None:
    words = "laser cladding, surface engineering, repair of worn shafts"
    a = doc("a", "PL", ["licensing", "supply"], "offer", nace="25.61", targets=["LT"],
            keywords=words, company="Bałtyk Sp. z o.o.")  # fmt: skip
    b = doc("b", "LT", ["licensing", "supply"], "request", nace="25.62", targets=["PL"],
            keywords=words, company="Ąžuolas UAB")  # fmt: skip
    found = pair(a, b)
    assert found is not None
    assert found.score == 100
    assert found.sector == "same"
    assert found.first_targets_second and found.second_targets_first
    assert "manufacturing" in found.domains
    assert found.similarity == 1.0
    reasons = [m.template for m in found.reasons()]
    assert len(reasons) == 6  # two offers, the sector, the targets, the domain, the words
    text = " ".join(m.render() for m in found.reasons())
    assert "Bałtyk Sp. z o.o." in text and "Ąžuolas UAB" in text and "cladding" in text


@pytest.mark.parametrize(
    ("nace_a", "nace_b", "sector", "points"),
    [
        ("25.62", "25.11", "same", matching.SAME_DIVISION),
        ("25.62", "28.41", "section", matching.RELATED_SECTOR),
        ("01.13", "10.32", "chain", matching.RELATED_SECTOR),
        ("26", "62.01", "chain", matching.RELATED_SECTOR),
        ("C", "25.62", "section", matching.RELATED_SECTOR),
        ("25.62", "86.10", None, 0),
    ],
    ids=[
        "same division",
        "same section",
        "farm to food",
        "electronics to software",
        "section letter",
        "unrelated",
    ],
)
def test_sectors_count_when_the_same_or_related(
    nace_a: str, nace_b: str, sector: str | None, points: int
) -> None:
    found = pair(doc("a", "PL", nace=nace_a), doc("b", "DK", direction="request", nace=nace_b))
    assert found is not None
    assert found.sector == sector
    domain = matching.DOMAIN_SHARED if found.domains else 0
    assert found.score == matching.TYPE_ONE + points + domain


def test_target_countries_count_in_each_direction() -> None:
    def score(targets_a: list[str], targets_b: list[str]) -> int:
        found = pair(
            doc("a", "EE", targets=targets_a),
            doc("b", "LV", direction="request", targets=targets_b),
        )
        assert found is not None
        return found.score

    assert score([], []) == matching.TYPE_ONE
    assert score(["LV"], []) == matching.TYPE_ONE + matching.TARGET_EACH
    assert score([], ["EE", "FI"]) == matching.TYPE_ONE + matching.TARGET_EACH
    assert score(["LV"], ["EE"]) == matching.TYPE_ONE + 2 * matching.TARGET_EACH


def test_keywords_overlap_across_word_forms_and_diacritics_and_stop_words_do_not() -> None:
    a = doc("a", "DE", keywords="machining, stainless steel", summary="Łódź workshop offers")
    b = doc("b", "PL", direction="request", keywords="machined parts",
            summary="A LODZ WORKSHOP looking for partners in the Baltic Sea Region")  # fmt: skip
    found = pair(a, b)
    assert found is not None
    assert found.shared_words == ("lodz", "machining", "workshop")
    filler = pair(
        doc("c", "DE", summary="The company offers products to new markets."),
        doc("d", "PL", direction="request", summary="A company looking for new markets."),
    )
    assert filler is not None and filler.shared_words == ()


@pytest.mark.parametrize(
    ("shared", "size_a", "size_b", "levels"),
    [(0, 5, 5, 0), (1, 4, 5, 1), (2, 5, 5, 2), (3, 5, 5, 3), (4, 5, 4, 4), (1, 1, 1, 4)],
)
def test_word_similarity_levels_follow_the_jaccard_index(
    shared: int, size_a: int, size_b: int, levels: int
) -> None:
    assert matching.words_level(shared, size_a, size_b) == levels


def test_smart_specialisation_domains_are_derived_from_sector_and_words() -> None:
    assert sectors.domains("10", "C", frozenset()) == {"bioeconomy"}
    assert "digital" in sectors.domains(None, None, frozenset({sectors.stem("software")}))
    assert sectors.domains(None, None, frozenset()) == frozenset()
    explicit = doc("a", "PL")
    explicit["answers"]["smart_specialisation"] = {"value": ["maritime", "unknown"], "at": AT}
    found = matching.profile(explicit)
    assert found is not None and found.domains == {"maritime"}


# The network


def network() -> list[dict[str, Any]]:
    """Six companies whose right partners are known."""
    return [
        # A Polish machine shop offering subcontracting, wanted by a Danish and a German firm.
        doc("pl-shop", "PL", ["manufacturing"], "offer", nace="25.62", targets=["DK", "DE"],
            keywords="CNC machining, stainless steel"),
        doc("dk-food", "DK", ["manufacturing"], "request", nace="28.93", targets=["PL"],
            keywords="food processing machines, stainless steel"),
        doc("de-boat", "DE", ["manufacturing"], "request", nace="30.12", targets=["PL"],
            keywords="boat building, CNC machining"),
        # A second Polish shop: same country as the first, never its partner.
        doc("pl-other", "PL", ["manufacturing"], "request", nace="25.62", targets=["PL"],
            keywords="CNC machining, stainless steel"),
        # A Finnish software house offering licences nobody asks for.
        doc("fi-soft", "FI", ["licensing"], "offer", nace="62.01", targets=["LT"],
            keywords="test automation"),
        # A Lithuanian firm that fits the Polish shop perfectly but did not agree to share.
        doc("lt-hidden", "LT", ["manufacturing"], "request", share="no", nace="25.62",
            targets=["PL"], keywords="CNC machining, stainless steel"),
    ]  # fmt: skip


def test_the_right_pairs_of_a_constructed_network_are_suggested_best_first() -> None:
    found = matching.match_documents(network(), min_score=0)
    assert [m.key for m in found] == ["dk-food|pl-shop", "de-boat|pl-shop"]
    assert found[0].score > found[1].score


def test_a_minimum_score_and_a_number_per_case_limit_the_suggestions() -> None:
    assert keys(network(), min_score=0, per_case=1) == {"dk-food|pl-shop", "de-boat|pl-shop"}
    best = matching.match_documents(network(), min_score=0)[0].score
    assert keys(network(), min_score=best) == {"dk-food|pl-shop"}
    assert keys(network(), min_score=101) == set()
    assert keys(network(), per_case=0) == set()


WORDS = [f"{letter * 3}tool" for letter in "abcdefghijklmnopqrstuvwxy"]  # 25 plain words


def random_doc(rng: random.Random, n: int) -> dict[str, Any]:
    size = rng.randint(0, 16)
    return doc(
        f"case-{n:04d}",
        rng.choice(["PL", "FI", "DK", "DE", "EE", "LT", "LV"]),
        rng.sample(["licensing", "supply", "manufacturing", "joint_venture"], rng.randint(1, 2)),
        rng.choice(["offer", "request", "both"]),
        nace=rng.choice(["25.62", "28", "10.3", "01.1", "62.01", "C", "86.1", "16.23", None]),
        targets=rng.sample(["PL", "FI", "DK", "DE", "EE", "LT", "LV"], rng.randint(0, 3)),
        # Few distinct words, so that pairs share many and every similarity level is reached.
        keywords=" ".join(rng.sample(WORDS[: rng.randint(size, len(WORDS))], size)),
    )


@pytest.mark.parametrize("seed", range(8))
def test_the_index_suggests_exactly_what_scoring_every_pair_would(seed: int) -> None:
    rng = random.Random(seed)
    found = matching.profiles(random_doc(rng, n) for n in range(120))
    min_score, per_case = rng.choice([(25, 3), (40, 5), (55, 2), (0, 200)])
    expected: dict[str, int] = {}
    for a in found:
        scored = [m for b in found if (m := matching.score_pair(a, b)) and m.score >= min_score]
        scored.sort(key=lambda m: (-m.score, m.other(a.case_id).case_id))
        expected.update({m.key: m.score for m in scored[:per_case]})
    got = matching.suggest(found, min_score=min_score, per_case=per_case)
    assert {m.key: m.score for m in got} == expected
    assert [m.score for m in got] == sorted((m.score for m in got), reverse=True)


def test_the_reasons_render_in_every_language() -> None:
    a = doc("a", "PL", ["licensing"], "offer", nace="25.62", targets=["FI"], keywords="laser")
    b = doc("b", "FI", ["licensing"], "request", nace="28.1", keywords="laser")
    found = pair(a, b)
    assert found is not None
    reasons = found.reasons({"licensing": "Licensing"}, {"25": "Manufacture of metal products"})
    assert all(isinstance(m, Message) for m in reasons)
    for language in ("en", "pl", "fi", "da", "de", "et", "lt", "lv"):
        texts = [catalog(language).render(m) for m in reasons]
        assert all(t and "{" not in t for t in texts)
