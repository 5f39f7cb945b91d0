"""missiondiary: an offline terminal diary for delegates on trade missions."""

__version__ = "0.1.0"
