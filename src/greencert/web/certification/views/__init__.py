"""Pages of the certification lifecycle, one module per stage."""
