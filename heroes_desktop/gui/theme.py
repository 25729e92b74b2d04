"""The window follows the desktop's light or dark scheme (and its changes while running) and scales on high-DPI
screens. ``HEROES_THEME=light|dark`` overrides the desktop, for screenshots and for labs that want one look."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEME_ENV = "HEROES_THEME"
STYLE = "Fusion"  # the same look on every platform, and one that honours the palette fully


def prepare_high_dpi() -> None:
    """Before the QApplication exists: fractional scale factors as the screen reports them (125 %, 150 %), not
    rounded to whole numbers, so text and icons are sharp and the layout has the size the desktop asks for."""
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)


def desktop_scheme() -> str:
    """"dark" or "light": the override, else what the desktop says (light when it says nothing)."""
    forced = os.environ.get(THEME_ENV, "").strip().lower()
    if forced in ("dark", "light"):
        return forced
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def dark_palette() -> QPalette:
    palette = QPalette()
    base, window, text = QColor(30, 30, 32), QColor(45, 45, 48), QColor(230, 230, 230)
    disabled = QColor(130, 130, 130)
    highlight = QColor(53, 132, 228)
    for role, color in (
        (QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base), (QPalette.ColorRole.AlternateBase, QColor(40, 40, 43)),
        (QPalette.ColorRole.ToolTipBase, window), (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Text, text), (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.BrightText, QColor(255, 90, 90)),
        (QPalette.ColorRole.Link, QColor(110, 170, 255)), (QPalette.ColorRole.Highlight, highlight),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
        (QPalette.ColorRole.PlaceholderText, disabled),
    ):
        palette.setColor(role, color)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_theme(app: QApplication) -> str:
    """Style and palette for the scheme in force; returns the scheme applied."""
    app.setStyle(STYLE)
    scheme = desktop_scheme()
    app.setPalette(dark_palette() if scheme == "dark" else app.style().standardPalette())
    app.setProperty("heroes_scheme", scheme)
    return scheme


def follow_desktop_scheme(app: QApplication) -> None:
    """Apply the scheme now and again whenever the desktop switches between light and dark."""
    apply_theme(app)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))


def error_colour() -> str:
    """A red that reads on the scheme in force (for one-line errors in dialogs)."""
    app = QApplication.instance()
    dark = app is not None and app.property("heroes_scheme") == "dark"
    return "#ff7b72" if dark else "#b3261e"
