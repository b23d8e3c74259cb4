"""Survey views: ``public`` (no login), ``staff`` (open, close, accept, poster),
``review`` (flags and paper import) and ``bench`` (benchmark only)."""
