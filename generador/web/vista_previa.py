"""Vista previa: el texto de un .docx en orden (párrafos, títulos y tablas) para HTML y, con
LibreOffice, la imagen de su primera página; la del documento generado y la de lo que se escribe
en el formulario antes de guardarlo (`/i/<inst>/vista-previa`, que htmx pide al teclear).

Se lee con python-docx el mismo .docx que se descargaría; la plantilla HTML lo escapa.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import PlainTextResponse

from ..errores import ErrorGenerador, ErrorRespuestas
from ..escritura import escribir
from ..generacion import producir
from ..libreoffice_caliente import LibreOfficeCaliente
from ..manifiesto import manifiesto
from ..respuestas import cargar_texto
from ..validacion import validar_datos
from . import formularios, instancia
from .seguridad import confinar, nuevo_token
from .vistas import formulario, pagina, texto_de

ESCALA = 96 / 72  # 96 ppp: una página A4 de unos 794 × 1123 píxeles
_MAXIMO_BLOQUES = 400  # las primeras páginas bastan para revisar mientras se edita
PREVIAS = ".generador-web/vista-previa"  # los .docx de la vista previa sin guardar (oculta)
_PREVIAS_GUARDADAS = 10  # las más recientes; las demás se borran


@dataclass
class Bloque:
    clase: str  # «titulo», «parrafo» o «tabla»
    texto: str = ""
    filas: list[list[str]] = field(default_factory=list)


def bloques(datos_docx: bytes) -> list[Bloque]:
    documento = Document(io.BytesIO(datos_docx))
    # El nombre de cada estilo, una vez: `Paragraph.style` lo busca entre todos en cada párrafo.
    nombres = {s.style_id: (s.name or "").lower() for s in documento.styles}
    salida: list[Bloque] = []
    for elemento in documento.element.body.iterchildren():
        if len(salida) >= _MAXIMO_BLOQUES:
            break
        etiqueta = elemento.tag.rsplit("}", 1)[-1]
        if etiqueta == "p":
            p = Paragraph(elemento, documento)
            if p.text.strip():
                es_titulo = nombres.get(elemento.style or "", "").startswith(("heading", "title", "título"))
                salida.append(Bloque("titulo" if es_titulo else "parrafo", p.text))
        elif etiqueta == "tbl":
            tabla = Table(elemento, documento)
            salida.append(Bloque("tabla", filas=[[c.text for c in f.cells] for f in tabla.rows]))
    return salida


def primera_pagina(docx: Path, caliente: LibreOfficeCaliente | None = None) -> Path:
    """PNG de la primera página tal como la compone LibreOffice: el PDF del .docx (el mismo de la
    descarga) dibujado con PDFium. Queda junto al .docx y se rehace si el .docx es más nuevo."""
    import pypdfium2

    from .tareas import a_pdf

    destino = docx.with_suffix(".png")
    if destino.exists() and destino.stat().st_mtime >= docx.stat().st_mtime:
        return destino
    documento = pypdfium2.PdfDocument(str(a_pdf(docx, caliente)))
    try:
        imagen = documento[0].render(scale=ESCALA).to_pil()
    finally:
        documento.close()
    datos = io.BytesIO()
    imagen.save(datos, format="PNG")  # optimize=True tarda 5× más por un 2 % menos
    escribir(destino, datos.getvalue(), sobrescribir=True)
    return destino


# --- rutas ---------------------------------------------------------------------------------


def _sin_guardar(carpeta: Path, enviado: dict[str, str]) -> tuple[bytes | None, list[str]]:
    """El .docx de lo que hay en el formulario, validado como al guardar pero sin escribir nada
    en las respuestas; o los problemas que lo impiden."""
    tipo, relativa = enviado.get("_tipo", ""), enviado.get("_archivo", "")
    m = manifiesto(tipo)
    perfil, _ = instancia.perfil(carpeta)
    nivel = perfil.get("nivel")
    datos = formularios.leer(m.preguntas, enviado, nivel)
    try:
        relativa = relativa or instancia.ruta_nueva(carpeta, tipo, datos)
        ruta = instancia.respuestas(carpeta, relativa)
        texto = instancia.combinado(ruta, *instancia.desde_formulario(m, relativa, datos, nivel))
        return producir(validar_datos(cargar_texto(texto, ruta))), []
    except ErrorRespuestas as exc:
        return None, [(f"«{p.campo}»: " if p.campo else "") + formularios.mensaje(p) for p in exc.problemas]
    except ErrorGenerador as exc:
        return None, [str(exc)]


def _guardar_previa(carpeta: Path, docx: bytes) -> str:
    """Deja el .docx en la carpeta oculta de vistas previas (para su imagen) y da su nombre."""
    destino = confinar(carpeta, f"{PREVIAS}/{nuevo_token()[:16].replace('-', 'x').replace('_', 'x')}.docx")
    destino.parent.mkdir(parents=True, exist_ok=True)
    escribir(destino, docx)
    viejas = sorted(destino.parent.glob("*.docx"), key=lambda p: p.stat().st_mtime, reverse=True)
    for vieja in viejas[_PREVIAS_GUARDADAS:]:
        vieja.unlink(missing_ok=True)
        vieja.with_suffix(".png").unlink(missing_ok=True)
        vieja.with_suffix(".pdf").unlink(missing_ok=True)
    return destino.stem


def rutas(app: FastAPI, raiz: Path) -> None:
    @app.post("/i/{inst}/vista-previa")
    async def vista_sin_guardar(request: Request, inst: str):
        carpeta = instancia.carpeta_de(raiz, inst)
        enviado = texto_de(await formulario(request))
        docx, problemas = await run_in_threadpool(_sin_guardar, carpeta, enviado)
        imagen = ""
        if docx is not None and enviado.get("_pagina") and request.app.state.hay_pdf:
            imagen = f"/i/{inst}/vista-previa/{_guardar_previa(carpeta, docx)}.png"
        return pagina(
            request,
            "_vista_previa.html",
            problemas=problemas,
            bloques=bloques(docx) if docx is not None else [],
            imagen=imagen,
            hora=time.strftime("%H:%M:%S"),
        )

    @app.get("/i/{inst}/vista-previa/{nombre}.png")
    async def imagen_sin_guardar(request: Request, inst: str, nombre: str):
        carpeta = instancia.carpeta_de(raiz, inst)
        docx = confinar(carpeta, f"{PREVIAS}/{nombre}.docx")
        if not docx.is_file():
            return PlainTextResponse("Esa vista previa ya no existe (se guardan las últimas).", 404)
        png = await run_in_threadpool(primera_pagina, docx, request.app.state.libreoffice)
        return FileResponse(png, media_type="image/png")

    @app.get("/i/{inst}/primera-pagina/{nombre}")
    async def ver_primera_pagina(request: Request, inst: str, nombre: str):
        carpeta = instancia.carpeta_de(raiz, inst)
        docx = confinar(carpeta / instancia.SALIDAS, nombre)
        if docx.suffix != ".docx" or not docx.is_file():
            return PlainTextResponse("No existe ese documento generado.", 404)
        imagen = await run_in_threadpool(primera_pagina, docx, request.app.state.libreoffice)
        return FileResponse(imagen, media_type="image/png")
