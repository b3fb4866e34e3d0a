"""Ibasho server: the composition root and every transport."""
