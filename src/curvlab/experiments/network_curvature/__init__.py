"""Chapter 7: the Hessian of a digits network, matrix-free (cost, spectrum, density, trace)."""
