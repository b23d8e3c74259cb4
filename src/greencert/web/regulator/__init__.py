"""The monthly report of certification activity to the regulator's national platform."""
