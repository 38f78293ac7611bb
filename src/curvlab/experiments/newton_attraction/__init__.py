"""Newton's method on the gradient converges to every kind of critical point, saddles included."""
