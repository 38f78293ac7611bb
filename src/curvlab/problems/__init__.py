"""Problems to minimize: a multilayer perceptron with exact curvature products (``mlp``) and the
8×8 digits data set it is trained on (``digits``)."""
