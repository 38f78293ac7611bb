"""Step size on a quadratic: the rate curve ρ(η) and the decay of each eigen-component."""
