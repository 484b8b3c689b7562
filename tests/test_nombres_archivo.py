"""Nombres de archivo y carpeta seguros: largo en bytes, únicos, sin bidi/control, sin nombres reservados de Windows."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from generador.cli import principal
from generador.generacion import nombre_archivo

RESERVADOS = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def _componentes(carpeta: Path) -> list[str]:
    return [p.name for p in carpeta.rglob("*")]


@pytest.mark.parametrize("texto", ["a" * 300, "ñ" * 130, "Ñandú " * 60, "😀" * 70])
def test_nombre_largo_se_recorta_en_bytes_sin_partir_caracteres(texto):
    nombre = nombre_archivo(texto, espacios=True)
    assert len(nombre.encode("utf-8")) <= 200
    assert nombre.encode("utf-8").decode("utf-8") == nombre
    assert nombre[:20] == texto[:20].strip()


def test_nombres_largos_distintos_siguen_siendo_distintos():
    a, b = "ñ" * 130 + "uno", "ñ" * 130 + "dos"
    assert nombre_archivo(a) != nombre_archivo(b)
    assert nombre_archivo(a) == nombre_archivo(a)  # estable entre ejecuciones
    assert nombre_archivo("Pisac") == "Pisac"  # lo corto no cambia


@pytest.mark.parametrize(
    "texto",
    [
        "x\u202egpj.exe",
        "a\u200bb",
        "\u2066iz\u2069",
        "\ufeffLima",
        "tab\tcr\rnl\n",
        "\u200e\u200fZ",
        "del\x7f",
        "\x85sig",
    ],
)
def test_sin_caracteres_bidireccionales_ni_de_control(texto):
    nombre = nombre_archivo(texto, espacios=True)
    assert nombre and all(unicodedata.category(c)[0] != "C" for c in nombre), repr(nombre)
    assert "\u202e" not in nombre_archivo("x\u202egpj.exe") and nombre_archivo("x\u202egpj.exe") == "xgpj.exe"


@pytest.mark.parametrize("texto", ["CON", "nul", "Com1", "LPT9", "con.docx", "AUX.tar.gz", "PRN "])
def test_nombres_reservados_de_windows_se_evitan(texto):
    nombre = nombre_archivo(texto)
    assert nombre.split(".")[0].strip().upper() not in RESERVADOS
    assert "CON" in nombre.upper() or "NUL" in nombre.upper() or nombre  # conserva el texto reconocible


@pytest.mark.parametrize(
    "texto", ['=HYPERLINK("http://x","clic")', "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2+3", "\t=1", "\r=1"]
)
def test_formulas_fuera_de_los_nombres(texto):
    nombre = nombre_archivo(texto, espacios=True)
    assert nombre[0] not in "=+-@\t\r", nombre


def test_lote_con_nombres_hostiles_escribe_nombres_seguros(tmp_path):
    distritos = ["a" * 300, "ñ" * 130, "x\u202egpj.exe", "CON", '=HYPERLINK("http://x","clic")', "+1+1"]
    tabla = tmp_path / "t.csv"
    with tabla.open("w", encoding="utf-8", newline="") as f:
        escritor = csv.writer(f)
        escritor.writerow(["nivel", "departamento", "provincia", "distrito", "ordenanza.fecha"])
        for d in distritos:
            escritor.writerow(["distrital", "Cajamarca", "Chota", d, "2026-04-10"])
    carpeta = tmp_path / "lote"
    r = CliRunner().invoke(
        principal, ["lote", str(tabla), "--documentos", "ordenanza", "-o", str(carpeta), "--procesos", "1"]
    )
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    # ningún distrito así existe en el ubigeo del INEI: cada fila se rechaza con su campo, y
    # ningún nombre hostil llega a una ruta (los nombres seguros se prueban arriba, uno por uno)
    assert "0 generados" in r.output and "6 con error" in r.output, r.output
    assert r.output.count("campo «instancia.distrito»") >= 5
    assert "\u202e" not in r.output
    for nombre in _componentes(carpeta):
        assert len(nombre.encode("utf-8")) <= 255
        assert all(unicodedata.category(c)[0] != "C" for c in nombre)
        assert nombre.split(".")[0].upper() not in RESERVADOS
        assert nombre[0] not in "=+-@"
    assert not list(carpeta.rglob("*.docx"))
