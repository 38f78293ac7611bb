"""Curvature from products alone: the matrix-free operator protocol (``operators``), Lanczos and
power iteration (``lanczos``), Hutchinson and Hutch++ (``trace``), and stochastic Lanczos
quadrature (``density``)."""
