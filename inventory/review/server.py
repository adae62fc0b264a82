"""Serving the review app: Voila with the settings of ``ghgi review`` (local) and
``ghgi review --team`` (one server for many reviewers).

:class:`ReviewVoila` is Voila's own application (a Jupyter Server 2 based tornado app that
runs one kernel per page and lets the page send only widget messages to it, never code)
with these changes:

* **Host and Origin checks.** ``allow_remote_access`` is off: a request whose ``Host`` is
  not a loopback address or one of the configured host names is refused (403; DNS
  rebinding), and websockets and API calls from another origin are refused (Jupyter
  Server's ``check_origin``; ``allow_origin`` for a proxy in front).
* **Kernels end.** The page's ``beforeunload`` beacon that shuts its kernel down failed
  with "_xsrf argument missing" because the page never got an ``_xsrf`` cookie; the page
  handler now sets it, so a closed tab frees its kernel at once. Idle kernels are culled
  (``MappingKernelManager.cull_idle_timeout``) and ``max_kernels`` caps how many pages run
  at once (a further page gets 503): together they bound the memory.
* **Pre-rendered pages.** ``pool_size`` kernels run the notebook before anyone asks
  (Voila's ``preheat_kernel``); a page then only waits for the browser. The notebook's last
  cell waits for the request (:func:`inventory.review.views.app.reviewer_of_request`).
* **Identity.** In team mode ``Voila.identity_provider_class`` is
  :class:`inventory.review.accounts.AccountsIdentityProvider` (accounts with passwords and
  personal tokens); the page handler puts the signed-in account (user name, display name,
  role) into the ``X-Ghgi-Reviewer`` header, dropping any a client sent, and Voila passes it
  to the page's kernel (``http_header_envs``), so comments and sign-offs carry the real
  account, not a name typed into the page.
* **A kernel that starts the app early**: the kernel spec ``ghgi-review`` imports the app and
  reads the overview's files while the kernel starts; **offline template** ``ghgi-offline``
  = Voila's lab template without the CDN links; plotly's lab extension is off (the charts are
  SVG).

Run it through :func:`serve`; ``python -m inventory.review.server`` takes Voila's options.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["serve", "voila_command", "APP_NOTEBOOK", "OFFLINE_TEMPLATE", "ServeOptions",
           "main", "REVIEWER_HEADER", "ENV_TEAM"]

REVIEWER_HEADER = "X-Ghgi-Reviewer"   # set by the server only; read by the page's kernel
ENV_TEAM = "GHGI_REVIEW_TEAM"
APP_NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "apps" / "review.py"
OFFLINE_TEMPLATE = "ghgi-offline"
_OFFLINE_INDEX = """{%- extends 'voila/templates/lab/index.html.j2' -%}
{%- block notebook_css -%}
{%- for line in super().splitlines() if '://' not in line or '<link' not in line %}
{{ line }}
{%- endfor %}
{%- endblock notebook_css -%}
"""


class ServeOptions:
    """The settings of one review server (see ``ghgi review --help``)."""

    def __init__(self, team: bool = False, ip: str | None = None, accounts: str | None = None,
                 allowed_hosts: tuple[str, ...] | list[str] = (), allow_origin: str = "",
                 cull_idle_timeout: int | None = None, cull_interval: int | None = None,
                 max_kernels: int | None = None, store_url: str | None = None,
                 base_url: str = "/", pool_size: int | None = None):
        self.team = team
        self.ip = ip or ("0.0.0.0" if team else "127.0.0.1")
        self.accounts = accounts
        self.allowed_hosts = tuple(allowed_hosts)
        self.allow_origin = allow_origin
        # a tab left open keeps its kernel; a closed one ends at once (beacon) or, if the
        # browser died, after the idle timeout
        self.cull_idle_timeout = cull_idle_timeout if cull_idle_timeout is not None else (
            900 if team else 1800)
        self.cull_interval = cull_interval if cull_interval is not None else 60
        self.max_kernels = max_kernels if max_kernels is not None else (12 if team else 4)
        self.store_url = store_url
        # kernels kept pre-rendered: two on a team server (reviewers arrive together)
        self.pool_size = max(0, int(pool_size if pool_size is not None else (2 if team else 1)))
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        if team and not accounts:
            from inventory.errors import InputError

            raise InputError("team mode needs an accounts file", "ghgi review --team",
                             "--accounts <file> (make accounts with 'ghgi review-account add')")


def _write_offline_template(root: Path) -> Path:
    tdir = root / "voila" / "templates" / OFFLINE_TEMPLATE
    tdir.mkdir(parents=True, exist_ok=True)
    (tdir / "conf.json").write_text(json.dumps({"base_template": "lab"}))
    (tdir / "index.html.j2").write_text(_OFFLINE_INDEX)
    return root


KERNEL_NAME = "ghgi-review"


def _write_kernelspec(root: Path) -> Path:
    """A kernel that imports the app and reads the run's overview files while it starts, so
    that work overlaps with the browser loading the page's JavaScript."""
    kdir = root / "kernels" / KERNEL_NAME
    kdir.mkdir(parents=True, exist_ok=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                     "--IPKernelApp.exec_lines=import inventory.review.views.app as _ghgi; "
                     "_ghgi.preload()"],
            "display_name": "GHG review (Python 3)", "language": "python",
            "kernel_protocol_version": "5.5"}
    (kdir / "kernel.json").write_text(json.dumps(spec, indent=1))
    return root


def _write_notebook(target: Path) -> Path:
    import jupytext

    nb = jupytext.read(APP_NOTEBOOK)
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "GHG review (Python 3)",
                                 "language": "python"}
    jupytext.write(nb, target)
    return target


def voila_command(notebook: Path, port: int, options: ServeOptions | None = None
                  ) -> list[str]:
    o = options or ServeOptions()
    cmd = [sys.executable, "-m", "inventory.review.server", "--no-browser", f"--port={port}",
           f"--Voila.ip={o.ip}", "--Voila.port_retries=0", f"--Voila.base_url={o.base_url}",
           f"--template={OFFLINE_TEMPLATE}",
           "--VoilaConfiguration.show_tracebacks=True",
           # lab extensions the page does not use: jupytext fails to load in Voila's page,
           # plotly's renderer is 4.7 MB of JavaScript to fetch and parse (charts are SVG)
           "--VoilaConfiguration.extension_denylist=jupyterlab-jupytext",
           "--VoilaConfiguration.extension_denylist=jupyterlab-plotly",
           f"--ReviewVoila.hosts={','.join(o.allowed_hosts)}",
           f"--ReviewVoila.allow_origin={o.allow_origin}",
           f"--MappingKernelManager.cull_idle_timeout={int(o.cull_idle_timeout)}",
           f"--MappingKernelManager.cull_interval={int(o.cull_interval)}",
           "--MappingKernelManager.cull_connected=False",
           f"--ReviewVoila.max_kernels={int(o.max_kernels)}",
           f"--ReviewVoila.pool_size={int(o.pool_size)}",
           f"--ReviewVoila.team={o.team}"]
    if o.team:
        cmd += ["--Voila.identity_provider_class="
                "inventory.review.accounts.AccountsIdentityProvider",
                f"--AccountsIdentityProvider.accounts_file={Path(o.accounts).resolve()}"]
    return cmd + [str(notebook)]


def serve(run_dir: Path | str, port: int = 8866, options: ServeOptions | None = None,
          **kw) -> int:
    """Run the review app for ``run_dir`` until interrupted; returns Voila's exit code.
    ``options`` (or its keywords) choose local or team mode. The notebook is generated in a
    temporary folder (``$TMPDIR``) that is removed afterwards."""
    from inventory.review.run import ENV_RUN_DIR, check_run_dir
    from inventory.servers import serve_until_stopped, stop_process
    from inventory.store import ENV_STORE_URL, resolve_store_url

    o = options or ServeOptions(**kw)
    run_dir = check_run_dir(Path(run_dir).expanduser().resolve())
    with tempfile.TemporaryDirectory(prefix="ghgi-review-") as tmp:
        work = Path(tmp)
        notebook = _write_notebook(work / "review.ipynb")
        share = _write_kernelspec(_write_offline_template(work / "share"))
        env = dict(os.environ)
        env[ENV_RUN_DIR] = str(run_dir)
        env[ENV_STORE_URL] = o.store_url or resolve_store_url(None, run_dir)
        env[ENV_TEAM] = "1" if o.team else "0"
        env["JUPYTER_PATH"] = os.pathsep.join(
            p for p in (str(share), env.get("JUPYTER_PATH", "")) if p)
        for var, sub in (("IPYTHONDIR", "ipython"), ("JUPYTER_RUNTIME_DIR", "runtime")):
            env.setdefault(var, str(work / sub))
        where = "all interfaces" if o.ip in ("", "0.0.0.0") else o.ip
        mode = "team mode: sign in with a review account" if o.team else "local mode"
        print(f"review app for {run_dir} ({mode}) on {where}, port {port}: "
              f"http://{'127.0.0.1' if where != o.ip else o.ip}:{port}{o.base_url}  "
              "(Ctrl-C stops it)", file=sys.stderr, flush=True)
        proc = subprocess.Popen(voila_command(notebook, port, o), env=env, cwd=work)

        try:
            return serve_until_stopped(proc)
        finally:
            stop_process(proc, grace=10)


# ---------------------------------------------------------------------- the server process
def _app_class():
    """ReviewVoila (defined on first use: importing voila is slow and only the server
    process needs it)."""
    import tornado.web
    from traitlets import Bool, Int, Unicode
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler

    class PageHandler(TornadoVoilaHandler):
        """Voila's page with the review server's rules: the kernel cap, the signed-in
        account passed to the page's kernel (a header only the server sets), and the
        ``_xsrf`` cookie the page's shutdown beacon sends back."""

        async def get(self, path=None):
            app = self.settings["ghgi_review"]
            running = len(self.kernel_manager.list_kernel_ids())
            if app.max_kernels and running >= app.max_kernels + app.pool_size:
                raise tornado.web.HTTPError(
                    503, f"the review server runs {app.max_kernels} pages already; close a tab "
                         "or try again in a minute")
            if REVIEWER_HEADER in self.request.headers:
                del self.request.headers[REVIEWER_HEADER]  # never the client's word
            user = self.current_user
            if app.team and user is not None:
                role = app.identity_provider.role_of(user.username)
                self.request.headers[REVIEWER_HEADER] = json.dumps(
                    {"username": user.username, "name": user.display_name or user.username,
                     "role": role or "reviewer"})
            _ = self.xsrf_token  # sets the cookie before the page streams
            return await super().get(path)

    class ReviewVoila(Voila):
        name = "ghgi-review"
        max_kernels = Int(4, config=True, help="pages (kernels) served at once; 0: no cap")
        pool_size = Int(1, config=True, help="kernels kept pre-rendered for the next page")
        team = Bool(False, config=True, help="team mode: accounts and their roles")
        hosts = Unicode("", config=True, help="host names (comma-separated) the server "
                                              "answers to besides localhost and loopback IPs")
        allow_origin = Unicode("", config=True, help="an origin allowed besides the server's "
                                                     "own (e.g. a proxy)")

        def initialize(self, argv=None):
            super().initialize(argv)
            vc = self.voila_configuration
            vc.preheat_kernel = self.pool_size > 0
            vc.default_pool_size = self.pool_size
            vc.http_header_envs = [REVIEWER_HEADER]
            names = ["localhost"] + [h.strip() for h in self.hosts.split(",") if h.strip()]
            settings = {"allow_remote_access": False, "local_hostnames": names,
                        "ghgi_review": self}
            if self.allow_origin:
                settings["allow_origin"] = self.allow_origin
            self.tornado_settings = {**self.tornado_settings, **settings}

        def init_handlers(self):
            return [(h[0], PageHandler if h[1] is TornadoVoilaHandler else h[1], *h[2:])
                    for h in super().init_handlers()]

    return ReviewVoila


def main(argv: list[str] | None = None) -> None:
    _app_class().launch_instance(argv)


if __name__ == "__main__":
    main()
