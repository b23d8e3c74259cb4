"""Every named URL appears in a permission matrix (pretix's idea): a new view without one stands out."""

from __future__ import annotations

import importlib

from django.urls import URLPattern, URLResolver, get_resolver

MATRICES = [
    "tests.web.test_permissions_clients",
    "tests.web.test_permissions_projects",
    "tests.web.test_permissions_sheets",
    "tests.web.test_permissions_blueprints",
    "tests.web.test_permissions_checklists",
    "tests.web.certification.test_permissions_certification",
    "tests.web.certification.test_permissions_certificates",
    "tests.web.surveys.test_permissions",
    "tests.web.accounts.test_permissions_accounts",
    "tests.web.accounts.test_permissions_records",
    "tests.web.test_permissions_worklists",
    "tests.web.webhooks.test_permissions_webhooks",
    "tests.web.regulator.test_permissions_regulator",
    "tests.web.insights.test_permissions_insights",
]
# Views whose permissions are tested elsewhere, by name of the test that does it.
ELSEWHERE = {
    "healthz": "test_settings.test_healthz_answers_without_login",
    "readyz": "test_observability.test_readyz_answers_without_login_and_names_no_secret (public)",
    "metrics": "test_observability.test_metrics_only_to_the_scraper_with_the_token",
    "csp_report": "test_browser_policy.test_a_reported_violation_is_logged_not_stored (public)",
    "login": "Django's own view (anonymous by nature)",
    "logout": "Django's own view",
    "set_language": "Django's own view (no data)",
    "favicon": "test_favicon.test_favicon_ico_is_answered_without_login (public, no data)",
    "password_change_done": "Django's own view (a message after the change)",
    "password_reset": "accounts/test_passwords.test_a_forgotten_password_is_reset_by_e_mail (public)",
    "password_reset_done": "accounts/test_passwords.test_a_forgotten_password_is_reset_by_e_mail (public)",
    "password_reset_confirm": "accounts/test_passwords.test_a_forgotten_password_is_reset_by_e_mail (public)",
    "password_reset_complete": "Django's own view (public, no data)",
    "invitation_accept": "accounts/test_invitations (the link is the permission)",
    "second_factor_verify": "accounts/test_second_factor (the person's own devices only)",
    "project_report": "certification/test_documents.test_project_downloads_permissions",
    "project_export": "certification/test_documents.test_project_downloads_permissions",
    "register_export": "certification/test_documents.test_register_export_permissions",
    "certificate_pdf": "certification/test_documents.test_certificate_pdf_permissions",
    "export_register": "test_exports.test_who_may_ask_for_the_register",
    "export_certificates": "test_exports.test_who_may_ask_for_an_organisations_certificates",
    "export_download": "test_exports.test_only_the_one_who_asked_downloads_and_only_while_they_may_see_the_source",
    "export_list": "test_exports.test_only_the_one_who_asked_downloads_and_only_while_they_may_see_the_source (one's own only)",
    "survey_answer": "surveys/test_permissions.test_the_public_pages_need_no_login (public)",
    "survey_thanks": "surveys/test_permissions.test_the_public_pages_need_no_login (public)",
    "access_token_create": "accounts/test_access_tokens (one's own; a second factor role re-confirms)",
    "access_token_revoke": "accounts/test_access_tokens.test_another_persons_token_is_not_found",
}


# The API's routes are covered operation by operation, from its schema: every operation in
# openapi.json needs an entry in tests/web/api/test_permissions_api.py's REACH, whose test
# fails otherwise (its language: problem details, tests/web/api/test_problems.py).
API_NAMESPACE = "api-v1"


def url_names(patterns=None) -> set[str]:
    """The names of the site's routes (the API's aside: see :data:`API_NAMESPACE`)."""
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == API_NAMESPACE:
            continue
        if isinstance(entry, URLResolver):
            names |= url_names(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(entry.name)
    return names


def names_in_matrices() -> set[str]:
    names = set()
    for module_name in MATRICES:
        for case in importlib.import_module(module_name).CASES:
            names.add(case[0] if isinstance(case, tuple) else case.name)
    return names


def test_every_named_view_has_a_permission_test():
    missing = url_names() - names_in_matrices() - ELSEWHERE.keys()
    assert not missing, f"views without a permission test: {sorted(missing)}"
