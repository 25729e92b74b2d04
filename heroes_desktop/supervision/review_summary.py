"""A supervisor's signed review with the blind second review's result in it: what ``heroes review sign`` and the
window's *Sign the review…* both record."""

from __future__ import annotations

from dataclasses import dataclass

from heroes_desktop.case.case_file import Case
from heroes_desktop.case.custody import CustodyEvent
from heroes_desktop.review.blind_review import AgreementResult, agreement


@dataclass(frozen=True)
class ReviewSummary:
    """The blind review's result as it stands (``result.sample`` is None when no sample was drawn)."""

    result: AgreementResult

    @property
    def drawn(self) -> bool:
        return self.result.sample is not None

    def sentence(self) -> str:
        """One line for the supervisor before signing."""
        result = self.result
        if result.sample is None:
            return "No blind second review was drawn for this case."
        if result.n == 0:
            return (f"Blind review: sample of {result.sample.size} drawn, none decided yet; the signed review will say"
                    " so.")
        kappa = "—" if result.kappa is None else f"{result.kappa:.3f}"
        agreed = "—" if result.agreement is None else f"{result.agreement:.0%}"
        pending = f"; {len(result.pending)} still undecided" if result.pending else ""
        return (f"Blind review: {result.n} of {result.sample.size} decided, agreement {agreed}, Cohen's kappa {kappa},"
                f" {len(result.disagreements)} disagreeing{pending}. The result goes into the signed review.")

    def details(self) -> dict:
        return {"blind_review": self.result.summary()} if self.drawn else {}


def read_review_summary(case: Case) -> ReviewSummary:
    return ReviewSummary(agreement(case))


@dataclass(frozen=True)
class SignedReview:
    event: CustodyEvent
    summary: ReviewSummary


def sign_review(case: Case, note: str = "") -> SignedReview:
    """Sign the review (refused over a chain that does not verify), with the blind review's latest result when a
    sample was drawn (``blind_review`` in the event's details)."""
    summary = read_review_summary(case)
    return SignedReview(case.sign_review(note, summary.details() or None), summary)
