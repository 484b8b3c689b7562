"""La CLI: órdenes, mensajes en español, códigos de salida y que nada se escriba ante un error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generador.cli import principal

from ayudas import EJEMPLOS, editar_yaml, texto_docx


def ejecutar(*args: str):
    return CliRunner().invoke(principal, [str(a) for a in args])


def test_listar_muestra_documentos_y_niveles():
    r = ejecutar("listar")
    assert r.exit_code == 0
    assert "ordenanza" in r.output and "acta-instalacion" in r.output
    assert "niveles: regional, provincial, distrital" in r.output


def test_ayuda_en_espanol():
    r = ejecutar("--help")
    assert r.exit_code == 0 and "Genera borradores Word" in r.output
    assert "Uso: generador [OPCIONES] ORDEN" in r.output and "Órdenes:" in r.output
    r = ejecutar("validar", "--help")
    assert "Comprueba RESPUESTAS" in r.output and "Muestra esta ayuda y termina." in r.output
    assert "Show this" not in r.output and "Options" not in r.output
    r = ejecutar("generarr")
    assert r.exit_code == 2 and "No existe la orden 'generarr'. ¿Quiso decir 'generar'?" in r.output


def test_integrantes_del_nivel():
    r = ejecutar("integrantes", "distrital")
    assert r.exit_code == 0
    assert "cem" in r.output and "rondas" in r.output and "si los hubiera" in r.output


@pytest.mark.parametrize("documento", ["ordenanza", "acta-instalacion"])
def test_nuevo_escribe_un_esqueleto_comentado_sin_valores_ajenos(documento, tmp_path, copia_ejemplos):
    # incidencia 15: los ejemplos van comentados; tal cual, `validar` pide los obligatorios
    carpeta = copia_ejemplos("provincial")
    destino = carpeta / f"nuevo-{documento}.yaml"
    r = ejecutar("nuevo", documento, "--nivel", "provincial", "-o", destino)
    assert r.exit_code == 0, r.output
    texto = destino.read_text(encoding="utf-8")
    assert "# (fecha AAAA-MM-DD; obligatorio)" in texto
    assert f"documento: {documento}" in texto  # en la carpeta, sin «instancia:» (usa su perfil)
    assert "\ninstancia:" not in texto and "no lleva «instancia:»" in texto
    r = ejecutar("validar", destino)
    assert r.exit_code == 1 and "campo «fecha»: no es una fecha válida" in r.output, r.output


def test_nuevo_instancia_con_el_nivel_pedido():
    r = ejecutar("nuevo", "instancia", "--nivel", "distrital")
    assert r.exit_code == 0
    assert "nivel: distrital" in r.output
    assert "# (texto; obligatorio)" in r.output


def test_nuevo_no_pisa_un_archivo_existente(tmp_path):
    destino = tmp_path / "r.yaml"
    destino.write_text("mío", encoding="utf-8")
    r = ejecutar("nuevo", "ordenanza", "--nivel", "regional", "-o", destino)
    assert r.exit_code != 0 and "ya existe" in r.output
    assert destino.read_text(encoding="utf-8") == "mío"


def test_generar_y_no_sobrescribir_sin_permiso(tmp_path):
    r = ejecutar("generar", EJEMPLOS / "distrital" / "ordenanza.yaml", "-o", tmp_path)
    assert r.exit_code == 0, r.output
    salida = tmp_path / "ordenanza_distrital_Lajas.docx"
    assert salida.is_file() and "Generado" in r.output
    salida.write_bytes(b"editado a mano")
    r = ejecutar("generar", EJEMPLOS / "distrital" / "ordenanza.yaml", "-o", tmp_path)
    assert r.exit_code == 1 and "ya existe" in r.output and "--sobrescribir" in r.output
    assert salida.read_bytes() == b"editado a mano"
    r = ejecutar("generar", EJEMPLOS / "distrital" / "ordenanza.yaml", "-o", tmp_path, "--sobrescribir")
    assert r.exit_code == 0 and "Lajas" in texto_docx(salida)
    assert [p.name for p in tmp_path.iterdir()] == [salida.name]  # ningún temporal queda


def test_ejemplos_genera_todo_y_luego_omite_lo_existente(tmp_path):
    r = ejecutar("ejemplos", "-o", tmp_path)
    assert r.exit_code == 0, r.output
    for nivel in ("regional", "provincial", "distrital"):
        for doc in ("ordenanza", "acta-instalacion"):
            assert (tmp_path / nivel / f"{doc}.docx").is_file()
    r = ejecutar("ejemplos", "-o", tmp_path)
    assert r.exit_code == 0 and "omitido" in r.output


# --- Entradas malas: mensaje en español con archivo, campo y línea; código ≠ 0; nada escrito ---


def _falla(args, *fragmentos, tmp_path):
    r = ejecutar(*args)
    assert r.exit_code != 0
    assert r.output.startswith("Error: "), r.output
    for f in fragmentos:
        assert f in r.output, r.output
    assert isinstance(r.exception, SystemExit), r.exception  # un error previsto, no una excepción
    assert not list(Path(tmp_path).rglob("*.docx"))
    return r.output


def test_yaml_mal_formado_con_linea_y_columna(tmp_path, copia_ejemplos):
    ruta = copia_ejemplos("distrital") / "ordenanza.yaml"
    lineas = ruta.read_text(encoding="utf-8").splitlines()
    lineas[6] = "numero: [sin cerrar"
    ruta.write_text("\n".join(lineas), encoding="utf-8")
    _falla(
        ["generar", ruta, "-o", tmp_path / "s"], str(ruta), "YAML mal formado", "línea", "columna", tmp_path=tmp_path
    )


def test_campo_desconocido_con_linea(tmp_path, copia_ejemplos):
    ruta = copia_ejemplos("distrital") / "ordenanza.yaml"
    ruta.write_text(ruta.read_text(encoding="utf-8") + "numeroo: 5\n", encoding="utf-8")
    linea = len(ruta.read_text(encoding="utf-8").splitlines())
    _falla(
        ["generar", ruta, "-o", tmp_path / "s"], f"línea {linea}", "«numeroo»", "campo desconocido", tmp_path=tmp_path
    )


def test_falta_campo_obligatorio(tmp_path, copia_ejemplos):
    ruta = editar_yaml(copia_ejemplos("regional") / "ordenanza.yaml", numero=None)
    _falla(["generar", ruta, "-o", tmp_path / "s"], "«numero»", "falta este campo obligatorio", tmp_path=tmp_path)


def test_fecha_y_entero_mal_escritos(tmp_path, copia_ejemplos):
    ruta = copia_ejemplos("regional") / "ordenanza.yaml"
    texto = ruta.read_text(encoding="utf-8").replace("fecha: '2026-02-27'", "fecha: 31/02/2026")
    texto = texto.replace("plazo_designacion_dias: 15", "plazo_designacion_dias: quince")
    ruta.write_text(texto, encoding="utf-8")
    lineas = texto.splitlines()
    n_fecha = next(i for i, l in enumerate(lineas, 1) if l.startswith("fecha:"))
    n_plazo = next(i for i, l in enumerate(lineas, 1) if l.startswith("plazo_designacion_dias"))
    salida = _falla(["validar", ruta], "2 problemas", tmp_path=tmp_path)
    assert f"línea {n_fecha}, columna 1, campo «fecha»: no es una fecha válida" in salida
    assert f"línea {n_plazo}, columna 1, campo «plazo_designacion_dias»: debe ser un número entero" in salida


def test_error_en_el_perfil_nombra_el_archivo_del_perfil(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    perfil = carpeta / "instancia.yaml"
    linea = perfil.read_text(encoding="utf-8").splitlines().index("  dni: '90007919'") + 1  # la de la presidencia
    perfil.write_text(perfil.read_text(encoding="utf-8").replace("dni: '90007919'", "dni: '9000'", 1), encoding="utf-8")
    salida = _falla(
        ["validar", carpeta / "ordenanza.yaml"], str(perfil), "presidencia.dni", "8 dígitos", tmp_path=tmp_path
    )
    assert f"línea {linea}," in salida


def test_documento_y_nivel_desconocidos(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    ruta = editar_yaml(carpeta / "ordenanza.yaml", documento="ordenansa")
    _falla(
        ["validar", ruta],
        "documento desconocido «ordenansa»",
        "línea 1, columna 1, campo «documento»",
        tmp_path=tmp_path,
    )
    ruta = editar_yaml(carpeta / "ordenanza.yaml", documento="ordenanza", nivel="comunal")
    _falla(["validar", ruta], "nivel desconocido «comunal»", tmp_path=tmp_path)
    r = ejecutar("nuevo", "ordenanza", "--nivel", "comunal")
    assert r.exit_code == 2 and "comunal" in r.output


def test_nivel_distinto_al_del_perfil(tmp_path, copia_ejemplos):
    ruta = editar_yaml(copia_ejemplos("provincial") / "ordenanza.yaml", nivel="distrital")
    _falla(
        ["generar", ruta, "-o", tmp_path / "s"],
        "«nivel»",
        "el documento es de nivel distrital pero el perfil de la instancia es de nivel provincial",
        tmp_path=tmp_path,
    )


def test_integrante_que_no_es_del_nivel(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    perfil = carpeta / "instancia.yaml"
    perfil.write_text(
        perfil.read_text(encoding="utf-8").replace("integrante: cem", "integrante: ugel"), encoding="utf-8"
    )
    _falla(["validar", carpeta / "ordenanza.yaml"], "«ugel» no es integrante del nivel distrital", tmp_path=tmp_path)


def test_carpeta_de_salida_no_escribible(tmp_path):
    bloqueo = tmp_path / "archivo"
    bloqueo.write_text("x", encoding="utf-8")
    _falla(
        ["generar", EJEMPLOS / "distrital" / "ordenanza.yaml", "-o", bloqueo / "sub"],
        "no se puede escribir en la carpeta",
        tmp_path=tmp_path,
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root escribe en carpetas sin permiso")
def test_carpeta_sin_permiso(tmp_path):
    carpeta = tmp_path / "ro"
    carpeta.mkdir(mode=0o500)
    _falla(
        ["generar", EJEMPLOS / "distrital" / "ordenanza.yaml", "-o", carpeta], "no se puede escribir", tmp_path=tmp_path
    )


def test_archivo_inexistente():
    r = ejecutar("validar", "no-existe.yaml")
    assert r.exit_code == 1 and "no-existe.yaml: el archivo no existe" in r.output


def test_todas_las_carpetas_de_plantillas_son_validas():
    from generador.manifiesto import plantillas_rotas

    assert plantillas_rotas() == {}
