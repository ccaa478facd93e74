"""The read-only web app: a JSON API under /api and server-rendered pages over one fogwatch database.

Article text is hostile input. Pages are Jinja2 templates with autoescape on; links built from
article URLs go through `safe_href`; the JSON API returns text as data; and a Content Security
Policy forbids inline scripts, so markup that slipped through could not run anyway.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fogwatch import __version__
from fogwatch.model import CERTAINTIES
from fogwatch.serve import data
from fogwatch.serve.places import PlaceLabels
from fogwatch.serve.vendor import missing as missing_vendor
from fogwatch.store import Store

HERE = Path(__file__).resolve().parent
OSM_TILES = "https://tile.openstreetmap.org"


def safe_href(url: str | None) -> str | None:
    """The URL if it is plain http(s), else None: a `javascript:` or `data:` source is never a link."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html", "xml"], default=True, default_for_string=True),
    )
    env.filters["safe_href"] = safe_href
    env.globals["version"] = __version__
    return Jinja2Templates(env=env)


def _csp(online_tiles: bool) -> str:
    img = "img-src 'self' data:" + (f" {OSM_TILES}" if online_tiles else "")
    return (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"{img}; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )


class HeadAsGet:
    """Answer HEAD wherever GET is answered: the GET response's status and headers, without its body.

    FastAPI's routes answer only the methods they declare, so a HEAD (which link checkers and
    `curl -I` send) would get 405 from every page and API route.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def create_app(
    store: Store,
    online_tiles: bool = False,
    allowed_hosts: list[str] | None = None,
    place_labels: PlaceLabels | None = None,
) -> FastAPI:
    """The app over `store`. `allowed_hosts` guards a loopback server against DNS rebinding;
    `place_labels` names places on the map (the offline gazetteer's, by default)."""
    app = FastAPI(
        title="fogwatch",
        version=__version__,
        description="Read-only access to fogwatch's events, claims, articles, stories and sources.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    templates = _templates()
    csp = _csp(online_tiles)
    labels = place_labels or PlaceLabels()
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(HeadAsGet)

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("vendor_missing", missing_vendor())
        return templates.TemplateResponse(request, name, context, status_code=status)

    # --- API ---------------------------------------------------------------------------------

    def run_filter(f: data.EventFilter) -> list[dict[str, Any]]:
        try:
            return [data.event_summary(ev) for ev in data.find_events(store, f)]
        except data.PlaceNotFound:
            raise HTTPException(404, "unknown place; give a place name fogwatch knows or 'lat,lon'") from None
        except data.BadPlace as exc:
            raise HTTPException(422, str(exc)) from None

    @app.get("/api/events", tags=["events"], summary="Events that pass the filters")
    def api_events(
        type: Annotated[str | None, Query(description="ACLED event type, exactly.")] = None,
        actor: Annotated[str | None, Query(description="Part of an actor's name.")] = None,
        place: Annotated[str | None, Query(description="A place name or 'lat,lon'.")] = None,
        radius_km: Annotated[float, Query(gt=0, le=20000, description="Radius around `place`, km.")] = 50.0,
        source: Annotated[str | None, Query(description="An outlet among the event's sources.")] = None,
        certainty: Annotated[str | None, Query(description="At least one claim with this certainty.")] = None,
        date_from: Annotated[date | None, Query(alias="from", description="First day, YYYY-MM-DD.")] = None,
        date_to: Annotated[date | None, Query(alias="to", description="Last day, YYYY-MM-DD.")] = None,
        limit: Annotated[int, Query(ge=1, le=50000)] = 5000,
    ) -> dict[str, Any]:
        if certainty and certainty not in CERTAINTIES:
            raise HTTPException(422, f"certainty must be one of: {', '.join(CERTAINTIES)}")
        f = data.EventFilter(type, actor, place, radius_km, source, certainty, date_from, date_to, limit)
        events = run_filter(f)
        return {"count": len(events), "events": events}

    @app.get("/api/events/{event_id}", tags=["events"], summary="An event with its claims grouped by source")
    def api_event(event_id: str) -> dict[str, Any]:
        ev = data.get_event(store, event_id)
        if ev is None:
            raise HTTPException(404, "no such event")
        return data.event_detail(store, ev)

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="An article with removed spans and mentions")
    def api_article(article_id: str) -> dict[str, Any]:
        found = data.article_view(store, article_id)
        if found is None:
            raise HTTPException(404, "no such article")
        return found

    @app.get("/api/stories/{story_id}", tags=["stories"], summary="A story with its copies")
    def api_story(story_id: str) -> dict[str, Any]:
        found = data.story_view(store, story_id)
        if found is None:
            raise HTTPException(404, "no such story")
        return found

    @app.get("/api/sources", tags=["sources"], summary="Each outlet and whose stories it copies")
    def api_sources() -> dict[str, Any]:
        return {"sources": data.sources(store)}

    @app.get("/api/facets", tags=["events"], summary="Values the filters can take")
    def api_facets() -> dict[str, Any]:
        return {
            "types": data.event_types(store),
            "sources": [s["site"] for s in data.sources(store) if s["site"]],
            "certainties": list(CERTAINTIES),
        }

    @app.get("/api/places", tags=["map"], summary="Place names to label the map's view with")
    def api_places(
        south: Annotated[float, Query(ge=-90, le=90, description="The view's southern edge, degrees.")],
        west: Annotated[float, Query(ge=-1080, le=1080, description="Its western edge (a panned map may pass 180).")],
        north: Annotated[float, Query(ge=-90, le=90, description="Its northern edge.")],
        east: Annotated[float, Query(ge=-1080, le=1080, description="Its eastern edge.")],
        zoom: Annotated[int, Query(ge=0, le=18, description="The map's zoom level (Leaflet's).")],
    ) -> dict[str, Any]:
        if south > north or west > east:
            raise HTTPException(422, "south must not be north of north, nor west east of east")
        found = labels.in_view(south, west, north, east, zoom)
        return {"places": [p.to_json() for p in found], "note": labels.problem}

    @app.get("/api/docs", include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        return page(request, "docs.html")

    # --- pages -------------------------------------------------------------------------------

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/", include_in_schema=False)
    def map_page(request: Request) -> HTMLResponse:
        return page(request, "map.html", online_tiles=online_tiles, certainties=CERTAINTIES)

    @app.get("/events/{event_id}", include_in_schema=False)
    def event_page(request: Request, event_id: str) -> HTMLResponse:
        ev = data.get_event(store, event_id)
        if ev is None:
            return page(request, "missing.html", 404, what="event")
        return page(request, "event.html", ev=data.event_detail(store, ev))

    @app.get("/articles/{article_id}", include_in_schema=False)
    def article_page(request: Request, article_id: str, claim: str | None = None) -> HTMLResponse:
        art = data.article_view(store, article_id)
        if art is None:
            return page(request, "missing.html", 404, what="article")
        spans = [
            {"start": m["start"], "end": m["end"], "cls": m["kind"], "title": f"{m['kind']}: {m['value']}"}
            for m in art["mentions"]
        ]
        for c in art["claims"]:
            cls = "focus" if c["id"] == claim else "claim"
            spans.append(
                {
                    "start": c["start"],
                    "end": c["end"],
                    "cls": cls,
                    "title": f"{c['speaker']} ({c['certainty']})",
                    "id": c["id"],
                }
            )
        for c in art["claims"]:
            for f in c["flags"]:
                label = data.FLAG_WORDS.get(f["label"], f["label"])
                spans.append({"start": f["start"], "end": f["end"], "cls": "flag", "title": label})
        removed = [
            {"start": r["start"], "end": r["end"], "cls": "removed", "title": r["reason"]} for r in art["removed"]
        ]
        return page(
            request,
            "article.html",
            art=art,
            text_segments=data.segments(art["text"], spans),
            raw_segments=data.segments(art["raw"], removed),
            focus=claim,
        )

    @app.get("/stories/{story_id}", include_in_schema=False)
    def story_page(request: Request, story_id: str) -> HTMLResponse:
        st = data.story_view(store, story_id)
        if st is None:
            return page(request, "missing.html", 404, what="story")
        return page(request, "story.html", story=st)

    @app.get("/sources", include_in_schema=False)
    def sources_page(request: Request) -> HTMLResponse:
        return page(request, "sources.html", sources=data.sources(store))

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception) -> Response:
        detail = getattr(exc, "detail", "not found")
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": detail}, status_code=404)
        return page(request, "missing.html", 404, what="page")

    return app
