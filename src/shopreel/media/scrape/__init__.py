"""Product-page extraction: HTML text in, the product's name, price, images and videos out."""

from .extract import extract_product
from .product import ProductPage

__all__ = ["ProductPage", "extract_product"]
