"""Exports of a case's findings for other tools and people: CASE/UCO JSON-LD and portable cases."""
