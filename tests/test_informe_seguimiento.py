"""Informe de seguimiento (Anexo 4): lee el plan, % de avance, semáforo, destino y errores."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from generador.cli import principal
from generador.errores import ErrorRespuestas
from generador.generacion import generar
from generador.verificacion import leer_parrafos

from ayudas import error_al_generar, reemplazar

RAIZ = Path(__file__).resolve().parent.parent
EJEMPLOS = RAIZ / "ejemplos"


def copiar(tmp_path: Path, nivel: str, informe: str = "informe-seguimiento-semestre1.yaml") -> Path:
    """La carpeta de instancia entera (el plan nombra la sesión que lo aprobó y su diagnóstico)."""
    carpeta = tmp_path / nivel
    if not carpeta.exists():
        shutil.copytree(EJEMPLOS / nivel, carpeta)
    return carpeta / informe


def tablas(ruta: Path) -> list[list[list[str]]]:
    return [[[c.text for c in fila.cells] for fila in t.rows] for t in docx.Document(str(ruta)).tables]


def avance(ruta: Path):
    t = tablas(ruta)
    objetivos = next(x for x in t if x[0][0] == "Objetivo")
    actividades = next(x for x in t if x[0][:2] == ["Código", "Actividad"])
    return objetivos, {f[0]: f[3:7] for f in actividades[1:]}


@pytest.fixture(scope="module")
def generados(tmp_path_factory):
    salida = tmp_path_factory.mktemp("informe")
    return {
        (nivel, periodo): generar(
            EJEMPLOS / nivel / f"informe-seguimiento-{periodo}.yaml", destino=salida / f"{nivel}-{periodo}.docx"
        )
        for nivel in ("regional", "provincial", "distrital")
        for periodo in ("semestre1", "semestre2", "anual")
    }


@pytest.mark.parametrize("nivel", ["regional", "provincial", "distrital"])
@pytest.mark.parametrize("periodo", ["semestre1", "semestre2", "anual"])
def test_secciones(generados, nivel, periodo):
    r = generados[(nivel, periodo)]
    assert r.avisos == []
    titulos = [p.text for p in docx.Document(str(r.salida)).paragraphs if p.style.name == "Heading 1"]
    assert titulos == [
        "I. PRESENTACIÓN",
        "II. RESUMEN EJECUTIVO",
        "III. AVANCE POR OBJETIVO Y ACTIVIDAD",
        "IV. DIFICULTADES",
        "V. MEDIDAS CORRECTIVAS",
        "VI. CONCLUSIONES",
        "VII. RECOMENDACIONES",
        "VIII. ANEXOS Y EVIDENCIAS",
    ]


def test_regional_semestre1(generados):
    ruta = generados[("regional", "semestre1")].salida
    objetivos, filas = avance(ruta)
    # Meta del semestre = meta anual × meses del cronograma en ene-jun / meses del cronograma:
    # A1.1 12×3/6 = 6 → 5/6 = 83.3 %; A2.1 4×6/12 = 2 → 100 %; A2.2 2×1/2 = 1 → 100 %;
    # A3.1 4×2/4 = 2 → 1/2 = 50 %; A1.2 (nov) y A3.2 (jul, dic) no programadas en el semestre.
    assert filas["A1.1"] == ["6", "5", "83.3 %", "Amarillo"]
    assert filas["A2.1"] == ["2", "2", "100.0 %", "Verde"]
    assert filas["A2.2"] == ["1", "1", "100.0 %", "Verde"]
    assert filas["A3.1"] == ["2", "1", "50.0 %", "Amarillo"]
    assert filas["A1.2"] == ["0", "0", "No programada", "—"]
    # Objetivos: promedio simple; plan: (83.33 + 100 + 100 + 50) / 4 = 83.3 %
    assert [f[1:] for f in objetivos[1:]] == [
        ["1", "83.3 %", "Amarillo"],
        ["2", "100.0 %", "Verde"],
        ["1", "50.0 %", "Amarillo"],
        ["4", "83.3 %", "Amarillo"],
    ]
    texto = "\n".join(leer_parrafos(ruta))
    assert "Presupuesto ejecutado en el periodo: S/ 29,000.00" in texto  # 7,500+14,000+6,000+1,500
    assert "cuatro (4) de sus seis (6) actividades" in texto
    cabecera = tablas(ruta)[0]
    assert cabecera[0][1].startswith(
        "Secretaría Técnica de la Comisión Multisectorial de Alto Nivel"
    )  # sigla definida en su primer uso (issue 14)
    assert cabecera[1][1].startswith("Isidoro Calua Malca, Gobernador Regional de Cajamarca")


def test_regional_anual_suma_semestres(generados):
    objetivos, filas = avance(generados[("regional", "anual")].salida)
    # A1.1 (5+6)/12 = 91.7 %; A3.1 (1+2)/4 = 75 %; A3.2 (0+1)/2 = 50 %
    assert filas["A1.1"] == ["12", "11 (5 + 6)", "91.7 %", "Verde"]
    assert filas["A3.1"] == ["4", "3 (1 + 2)", "75.0 %", "Amarillo"]
    assert filas["A3.2"] == ["2", "1 (0 + 1)", "50.0 %", "Amarillo"]
    # OE1 (91.67+100)/2 = 95.8; OE3 (75+50)/2 = 62.5; plan (91.67+100+100+100+75+50)/6 = 86.1
    assert [f[2:] for f in objetivos[1:]] == [
        ["95.8 %", "Verde"],
        ["100.0 %", "Verde"],
        ["62.5 %", "Amarillo"],
        ["86.1 %", "Amarillo"],
    ]


def test_provincial_destino_y_umbrales(generados, tmp_path):
    ruta = generados[("provincial", "semestre1")].salida
    objetivos, filas = avance(ruta)
    # P1.1 10×3/5 = 6 → 4/6 = 66.7 %; P2.1 6×3/6 = 3 → 100 %; P2.2 4×6/12 = 2 → 50 %; plan 72.2 %
    assert filas["P1.1"] == ["6", "4", "66.7 %", "Amarillo"]
    assert objetivos[-1][2:] == ["72.2 %", "Amarillo"]
    assert tablas(ruta)[0][0][1] == "Presidencia de la Instancia Regional de Concertación de Cajamarca"
    # II semestre: P1.1 10 − 6 = 4 (setiembre y octubre) → 4/4 = 100 %; P2.1 6 − 3 = 3 → 2/3 = 66.7 %
    _, filas = avance(generados[("provincial", "semestre2")].salida)
    assert filas["P1.1"] == ["4", "4", "100.0 %", "Verde"]
    assert filas["P2.1"] == ["3", "2", "66.7 %", "Amarillo"]
    objetivos, filas = avance(generados[("provincial", "anual")].salida)
    assert filas["P1.1"] == ["10", "8 (4 + 4)", "80.0 %", "Amarillo"]
    assert objetivos[-1][2:] == ["84.6 %", "Amarillo"]  # (80+100+83.33+75)/4 = 84.58
    # Umbrales desde las respuestas: con verde = 84 el mismo avance es verde.
    informe = copiar(tmp_path, "provincial", "informe-seguimiento-anual.yaml")
    reemplazar(informe, "anio: 2027", "anio: 2027\numbral_verde: 84\numbral_amarillo: 80")
    r = generar(informe, destino=tmp_path / "a.docx")
    objetivos, filas = avance(r.salida)
    assert objetivos[-1][2:] == ["84.6 %", "Verde"]
    assert filas["P2.2"] == ["4", "3 (1 + 2)", "75.0 %", "Rojo"]  # 75 < 80


def test_distrital(generados):
    ruta = generados[("distrital", "semestre1")].salida
    objetivos, filas = avance(ruta)
    # D1.1 8×2/3 = 5.33 → meta entera 5 (issue 14) → 4/5 = 80 %; D2.1 4×3/6 = 2 → 0 %; plan (80+0)/2 = 40 % (rojo)
    assert filas["D1.1"] == ["5", "4", "80.0 %", "Amarillo"]
    assert filas["D2.1"] == ["2", "0", "0.0 %", "Rojo"]
    assert objetivos[-1][2:] == ["40.0 %", "Rojo"]
    assert tablas(ruta)[0][0][1] == "Presidencia de la Instancia Provincial de Concertación de Chota"
    # II semestre: D1.1 8 − 5 = 3 (octubre); D2.1 4 − 2 = 2: lo ejecutado llega justo a la meta
    objetivos, filas = avance(generados[("distrital", "semestre2")].salida)
    assert filas["D1.1"] == ["3", "3", "100.0 %", "Verde"]
    assert filas["D2.1"] == ["2", "2", "100.0 %", "Verde"]
    assert objetivos[-1][2:] == ["100.0 %", "Verde"]
    objetivos, _ = avance(generados[("distrital", "anual")].salida)
    assert objetivos[-1][2:] == ["79.2 %", "Amarillo"]  # (7/8 = 87.5 + 100 + 2/4 = 50)/3 = 79.17


def test_aviso_mas_de_cien_por_ciento(tmp_path):
    ruta = copiar(tmp_path, "regional")
    linea = reemplazar(ruta, "  ejecutado: 5\n", "  ejecutado: 7\n")
    r = generar(ruta, destino=tmp_path / "a.docx")
    assert len(r.avisos) == 1
    assert f"línea {linea}, columna 3, campo «ejecucion[1].ejecutado»" in r.avisos[0]
    assert "supera su meta del periodo: 7 ejecutado frente a 6 programado (116.7 %)" in r.avisos[0]
    _, filas = avance(r.salida)
    assert filas["A1.1"] == ["6", "7", "116.7 %", "Verde"]
    with pytest.raises(ErrorRespuestas, match="modo estricto"):
        generar(ruta, destino=tmp_path / "b.docx", estricto=True)


def test_aviso_actividad_no_informada(tmp_path):
    ruta = copiar(tmp_path, "regional")
    reemplazar(ruta, "- actividad: A2.2\n  ejecutado: 1\n  presupuesto_ejecutado: 6000\n", "")
    r = generar(ruta, destino=tmp_path / "a.docx")
    assert len(r.avisos) == 1 and "«A2.2», programada en el periodo, no tiene ejecución informada" in r.avisos[0]
    _, filas = avance(r.salida)
    assert filas["A2.2"] == ["1", "0", "0.0 %", "Rojo"]


@pytest.mark.parametrize(
    "viejo, nuevo, campo, mensaje",
    [
        (
            "- actividad: A3.1",
            "- actividad: A9.9",
            "ejecucion[4].actividad",
            "la actividad «A9.9» no está en el plan de trabajo «plan-trabajo.yaml»",
        ),
        ("  ejecutado: 2\n", "  ejecutado: -2\n", "ejecucion[2].ejecutado", "debe ser mayor o igual que 0"),
        (
            "  presupuesto_ejecutado: 1500",
            "  presupuesto_ejecutado: -1500",
            "ejecucion[4].presupuesto_ejecutado",
            "debe ser mayor o igual que 0",
        ),
        ("anio: 2027", "anio: 2028", "anio", "el año 2028 está fuera del periodo del plan de trabajo (2027"),
        ("periodo: semestre1", "periodo: anual", "ejecucion[1].ejecutado", "use «semestre1» y «semestre2»"),
    ],
)
def test_errores(tmp_path, viejo, nuevo, campo, mensaje):
    ruta = copiar(tmp_path, "regional")
    linea = reemplazar(ruta, viejo, nuevo)
    texto = error_al_generar(ruta, tmp_path)
    assert f"campo «{campo}»" in texto and mensaje in texto
    if campo != "ejecucion[1].ejecutado":
        assert f"informe-seguimiento-semestre1.yaml, línea {linea}, columna" in texto


def test_plan_con_errores_nombra_el_archivo_del_plan(tmp_path):
    ruta = copiar(tmp_path, "regional")
    plan = ruta.parent / "plan-trabajo.yaml"
    texto = plan.read_text(encoding="utf-8")
    linea = texto[: texto.index("- id: A1.2")].count("\n") + 1
    plan.write_text(texto.replace("- id: A1.2", "- id: A1.1"), encoding="utf-8")
    resultado = CliRunner().invoke(principal, ["generar", str(ruta), "-o", str(tmp_path / "salida")])
    assert resultado.exit_code != 0
    salida = resultado.output + (resultado.stderr if resultado.stderr_bytes is not None else "")
    linea_plan = ruta.read_text(encoding="utf-8").splitlines().index("plan: plan-trabajo.yaml") + 1
    assert f"informe-seguimiento-semestre1.yaml, línea {linea_plan}, columna 1, campo «plan»" in salida
    assert f"el plan de trabajo «{plan}» no es válido" in salida
    assert f"{plan}, línea {linea}, columna 3, campo «actividades[2].id»" in salida
    assert not (tmp_path / "salida").exists() or not any((tmp_path / "salida").iterdir())


def test_plan_inexistente(tmp_path):
    ruta = copiar(tmp_path, "distrital")
    reemplazar(ruta, "plan: plan-trabajo.yaml", "plan: planes/no-existe.yaml")
    with pytest.raises(ErrorRespuestas) as exc:
        generar(ruta, destino=tmp_path / "a.docx")
    assert (
        "campo «plan»" in str(exc.value)
        and "no-existe.yaml" in str(exc.value)
        and "el archivo no existe" in str(exc.value)
    )
