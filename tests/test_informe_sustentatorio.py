"""Informe técnico sustentatorio (8.º tipo de documento, añadido solo como carpeta de plantilla).

Se comprueba el .docx generado en los tres niveles: títulos, destinatario, integrantes del nivel,
la frase «Sin información disponible» cuando faltan cifras, el mecanismo anterior que la ordenanza
deroga y los errores de entrada (archivo, campo y línea; nada escrito).
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from generador import ley
from generador.cli import principal
from generador.errores import ErrorRespuestas
from generador.generacion import generar
from generador.manifiesto import manifiesto
from generador.ubicaciones import RAIZ_PROYECTO as RAIZ

from ayudas import EJEMPLOS, editar_yaml, texto_docx, titulos

DOC = "informe-sustentatorio"
ARCHIVO = f"{DOC}.yaml"
NIVELES = ["regional", "provincial", "distrital"]

TITULOS_1 = ["I. ANTECEDENTES", "II. BASE LEGAL", "III. ANÁLISIS", "IV. CONCLUSIONES", "V. RECOMENDACIÓN", "VI. ANEXOS"]
TITULOS_2 = [
    "3.1. Situación de la violencia en el territorio",
    "3.2. Mecanismos de coordinación existentes",
    "3.3. Necesidad de crear la instancia",
    "3.4. Conformación propuesta",
]


def _generar(ruta, tmp_path, nombre="i.docx"):
    return generar(ruta, destino=tmp_path / nombre).salida


def test_es_solo_una_carpeta_sin_python_ni_reglas_ni_calculos():
    carpeta = RAIZ / "plantillas" / DOC
    assert sorted(p.name for p in carpeta.iterdir()) == ["fuente.txt", "manifiesto.yaml", "plantilla.docx"]
    m = manifiesto(DOC)
    assert m.reglas == [] and m.calculos == [] and m.verificar_integrantes
    assert {s.id for s in m.secciones} >= {
        "antecedentes",
        "base_legal",
        "analisis",
        "situacion",
        "mecanismos",
        "necesidad",
        "conformacion",
        "conclusiones",
        "recomendacion",
        "anexos",
    }


@pytest.mark.parametrize(
    "nivel,numero,destino,organo,firma",
    [
        (
            "regional",
            "INFORME TÉCNICO N° 012-2026-GR.CAJ/GRDS",
            "Gerencia General Regional",
            "Consejo Regional de Cajamarca",
            "Gobierno Regional de Cajamarca",
        ),
        (
            "provincial",
            "INFORME N° 045-2026-MPCH/GDS",
            "Gerencia Municipal",
            "Concejo Municipal Provincial de Chota",
            "Municipalidad Provincial de Chota",
        ),
        (
            "distrital",
            "INFORME N° 018-2026-MDL/SGDS",
            "Gerencia Municipal",
            "Concejo Municipal Distrital de Lajas",
            "Municipalidad Distrital de Lajas",
        ),
    ],
)
def test_titulos_destinatario_y_recomendacion_segun_nivel(nivel, numero, destino, organo, firma, tmp_path):
    salida = _generar(EJEMPLOS / nivel / ARCHIVO, tmp_path)
    estilos = titulos(salida)
    assert ("Title", numero) in estilos
    assert [t for s, t in estilos if s == "Heading 1"] == TITULOS_1
    assert [t for s, t in estilos if s == "Heading 2"] == TITULOS_2
    texto = texto_docx(salida)
    lineas = texto.splitlines()
    assert f"A: {destino}" in lineas
    assert re.search(
        rf"se recomienda a la {destino} aprobar el proyecto de Ordenanza (Regional|Municipal) que crea "
        rf"la Instancia .* y elevarlo, .* al {organo} para su debate y aprobación\.",
        texto,
    )
    assert lineas[-1] == firma
    # nunca «la distrito» ni «a el»
    assert "la distrito" not in texto and " a el " not in texto


@pytest.mark.parametrize("nivel", NIVELES)
def test_conformacion_con_todos_los_integrantes_del_nivel_numerados(nivel, tmp_path):
    texto = texto_docx(_generar(EJEMPLOS / nivel / ARCHIVO, tmp_path))
    # la lista completa de la norma, con los integrantes condicionales, como la ordenanza (issue 14)
    esperados = ley.nivel(nivel)["integrantes"]
    conformacion = texto.split("3.4. Conformación propuesta")[1].split("IV. CONCLUSIONES")[0]
    lineas = [l for l in conformacion.splitlines() if re.match(r"\d+\. ", l)]
    assert lineas == [f"{n}. {i['texto']}." for n, i in enumerate(esperados, 1)]
    assert len(lineas) == {"regional": 13, "provincial": 14, "distrital": 13}[nivel]


def test_base_legal_cita_solo_articulos_confirmados(tmp_path):
    regional = texto_docx(_generar(EJEMPLOS / "regional" / ARCHIVO, tmp_path, "r.docx"))
    provincial = texto_docx(_generar(EJEMPLOS / "provincial" / ARCHIVO, tmp_path, "p.docx"))
    assert "Los artículos 105 y 106 del Reglamento de la Ley N° 30364" in regional
    assert "El artículo 191 de la Constitución Política del Perú." in regional
    # 107 y 108 no están confirmados en ley.yaml: el informe cita el Reglamento sin artículo
    assert "107" not in provincial and "108" not in provincial
    assert "Reglamento de la Ley N° 30364, aprobado por Decreto Supremo N° 009-2016-MIMP." in provincial


def test_sin_cifras_dice_sin_informacion_disponible(tmp_path, copia_ejemplos):
    distrital = texto_docx(_generar(EJEMPLOS / "distrital" / ARCHIVO, tmp_path, "d.docx"))
    assert "Sin información disponible sobre la situación de la violencia" in distrital
    assert "en el distrito de Lajas" in distrital

    carpeta = copia_ejemplos("provincial")
    con = texto_docx(_generar(carpeta / ARCHIVO, tmp_path, "con.docx"))
    assert "Sin información disponible" not in con
    assert (
        "(fuente: INEI, ENDES 2019, según el reporte de cumplimiento de la Política Nacional de Igualdad de Género del MIMP)."
        in con
    )
    editar_yaml(carpeta / ARCHIVO, cifras=None)
    sin = texto_docx(_generar(carpeta / ARCHIVO, tmp_path, "sin.docx"))
    assert (
        "Sin información disponible sobre la situación de la violencia contra las mujeres y los integrantes "
        "del grupo familiar en la provincia de Chota" in sin
    )
    assert "ENDES 2019" not in sin.replace("(ENDES, ENARES)", "")


def test_mecanismo_anterior_derogado_y_anexos_sin_huecos(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    con = texto_docx(_generar(carpeta / ARCHIVO, tmp_path, "con.docx"))
    assert (
        "el proyecto de ordenanza deroga la Ordenanza Municipal N° 01-2020-MPCH y crea en su lugar la Instancia, "
        "que asume las funciones del mecanismo anterior" in con
    )
    assert "2. Copia de la Ordenanza Municipal N° 01-2020-MPCH" in con
    assert "3. Copia del acta de la reunión" in con
    editar_yaml(carpeta / ARCHIVO, mecanismo_anterior=None, otros_mecanismos=None)
    sin = texto_docx(_generar(carpeta / ARCHIVO, tmp_path, "sin.docx"))
    assert "01-2020-MPCH" not in sin and "No se ha identificado en el territorio un mecanismo" in sin
    anexos = sin.split("VI. ANEXOS")[1].splitlines()
    assert [l.split(".")[0] for l in anexos if re.match(r"\d+\. ", l)] == ["1", "2"]
    assert "2. Copia del acta de la reunión" in sin


def test_destinatario_de_la_respuesta_y_atencion(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("regional")
    editar_yaml(
        carpeta / ARCHIVO, destinatario="Gerencia Regional de Planeamiento", destinatario_nombre="Ana Lucía Torres Vela"
    )
    lineas = texto_docx(_generar(carpeta / ARCHIVO, tmp_path)).splitlines()
    assert "A: Gerencia Regional de Planeamiento" in lineas
    assert "Atención: Ana Lucía Torres Vela" in lineas
    assert any(
        l.startswith("Por lo expuesto, se recomienda a la Gerencia Regional de Planeamiento aprobar") for l in lineas
    )


def test_entrada_mala_nombra_archivo_campo_y_linea_y_no_escribe(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    ruta = carpeta / ARCHIVO
    texto = ruta.read_text(encoding="utf-8")
    texto = texto.replace(
        "  fuente: INEI, ENDES 2019, según el reporte de cumplimiento de la Política Nacional de Igualdad de Género del MIMP\n",
        "",
    ).replace("fecha: '2026-02-16'", "fecha: '2026-02-30'")
    ruta.write_text(texto, encoding="utf-8")
    lineas = texto.splitlines()
    linea_fecha = lineas.index("fecha: '2026-02-30'") + 1
    linea_cifra = next(n for n, l in enumerate(lineas, 1) if l.startswith("- dato: Al cierre de 2019, la prevalencia"))

    with pytest.raises(ErrorRespuestas) as error:
        generar(ruta, destino=tmp_path / "x.docx")
    mensaje = str(error.value)
    assert (
        f"{ruta}, línea {linea_fecha}" in mensaje and "campo «fecha»" in mensaje and "no es una fecha válida" in mensaje
    )
    assert (
        f"{ruta}, línea {linea_cifra}" in mensaje
        and "campo «cifras[2].fuente»: falta este campo obligatorio" in mensaje
    )
    assert not (tmp_path / "x.docx").exists()

    salida = tmp_path / "salida"
    resultado = CliRunner().invoke(principal, ["generar", str(ruta), "-o", str(salida)])
    assert resultado.exit_code != 0
    assert f"línea {linea_cifra}" in resultado.output and "cifras[2].fuente" in resultado.output
    assert not salida.exists() or not any(salida.iterdir())
