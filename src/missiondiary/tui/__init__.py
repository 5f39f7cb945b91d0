"""The Textual app. Only this package imports Textual at module level."""
