"""Errors of the model registry: each names the model and the file concerned."""

from __future__ import annotations

from heroes_desktop.core.errors import HeroesError


class ModelError(HeroesError):
    """A model cannot be used."""


class ModelNotInstalled(ModelError):
    """The manifest lists a model whose files or package are not on this machine."""


class ModelAltered(ModelError):
    """A model's files do not hash to the SHA-256 the manifest states."""


class ManifestError(ModelError):
    """The manifest itself is malformed."""
