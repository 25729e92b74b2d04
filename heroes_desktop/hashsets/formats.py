"""The hash-set formats ``heroes hashset import`` reads (apart from the readers and the store, so that naming them
in ``--help`` loads neither)."""

FORMATS = ("vics", "nsrl", "md5", "sha1", "sha256", "ed2k", "phash")
