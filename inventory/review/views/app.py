"""The review app: a header (party, run, GWP set, guideline edition), the signed-in user
and the views as tabs. Only the overview is built when the page opens; every other view is
built the first time its tab is selected, so the first screen appears quickly.

    app = open_app("outputs/demoland/<run id>")            # local mode: sign in on the page
    display(app.widget)
    app.start(reviewer_of_request())                       # the team server's account, if any
"""

from __future__ import annotations

import html
import os
import time

import ipywidgets as W

from inventory.review.labels import t
from inventory.review.run import ReviewRun, load_run
from inventory.review.views.common import PAGE_CSS, Session, User, message
from inventory.review.workflow import ROLES

__all__ = ["build_app", "open_app", "ReviewApp", "TABS", "RECONCILE_TAB", "LULUCF_TAB", "tabs_of",
           "open_session", "preload",
           "reviewer_of_request", "wait_for_request"]

# tab key -> module and class of the view (imported when the tab is first opened)
TABS = (("overview", "inventory.review.views.overview", "OverviewView"),
        ("sector", "inventory.review.views.sector", "SectorView"),
        ("crt", "inventory.review.views.crt", "CrtView"),
        ("checks", "inventory.review.views.checks", "ChecksView"),
        ("recalc", "inventory.review.views.recalc", "RecalcView"),
        ("kca", "inventory.review.views.kca", "KcaView"),
        ("review", "inventory.review.views.review", "ReviewView"))
# shown only when the run folder has one (``ghgi reconcile`` writes <run>/reconciliation/)
RECONCILE_TAB = ("reconcile", "inventory.review.views.reconcile", "ReconcileView")
# shown only when the run has LULUCF tables (tables/lulucf.land_matrix.csv)
LULUCF_TAB = ("lulucf", "inventory.review.views.lulucf", "LulucfView")


def tabs_of(run: ReviewRun) -> tuple:
    """The tabs of a page on ``run``: :data:`TABS`, then LULUCF and the reconciliation when
    present."""
    from inventory.review.views.reconcile import has_reconciliation
    from inventory.review_lulucf import lulucf_available

    return (TABS + ((LULUCF_TAB,) if lulucf_available(run.run_dir) else ())
            + ((RECONCILE_TAB,) if has_reconciliation(run.run_dir) else ()))


def open_session(run: ReviewRun, store_url: str | None = None,
                 reviewer: dict | None = None) -> Session:
    """The session of one page: the run, the review log in the store beside the submissions
    (``$GHGI_STORE_URL``, else ``<output root>/submissions.sqlite``) and the user (an
    account of the team server, or nobody until someone signs in)."""
    from inventory.store import ENV_STORE_URL, resolve_store_url

    url = store_url or os.environ.get(ENV_STORE_URL) or resolve_store_url(None, run.run_dir)
    s = Session(run=run, store_url=url)
    try:
        from inventory.review.workflow import ReviewLog

        s.log = ReviewLog(url)
    except Exception as exc:  # a read-only location: the app still shows the run
        s.log, s.log_error = None, (f"comments and sign-off are unavailable: the review log "
                                    f"at {url} cannot be opened ({exc})")
    if reviewer:
        s.user = User(str(reviewer.get("name") or reviewer.get("username")),
                      str(reviewer.get("role", "reviewer")), str(reviewer.get("username", "")),
                      team=True)
    return s


class ReviewApp:
    def __init__(self, session: Session):
        self.s = s = session
        run = s.run
        self.timings: dict[str, float] = {}
        self.header = W.HTML(self._header_html())
        self.header.add_class("ghgi-header")
        if run.synthetic:
            self.header.add_class("ghgi-synthetic")
        self.user_box = W.HBox(layout=W.Layout(align_items="center", flex_flow="row wrap"))
        self.user_box.add_class("ghgi-user")
        self._draw_user()
        self.views: dict[str, object] = {}
        self.tab_list = tabs_of(run)
        self.pages = [W.VBox(layout=W.Layout(min_width="0")) for _ in self.tab_list]
        self.tabs = W.Tab(children=self.pages)
        for k, (key, _, _) in enumerate(self.tab_list):
            self.tabs.set_title(k, s.t(f"tab.{key}"))
            self.pages[k].add_class(f"ghgi-page-{key}")
        self.tabs.add_class("ghgi-tabs")
        self.tabs.observe(self._on_tab, "selected_index")
        self.widget = W.VBox([self.header, self.user_box, self.tabs],
                             layout=W.Layout(width="100%"))
        self.widget.add_class("ghgi-review")
        self.open_tab(0)

    # ------------------------------------------------------------ header and user
    def _header_html(self) -> str:
        s, run, m = self.s, self.s.run, self.s.run.manifest
        years = run.years
        banner = (f'<div class="ghgi-banner-synthetic">{html.escape(s.t("app.synthetic"))}</div>'
                  if run.synthetic else "")
        guide = run.guidelines_label or s.t("app.guidelines_unknown")
        items = [(s.t("app.run"), f"<code>{html.escape(run.run_id)}</code>"),
                 (s.t("app.gwp"), html.escape(run.gwp_set)),
                 (s.t("app.guidelines"), f'<span class="ghgi-guidelines">{html.escape(guide)}'
                                         "</span>"),
                 (s.t("app.years"), f"{years[0]}\u2013{years[-1]}"),
                 (s.t("app.created"), html.escape(str(m.get("created_utc", ""))))]
        meta = "".join(f"<span><b>{html.escape(k)}</b> {v}</span>" for k, v in items)
        return (PAGE_CSS + banner + f"<h2>{html.escape(s.t('app.title'))}: "
                f"{html.escape(run.party)}</h2><div class='meta'>{meta}</div>"
                f"<div class='ghgi-note'>{html.escape(str(run.run_dir))}</div>")

    def _draw_user(self) -> None:
        s = self.s
        if s.user is not None:
            who = (f"{html.escape(s.t('login.as'))} <b class='ghgi-user-name'>"
                   f"{html.escape(s.user.name)}</b> (<span class='ghgi-user-role'>"
                   f"{html.escape(s.t('role.' + s.user.role))}</span>)")
            if s.user.team:
                self.user_box.children = [W.HTML(f"{who} <small>\u2013 "
                                                 f"{html.escape(s.t('login.team'))}</small>")]
                return
            switch = W.Button(description=s.t("login.switch"), layout=W.Layout(width="auto"))
            switch.add_class("ghgi-logout")
            switch.on_click(lambda _b: self._sign_out())
            self.user_box.children = [W.HTML(who), switch]
            return
        from inventory.review.server import ENV_TEAM

        if os.environ.get(ENV_TEAM) == "1":  # accounts only: no names typed in
            self.user_box.children = [W.HTML(f"<b>{html.escape(s.t('login.title'))}</b>: "
                                             "the team server did not pass an account; "
                                             "reload the page")]
            return
        name = W.Text(placeholder=s.t("login.name"), layout=W.Layout(width="220px"))
        name.add_class("ghgi-login-name")
        role = W.Dropdown(options=[(s.t(f"role.{r}"), r) for r in ROLES], value="reviewer",
                          layout=W.Layout(width="160px"))
        role.add_class("ghgi-login-role")
        btn = W.Button(description=s.t("login.button"), button_style="primary",
                       layout=W.Layout(width="auto"))
        btn.add_class("ghgi-login")
        msg = W.HTML()

        def sign_in(_b=None):
            if not name.value.strip():
                msg.value = message(False, s.t("login.name"))
                return
            s.user = User(name.value.strip(), role.value)
            self._draw_user()
            s.notify("user")

        btn.on_click(sign_in)
        self.user_box.children = [W.HTML(f"<b>{html.escape(s.t('login.title'))}</b>&nbsp;"),
                                  name, role, btn, msg]

    def start(self, reviewer: dict | None = None) -> None:
        """The page was requested: take the account the team server signed in (if any) and
        bring the counts up to date (a pre-rendered page may have waited a while)."""
        s = self.s
        if reviewer:
            s.user = User(str(reviewer.get("name") or reviewer.get("username")),
                          str(reviewer.get("role", "reviewer")),
                          str(reviewer.get("username", "")), team=True)
            self._draw_user()
            s.notify("user")
        s.notify("comments")

    def _sign_out(self) -> None:
        self.s.user = None
        self._draw_user()
        self.s.notify("user")

    # ------------------------------------------------------------ tabs
    def _on_tab(self, change) -> None:
        if change["new"] is not None:
            self.open_tab(int(change["new"]))

    def open_tab(self, k: int) -> None:
        """Build the view of tab ``k`` the first time it is shown."""
        import importlib

        key, module, cls = self.tab_list[k]
        if key in self.views:
            return
        start = time.perf_counter()
        try:
            view = getattr(importlib.import_module(module), cls)(self.s)
            widget = view.widget
        except Exception as exc:  # one failing view must not take the app down
            import traceback

            view = None
            widget = W.HTML(f"<pre class='ghgi-msg-err'>{html.escape(t('tab.' + key))}: "
                            f"{html.escape(''.join(traceback.format_exception(exc))[-3000:])}"
                            "</pre>")
        self.views[key] = view
        self.pages[k].children = [widget]
        self.timings[key] = time.perf_counter() - start


_PRELOADED: dict[str, ReviewRun] = {}


def preload() -> None:
    """Read what the first view needs (run ``$GHGI_RUN_DIR``) and import the first views:
    the review kernel runs this while it starts (``IPKernelApp.exec_lines``), before the page
    asks it for anything."""
    from inventory.review.run import ENV_RUN_DIR
    from inventory.review.views import overview  # noqa: F401

    path = os.environ.get(ENV_RUN_DIR)
    if not path:
        return
    run = load_run(path)
    for name in ("aggregates", "national_totals", "crt_tree"):
        getattr(run, name)
    for rel in ("kca.csv", "checks.csv"):
        run.table(rel)
    _PRELOADED[str(run.run_dir)] = run


def open_app(run_dir=None, reviewer: dict | None = None, store_url: str | None = None
             ) -> ReviewApp:
    """The app for a run folder (``$GHGI_RUN_DIR`` wins over ``run_dir``)."""
    from inventory.review.run import resolve_run_dir

    path = str(resolve_run_dir(run_dir))
    run = _PRELOADED.pop(path, None) or load_run(path)
    return ReviewApp(open_session(run, store_url, reviewer))


def build_app(run_dir=None, reviewer: dict | None = None, store_url: str | None = None
              ) -> W.Widget:
    """The app's widget for a run folder (``$GHGI_RUN_DIR`` wins over ``run_dir``)."""
    return open_app(run_dir, reviewer, store_url).widget


REVIEWER_ENV = "HTTP_X_GHGI_REVIEWER"  # the server's X-Ghgi-Reviewer header, as Voila passes it


def wait_for_request(timeout: float = 3600.0) -> dict:
    """The page request's information (Voila's request-info websocket), when this kernel
    was started ahead of the request (pre-heated); it lands in ``os.environ`` like Voila's
    own ``wait_for_request``, which this mirrors without importing Voila (4 s) into every
    kernel."""
    if os.environ.get("VOILA_PREHEAT", "False") != "True":
        return {}
    import asyncio
    import json
    import threading

    from websockets.asyncio.client import connect

    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    url = (f"{os.environ.get('VOILA_WS_PROTOCOL', 'ws')}://"
           f"{os.environ.get('VOILA_APP_IP', '127.0.0.1')}:"
           f"{os.environ.get('VOILA_APP_PORT', '8866')}{base}voila/query/"
           f"{os.environ.get('VOILA_KERNEL_ID', '')}")
    got: dict = {}

    async def recv():
        async with connect(url, open_timeout=10) as ws:
            got.update(json.loads(await asyncio.wait_for(ws.recv(), timeout)))

    thread = threading.Thread(target=lambda: asyncio.run(recv()), daemon=True)
    thread.start()
    thread.join()
    for k, v in got.items():
        os.environ[str(k)] = str(v)
    return got


def reviewer_of_request() -> dict | None:
    """The signed-in account of the team server for this page (None in local mode)."""
    import json

    wait_for_request()
    raw = os.environ.get(REVIEWER_ENV)
    if not raw:
        return None
    try:
        info = json.loads(raw)
    except ValueError:
        return None
    return info if isinstance(info, dict) and info.get("username") else None
