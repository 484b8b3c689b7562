"""Vista previa de un .docx generado: su texto en orden (párrafos, títulos y tablas) para HTML y,
con LibreOffice, la imagen de su primera página.

Es el mismo archivo que se descarga, leído con python-docx; la plantilla HTML lo escapa.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..escritura import escribir
from ..libreoffice_caliente import LibreOfficeCaliente

ESCALA = 96 / 72  # 96 ppp: una página A4 de unos 794 × 1123 píxeles
_MAXIMO_BLOQUES = 400  # las primeras páginas bastan para revisar mientras se edita


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
