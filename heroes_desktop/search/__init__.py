"""Searching a case: full-text search over extracted text (and, later, OCR)."""
