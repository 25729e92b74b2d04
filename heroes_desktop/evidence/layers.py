"""The table of volume layers (see :mod:`heroes_desktop.evidence.volume_stack`): each kind and its opener."""

from __future__ import annotations

from heroes_desktop.evidence.volume_stack import LayerOpener

LAYER_OPENERS: dict[str, LayerOpener] = {}
