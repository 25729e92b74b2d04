"""Qt item models over the core's browse queries: id arrays with rows fetched on demand, lazy trees, counts."""

from PySide6.QtCore import QCoreApplication, QLocale


def counted(context: str, text: str, count: int) -> str:
    """``text`` with ``%n`` through Qt's plural translation (``"%n file(s)"``); where no translation is loaded,
    English's own plural ("1 file", "2 files") instead of the "(s)" placeholder."""
    translated = QCoreApplication.translate(context, text, "", count)
    if "(s)" in translated:
        translated = translated.replace("(s)", "" if count == 1 else "s")
    return translated.replace(str(count), QLocale().toString(count)) if count >= 1000 else translated
