"""`generador lote`: tabla y territorio, filas malas, reanudación tras una interrupción, mismo texto que `generar`."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import time
from pathlib import Path

import openpyxl
import yaml
from click.testing import CliRunner

from generador import lote
from generador.cli import principal
from generador.generacion import generar
from generador.verificacion import leer_parrafos

from ayudas import EJEMPLOS, LOTE_CUSCO, texto_docx


def ejecutar(*args):
    return CliRunner().invoke(principal, [str(a) for a in args])


def resumen(carpeta: Path) -> list[dict]:
    with (carpeta / "resumen.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_plantilla_tabla_con_columnas_explicadas_y_fila_de_ejemplo(tmp_path):
    destino = tmp_path / "tabla.xlsx"
    r = ejecutar("lote", "plantilla-tabla", "-o", destino)
    assert r.exit_code == 0, r.output
    libro = openpyxl.load_workbook(destino)
    assert libro.sheetnames == ["Instancias", "Directorio", "Columnas"]
    cabecera = [c.value for c in libro["Instancias"][1]]
    for columna in ("nivel", "departamento", "provincia", "presidencia.nombre", "ordenanza.numero", "ordenanza.fecha"):
        assert columna in cabecera
    ejemplo = dict(zip(cabecera, [c.value for c in libro["Instancias"][2]]))
    assert ejemplo["provincia"] == "Chota" and ejemplo["ordenanza.numero"] == "012-2026-MPCH"
    explicadas = {f[0].value: f[1].value for f in libro["Columnas"].iter_rows(min_row=2) if f[0].value}
    assert "Número" in explicadas["ordenanza.numero"]
    # la propia plantilla, tal cual, genera la ordenanza de su fila de ejemplo
    r = ejecutar("lote", destino, "--documentos", "ordenanza", "-o", tmp_path / "lote", "--procesos", "1")
    assert r.exit_code == 0, r.output
    texto = texto_docx(tmp_path / "lote" / "Cajamarca" / "Chota" / "ordenanza.docx")
    assert "ORDENANZA MUNICIPAL N° 012-2026-MPCH" in texto
    r = ejecutar("lote", "plantilla-tabla", "-o", destino)
    assert r.exit_code == 1 and "ya existe" in r.output


def test_fila_mala_queda_en_el_resumen_y_el_lote_sigue(tmp_path):
    tabla = tmp_path / "tabla.csv"
    tabla.write_text(
        "nivel;departamento;provincia;distrito;ordenanza.fecha\n"
        "distrital;Cajamarca;Chota;Lajas;2026-04-10\n"
        "distrital;Cajamarca;Chota;Tacabamba;10/04/2026\n"  # fecha mal escrita
        "comunal;Cajamarca;Chota;Llama;2026-04-10\n"  # nivel desconocido
        "distrital;Cajamarca;Chota;Huambos;2026-04-12\n",
        encoding="utf-8",
    )
    r = ejecutar("lote", tabla, "--documentos", "ordenanza", "-o", tmp_path / "lote", "--procesos", "2")
    assert r.exit_code == 1
    filas = {f["fila"]: f for f in resumen(tmp_path / "lote")}
    assert filas["tabla.csv, fila 2"]["estado"] == "generado"
    assert filas["tabla.csv, fila 5"]["estado"] == "generado"
    assert filas["tabla.csv, fila 3"]["estado"] == "error"
    assert "campo «fecha»: no es una fecha válida" in filas["tabla.csv, fila 3"]["mensajes"]
    assert filas["tabla.csv, fila 4"]["estado"] == "error"
    assert (tmp_path / "lote" / "Cajamarca" / "Chota" / "Huambos" / "ordenanza.docx").is_file()
    assert "2 generados, 0 omitidos (ya existían), 2 con error" in r.output


def test_desde_el_territorio_con_datos_por_completar(tmp_path):
    r = ejecutar("lote", "--departamento", "callao", "--documentos", "ordenanza", "-o", tmp_path / "lote", "--zip")
    assert r.exit_code == 0, r.output
    filas = resumen(tmp_path / "lote")
    # Callao: 1 regional + 1 provincial + 6 distritales (el distrito capital lo cubre la provincial)
    ordenanzas = [f for f in filas if f["documento"] == "ordenanza"]
    assert len(ordenanzas) == 8 and all(f["estado"] == "generado" for f in filas)
    regional = tmp_path / "lote" / "Callao" / "ordenanza.docx"
    texto = texto_docx(regional)
    assert "GOBIERNO REGIONAL DEL CALLAO" in texto
    assert "[COMPLETAR: fecha de la ordenanza]" in texto and "Gobernador/a Regional del Callao" in texto
    assert "pendiente: instancia.presidencia.nombre" in next(
        f["mensajes"] for f in ordenanzas if f["archivo"] == str(regional)
    )
    assert (tmp_path / "lote" / "Callao" / "Bellavista" / "ordenanza.docx").parent.parent.name == "Callao"
    assert (tmp_path / "lote" / "Callao" / "Callao" / "Bellavista" / "Bellavista.zip").is_file()


def test_desde_el_territorio_se_omiten_los_documentos_de_sesion(tmp_path):
    plan = lote.preparar(departamento="Callao", nivel="distrital", carpeta=tmp_path)
    documentos = {t.documento for t in plan.tareas}
    assert "ordenanza" in documentos and "acta-instalacion" not in documentos
    assert any("acta-instalacion" in a for a in plan.avisos)


def test_reanuda_sin_tocar_lo_completo_y_sin_temporales(tmp_path):
    carpeta = tmp_path / "lote"
    args = ("lote", "--departamento", "callao", "--nivel", "distrital", "--documentos", "ordenanza", "-o", carpeta)
    assert ejecutar(*args).exit_code == 0
    docs = sorted(carpeta.rglob("*.docx"))
    assert len(docs) == 6
    marcas = {d: d.stat().st_mtime_ns for d in docs}
    docs[0].unlink()
    (docs[1].parent / ".~abc.tmp").write_bytes(b"medio escrito")  # lo que deja un kill -9
    r = ejecutar(*args)
    assert r.exit_code == 0 and "1 generados, 5 omitidos" in r.output
    assert not list(carpeta.rglob(".~*"))
    for d in docs[1:]:
        assert d.stat().st_mtime_ns == marcas[d]


def test_interrumpido_con_kill_y_reanudado(tmp_path):
    carpeta = tmp_path / "lote"
    orden = [*LOTE_CUSCO, "-o", str(carpeta)]
    proceso = subprocess.Popen(orden, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    limite = time.time() + 60
    while len(list(carpeta.rglob("*.docx"))) < 10 and time.time() < limite and proceso.poll() is None:
        time.sleep(0.02)
    os.killpg(proceso.pid, signal.SIGKILL)
    proceso.wait()
    antes = len(list(carpeta.rglob("*.docx")))
    assert 0 < antes < 103
    terminado = subprocess.run(orden, capture_output=True, text=True, timeout=120)
    assert terminado.returncode == 0, terminado.stderr
    docs = list(carpeta.rglob("*.docx"))
    assert len(docs) == 103 and not list(carpeta.rglob(".~*"))
    for d in docs:  # todos completos y legibles
        assert any("ORDENANZA MUNICIPAL N°" in p for p in leer_parrafos(d))
    filas = resumen(carpeta)
    assert sum(f["estado"] == "omitido" for f in filas) >= antes


def test_el_texto_es_identico_al_de_generar(tmp_path):
    perfil = yaml.safe_load((EJEMPLOS / "provincial" / "instancia.yaml").read_text(encoding="utf-8"))
    respuestas = yaml.safe_load((EJEMPLOS / "provincial" / "ordenanza.yaml").read_text(encoding="utf-8"))
    for clave in ("documento", "nivel", "instancia"):
        respuestas.pop(clave)
    comunes = tmp_path / "comunes.yaml"
    comunes.write_text(
        yaml.safe_dump({"instancia": perfil, "ordenanza": respuestas}, allow_unicode=True), encoding="utf-8"
    )
    tabla = tmp_path / "t.csv"
    tabla.write_text("nivel,departamento,provincia\nprovincial,Cajamarca,Chota\n", encoding="utf-8")
    r = ejecutar("lote", tabla, "--comunes", comunes, "--documentos", "ordenanza", "-o", tmp_path / "lote")
    assert r.exit_code == 0, r.output
    por_lote = leer_parrafos(tmp_path / "lote" / "Cajamarca" / "Chota" / "ordenanza.docx")
    por_generar = leer_parrafos(generar(EJEMPLOS / "provincial" / "ordenanza.yaml", destino=tmp_path / "g.docx").salida)
    assert por_lote == por_generar


def test_errores_de_uso(tmp_path):
    r = ejecutar("lote", "-o", tmp_path)
    assert r.exit_code == 1 and "indique una tabla" in r.output
    r = ejecutar("lote", "--departamento", "Cuzco", "-o", tmp_path)
    assert r.exit_code == 1 and "¿quiso decir Cusco" in r.output
    (tmp_path / "t.ods").write_text("x", encoding="utf-8")
    r = ejecutar("lote", tmp_path / "t.ods", "-o", tmp_path)
    assert r.exit_code == 1 and "formato no admitido" in r.output
    r = ejecutar("lote", "--pais", "--documentos", "ordenanzas", "-o", tmp_path)
    assert r.exit_code == 1 and "documento desconocido «ordenanzas»" in r.output


def test_fusion_de_comunes_y_fila():
    assert lote.fusionar({"a": {"b": 1, "c": 2}, "d": 3}, {"a": {"b": 9}}) == {"a": {"b": 9, "c": 2}, "d": 3}
