"""What a report can be asked for (apart from the writers, so that ``heroes report --help`` loads neither the case
file nor MuPDF)."""

FORMATS = ("pdf", "html")
ITEM_CHOICES = ("bookmarked", "categorised", "all")  # the items the findings present
THUMBNAIL_CHOICES = ("none", "obscured", "clear")
