"""Supple: guided stretch sessions with spoken cues and a local history."""

__version__ = "0.1.0"
APP_NAME = "Supple"
APP_ID = "io.github.supple.Supple"  # reverse-DNS: desktop file, icon and Qt's desktop name
HOMEPAGE = "https://github.com/supple/supple"  # as the metainfo and pyproject.toml give it
