"""The emulator's ASGI app: one Starlette app serving Qianchuan (`/open_api/...`), Doudian (`/order/searchList`,
`/token/*`) and the control endpoints (`/_emulator/...`) from one simulator and one broadcast clock.

The real-API endpoints go through the request pipeline (emulator.pipeline: faults, silence, body mutations);
control endpoints bypass it: faults never apply to them. The shared state is emulator.state.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from dyconsole.emulator import control, doudian_api, qianchuan_api
from dyconsole.emulator.pipeline import api_route
from dyconsole.emulator.state import EmulatorState


def create_app(state: EmulatorState) -> Starlette:
    """The ASGI app for one emulated room (Qianchuan + Doudian + control endpoints)."""
    routes: list[Route] = []
    for endpoint in qianchuan_api.ENDPOINTS:
        routes.append(api_route(state, endpoint, qianchuan_api.DIALECT))
    for endpoint in doudian_api.ENDPOINTS:
        routes.append(api_route(state, endpoint, doudian_api.DIALECT))
    routes.extend(control.routes(state))
    app = Starlette(routes=routes)
    app.state.emulator = state
    return app
