"""A quadratic bowl's geometry: elliptic contours, semi-axes ∝ 1/√λ, gradients normal to them."""
