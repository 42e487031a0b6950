"""ShopReel: a self-hosted server that speaks the TopView OpenAPI (v1)."""

__version__ = "0.1.0"
