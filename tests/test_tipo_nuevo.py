"""Un tipo de documento es una carpeta: un 9.º tipo hecho en tmp_path (manifiesto, plantilla,
código propio y ejemplo) funciona con listar, nuevo, validar, generar y revisar sin tocar el
paquete; y un manifiesto roto falla al cargarse, con su archivo y su línea."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from generador.cli import principal

from ayudas import EJEMPLOS, texto_docx

MANIFIESTO = """\
id: constancia-sesion
titulo: Constancia de sesión
descripcion: Constancia breve de que la instancia sesionó (tipo de prueba, hecho solo con una carpeta).
niveles: [distrital]
calculos: [duracion]
validaciones:
  - si: "duracion_minutos > 240"
    campo: hora_fin
    aviso: "la sesión duró {{ duracion_minutos }} minutos: revise las horas"
preguntas:
  fecha:
    tipo: fecha
    requerido: true
    ayuda: "Fecha de la sesión."
    ejemplo: 2026-06-19
    no_anterior_a: instancia.ordenanza.fecha
  hora_inicio: {tipo: hora, requerido: true, ayuda: "Hora de inicio.", ejemplo: "10:00"}
  hora_fin:
    tipo: hora
    requerido: true
    ayuda: "Hora de término."
    ejemplo: "12:00"
    posterior_a: {campo: hora_inicio, mensaje: "la sesión no puede terminar ({{ valor|texto }}) antes de empezar ({{ otro|texto }})"}
  modalidad: {tipo: opcion, opciones: [presencial, virtual], defecto: presencial, ayuda: "Modalidad."}
  enlace:
    tipo: texto
    ayuda: "Enlace de la reunión (si es virtual)."
    requerido_si: {si: "modalidad == 'virtual'", mensaje: "la sesión es virtual: indique el «enlace»"}
  temas:
    tipo: lista
    requerido: true
    ayuda: "Temas tratados."
    unico: [titulo]
    campos:
      titulo: {tipo: texto, requerido: true, ayuda: "Tema.", ejemplo: "Plan de trabajo"}
secciones:
  - {id: titulo, titulo: "Constancia de sesión"}
  - {id: temas, titulo: "Temas tratados"}
"""

CALCULOS = """\
from generador.registro import calculo


@calculo("duracion", produce=("duracion_minutos",))
def duracion(r, contexto):
    inicio, fin = r.datos["hora_inicio"], r.datos["hora_fin"]
    return {"duracion_minutos": (fin.hour * 60 + fin.minute) - (inicio.hour * 60 + inicio.minute)}
"""

RESPUESTAS = """\
documento: constancia-sesion
instancia: instancia.yaml
fecha: 2026-06-19
hora_inicio: "10:00"
hora_fin: "11:30"
temas:
  - titulo: "Aprobación del plan & del diagnóstico <2026>"
  - titulo: "Informe {{ semestral }}"
"""


def _plantilla(destino: Path) -> None:
    d = docx.Document()
    d.add_heading("Constancia de sesión", level=1)
    d.add_paragraph("{{ instancia.nombre }} — sesión del {{ fecha }}, de {{ duracion_minutos }} minutos.")
    d.add_heading("Temas tratados", level=2)
    d.add_paragraph("{%p for t in temas %}")
    d.add_paragraph("{{ loop.index }}. {{ t.titulo }}")
    d.add_paragraph("{%p endfor %}")
    d.save(str(destino))


@pytest.fixture
def tipo_nuevo(tmp_path):
    """Carpeta de plantillas propia con el 9.º tipo, y una carpeta de respuestas con su ejemplo."""
    carpeta = tmp_path / "mis-plantillas" / "constancia-sesion"
    carpeta.mkdir(parents=True)
    (carpeta / "manifiesto.yaml").write_text(MANIFIESTO, encoding="utf-8")
    (carpeta / "calculos.py").write_text(CALCULOS, encoding="utf-8")
    _plantilla(carpeta / "plantilla.docx")
    respuestas = tmp_path / "respuestas"
    respuestas.mkdir()
    shutil.copy(EJEMPLOS / "distrital" / "instancia.yaml", respuestas / "instancia.yaml")
    (respuestas / "constancia.yaml").write_text(RESPUESTAS, encoding="utf-8")
    return carpeta.parent, respuestas


def _cli(plantillas: Path, *args) -> object:
    return CliRunner().invoke(principal, ["--plantillas", str(plantillas), *map(str, args)])


def test_noveno_tipo_con_solo_una_carpeta(tipo_nuevo, tmp_path, monkeypatch):
    plantillas, respuestas = tipo_nuevo
    monkeypatch.delenv("GENERADOR_PLANTILLAS", raising=False)

    r = _cli(plantillas, "listar")
    assert r.exit_code == 0, r.output
    assert "constancia-sesion" in r.output and "Constancia de sesión" in r.output
    assert "ordenanza" in r.output  # los tipos incluidos siguen ahí

    nuevo = respuestas / "nuevo.yaml"
    r = _cli(plantillas, "nuevo", "constancia-sesion", "--nivel", "distrital", "-o", nuevo)
    assert r.exit_code == 0, r.output
    assert "documento: constancia-sesion" in nuevo.read_text(encoding="utf-8")

    r = _cli(plantillas, "validar", respuestas / "constancia.yaml")
    assert r.exit_code == 0, r.output

    salida = tmp_path / "salida"
    r = _cli(plantillas, "generar", respuestas / "constancia.yaml", "-o", salida)
    assert r.exit_code == 0, r.output
    (generado,) = salida.glob("*.docx")
    texto = texto_docx(generado)
    assert "sesión del 19 de junio de 2026" in texto or "sesión del 2026-06-19" in texto
    assert "de 90 minutos" in texto  # el cálculo de la carpeta
    assert "1. Aprobación del plan & del diagnóstico <2026>" in texto  # dato literal
    assert "2. Informe {{ semestral }}" in texto

    r = _cli(plantillas, "revisar", generado, "--tipo", "constancia-sesion", "--nivel", "distrital")
    assert r.exit_code == 0, r.output
    assert "Temas tratados" in r.output


@pytest.mark.parametrize(
    "cambios,esperado",
    [
        ({"hora_fin": '"09:00"'}, "la sesión no puede terminar (09:00) antes de empezar (10:00)"),
        ({"modalidad": "virtual"}, "la sesión es virtual: indique el «enlace»"),
        ({"fecha": "2020-01-01"}, "no puede ser anterior a «instancia.ordenanza.fecha»"),
    ],
)
def test_restricciones_declaradas_del_tipo_nuevo(tipo_nuevo, cambios, esperado, tmp_path):
    plantillas, respuestas = tipo_nuevo
    ruta = respuestas / "constancia.yaml"
    texto = ruta.read_text(encoding="utf-8")
    for campo, valor in cambios.items():
        lineas = [ln for ln in texto.splitlines() if not ln.startswith(f"{campo}:")]
        texto = "\n".join(lineas) + f"\n{campo}: {valor}\n"
    ruta.write_text(texto, encoding="utf-8")
    r = _cli(plantillas, "generar", ruta, "-o", tmp_path / "salida")
    assert r.exit_code == 1
    assert esperado in r.output and "constancia.yaml" in r.output
    assert not (tmp_path / "salida").exists() or not any((tmp_path / "salida").iterdir())


def test_tema_repetido_y_aviso_del_manifiesto(tipo_nuevo, tmp_path):
    plantillas, respuestas = tipo_nuevo
    ruta = respuestas / "constancia.yaml"
    ruta.write_text(
        RESPUESTAS.replace('"11:30"', '"18:00"') + '  - titulo: "plan de TRABAJO"\n  - titulo: "Plan de trabajo"\n',
        encoding="utf-8",
    )
    r = _cli(plantillas, "validar", ruta)
    assert r.exit_code == 1
    assert "campo «temas[4].titulo»: «Plan de trabajo» aparece dos veces (ya figura en el elemento 3" in r.output
    ruta.write_text(RESPUESTAS.replace('"11:30"', '"18:00"'), encoding="utf-8")
    r = _cli(plantillas, "validar", ruta)
    assert r.exit_code == 0 and "la sesión duró 480 minutos: revise las horas" in r.output


ROTOS = [
    (
        "calculos: [duracion]",
        "calculos: [duracion, duración_total]",
        "cálculo desconocido «duración_total»",
        "campo «calculos[2]»",
    ),
    (
        "calculos: [duracion]",
        "calculos: [duracion]\nreglas: [no_existe]",
        "regla desconocida «no_existe»",
        "campo «reglas[1]»",
    ),
    (
        'si: "duracion_minutos > 240"',
        'si: "duracion_minutos >> 240"',
        "expresión mal escrita",
        "campo «validaciones[1].si»",
    ),
    (
        'si: "duracion_minutos > 240"',
        'si: "duracoin_minutos > 240"',
        "usa «duracoin_minutos», que no es",
        "campo «validaciones[1].si»",
    ),
    (
        "no_anterior_a: instancia.ordenanza.fecha",
        "no_anterior_a: fecha_de_la_ordenanza",
        "«fecha_de_la_ordenanza» no es una pregunta",
        "campo «preguntas.fecha.no_anterior_a»",
    ),
    ("unico: [titulo]", "unico: [nombre]", "«nombre» no es un campo de «temas»", "campo «preguntas.temas.unico»"),
    (
        "requerido_si: {si: \"modalidad == 'virtual'\"",
        "requerido_si: {si: \"modalidad = 'virtual'\"",
        "expresión mal escrita",
        "campo «preguntas.enlace.requerido_si»",
    ),
]


@pytest.mark.parametrize("viejo,nuevo,mensaje,campo", ROTOS)
def test_manifiesto_roto_falla_en_listar_con_archivo_y_linea(tipo_nuevo, viejo, nuevo, mensaje, campo):
    plantillas, _ = tipo_nuevo
    archivo = plantillas / "constancia-sesion" / "manifiesto.yaml"
    texto = archivo.read_text(encoding="utf-8")
    assert viejo in texto
    archivo.write_text(texto.replace(viejo, nuevo), encoding="utf-8")
    r = _cli(plantillas, "listar")
    assert r.exit_code == 1
    assert f"{archivo}, línea" in r.output and campo in r.output and mensaje in r.output


def test_calculo_fuera_de_orden_y_documento_inexistente(tipo_nuevo):
    plantillas, _ = tipo_nuevo
    carpeta = plantillas / "constancia-sesion"
    (carpeta / "calculos.py").write_text(
        CALCULOS
        + """

@calculo("resumen", requiere=("duracion",), produce=("resumen",))
def resumen(r, contexto):
    return {"resumen": contexto["duracion_minutos"]}
""",
        encoding="utf-8",
    )
    archivo = carpeta / "manifiesto.yaml"
    archivo.write_text(MANIFIESTO.replace("calculos: [duracion]", "calculos: [resumen, duracion]"), encoding="utf-8")
    r = _cli(plantillas, "listar")
    assert r.exit_code == 1 and "el cálculo «resumen» necesita «duracion» antes en la lista" in r.output
    archivo.write_text(
        MANIFIESTO.replace(
            "  modalidad:", "  plan: {tipo: documento, documento: plan-de-obra, ayuda: x}\n  modalidad:"
        ),
        encoding="utf-8",
    )
    r = _cli(plantillas, "listar")
    assert r.exit_code == 1 and "apunta al tipo de documento «plan-de-obra», que no existe" in r.output


def test_codigo_de_la_plantilla_que_falla_al_cargarse(tipo_nuevo):
    plantillas, _ = tipo_nuevo
    (plantillas / "constancia-sesion" / "calculos.py").write_text("import modulo_que_no_existe\n", encoding="utf-8")
    r = _cli(plantillas, "listar")
    assert r.exit_code == 1
    assert "calculos.py: el código de la plantilla falla al cargarse (ModuleNotFoundError" in r.output


def test_plantillas_propias_no_quedan_puestas_tras_la_orden(tipo_nuevo, monkeypatch):
    plantillas, _ = tipo_nuevo
    monkeypatch.delenv("GENERADOR_PLANTILLAS", raising=False)
    assert _cli(plantillas, "listar").exit_code == 0
    r = CliRunner().invoke(principal, ["listar"])
    assert r.exit_code == 0 and "constancia-sesion" not in r.output


def test_revisar_con_un_nivel_en_que_el_tipo_no_existe(tipo_nuevo, tmp_path):
    plantillas, respuestas = tipo_nuevo
    salida = tmp_path / "salida"
    assert _cli(plantillas, "generar", respuestas / "constancia.yaml", "-o", salida).exit_code == 0
    (generado,) = salida.glob("*.docx")
    r = _cli(plantillas, "revisar", generado, "--tipo", "constancia-sesion", "--nivel", "regional")
    assert r.exit_code == 2 and "«constancia-sesion» no existe para el nivel regional" in r.output
