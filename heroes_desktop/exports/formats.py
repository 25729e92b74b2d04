"""What an export can be asked for (apart from the writers, so that ``heroes export --help`` loads none of them)."""

EXPORT_FORMATS = ("case-uco", "portable", "vics")
ITEM_CHOICES = ("bookmarked", "categorised", "all")  # the items a portable case carries
