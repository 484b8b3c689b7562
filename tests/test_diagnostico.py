"""Diagnóstico (Anexo 1): secciones, filas de tablas, totales y porcentajes calculados."""

from __future__ import annotations

import re

import docx
import pytest

from generador.errores import ErrorRespuestas
from generador.generacion import generar

from ayudas import EJEMPLOS, editar_yaml, error_de_la_cli, texto_docx, titulos


def _filas(salida, encabezado: str) -> list[list[str]]:
    """Filas (sin el encabezado) de la primera tabla cuya primera celda es `encabezado`."""
    for tabla in docx.Document(str(salida)).tables:
        filas = [[c.text for c in fila.cells] for fila in tabla.rows]
        if filas and filas[0][0] == encabezado:
            return filas[1:]
    raise AssertionError(f"no hay tabla «{encabezado}»")


@pytest.mark.parametrize("nivel", ["regional", "provincial", "distrital"])
def test_secciones_en_orden(nivel, tmp_path):
    salida = generar(EJEMPLOS / nivel / "diagnostico.yaml", destino=tmp_path / "d.docx").salida
    h1 = [t for s, t in titulos(salida) if s == "Heading 1"]
    assert h1 == [
        "I. PRESENTACIÓN",
        "II. MARCO NORMATIVO",
        "III. CARACTERIZACIÓN DEL TERRITORIO",
        "IV. SITUACIÓN DE LA VIOLENCIA",
        "V. COBERTURA Y CALIDAD DE LOS SERVICIOS DE PREVENCIÓN, ATENCIÓN Y PROTECCIÓN",
        "VI. INVERSIÓN PRESUPUESTAL",
        "VII. CONCLUSIONES",
        "VIII. RECOMENDACIONES",
        "IX. FUENTES",
    ]


def test_regional_totales_y_porcentajes_a_mano(tmp_path):
    salida = generar(EJEMPLOS / "regional" / "diagnostico.yaml", destino=tmp_path / "d.docx").salida
    # 1200 + 950 + 310 + 40 = 2500; 1200/2500 = 48.0 %, 950/2500 = 38.0 %, 310/2500 = 12.4 %, 40/2500 = 1.6 %
    assert _filas(salida, "Tipo de violencia") == [
        ["Psicológica", "1,200", "48.0 %"],
        ["Física", "950", "38.0 %"],
        ["Sexual", "310", "12.4 %"],
        ["Económica o patrimonial", "40", "1.6 %"],
        ["Total", "2,500", "100.0 %"],
    ]
    # PIM 150000 + 50000 = 200000; ejecutado 120000 + 35000 = 155000; 155000/200000 = 77.5 %
    assert _filas(salida, "Entidad")[-1] == ["Total", "", "S/ 200,000.00", "S/ 155,000.00", "77.5 %"]
    assert _filas(salida, "Entidad")[0][-1] == "80.0 %"
    # cifras publicadas (ENDES 2019, semilla 002) tal cual, con su fuente
    indicadores = _filas(salida, "Indicador")
    assert [
        "Mujeres víctimas de violencia física ejercida por el esposo o compañero",
        "9.7 %",
        "Región natural sierra",
        "INEI, ENDES 2019",
    ] in indicadores
    assert indicadores[0][1] == "10.0 %"


def test_porcentajes_redondeo_mitad_hacia_arriba(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    # 21 + 14 + 3 = 38: 55.26… → 55.3 %; 36.84… → 36.8 %; 7.89… → 7.9 %
    salida = generar(carpeta / "diagnostico.yaml", destino=tmp_path / "d.docx").salida
    assert _filas(salida, "Tipo de violencia") == [
        ["Psicológica", "21", "55.3 %"],
        ["Física", "14", "36.8 %"],
        ["Sexual", "3", "7.9 %"],
        ["Total", "38", "100.0 %"],
    ]
    editar_yaml(
        carpeta / "diagnostico.yaml",
        violencia_por_tipo={
            "fuente": "prueba",
            "filas": [{"categoria": "A", "cantidad": 1}, {"categoria": "B", "cantidad": 7}],
        },
    )
    salida = generar(carpeta / "diagnostico.yaml", destino=tmp_path / "e.docx").salida
    # 1/8 = 12.5 %, 7/8 = 87.5 %
    assert _filas(salida, "Tipo de violencia") == [
        ["A", "1", "12.5 %"],
        ["B", "7", "87.5 %"],
        ["Total", "8", "100.0 %"],
    ]


def test_sin_informacion_en_vez_de_huecos(tmp_path):
    texto = texto_docx(generar(EJEMPLOS / "distrital" / "diagnostico.yaml", destino=tmp_path / "d.docx").salida)
    for falta in (
        "los casos según modalidad",
        "la desagregación según sexo",
        "la desagregación según procedencia",
        "la cobertura y calidad de los servicios",
        "la inversión presupuestal",
        "la Encuesta Demográfica y de Salud Familiar (ENDES)",
        "los registros administrativos",
        "los indicadores de las encuestas nacionales",
    ):
        assert f"Sin información disponible para {falta}" in texto
    regional = texto_docx(generar(EJEMPLOS / "regional" / "diagnostico.yaml", destino=tmp_path / "r.docx").salida)
    assert "Sin información disponible para población por área de residencia." in regional
    assert "Sin información disponible para la Encuesta Nacional de Hogares (ENAHO)." in regional
    assert "Sin información disponible para la Encuesta Demográfica" not in regional


def test_provincial_tablas_de_territorio_y_modalidad(tmp_path):
    salida = generar(EJEMPLOS / "provincial" / "diagnostico.yaml", destino=tmp_path / "d.docx").salida
    # 48000 + 112000 = 160000: 30.0 % y 70.0 %
    assert _filas(salida, "Categoría")[:3] == [
        ["Urbana", "48,000", "30.0 %"],
        ["Rural", "112,000", "70.0 %"],
        ["Total", "160,000", "100.0 %"],
    ]
    # 260 + 130 + 10 = 400: 65.0 %, 32.5 %, 2.5 %
    assert _filas(salida, "Modalidad") == [
        ["Violencia en la relación de pareja", "260", "65.0 %"],
        ["Violencia familiar", "130", "32.5 %"],
        ["Acoso sexual en espacios públicos", "10", "2.5 %"],
        ["Total", "400", "100.0 %"],
    ]
    texto = texto_docx(salida)
    assert re.search(r"Tabla 1\. Población por área de residencia", texto)
    assert "Tabla 4. Personas atendidas según sexo" in texto


def test_total_tecleado_o_categoria_repetida_es_error(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    editar_yaml(
        carpeta / "diagnostico.yaml",
        violencia_por_tipo={
            "fuente": "prueba",
            "filas": [
                {"categoria": "Física", "cantidad": 1},
                {"categoria": "física", "cantidad": 2},
                {"categoria": "Total", "cantidad": 3},
            ],
        },
    )
    with pytest.raises(ErrorRespuestas) as exc:
        generar(carpeta / "diagnostico.yaml", destino=tmp_path / "x.docx")
    mensaje = str(exc.value)
    assert "aparece dos veces" in mensaje and "no escriba la fila de total" in mensaje
    assert "campo «violencia_por_tipo.filas[3].categoria»" in mensaje and "línea" in mensaje
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize(
    "linea,esperado",
    [
        ("territorio: Lajas\n", ["campo «territorio»", "campo desconocido"]),
        ("presupuesto:\n- {entidad: M, concepto: C, pim: mucho, ejecutado: 1}\n", ["presupuesto", "pim", "número"]),
    ],
)
def test_entrada_mala_con_archivo_campo_y_linea(linea, esperado, tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    ruta = carpeta / "diagnostico.yaml"
    texto = ruta.read_text(encoding="utf-8") + linea
    ruta.write_text(texto, encoding="utf-8")
    numero = len(texto.splitlines())
    mensaje = error_de_la_cli(ruta, tmp_path)
    assert "diagnostico.yaml" in mensaje and f"línea {numero}" in mensaje
    for parte in esperado:
        assert parte in mensaje
