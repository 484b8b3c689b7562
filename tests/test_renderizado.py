"""La plantilla compilada una vez da el mismo documento que docxtpl renderizando desde cero."""

from __future__ import annotations

import io

import docx
import pytest
from docxtpl import DocxTemplate

from generador.contexto import Contadores, componer
from generador.generacion import es_respuestas
from generador.renderizado import entorno, renderizar
from generador.validacion import validar_archivo
from generador.verificacion import leer_parrafos

from ayudas import EJEMPLOS

RESPUESTAS = sorted(p for p in EJEMPLOS.rglob("*.yaml") if es_respuestas(p))


@pytest.mark.parametrize("ruta", RESPUESTAS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_mismo_texto_que_docxtpl_desde_cero(ruta):
    respuestas = validar_archivo(ruta)
    contexto = componer(respuestas)
    plantilla = DocxTemplate(str(respuestas.manifiesto.ruta_plantilla))
    plantilla.render({**contexto, "cuenta": Contadores()}, jinja_env=entorno(), autoescape=True)
    referencia = io.BytesIO()
    plantilla.save(referencia)
    rapido = renderizar(respuestas.manifiesto.ruta_plantilla, contexto)
    assert leer_parrafos(rapido.datos) == leer_parrafos(referencia.getvalue())
    # y los estilos de cada párrafo (títulos) y el número de filas de cada tabla
    a, b = docx.Document(io.BytesIO(rapido.datos)), docx.Document(referencia)
    assert [p.style.name for p in a.paragraphs] == [p.style.name for p in b.paragraphs]
    assert [len(t.rows) for t in a.tables] == [len(t.rows) for t in b.tables]
    # el texto que se verifica es el del documento escrito
    assert sorted(rapido.parrafos) == sorted(leer_parrafos(rapido.datos))
