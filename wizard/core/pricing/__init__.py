"""Prices: the pricing file's model, and building one from AWS Price List offers."""
