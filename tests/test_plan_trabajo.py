"""Plan de trabajo (Anexo 2): matriz, presupuestos calculados, cronograma y avisos/errores."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from generador.cli import principal
from generador.errores import ErrorRespuestas
from generador.generacion import generar
from generador.manifiesto import codigo_del_tipo
from generador.plazos import Calendario
from generador.verificacion import leer_parrafos

from ayudas import error_al_generar, reemplazar

limite_aprobacion = codigo_del_tipo("plan-trabajo").limite_aprobacion
ultimo_dia_habil = Calendario().ultimo_habil_del_mes

RAIZ = Path(__file__).resolve().parent.parent
EJEMPLOS = RAIZ / "ejemplos"


def copiar(tmp_path: Path, nivel: str) -> Path:
    """La carpeta de instancia entera (el plan nombra la sesión que lo aprobó y su diagnóstico)."""
    carpeta = tmp_path / nivel
    shutil.copytree(EJEMPLOS / nivel, carpeta)
    return carpeta / "plan-trabajo.yaml"


def linea_de(ruta: Path, fragmento: str) -> int:
    texto = ruta.read_text(encoding="utf-8")
    return texto[: texto.index(fragmento)].count("\n") + 1


def tablas(ruta: Path) -> list[list[list[str]]]:
    return [[[c.text for c in fila.cells] for fila in t.rows] for t in docx.Document(str(ruta)).tables]


@pytest.fixture(scope="module")
def generados(tmp_path_factory):
    salida = tmp_path_factory.mktemp("plan")
    return {
        nivel: generar(EJEMPLOS / nivel / "plan-trabajo.yaml", destino=salida / f"{nivel}.docx")
        for nivel in ("regional", "provincial", "distrital")
    }


@pytest.mark.parametrize("nivel", ["regional", "provincial", "distrital"])
def test_secciones_y_sin_avisos(generados, nivel):
    r = generados[nivel]
    assert r.avisos == []
    titulos = [p.text for p in docx.Document(str(r.salida)).paragraphs if p.style.name == "Heading 1"]
    assert titulos == [
        "I. PRESENTACIÓN",
        "II. BASE LEGAL",
        "III. DIAGNÓSTICO RESUMIDO",
        "IV. ALINEAMIENTO",
        "V. OBJETIVOS",
        "VI. MATRIZ DE ACTIVIDADES",
        "VII. CRONOGRAMA",
        "VIII. PRESUPUESTO",
        "IX. SEGUIMIENTO Y EVALUACIÓN",
        "X. APROBACIÓN",
    ]


def test_matriz_y_presupuesto_regional(generados):
    t = tablas(generados["regional"].salida)
    matriz = next(x for x in t if x[0][0] == "Código" and x[0][1] == "Actividad")
    assert matriz[0] == [
        "Código",
        "Actividad",
        "Indicador",
        "Línea base",
        "Meta 2027",
        "Responsable",
        "Cronograma",
        "Presupuesto",
        "Fuente",
    ]
    assert [f[0] for f in matriz[1:]] == ["OE1", "A1.1", "A1.2", "OE2", "A2.1", "A2.2", "OE3", "A3.1", "A3.2", "Total"]
    assert matriz[2] == [
        "A1.1",
        "Talleres de prevención de la violencia con docentes y familias",
        "Número de talleres realizados",
        "6",
        "12 talleres",
        "Dirección Regional de Educación Cajamarca",
        "Abr, May, Jun, Ago, Set, Oct",
        "S/ 18,000.00",
        "Recursos Ordinarios",
    ]
    assert matriz[5][6] == "T1, T2, T3, T4"
    assert matriz[9][7:] == ["S/ 0.00", "—"]
    # A mano: OE1 = 18,000 + 25,000 = 43,000; OE2 = 30,000 + 12,500 = 42,500; OE3 = 6,000 + 0.
    assert matriz[1][7] == "S/ 43,000.00" and matriz[4][7] == "S/ 42,500.00" and matriz[7][7] == "S/ 6,000.00"
    assert matriz[-1][7] == "S/ 91,500.00"
    por_objetivo = next(x for x in t if x[0][0] == "Objetivo")
    # 43,000/91,500 = 46.99 %; 42,500/91,500 = 46.45 %; 6,000/91,500 = 6.56 %
    assert [f[1:] for f in por_objetivo[1:]] == [
        ["2", "S/ 43,000.00", "47.0 %"],
        ["2", "S/ 42,500.00", "46.4 %"],
        ["2", "S/ 6,000.00", "6.6 %"],
        ["6", "S/ 91,500.00", "100.0 %"],
    ]
    fuentes = next(x for x in t if x[0][0] == "Fuente de financiamiento")
    # RO = 18,000 + 25,000 + 30,000 (AURORA, programa nacional: issue 14) + 6,000 = 79,000 (86.3 %);
    # RDR 12,500 (13.7 %)
    assert fuentes[1:] == [
        ["Recursos Ordinarios", "S/ 79,000.00", "86.3 %"],
        ["Recursos Directamente Recaudados", "S/ 12,500.00", "13.7 %"],
    ]
    cronograma = next(x for x in t if x[0][:2] == ["Código", "Ene"])
    assert cronograma[2] == ["A1.2"] + [""] * 10 + ["X", ""]  # noviembre
    assert cronograma[3] == ["A2.1"] + ["X"] * 12  # T1…T4 = todo el año
    texto = "\n".join(leer_parrafos(generados["regional"].salida))
    assert "seis (6) actividades en tres (3) objetivos, con un presupuesto total de S/ 91,500.00" in texto
    # en la carpeta: la sesión que lo aprobó (aprobado_en) y el diagnóstico (diagnostico) se citan solos
    assert "en su V Sesión Ordinaria 2026, realizada el 20 de noviembre de 2026." in texto
    assert "aprobado en la IV Sesión Ordinaria 2026, del 18 de setiembre de 2026" in texto
    assert "Secretaría Técnica de la CMAN" in texto


def test_plan_multianual_provincial(generados):
    t = tablas(generados["provincial"].salida)
    matriz = next(x for x in t if x[0][0] == "Código" and x[0][1] == "Actividad")
    assert matriz[0][4] == "Meta 2027-2029"
    assert matriz[2][4] == "2027: 10 talleres; 2028: 12 talleres; 2029: 12 talleres"
    assert matriz[-1][7] == "S/ 31,500.00"  # 9,000 + 15,000 + 7,500 + 0
    por_objetivo = next(x for x in t if x[0][0] == "Objetivo")
    assert por_objetivo[1][2:] == ["S/ 24,000.00", "76.2 %"]  # 24,000 / 31,500
    texto = "\n".join(leer_parrafos(generados["provincial"].salida))
    assert "PLAN DE TRABAJO 2027-2029" in texto and "Plan multianual" in texto
    assert "Presidencia de la Instancia Regional de Concertación" in texto


def test_presupuesto_distrital(generados):
    t = tablas(generados["distrital"].salida)
    fuentes = next(x for x in t if x[0][0] == "Fuente de financiamiento")
    # fuentes del clasificador del MEF (issue 14): RO = 1,200 + 1,800 (CEM) = 3,000 (54.5 %);
    # Recursos Determinados (FONCOMUN de la Municipalidad) 2,500 (45.5 %); total 5,500
    assert fuentes[1:] == [
        ["Recursos Ordinarios", "S/ 3,000.00", "54.5 %"],
        ["Recursos Determinados", "S/ 2,500.00", "45.5 %"],
    ]
    por_objetivo = next(x for x in t if x[0][0] == "Objetivo")
    assert por_objetivo[-1][2] == "S/ 5,500.00"


def test_ultimo_dia_habil():
    assert ultimo_dia_habil(2026, 11) == dt.date(2026, 11, 30)  # lunes
    assert ultimo_dia_habil(2025, 11) == dt.date(2025, 11, 28)  # el 30 es domingo
    assert ultimo_dia_habil(2024, 11) == dt.date(2024, 11, 29)  # el 30 es sábado
    assert ultimo_dia_habil(2027, 12) == dt.date(2027, 12, 31)
    assert limite_aprobacion(2027) == dt.date(2026, 11, 30)


def test_dias_habiles_con_feriados_del_peru_y_dias_no_laborables():
    calendario = Calendario()
    assert calendario.feriado(dt.date(2026, 7, 28)) == "Día de la Independencia"
    # 2026-07-27 (lunes) es hábil salvo que se decrete no laborable; 28 y 29 son feriados
    assert calendario.sumar(dt.date(2026, 7, 24), 2) == dt.date(2026, 7, 30)
    decretado = Calendario([dt.date(2026, 7, 27)])
    assert decretado.sumar(dt.date(2026, 7, 24), 2) == dt.date(2026, 7, 31)
    # Jueves y Viernes Santo 2027 (25 y 26 de marzo): 15 días hábiles desde el 22 de marzo
    assert calendario.sumar(dt.date(2027, 3, 22), 15) == dt.date(2027, 4, 14)
    # noviembre de 2030: el 30 es sábado; el 29, viernes hábil
    assert limite_aprobacion(2031) == dt.date(2030, 11, 29)
    assert limite_aprobacion(2031, {"dias_no_laborables": [dt.date(2030, 11, 29)]}) == dt.date(2030, 11, 28)


def test_aviso_aprobacion_tardia_y_estricto(tmp_path):
    ruta = copiar(tmp_path, "regional")
    # sin acta en la carpeta: la fecha y la sesión tecleadas
    linea = reemplazar(
        ruta,
        "aprobado_en: sesiones/2026-11-20-ordinaria.yaml",
        "fecha_aprobacion: '2026-12-01'\nsesion_aprobacion: VI Sesión Ordinaria 2026",
    )
    r = generar(ruta, destino=tmp_path / "a.docx")
    assert len(r.avisos) == 1
    assert f"plan-trabajo.yaml, línea {linea}, columna 1, campo «fecha_aprobacion»" in r.avisos[0]
    assert "después del último día hábil de noviembre del año anterior (30/11/2026)" in r.avisos[0]
    with pytest.raises(ErrorRespuestas, match="modo estricto"):
        generar(ruta, destino=tmp_path / "b.docx", estricto=True)
    assert not (tmp_path / "b.docx").exists()
    # El primer plan de la instancia puede aprobarse después (S001 §7.3.3.1.4).
    reemplazar(ruta, "periodo_inicio: 2027", "periodo_inicio: 2027\nprimer_plan: sí")
    assert generar(ruta, destino=tmp_path / "c.docx").avisos == []


def test_aviso_multianual_no_aplica_plazo(tmp_path):
    ruta = copiar(tmp_path, "provincial")
    reemplazar(
        ruta,
        "aprobado_en: sesiones/2026-11-13-ordinaria.yaml",
        "fecha_aprobacion: '2026-12-15'\nsesion_aprobacion: VI Sesión Ordinaria 2026",
    )
    assert generar(ruta, destino=tmp_path / "a.docx").avisos == []


def test_avisos_actividad_incompleta(tmp_path):
    ruta = copiar(tmp_path, "regional")
    reemplazar(ruta, "  indicador: Número de talleres realizados\n", "")
    linea_resp = reemplazar(
        ruta,
        "  responsable: Oficina Regional de Planeamiento, Presupuesto y Acondicionamiento Territorial",
        "  responsable:",
    )
    reemplazar(ruta, "  metas:\n  - valor: 4\n  responsable: Gobierno Regional", "  responsable: Gobierno Regional")
    r = generar(ruta, destino=tmp_path / "a.docx")
    linea_a11 = linea_de(ruta, "- id: A1.1")
    linea_a31 = linea_de(ruta, "- id: A3.1")
    assert any(
        f"línea {linea_a11}, columna 3, campo «actividades[1]»: la actividad «A1.1» no tiene indicador" in a
        for a in r.avisos
    )
    assert any(
        f"línea {linea_resp}, columna 3, campo «actividades[4].responsable»: la actividad «A2.2» no tiene institución responsable"
        in a
        for a in r.avisos
    )
    assert any(
        f"línea {linea_a31}, columna 3, campo «actividades[5]»: la actividad «A3.1» no tiene meta" in a
        for a in r.avisos
    )
    assert len(r.avisos) == 3
    texto = "\n".join(leer_parrafos(r.salida))
    assert "Sin indicador" in texto and "Sin responsable" in texto and "Sin meta" in texto


def test_aviso_sin_sensibilizacion_25_noviembre(tmp_path):
    ruta = copiar(tmp_path, "provincial")
    reemplazar(ruta, "tipo: sensibilizacion", "tipo: prevencion")
    r = generar(ruta, destino=tmp_path / "a.docx")
    linea = linea_de(ruta, "actividades:")
    assert len(r.avisos) == 3  # uno por año: 2027, 2028 y 2029
    for anio, aviso in zip((2027, 2028, 2029), r.avisos):
        assert (
            f"línea {linea}, columna 1, campo «actividades»: {anio}: ninguna actividad de «tipo: sensibilizacion»"
            in aviso
        )
        assert "25 de noviembre" in aviso
    # Sensibilización sí, pero en octubre: tampoco cuenta.
    ruta = copiar(tmp_path, "distrital")
    reemplazar(ruta, "cronograma: [noviembre]", "cronograma: [octubre]")
    avisos = generar(ruta, destino=tmp_path / "b.docx").avisos
    assert len(avisos) == 1 and "2027: ninguna actividad" in avisos[0]


def test_error_id_duplicado(tmp_path):
    ruta = copiar(tmp_path, "regional")
    linea = reemplazar(ruta, "- id: A1.2", "- id: A1.1")
    resultado = CliRunner().invoke(principal, ["generar", str(ruta), "-o", str(tmp_path / "salida")])
    assert resultado.exit_code != 0
    salida = resultado.output + (resultado.stderr if resultado.stderr_bytes is not None else "")
    assert f"plan-trabajo.yaml, línea {linea}, columna 3, campo «actividades[2].id»" in salida
    assert "el id de actividad «A1.1» está repetido" in salida
    assert not (tmp_path / "salida").exists() or not any((tmp_path / "salida").iterdir())


@pytest.mark.parametrize(
    "viejo, nuevo, campo, mensaje",
    [
        (
            "  - {periodo: 2028, valor: 12}",
            "  - {periodo: 2030, valor: 12}",
            "actividades[1].metas[2].periodo",
            "el año 2030 está fuera del periodo del plan (2027-2029)",
        ),
        ("  - {periodo: 2029, valor: 1}", "  - {valor: 1}", "actividades[2].metas[3]", "indique el «periodo»"),
        ("cronograma: [T2, T3]", "cronograma: [T2, T5]", "actividades[3].cronograma[2]", "«T5» no es un mes"),
        (
            "objetivo: OE2\n  tipo: atencion",
            "objetivo: OE9\n  tipo: atencion",
            "actividades[3].objetivo",
            "el objetivo «OE9» no está en «objetivos»",
        ),
        ("presupuesto: 0", "presupuesto: -7500", "actividades[4].presupuesto", "debe ser mayor o igual que 0"),
    ],
)
def test_errores_de_la_matriz(tmp_path, viejo, nuevo, campo, mensaje):
    ruta = copiar(tmp_path, "provincial")
    linea = reemplazar(ruta, viejo, nuevo)
    texto = error_al_generar(ruta, tmp_path)
    assert f"campo «{campo}»" in texto and mensaje in texto
    assert f"línea {linea}," in texto or f"línea {linea + 1}," in texto
