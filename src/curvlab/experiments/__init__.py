"""Experiments: one package per topic of the book (``compute`` → ``figures`` → ``explore``)."""
