"""Renaksi: plan, monitor and report the Rencana Aksi of Indonesian local government units."""

__version__ = "0.1.0"
