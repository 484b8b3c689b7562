"""`generador nuevo` dentro de una carpeta de instancia: la asistencia del acta viene con cada
entidad del directorio (titular y alterno/a en comentarios) y, sin llenar, no valida."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ayudas import editar_yaml, error_en_espanol


def directorio(carpeta: Path) -> list[dict]:
    return yaml.safe_load((carpeta / "instancia.yaml").read_text(encoding="utf-8"))["integrantes"]


def asistencia_de(texto: str) -> list[dict]:
    return yaml.safe_load(texto)["asistencia"]


@pytest.mark.parametrize(
    ("documento", "relativa"),
    [("acta-sesion", "sesiones/2027-12-10-ordinaria.yaml"), ("acta-instalacion", "instalacion-nueva.yaml")],
)
def test_asistencia_prellenada_desde_el_directorio(cli, copia_ejemplos, documento, relativa):
    carpeta = copia_ejemplos("distrital")
    destino = carpeta / relativa
    r = cli("nuevo", documento, "-o", destino)  # sin --nivel: el del perfil
    assert r.exit_code == 0, r.output
    texto = destino.read_text(encoding="utf-8")
    assert "nivel: distrital" in texto and "\ninstancia:" not in texto
    miembros = directorio(carpeta)
    filas = asistencia_de(texto)
    assert [f["entidad"] for f in filas] == [m["entidad"] for m in miembros]
    assert all(f["asiste"] is None for f in filas)  # quién asistió lo escribe la persona usuaria
    lineas = texto.splitlines()
    for m in miembros:  # bajo cada entidad, un comentario con su titular y su alterno/a
        i = next(n for n, l in enumerate(lineas) if l.strip() == f"- entidad: {m['entidad']}")
        comentario = lineas[i + 1].strip()
        assert comentario.startswith("# titular: " + m["titular"]["nombre"])
        if m.get("alterno"):
            assert f"alterno/a: {m['alterno']['nombre']}" in comentario
        else:
            assert "sin alterno/a en el directorio" in comentario
    # sin llenar no valida: cada «asiste» vacío es un error con su línea
    r = cli("validar", destino)
    salida = error_en_espanol(r, "campo «asistencia[1].asiste»", f"campo «asistencia[{len(miembros)}].asiste»")
    assert "valor no admitido; use «titular», «alterno» o «ausente»" in salida


def test_la_asistencia_prellenada_cubre_el_directorio(cli, copia_ejemplos):
    """Llenada (cada «asiste»), la lista es la que el acta exige: todas las entidades, sin repetir."""
    carpeta = copia_ejemplos("provincial")
    destino = carpeta / "sesiones" / "2027-12-10-ordinaria.yaml"
    assert cli("nuevo", "acta-sesion", "-o", destino).exit_code == 0
    filas = [{**f, "asiste": "titular"} for f in asistencia_de(destino.read_text(encoding="utf-8"))]
    datos = yaml.safe_load((carpeta / "sesiones" / "2027-11-12-ordinaria.yaml").read_text(encoding="utf-8"))
    datos.update(fecha="2027-12-10", asistencia=filas, numero_acta="099-2027-IPC")
    for campo in ("oficios_ausentes", "oficio", "autoridades", "acta_anterior"):
        datos.pop(campo, None)
    destino.write_text(yaml.safe_dump(datos, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = cli("validar", destino)
    assert r.exit_code == 0, r.output


def test_entidad_con_caracteres_de_yaml_sale_literal(cli, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    miembros = directorio(carpeta)
    raro = "Asociación «Warmi»: #1 & <b>{{ x }}</b>"
    miembros[0]["entidad"] = raro
    miembros[0]["titular"]["nombre"] = "Ana\nDíaz"  # un salto de línea no rompe el comentario
    editar_yaml(carpeta / "instancia.yaml", integrantes=miembros)
    destino = carpeta / "sesiones" / "nueva.yaml"
    assert cli("nuevo", "acta-sesion", "-o", destino).exit_code == 0
    texto = destino.read_text(encoding="utf-8")
    assert asistencia_de(texto)[0]["entidad"] == raro
    assert "# titular: Ana Díaz" in texto


def test_en_pantalla_desde_la_carpeta_actual(cli, copia_ejemplos, monkeypatch):
    carpeta = copia_ejemplos("regional")
    monkeypatch.chdir(carpeta / "sesiones")
    r = cli("nuevo", "acta-sesion")
    assert r.exit_code == 0, r.output
    assert [f["entidad"] for f in asistencia_de(r.output)] == [m["entidad"] for m in directorio(carpeta)]


def test_fuera_de_una_carpeta_no_hay_directorio(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cli("nuevo", "acta-sesion", "--nivel", "provincial")
    assert r.exit_code == 0, r.output
    assert "instancia: instancia.yaml" in r.output
    assert asistencia_de(r.output) == [{"entidad": None, "asiste": None}]  # una fila vacía de muestra
    r = cli("nuevo", "acta-sesion")  # sin carpeta, --nivel es obligatoria (error de uso de click, en español)
    assert r.exit_code == 2 and "Falta la opción '--nivel'" in r.output, r.output


def test_nivel_distinto_del_de_la_carpeta(cli, copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    destino = carpeta / "sesiones" / "nueva.yaml"
    r = cli("nuevo", "acta-sesion", "--nivel", "regional", "-o", destino)
    error_en_espanol(r, "--nivel regional: la instancia de la carpeta es de nivel «distrital»")
    assert not destino.exists()
