"""The kinds of dated event a timeline holds (apart from the timeline's queries, so that naming them in
``heroes timeline --help`` does not load the case file)."""

FILE_SYSTEM_TIMES = ("mtime", "atime", "ctime", "crtime")  # the file systems' own times (MAC(B))
CUSTODY = "custody"
ITEM_DATE_KINDS = ("email-date", "doc-created", "doc-modified", "doc-printed", "exif-taken", "exif-digitized",
                   "gps-time")  # what the dates stage writes; a later stage may add more
KNOWN_KINDS = (*FILE_SYSTEM_TIMES, *ITEM_DATE_KINDS, CUSTODY)
