"""The starts from which discrete gradient descent converges to a saddle."""
