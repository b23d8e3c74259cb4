"""Webhooks: decisions and certificate changes sent, signed, to the systems an administrator registers."""
