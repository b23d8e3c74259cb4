"""Survey views: ``public`` (no login), ``staff`` (open, close, accept, poster) and
``review`` (flags and paper import)."""
