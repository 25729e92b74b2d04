"""The table of volume layers (see :mod:`heroes_desktop.evidence.volume_stack`): each kind and its opener."""

from __future__ import annotations

from heroes_desktop.evidence.apfs_container import open_apfs_layer
from heroes_desktop.evidence.encrypted_volumes import open_bitlocker_layer, open_luks_layer
from heroes_desktop.evidence.shadow_copies import open_store
from heroes_desktop.evidence.volume_stack import LayerOpener

LAYER_OPENERS: dict[str, LayerOpener] = {
    "vss": open_store,  # a Volume Shadow Copy store of an NTFS volume
    "apfs": open_apfs_layer,  # one volume of an APFS container (walked without TSK: apfs_walk)
    "bitlocker": open_bitlocker_layer,  # a BitLocker or BitLocker To Go volume, unlocked (libbde)
    "luks": open_luks_layer,  # a LUKS1 volume, unlocked (libluksde)
}
