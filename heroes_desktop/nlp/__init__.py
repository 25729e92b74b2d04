"""Words to findings: validated identifiers, lab dictionaries (and, later, named entities and topics)."""
