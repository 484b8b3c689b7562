"""Reglamento interno en los tres niveles: numeración, contenido exigido y quórum calculado."""

from __future__ import annotations

import re

import pytest
import yaml

from generador import ley
from generador.asistencia import quorum_de
from generador.errores import ErrorRespuestas
from generador.generacion import generar

from ayudas import EJEMPLOS, editar_yaml, error_de_la_cli, texto_docx, titulos

CASOS = [
    ("regional", "diecisiete (17)", "nueve (9)"),
    ("provincial", "dieciséis (16)", "nueve (9)"),
    ("distrital", "trece (13)", "siete (7)"),
]


def _articulos(salida) -> list[tuple[int, str]]:
    return [(int(m.group(1)), m.group(2)) for _, t in titulos(salida) if (m := re.match(r"Artículo (\d+)\.- (.+)", t))]


def test_quorum_a_mano():
    assert quorum_de(16) == 9 and quorum_de(13) == 7 and quorum_de(17) == 9 and quorum_de(14) == 8


@pytest.mark.parametrize("nivel,miembros,quorum", CASOS)
def test_reglamento_quorum_en_letras_y_cifras(nivel, miembros, quorum, tmp_path):
    salida = generar(EJEMPLOS / nivel / "reglamento.yaml", destino=tmp_path / "r.docx").salida
    texto = texto_docx(salida)
    assert f"Siendo {miembros} los miembros, el quórum es de {quorum} integrantes." in texto
    perfil = yaml.safe_load((EJEMPLOS / nivel / "instancia.yaml").read_text(encoding="utf-8"))
    for i in ley.integrantes(nivel, perfil.get("opcionales")):
        assert i["texto"] in texto
    for f in ley.nivel(nivel)["funciones"]:
        assert f in texto


@pytest.mark.parametrize("nivel", ["regional", "provincial", "distrital"])
def test_reglamento_articulos_consecutivos_y_estilos(nivel, tmp_path):
    salida = generar(EJEMPLOS / nivel / "reglamento.yaml", destino=tmp_path / "r.docx").salida
    numeros = [n for n, _ in _articulos(salida)]
    assert numeros == list(range(1, len(numeros) + 1))
    estilos = {t: s for s, t in titulos(salida)}
    assert estilos["TÍTULO I: DISPOSICIONES GENERALES"] == "Heading 1"
    assert estilos["CAPÍTULO I: DE LOS INTEGRANTES"] == "Heading 2"
    assert estilos["Artículo 1.- Objeto"] == "Heading 3"
    nombres = [t for _, t in _articulos(salida)]
    for exigido in (
        "Objeto",
        "Finalidad",
        "Base legal",
        "Ámbito de aplicación",
        "Conformación",
        "Impedimentos",
        "Permanencia",
        "Vacancia",
        "Funciones de la Instancia",
        "Funciones de la Presidencia",
        "Funciones de la Secretaría Técnica",
        "Participación de otras entidades",
        "Sesiones ordinarias",
        "Sesiones extraordinarias",
        "Modalidad de las sesiones",
        "Convocatoria",
        "Quórum",
        "Asistencia",
        "Inasistencias",
        "Estructura de la sesión",
        "Votación",
        "Actas",
        "Comisiones o grupos de trabajo",
    ):
        assert exigido in nombres


def test_articulo_opcional_omitido_no_deja_hueco(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")  # con sesiones descentralizadas y artículo MIG
    con = _articulos(generar(carpeta / "reglamento.yaml", destino=tmp_path / "a.docx").salida)
    editar_yaml(carpeta / "reglamento.yaml", sesiones_descentralizadas="no", articulacion_mig="no")
    sin = _articulos(generar(carpeta / "reglamento.yaml", destino=tmp_path / "b.docx").salida)
    assert "Sesiones descentralizadas" in [t for _, t in con]
    assert "Sesiones descentralizadas" not in [t for _, t in sin]
    assert len(sin) == len(con) - 2
    assert [n for n, _ in sin] == list(range(1, len(sin) + 1))
    assert {t: n for n, t in sin}["Convocatoria"] == {t: n for n, t in con}["Convocatoria"] - 1


def test_periodicidad_plazos_extraordinarias_e_inasistencias(tmp_path):
    texto = texto_docx(generar(EJEMPLOS / "provincial" / "reglamento.yaml", destino=tmp_path / "r.docx").salida)
    assert (
        "sesión ordinaria de manera bimestral, es decir, una vez cada dos meses, lo que supone seis (6) sesiones"
        in texto
    )
    assert "no menor de cinco (5) días hábiles" in texto and "no menor de cuarenta y ocho (48) horas" in texto
    assert (
        "a propuesta de la Presidencia" in texto
        and "cincuenta por ciento más uno (50 % + 1) de los y las integrantes asistentes" in texto
    )
    assert "informa a la máxima autoridad de la entidad correspondiente" in texto
    assert "con voz y sin voto" in texto
    assert "Aprobado mediante Decreto de Alcaldía N° 003-2026-MPCH, de fecha 5 de junio de 2026" in texto
    assert "Registro de Deudores Alimentarios Morosos (REDAM)" in texto


def test_proyecto_sin_norma_de_aprobacion(tmp_path):
    texto = texto_docx(generar(EJEMPLOS / "distrital" / "reglamento.yaml", destino=tmp_path / "r.docx").salida)
    assert "PROYECTO" in texto and "Aprobado mediante" not in texto
    assert "en el ámbito territorial del distrito de Lajas" in texto


def test_sin_directorio_usa_numero_de_miembros(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    editar_yaml(carpeta / "instancia.yaml", integrantes=None)
    editar_yaml(carpeta / "reglamento.yaml", aprobado_en=None)  # sin directorio, ninguna acta es válida
    with pytest.raises(ErrorRespuestas, match="numero_miembros"):
        generar(carpeta / "reglamento.yaml", destino=tmp_path / "x.docx")
    editar_yaml(carpeta / "reglamento.yaml", numero_miembros=16)
    texto = texto_docx(generar(carpeta / "reglamento.yaml", destino=tmp_path / "r.docx").salida)
    assert "Siendo dieciséis (16) los miembros, el quórum es de nueve (9) integrantes." in texto


@pytest.mark.parametrize(
    "linea,esperado",
    [
        ("periodicidad_ordinaria: mensual\n", ["campo «periodicidad_ordinaria»", "campo desconocido"]),
        ("plazo_convocatoria_ordinaria_dias: cinco\n", ["campo «plazo_convocatoria_ordinaria_dias»", "número entero"]),
    ],
)
def test_entrada_mala_con_archivo_campo_y_linea(linea, esperado, tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    ruta = carpeta / "reglamento.yaml"
    texto = ruta.read_text(encoding="utf-8")
    if linea.startswith("plazo_convocatoria_ordinaria_dias"):
        texto = re.sub(r"^plazo_convocatoria_ordinaria_dias:.*\n", "", texto, flags=re.M)
    texto += linea
    ruta.write_text(texto, encoding="utf-8")
    numero = len(texto.splitlines())
    mensaje = error_de_la_cli(ruta, tmp_path)
    assert "reglamento.yaml" in mensaje and f"línea {numero}" in mensaje
    for parte in esperado:
        assert parte in mensaje
