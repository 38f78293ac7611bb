"""Chapter 7: sharp and flat minima, reparametrization, filter-normalized slices, and SAM."""
