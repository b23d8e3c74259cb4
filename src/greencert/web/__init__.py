"""The certification body's web application (Django 5.2, server-rendered).

Apps: ``accounts`` (people and roles), ``clients`` (organisations, their
sites, services and QMS certificates), ``projects`` (applications,
assessment projects, evaluation and maturity sheets) and ``audit`` (the
audit trail).  Every figure shown comes from :mod:`greencert.core`.
"""
