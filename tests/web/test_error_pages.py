"""Error pages: in Chinese first, in English when chosen, with the site's navigation.

403, 404 and the refused-form page are rendered with the request (the person's own
menu); 400 and 500 without one (Django renders them so), and 500 without the
database: a broken database must not break the page that says something broke.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory, override_settings
from django.urls import include, path, reverse
from django.utils import translation
from django.views.defaults import server_error


def _broken(request):
    raise RuntimeError("a bug")


def _suspicious(request):
    raise SuspiciousOperation("tampered")


def _refused(request):
    raise PermissionDenied


# The site's own URLs too: the error pages link to them.
urlpatterns = [
    path("broken/", _broken),
    path("suspicious/", _suspicious),
    path("refused/", _refused),
    path("", include("greencert.web.urls")),
]


class BareUrls:
    """A URL map without the site's names (a broken deployment): the 500 page must still render."""

    urlpatterns = [path("broken/", _broken)]


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def nav_links(html: str) -> list[str]:
    """The texts of the links in the top bar's menu."""
    nav = re.search(r"<nav>(.*?)</nav>", html, re.S)
    assert nav, "no navigation on the page"
    return [t.strip() for t in re.findall(r"<a [^>]*>([^<]+)</a>", nav.group(1))]


def title(html: str) -> str:
    return re.search(r"<title>([^<]*)</title>", html).group(1).strip()


def test_a_page_out_of_reach_is_a_chinese_404_with_the_staff_menu(client, world):
    client.force_login(world.auditor_off)  # not on alpha's project
    response = client.get(reverse("project_detail", args=(world.project.pk,)))
    html = response.content.decode()
    assert response.status_code == 404
    assert title(html) == "页面不存在 · GreenCert"
    assert "此页面不存在，或您无权查看。" in html
    assert "Not Found" not in html
    assert nav_links(html)[:3] == ["我的待办", "工作台", "项目"]
    assert 'lang="zh-hans"' in html
    assert "退出" in html  # still logged in, and can log out from here


def test_the_404_in_english_when_chosen(client, world):
    english(client).force_login(world.beta_client)
    response = client.get(reverse("organisation_detail", args=(world.alpha.pk,)))
    html = response.content.decode()
    assert response.status_code == 404
    assert title(html) == "Page not found · GreenCert"
    assert "This page does not exist, or it is not open to you." in html
    assert nav_links(html)[:2] == ["My worklist", "My organisation"]  # a client's own menu
    assert "页面不存在" not in html


def test_an_unknown_address_for_someone_not_logged_in(client, db):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html
    assert 'href="/"' in html  # the start page (which asks to log in)
    assert "English" in html  # and the language switch


@pytest.mark.parametrize(
    ("language", "heading", "advice"),
    [
        (None, "不允许此操作", "请稍候一分钟再试"),
        ("en", "Not allowed", "Wait a minute before trying again."),
    ],
)
@override_settings(ROOT_URLCONF=__name__)
def test_a_refusal_is_a_403_in_the_sites_page(client, world, language, heading, advice):
    client.force_login(world.pm)
    if language:
        english(client)
    response = client.get("/refused/")
    html = response.content.decode()
    assert response.status_code == 403
    assert f"<h1>{heading}</h1>" in html
    assert advice in html
    assert "Forbidden" not in html
    assert "Projects" in nav_links(html) or "项目" in nav_links(html)  # the person's own menu


@pytest.mark.parametrize(
    ("language", "heading"), [(None, "表单已过期"), ("en", "The form has expired")]
)
def test_a_form_without_its_token_is_refused_in_the_sites_page(world, language, heading):
    client = Client(enforce_csrf_checks=True)
    if language:
        english(client)
    client.force_login(world.pm)
    response = client.post(reverse("project_state", args=(world.project.pk,)), {"to": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert f"<h1>{heading}</h1>" in html
    assert "CSRF verification failed" not in html
    assert {"工作台", "Dashboard"} & set(nav_links(html))  # the staff menu, named as the page
    assert 'name="csrfmiddlewaretoken"' in html  # a fresh token, so going back and resending works


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("language", "heading", "text"),
    [
        (None, "服务器出错", "错误已记录，请几分钟后重试。"),
        ("en", "Server error", "The error has been recorded"),
    ],
)
def test_a_server_error_page(language, heading, text):
    client = Client(raise_request_exception=False)
    if language:
        english(client)
    response = client.get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert f"<h1>{heading}</h1>" in html and text in html
    assert "Server Error (500)" not in html


def test_the_500_page_needs_no_request_context_and_no_database():
    """No database fixture: pytest-django fails the test on any query."""
    with translation.override("zh-hans"):  # as LocaleMiddleware leaves it for the request
        response = server_error(RequestFactory().get("/anything/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错" in html
    assert nav_links(html) == ["首页", "证书查询"]
    assert "/static/greencert/site.css" in html


@override_settings(ROOT_URLCONF=BareUrls)
def test_the_500_page_renders_when_even_the_url_map_is_broken():
    response = Client(raise_request_exception=False).get("/broken/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错" in html
    assert 'href="/"' in html and 'href="/register/"' in html
    assert "Content-Security-Policy" in response.headers


@override_settings(ROOT_URLCONF=__name__)
def test_a_bad_request_page():
    client = english(Client())
    response = client.get("/suspicious/")
    html = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in html
    assert nav_links(html) == ["Start page", "Certificate register"]


def test_a_request_for_another_host_gets_the_chinese_400(client):
    response = client.get("/", HTTP_HOST="evil.example")
    html = response.content.decode()
    assert response.status_code == 400
    assert "<h1>请求有误</h1>" in html
    assert "Bad Request (400)" not in html
