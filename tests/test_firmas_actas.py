"""Quién firma las actas: lo dispone el reglamento interno («firma_actas») y las actas lo siguen
desde la carpeta de la instancia; sin reglamento aprobado a su fecha, lo decide el acta («firman»)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml
from docx.table import Table
from docx.text.paragraph import Paragraph

from generador.generacion import generar

from ayudas import editar_yaml, error_al_generar, texto_docx

SOLO_DOS = "presidencia y secretaría técnica"
TODOS = "todos los asistentes"
SESION = "sesiones/2026-06-15-ordinaria.yaml"  # posterior a la aprobación del reglamento provincial


def bloque_de_firmas(ruta: Path) -> tuple[list[list[str]], list[str]]:
    """Tablas y párrafos no vacíos que siguen al título «FIRMAS» del acta, en orden."""
    documento = docx.Document(str(ruta))
    tablas: list[list[str]] = []
    parrafos: list[str] = []
    dentro = False
    for elemento in documento.element.body.iterchildren():
        if elemento.tag.endswith("}p"):
            p = Paragraph(elemento, documento)
            if p.style.name.startswith("Heading"):
                dentro = p.text.endswith("FIRMAS")
            elif dentro and p.text.strip():
                parrafos.append(p.text.strip())
        elif elemento.tag.endswith("}tbl") and dentro:
            tablas.append([fila.cells[1].text for fila in Table(elemento, documento).rows])
    return tablas, parrafos


def perfil(carpeta: Path) -> dict:
    return yaml.safe_load((carpeta / "instancia.yaml").read_text(encoding="utf-8"))


def entidades_presentes(acta: Path) -> list[str]:
    datos = yaml.safe_load(acta.read_text(encoding="utf-8"))
    return [f["entidad"] for f in datos["asistencia"] if f["asiste"] != "ausente"]


def firmas_de_autoridades(carpeta: Path, parrafos: list[str]) -> None:
    datos = perfil(carpeta)
    assert datos["presidencia"]["nombre"].upper() in parrafos
    assert datos["secretaria_tecnica"]["responsable"]["nombre"].upper() in parrafos
    assert "Secretaría Técnica de la Instancia" in parrafos


def test_reglamento_declara_quien_firma(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    r = generar(carpeta / "reglamento.yaml", destino=tmp_path / "todos.docx")
    assert "el acta es suscrita por la Presidencia, la Secretaría Técnica y los y las integrantes asistentes" in (
        texto_docx(r.salida)
    )
    editar_yaml(carpeta / "reglamento.yaml", firma_actas=SOLO_DOS)
    texto = texto_docx(generar(carpeta / "reglamento.yaml", destino=tmp_path / "dos.docx").salida)
    assert "el acta es suscrita por la Presidencia y la Secretaría Técnica, y se remite copia" in texto
    assert "integrantes asistentes, y se remite" not in texto


def test_acta_de_sesion_sigue_al_reglamento_todos(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    acta = carpeta / SESION
    tablas, parrafos = bloque_de_firmas(generar(acta, destino=tmp_path / "a.docx").salida)
    assert tablas == [["Institución", *entidades_presentes(acta)]]  # una fila por asistente
    firmas_de_autoridades(carpeta, parrafos)


def test_acta_de_sesion_sigue_al_reglamento_solo_dos(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    editar_yaml(carpeta / "reglamento.yaml", firma_actas=SOLO_DOS)
    r = generar(carpeta / SESION, destino=tmp_path / "a.docx")
    tablas, parrafos = bloque_de_firmas(r.salida)
    assert tablas == []  # sin tabla de firmas de los asistentes
    firmas_de_autoridades(carpeta, parrafos)
    texto = texto_docx(r.salida)
    assert "la Presidencia y la Secretaría Técnica suscriben la presente acta en señal de conformidad" in texto
    assert "representantes asistentes suscriben" not in texto


def test_acta_que_contradice_al_reglamento_es_un_error(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    editar_yaml(carpeta / "reglamento.yaml", firma_actas=SOLO_DOS)
    editar_yaml(carpeta / SESION, firman=TODOS)
    mensaje = error_al_generar(carpeta / SESION, tmp_path)
    assert "2026-06-15-ordinaria.yaml" in mensaje and "campo «firman»" in mensaje
    assert "el reglamento interno (reglamento.yaml) dispone que el acta la suscriben la Presidencia y la" in mensaje
    # repetir lo mismo que el reglamento no es un error
    editar_yaml(carpeta / SESION, firman=SOLO_DOS)
    assert bloque_de_firmas(generar(carpeta / SESION, destino=tmp_path / "b.docx").salida)[0] == []


@pytest.mark.parametrize("firman", [None, SOLO_DOS])
def test_instalacion_anterior_al_reglamento_decide_en_el_acta(tmp_path, copia_ejemplos, firman):
    """La instalación (20/04/2026) precede al reglamento: aunque este diga «solo dos», manda el acta."""
    carpeta = copia_ejemplos("provincial")
    editar_yaml(carpeta / "reglamento.yaml", firma_actas=SOLO_DOS)
    acta = editar_yaml(carpeta / "acta-instalacion.yaml", firman=firman)
    r = generar(acta, destino=tmp_path / "a.docx")
    assert r.avisos == []
    tablas, parrafos = bloque_de_firmas(r.salida)
    firmas_de_autoridades(carpeta, parrafos)
    if firman is None:  # por defecto, todos los asistentes
        assert tablas == [["Institución", *entidades_presentes(acta)]]
    else:
        assert tablas == []
        assert "la Presidencia y la Secretaría Técnica suscriben la presente acta" in texto_docx(r.salida)


def test_sesion_anterior_a_la_aprobacion_decide_en_el_acta(tmp_path, copia_ejemplos):
    """Un reglamento aún en proyecto (sin aprobación) no rige: el acta decide."""
    carpeta = copia_ejemplos("provincial")
    editar_yaml(
        carpeta / "reglamento.yaml", firma_actas=SOLO_DOS, aprobado_en=None, aprobacion=None, sesion_aprobacion=None
    )
    tablas, _ = bloque_de_firmas(generar(carpeta / SESION, destino=tmp_path / "a.docx").salida)
    assert tablas and tablas[0][1:] == entidades_presentes(carpeta / SESION)
    editar_yaml(carpeta / SESION, firman=SOLO_DOS)
    assert bloque_de_firmas(generar(carpeta / SESION, destino=tmp_path / "b.docx").salida)[0] == []


def test_opcion_del_reglamento_sin_tildes_y_opcion_invalida(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    editar_yaml(carpeta / "reglamento.yaml", firma_actas="Presidencia y Secretaria Tecnica")  # sin tildes: vale
    assert bloque_de_firmas(generar(carpeta / SESION, destino=tmp_path / "a.docx").salida)[0] == []
    editar_yaml(carpeta / "reglamento.yaml", firma_actas="solo la presidencia")
    mensaje = error_al_generar(carpeta / SESION, tmp_path)
    assert "el reglamento interno (reglamento.yaml) dice «firma_actas: solo la presidencia», que no es una opción" in (
        mensaje
    )
