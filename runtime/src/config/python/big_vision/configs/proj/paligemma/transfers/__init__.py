"""Helpers of the PaliGemma transfer (fine-tuning) configs."""
