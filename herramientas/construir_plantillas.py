"""Construye `plantillas/<id>/plantilla.docx` desde `plantillas/<id>/fuente.txt` (y cada
`X.txt` adicional de la carpeta en `X.docx`).

El .docx es lo que usa el generador y lo que una capacitadora puede editar en Word o LibreOffice;
`fuente.txt` es la forma cómoda de escribirlo y revisarlo en git. Si edita el .docx a mano, deje
de regenerarlo desde la fuente (o lleve allí sus cambios).

Marcado de fuente.txt, una línea por párrafo:
    # Título 1 / ## Título 2 / ### Título 3 (estilos «Heading», visibles en el panel de navegación)
    !titulo texto      estilo Title, centrado
    !centro texto      párrafo centrado        !derecha texto    alineado a la derecha
    !firma texto       centrado, sin sangría, para bloques de firma
    !salto             salto de página
    !horizontal        desde aquí, páginas apaisadas (matrices anchas); !vertical vuelve
    - texto            viñeta
    {%p … %}           etiqueta de docxtpl que ocupa su propio párrafo
    | a | b | c |      fila de tabla (la primera fila de un bloque es el encabezado)
    |{%tr … %}|        fila-etiqueta de docxtpl (bucles de filas)
    !anchos 6,4,4      anchos en cm de la tabla siguiente
    !alto 1.5          alto mínimo en cm de las filas (no el encabezado) de la tabla siguiente:
                       tablas de firmas donde una persona pueda firmar
    Toda fila de tabla lleva «w:cantSplit» (no se parte entre páginas); las líneas !firma
    seguidas quedan unidas («keep_with_next»): un bloque de firma no se separa de su nombre; el
    párrafo que precede a una tabla queda unido a ella.
    // comentario
    **negrita** dentro de cualquier línea.

Uso: python herramientas/construir_plantillas.py [id …]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

RAIZ = Path(__file__).resolve().parent.parent
FUENTE = "Arial"


def _estilos(doc: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FUENTE, Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FUENTE)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for nombre, tam, centrado in (
        ("Title", 14, True),
        ("Heading 1", 12, True),
        ("Heading 2", 11, False),
        ("Heading 3", 11, False),
    ):
        estilo = doc.styles[nombre]
        estilo.font.name, estilo.font.size, estilo.font.bold = FUENTE, Pt(tam), True
        estilo.font.color.rgb = RGBColor(0, 0, 0)
        estilo.font.italic = False
        rfonts = estilo.element.get_or_add_rPr().get_or_add_rFonts()
        for atributo in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(atributo), FUENTE)
        for tema in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(tema), None)
        formato = estilo.paragraph_format
        formato.space_before, formato.space_after = Pt(12 if nombre != "Heading 3" else 6), Pt(6)
        formato.alignment = WD_ALIGN_PARAGRAPH.CENTER if centrado else WD_ALIGN_PARAGRAPH.LEFT
        formato.keep_with_next = True
    # Title trae un borde inferior en la plantilla por defecto: se quita.
    ppr = doc.styles["Title"].element.find(qn("w:pPr"))
    if ppr is not None and ppr.find(qn("w:pBdr")) is not None:
        ppr.remove(ppr.find(qn("w:pBdr")))


def _pagina(doc: Document) -> None:
    seccion = doc.sections[0]
    seccion.orientation = WD_ORIENT.PORTRAIT
    seccion.page_width, seccion.page_height = Cm(21.0), Cm(29.7)  # A4
    seccion.left_margin = seccion.right_margin = Cm(2.5)
    seccion.top_margin = seccion.bottom_margin = Cm(2.5)
    pie = seccion.footer.paragraphs[0]
    pie.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pie.add_run("Página ")
    for tipo, texto in (("begin", None), (None, "PAGE"), ("end", None)):
        run = pie.add_run()
        if tipo:
            campo = OxmlElement("w:fldChar")
            campo.set(qn("w:fldCharType"), tipo)
            run._r.append(campo)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = texto
            run._r.append(instr)
    for run in pie.runs:
        run.font.size = Pt(8)


def _texto(parrafo, texto: str, negrita: bool = False) -> None:
    """Añade `texto` con **negritas**; las etiquetas Jinja nunca quedan partidas entre runs."""
    for i, trozo in enumerate(re.split(r"\*\*", texto)):
        if trozo:
            # None hereda el estilo (los títulos ya son negrita); True fuerza la negrita
            parrafo.add_run(trozo).bold = True if negrita or i % 2 == 1 else None


def _celdas(linea: str) -> list[str]:
    """Divide «| a | {{ x|filtro }} |» en celdas: un «|» dentro de {{ }} o {% %} es de Jinja."""
    celdas, actual, profundidad = [], "", 0
    cuerpo = linea.strip()[1:-1] if linea.strip().endswith("|") else linea.strip()[1:]
    i = 0
    while i < len(cuerpo):
        par = cuerpo[i : i + 2]
        if par in ("{{", "{%"):
            profundidad, actual, i = profundidad + 1, actual + par, i + 2
        elif par in ("}}", "%}"):
            profundidad, actual, i = profundidad - 1, actual + par, i + 2
        elif cuerpo[i] == "|" and profundidad == 0:
            celdas, actual, i = celdas + [actual.strip()], "", i + 1
        else:
            actual, i = actual + cuerpo[i], i + 1
    return celdas + [actual.strip()]


def _sombrear(celda, color: str = "D9D9D9") -> None:
    sombra = OxmlElement("w:shd")
    sombra.set(qn("w:val"), "clear")
    sombra.set(qn("w:fill"), color)
    celda._tc.get_or_add_tcPr().append(sombra)


def _propiedad_fila(fila, etiqueta: str, **atributos: str) -> None:
    trpr = fila._tr.get_or_add_trPr()
    elemento = OxmlElement(etiqueta)
    for nombre, valor in atributos.items():
        elemento.set(qn(nombre), valor)
    trpr.append(elemento)


def _unir_a_la_tabla(doc: Document) -> None:
    """El párrafo que presenta una tabla («Por año del periodo:», «Tabla 2. …») queda unido a
    ella (keep_with_next): nunca solo al pie de una página. Las etiquetas {%p %} de en medio también."""
    for parrafo in reversed(doc.paragraphs):
        parrafo.paragraph_format.keep_with_next = True
        if not parrafo.text.startswith("{%"):
            break


def _unir_a_la_firma(doc: Document) -> None:
    """Las fórmulas breves que anteceden a una firma («Atentamente,», «Mando se registre…»,
    «Dado en la sede…») quedan en la misma página que ella (hasta tres párrafos breves)."""
    reales = 0
    for parrafo in reversed(doc.paragraphs):
        if parrafo.style.name.startswith("Heading") or len(parrafo.text) > 250 or reales == 3:
            break
        parrafo.paragraph_format.keep_with_next = True
        reales += not parrafo.text.startswith("{%")  # las etiquetas {%p %} desaparecen al generar


def _tabla(doc: Document, filas: list[list[str]], anchos: list[float] | None, alto: float | None = None) -> None:
    _unir_a_la_tabla(doc)
    columnas = max(len(f) for f in filas)
    tabla = doc.add_table(rows=0, cols=columnas)
    tabla.style = "Table Grid"
    tabla.alignment = WD_TABLE_ALIGNMENT.CENTER
    for n, fila in enumerate(filas):
        celdas = tabla.add_row().cells
        for j in range(columnas):
            texto = fila[j] if j < len(fila) else ""
            p = celdas[j].paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            p.paragraph_format.space_after = Pt(0)
            _texto(p, texto, negrita=(n == 0))
            if n == 0:
                _sombrear(celdas[j])
        fila_docx = tabla.rows[-1]
        _propiedad_fila(fila_docx, "w:cantSplit")  # la fila no se parte entre páginas
        if n == 0:  # el encabezado se repite en cada página
            _propiedad_fila(fila_docx, "w:tblHeader")
        elif alto:  # alto mínimo (twips: 567 por cm)
            _propiedad_fila(fila_docx, "w:trHeight", **{"w:val": str(round(alto * 567)), "w:hRule": "atLeast"})
    if anchos:  # anchos fijos: en la rejilla (la que usa LibreOffice) y en cada celda (Word)
        tabla.autofit = False
        for j, columna in enumerate(tabla._tbl.tblGrid.findall(qn("w:gridCol"))):
            if j < len(anchos):
                columna.set(qn("w:w"), str(int(anchos[j] * 567)))
        for fila in tabla.rows:
            for j, ancho in enumerate(anchos[:columnas]):
                fila.cells[j].width = Cm(ancho)
    for fila in tabla.rows:  # texto de tabla algo menor que el del cuerpo
        for celda in fila.cells:
            for run in celda.paragraphs[0].runs:
                run.font.size = Pt(9)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def construir(fuente: Path) -> Path:
    """`fuente.txt` → `plantilla.docx`; cualquier otro `X.txt` de la carpeta → `X.docx`
    (plantillas adicionales, como los oficios del acta de sesión)."""
    doc = Document()
    _estilos(doc)
    _pagina(doc)
    lineas = fuente.read_text(encoding="utf-8").splitlines()
    tabla: list[list[str]] = []
    anchos: list[float] | None = None
    alto: float | None = None
    for indice, linea in enumerate(lineas + [""]):
        if linea.startswith("|"):
            celdas = _celdas(linea)
            tabla.append(celdas)
            continue
        if tabla:
            _tabla(doc, tabla, anchos, alto)
            tabla, anchos, alto = [], None, None
        linea = linea.rstrip()
        if not linea or linea.startswith("//"):
            continue
        if linea.startswith("!anchos "):
            anchos = [float(x) for x in linea.split(None, 1)[1].split(",")]
        elif linea.startswith("!alto "):
            alto = float(linea.split(None, 1)[1])
        elif linea.startswith("#"):
            nivel = len(linea) - len(linea.lstrip("#"))
            _texto(doc.add_paragraph(style=f"Heading {nivel}"), linea[nivel:].strip())
        elif linea.startswith("!titulo "):
            _texto(doc.add_paragraph(style="Title"), linea[8:])
        elif linea.split(" ", 1)[0] in ("!centro", "!firma", "!derecha"):
            marca, _, texto = linea.partition(" ")
            anterior = lineas[indice - 1] if indice else ""
            if marca == "!firma" and not anterior.startswith("!firma"):
                _unir_a_la_firma(doc)
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if marca == "!derecha" else WD_ALIGN_PARAGRAPH.CENTER
            if marca == "!firma":
                p.paragraph_format.space_after = Pt(0)
                siguiente = lineas[indice + 1] if indice + 1 < len(lineas) else ""
                p.paragraph_format.keep_with_next = siguiente.startswith("!firma")
                p.paragraph_format.keep_together = True
            _texto(p, texto)
        elif linea in ("!horizontal", "!vertical"):  # sección nueva apaisada o vertical
            seccion = doc.add_section(WD_SECTION.NEW_PAGE)
            seccion.orientation = WD_ORIENT.LANDSCAPE if linea == "!horizontal" else WD_ORIENT.PORTRAIT
            ancho, alto = (Cm(29.7), Cm(21.0)) if linea == "!horizontal" else (Cm(21.0), Cm(29.7))
            seccion.page_width, seccion.page_height = ancho, alto
        elif linea == "!salto":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif linea.startswith("- "):
            _texto(doc.add_paragraph(style="List Bullet"), linea[2:])
        else:
            _texto(doc.add_paragraph(), linea)
    doc.core_properties.title = fuente.parent.name
    doc.core_properties.author = "generador"
    destino = fuente.with_name("plantilla.docx" if fuente.name == "fuente.txt" else fuente.stem + ".docx")
    doc.save(destino)
    return destino


def main(ids: list[str]) -> None:
    carpetas = (
        [RAIZ / "plantillas" / i for i in ids]
        if ids
        else sorted(p.parent for p in (RAIZ / "plantillas").glob("*/fuente.txt"))
    )
    for carpeta in carpetas:
        for fuente in sorted(carpeta.glob("*.txt")):
            print(f"construida {construir(fuente).relative_to(RAIZ)}")


if __name__ == "__main__":
    main(sys.argv[1:])
