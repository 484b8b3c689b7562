"""Los ejemplos son carpetas de instancia coherentes: pasan `validar` y `estado` sin incoherencias
a su fecha de referencia, y en todo lo generado de los tres niveles cada sesión nombrada tiene una
sola fecha (la de su acta) y cada DNI una sola persona (y cada persona un solo DNI)."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
import yaml
from click.testing import CliRunner

from generador.cli import principal
from generador.estado import calcular_estado
from generador.formato import fecha_larga

from ayudas import EJEMPLOS, FECHA_DE_REFERENCIA, texto_docx

NIVELES = ["regional", "provincial", "distrital"]
SESION = re.compile(r"\b([IVXLC]+ Sesión (?:Ordinaria|Extraordinaria) \d{4})\b")
FECHA = re.compile(r"\b(\d{1,2} de [a-z]+ de \d{4})\b")


@pytest.fixture(scope="module")
def generados(tmp_path_factory) -> dict[str, list[str]]:
    """{nivel: [texto de cada .docx generado de la carpeta]}, con `generador generar CARPETA`."""
    salida = tmp_path_factory.mktemp("carpetas")
    textos = {}
    for nivel in NIVELES:
        r = CliRunner().invoke(principal, ["generar", str(EJEMPLOS / nivel), "-o", str(salida / nivel)])
        assert r.exit_code == 0, r.output
        textos[nivel] = [texto_docx(p) for p in sorted((salida / nivel).glob("*.docx"))]
    return textos


@pytest.mark.parametrize("nivel", NIVELES)
def test_validar_la_carpeta_sale_con_cero(nivel):
    r = CliRunner().invoke(principal, ["validar", str(EJEMPLOS / nivel)])
    assert r.exit_code == 0, r.output
    assert ", 0 con error" in r.output


@pytest.mark.parametrize("nivel", NIVELES)
def test_estado_sin_incoherencias_ni_vencidos(nivel):
    r = CliRunner().invoke(principal, ["estado", str(EJEMPLOS / nivel), "--hoy", FECHA_DE_REFERENCIA])
    assert r.exit_code == 0, r.output
    assert "Incoherencias: ninguna." in r.output
    assert "vencido" not in r.output
    # la fecha de referencia está escrita en el perfil, donde la ve quien abre la carpeta
    assert f"--hoy {FECHA_DE_REFERENCIA}" in (EJEMPLOS / nivel / "instancia.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("nivel", NIVELES)
def test_historia_minima_de_la_carpeta(nivel):
    estado = calcular_estado(EJEMPLOS / nivel, dt.date.fromisoformat(FECHA_DE_REFERENCIA))
    sesiones = estado.sesiones
    assert any(not s["quorum"] for s in sesiones), "falta una sesión sin quórum"
    assert any("Extraordinaria" in s["nombre"] for s in sesiones), "falta una sesión extraordinaria"
    assert len({s["fecha"].year for s in sesiones}) >= 2, "la historia debe cubrir al menos dos años"
    hechas = {e.nombre for e in estado.etapas if e.estado == "hecho"}
    assert {"Reglamento interno aprobado", "Diagnóstico aprobado", "Instalación en acto público"} <= hechas
    assert {"Informe del I semestre 2027", "Informe del II semestre 2027"} <= hechas
    # lo aprobado, en sesiones con quórum y en el orden de los Lineamientos
    aprobados = {a: s for s in sesiones for a in s["aprobados"]}
    assert all(s["quorum"] for s in aprobados.values())
    assert (
        aprobados["reglamento.yaml"]["fecha"]
        <= aprobados["diagnostico.yaml"]["fecha"]
        <= aprobados["plan-trabajo.yaml"]["fecha"]
    )


@pytest.mark.parametrize("nivel", NIVELES)
def test_hay_un_oficio_de_inasistencia_real(nivel, tmp_path):
    """Al menos una entidad falta a dos sesiones seguidas, y el oficio sale solo para ella."""
    r = CliRunner().invoke(principal, ["generar", str(EJEMPLOS / nivel), "-o", str(tmp_path)])
    assert r.exit_code == 0, r.output
    oficios = sorted(tmp_path.glob("*_oficios.docx"))
    assert oficios
    assert all(texto_docx(p).count("OFICIO N°") >= 1 for p in oficios)


def test_cada_sesion_nombrada_tiene_una_sola_fecha(generados):
    for nivel, textos in generados.items():
        calculadas = {
            s["nombre"]: s["fecha"]
            for s in calcular_estado(EJEMPLOS / nivel, dt.date.fromisoformat(FECHA_DE_REFERENCIA)).sesiones
        }
        vistas: dict[str, set[str]] = {}
        for texto in textos:
            for linea in texto.splitlines():
                for m in SESION.finditer(linea):
                    cerca = FECHA.search(linea[m.end() : m.end() + 40])
                    if cerca:
                        vistas.setdefault(m.group(1), set()).add(cerca.group(1))
        assert vistas, nivel
        for nombre, fechas in vistas.items():
            assert nombre in calculadas, f"{nivel}: «{nombre}» no es una sesión de la carpeta"
            assert fechas == {fecha_larga(calculadas[nombre])}, f"{nivel}: «{nombre}» con fechas {fechas}"


def test_cada_dni_una_persona_en_los_tres_niveles(generados):
    por_dni: dict[str, set[str]] = {}
    for textos in generados.values():
        for texto in textos:
            lineas = texto.splitlines()
            for anterior, linea in itertools.pairwise(lineas):
                if re.fullmatch(r"\d{8}", linea.strip()):  # tabla de asistencia: Representante | DNI
                    nombre = re.split(r" \(|, ", anterior.strip())[0]  # sin «(titular)» ni el cargo
                    por_dni.setdefault(linea.strip(), set()).add(nombre)
    assert len(por_dni) > 30
    assert {d: n for d, n in por_dni.items() if len(n) > 1} == {}
    por_nombre: dict[str, set[str]] = {}
    for nivel in NIVELES:
        perfil = yaml.safe_load((EJEMPLOS / nivel / "instancia.yaml").read_text(encoding="utf-8"))
        personas = [perfil["presidencia"], perfil["secretaria_tecnica"]["responsable"]]
        personas += [p for m in perfil["integrantes"] for p in (m.get("titular"), m.get("alterno")) if p]
        for p in personas:
            por_nombre.setdefault(p["nombre"], set()).add(p["dni"])
            por_dni.setdefault(p["dni"], set()).add(p["nombre"])
    assert {n: d for n, d in por_nombre.items() if len(d) > 1} == {}
    assert {d: n for d, n in por_dni.items() if len(n) > 1} == {}


def test_sin_dominios_de_gobierno_ni_autoridades_reales():
    for nivel in NIVELES:
        for ruta in (EJEMPLOS / nivel).rglob("*.yaml"):
            texto = ruta.read_text(encoding="utf-8")
            assert ".gob.pe" not in texto and "@correo.pe" not in texto, ruta
            assert "Guevara Rodríguez" not in texto, ruta  # el gobernador regional en ejercicio
            assert "59.4" not in texto, ruta  # cifra sin fuente en las semillas
