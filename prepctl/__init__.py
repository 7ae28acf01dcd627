"""prepctl: turn a week-by-week study plan into a personal schedule."""

__version__ = "0.1.0"
