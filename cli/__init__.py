"""encircle.cli: the command line, a thin click adapter over the library."""

__all__: list[str] = []
