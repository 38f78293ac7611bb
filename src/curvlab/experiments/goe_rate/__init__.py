"""Random Hessians: what the large-deviation law e^{−θn²} does and does not say at small n."""
