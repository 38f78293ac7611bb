"""One package per chapter topic: ``compute`` (numpy) -> ``figures`` (matplotlib) -> ``explore``
(ipywidgets)."""
