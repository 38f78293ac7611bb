"""Chapter 7: full-batch gradient descent at the edge of stability (sharpness against 2/η)."""
