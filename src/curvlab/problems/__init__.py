"""Problems: the functions the book minimizes (bowls, surfaces, least squares, flat valleys)."""
