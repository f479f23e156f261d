"""A small layer framework: layers keep their weights behind properties and are trained by optimiser objects."""
