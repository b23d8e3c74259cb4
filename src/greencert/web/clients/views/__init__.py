"""Views of the clients area: organisations and the parts of their record."""
