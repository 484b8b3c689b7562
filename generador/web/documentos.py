"""Rutas de los documentos de una instancia: su formulario (nuevo o desde su YAML), guardar y
generar, y las descargas (.docx, PDF y la carpeta en .zip).

La vista previa está en `vista_previa.py`; la forma de la carpeta, en `instancia.py`.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.responses import PlainTextResponse

from ..errores import ErrorGenerador, ErrorRespuestas, Problema
from ..generacion import generar
from ..manifiesto import manifiesto
from ..validacion import Respuestas, validar_archivo
from . import formularios, instancia, tareas
from .seguridad import confinar, huella
from .vista_previa import bloques
from .vistas import error, formulario, pagina, texto_de


def rutas(app: FastAPI, raiz: Path) -> None:
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

    @app.get("/i/{inst}/doc")
    async def tras_recargar(inst: str):
        """La dirección que queda tras guardar un documento nuevo: abrirla lleva a la instancia."""
        return RedirectResponse(f"/i/{quote(inst)}/", 303)

    @app.post("/i/{inst}/doc")
    @app.post("/i/{inst}/doc/{relativa:path}")  # la de un archivo ya guardado: recargarla lo vuelve a abrir
    async def guardar_documento(request: Request, inst: str, relativa: str = ""):
        carpeta = instancia.carpeta_de(raiz, inst)
        enviado = texto_de(await formulario(request))
        if relativa:
            enviado["_archivo"] = relativa
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
    try:
        version = instancia.guardar(ruta, *instancia.desde_formulario(m, relativa, datos, nivel), version)
    except instancia.Conflicto as exc:
        return _pagina_documento(
            request, inst, carpeta, tipo, relativa, datos, [], version, conflicto=str(exc), estado=409
        )
    validadas, problemas = _validar(ruta)
    generado = None
    if accion == "generar" and validadas is not None:
        try:
            generado = _generar(carpeta, ruta, validadas, request.app.state.hay_pdf)
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


def _validar(ruta: Path) -> tuple[Respuestas | None, list[Problema]]:
    try:
        return validar_archivo(ruta), []
    except ErrorRespuestas as exc:
        return None, exc.problemas
    except ErrorGenerador as exc:
        return None, [Problema(ruta, "", str(exc))]


def _generar(carpeta: Path, ruta: Path, validadas: Respuestas, hay_pdf: bool) -> dict:
    resultado = generar(ruta, carpeta=carpeta / instancia.SALIDAS, sobrescribir=True, validadas=validadas)
    assert resultado.salida is not None
    return {
        "docx": resultado.salida.name,
        "adicionales": [a.name for a in resultado.adicionales],
        "avisos": resultado.avisos,
        "bloques": bloques(resultado.salida.read_bytes()),
        "pdf": hay_pdf,
    }


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
        resumen=formularios.resumen(problemas, carpeta, formularios.nombres(lista), nombre),
    )
