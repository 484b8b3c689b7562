"""Ordenanza de creación y acta de instalación en los tres niveles: contenido del .docx generado."""

from __future__ import annotations

import re

import docx
import pytest
import yaml

from generador import ley
from generador.errores import ErrorRespuestas
from generador.generacion import generar
from generador.manifiesto import manifiesto

from ayudas import EJEMPLOS, editar_yaml, texto_docx, titulos

NIVELES = ["regional", "provincial", "distrital"]


@pytest.mark.parametrize("nivel", NIVELES)
def test_ordenanza_lista_a_todos_los_integrantes_de_su_nivel(nivel, tmp_path):
    salida = generar(EJEMPLOS / nivel / "ordenanza.yaml", destino=tmp_path / "o.docx").salida
    texto = texto_docx(salida)
    perfil = yaml.safe_load((EJEMPLOS / nivel / "instancia.yaml").read_text(encoding="utf-8"))
    esperados = ley.integrantes(nivel, perfil.get("opcionales"))
    for i in esperados:
        assert i["texto"] in texto
    # numerados 1..n en el artículo de conformación, sin saltos
    numeros = [int(m) for m in re.findall(r"^(\d+)\. (?:El|La|Las|Los|Un|Dos|Tres|Hasta)\b", texto, re.M)]
    assert numeros[: len(esperados)] == list(range(1, len(esperados) + 1))


def test_integrante_condicional_se_omite_solo_si_las_respuestas_dicen_que_no_existe(tmp_path, copia_ejemplos):
    # la ordenanza transcribe la lista completa de la norma (issue 14); se omite un integrante
    # condicional solo si «integrantes_inexistentes» lo declara
    carpeta = copia_ejemplos("provincial")
    salida = generar(carpeta / "ordenanza.yaml", destino=tmp_path / "con.docx").salida
    assert "pueblos indígenas u originarios en su ámbito de competencia" in texto_docx(salida)
    editar_yaml(carpeta / "ordenanza.yaml", integrantes_inexistentes=["pueblos-indigenas"])
    salida = generar(carpeta / "ordenanza.yaml", destino=tmp_path / "sin.docx").salida
    assert "pueblos indígenas" not in texto_docx(salida)


@pytest.mark.parametrize(
    "nivel,norma,organo,firma",
    [
        (
            "regional",
            "ORDENANZA REGIONAL N° 008-2026-GRCAJ/CR",
            "Consejo Regional de Cajamarca",
            "Gobernador Regional de Cajamarca",
        ),
        (
            "provincial",
            "ORDENANZA MUNICIPAL N° 012-2026-MPCH",
            "Concejo Municipal Provincial de Chota",
            "Alcaldesa Provincial de Chota",
        ),
        (
            "distrital",
            "ORDENANZA MUNICIPAL N° 004-2026-MDL",
            "Concejo Municipal Distrital de Lajas",
            "Alcalde Distrital de Lajas",
        ),
    ],
)
def test_ordenanza_encabezado_organo_y_firma_segun_nivel(nivel, norma, organo, firma, tmp_path):
    salida = generar(EJEMPLOS / nivel / "ordenanza.yaml", destino=tmp_path / "o.docx").salida
    texto = texto_docx(salida)
    assert norma in texto and organo in texto
    # la firma cierra el documento (en lo municipal, seguida solo del refrendo de Secretaría General)
    assert firma in texto.rstrip().splitlines()[-4:]
    estilos = {t: s for s, t in titulos(salida)}
    assert estilos["VISTO:"] == "Heading 1" and estilos["CONSIDERANDO:"] == "Heading 1"
    assert estilos["ARTÍCULO PRIMERO.- Creación"] == "Heading 2"


def test_articulos_numerados_sin_huecos_al_omitir_la_derogacion(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    con = [
        t
        for s, t in titulos(generar(carpeta / "ordenanza.yaml", destino=tmp_path / "a.docx").salida)
        if t.startswith("ARTÍCULO")
    ]
    editar_yaml(carpeta / "ordenanza.yaml", mecanismo_anterior=None)
    sin = [
        t
        for s, t in titulos(generar(carpeta / "ordenanza.yaml", destino=tmp_path / "b.docx").salida)
        if t.startswith("ARTÍCULO")
    ]
    assert "ARTÍCULO SÉPTIMO.- Derogación" in con and len(con) == 10
    assert len(sin) == 9 and not any("Derogación" in t for t in sin)
    assert sin[6] == "ARTÍCULO SÉPTIMO.- Cumplimiento" and sin[-1] == "ARTÍCULO NOVENO.- Publicación"


def test_citas_de_articulos_solo_si_estan_confirmados(tmp_path):
    regional = texto_docx(generar(EJEMPLOS / "regional" / "ordenanza.yaml", destino=tmp_path / "r.docx").salida)
    provincial = texto_docx(generar(EJEMPLOS / "provincial" / "ordenanza.yaml", destino=tmp_path / "p.docx").salida)
    assert "conforme al artículo 105 del Reglamento de la Ley N° 30364" in regional
    assert "cuyo artículo 105 establece su conformación, y cuyo artículo 106 establece sus funciones" in regional
    # 107 está «por confirmar» en ley.yaml: se cita la norma sin artículo
    assert "artículo 107" not in provincial
    assert "conforme al Reglamento de la Ley N° 30364, aprobado por Decreto Supremo N° 009-2016-MIMP" in provincial


def test_plazos_en_letras_y_cifras_y_fechas_en_letras(tmp_path):
    texto = texto_docx(generar(EJEMPLOS / "provincial" / "ordenanza.yaml", destino=tmp_path / "o.docx").salida)
    assert "quince (15) días hábiles" in texto and "treinta (30) días hábiles" in texto
    assert "Chota, 16 de marzo de 2026" in texto
    assert "Primera.- Reglamento interno." in texto and "sesenta (60) días hábiles" in texto


@pytest.mark.parametrize("nivel", NIVELES)
def test_acta_instalacion_asistencia_y_quorum_calculado(nivel, tmp_path):
    ruta = EJEMPLOS / nivel / "acta-instalacion.yaml"
    salida = generar(ruta, destino=tmp_path / "a.docx").salida
    respuestas = yaml.safe_load(ruta.read_text(encoding="utf-8"))
    presentes = [f["entidad"] for f in respuestas["asistencia"] if f["asiste"] != "ausente"]
    total = len(respuestas["asistencia"])
    tabla_asistencia, tabla_acuerdos, tabla_firmas = docx.Document(str(salida)).tables
    assert [f.cells[0].text for f in tabla_asistencia.rows[1:]] == presentes
    assert [f.cells[1].text for f in tabla_firmas.rows[1:]] == presentes  # N°, Institución, Nombre, DNI, Firma
    assert len(tabla_acuerdos.rows) - 1 == len(respuestas["acuerdos"])
    texto = texto_docx(salida)
    from generador.formato import en_letras

    assert f"asistencia de {en_letras(len(presentes))} de las {en_letras(total)} instituciones" in texto
    assert f"es de {en_letras(total // 2 + 1)}, por lo que existe quórum" in texto


def test_acta_instalacion_quorum_a_mano_provincial(tmp_path):
    # 16 integrantes en el directorio, 2 ausentes → 14 presentes; quórum = 16 // 2 + 1 = 9
    texto = texto_docx(generar(EJEMPLOS / "provincial" / "acta-instalacion.yaml", destino=tmp_path / "a.docx").salida)
    assert "asistencia de catorce (14) de las dieciséis (16) instituciones" in texto
    assert "quórum de la mitad más uno es de nueve (9)" in texto
    assert "No asisten: Gobernación Provincial de Chota, Comité Provincial del Vaso de Leche." in texto


def test_acta_instalacion_sin_quorum_no_se_redacta(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    ruta = carpeta / "acta-instalacion.yaml"
    datos = yaml.safe_load(ruta.read_text(encoding="utf-8"))
    for i, fila in enumerate(datos["asistencia"]):
        fila["asiste"] = "titular" if i < 8 else "ausente"  # 8 de 16: falta uno
    editar_yaml(ruta, asistencia=datos["asistencia"])
    with pytest.raises(ErrorRespuestas, match=r"no hay quórum: asisten 8 de 16 integrantes y se requieren 9"):
        generar(ruta, destino=tmp_path / "a.docx")
    assert not (tmp_path / "a.docx").exists()


def test_acta_instalacion_alterno_con_genero_y_secciones(tmp_path):
    salida = generar(EJEMPLOS / "provincial" / "acta-instalacion.yaml", destino=tmp_path / "a.docx").salida
    filas = {f.cells[0].text: f.cells[3].text for f in docx.Document(str(salida)).tables[0].rows[1:]}
    assert filas["Red Integrada de Salud Chota"] in ("Alterno", "Alterna")
    assert filas["Centro Emergencia Mujer Chota"] == "Titular"
    encabezados = [t for s, t in titulos(salida) if s == "Heading 1"]
    assert encabezados == [
        "I. ASISTENCIA Y QUÓRUM",
        "II. AGENDA (ORDEN DEL DÍA)",
        "III. DESARROLLO DE LA SESIÓN",
        "IV. ACUERDOS",
        "V. FIRMAS",
    ]


@pytest.mark.parametrize("documento", ["ordenanza", "acta-instalacion"])
def test_una_plantilla_que_pierde_una_seccion_falla(documento, tmp_path, monkeypatch):
    m = manifiesto(documento)
    from generador.manifiesto import Seccion

    monkeypatch.setattr(m, "secciones", [*m.secciones, Seccion(id="x", titulo="SECCIÓN INEXISTENTE")])
    from generador.errores import ErrorPlantilla

    with pytest.raises(ErrorPlantilla, match="SECCIÓN INEXISTENTE"):
        generar(EJEMPLOS / "distrital" / f"{documento}.yaml", destino=tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_avisa_de_la_firma_que_saldra_sin_nombre_y_del_cargo_sin_genero(copia_ejemplos, tmp_path):
    carpeta = copia_ejemplos("distrital")
    editar_yaml(carpeta / "ordenanza.yaml", secretaria_general=None)
    perfil = carpeta / "instancia.yaml"
    datos = yaml.safe_load(perfil.read_text(encoding="utf-8"))
    datos["presidencia"].pop("genero", None)
    perfil.write_text(yaml.safe_dump(datos, allow_unicode=True, sort_keys=False), encoding="utf-8")
    resultado = generar(carpeta / "ordenanza.yaml", destino=tmp_path / "o.docx")
    avisos = " ".join(resultado.avisos)
    assert "falta «secretaria_general»" in avisos and "«genero» de la presidencia" in avisos
    texto = texto_docx(tmp_path / "o.docx")
    assert "[NOMBRE DEL SECRETARIO O SECRETARIA GENERAL]" in texto and "el/la Alcalde/sa" in texto
