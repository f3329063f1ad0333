"""The report's sections, each a function from a ``Context`` to a list of flowables."""
