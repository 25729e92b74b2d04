"""The model registry: manifests, SHA-256 checks before use, and where each model's files live."""
