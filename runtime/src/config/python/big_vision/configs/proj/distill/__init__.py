"""Helpers of the knowledge-distillation configs."""
