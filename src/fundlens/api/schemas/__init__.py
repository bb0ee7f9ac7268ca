"""Request and response models, one module per resource; shared pieces in ``common``."""

__all__: list[str] = []
