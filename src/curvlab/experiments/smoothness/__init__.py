"""Beyond quadratics: empirical risk, convexity and the L-smooth descent lemma."""
