"""La aplicación web: rutas de la instancia, su perfil y sus documentos.

Revisión y lote están en `tareas.py`; la forma de la carpeta, en `instancia.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import PlainTextResponse

from .. import ley
from ..errores import ErrorGenerador, ErrorRespuestas, Problema
from ..generacion import generar
from ..libreoffice_caliente import LibreOfficeCaliente
from ..lugar import lugar as lugar_de
from ..manifiesto import catalogo, manifiesto
from ..perfil import preguntas_perfil
from ..validacion import Respuestas, validar_archivo
from . import formularios, instancia, lugar, tareas, vista_previa
from .seguridad import COOKIE_CLAVE, COOKIE_CSRF, LOCALES, RutaFuera, confinar, host_local, huella, iguales, nuevo_token
from .vista_previa import bloques
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

    @app.get("/i/{inst}/nuevo/{tipo}")
    async def nuevo_documento(request: Request, inst: str, tipo: str):
        carpeta = instancia.carpeta_de(raiz, inst)
        m = manifiesto(tipo)
        perfil, _ = instancia.perfil(carpeta)
        datos = formularios.prellenar(m.preguntas, perfil if isinstance(perfil, dict) else {})
        if tipo == instancia.TIPO_SESION:  # propuesta: la siguiente ordinaria del año en curso
            datos.update(tipo="ordinaria")  # su número lo calcula la carpeta, por las fechas
        return _pagina_documento(request, inst, carpeta, tipo, "", datos, [], "")

    @app.get("/i/{inst}/doc/{relativa:path}")
    async def ver_documento(request: Request, inst: str, relativa: str):
        carpeta = instancia.carpeta_de(raiz, inst)
        ruta = instancia.respuestas(carpeta, relativa)
        datos = instancia.leer(ruta)
        if not isinstance(datos, dict) or "documento" not in datos:
            return error(request, f"«{relativa}» no es un archivo de respuestas (le falta «documento:»)", 404)
        return _pagina_documento(
            request, inst, carpeta, str(datos["documento"]), relativa, datos, _validar(ruta)[1], huella(ruta)
        )

    @app.post("/i/{inst}/doc")
    async def guardar_documento(request: Request, inst: str):
        carpeta = instancia.carpeta_de(raiz, inst)
        enviado = texto_de(await formulario(request))
        # validar y generar ocupan la CPU: en un hilo, para que las demás páginas sigan respondiendo
        return await run_in_threadpool(_guardar_documento, request, inst, carpeta, enviado)

    @app.get("/i/{inst}/salidas/{nombre}")
    async def descargar(inst: str, nombre: str):
        carpeta = instancia.carpeta_de(raiz, inst)
        ruta = confinar(carpeta / instancia.SALIDAS, nombre)
        if not ruta.is_file() or ruta.suffix not in (".docx", ".pdf"):
            return PlainTextResponse("No existe ese documento generado.", 404)
        return FileResponse(ruta, filename=ruta.name)

    @app.post("/i/{inst}/pdf/{nombre}")
    async def descargar_pdf(request: Request, inst: str, nombre: str):
        await formulario(request)
        carpeta = instancia.carpeta_de(raiz, inst)
        docx = confinar(carpeta / instancia.SALIDAS, nombre)
        if docx.suffix != ".docx" or not docx.is_file():
            return error(request, "No existe ese documento generado.", 404)
        pdf = await run_in_threadpool(tareas.a_pdf, docx, request.app.state.libreoffice)
        return FileResponse(pdf, filename=pdf.name, media_type="application/pdf")

    @app.get("/i/{inst}/carpeta.zip")
    async def zip_carpeta(inst: str):
        carpeta = instancia.carpeta_de(raiz, inst)
        nombre = f"{carpeta.name or 'instancia'}.zip"
        return Response(
            instancia.zip_carpeta(carpeta),
            media_type="application/zip",
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(nombre)}"},
        )

    tareas.rutas(app, raiz)
    vista_previa.rutas(app, raiz)
    return app


# --- ayudas de las rutas -----------------------------------------------------------------


def _guardar_documento(request: Request, inst: str, carpeta: Path, enviado: dict[str, str]):
    """Guardar (o añadir/quitar filas, o generar) desde el formulario de un documento."""
    tipo, relativa, version = enviado.get("_tipo", ""), enviado.get("_archivo", ""), enviado.get("_huella", "")
    m = manifiesto(tipo)
    perfil, _ = instancia.perfil(carpeta)
    nivel = perfil.get("nivel") if isinstance(perfil, dict) else None
    datos = formularios.leer(m.preguntas, enviado, nivel)
    accion = enviado.get("_accion", "guardar")
    if accion not in ("guardar", "generar"):
        formularios.aplicar_accion(datos, accion)
        return _pagina_documento(request, inst, carpeta, tipo, relativa, datos, [], version)
    try:
        relativa = relativa or instancia.ruta_nueva(carpeta, tipo, datos)
    except ErrorGenerador as exc:
        aviso = Problema(carpeta / "(nuevo)", "fecha", str(exc))
        return _pagina_documento(request, inst, carpeta, tipo, "", datos, [aviso], version, estado=422)
    ruta = instancia.respuestas(carpeta, relativa)
    gestionadas = {k for k, p in m.preguntas.items() if p.aplica(nivel)}
    try:
        version = instancia.guardar(ruta, {**instancia.cabecera(tipo, relativa), **datos}, gestionadas, version)
    except instancia.Conflicto as exc:
        return _pagina_documento(
            request, inst, carpeta, tipo, relativa, datos, [], version, conflicto=str(exc), estado=409
        )
    validadas, problemas = _validar(ruta)
    generado = None
    if accion == "generar" and validadas is not None:
        try:
            generado = _generar(carpeta, ruta, validadas)
        except ErrorRespuestas as exc:
            problemas = exc.problemas
        except ErrorGenerador as exc:
            problemas = [Problema(ruta, "", str(exc))]
    return _pagina_documento(
        request,
        inst,
        carpeta,
        tipo,
        relativa,
        datos,
        problemas,
        version,
        guardado=True,
        generado=generado,
        estado=422 if problemas else 200,
    )


def _nombre(perfil, inst: str) -> str:
    try:
        return f"{perfil['nivel']} de {lugar_de(perfil)}"
    except (KeyError, TypeError):
        return inst


def _validar(ruta: Path) -> tuple[Respuestas | None, list[Problema]]:
    try:
        return validar_archivo(ruta), []
    except ErrorRespuestas as exc:
        return None, exc.problemas
    except ErrorGenerador as exc:
        return None, [Problema(ruta, "", str(exc))]


def _generar(carpeta: Path, ruta: Path, validadas: Respuestas) -> dict:
    resultado = generar(ruta, carpeta=carpeta / instancia.SALIDAS, sobrescribir=True, validadas=validadas)
    assert resultado.salida is not None
    return {
        "docx": resultado.salida.name,
        "adicionales": [a.name for a in resultado.adicionales],
        "avisos": resultado.avisos,
        "bloques": bloques(resultado.salida.read_bytes()),
        "pdf": tareas.hay_pdf(),
    }


def _salidas(carpeta: Path) -> list[str]:
    return sorted(p.name for p in (carpeta / instancia.SALIDAS).glob("*.docx"))


def _resumen(problemas: list[Problema], carpeta: Path, presentes: set[str], archivo: str) -> list[dict]:
    salida = []
    for pr in problemas:
        propio = str(pr.archivo).endswith(archivo) if archivo else False
        try:
            donde = Path(pr.archivo).resolve().relative_to(carpeta.resolve()).as_posix()
        except ValueError:
            donde = Path(pr.archivo).name
        linea = f", línea {pr.linea}" if pr.linea else ""
        salida.append(
            {
                "texto": f"{donde}{linea}"
                + (f", campo «{pr.campo}»" if pr.campo else "")
                + f": {formularios.mensaje(pr)}",
                "enlace": formularios.enlace_de(pr.campo, presentes) if propio or not archivo else "",
            }
        )
    return salida


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
    codigos = list(ley.ids_integrantes(str(nivel))) if nivel in ley.ley()["niveles"] else []
    lista = formularios.campos(
        preguntas_perfil(), datos, nivel, errores, opciones_de={"integrantes.integrante": codigos} if codigos else None
    )
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
        resumen=_resumen(problemas, carpeta, formularios.nombres(lista), instancia.PERFIL),
    )


def _pagina_documento(
    request: Request,
    inst: str,
    carpeta: Path,
    tipo: str,
    relativa: str,
    datos,
    problemas: list[Problema],
    version: str,
    conflicto: str = "",
    guardado: bool = False,
    generado: dict | None = None,
    estado: int = 200,
):
    m = manifiesto(tipo)
    perfil, _ = instancia.perfil(carpeta)
    nivel = perfil.get("nivel") if isinstance(perfil, dict) else None
    documentos: dict[str, list[str]] = {}
    for a in instancia.archivos(carpeta):
        documentos.setdefault(a.tipo, []).append(a.relativa)
    nombre = Path(relativa).name if relativa else "(nuevo)"
    errores = formularios.errores_por_campo(problemas, nombre)
    lista = formularios.campos(m.preguntas, datos, nivel, errores, documentos=documentos)
    return pagina(
        request,
        "documento.html",
        estado,
        titulo=m.titulo,
        inst=inst,
        manifiesto=m,
        campos=lista,
        archivo=relativa,
        huella=version,
        conflicto=conflicto,
        guardado=guardado,
        generado=generado,
        hay_pdf=request.app.state.hay_pdf,
        resumen=_resumen(problemas, carpeta, formularios.nombres(lista), nombre),
    )
