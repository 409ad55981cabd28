"""Helpers of the image-text (LiT / SigLIP / CLIPPO) configs."""
