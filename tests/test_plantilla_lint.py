"""`generador plantilla revisar`: una plantilla editada en Word se revisa antes de usarla.

Cada prueba construye con python-docx una plantilla rota (a partir de la real de la ordenanza,
con su manifiesto al lado) y lee el informe de la orden.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
from click.testing import CliRunner

from generador.cli import principal

from ayudas import RAIZ

ORDENANZA = RAIZ / "plantillas" / "ordenanza"


def ejecutar(*args, **kwargs):
    return CliRunner().invoke(principal, [str(a) for a in args], **kwargs)


def copia(tmp_path: Path, cambiar) -> Path:
    """plantillas/ordenanza copiada en tmp_path, con su plantilla.docx cambiada por `cambiar(doc)`."""
    carpeta = tmp_path / "plantillas" / "ordenanza"
    shutil.copytree(ORDENANZA, carpeta)
    documento = docx.Document(str(carpeta / "plantilla.docx"))
    cambiar(documento)
    documento.save(str(carpeta / "plantilla.docx"))
    return carpeta / "plantilla.docx"


def parrafo(documento, empieza: str):
    return next(p for p in documento.paragraphs if p.text.startswith(empieza))


def revisar(ruta: Path):
    r = ejecutar("plantilla", "revisar", ruta)
    assert "Traceback" not in r.output
    return r


def test_la_plantilla_del_proyecto_no_tiene_problemas():
    for documento in ("ordenanza", "acta-sesion"):
        r = ejecutar("plantilla", "revisar", documento)
        assert r.exit_code == 0, r.output
        assert "sin problemas" in r.output


def test_un_error_de_sintaxis_se_informa_una_vez_con_su_parrafo(tmp_path):
    def romper(d):
        p = parrafo(d, "La Instancia se instala en acto público")
        p.runs[-1].text += " Preside {{ instancia.presidencia.nombre | }}."

    r = revisar(copia(tmp_path, romper))
    assert r.exit_code == 1
    assert "1 error(es), 0 aviso(s)" in r.output
    linea = next(l for l in r.output.splitlines() if "✗" in l)
    assert linea.startswith("  ✗ cuerpo, párrafo «La Instancia se instala en acto público")
    assert "«{{ instancia.presidencia.nombre | }}»: error de sintaxis en una etiqueta" in linea


def test_un_bloque_sin_cerrar_señala_donde_se_abre(tmp_path):
    def romper(d):
        p = parrafo(d, "{%p endif %}")  # el primer «endif»: el «if mecanismo_anterior» queda abierto
        p.runs[0].text = ""
        for r in p.runs[1:]:
            r.text = ""

    r = revisar(copia(tmp_path, romper))
    assert r.exit_code == 1
    assert r.output.count("✗") >= 1
    assert "falta {%p endif %}" in r.output or "no cierra el bloque abierto" in r.output


def test_una_etiqueta_partida_con_distinto_formato(tmp_path):
    def romper(d):
        p = parrafo(d, "Mando se registre")
        p.add_run(" Firma: {{ instancia.presi")
        p.add_run("dencia.nombre }}").bold = True
        otro = parrafo(d, "POR TANTO")  # partida con el mismo formato: docxtpl la une sin pérdida
        otro.add_run(" {{ instancia.")
        otro.add_run("lugar }}")

    r = revisar(copia(tmp_path, romper))
    assert r.exit_code == 1
    assert "1 error(es)" in r.output
    assert (
        "cuerpo, párrafo «Mando se registre, publique y cumpla. Firma: {{ instancia.presidencia.nombre }}»: "
        "la etiqueta «{{ instancia.presidencia.nombre }}» está partida en trozos con distinto formato (negrita)"
    ) in r.output


def test_texto_escrito_en_una_linea_de_control_desaparece(tmp_path):
    def romper(d):
        parrafo(d, "{%p for considerando in").runs[-1].text += " Que, además, se escuchó a la sociedad civil;"

    r = revisar(copia(tmp_path, romper))
    assert r.exit_code == 1
    assert "párrafo «{%p for considerando in considerandos_adicionales %} Que, además" in r.output
    assert "el texto «Que, además, se escuchó a la sociedad civil;» desaparecería" in r.output


def test_datos_que_el_manifiesto_no_da(tmp_path):
    def romper(d):
        parrafo(d, "POR TANTO").runs[-1].text += " {{ numer }} {{ instancia.nombre_oficial }}"

    r = revisar(copia(tmp_path, romper))
    assert r.exit_code == 1
    assert "usa el dato «numer», que ni el manifiesto ni el perfil dan; ¿quiso decir «numero»?" in r.output
    assert "usa el dato «instancia.nombre_oficial», que no existe; ¿quiso decir «instancia.nombre" in r.output
    assert "párrafo «POR TANTO: {{ numer }}" in r.output


def test_una_seccion_exigida_que_ya_no_esta(tmp_path):
    def romper(d):
        for p in d.paragraphs:
            if p.text.startswith("CONSIDERANDO"):
                p.runs[0].text = "FUNDAMENTOS:"
                for r in p.runs[1:]:
                    r.text = ""

    r = revisar(copia(tmp_path, romper))
    assert r.exit_code == 1
    assert "falta la sección exigida «CONSIDERANDO» (considerando)" in r.output
    assert "(nivel provincial, distrital, regional)" in r.output or "nivel " in r.output


def test_encabezado_pie_y_celda_de_tabla_se_nombran(tmp_path):
    def romper(d):
        d.sections[0].header.paragraphs[0].text = "{{ numero }"
        d.sections[0].footer.paragraphs[0].text = "{%p if numero %} Página"
        tabla = d.add_table(rows=2, cols=2)
        tabla.cell(1, 1).paragraphs[0].text = "{{ instancia.sedee }}"

    r = revisar(copia(tmp_path, romper))
    assert r.exit_code == 1
    assert "✗ encabezado 1, párrafo «{{ numero }»" in r.output or "✗ encabezado, párrafo «{{ numero }»" in r.output
    assert "pie" in r.output and "el texto «Página» desaparecería" in r.output
    assert "cuerpo, celda de tabla (fila 2, columna 2), párrafo «{{ instancia.sedee }}»" in r.output
    assert "¿quiso decir «instancia.sede»?" in r.output


def test_texto_en_una_fila_de_control(tmp_path):
    def romper(d):
        tabla = d.add_table(rows=1, cols=2)
        tabla.cell(0, 0).paragraphs[0].text = "{%tr for m in instancia.integrantes %}"
        tabla.cell(0, 1).paragraphs[0].text = "Nota al margen"

    r = revisar(copia(tmp_path, romper))
    assert "esta fila lleva «{%tr for m in instancia.integrantes %}»" in r.output
    assert "el texto «Nota al margen» desaparecería" in r.output


def test_un_docx_suelto_sin_manifiesto_y_entradas_malas(tmp_path):
    suelto = tmp_path / "suelto.docx"
    d = docx.Document()
    d.add_paragraph("Hola {{ nombre }} {% iff x %}")
    d.save(str(suelto))
    r = revisar(suelto)
    assert r.exit_code == 1 and "etiqueta desconocida «iff»" in r.output
    (tmp_path / "roto.docx").write_bytes(b"no es un zip")
    r = revisar(tmp_path / "roto.docx")
    assert r.exit_code == 1 and "no es un .docx legible" in r.output
    r = revisar("no-existe")
    assert r.exit_code == 1 and "no es un tipo de documento ni un archivo .docx" in r.output


def test_ejemplos_revisa_las_plantillas_primero_y_se_detiene(tmp_path, monkeypatch):
    plantillas = tmp_path / "plantillas"
    shutil.copytree(RAIZ / "plantillas", plantillas)
    documento = docx.Document(str(plantillas / "ordenanza" / "plantilla.docx"))
    parrafo(documento, "POR TANTO").runs[-1].text += " {{ numero }"
    documento.save(str(plantillas / "ordenanza" / "plantilla.docx"))
    monkeypatch.setenv("GENERADOR_PLANTILLAS", str(plantillas))
    salida = tmp_path / "salida"
    r = ejecutar("ejemplos", "-o", salida)
    assert r.exit_code == 1
    assert r.output.count("«{{ numero }»") == 1  # una vez, no una vez por nivel
    assert "ordenanza/plantilla.docx: 1 error(es)" in r.output
    assert "1 plantilla(s) con errores" in r.output
    assert not salida.exists()
