"""Partner matching: which companies in different countries of the network should meet.

A pure function over case documents. Only cases whose company agreed to share its profile in the
network (``share_in_network`` is ``yes``) and that say what cooperation they offer or seek take
part. Two profiles make a suggestion when:

- they are in **different countries** (never the same one), and
- their **cooperation types are complementary**: one offers a type the other requests
  (``direction`` ``offer``/``request``/``both`` applied to every chosen ``cooperation_types``).
  Without an offer meeting a request there is no suggestion, whatever else they share.

The score (0–100) then adds up, in points:

====================================================  ======
complementary cooperation: one type / two or more      25 / 30
sector: same NACE division / related (same section     20 / 10
or supply-chain neighbours, see ``sectors``)
target countries: each direction in which one company  10 each
targets the other's country
a shared smart-specialisation domain (derived, see     10
``sectors``)
overlapping words of the English keywords and          5 per level, up to 20
summary: Jaccard similarity of their distinctive
words (stop words left out, light stemming) at least
1/8, 2/8, 3/8, 4/8
====================================================  ======

Every suggestion carries its reasons as translatable ``Message`` objects.

Matching 10,000 profiles must take well under two seconds, but with a few cooperation types and
most companies in manufacturing nearly every cross-border pair is complementary: tens of millions
of pairs. ``suggest`` therefore never scores pairs one by one. Profiles are indexed by cooperation
type × direction, country, division, section, target country, domain and word, each index entry a
bit set (a Python integer, one bit per profile); for each profile the score of *all* its
candidates is added up at once in a bit-sliced counter, the best ``per_case`` are read off, and
only those pairs are scored again in full (``score_pair``) for their reasons.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from brokerdesk.domain import match_reasons, sectors
from brokerdesk.domain.text import Message

MIN_SCORE = 40
PER_CASE = 5
TYPE_ONE, TYPE_MORE = 25, 30
SAME_DIVISION, RELATED_SECTOR = 20, 10
TARGET_EACH = 10
DOMAIN_SHARED = 10
WORDS_LEVEL, WORDS_LEVELS = 5, 4  # Jaccard ≥ k/8 for k = 1..4 gives 5 points each
PLANES = 4  # bits of the counter: 0..15 units above the base
UNIT = 5  # every weight is a multiple of 5: the bit-sliced counter counts units of 5 points
DIRECTIONS = ("offer", "request", "both")


@dataclass(frozen=True, slots=True)
class Profile:
    """What matching needs of a case, taken from its document once."""

    case_id: str
    company: str
    country: str
    division: str | None
    section: str | None
    offers: frozenset[str]
    requests: frozenset[str]
    targets: frozenset[str]
    domains: frozenset[str]
    words: Mapping[str, str]  # stem → a word it came from, for the explanation

    @property
    def stems(self) -> frozenset[str]:
        return frozenset(self.words)


_USED = (
    "company_name",
    "country",
    "nace",
    "cooperation_types",
    "direction",
    "target_countries",
    "keywords",
    "summary_en",
    "smart_specialisation",
)


def _answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for key in _USED:
        entry = answers.get(key)
        if isinstance(entry, dict):  # documents are parsed JSON: plain dicts
            out[key] = entry.get("value")
    return out


def profile(doc: Mapping[str, Any]) -> Profile | None:
    """The partner-search profile of a case, or None when it does not take part in matching.

    It takes part when the company agreed to share its profile, has a country, and chose at
    least one cooperation type and a direction.
    """
    answers = doc.get("answers")
    if not isinstance(answers, dict):
        return None
    share = answers.get("share_in_network")
    if not isinstance(share, dict) or share.get("value") != "yes":
        return None
    values = _answers(answers)
    country, types, direction = (
        values.get("country"),
        values.get("cooperation_types"),
        values.get("direction"),
    )
    if not isinstance(country, str) or len(country) != 2 or direction not in DIRECTIONS:
        return None
    if not isinstance(types, list) or not types:
        return None
    kinds = frozenset(t for t in types if isinstance(t, str))
    targets = values.get("target_countries")
    nace = values.get("nace")
    division, section = sectors.nace_division(nace), sectors.nace_section(nace)
    found = sectors.words(values.get("keywords"))
    for stem_, word in sectors.words(values.get("summary_en")).items():
        found.setdefault(stem_, word)
    explicit = values.get("smart_specialisation")
    if isinstance(explicit, list):
        domains = frozenset(d for d in explicit if d in sectors.DOMAINS)
    else:
        domains = sectors.domains(division, section, frozenset(found))
    return Profile(
        case_id=str(doc.get("id")),
        company=str(values.get("company_name") or ""),
        country=country.upper(),
        division=division,
        section=section,
        offers=kinds if direction in ("offer", "both") else frozenset(),
        requests=kinds if direction in ("request", "both") else frozenset(),
        targets=frozenset(
            c.upper() for c in (targets if isinstance(targets, list) else ()) if isinstance(c, str)
        ),
        domains=domains,
        words=found,
    )


def profiles(docs: Iterable[Mapping[str, Any]]) -> list[Profile]:
    """The profiles of the documents that take part in matching, in case id order."""
    found = [p for p in (profile(d) for d in docs) if p is not None]
    return sorted(found, key=lambda p: p.case_id)


# -- one pair ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A suggested pair; ``first`` has the smaller case id. The facts behind the score are
    worked out when asked for: a network has tens of thousands of suggestions, and a coordinator
    reads the reasons of a few."""

    first: Profile
    second: Profile
    score: int

    @cached_property
    def offered(self) -> tuple[tuple[str, str], ...]:
        """(case id of the offering side, cooperation type), for each offer meeting a request."""
        a, b = self.first, self.second
        return tuple(
            sorted(
                [(a.case_id, t) for t in a.offers & b.requests]
                + [(b.case_id, t) for t in b.offers & a.requests]
            )
        )

    @property
    def sector(self) -> str | None:
        """``same`` division, same ``section``, supply-``chain`` neighbours, or None."""
        return _sector(self.first, self.second)

    @property
    def first_targets_second(self) -> bool:
        return self.second.country in self.first.targets

    @property
    def second_targets_first(self) -> bool:
        return self.first.country in self.second.targets

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(sorted(self.first.domains & self.second.domains))

    @property
    def shared_words(self) -> tuple[str, ...]:
        common = self.first.words.keys() & self.second.words.keys()
        return tuple(sorted(self.first.words[s] for s in common))

    @property
    def similarity(self) -> float:
        """The Jaccard similarity of the two profiles' distinctive words."""
        a, b = self.first.words, self.second.words
        common = len(a.keys() & b.keys())
        union = len(a) + len(b) - common
        return round(common / union, 3) if union else 0.0

    @property
    def key(self) -> str:
        """A stable key of the pair, the same whichever side is asked about."""
        return f"{self.first.case_id}|{self.second.case_id}"

    def other(self, case_id: str) -> Profile:
        return self.second if case_id == self.first.case_id else self.first

    def reasons(
        self,
        type_labels: Mapping[str, str] | None = None,
        sector_titles: Mapping[str, str] | None = None,
    ) -> tuple[Message, ...]:
        """Why the pair was suggested, as translatable sentences, the strongest first.

        Args:
            type_labels: the English labels of the cooperation types (msgids), by id.
            sector_titles: the English titles of NACE divisions and sections (msgids), by code.
        """
        return match_reasons.reasons(self, type_labels or {}, sector_titles or {})


def _sector(a: Profile, b: Profile) -> str | None:
    if a.division and a.division == b.division:
        return "same"
    if a.section and a.section == b.section:
        return "section"
    if sectors.related(a.division, b.division):
        return "chain"
    return None


def words_level(shared: int, size_a: int, size_b: int) -> int:
    """How many of the four similarity levels (Jaccard ≥ k/8) two word sets reach."""
    union = size_a + size_b - shared
    if shared <= 0 or union <= 0:
        return 0
    # J ≥ k/8  ⇔  8·shared ≥ k·union: whole numbers, no rounding at the edges.
    return sum(1 for k in range(1, WORDS_LEVELS + 1) if 8 * shared >= k * union)


def score_pair(a: Profile, b: Profile) -> Match | None:
    """The match of two profiles, or None when they cannot be suggested at all."""
    if a.case_id == b.case_id or a.country == b.country:
        return None
    if b.case_id < a.case_id:
        a, b = b, a
    kinds = (a.offers & b.requests) | (b.offers & a.requests)
    if not kinds:
        return None
    points = TYPE_MORE if len(kinds) > 1 else TYPE_ONE
    if a.division and a.division == b.division:
        points += SAME_DIVISION
    elif (a.section and a.section == b.section) or sectors.related(a.division, b.division):
        points += RELATED_SECTOR
    points += TARGET_EACH * ((b.country in a.targets) + (a.country in b.targets))
    if not a.domains.isdisjoint(b.domains):
        points += DOMAIN_SHARED
    shared = len(a.words.keys() & b.words.keys())
    if shared:
        points += WORDS_LEVEL * words_level(shared, len(a.words), len(b.words))
    return Match(a, b, points)


# -- the whole network ---------------------------------------------------------------------


def suggest(
    found: Sequence[Profile], *, min_score: int = MIN_SCORE, per_case: int = PER_CASE
) -> list[Match]:
    """The best cross-border matches: for every profile its ``per_case`` best partners scoring
    at least ``min_score``, each pair once, best first (ties by case ids).

    The result is exactly what scoring every pair with ``score_pair`` and keeping each profile's
    best ``per_case`` would give (ties at the edge broken by case id); it is computed with the
    bit-set index described in the module's docstring.
    """
    ordered = sorted(found, key=lambda p: p.case_id)
    index = _Index(ordered)
    scores: dict[tuple[int, int], int] = {}
    for i in range(len(ordered)):
        for j, score in index.best(i, min_score, per_case):
            scores[(i, j) if i < j else (j, i)] = score
    matches = [Match(ordered[i], ordered[j], score) for (i, j), score in scores.items()]
    matches.sort(key=lambda m: (-m.score, m.first.case_id, m.second.case_id))
    return matches


def match_documents(
    docs: Iterable[Mapping[str, Any]], *, min_score: int = MIN_SCORE, per_case: int = PER_CASE
) -> list[Match]:
    """``suggest`` over the profiles of case documents."""
    return suggest(profiles(docs), min_score=min_score, per_case=per_case)


def _bits(mask: int, limit: int | None = None) -> list[int]:
    """The positions of the set bits, lowest first (at most ``limit``)."""
    out: list[int] = []
    while mask and (limit is None or len(out) < limit):
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


class _Index:
    """Bit sets over the profiles (bit i = profile i) for every feature the score looks at."""

    def __init__(self, found: Sequence[Profile]) -> None:
        self.profiles = found
        self.offer: dict[str, int] = {}
        self.request: dict[str, int] = {}
        self.country: dict[str, int] = {}
        self.division: dict[str, int] = {}
        self.section: dict[str, int] = {}
        self.targeting: dict[str, int] = {}  # profiles whose targets include the country
        self.domain: dict[str, int] = {}
        self.word: dict[str, int] = {}
        sizes: dict[int, int] = {}
        for i, p in enumerate(found):
            bit = 1 << i
            for table, keys in (
                (self.offer, p.offers),
                (self.request, p.requests),
                (self.country, (p.country,)),
                (self.division, (p.division,) if p.division else ()),
                (self.section, (p.section,) if p.section else ()),
                (self.targeting, p.targets),
                (self.domain, p.domains),
                (self.word, p.words),
            ):
                for key in keys:
                    table[key] = table.get(key, 0) | bit
            sizes[len(p.words)] = sizes.get(len(p.words), 0) | bit
        # at_most[n]: the profiles with at most n distinctive words.
        self.at_most: list[int] = []
        running = 0
        for n in range(max(sizes, default=0) + 1):
            running |= sizes.get(n, 0)
            self.at_most.append(running)

    def candidates(self, p: Profile, bit: int) -> tuple[int, int]:
        """Profiles complementary to ``p`` abroad: with at least one type, and with two or more."""
        once = more = 0
        for kind in p.offers | p.requests:
            mask = 0
            if kind in p.offers:
                mask |= self.request.get(kind, 0)
            if kind in p.requests:
                mask |= self.offer.get(kind, 0)
            more |= once & mask
            once |= mask
        home = self.country.get(p.country, 0) | bit
        return once & ~home, more & ~home

    def best(self, i: int, min_score: int, per_case: int) -> list[tuple[int, int]]:
        """The ``per_case`` best partners of profile ``i``: (index, score)."""
        p = self.profiles[i]
        cand, more = self.candidates(p, 1 << i)
        if not cand or per_case <= 0:
            return []
        planes = [0] * PLANES  # units of 5 points above the 25 every candidate has: 0..15
        _add(planes, more, 0)  # +5 for a second type
        same = self.division.get(p.division, 0) if p.division else 0
        _add(planes, same, 2)  # +20
        close = self.section.get(p.section, 0) if p.section else 0
        for other in sectors.neighbours(p.division):
            close |= self.division.get(other, 0)
        _add(planes, close & ~same, 1)  # +10
        out = 0
        for country in p.targets:
            out |= self.country.get(country, 0)
        _add(planes, out, 1)  # +10
        _add(planes, self.targeting.get(p.country, 0), 1)  # +10
        shared = 0
        for domain in p.domains:
            shared |= self.domain.get(domain, 0)
        _add(planes, shared, 1)  # +10
        for level in self._word_levels(p, cand):
            _add(planes, level, 0)  # +5 each
        need = max(0, -(-min_score // UNIT) - TYPE_ONE // UNIT)  # ceil(min_score / 5) - 5
        # From the top score down: the candidates first reached at a bar score exactly that;
        # the first per_case of them (ties by case id) are the best.
        chosen: list[tuple[int, int]] = []
        higher = 0
        for bar in range((1 << PLANES) - 1, need - 1, -1):
            reached = _at_least(planes, bar, cand)
            fresh = reached & ~higher
            if fresh:
                score = TYPE_ONE + UNIT * bar
                chosen += [(j, score) for j in _bits(fresh, per_case - len(chosen))]
                if len(chosen) >= per_case:
                    break
            higher = reached
        return chosen

    def _word_levels(self, p: Profile, cand: int) -> list[int]:
        """For k = 1..4, the candidates whose words reach Jaccard ≥ k/8 with ``p``'s."""
        own = []
        for stem_ in p.words:
            mask = self.word.get(stem_, 0) & cand
            if mask:
                own.append(mask)
        if not own:
            return []
        # at_least[s]: candidates sharing at least s words with p (a running count per bit).
        at_least = [cand] + [0] * len(own)
        for n, mask in enumerate(own):
            for s in range(n + 1, 0, -1):
                at_least[s] |= at_least[s - 1] & mask
        size, at_most = len(p.words), self.at_most
        top = len(at_most) - 1
        levels = []
        for k in range(1, WORDS_LEVELS + 1):
            # 8·s ≥ k·(a + b − s)  ⇔  b ≤ s·(8 + k)/k − a; and b ≥ s, so s ≥ k·a/8.
            reached = 0
            for s in range(max(1, -(-k * size // 8)), len(own) + 1):
                limit = s * (8 + k) // k - size
                if limit >= top:  # every size qualifies; larger s only select fewer
                    reached |= at_least[s]
                    break
                if limit >= 0:
                    reached |= at_least[s] & at_most[limit]
            if not reached:
                break
            levels.append(reached)
        return levels


def _add(planes: list[int], mask: int, shift: int) -> None:
    """Adds ``2**shift`` to the bit-sliced counter at every bit of ``mask``."""
    carry, k = mask, shift
    while carry and k < len(planes):
        planes[k], carry = planes[k] ^ carry, planes[k] & carry
        k += 1


def _at_least(planes: list[int], value: int, within: int) -> int:
    """The bits of ``within`` whose counter is at least ``value``."""
    if value <= 0:
        return within
    if value >= 1 << len(planes):
        return 0
    above, equal = 0, within
    for k in range(len(planes) - 1, -1, -1):
        if value >> k & 1:
            equal &= planes[k]
        else:
            above |= equal & planes[k]
            equal &= ~planes[k]
    return above | equal
