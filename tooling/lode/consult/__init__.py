"""Consultation: a draft's stages, comment forms in and out, and the undisposed-comment gate."""
