"""truceline: ceasefires, de-escalation deals and the events around them, from the news."""

__version__ = "0.1.0"
EXTRACTOR_VERSION = f"truceline/{__version__}"
