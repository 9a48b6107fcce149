"""From engine decisions to explained item results: outcomes, per-check messages, hints.

Messages are Thai templates from the catalogue; this module only fills in what was found and
what is missing (the years a document declares, the months not covered, the keywords absent).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from checker.catalogue.loader import LoadedCatalogue
from checker.catalogue.models import (
    PART_CHECK_KINDS,
    AnyOfCheck,
    ChannelCheck,
    Check,
    ContentCheck,
    CoversCheck,
    FirstHalfCheck,
    ImagesCheck,
    Item,
    KeywordsCheck,
    Messages,
    MonthsCheck,
    NamesCheck,
    Part,
    PatternCheck,
    PeriodCheck,
)
from checker.engine.decisions import Decisions
from checker.engine.durable_compile import window_months
from checker.engine.facts import OUTCOME_OF_GRADE, PART_WIDE, PASS
from checker.evidence.models import ROUTE_TRUST, Candidate, Evidence
from checker.evidence.observe import DocumentObservation, FactSet, Observer
from checker.result import CheckResult, EvidenceResult, HintResult, ItemResult, RemediationResult
from checker.thai.fiscal import ce_to_be, month_from_key, thai_month_name

_STATE_OUTCOME = {"unreachable": "unknown", "gone": "fail", "broken": "fail", "offsite": "review"}


@dataclass
class _Details:
    found: str
    missing: str


class Explainer:
    def __init__(self, loaded: LoadedCatalogue, observer: Observer) -> None:
        self.loaded = loaded
        self.catalogue = loaded.catalogue
        self.observer = observer
        year = loaded.year
        self.periods = {
            key: label.format(fy=year, prev=year - 1)
            for key, label in self.catalogue.period_labels.items()
        }

    # -- messages ------------------------------------------------------------------------------

    def _period(self, check: Check) -> str:
        if isinstance(check, PeriodCheck):
            return self.periods[check.period]
        if isinstance(check, FirstHalfCheck | MonthsCheck):
            return self.periods["first_half"]
        return self.periods["current_fy"]

    def _messages(self, check: Check) -> Messages:
        return check.messages or self.catalogue.check_messages[check.kind]

    def _render(self, template: str, part: Part, check: Check, details: _Details) -> str:
        minimum = getattr(check, "min", getattr(check, "min_chars", ""))
        return template.format(
            part=part.label,
            period=self._period(check),
            min=minimum,
            found=details.found or self.catalogue.none_found,
            missing=details.missing or self.catalogue.none_found,
        )

    def _details(
        self,
        part: Part,
        check: Check,
        obs: DocumentObservation | None,
        all_obs: Sequence[DocumentObservation],
    ) -> _Details:
        none = _Details("", "")
        if obs is None and not isinstance(check, MonthsCheck):
            return none
        match check:
            case NamesCheck():
                assert obs is not None
                return _Details(", ".join(self.observer.names_match(part, obs)), "")
            case KeywordsCheck():
                assert obs is not None
                found = self.observer.keywords_found(check, obs)
                return _Details(
                    ", ".join(found), ", ".join(w for w in check.words if w not in found)
                )
            case PatternCheck():
                assert obs is not None
                return _Details(", ".join(self.observer.pattern_found(check, obs)[:3]), "")
            case PeriodCheck(via=via):
                assert obs is not None
                return _Details(
                    ", ".join(str(y) for y in sorted(obs.fiscal_years.get(via, ()))), ""
                )
            case FirstHalfCheck():
                assert obs is not None
                return _Details(", ".join(str(y) for y in sorted(obs.halves)), "")
            case CoversCheck():
                assert obs is not None
                spans = sorted(obs.spans)
                return _Details(
                    ", ".join(f"{lo}–{hi}" if lo != hi else str(lo) for lo, hi in spans), ""
                )
            case MonthsCheck():
                covered = set().union(*(o.months for o in all_obs)) if all_obs else set()
                missing = [ym for ym in window_months(check, self.loaded.year) if ym not in covered]
                return _Details("", ", ".join(_month_label(ym) for ym in missing))
            case ImagesCheck():
                assert obs is not None
                return _Details(str(obs.images) if obs.images else "", "")
            case ChannelCheck():
                assert obs is not None
                labels = self.catalogue.channels.labels
                return _Details(", ".join(labels[k] for k in sorted(obs.channels)), "")  # type: ignore[index]
            case ContentCheck():
                return none
            case AnyOfCheck():
                assert obs is not None
                passed: list[str] = []
                failed: list[str] = []
                for sub in check.checks:
                    grade = self._sub_passes(part, sub, obs)
                    text = self._render(
                        self._messages(sub).pass_ if grade else self._messages(sub).fail,
                        part,
                        sub,
                        self._details(part, sub, obs, all_obs),
                    )
                    (passed if grade else failed).append(text)
                return _Details("; ".join(passed), " / ".join(failed))
        return none

    def _sub_passes(self, part: Part, sub: Check, obs: DocumentObservation) -> bool:
        """Whether one alternative of an any_of check holds (for its message only)."""
        year = self.loaded.year
        match sub:
            case ImagesCheck(min=minimum):
                return obs.images >= minimum
            case KeywordsCheck(min=minimum):
                return len(self.observer.keywords_found(sub, obs)) >= minimum
            case PatternCheck(min=minimum):
                return len(self.observer.pattern_found(sub, obs)) >= minimum
            case ChannelCheck(accept=accept):
                return bool(obs.channels & set(accept))
            case ContentCheck(min_chars=minimum):
                return obs.chars >= minimum
            case NamesCheck():
                return bool(self.observer.names_match(part, obs))
            case CoversCheck():
                return any(lo <= year <= hi for lo, hi in obs.spans)
        return False

    # -- one candidate -------------------------------------------------------------------------

    def candidate_checks(
        self,
        item: Item,
        url: str,
        facts: FactSet,
        decisions: Decisions,
        evidence: Evidence,
        part_observations: dict[str, list[DocumentObservation]],
    ) -> list[CheckResult]:
        ev = facts.ev_of[url]
        state = facts.states[url]
        obs = self._observation(evidence, url) if state == "ok" else None
        out: list[CheckResult] = []
        for part in item.parts:
            for check in part.checks:
                key_ev = PART_WIDE if check.kind in PART_CHECK_KINDS else ev
                if state != "ok":
                    outcome = _STATE_OUTCOME[state]
                    message = self._state_message(state, url, evidence)
                else:
                    grade = decisions.verdict(item.id, part.id, check.id, key_ev)
                    outcome = OUTCOME_OF_GRADE[grade]
                    if outcome == "review":
                        message = self.catalogue.outcome_messages["unreadable"]
                    else:
                        messages = self._messages(check)
                        template = messages.pass_ if outcome == "pass" else messages.fail
                        details = self._details(
                            part, check, obs, part_observations.get(part.id, [])
                        )
                        message = self._render(template, part, check, details)
                out.append(
                    CheckResult(
                        id=f"{part.id}.{check.id}",
                        part=part.id,
                        check=check.id,
                        kind=check.kind,
                        outcome=outcome,
                        message=message,
                        note=check.note,
                    )
                )
        return out

    def _observation(self, evidence: Evidence, url: str) -> DocumentObservation:
        return self.observer.document(evidence.documents[url])

    def _state_message(self, state: str, url: str, evidence: Evidence) -> str:
        messages = self.catalogue.outcome_messages
        record = evidence.fetches.get(url)
        if state == "gone":
            return messages["gone"].format(
                status=record.status if record else "404", host="", url=url
            )
        if state == "broken":
            return messages["broken"]
        if state == "offsite":
            return messages["offsite"].format(
                host=evidence.offsite.get(url, ""), status="", url=url
            )
        return messages["unknown"].format(host="", status="", url=url)

    # -- one item ------------------------------------------------------------------------------

    def item_result(
        self,
        item: Item,
        evidence: Evidence,
        candidates: Sequence[Candidate],
        facts: FactSet,
        decisions: Decisions,
        hints: Sequence[HintResult],
        official: dict[str, int] | None,
    ) -> ItemResult:
        route = evidence.decisive.get(item.id, "crawl")
        grade = decisions.item_grade(item.id)
        outcome = OUTCOME_OF_GRADE[grade]
        urls = list(dict.fromkeys(c.url for c in candidates))
        part_obs: dict[str, list[DocumentObservation]] = {
            part.id: [self._observation(evidence, u) for u in urls if facts.states.get(u) == "ok"]
            for part in item.parts
        }
        checks_by_url = {
            u: self.candidate_checks(item, u, facts, decisions, evidence, part_obs) for u in urls
        }
        evidence_results = [
            self._evidence_result(
                item, c, facts, decisions, evidence, checks_by_url[c.url], decisive=True
            )
            for c in _unique_by_url(candidates)
        ]
        gaps = [g for g in evidence.gaps if item.id in g.items]
        best_checks: list[CheckResult] = []
        for part in item.parts:
            best = self._best_candidate(item, part, candidates, facts, decisions)
            if best is None:
                # Nothing found; where discovery could not look, that is not "missing".
                message = self._no_candidate_message(item, evidence, route, searched=not gaps)
                best_checks.extend(
                    CheckResult(
                        id=f"{part.id}.{c.id}",
                        part=part.id,
                        check=c.id,
                        kind=c.kind,
                        outcome="unknown" if gaps else "fail",
                        message=message,
                        note=c.note,
                    )
                    for c in part.checks
                )
            else:
                best_checks.extend(r for r in checks_by_url[best.url] if r.part == part.id)
        reason = self._reason(item, outcome, best_checks, candidates, facts, evidence, route)
        if hints:
            reason = f"{reason} — {hints[0].message}"
        return ItemResult(
            id=item.id,
            title=item.title,
            subindicator=item.subindicator,
            outcome=outcome,
            score={"pass": 100, "fail": 0}.get(outcome),
            confidence=item.confidence,
            uncertainty=item.uncertainty,
            route=route,
            reason=reason,
            checks=best_checks,
            evidence=evidence_results,
            hints=list(hints),
            remediation=RemediationResult(**item.remediation.model_dump()),
            official_score=(official or {}).get(item.id),
            gaps=[f"{g.reason} ({g.url})" if g.url else g.reason for g in gaps],
        )

    def _best_candidate(
        self,
        item: Item,
        part: Part,
        candidates: Sequence[Candidate],
        facts: FactSet,
        decisions: Decisions,
    ) -> Candidate | None:
        best: tuple[tuple[int, int, int, int], Candidate] | None = None
        for c in _unique_by_url(candidates):
            ev = facts.ev_of[c.url]
            grade = decisions.candidates.get((item.id, part.id, ev), 0)
            passed = sum(
                1
                for check in part.checks
                if decisions.verdict(item.id, part.id, check.id, ev) == PASS
            )
            key = (grade, passed, -ROUTE_TRUST[c.route], -c.hop)
            if best is None or key > best[0]:
                best = (key, c)
        return best[1] if best else None

    def _no_candidate_message(
        self, item: Item, evidence: Evidence, route: str, *, searched: bool = True
    ) -> str:
        messages = self.catalogue.outcome_messages
        if not searched:
            return messages["not_searched"]
        if route == "index" and evidence.index and item.id in evidence.index.rows:
            return messages["no_link"]
        return messages["no_evidence"]

    def _reason(
        self,
        item: Item,
        outcome: str,
        checks: Sequence[CheckResult],
        candidates: Sequence[Candidate],
        facts: FactSet,
        evidence: Evidence,
        route: str,
    ) -> str:
        messages = self.catalogue.outcome_messages
        if outcome == "pass":
            return messages["pass"]
        if outcome == "fail":
            # a named link that is dead or unopenable is the first thing to fix
            for c in sorted(candidates, key=lambda c: c.hop):
                state = facts.states.get(c.url)
                if state in ("gone", "broken"):
                    return f"{self._state_message(state, c.url, evidence)}: {c.url}"
        wanted = {"fail": "fail", "review": "review", "unknown": "unknown"}[outcome]
        for check in checks:
            if check.outcome == wanted:
                return check.message
        if not candidates:
            searched = not any(item.id in g.items for g in evidence.gaps)
            return self._no_candidate_message(item, evidence, route, searched=searched)
        return messages["unknown"] if outcome == "unknown" else messages["review"]

    def _evidence_result(
        self,
        item: Item,
        c: Candidate,
        facts: FactSet,
        decisions: Decisions,
        evidence: Evidence,
        checks: list[CheckResult],
        *,
        decisive: bool,
    ) -> EvidenceResult:
        ev = facts.ev_of[c.url]
        record = evidence.fetches.get(c.url)
        document = evidence.documents.get(c.url)
        alone = min(decisions.candidates.get((item.id, p.id, ev), 0) for p in item.parts)
        return EvidenceResult(
            url=c.url,
            source=c.route,
            via=c.via,
            link_text=c.link_text,
            hop=c.hop,
            decisive=decisive,
            state=facts.states[c.url],
            http_status=record.status if record else None,
            fetch_outcome=record.outcome if record else None,
            fetch_reason=record.reason if record else None,
            content_type=record.content_type if record else None,
            kind=document.kind if document else None,
            title=(document.title or (document.headings[0] if document.headings else None))
            if document
            else None,
            sha256=record.sha256 if record else None,
            fetched_at=record.fetched_at if record and record.outcome != "out_of_scope" else None,
            outcome=OUTCOME_OF_GRADE[alone],
            checks=checks,
        )

    def hint_results(
        self, item: Item, candidates: Sequence[Candidate], facts: FactSet, decisions: Decisions
    ) -> list[HintResult]:
        if decisions.item_grade(item.id) != PASS:
            return []
        out: list[HintResult] = []
        for part in item.parts:
            best = self._best_candidate(item, part, candidates, facts, decisions)
            if best is not None and all(h.url != best.url for h in out):
                message = self.catalogue.outcome_messages["hint"].format(
                    url=best.url, host="", status=""
                )
                out.append(HintResult(url=best.url, link_text=best.link_text, message=message))
        return out


def _unique_by_url(candidates: Sequence[Candidate]) -> list[Candidate]:
    seen: dict[str, Candidate] = {}
    for c in sorted(candidates, key=lambda c: (ROUTE_TRUST[c.route], c.hop)):
        seen.setdefault(c.url, c)
    return list(seen.values())


def _month_label(ym: int) -> str:
    year, month = month_from_key(ym)
    return f"{thai_month_name(month, short=True)} {ce_to_be(year)}"
