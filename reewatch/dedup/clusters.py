"""Story clusters: documents telling the same story, in one language or several.

Candidates come from three indexes, each cheap to query:

1. MinHash LSH over text shingles (rensa): same text, syndicated and lightly edited copies;
2. lead hashes: a truncated copy shares the first words of its original;
3. an inverted index of measured numbers (2582 t, 21 %, 1.51e6 CNY/t): translations and
   other outlets' reports of the same release share their figures, whatever the language.

A candidate is merged only if the evidence holds up (`same_story`), and never when the
two documents are about different periods or carry different figures: next month's
customs report from the same template, or the next quarter's results, stay apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import rensa

from reewatch.dedup.signature import NUM_PERM, StorySignature

LSH_THRESHOLD = 0.45
LSH_BANDS = 32  # 32 bands of 4 rows: candidates from a Jaccard of about 0.4
TEXT_SAME = 0.55  # estimated Jaccard of shingles above which copies are the same text
NUMBERS_SHARED = 0.5  # share of the smaller document's figures the other must hold
MIN_SHARED_NUMBERS = 2
MAX_CANDIDATES = 64  # compared in full per new document
COMMON_NUMBER_DOCS = 200  # a figure found in more documents than this is not evidence of one story
MAX_DAYS_APART = 21
ENTITIES_SAME_DAY = 0.4
ENTITIES_SAME_PERIOD = 0.7
ENTITIES_ALONE = 0.8
MIN_ENTITIES_ALONE = 5
MIN_SHARED_ENTITIES = 3
CLASH_CHECKS = 30  # members compared on each side when two clusters would merge


@lru_cache(maxsize=4096)
def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the other (containment), 0 for an empty set."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def conflict(a: StorySignature, b: StorySignature) -> bool:
    """True when two documents cannot be one story: different periods, figures or weeks."""
    if a.periods and b.periods and not (a.periods & b.periods) and max(len(a.periods), len(b.periods)) <= 2:
        return True  # "exports in May" vs "exports in June" (a long article names too many periods to tell)
    if a.days and b.days and not (a.days & b.days) and (a.published != b.published or a.published is None):
        return True  # the price table of 12 November vs that of 13 November (same-day datelines aside)
    da, db = _day(a.published), _day(b.published)
    if da and db and abs((da - db).days) > MAX_DAYS_APART:
        return True  # the same project a year apart
    # Figures: each side's numbers must mostly appear on the other side, else these are two
    # reports from one template (or two quarters of results).
    return len(a.numbers) >= 2 and len(b.numbers) >= 2 and _overlap(a.numbers, b.numbers) < NUMBERS_SHARED


def same_story(a: StorySignature, b: StorySignature) -> bool:
    """Whether two documents tell the same story (the rule used after candidate generation).

    The evidence for one story is weighed first and the (dearer) conflict check only runs
    when there is some: most candidates of a busy corpus fail the first test.
    """
    return _evidence(a, b) and not conflict(a, b)


def _evidence(a: StorySignature, b: StorySignature) -> bool:
    if a.leads & b.leads:
        return True  # a truncated copy: the same opening words
    if a.minhash.jaccard(b.minhash) >= TEXT_SAME:
        return True
    shared = a.numbers & b.numbers
    entities = _jaccard(a.entities, b.entities)
    # Two shared figures can be chance (10 %, 3,000 t); then most figures and entities must agree.
    if len(shared) >= 3 and entities >= 0.25 and _overlap(a.numbers, b.numbers) >= NUMBERS_SHARED:
        return True
    if len(shared) == MIN_SHARED_NUMBERS and entities >= 0.4 and _overlap(a.numbers, b.numbers) >= 0.67:
        return True
    # An announcement has few figures: the same day or period named, mostly the same entities,
    # and no figure that disagrees (conflict()) make it one story. A day that is the
    # publication date (a dateline) is no evidence: every article of that day has it.
    days = (a.days & b.days) - {a.published, b.published}
    if days and entities >= ENTITIES_SAME_DAY:
        return True
    if a.periods & b.periods and entities >= ENTITIES_SAME_PERIOD:
        return True
    # Nothing dated, no figures (a report of a plant opening, in two languages): the same
    # set of several specific entities is the story.
    undated = not (a.periods or b.periods or a.days or b.days) and max(len(a.numbers), len(b.numbers)) < 2
    return undated and min(len(a.entities), len(b.entities)) >= MIN_ENTITIES_ALONE and entities >= ENTITIES_ALONE


@dataclass
class StoryClusterer:
    """Assigns each added document to a story cluster; clusters are named by their first document."""

    _lsh: rensa.RMinHashLSH = field(default_factory=lambda: rensa.RMinHashLSH(LSH_THRESHOLD, NUM_PERM, LSH_BANDS))
    _ids: list[str] = field(default_factory=list)
    _signatures: list[StorySignature] = field(default_factory=list)
    _parent: list[int] = field(default_factory=list)
    _by_lead: dict[str, list[int]] = field(default_factory=dict)
    _by_number: dict[str, list[int]] = field(default_factory=dict)
    _by_day: dict[str, list[int]] = field(default_factory=dict)
    _by_entity: dict[str, list[int]] = field(default_factory=dict)
    _cluster_name: dict[int, str] = field(default_factory=dict)  # root -> name
    _root_of: dict[str, int] = field(default_factory=dict)  # name -> root
    _members: dict[int, list[int]] = field(default_factory=dict)  # root -> documents

    def _find(self, i: int) -> int:
        while self._parent[i] != i:
            self._parent[i] = self._parent[self._parent[i]]
            i = self._parent[i]
        return i

    def _candidates(self, sig: StorySignature) -> list[int]:
        """Documents that may tell the same story, strongest evidence first, at most MAX_CANDIDATES.

        A corpus of near-identical boilerplate can make every document a candidate of every
        other; ranking by cheap evidence keeps the comparisons per document bounded.
        """
        score: dict[int, float] = {}
        for i in self._lsh.query(sig.minhash):
            score[i] = self._signatures[i].minhash.jaccard(sig.minhash)
        for key in sig.leads:
            for i in self._by_lead.get(key, ()):
                score[i] = score.get(i, 0.0) + 1.0
        for index, items, weight, needed in (
            (self._by_number, sig.numbers, 0.25, MIN_SHARED_NUMBERS),
            (self._by_entity, sig.entities, 0.1, MIN_SHARED_ENTITIES),
            (self._by_day, sig.days, 0.25, 1),
        ):
            counts: dict[int, int] = {}
            for item in items:
                posting = index.get(item, ())
                if len(posting) > COMMON_NUMBER_DOCS:
                    continue  # China, rare earths, a dateline: in every other document
                for i in posting:
                    counts[i] = counts.get(i, 0) + 1
            for i, n in counts.items():
                if n >= needed:
                    score[i] = score.get(i, 0.0) + weight * n
        if len(score) <= MAX_CANDIDATES:
            return sorted(score)
        return sorted(sorted(score, key=score.__getitem__, reverse=True)[:MAX_CANDIDATES])

    def add(self, doc_id: str, sig: StorySignature, cluster: str | None = None) -> tuple[str, dict[str, str]]:
        """Add a document; returns its cluster name and the clusters it merged (old name -> new name).

        `cluster` restores a stored document with its known cluster without comparing again.
        """
        i = len(self._ids)
        self._ids.append(doc_id)
        self._signatures.append(sig)
        self._parent.append(i)
        merges: dict[str, str] = {}
        if cluster is not None:
            root = self._root_of.get(cluster)
            if root is not None:
                self._parent[i] = root
                self._members[root].append(i)
            else:
                self._cluster_name[i] = cluster
                self._root_of[cluster] = i
                self._members[i] = [i]
        else:
            self._cluster_name[i] = doc_id
            self._root_of[doc_id] = i
            self._members[i] = [i]
            for j in self._candidates(sig):
                if self._find(j) == self._find(i) or not same_story(sig, self._signatures[j]):
                    continue
                ri, rj = self._find(i), self._find(j)
                if self._clash(ri, rj):
                    continue  # one story may not chain into another through a look-alike
                keep, gone = (rj, ri) if rj < ri else (ri, rj)  # the older story keeps its name
                if gone != i and self._cluster_name.get(gone) != self._cluster_name[keep]:
                    merges[self._cluster_name[gone]] = self._cluster_name[keep]
                self._parent[gone] = keep
                self._members[keep].extend(self._members.pop(gone))
                self._root_of.pop(self._cluster_name.pop(gone), None)
        self._lsh.insert(i, sig.minhash)
        for key in sig.leads:
            self._by_lead.setdefault(key, []).append(i)
        for number in sig.numbers:
            self._by_number.setdefault(number, []).append(i)
        for day in sig.days:
            self._by_day.setdefault(day, []).append(i)
        for entity in sig.entities:
            self._by_entity.setdefault(entity, []).append(i)
        return self.cluster_of(i), merges

    def _clash(self, ra: int, rb: int) -> bool:
        """Whether any document of one cluster conflicts with any of the other (periods, figures, dates)."""
        small, large = sorted((self._members[ra], self._members[rb]), key=len)
        return any(
            conflict(self._signatures[a], self._signatures[b])
            for a in small[:CLASH_CHECKS]
            for b in large[:CLASH_CHECKS]
        )

    def cluster_of(self, i: int) -> str:
        return self._cluster_name[self._find(i)]

    def clusters(self) -> list[list[str]]:
        """Every added document id in exactly one cluster, clusters in order of their first document."""
        groups: dict[int, list[str]] = {}
        for i, doc_id in enumerate(self._ids):
            groups.setdefault(self._find(i), []).append(doc_id)
        return [groups[root] for root in sorted(groups)]
