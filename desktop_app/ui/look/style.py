"""The few style rules the palette cannot express: the accent button, cards, banners, the
session's labels, and a focus frame a keyboard user can see (the border, two pixels wide, with
the padding one less so that nothing moves)."""

from __future__ import annotations

from desktop_app.ui.look.theme import Theme


def stylesheet(theme: Theme) -> str:
    t = {
        name: getattr(theme, name).name()
        for name in ("window", "panel", "text", "muted", "line", "accent", "on_accent", "warning")
    }
    return f"""
QPushButton {{
    padding: 6px 16px; border: 1px solid {t["line"]}; border-radius: 8px;
    background: {t["panel"]};
}}
QPushButton:hover {{ border-color: {t["accent"]}; }}
QPushButton:focus {{ border: 2px solid {t["accent"]}; padding: 5px 15px; }}
QPushButton#primary {{
    background: {t["accent"]}; color: {t["on_accent"]}; font-weight: 600;
    border: 2px solid {t["accent"]}; padding: 4px 14px;
}}
QPushButton#primary:focus {{ border-color: {t["text"]}; }}
QPushButton#primary:disabled {{
    background: {t["line"]}; color: {t["muted"]}; border-color: {t["line"]};
}}
QPushButton#hurt {{ color: {t["warning"]}; border-color: {t["warning"]}; }}
QPushButton#hurt:disabled {{ color: {t["muted"]}; border-color: {t["line"]}; }}
QPushButton#floorView:checked {{ color: {t["accent"]}; border-color: {t["accent"]}; }}
QPushButton#scale {{ padding: 6px 2px; }}
QPushButton#scale:checked {{
    background: {t["accent"]}; color: {t["on_accent"]}; border-color: {t["accent"]};
}}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QFrame#card {{ background: {t["panel"]}; border: 1px solid {t["line"]}; border-radius: 14px; }}
QScrollArea#keyScroll {{ border: 2px solid transparent; border-radius: 4px; }}
QScrollArea#keyScroll:focus {{ border-color: {t["accent"]}; }}
QFrame#banner {{
    background: {t["panel"]}; border: none; border-bottom: 1px solid {t["line"]};
    border-left: 5px solid {t["accent"]};
}}
QListWidget {{ background: transparent; border: none; outline: none; }}
QListWidget::item {{
    background: {t["panel"]}; border: 1px solid {t["line"]}; border-radius: 10px;
    color: {t["text"]};
}}
QListWidget::item:selected {{ border: 2px solid {t["accent"]}; background: {t["panel"]}; }}
QLabel#muted, QLabel#totalLeft, QLabel#where, QLabel#nextUp {{ color: {t["muted"]}; }}
QLabel#phase {{ color: {t["accent"]}; letter-spacing: 1px; }}
QLabel#errors {{ color: {t["warning"]}; }}
QScrollArea, QScrollArea > QWidget, QScrollArea > QWidget > QWidget {{
    background: transparent;
}}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 0; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 0; }}
QScrollBar::handle {{ background: {t["line"]}; border-radius: 5px; }}
QScrollBar::handle:vertical {{ min-height: 32px; }}
QScrollBar::handle:horizontal {{ min-width: 32px; }}
QScrollBar::handle:hover {{ background: {t["muted"]}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}
"""
