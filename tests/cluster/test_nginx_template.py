"""The balancer's configuration in the repository (deploy/nginx/greencert.conf), as
``scripts/cluster`` fills it: every placeholder filled, none left, and nginx accepts it.
``scripts/cluster --check`` shows what it does; this only keeps the file whole."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.cluster import nginx

NODES = ["127.0.0.1:8101", "127.0.0.1:8102"]


def test_the_template_names_four_placeholders_and_the_cluster_fills_them_all(tmp_path):
    text = nginx.TEMPLATE.read_text()
    assert nginx.placeholders(text) == {"nodes", "listen", "server_name", "access_log"}
    site = nginx.site(nodes=NODES, listen="127.0.0.1:8100", folder=tmp_path)
    assert "{{" not in site and "}}" not in site
    assert "    server 127.0.0.1:8101 max_fails=1 fail_timeout=10s;\n" in site
    assert "    server 127.0.0.1:8102 max_fails=1 fail_timeout=10s;\n" in site
    assert f"access_log {tmp_path / 'access.log'} greencert;" in site


@pytest.mark.parametrize(
    "values",
    [
        {"nodes": "", "listen": "80", "server_name": "x"},  # access_log missing
        {"nodes": "", "listen": "80", "server_name": "x", "access_log": "a", "port": "1"},
    ],
)
def test_a_missing_or_unknown_value_is_refused(values):
    with pytest.raises(ValueError, match="placeholders"):
        nginx.render(nginx.TEMPLATE.read_text(), values)


def test_nginx_accepts_the_filled_configuration(tmp_path):
    binary = shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None
    )
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed: scripts/bootstrap --test installs it")
        pytest.skip("needs nginx (Debian package nginx)")
    tmp_path.chmod(0o755)
    site = tmp_path / "greencert.conf"
    site.write_text(nginx.site(nodes=NODES, listen="127.0.0.1:8100", folder=tmp_path))
    main = tmp_path / "nginx.conf"
    main.write_text(nginx.main_config(tmp_path, site))
    done = subprocess.run(
        [binary, "-t", "-p", str(tmp_path), "-c", str(main), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr
