"""The labels of the named entities the NER models find, as the case stores them (apart from the models, so that
naming them in ``heroes --help`` does not load spaCy)."""

NER_LABELS = ("PERSON", "ORG", "LOC")
