"""Mensajes que una persona que no programa puede seguir (incidencia 15): YAML, nombres de campo,
opciones, DNI, archivos en Latin-1 y el inglés que quedaba de click."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from generador.cli import principal

from ayudas import error_en_espanol, reemplazar, texto_docx

INGLES = re.compile(
    r"\b(found|expected|while|mapping|could not|cannot|not allowed|Traceback|"
    r"or|Choose from|required|TEXT|INTEGER|PATH|FILE|DIRECTORY|RANGE)\b"
)


def _cli(*args):
    return CliRunner().invoke(principal, [str(a) for a in args])


def _error(resultado, *fragmentos) -> str:
    return error_en_espanol(resultado, *fragmentos, ingles=INGLES)


@pytest.fixture
def carpeta(copia_ejemplos):
    return copia_ejemplos("distrital")


# --- Errores de sintaxis YAML en español, con el arreglo --------------------------------------


def test_tabulador_dice_la_linea_y_use_espacios(carpeta):
    ruta = carpeta / "ordenanza.yaml"
    linea = reemplazar(ruta, "  tipo: ordinaria", "\ttipo: ordinaria")
    _error(_cli("validar", ruta), f"hay un tabulador en la línea {linea}: use espacios")


def test_tabulador_en_medio_de_un_grupo(carpeta):
    ruta = carpeta / "ordenanza.yaml"
    linea = reemplazar(ruta, "  fecha: '2026-04-08'", "\tfecha: '2026-04-08'")
    _error(_cli("validar", ruta), f"hay un tabulador en la línea {linea}")


def test_dos_puntos_en_un_valor_pide_comillas(carpeta):
    ruta = carpeta / "ordenanza.yaml"
    linea = reemplazar(ruta, "ciudad: Lajas", "ciudad: Lajas: capital del distrito")
    _error(_cli("validar", ruta), f"línea {linea}", "si el texto lleva «:», póngalo entre comillas")


# (texto que rompe la línea «ciudad: Lajas», fragmento del mensaje esperado)
SINTAXIS = [
    ('ciudad: "Lajas', "cerrar unas comillas"),
    ("ciudad: [Lajas", "corchete «]»"),
    ("ciudad: {Lajas", "llave «}»"),
    ("ciudad: *Lajas", "póngalo entre comillas"),
    ("ciudad: &a Lajas\nnumero: &a x", "póngalo entre comillas"),
    ("ciudad: @Lajas", "no puede empezar con «@»"),
    ("ciudad: `Lajas", "no puede empezar con «`»"),
    ("ciudad: !Lajas x", "etiqueta"),
    ('ciudad: "La\\qjas"', "comillas simples"),
    ("ciudad: Lajas\n---\nx: 1", "más de un documento"),
    (" ciudad: Lajas", "sangría"),
    ("ciudad:\n  - a\n - b", "lista"),
    ("ciudad: 'Lajas' de Chota", "sangría"),
    ("ciudad: Lajas\nnombre sin dos puntos\notro: 1", "falta «:»"),
    ("- ciudad: Lajas", "lista"),
    ("ciudad: - Lajas", "lista"),
]


@pytest.mark.parametrize("texto,fragmento", SINTAXIS)
def test_errores_de_sintaxis_frecuentes_en_espanol(carpeta, texto, fragmento):
    ruta = carpeta / "ordenanza.yaml"
    reemplazar(ruta, "ciudad: Lajas", texto)
    _error(_cli("validar", ruta), "YAML mal formado", "línea ", fragmento)


# --- Nombres de campo: «¿quiso decir …?» sin importar tildes ni mayúsculas --------------------


@pytest.mark.parametrize(
    "escrito,correcto", [("Ciudád", "ciudad"), ("CIUDAD", "ciudad"), ("cuidad", "ciudad"), ("votación", "votacion")]
)
def test_campo_parecido_sugiere_el_correcto(carpeta, escrito, correcto):
    ruta = carpeta / "ordenanza.yaml"
    linea = reemplazar(ruta, "ciudad: Lajas", f"{escrito}: Lajas")
    _error(_cli("validar", ruta), f"línea {linea}", f"«{escrito}»", f"¿quiso decir «{correcto}»?")


def test_campo_del_perfil_sugiere_genero(carpeta):
    perfil = carpeta / "instancia.yaml"
    linea = reemplazar(perfil, "  genero: masculino\n  dni:", "  Género: masculino\n  dni:")
    _error(_cli("validar", carpeta / "ordenanza.yaml"), f"línea {linea}", "¿quiso decir «genero»?")


def test_documento_con_mayusculas_se_acepta_y_el_mal_escrito_se_sugiere(carpeta):
    ruta = carpeta / "ordenanza.yaml"
    reemplazar(ruta, "documento: ordenanza", "documento: Ordenanza")
    assert _cli("validar", ruta).exit_code == 0
    reemplazar(ruta, "documento: Ordenanza", "documento: ordenansa")
    _error(_cli("validar", ruta), "¿quiso decir «ordenanza»?")


# --- Opciones: tildes y mayúsculas, y «o» en los mensajes -------------------------------------


def test_opciones_sin_importar_tildes_ni_mayusculas(carpeta, tmp_path):
    reemplazar(carpeta / "ordenanza.yaml", "votacion: unanimidad", "votacion: Mayoria")
    reemplazar(carpeta / "ordenanza.yaml", "nivel: distrital", "nivel: Distrital")
    reemplazar(carpeta / "instancia.yaml", "  genero: masculino\n  dni:", "  genero: Masculino\n  dni:")
    r = _cli("generar", carpeta / "ordenanza.yaml", "-o", tmp_path / "s")
    assert r.exit_code == 0, r.output
    texto = texto_docx(next((tmp_path / "s").glob("*.docx")))
    assert "mayoría" in texto.lower() and "unanimidad" not in texto.lower()


def test_opcion_con_tilde_que_la_opcion_no_lleva(carpeta):
    reemplazar(carpeta / "plan-trabajo.yaml", "  tipo: prevencion", "  tipo: Prevención")
    r = _cli("validar", carpeta / "plan-trabajo.yaml")
    assert r.exit_code == 0, r.output


def test_opcion_no_admitida_lista_con_o(carpeta):
    ruta = carpeta / "ordenanza.yaml"
    reemplazar(ruta, "votacion: unanimidad", "votacion: quizás")
    salida = _error(_cli("validar", ruta), "«unanimidad» o «mayoría»")
    assert " or " not in salida


def test_nivel_desconocido_con_o(carpeta):
    ruta = carpeta / "ordenanza.yaml"
    reemplazar(ruta, "nivel: distrital", "nivel: comunal")
    _error(_cli("validar", ruta), "«regional», «provincial» o «distrital»")


# --- DNI --------------------------------------------------------------------------------------


def _dni(carpeta, valor: str) -> str:
    perfil = carpeta / "instancia.yaml"
    texto = perfil.read_text(encoding="utf-8")
    actual = re.search(r"dni: '(\d{8})'", texto).group(0)
    perfil.write_text(texto.replace(actual, f"dni: {valor}", 1), encoding="utf-8")
    return _error(_cli("validar", carpeta / "ordenanza.yaml"), "presidencia.dni")


def test_dni_debe_tener_8_digitos(carpeta):
    salida = _dni(carpeta, "'123456789'")
    assert "debe tener 8 dígitos" in salida and "tiene 9" in salida


def test_dni_de_7_digitos_explica_el_cero_inicial(carpeta):
    salida = _dni(carpeta, "1234567")
    assert "debe tener 8 dígitos" in salida and "cero inicial" in salida and "'01234567'" in salida


def test_dni_con_puntos(carpeta):
    assert "solo números" in _dni(carpeta, "12.345.678")


# --- Latin-1 / Windows-1252 -------------------------------------------------------------------


def test_ejemplos_con_un_archivo_en_latin1_y_otro_binario_no_dan_traza(carpeta, tmp_path):
    ruta = carpeta / "ordenanza.yaml"
    ruta.write_bytes(ruta.read_text(encoding="utf-8").encode("cp1252"))
    (carpeta / "basura.yaml").write_bytes(b"\xff\x00\x01documento: x\n" * 10)
    r = _cli("ejemplos", "--ejemplos", carpeta, "-o", tmp_path / "s")
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    assert "Traceback" not in r.output
    assert "no está guardado en UTF-8" in r.output
    assert (tmp_path / "s" / "ordenanza.docx").is_file()


def test_perfil_en_latin1_avisa_con_su_archivo(carpeta, tmp_path):
    perfil = carpeta / "instancia.yaml"
    perfil.write_bytes(perfil.read_text(encoding="utf-8").encode("cp1252"))
    r = _cli("generar", carpeta / "ordenanza.yaml", "-o", tmp_path / "s")
    assert r.exit_code == 0, r.output
    assert f"Aviso: {perfil}, línea" in r.output and "UTF-8" in r.output


# --- El inglés de click -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "orden", [["nuevo"], ["lote"], ["generar"], ["ejemplos"], ["expediente"], ["revisar"], ["validar"], []]
)
def test_ayuda_sin_ingles_de_click(orden):
    r = _cli(*orden, "--help")
    assert r.exit_code == 0
    for ingles in (
        "[required]",
        "TEXT ",
        "INTEGER",
        "RANGE",
        "PATH",
        "FILE",
        "DIRECTORY",
        "EL ARCHIVO",
        "LA CARPETA",
        "Choose from",
    ):
        assert ingles not in r.output, (ingles, r.output)


def test_opcion_que_falta_sin_ingles():
    r = _cli("nuevo", "ordenanza")
    assert r.exit_code == 2
    assert "Falta la opción '--nivel'" in r.output and "Choose from" not in r.output
    assert "«regional», «provincial» o «distrital»" in r.output or "Elija una de estas" in r.output


def test_valores_de_opciones_sin_ingles(tmp_path):
    r = _cli("lote", "--procesos", "abc")
    assert r.exit_code == 2 and "no es un entero válido" in r.output
    r = _cli("nuevo", "ordenanza", "--nivel", "distrital", "-o", tmp_path)
    assert r.exit_code == 2 and "es una carpeta" in r.output and "directory" not in r.output


def test_nivel_de_la_orden_sin_importar_mayusculas():
    r = _cli("nuevo", "ordenanza", "--nivel", "Provincial")
    assert r.exit_code == 0, r.output
    assert "documento: ordenanza" in r.output and "nivel: provincial" in r.output
