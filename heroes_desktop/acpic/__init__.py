"""ACPIC: image and video triage (sensitive content, faces with age and gender, scene context). It suggests; the examiner categorises."""
