"""Vista previa de un .docx generado: su texto en orden (párrafos, títulos y tablas) para HTML.

Es el mismo archivo que se descarga, leído con python-docx; la plantilla HTML lo escapa.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

_MAXIMO_BLOQUES = 400     # las primeras páginas bastan para revisar mientras se edita


@dataclass
class Bloque:
    clase: str                          # «titulo», «parrafo» o «tabla»
    texto: str = ""
    filas: list[list[str]] = field(default_factory=list)


def bloques(datos_docx: bytes) -> list[Bloque]:
    documento = Document(io.BytesIO(datos_docx))
    salida: list[Bloque] = []
    for elemento in documento.element.body.iterchildren():
        if len(salida) >= _MAXIMO_BLOQUES:
            break
        etiqueta = elemento.tag.rsplit("}", 1)[-1]
        if etiqueta == "p":
            p = Paragraph(elemento, documento)
            if p.text.strip():
                estilo = (p.style.name if p.style is not None else "").lower()
                es_titulo = estilo.startswith(("heading", "title", "título"))
                salida.append(Bloque("titulo" if es_titulo else "parrafo", p.text))
        elif etiqueta == "tbl":
            tabla = Table(elemento, documento)
            salida.append(Bloque("tabla", filas=[[c.text for c in f.cells] for f in tabla.rows]))
    return salida
