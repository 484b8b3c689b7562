"""Revisión de documentos subidos, lote desde una hoja y PDF con LibreOffice.

Lo subido se guarda dentro de la carpeta de trabajo (`.generador-web/` para la revisión, que se
borra al terminar; `lotes/<n>/` para el lote), con su tamaño y su tipo comprobados.
"""

from __future__ import annotations

import io
import shutil
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile
from starlette.responses import PlainTextResponse

from .. import lote, pdf, revision
from ..errores import ErrorGenerador
from ..escritura import escribir
from ..libreoffice_caliente import LibreOfficeCaliente
from .seguridad import TAMANO_MAXIMO, TIPOS_LOTE, TIPOS_REVISION, comprobar_subida, confinar, nombre_subido, nuevo_token
from .vistas import error, formulario, pagina

OCULTA = ".generador-web"
LOTES = "lotes"
_MAXIMO_ARCHIVOS = 20


def hay_pdf() -> bool:
    return pdf.hay_libreoffice()


def a_pdf(docx: Path, caliente: LibreOfficeCaliente | None = None) -> Path:
    """PDF junto al .docx; se rehace si el .docx es más nuevo. Con el LibreOffice caliente si
    está listo; si no, o si falla, en frío (un soffice que arranca y termina)."""
    destino = pdf.destino_pdf(docx, None)
    if destino.exists() and destino.stat().st_mtime >= docx.stat().st_mtime:
        return destino
    datos = caliente.convertir(pdf.datos_aligerados(docx)) if caliente is not None else None
    if datos and pdf.contar_paginas(datos) > 0:
        escribir(destino, pdf.poner_metadatos(datos, None), sobrescribir=True)
    else:
        pdf.convertir([docx], destinos=[destino], sobrescribir=True, procesos=1)
    return destino


@dataclass
class Avance:
    total: int
    hechos: int = 0
    terminado: bool = False
    texto: str = ""
    error: str = ""
    zip: str = ""
    inicio: float = field(default_factory=time.monotonic)


_LOTES: dict[str, Avance] = {}


async def _subidos(datos, campo: str, tipos: dict) -> list[tuple[str, bytes]]:
    salida = []
    for archivo in datos.getlist(campo)[:_MAXIMO_ARCHIVOS]:
        if not isinstance(archivo, UploadFile) or not archivo.filename:
            continue
        contenido = await archivo.read(TAMANO_MAXIMO + 1)
        nombre = nombre_subido(archivo.filename)
        comprobar_subida(nombre, contenido, tipos)
        salida.append((nombre, contenido))
    return salida


def _correr(id_: str, plan: lote.Plan, avance: Avance) -> None:
    def paso(n: int) -> None:
        avance.hechos += n

    try:
        informe = lote.correr(plan, procesos=1, al_avanzar=paso)
        avance.texto = informe.texto().replace(str(plan.carpeta) + "/", "")
        datos = io.BytesIO()
        with zipfile.ZipFile(datos, "w", zipfile.ZIP_DEFLATED) as z:
            for archivo in sorted(plan.carpeta.rglob("*")):
                if archivo.is_file() and archivo.suffix in (".docx", ".csv") and not archivo.is_symlink():
                    z.write(archivo, archivo.relative_to(plan.carpeta).as_posix())
        destino = plan.carpeta.parent / f"lote-{id_}.zip"
        destino.write_bytes(datos.getvalue())
        avance.zip = destino.name
    except ErrorGenerador as exc:
        avance.error = str(exc)
    except Exception as exc:  # que la página muestre el fallo en vez de quedarse esperando
        avance.error = f"error interno ({type(exc).__name__}: {exc})"
    finally:
        avance.terminado = True


def rutas(app: FastAPI, raiz: Path) -> None:
    @app.get("/revision")
    async def ver_revision(request: Request):
        return pagina(request, "revision.html", titulo="Revisar documentos", revisiones=None)

    @app.post("/revision")
    async def revisar(request: Request):
        datos = await formulario(request)
        try:
            subidos = await _subidos(datos, "archivos", TIPOS_REVISION)
        except ErrorGenerador as exc:
            return pagina(
                request, "revision.html", 422, titulo="Revisar documentos", revisiones=None, problema=str(exc)
            )
        if not subidos:
            return pagina(
                request,
                "revision.html",
                422,
                titulo="Revisar documentos",
                revisiones=None,
                problema="elija al menos un archivo .docx o .pdf",
            )
        carpeta = confinar(raiz, f"{OCULTA}/revision-{nuevo_token()[:12]}")
        carpeta.mkdir(parents=True)
        try:
            rutas_ = []
            for nombre, contenido in subidos:
                ruta = confinar(carpeta, nombre)
                ruta.write_bytes(contenido)
                rutas_.append(ruta)
            revisiones = [
                (r, revision.informe(r).replace(str(carpeta) + "/", "")) for r in revision.revisar_rutas(rutas_)
            ]
        finally:
            shutil.rmtree(carpeta, ignore_errors=True)
        return pagina(
            request, "revision.html", titulo="Revisar documentos", revisiones=revisiones, veredicto=revision.veredicto
        )

    @app.get("/lote")
    async def ver_lote(request: Request):
        return pagina(request, "lote.html", titulo="Lote desde una hoja")

    @app.get("/lote/hoja-modelo.xlsx")
    async def hoja_modelo():
        destino = confinar(raiz, f"{LOTES}/hoja-modelo.xlsx")
        if not destino.exists():
            lote.plantilla_tabla(destino)
        return FileResponse(destino, filename=destino.name)

    @app.post("/lote")
    async def iniciar_lote(request: Request):
        datos = await formulario(request)
        try:
            subidos = await _subidos(datos, "hoja", TIPOS_LOTE)
            if not subidos:
                raise ErrorGenerador("elija una hoja .xlsx o .csv")
            id_ = time.strftime("%Y%m%d-%H%M%S") + "-" + nuevo_token()[:4].replace("-", "x").replace("_", "x")
            carpeta = confinar(raiz, f"{LOTES}/{id_}")
            nombre, contenido = subidos[0]
            tabla = confinar(carpeta, f"hoja{Path(nombre).suffix}")
            tabla.parent.mkdir(parents=True, exist_ok=True)
            tabla.write_bytes(contenido)
            plan = lote.preparar(tabla=tabla, carpeta=carpeta / "documentos")
        except ErrorGenerador as exc:
            return pagina(request, "lote.html", 422, titulo="Lote desde una hoja", problema=str(exc))
        avance = _LOTES[id_] = Avance(len(plan.tareas) + len(plan.errores))
        avance.hechos = len(plan.errores)
        threading.Thread(target=_correr, args=(id_, plan, avance), daemon=True).start()
        return RedirectResponse(f"/lote/{id_}", 303)

    def _avance(id_: str) -> Avance | None:
        return _LOTES.get(id_)

    @app.get("/lote/{id_}")
    async def ver_avance(request: Request, id_: str):
        avance = _avance(id_)
        if avance is None:
            return error(request, "No existe ese lote (¿se reinició la aplicación?).", 404)
        return pagina(request, "lote_avance.html", titulo="Avance del lote", id_=id_, avance=avance, parcial=False)

    @app.get("/lote/{id_}/estado")
    async def estado(request: Request, id_: str):
        avance = _avance(id_)
        if avance is None:
            return PlainTextResponse("No existe ese lote.", 404)
        return pagina(request, "_avance.html", id_=id_, avance=avance, parcial=True)

    @app.get("/lote/{id_}/{archivo}")
    async def descargar_lote(id_: str, archivo: str):
        avance = _avance(id_)
        if avance is None or not avance.terminado:
            return PlainTextResponse("El lote no ha terminado.", 404)
        base = confinar(raiz, f"{LOTES}/{id_}")
        if archivo == "resumen.csv":
            ruta = confinar(base, "documentos/resumen.csv")
        elif archivo == avance.zip:
            ruta = confinar(base, avance.zip)
        else:
            return PlainTextResponse("No existe ese archivo.", 404)
        if not ruta.is_file():
            return PlainTextResponse("No existe ese archivo.", 404)
        return FileResponse(ruta, filename=ruta.name)

    @app.get("/salud")
    async def salud(request: Request):
        caliente = request.app.state.libreoffice
        estado = caliente.estado if caliente is not None else "sin usar"
        return Response(f"ok\nlibreoffice caliente: {estado}\n", media_type="text/plain")
