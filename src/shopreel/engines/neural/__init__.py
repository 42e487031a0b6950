"""The reference neural engines: local diffusers pipelines for image edit and image to video.

They need the ``gpu`` extra (``pip install 'shopreel[gpu]'``: torch, diffusers, transformers,
accelerate); nothing here is imported unless the settings choose them, and nothing is ever
downloaded: each loads the folder named by its ``SHOPREEL_ENGINE_<CAPABILITY>_WEIGHTS``.
The ``onnx`` matting engine is :class:`shopreel.engines.classical.OnnxMatter`.
"""
