"""Lo común a las rutas: plantillas Jinja (con escape automático), el token CSRF y los errores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from ..errores import ErrorGenerador
from .seguridad import CAMPO_CSRF, iguales

PAGINAS = Path(__file__).with_name("paginas")
plantillas = Jinja2Templates(directory=str(PAGINAS))  # autoescape activado para .html
plantillas.env.trim_blocks = True
plantillas.env.lstrip_blocks = True


class ErrorCSRF(ErrorGenerador):
    """El formulario no trae el token de esta sesión (otra página intentó enviarlo)."""


def pagina(request: Request, plantilla_html: str, estado: int = 200, **contexto: Any) -> HTMLResponse:
    contexto.setdefault("csrf", getattr(request.state, "csrf", ""))
    contexto.setdefault("ruta_actual", request.url.path)
    return plantillas.TemplateResponse(request, plantilla_html, contexto, status_code=estado)


def error(request: Request, mensaje: str, estado: int = 400) -> HTMLResponse:
    return pagina(request, "error.html", estado, mensaje=mensaje, titulo="No se pudo completar")


async def formulario(request: Request) -> FormData:
    """El formulario enviado, si trae el token CSRF de la cookie de esta sesión."""
    datos = await request.form()
    if not iguales(str(datos.get(CAMPO_CSRF, "")), getattr(request.state, "csrf_cookie", "")):
        raise ErrorCSRF("el formulario caducó o no viene de esta aplicación (token CSRF); recargue la página")
    return datos


def texto_de(datos: FormData) -> dict[str, str]:
    """Campos de texto del formulario (los archivos subidos se leen aparte)."""
    return {k: v for k, v in datos.items() if isinstance(v, str)}
