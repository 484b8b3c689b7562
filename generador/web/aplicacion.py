"""La aplicación web: ajustes, seguridad de cada petición y rutas de la instancia y su perfil.

Los documentos están en `documentos.py`, la vista previa en `vista_previa.py`, revisión y lote en
`tareas.py`; la forma de la carpeta, en `instancia.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import PlainTextResponse

from .. import ley
from ..errores import ErrorGenerador, Problema
from ..libreoffice_caliente import LibreOfficeCaliente
from ..lugar import lugar as lugar_de
from ..manifiesto import catalogo
from ..perfil import preguntas_perfil
from . import documentos, formularios, instancia, lugar, tareas, vista_previa
from .seguridad import COOKIE_CLAVE, COOKIE_CSRF, LOCALES, RutaFuera, host_local, huella, iguales, nuevo_token
from .vistas import ErrorCSRF, error, formulario, pagina, texto_de

LIMITE_PETICION = 25 * 1024 * 1024  # varias subidas de 10 MB como mucho


@dataclass
class Ajustes:
    raiz: Path
    clave: str | None = None  # obligatoria si se escucha fuera de 127.0.0.1
    hosts: set[str] = field(default_factory=lambda: set(LOCALES))
    libreoffice_caliente: bool = True  # un LibreOffice abierto para vista previa y PDF
    aviso: Callable[[str], object] | None = None  # mensajes para quien arrancó la aplicación


def _vida(ajustes: Ajustes):
    """Al arrancar, el LibreOffice caliente (en segundo plano, si hay LibreOffice); al salir, se cierra."""

    @asynccontextmanager
    async def vida(app: FastAPI):
        caliente = LibreOfficeCaliente(ajustes.aviso) if ajustes.libreoffice_caliente and tareas.hay_pdf() else None
        if caliente is not None:
            caliente.iniciar()
        app.state.libreoffice = caliente
        try:
            yield
        finally:
            if caliente is not None:
                caliente.detener()

    return vida


def crear_aplicacion(ajustes: Ajustes) -> FastAPI:
    app = FastAPI(title="generador", docs_url=None, redoc_url=None, openapi_url=None, lifespan=_vida(ajustes))
    app.state.ajustes = ajustes
    app.state.libreoffice = None
    app.state.hay_pdf = tareas.hay_pdf()
    app.mount("/estaticos", StaticFiles(directory=str(Path(__file__).with_name("estaticos"))), name="estaticos")

    @app.middleware("http")
    async def acceso(request: Request, siguiente):
        if ajustes.clave:
            dada = (
                request.query_params.get("clave") or request.cookies.get(COOKIE_CLAVE) or request.headers.get("x-clave")
            )
            if not iguales(dada, ajustes.clave):
                return PlainTextResponse(
                    "401: falta la clave de acceso (abra la dirección con ?clave=… que mostró «generador web»).", 401
                )
            if "clave" in request.query_params:  # la clave pasa a una cookie y sale de la dirección
                respuesta: Response = RedirectResponse(request.url.path, 303)
                respuesta.set_cookie(COOKIE_CLAVE, ajustes.clave, httponly=True, samesite="strict")
                return respuesta
        elif not (
            host_local(request.headers.get("host", ""))
            or request.headers.get("host", "").split(":")[0] in ajustes.hosts
        ):
            return PlainTextResponse("403: nombre de servidor no admitido (use http://127.0.0.1).", 403)
        if int(request.headers.get("content-length") or 0) > LIMITE_PETICION:
            return PlainTextResponse("413: el envío es demasiado grande.", 413)
        token = request.cookies.get(COOKIE_CSRF) or ""
        request.state.csrf_cookie = token
        request.state.csrf = token or nuevo_token()
        try:
            respuesta = await siguiente(request)
        except ErrorCSRF as exc:
            respuesta = error(request, str(exc), 403)
        except RutaFuera as exc:
            respuesta = error(request, str(exc), 403)
        except ErrorGenerador as exc:
            respuesta = error(request, str(exc), 400)
        if not token:
            respuesta.set_cookie(COOKIE_CSRF, request.state.csrf, httponly=True, samesite="strict")
        respuesta.headers["X-Content-Type-Options"] = "nosniff"
        respuesta.headers["X-Frame-Options"] = "DENY"
        respuesta.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
        )
        return respuesta

    @app.exception_handler(StarletteHTTPException)
    async def error_http(request: Request, exc: StarletteHTTPException):
        mensajes = {404: "Esa página no existe.", 405: "Esa dirección no admite esta operación."}
        return error(
            request,
            mensajes.get(exc.status_code, f"No se pudo completar la petición ({exc.status_code})."),
            exc.status_code,
        )

    @app.exception_handler(RequestValidationError)
    async def error_peticion(request: Request, exc: RequestValidationError):
        return error(request, "La petición no es válida (faltan datos o tienen otra forma).", 422)

    raiz = ajustes.raiz

    @app.get("/")
    async def inicio(request: Request, nivel: str = "distrital", departamento: str = "", provincia: str = ""):
        ids = instancia.instancias(raiz)
        if ids == [instancia.RAIZ]:
            return RedirectResponse(f"/i/{instancia.RAIZ}/", 303)
        return pagina(
            request,
            "inicio.html",
            titulo="Instancias",
            instancias=ids,
            lugar=lugar.opciones(nivel, departamento, provincia),
        )

    @app.get("/lugar/provincias")
    async def provincias(request: Request, departamento: str = ""):
        return pagina(request, "_provincias.html", lugar=lugar.opciones("distrital", departamento), oob=True)

    @app.get("/lugar/distritos")
    async def distritos(request: Request, departamento: str = "", provincia: str = ""):
        return pagina(request, "_distritos.html", lugar=lugar.opciones("distrital", departamento, provincia))

    @app.post("/crear")
    async def crear(request: Request):
        datos = texto_de(await formulario(request))
        perfil = lugar.perfil_nuevo(
            datos.get("nivel", ""), datos.get("departamento", ""), datos.get("provincia", ""), datos.get("distrito", "")
        )
        id_ = instancia.crear(raiz, perfil)
        return RedirectResponse(f"/i/{quote(id_)}/perfil", 303)

    @app.get("/i/{inst}/")
    async def panel(request: Request, inst: str):
        carpeta = instancia.carpeta_de(raiz, inst)
        perfil, problemas = instancia.perfil(carpeta)
        nivel = perfil.get("nivel") if isinstance(perfil, dict) else None
        tipos = {k: m for k, m in catalogo().items() if nivel is None or nivel in m.niveles}
        return pagina(
            request,
            "panel.html",
            titulo=f"Instancia {_nombre(perfil, inst)}",
            inst=inst,
            nombre_instancia=_nombre(perfil, inst),
            archivos=instancia.archivos(carpeta),
            tipos=tipos,
            problemas=problemas,
            salidas=_salidas(carpeta),
        )

    @app.get("/i/{inst}/estado")
    async def ver_estado(request: Request, inst: str):
        """Etapas, plazos e incoherencias de `generador estado`, cada una con el enlace que la resuelve."""
        from ..estado import calcular_estado

        carpeta = instancia.carpeta_de(raiz, inst)
        archivos = instancia.archivos(carpeta)
        try:
            resultado = await run_in_threadpool(calcular_estado, carpeta)
        except ErrorGenerador as exc:
            return pagina(
                request,
                "estado.html",
                titulo="Estado de la instancia",
                inst=inst,
                error=str(exc),
                situacion=None,
                enlaces={},
                incoherencias=[],
            )
        por_tipo = {a.tipo: a.relativa for a in archivos}
        enlaces = {
            e.nombre: (
                f"doc/{por_tipo[e.documento]}"
                if e.documento in por_tipo
                else f"nuevo/{e.documento}"
                if e.documento
                else "perfil"
            )
            for e in resultado.etapas
        }
        incoherencias = [
            (
                texto,
                next(
                    (
                        f"doc/{a.relativa}"
                        for a in archivos
                        if f"/{a.relativa}" in texto or texto.startswith(a.relativa)
                    ),
                    "perfil",
                ),
            )
            for texto in resultado.incoherencias
        ]
        return pagina(
            request,
            "estado.html",
            titulo="Estado de la instancia",
            inst=inst,
            error="",
            situacion=resultado,
            enlaces=enlaces,
            incoherencias=incoherencias,
        )

    @app.get("/i/{inst}/perfil")
    async def ver_perfil(request: Request, inst: str):
        carpeta = instancia.carpeta_de(raiz, inst)
        ruta = carpeta / instancia.PERFIL
        datos = instancia.leer(ruta) or {}
        propuesta = _ordenanza_propuesta(carpeta, datos)
        if propuesta and "ordenanza.numero" not in request.query_params:  # la de ordenanza.yaml, sin guardar
            return RedirectResponse(f"/i/{quote(inst)}/perfil?{urlencode(propuesta)}#c-ordenanza", 303)
        _, problemas = instancia.perfil(carpeta)
        return _pagina_perfil(request, inst, datos, problemas, huella(ruta))

    @app.post("/i/{inst}/perfil")
    async def guardar_perfil(request: Request, inst: str):
        carpeta = instancia.carpeta_de(raiz, inst)
        ruta = carpeta / instancia.PERFIL
        enviado = texto_de(await formulario(request))
        nivel = enviado.get("nivel") or None
        datos = formularios.leer(preguntas_perfil(), enviado, nivel)
        accion = enviado.get("_accion", "guardar")
        if accion != "guardar":
            formularios.aplicar_accion(datos, accion)
            return _pagina_perfil(request, inst, datos, [], enviado.get("_huella", ""))
        try:
            version = instancia.guardar(ruta, datos, set(preguntas_perfil()), enviado.get("_huella", ""))
        except instancia.Conflicto as exc:
            return _pagina_perfil(request, inst, datos, [], enviado.get("_huella", ""), conflicto=str(exc), estado=409)
        _, problemas = instancia.perfil(carpeta)
        return _pagina_perfil(request, inst, datos, problemas, version, guardado=True, estado=422 if problemas else 200)

    documentos.rutas(app, raiz)
    tareas.rutas(app, raiz)
    vista_previa.rutas(app, raiz)
    return app


# --- ayudas de las rutas -----------------------------------------------------------------


def _nombre(perfil, inst: str) -> str:
    try:
        return f"{perfil['nivel']} de {lugar_de(perfil)}"
    except (KeyError, TypeError):
        return inst


def _salidas(carpeta: Path) -> list[str]:
    return sorted(p.name for p in (carpeta / instancia.SALIDAS).glob("*.docx"))


def _ordenanza_propuesta(carpeta: Path, perfil) -> dict[str, str]:
    """Número y fecha de `ordenanza.yaml` para un perfil que aún no registra su ordenanza."""
    if not isinstance(perfil, dict) or perfil.get("ordenanza"):
        return {}
    try:
        ordenanza = instancia.leer(carpeta / "ordenanza.yaml")
    except ErrorGenerador:
        return {}
    if not isinstance(ordenanza, dict) or not ordenanza.get("numero") or not ordenanza.get("fecha"):
        return {}
    return {"ordenanza.numero": str(ordenanza["numero"]), "ordenanza.fecha": formularios.fecha_web(ordenanza["fecha"])}


def _pagina_perfil(
    request: Request,
    inst: str,
    datos,
    problemas: list[Problema],
    version: str,
    conflicto: str = "",
    guardado: bool = False,
    estado: int = 200,
):
    carpeta = instancia.carpeta_de(request.app.state.ajustes.raiz, inst)
    nivel = datos.get("nivel") if isinstance(datos, dict) else None
    errores = formularios.errores_por_campo(problemas, instancia.PERFIL)
    integrantes = ley.ids_integrantes(str(nivel)) if nivel in ley.ley()["niveles"] else {}
    opciones = {
        "integrantes.integrante": list(integrantes),
        "opcionales": [k for k, i in integrantes.items() if i.get("opcional")],  # como casillas
    }
    lista = formularios.campos(preguntas_perfil(), datos, nivel, errores, opciones_de=opciones if integrantes else None)
    propuestos = ley.integrantes(str(nivel), (datos or {}).get("opcionales")) if nivel in ley.ley()["niveles"] else []
    return pagina(
        request,
        "perfil.html",
        estado,
        titulo="Perfil y directorio",
        inst=inst,
        campos=lista,
        huella=version,
        conflicto=conflicto,
        guardado=guardado,
        propuestos=propuestos,
        resumen=formularios.resumen(problemas, carpeta, formularios.nombres(lista), instancia.PERFIL),
    )
