"""reportgen: compile government information-disclosure annual reports to GB/T 9704 documents."""

__version__ = "0.1.0"
