"""Entradas hostiles en la lectura (incidencias 17 y 18): nunca una traza, nunca memoria sin
límite, nunca un cuelgue; siempre un .docx válido o un error en español con archivo y línea."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from generador.cli import principal
from generador.errores import ErrorRespuestas
from generador.limites import LIMITE_CARACTERES, LIMITE_RESPUESTAS, ErrorEntrada, leer_bytes
from generador.manifiesto import catalogo
from generador.perfil import preguntas_perfil
from generador.respuestas import cargar_yaml
from generador.validacion import validar_archivo, validar_datos

import hostiles
from ayudas import EJEMPLOS, error_en_espanol, reemplazar, texto_docx

# Palabras de los mensajes de PyYAML, pydantic o Python que no deben llegar a la persona usuaria.
INGLES = re.compile(
    r"\b(found|expected|while scanning|mapping|could not|cannot|not allowed|"
    r"Traceback|Error\w*Error|or '|invalid|Input should)\b"
)


def _cli(*args):
    return CliRunner().invoke(principal, [str(a) for a in args])


def _error(resultado, *fragmentos) -> str:
    return error_en_espanol(resultado, *fragmentos, ingles=INGLES)


def _en_subproceso(*args, memoria_mb: int = 1024, segundos: int = 60):
    """`generador …` en otro proceso con memoria y tiempo acotados (una regresión no tumba la máquina)."""

    def limitar():
        import resource

        tope = memoria_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (tope, tope))

    try:
        return subprocess.run(
            [sys.executable, "-m", "generador", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=segundos,
            preexec_fn=limitar,
            cwd=tempfile.gettempdir(),
        )  # el paquete instalado, no el de la carpeta actual
    except subprocess.TimeoutExpired:
        pytest.fail(f"«generador {' '.join(map(str, args))}» no terminó en {segundos} s")


def _error_subproceso(proceso, *fragmentos) -> str:
    assert proceso.returncode == 1, proceso.stderr
    assert "Traceback" not in proceso.stderr, proceso.stderr
    assert proceso.stderr.startswith("Error: "), proceso.stderr
    for f in fragmentos:
        assert f in proceso.stderr, proceso.stderr
    return proceso.stderr


@pytest.fixture
def carpeta(copia_ejemplos):
    return copia_ejemplos("distrital")


def _linea_de(ruta: Path, fragmento: str) -> int:
    lineas = ruta.read_text(encoding="utf-8").splitlines()
    return next(i for i, l in enumerate(lineas, 1) if fragmento in l)


# --- 18.1 Alias: bomba y ancla recursiva ------------------------------------------------------


def test_bomba_de_alias_de_1_kb_se_rechaza_sin_agotar_la_memoria(carpeta, tmp_path):
    ruta = carpeta / "ordenanza.yaml"
    ruta.write_text(ruta.read_text(encoding="utf-8") + hostiles.bomba_alias(), encoding="utf-8")
    assert len(hostiles.bomba_alias()) < 1100
    proceso = _en_subproceso("generar", ruta, "-o", tmp_path / "s", memoria_mb=700, segundos=60)
    _error_subproceso(proceso, "alias", "línea ")
    assert not (tmp_path / "s").exists()


@pytest.mark.parametrize("tipo", ["lista", "grupo"])
def test_ancla_recursiva_da_error_con_la_linea(carpeta, tmp_path, tipo):
    ruta = carpeta / "ordenanza.yaml"
    ruta.write_text(ruta.read_text(encoding="utf-8") + hostiles.ancla_recursiva(tipo), encoding="utf-8")
    linea = len(ruta.read_text(encoding="utf-8").splitlines())
    _error(_cli("generar", ruta, "-o", tmp_path / "s"), f"línea {linea}", "alias recursivo")


def test_muchos_alias_se_rechazan(carpeta):
    ruta = carpeta / "ordenanza.yaml"
    extra = "zz_base: &b x\n" + "".join(f"zz_{i}: *b\n" for i in range(150))
    ruta.write_text(ruta.read_text(encoding="utf-8") + extra, encoding="utf-8")
    _error(_cli("validar", ruta), "demasiados alias")


def test_alias_moderados_siguen_valiendo(carpeta, tmp_path):
    """Un ancla usada unas pocas veces (la misma persona en dos sitios) sigue funcionando."""
    perfil = carpeta / "instancia.yaml"
    texto = perfil.read_text(encoding="utf-8")
    texto = texto.replace("presidencia:\n", "presidencia: &presi\n", 1)
    perfil.write_text(texto, encoding="utf-8")
    r = _cli("generar", carpeta / "ordenanza.yaml", "-o", tmp_path / "s")
    assert r.exit_code == 0, r.output


def test_anidamiento_profundo_da_error_en_espanol(carpeta, tmp_path):
    ruta = carpeta / "ordenanza.yaml"
    ruta.write_text(ruta.read_text(encoding="utf-8") + hostiles.anidamiento_profundo(5000), encoding="utf-8")
    _error(_cli("generar", ruta, "-o", tmp_path / "s"), "niveles de anidamiento")


# --- 18.3 Números enormes ---------------------------------------------------------------------


def _numericas(preguntas, camino=""):
    for nombre, p in preguntas.items():
        if p.tipo in ("entero", "decimal"):
            yield f"{camino}{nombre}", p
        yield from _numericas(p.campos, f"{camino}{nombre}.")
        if p.elementos is not None:
            yield from _numericas({"[]": p.elementos}, f"{camino}{nombre}")


def test_toda_pregunta_numerica_declara_un_maximo():
    sin_maximo = [
        f"{doc}: {nombre}" for doc, m in catalogo().items() for nombre, p in _numericas(m.preguntas) if p.maximo is None
    ]
    sin_maximo += [f"perfil: {nombre}" for nombre, p in _numericas(preguntas_perfil()) if p.maximo is None]
    assert sin_maximo == []


CASOS_ENORMES = [
    ("ordenanza.yaml", "plazo_designacion_dias: 15", "plazo_designacion_dias"),
    ("reglamento.yaml", None, "espera_quorum_minutos"),
    ("plan-trabajo.yaml", "  presupuesto: 1200", "presupuesto"),
    ("diagnostico.yaml", "cantidad: 21}", "cantidad"),
]


@pytest.mark.parametrize("numero", ["1" + "0" * 30, "1e30", "1e999999", "-1e999999", "9" * 5000])
@pytest.mark.parametrize("archivo,linea,campo", CASOS_ENORMES)
def test_numeros_enormes_dan_error_en_espanol(carpeta, tmp_path, archivo, linea, campo, numero):
    ruta = carpeta / archivo
    if linea is None:
        ruta.write_text(ruta.read_text(encoding="utf-8") + f"{campo}: {numero}\n", encoding="utf-8")
    elif linea.endswith("}"):
        reemplazar(ruta, linea, f"cantidad: {numero}}}")
    else:
        reemplazar(ruta, linea, linea.split(":")[0] + f": {numero}")
    salida = _error(_cli("generar", ruta, "-o", tmp_path / "s"), campo)
    assert re.search(r"debe ser (como máximo|mayor o igual|un número)", salida), salida
    assert len(salida) < 600, salida  # el número de 5000 cifras no se copia entero


# --- 18.5 Otros archivos en los mensajes; el perfil dentro de la carpeta ----------------------

SECRETO = "root:$6$SALSAsecreta$HASHsecreto:20228:0:99999:7:::\n"


@pytest.mark.parametrize("caso", ["absoluta", "relativa", "enlace"])
def test_perfil_fuera_de_la_carpeta_no_se_lee(carpeta, tmp_path, caso):
    fuera = tmp_path / "secreto"
    fuera.write_text(SECRETO + "clave_secreta_de_otro: 1\n", encoding="utf-8")
    (carpeta / "enlace.yaml").symlink_to(fuera)
    valor = {"absoluta": str(fuera), "relativa": "../../secreto", "enlace": "enlace.yaml"}[caso]
    reemplazar(carpeta / "ordenanza.yaml", "instancia: instancia.yaml", f"instancia: {valor}")
    salida = _error(_cli("validar", carpeta / "ordenanza.yaml"), "fuera de la carpeta", "«instancia»")
    assert "secreta" not in salida and "SALSA" not in salida


def test_perfil_en_subcarpeta_si_se_lee(carpeta):
    (carpeta / "comun").mkdir()
    shutil.move(carpeta / "instancia.yaml", carpeta / "comun" / "instancia.yaml")
    reemplazar(carpeta / "ordenanza.yaml", "instancia: instancia.yaml", "instancia: comun/instancia.yaml")
    assert validar_archivo(carpeta / "ordenanza.yaml").perfil["distrito"]


def test_perfil_explicito_puede_estar_fuera(carpeta, tmp_path):
    """La ruta que la persona da ella misma (la futura opción --instancia) no se limita."""
    comun = tmp_path / "comun"
    comun.mkdir()
    shutil.move(carpeta / "instancia.yaml", comun / "instancia.yaml")
    r = validar_archivo(carpeta / "ordenanza.yaml", perfil=comun / "instancia.yaml")
    assert r.perfil["nivel"] == "distrital" and r.perfil["distrito"]


def test_archivo_que_no_es_un_perfil_no_se_cita(carpeta):
    (carpeta / "otro.yaml").write_text("".join(f"u{i}" + SECRETO for i in range(20)), encoding="utf-8")
    reemplazar(carpeta / "ordenanza.yaml", "instancia: instancia.yaml", "instancia: otro.yaml")
    salida = _error(_cli("validar", carpeta / "ordenanza.yaml"), "no parece un perfil")
    assert "SALSA" not in salida and salida.count("\n") < 3


def test_mensajes_citan_un_extracto_corto_y_saneado(carpeta):
    clave = "campo_\\e[31m_\u202e" + "x" * 500  # «\\e» en comillas dobles de YAML: ESC
    ruta = carpeta / "ordenanza.yaml"
    ruta.write_text(ruta.read_text(encoding="utf-8") + f'"{clave}": 1\nciudad2: "{"y" * 500}"\n', encoding="utf-8")
    salida = _error(_cli("validar", ruta), "campo desconocido")
    assert "x" * 41 not in salida and "\x1b" not in salida and "\u202e" not in salida


# --- 18.6 Claves repetidas --------------------------------------------------------------------


def test_clave_repetida_nombra_las_dos_lineas(carpeta, tmp_path):
    ruta = carpeta / "ordenanza.yaml"
    primera = _linea_de(ruta, "ciudad:")
    ruta.write_text(ruta.read_text(encoding="utf-8") + "ciudad: Otra\n", encoding="utf-8")
    segunda = len(ruta.read_text(encoding="utf-8").splitlines())
    _error(_cli("generar", ruta, "-o", tmp_path / "s"), "«ciudad» está repetido", f"líneas {primera} y {segunda}")
    assert not (tmp_path / "s").exists()


def test_clave_repetida_muchas_veces_sale_una_vez(carpeta):
    ruta = carpeta / "ordenanza.yaml"
    primera = _linea_de(ruta, "ciudad:")
    total = len(ruta.read_text(encoding="utf-8").splitlines())
    ruta.write_text(ruta.read_text(encoding="utf-8") + "ciudad: Otra\n" * 30, encoding="utf-8")
    salida = _error(_cli("validar", ruta), f"líneas {primera}, {total + 1}, {total + 2}")
    assert salida.count("repetido") == 1


def test_clave_repetida_dentro_de_un_grupo_del_perfil(carpeta):
    perfil = carpeta / "instancia.yaml"
    linea = reemplazar(perfil, "  genero: masculino\n  dni:", "  genero: masculino\n  genero: femenino\n  dni:")
    _error(_cli("validar", carpeta / "ordenanza.yaml"), str(perfil), f"líneas {linea} y {linea + 1}")


# --- 18.8 Texto de las respuestas intacto ----------------------------------------------------


def test_llaves_con_guion_bajo_salen_tal_cual(carpeta, tmp_path):
    ruta = carpeta / "ordenanza.yaml"
    reemplazar(ruta, "ciudad: Lajas", 'ciudad: "Lajas {_{ x }_} {_% y %_} {{ z }}"')
    r = _cli("generar", ruta, "-o", tmp_path / "s")
    assert r.exit_code == 0, r.output
    texto = texto_docx(next((tmp_path / "s").glob("*.docx")))
    assert "Lajas {_{ x }_} {_% y %_} {{ z }}" in texto


# --- 18.10 Campo de 50 MB; archivo en Latin-1 -------------------------------------------------


def test_campo_de_50_mb_dice_que_es_demasiado_largo(carpeta):
    """Por la biblioteca (como llega una celda de hoja de cálculo): el campo, no «XML no válido»."""
    archivo = cargar_yaml(carpeta / "ordenanza.yaml")
    archivo.datos["ciudad"] = "a" * (50 * 1024 * 1024)
    with pytest.raises(ErrorRespuestas) as exc:
        validar_datos(archivo)
    mensaje = str(exc.value)
    assert "«ciudad»" in mensaje and "demasiado largo" in mensaje
    assert f"límite {LIMITE_CARACTERES:,} caracteres".replace(",", " ") in mensaje
    assert len(mensaje) < 400


def test_campo_largo_en_el_yaml(carpeta, tmp_path):
    ruta = carpeta / "ordenanza.yaml"
    linea = reemplazar(ruta, "ciudad: Lajas", "ciudad: " + "a" * (LIMITE_CARACTERES + 10))
    _error(_cli("generar", ruta, "-o", tmp_path / "s"), f"línea {linea}", "«ciudad»", "demasiado largo")


def test_archivo_en_latin1_se_lee_con_aviso_y_la_linea(carpeta, tmp_path):
    ruta = carpeta / "ordenanza.yaml"
    texto = ruta.read_text(encoding="utf-8").replace("ciudad: Lajas", "ciudad: Lajas de la Peña")
    ruta.write_bytes(texto.encode("cp1252"))
    primera = next(i for i, l in enumerate(texto.splitlines(), 1) if not l.isascii())
    r = _cli("generar", ruta, "-o", tmp_path / "s")
    assert r.exit_code == 0, r.output
    assert f"línea {primera}" in r.output and "UTF-8" in r.output and "Aviso:" in r.output
    assert "Lajas de la Peña" in texto_docx(next((tmp_path / "s").glob("*.docx")))


def test_archivo_binario_se_rechaza_con_la_linea(carpeta, tmp_path):
    ruta = carpeta / "ordenanza.yaml"
    linea = _linea_de(ruta, "ciudad: Lajas")
    ruta.write_bytes(ruta.read_bytes().replace(b"ciudad: Lajas", b"ciudad: La\x00\x01jas"))
    _error(_cli("generar", ruta, "-o", tmp_path / "s"), "no es un archivo de texto", f"línea {linea}")
    ruta.write_bytes(ruta.read_bytes().replace(b"La\x00\x01jas", b"La\x1bjas"))
    _error(_cli("generar", ruta, "-o", tmp_path / "s"), "carácter de control", f"línea {linea}")


# --- 17 Lectura: solo archivos regulares, con límite de tamaño ---------------------------------


@pytest.mark.parametrize("dispositivo", ["/dev/zero", "/dev/urandom"])
def test_dispositivo_como_respuestas_o_perfil(carpeta, tmp_path, dispositivo):
    proceso = _en_subproceso("validar", dispositivo, memoria_mb=700, segundos=30)
    _error_subproceso(proceso, dispositivo, "no es un archivo normal")
    (carpeta / "disp.yaml").symlink_to(dispositivo)
    reemplazar(carpeta / "ordenanza.yaml", "instancia: instancia.yaml", "instancia: disp.yaml")
    proceso = _en_subproceso("generar", carpeta / "ordenanza.yaml", "-o", tmp_path / "s", memoria_mb=700, segundos=30)
    _error_subproceso(proceso, "«instancia»")


def test_fifo_no_cuelga(carpeta, tmp_path):
    os.mkfifo(carpeta / "tuberia.yaml")
    reemplazar(carpeta / "ordenanza.yaml", "instancia: instancia.yaml", "instancia: tuberia.yaml")
    proceso = _en_subproceso("generar", carpeta / "ordenanza.yaml", "-o", tmp_path / "s", segundos=30)
    _error_subproceso(proceso, "tuberia.yaml", "no es un archivo normal")
    proceso = _en_subproceso("validar", carpeta / "tuberia.yaml", segundos=30)
    _error_subproceso(proceso, "no es un archivo normal")


def test_byte_nulo_en_la_ruta(carpeta):
    reemplazar(carpeta / "ordenanza.yaml", "instancia: instancia.yaml", 'instancia: "insta\\0ncia.yaml"')
    _error(_cli("validar", carpeta / "ordenanza.yaml"), "carácter nulo", "«instancia»")
    with pytest.raises(ErrorRespuestas, match="carácter nulo"):
        validar_archivo(str(carpeta / "orden\x00anza.yaml"))


def test_archivo_demasiado_grande(carpeta, tmp_path):
    ruta = carpeta / "ordenanza.yaml"
    relleno = ("# " + "x" * 98 + "\n") * (LIMITE_RESPUESTAS // 100 + 10)
    ruta.write_text(ruta.read_text(encoding="utf-8") + relleno, encoding="utf-8")
    _error(_cli("generar", ruta, "-o", tmp_path / "s"), "demasiado grande", "límite 2 MB")


@pytest.mark.parametrize("relleno", ["zz: [" + "a," * 400_000 + "a]\n", "zz:\n" + "- a\n" * 300_000])
def test_demasiados_elementos_se_rechazan_antes_de_construirlos(carpeta, tmp_path, relleno):
    """Sin alias, 2 MB de «a,» serían un millón de nodos: se rechaza sin construirlos (memoria acotada)."""
    ruta = carpeta / "ordenanza.yaml"
    ruta.write_text(ruta.read_text(encoding="utf-8") + relleno, encoding="utf-8")
    proceso = _en_subproceso("validar", ruta, memoria_mb=400, segundos=60)
    _error_subproceso(proceso, "demasiadas líneas o elementos")


def test_leer_bytes_no_lee_de_mas(tmp_path):
    """El tope se aplica a lo leído, no solo al tamaño declarado (p. ej. /proc)."""
    ruta = tmp_path / "a.yaml"
    ruta.write_bytes(b"x" * 1000)
    assert leer_bytes(ruta, 1000) == b"x" * 1000
    with pytest.raises(ErrorEntrada, match="demasiado grande"):
        leer_bytes(ruta, 999)
    with pytest.raises(ErrorEntrada, match="carpeta"):
        leer_bytes(tmp_path, 999)


# --- Propiedades: YAML hostil por la CLI → un .docx válido o un error en español ---------------

BASES = {
    nombre: (EJEMPLOS / "distrital" / nombre).read_text(encoding="utf-8")
    for nombre in ("ordenanza.yaml", "reglamento.yaml", "plan-trabajo.yaml")
}


def _comprobar(orden: str, datos: bytes, nombre: str) -> None:
    with tempfile.TemporaryDirectory() as temporal:
        carpeta = Path(temporal) / "r"
        shutil.copytree(EJEMPLOS / "distrital", carpeta)
        os.mkfifo(carpeta / "fifo.yaml")
        ruta = carpeta / nombre
        ruta.write_bytes(datos)
        salida = Path(temporal) / "s"
        args = ["generar", ruta, "-o", salida] if orden == "generar" else ["validar", ruta]
        r = _cli(*args)
        assert r.exception is None or isinstance(r.exception, SystemExit), (r.output, r.exc_info)
        assert "Traceback" not in r.output
        if r.exit_code == 0:
            if orden == "generar":
                generados = list(salida.glob("*.docx"))
                assert generados, r.output
                for g in generados:
                    assert docx.Document(str(g)).paragraphs
        else:
            assert r.output.startswith("Error: "), r.output
            assert not INGLES.search(r.output), r.output
            assert not salida.exists() or not any(salida.iterdir())


_AJUSTES = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_AJUSTES
@given(datos=hostiles.yaml_hostil(BASES["plan-trabajo.yaml"]))
def test_validar_yaml_hostil(datos):
    _comprobar("validar", datos, "plan-trabajo.yaml")


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(datos=hostiles.yaml_hostil(BASES["reglamento.yaml"]))
def test_generar_yaml_hostil_reglamento(datos):
    _comprobar("generar", datos, "reglamento.yaml")


@_AJUSTES
@given(datos=hostiles.yaml_hostil(BASES["ordenanza.yaml"]))
def test_generar_yaml_hostil_ordenanza(datos):
    _comprobar("generar", datos, "ordenanza.yaml")


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(datos=hostiles.yaml_hostil((EJEMPLOS / "distrital" / "instancia.yaml").read_text(encoding="utf-8")))
def test_validar_perfil_hostil(datos):
    """El perfil (instancia.yaml) hostil, leído a través de las respuestas."""
    with tempfile.TemporaryDirectory() as temporal:
        carpeta = Path(temporal) / "r"
        shutil.copytree(EJEMPLOS / "distrital", carpeta)
        (carpeta / "instancia.yaml").write_bytes(datos)
        r = _cli("validar", carpeta / "ordenanza.yaml")
        assert r.exception is None or isinstance(r.exception, SystemExit), (r.output, r.exc_info)
        if r.exit_code != 0:
            assert r.output.startswith("Error: ") and not INGLES.search(r.output), r.output


def test_revisar_rechaza_un_documento_enorme_sin_leerlo(tmp_path):
    from generador.lectura import ErrorLectura, leer
    from generador.limites import LIMITE_DOCUMENTO

    ruta = tmp_path / "enorme.pdf"
    with ruta.open("wb") as f:  # archivo disperso: no ocupa disco
        f.write(b"%PDF-1.4\n")
        f.truncate(LIMITE_DOCUMENTO + 1)
    with pytest.raises(ErrorLectura, match="demasiado grande"):
        leer(ruta)
