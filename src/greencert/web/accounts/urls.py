"""Logging in and out, passwords, invitations, the second factor, and the account pages."""

from django.contrib.auth import views as auth_views
from django.urls import path

from greencert.web.accounts.views import access_tokens, auth, people, records, second_factor

urlpatterns = [
    path("accounts/login/", auth.login, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/me/", auth.my_account, name="my_account"),
    path("accounts/me/tokens/", access_tokens.access_token_create, name="access_token_create"),
    path(
        "accounts/me/tokens/<int:pk>/revoke/",
        access_tokens.access_token_revoke,
        name="access_token_revoke",
    ),
    path("accounts/password/", auth.password_change, name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        auth.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "accounts/second-factor/enrol/",
        second_factor.second_factor_enrol,
        name="second_factor_enrol",
    ),
    path(
        "accounts/second-factor/verify/",
        second_factor.second_factor_verify,
        name="second_factor_verify",
    ),
    path("accounts/confirm/", second_factor.reauthenticate, name="reauthenticate"),
    path("people/", people.account_list, name="account_list"),
    path("people/invite/", people.account_invite, name="account_invite"),
    path("people/<int:pk>/", people.account_detail, name="account_detail"),
    path("people/<int:pk>/role/", people.account_role, name="account_role"),
    path("people/<int:pk>/deactivate/", people.account_deactivate, name="account_deactivate"),
    path("people/<int:pk>/reactivate/", people.account_reactivate, name="account_reactivate"),
    path("people/<int:pk>/unlock/", people.account_unlock, name="account_unlock"),
    path(
        "people/<int:pk>/second-factor/reset/",
        people.account_second_factor_reset,
        name="account_second_factor_reset",
    ),
    path(
        "people/<int:pk>/invitation/",
        people.account_invitation_resend,
        name="account_invitation_resend",
    ),
    path("people/<int:pk>/records/", records.person_records, name="person_records"),
    path(
        "people/<int:pk>/qualifications/new/",
        records.qualification_add,
        name="qualification_add",
    ),
    path(
        "people/<int:pk>/qualifications/<int:item>/remove/",
        records.qualification_remove,
        name="qualification_remove",
    ),
    path("people/<int:pk>/declarations/new/", records.declaration_add, name="declaration_add"),
    path(
        "people/<int:pk>/declarations/<int:item>/file/",
        records.declaration_file,
        name="declaration_file",
    ),
    path(
        "people/<int:pk>/declarations/<int:item>/remove/",
        records.declaration_remove,
        name="declaration_remove",
    ),
    path("certification-body/", records.certification_body, name="certification_body"),
]
