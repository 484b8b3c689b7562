"""`generador lote` ante entradas hostiles, reejecuciones, señales y lotes simultáneos."""

from __future__ import annotations

import csv
import os
import signal
import stat
import subprocess
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generador import tabla
from generador.cli import principal
from generador.errores import ErrorSalida
from generador.pdf import hay_libreoffice

from ayudas import LOTE_CUSCO, texto_docx

PELIGROSOS = ("=", "+", "-", "@", "\t", "\r")
CABECERA = ["nivel", "departamento", "provincia", "distrito", "ordenanza.fecha"]


def ejecutar(*args):
    return CliRunner().invoke(principal, [str(a) for a in args])


def resumen(carpeta: Path) -> list[dict]:
    with (carpeta / "resumen.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def tabla_csv(ruta: Path, filas: list[list[str]], cabecera=CABECERA) -> Path:
    with ruta.open("w", encoding="utf-8", newline="") as f:
        escritor = csv.writer(f)
        escritor.writerow(cabecera)
        escritor.writerows(filas)
    return ruta


def sin_traza(r) -> None:
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.output


# ------------------------------------------------------------------ fórmulas en hojas


def test_resumen_csv_neutraliza_formulas(tmp_path):
    for nombre in ("=HYPERLINK(1).csv", "@SUM(1).csv", "+1+1.csv", "-2.csv"):
        t = tabla_csv(tmp_path / nombre, [["comunal", "Cajamarca", "Chota", "=cmd|' /C calc'!A0", "2026-04-10"]])
        carpeta = tmp_path / ("lote" + nombre[1:4])
        r = ejecutar("lote", t, "--documentos", "ordenanza", "-o", carpeta, "--procesos", "1")
        assert r.exit_code == 1
        with (carpeta / "resumen.csv").open(encoding="utf-8-sig", newline="") as f:
            celdas = [c for fila in csv.reader(f) for c in fila]
        assert not [c for c in celdas if c.startswith(PELIGROSOS)], celdas
        assert f"'{nombre}, fila 2" in celdas  # el texto sigue ahí, como texto


def test_plantilla_xlsx_guarda_formulas_como_texto_y_se_leen_igual(tmp_path):
    formula = '=HYPERLINK("http://ejemplo.test","clic")'
    destino = tabla.escribir_plantilla(
        tmp_path / "t.xlsx", {"nivel": "distrital", "distrito": formula, "provincia": "+1+1", "sede": "@SUM(A1)"}
    )
    hoja = openpyxl.load_workbook(destino)["Instancias"]
    cabecera = [c.value for c in hoja[1]]
    fila = dict(zip(cabecera, hoja[2]))
    for columna in ("distrito", "provincia", "sede"):
        assert fila[columna].data_type == "s" and fila[columna].value.startswith("'"), fila[columna].value
    leido = dict(tabla.leer_tabla(destino))[2]
    assert leido["distrito"] == formula and leido["provincia"] == "+1+1" and leido["sede"] == "@SUM(A1)"


def test_celda_segura():
    assert tabla.celda_segura("=1+1") == "'=1+1" and tabla.celda_segura("\t=1") == "'\t=1"
    assert tabla.celda_segura("Chota") == "Chota" and tabla.celda_segura(12) == 12


# ------------------------------------------------------------------ CSV RFC 4180


def test_csv_con_comillas_dobladas_es_una_sola_celda(tmp_path):
    t = tmp_path / "t.csv"
    t.write_text(
        "nivel,departamento,provincia,distrito,presidencia.nombre,ordenanza.numero,ordenanza.fecha\n"
        'distrital,Cajamarca,Chota,Lajas,"Rosa ""Chabuca"", Quispe",007-2026-MDL,2026-04-10\n',
        encoding="utf-8",
    )
    r = ejecutar("lote", t, "--documentos", "ordenanza", "-o", tmp_path / "lote", "--procesos", "1")
    assert r.exit_code == 0, r.output
    texto = texto_docx(tmp_path / "lote" / "Cajamarca" / "Chota" / "Lajas" / "ordenanza.docx")
    assert "ORDENANZA MUNICIPAL N° 007-2026-MDL" in texto
    assert "10 de abril de 2026" in texto


def test_csv_fila_con_otro_numero_de_columnas_se_rechaza(tmp_path):
    t = tmp_path / "t.csv"
    t.write_text(
        "nivel;departamento;provincia;distrito;ordenanza.fecha\n"
        "distrital;Cajamarca;Chota;Lajas;2026-04-10\n"
        "distrital;Cajamarca;Chota;Rosa; Quispe;2026-04-10\n",
        encoding="utf-8",
    )
    r = ejecutar("lote", t, "--documentos", "ordenanza", "-o", tmp_path / "lote", "--procesos", "1")
    assert r.exit_code == 1 and "fila 3: 6 columnas" in r.output and "5 columnas" in r.output
    assert not (tmp_path / "lote").exists()


def test_csv_latin1_error_en_espanol_con_linea(tmp_path):
    t = tmp_path / "t.csv"
    t.write_bytes("nivel,departamento,provincia,distrito\ndistrital,Cajamarca,Chota,Pe\xf1a\n".encode("latin-1"))
    r = ejecutar("lote", t, "--documentos", "ordenanza", "-o", tmp_path / "lote")
    sin_traza(r)
    assert r.exit_code == 1 and "línea 2" in r.output and "UTF-8" in r.output


# ------------------------------------------------------------------ reanudar solo lo que no cambió


def test_reanudar_rehace_lo_que_cambio_y_conserva_lo_que_faltaba(tmp_path):
    t = tmp_path / "t.csv"
    carpeta = tmp_path / "lote"
    args = ("lote", t, "--documentos", "ordenanza", "-o", carpeta, "--procesos", "1")
    tabla_csv(t, [["distrital", "Cajamarca", "Chota", "Lajas", ""], ["distrital", "Cajamarca", "Chota", "Huambos", ""]])
    assert ejecutar(*args).exit_code == 0
    lajas = carpeta / "Cajamarca" / "Chota" / "Lajas" / "ordenanza.docx"
    huambos = carpeta / "Cajamarca" / "Chota" / "Huambos" / "ordenanza.docx"
    assert "[COMPLETAR: fecha de la ordenanza]" in texto_docx(lajas)
    marca = huambos.stat().st_mtime_ns
    tabla_csv(
        t,
        [
            ["distrital", "Cajamarca", "Chota", "Lajas", "2026-04-10"],
            ["distrital", "Cajamarca", "Chota", "Huambos", ""],
        ],
    )
    r = ejecutar(*args)
    assert r.exit_code == 0 and "1 generados, 1 omitidos" in r.output, r.output
    assert "[COMPLETAR: fecha de la ordenanza]" not in texto_docx(lajas) and "10 de abril de 2026" in texto_docx(lajas)
    assert huambos.stat().st_mtime_ns == marca
    filas = {f["archivo"]: f for f in resumen(carpeta)}
    assert filas[str(huambos)]["estado"] == "omitido"
    assert "pendiente: " in filas[str(huambos)]["mensajes"]  # lo que faltaba no se pierde
    assert "rehecho" in filas[str(lajas)]["mensajes"]


def test_archivo_editado_se_conserva_y_sobrescribir_lo_rehace_con_sus_permisos(tmp_path):
    t = tmp_path / "t.csv"
    carpeta = tmp_path / "lote"
    args = ("lote", t, "--documentos", "ordenanza", "-o", carpeta, "--procesos", "1")
    tabla_csv(t, [["distrital", "Cajamarca", "Chota", "Lajas", ""]])
    assert ejecutar(*args).exit_code == 0
    docx = carpeta / "Cajamarca" / "Chota" / "Lajas" / "ordenanza.docx"
    editado = docx.read_bytes() + b"editado a mano"
    docx.write_bytes(editado)
    os.chmod(docx, 0o600)
    tabla_csv(t, [["distrital", "Cajamarca", "Chota", "Lajas", "2026-04-10"]])
    r = ejecutar(*args)
    assert r.exit_code == 0 and "0 generados, 1 omitidos" in r.output and "--sobrescribir" in r.output
    assert docx.read_bytes() == editado
    r = ejecutar(*args, "--sobrescribir")
    assert r.exit_code == 0 and "1 generados" in r.output, r.output
    assert "10 de abril de 2026" in texto_docx(docx)
    assert stat.S_IMODE(docx.stat().st_mode) == 0o600


def test_sobrescribir_conserva_permisos_en_generar(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    salida = tmp_path / "salida"
    assert ejecutar("generar", carpeta / "ordenanza.yaml", "-o", salida).exit_code == 0
    docx = next(salida.glob("*.docx"))
    os.chmod(docx, 0o600)
    assert ejecutar("generar", carpeta / "ordenanza.yaml", "-o", salida, "--sobrescribir").exit_code == 0
    assert stat.S_IMODE(docx.stat().st_mode) == 0o600


# ------------------------------------------------------------------ capital, candado, disco lleno


def test_distrito_capital_como_fila_se_rechaza(tmp_path):
    t = tabla_csv(
        tmp_path / "t.csv",
        [
            ["distrital", "Cusco", "Calca", "Calca", "2026-04-10"],
            ["distrital", "Cusco", "Calca", "Pisac", "2026-04-10"],
        ],
    )
    r = ejecutar("lote", t, "--documentos", "ordenanza", "-o", tmp_path / "lote", "--procesos", "1")
    assert r.exit_code == 1 and "1 generados" in r.output
    fila = next(f for f in resumen(tmp_path / "lote") if f["fila"] == "t.csv, fila 2")
    assert fila["estado"] == "error" and "distrito capital" in fila["mensajes"] and "provincial" in fila["mensajes"]
    assert not (tmp_path / "lote" / "Cusco" / "Calca" / "Calca").exists()


def test_dos_lotes_en_la_misma_carpeta(tmp_path):
    from generador.lote_estado import candado

    t = tabla_csv(tmp_path / "t.csv", [["distrital", "Cajamarca", "Chota", "Lajas", "2026-04-10"]])
    carpeta = tmp_path / "lote"
    with candado(carpeta):
        r = ejecutar("lote", t, "--documentos", "ordenanza", "-o", carpeta, "--procesos", "1")
    assert r.exit_code == 1 and "otro lote está en marcha" in r.output and "ya existe" not in r.output
    assert not list(carpeta.rglob("*.docx"))
    assert ejecutar("lote", t, "--documentos", "ordenanza", "-o", carpeta).exit_code == 0  # libre al terminar


def test_disco_lleno_al_escribir_el_resumen(tmp_path, monkeypatch):
    from generador import lote_salidas

    def lleno(ruta, *a, **k):
        raise ErrorSalida(f"no se pudo escribir {ruta} (No queda espacio en el dispositivo)")

    monkeypatch.setattr(lote_salidas, "escribir", lleno)
    t = tabla_csv(tmp_path / "t.csv", [["distrital", "Cajamarca", "Chota", "Lajas", "2026-04-10"]])
    r = ejecutar("lote", t, "--documentos", "ordenanza", "-o", tmp_path / "lote", "--procesos", "1")
    sin_traza(r)
    assert r.exit_code == 1
    assert "1 generados" in r.output and "no se pudo escribir resumen.csv" in r.output
    assert "repita la orden" in r.output


# ------------------------------------------------------------------ señales y trabajadores

ORDEN = LOTE_CUSCO


def _hijos(pid: int) -> set[int]:
    hijos = set()
    for entrada in Path("/proc").iterdir():
        if entrada.name.isdigit():
            try:
                partes = (entrada / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(partes[1]) == pid:
                hijos.add(int(entrada.name))
    return hijos


def _vivos(pids: set[int]) -> set[int]:
    vivos = set()
    for pid in pids:
        try:
            estado = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if estado != "Z":
            vivos.add(pid)
    return vivos


def _esperar(condicion, segundos: float) -> bool:
    limite = time.time() + segundos
    while time.time() < limite:
        if condicion():
            return True
        time.sleep(0.02)
    return condicion()


def _trabajadores(proceso) -> set[int]:
    """Los trabajadores del lote (hijos python del proceso, sin el rastreador de recursos)."""
    hijos = _hijos(proceso.pid)
    return {h for h in hijos if b"resource_tracker" not in Path(f"/proc/{h}/cmdline").read_bytes()}


requiere_linux = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="usa /proc")


@requiere_linux
@pytest.mark.parametrize("senal", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_o_sighup_paran_con_orden_y_dejan_resumen(tmp_path, senal):
    carpeta = tmp_path / "lote"
    proceso = subprocess.Popen(
        [*ORDEN, "-o", str(carpeta)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    assert _esperar(lambda: len(list(carpeta.rglob("*.docx"))) >= 10 or proceso.poll() is not None, 90)
    trabajadores = _trabajadores(proceso)
    proceso.send_signal(senal)
    salida, errores = proceso.communicate(timeout=60)
    assert proceso.returncode == 128 + senal, (salida, errores)
    assert "Traceback" not in errores and "Lote interrumpido" in errores and "Para reanudar" in errores
    assert _esperar(lambda: not _vivos(trabajadores), 5)
    filas = resumen(carpeta)
    assert len(filas) == 103  # todas las tareas, también las no empezadas
    escritos = {str(p) for p in carpeta.rglob("*.docx")}
    generados = {f["archivo"] for f in filas if f["estado"] == "generado"}
    assert escritos == generados  # lo que estaba en vuelo está en el resumen
    assert any(f["estado"] == "pendiente" for f in filas)
    reanudado = subprocess.run([*ORDEN, "-o", str(carpeta)], capture_output=True, text=True, timeout=180)
    assert reanudado.returncode == 0, reanudado.stderr
    assert len(list(carpeta.rglob("*.docx"))) == 103
    assert f"{len(escritos)} omitidos" in reanudado.stdout


@requiere_linux
def test_matar_al_padre_termina_los_trabajadores(tmp_path):
    carpeta = tmp_path / "lote"
    proceso = subprocess.Popen(
        [*ORDEN, "-o", str(carpeta)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    assert _esperar(lambda: len(list(carpeta.rglob("*.docx"))) >= 5 or proceso.poll() is not None, 90)
    trabajadores = _trabajadores(proceso)
    assert len(trabajadores) == 2
    proceso.kill()  # kill -9 solo al padre
    proceso.wait()
    assert _esperar(lambda: not _vivos(trabajadores), 5), "los trabajadores siguieron vivos"
    cuenta = len(list(carpeta.rglob("*.docx")))
    time.sleep(1)
    assert len(list(carpeta.rglob("*.docx"))) == cuenta  # nadie sigue escribiendo


@requiere_linux
def test_ctrl_c_al_arrancar_sin_trazas_de_los_trabajadores(tmp_path):
    carpeta = tmp_path / "lote"
    proceso = subprocess.Popen(
        [*ORDEN, "-o", str(carpeta)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    assert _esperar(lambda: len(_trabajadores(proceso)) >= 2 or proceso.poll() is not None, 60)
    os.killpg(proceso.pid, signal.SIGINT)  # como Ctrl-C: a todo el grupo
    _salida, errores = proceso.communicate(timeout=60)
    assert "Traceback" not in errores and "KeyboardInterrupt" not in errores, errores
    assert proceso.returncode == 130 and "Para reanudar" in errores


# ------------------------------------------------------------------ --zip con los PDF


@pytest.mark.skipif(not hay_libreoffice(), reason="requiere LibreOffice")
def test_zip_incluye_los_pdf(tmp_path):
    t = tabla_csv(tmp_path / "t.csv", [["distrital", "Cajamarca", "Chota", "Lajas", "2026-04-10"]])
    r = ejecutar("lote", t, "--documentos", "ordenanza", "-o", tmp_path / "lote", "--zip", "--pdf")
    assert r.exit_code == 0, r.output
    paquete = tmp_path / "lote" / "Cajamarca" / "Chota" / "Lajas" / "Lajas.zip"
    assert sorted(zipfile.ZipFile(paquete).namelist()) == ["ordenanza.docx", "ordenanza.pdf"]


# ------------------------------------------------------------------ plantilla de tabla y directorio


def test_plantilla_una_columna_por_hecho_agrupadas_y_actas_desde_la_tabla(tmp_path):
    destino = tmp_path / "t.xlsx"
    assert ejecutar("lote", "plantilla-tabla", "-o", destino).exit_code == 0
    libro = openpyxl.load_workbook(destino)
    cabecera = [c.value for c in libro["Instancias"][1]]
    assert len(cabecera) == len(set(cabecera))
    assert cabecera.count("ordenanza.numero") == 1 and cabecera.count("ordenanza.fecha") == 1
    explicadas = {f[0].value: f for f in libro["Columnas"].iter_rows(min_row=2) if f[0].value}
    assert "hecho del perfil (instancia.ordenanza.numero)" in explicadas["ordenanza.numero"][1].value
    assert explicadas["provincia"][4].value == "Perfil de la instancia"
    assert explicadas["acta-instalacion.fecha"][4].value.startswith("Documento:")
    directorio = [[c.value for c in f] for f in libro["Directorio"].iter_rows()]
    assert directorio[0][:3] == ["clave", "integrante", "entidad"] and len(directorio) > 5
    r = ejecutar("lote", destino, "--documentos", "acta-instalacion", "-o", tmp_path / "lote", "--procesos", "1")
    assert r.exit_code == 0, r.output
    texto = texto_docx(tmp_path / "lote" / "Cajamarca" / "Chota" / "acta-instalacion.docx")
    entidades = [f[2] for f in directorio[1:] if f[2]]
    assert all(e in texto for e in entidades)


def test_directorio_con_clave_desconocida(tmp_path):
    destino = tmp_path / "t.xlsx"
    assert ejecutar("lote", "plantilla-tabla", "-o", destino).exit_code == 0
    libro = openpyxl.load_workbook(destino)
    libro["Directorio"]["A3"] = "no-existe"
    libro.save(destino)
    r = ejecutar("lote", destino, "--documentos", "ordenanza", "-o", tmp_path / "lote")
    sin_traza(r)
    assert r.exit_code == 1 and "hoja Directorio" in r.output and "fila 3: «no-existe»" in r.output


# ------------------------------------------------------------------ fuzz: tablas hostiles

_HOSTIL = st.text(st.characters(codec="utf-8"), max_size=60) | st.sampled_from(
    [
        '=HYPERLINK("http://x","y")',
        "=cmd|' /C calc'!A0",
        "+1+1",
        "@SUM(A1)",
        "-",
        "\t",
        "\r",
        '"',
        '""',
        "a,b",
        "a;b",
        "\n",
        "x\u202egpj.exe",
        "CON",
        "nul.txt",
        "ñ" * 130,
        "a" * 300,
        "1e999999",
        "9" * 40,
        "[",
        "[a, b",
        "{{ x }}",
        "../../etc",
        "/",
        "\x00",
        "Calca",
        "provincial",
        "distrital",
        "regional",
    ]
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    filas=st.lists(st.lists(_HOSTIL, min_size=5, max_size=5), min_size=1, max_size=3),
    separador=st.sampled_from([",", ";", "\t"]),
)
def test_fuzz_tabla_hostil_nunca_da_traza(tmp_path_factory, filas, separador):
    tmp = tmp_path_factory.mktemp("fuzz")
    t = tmp / "t.csv"
    with t.open("w", encoding="utf-8", newline="") as f:
        escritor = csv.writer(f, delimiter=separador)
        escritor.writerow(CABECERA)
        escritor.writerows([[c.replace("\x00", "") for c in fila] for fila in filas])
    carpeta = tmp / "lote"
    r = ejecutar("lote", t, "--documentos", "ordenanza", "-o", carpeta, "--procesos", "1")
    sin_traza(r)
    assert r.exit_code in (0, 1)
    if r.exit_code == 1 and not (carpeta / "resumen.csv").exists():
        assert "Error:" in r.output  # rechazo de la tabla entera, en español
        return
    for ruta in carpeta.rglob("*"):
        assert len(ruta.name.encode("utf-8")) <= 255 and ruta.name[0] not in "=+-@"
        assert carpeta in ruta.resolve().parents
    with (carpeta / "resumen.csv").open(encoding="utf-8-sig", newline="") as f:
        assert not [c for fila in csv.reader(f) for c in fila if c.startswith(PELIGROSOS)]


# ------------------------------------------------------------------ tablas que no son archivos normales o son enormes


def test_tabla_fifo_o_enorme_da_error_sin_colgarse(tmp_path, monkeypatch):
    fifo = tmp_path / "t.csv"
    os.mkfifo(fifo)
    r = ejecutar("lote", fifo, "--documentos", "ordenanza", "-o", tmp_path / "lote")
    sin_traza(r)
    assert r.exit_code == 1 and "no es un archivo normal" in r.output
    grande = tmp_path / "grande.csv"
    with grande.open("wb") as f:
        f.truncate(tabla.LIMITE_TABLA + 1)
    r = ejecutar("lote", grande, "--documentos", "ordenanza", "-o", tmp_path / "lote")
    assert r.exit_code == 1 and "más que el límite" in r.output
    bomba = tmp_path / "bomba.xlsx"
    with zipfile.ZipFile(bomba, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * (2 * 1024 * 1024))
    monkeypatch.setattr(tabla, "LIMITE_XLSX_DESCOMPRIMIDO", 1024 * 1024)
    r = ejecutar("lote", bomba, "--documentos", "ordenanza", "-o", tmp_path / "lote")
    sin_traza(r)
    assert r.exit_code == 1 and "descomprimida" in r.output
    assert not (tmp_path / "lote").exists()
