"""Fuzz largo de la CLI: N casos hostiles por orden, en subprocesos con memoria acotada.

Cada orden (generar, validar, lote, revisar, expediente) recibe entradas hostiles hechas aquí
mismo (sin depender de las pruebas): bombas de alias YAML y anclas recursivas, números enormes,
claves repetidas, bytes nulos, Latin-1, tabuladores, textos con Jinja/XML/bidireccionales,
rutas a /dev/zero, FIFO o /etc/passwd; tablas CSV con comillas, fórmulas y columnas de más;
.docx con bombas zip y entidades XML; PDF con JavaScript, adjuntos, cifrados o mutilados.

Un error inesperado que la CLI envuelve en español (código 3, «falló de forma inesperada», p. ej. un
MemoryError o un RecursionError capturados en su nivel superior) cuenta como traza, con su tipo.

Los casos corren en tandas, cada tanda en un subproceso con límite de memoria (RLIMIT_AS) y un
tiempo máximo por caso. Se cuenta, por orden: correctos, errores en español, trazas de Python
(incluye MemoryError y RecursionError), casos que agotaron el tiempo y el pico de memoria (RSS).

Uso: python herramientas/fuzz_largo.py --casos 300 [--orden generar,lote] [--semilla 1]
     [--memoria-mb 1536] [--tiempo-caso 20] [--tanda 100] [--max-segundos 480]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
ORDENES = ("generar", "validar", "lote", "revisar", "expediente")

TEXTOS = [
    "{{ instancia.nombre }}",
    "{% for x in range(10**9) %}x{% endfor %}",
    "{_{ x }_}",
    "<w:p>",
    "]]>",
    "&amp;",
    "x\u202egpj.exe",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x07",
    "\r\n",
    "\t",
    "ñ" * 130,
    "a" * 300,
    "x" * 200_000,
    "😀" * 50,
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "@SUM(A1)",
    "-",
    "CON",
    "nul.txt",
    "../../etc/passwd",
    "/",
    "'",
    '"',
    "",
    " ",
    "null",
    "~",
    "yes",
    "0x1F",
    "1e999999",
    "9" * 60,
]
NUMEROS = [10**30, -(10**30), 1e30, float("inf"), float("nan"), 10**400, -1, 0, 2**63, "1e999999", "10^30"]


# ------------------------------------------------------------------ entradas hostiles


def bomba_alias(niveles: int) -> str:
    lineas = ["documento: ordenanza", "a: &a [l, l, l, l, l, l, l, l, l]"]
    letras = "abcdefghijklmnop"
    for i in range(1, niveles):
        lineas.append(f"{letras[i]}: &{letras[i]} [" + ", ".join([f"*{letras[i - 1]}"] * 9) + "]")
    return "\n".join(lineas) + "\n"


def _recorrer_numeros(datos, azar: random.Random):
    if isinstance(datos, dict):
        return {k: _recorrer_numeros(v, azar) for k, v in datos.items()}
    if isinstance(datos, list):
        return [_recorrer_numeros(v, azar) for v in datos]
    if isinstance(datos, (int, float)) and not isinstance(datos, bool):
        return azar.choice(NUMEROS)
    return datos


def _textos(datos, azar: random.Random, prob: float):
    if isinstance(datos, dict):
        return {k: _textos(v, azar, prob) for k, v in datos.items()}
    if isinstance(datos, list):
        return [_textos(v, azar, prob) for v in datos]
    if isinstance(datos, str) and azar.random() < prob:
        return azar.choice(TEXTOS)
    return datos


def respuestas_hostiles(azar: random.Random, carpeta: Path) -> tuple[Path, str]:
    """Una carpeta con instancia.yaml y un YAML de respuestas hostil; devuelve (ruta, tipo de caso)."""
    import yaml

    nivel = azar.choice(["distrital", "provincial", "regional"])
    origen = RAIZ / "ejemplos" / nivel
    shutil.copy(origen / "instancia.yaml", carpeta / "instancia.yaml")
    candidatos = sorted(p for p in origen.glob("*.yaml") if p.name != "instancia.yaml")
    base = azar.choice(candidatos)
    ruta = carpeta / base.name
    texto = base.read_text(encoding="utf-8")
    tipo = azar.choices(
        [
            "textos",
            "numeros",
            "alias",
            "recursivo",
            "duplicadas",
            "bytes",
            "tab",
            "latin1",
            "instancia-especial",
            "vacio",
            "perfil-textos",
            "perfil-numeros",
            "estructura",
        ],
        weights=[20, 14, 3, 3, 5, 5, 4, 4, 4, 2, 10, 6, 8],
    )[0]
    datos = yaml.safe_load(texto)
    if tipo == "textos":
        texto = yaml.safe_dump(_textos(datos, azar, 0.3), allow_unicode=True, sort_keys=False)
    elif tipo == "numeros":
        datos = _recorrer_numeros(datos, azar)
        for clave in ("plazo_designacion_dias", "espera_quorum_minutos", "presupuesto", "numero", "anio"):
            if azar.random() < 0.3:
                datos[clave] = azar.choice(NUMEROS)
        texto = yaml.dump(datos, allow_unicode=True, sort_keys=False)
    elif tipo == "alias":
        texto = bomba_alias(azar.randint(4, 9))
    elif tipo == "recursivo":
        texto = "documento: ordenanza\nx: &r [*r]\n" if azar.random() < 0.5 else "documento: ordenanza\nx: &r {a: *r}\n"
    elif tipo == "duplicadas":
        lineas = texto.splitlines()
        i = azar.randrange(len(lineas))
        texto = "\n".join(lineas[: i + 1] + [lineas[i]] + lineas[i + 1 :]) + "\n"
    elif tipo == "bytes":
        crudo = bytearray(texto.encode("utf-8"))
        for _ in range(azar.randint(1, 20)):
            crudo[azar.randrange(len(crudo))] = azar.randrange(256)
        ruta.write_bytes(bytes(crudo))
        return ruta, tipo
    elif tipo == "tab":
        texto = texto.replace("  ", "\t", azar.randint(1, 5))
    elif tipo == "latin1":
        ruta.write_bytes(texto.encode("latin-1", "replace"))
        return ruta, tipo
    elif tipo == "instancia-especial":
        especial = azar.choice(
            [
                "/dev/zero",
                "/dev/urandom",
                "/etc/passwd",
                "/etc",
                "fifo",
                "no-existe.yaml",
                "instancia\x00.yaml",
                "a" * 5000,
            ]
        )
        if especial == "fifo":
            especial = str(carpeta / "tuberia")
            os.mkfifo(especial)
        datos["instancia"] = especial
        texto = yaml.safe_dump(datos, allow_unicode=True, sort_keys=False)
    elif tipo == "vacio":
        texto = azar.choice(["", "---\n", "[]\n", "null\n", "documento:\n", "documento: [1, 2]\n", "\ufeff"])
    elif tipo in ("perfil-textos", "perfil-numeros"):
        perfil = yaml.safe_load((carpeta / "instancia.yaml").read_text(encoding="utf-8"))
        perfil = _textos(perfil, azar, 0.3) if tipo == "perfil-textos" else _recorrer_numeros(perfil, azar)
        if tipo == "perfil-numeros":
            perfil["ubigeo"] = azar.choice(["99", "080404", 10**30, "", "0" * 6])
        (carpeta / "instancia.yaml").write_text(
            yaml.safe_dump(perfil, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    elif tipo == "estructura":
        clave = azar.choice(list(datos))
        datos[clave] = azar.choice([[], {}, [[]], {"a": {"b": {"c": 1}}}, None, [None] * 3, "x", 1, True])
        texto = yaml.safe_dump(datos, allow_unicode=True, sort_keys=False)
    ruta.write_text(texto, encoding="utf-8")
    return ruta, tipo


CABECERA = [
    "nivel",
    "departamento",
    "provincia",
    "distrito",
    "presidencia.nombre",
    "ordenanza.numero",
    "ordenanza.fecha",
]


def tabla_hostil(azar: random.Random, carpeta: Path) -> tuple[Path, str]:
    import csv

    tipo = azar.choices(
        ["celdas", "comillas", "columnas", "latin1", "xlsx", "vacia", "capital", "bytes"],
        weights=[35, 20, 10, 5, 10, 5, 5, 10],
    )[0]
    filas = []
    for _ in range(azar.randint(1, 4)):
        fila = [
            "distrital",
            "Cajamarca",
            "Chota",
            azar.choice(["Lajas", "Huambos", "Tacabamba"]),
            "Rosa Quispe",
            "007-2026-MDL",
            "2026-04-10",
        ]
        for i in range(len(fila)):
            if azar.random() < (0.4 if tipo == "celdas" else 0.1):
                fila[i] = azar.choice(TEXTOS).replace("\x00", "")
        filas.append(fila)
    ruta = carpeta / "tabla.csv"
    if tipo == "comillas":
        for fila in filas:
            fila[4] = azar.choice(['Rosa "Chabuca", Quispe', '""', '"', "a,b;c\td", "línea\nnueva", "'=1"])
    if tipo == "capital":
        filas[0][1:4] = azar.choice(
            [["Cusco", "Calca", "Calca"], ["Lima", "Lima", "Lima"], ["Cajamarca", "Chota", "Chota"]]
        )
    if tipo == "xlsx":
        import openpyxl
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        filas = [[ILLEGAL_CHARACTERS_RE.sub("", c) for c in fila] for fila in filas]
        libro = openpyxl.Workbook()
        hoja = libro.active
        hoja.append(CABECERA)
        for fila in filas:
            hoja.append([azar.choice([c, 10**20, 1e300, -5, None]) if azar.random() < 0.2 else c for c in fila])
        if azar.random() < 0.5:
            directorio = libro.create_sheet("Directorio")
            directorio.append(["clave", "integrante", "entidad", "titular.nombre", "asiste"])
            directorio.append(
                [
                    azar.choice(["", "x", None, "=1"]),
                    "cem",
                    ILLEGAL_CHARACTERS_RE.sub("", azar.choice(TEXTOS)),
                    "Ana",
                    "titular",
                ]
            )
        ruta = carpeta / "tabla.xlsx"
        libro.save(ruta)
        return ruta, tipo
    separador = azar.choice([",", ";", "\t"])
    salida = io.StringIO()
    escritor = csv.writer(salida, delimiter=separador)
    escritor.writerow(CABECERA)
    for fila in filas:
        if tipo == "columnas" and azar.random() < 0.7:
            fila = fila + ["sobra"] if azar.random() < 0.5 else fila[:-2]
        escritor.writerow(fila)
    texto = salida.getvalue() if tipo != "vacia" else azar.choice(["", "\n", separador.join(CABECERA) + "\n"])
    if tipo == "latin1":
        ruta.write_bytes(texto.replace("Rosa", "Peña").encode("latin-1", "replace"))
    elif tipo == "bytes":
        crudo = bytearray(texto.encode("utf-8"))
        for _ in range(azar.randint(1, 10)):
            crudo[azar.randrange(len(crudo))] = azar.randrange(256)
        ruta.write_bytes(bytes(crudo))
    else:
        ruta.write_text(texto, encoding="utf-8")
    return ruta, tipo


def _docx_de(partes: dict[str, bytes]) -> bytes:
    datos = io.BytesIO()
    with zipfile.ZipFile(datos, "w", zipfile.ZIP_DEFLATED) as z:
        for nombre, contenido in partes.items():
            z.writestr(nombre, contenido)
    return datos.getvalue()


_CACHE: dict[str, bytes] = {}


def docx_hostil(azar: random.Random, carpeta: Path) -> tuple[Path, str]:
    base = RAIZ / "tests" / "fixtures" / "revisar"
    docx = sorted(base.glob("*.docx")) if base.is_dir() else []
    tipo = azar.choices(
        ["bomba-zip", "entidades", "parte-enorme", "mutado", "no-zip", "vacio", "pdf"], weights=[6, 8, 6, 30, 10, 5, 35]
    )[0]
    ruta = carpeta / ("doc.pdf" if tipo == "pdf" else "doc.docx")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    if tipo == "bomba-zip":
        if "bomba" not in _CACHE:
            cuerpo = f'<w:document xmlns:w="{w}"><w:body>'.encode() + b"<w:p/>" * 25_000_000 + b"</w:body></w:document>"
            _CACHE["bomba"] = _docx_de({"[Content_Types].xml": b"<Types/>", "word/document.xml": cuerpo})
        ruta.write_bytes(_CACHE["bomba"])
    elif tipo == "entidades":
        entidades = (
            '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(azar.randint(3, 8)))
            + "]>"
        )
        cuerpo = f'<?xml version="1.0"?>{entidades}<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>&{chr(97 + 3)};</w:t></w:r></w:p></w:body></w:document>'
        ruta.write_bytes(_docx_de({"[Content_Types].xml": b"<Types/>", "word/document.xml": cuerpo.encode()}))
    elif tipo == "parte-enorme":
        texto = ("Instancia " * azar.randint(10_000, 2_000_000)).encode()
        cuerpo = (
            f'<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>'.encode()
            + texto
            + b"</w:t></w:r></w:p></w:body></w:document>"
        )
        ruta.write_bytes(_docx_de({"[Content_Types].xml": b"<Types/>", "word/document.xml": cuerpo}))
    elif tipo == "mutado" and docx:
        crudo = bytearray(azar.choice(docx).read_bytes())
        for _ in range(azar.randint(1, 30)):
            crudo[azar.randrange(len(crudo))] = azar.randrange(256)
        ruta.write_bytes(bytes(crudo))
    elif tipo == "pdf":
        ruta.write_bytes(pdf_hostil(azar))
    elif tipo == "vacio":
        ruta.write_bytes(b"")
    else:
        ruta.write_bytes(bytes(azar.randrange(256) for _ in range(azar.randint(1, 3000))))
    return ruta, tipo


def pdf_hostil(azar: random.Random) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    w = PdfWriter()
    for _ in range(azar.choice([1, 1, 2, 3, 50])):
        w.add_blank_page(azar.choice([1, 300, 612, 14400]), azar.choice([1, 300, 792]))
    if azar.random() < 0.5:
        w.add_attachment("x.exe", b"MZ" * azar.randint(1, 1000))
    accion = w._add_object(
        DictionaryObject(
            {
                NameObject("/S"): NameObject(azar.choice(["/JavaScript", "/Launch"])),
                NameObject("/JS"): TextStringObject("app.alert(1)"),
            }
        )
    )
    if azar.random() < 0.6:
        w._root_object[NameObject("/OpenAction")] = accion
        w.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): accion})
    if azar.random() < 0.4:
        w.pages[0][NameObject("/Annots")] = ArrayObject(
            [
                w._add_object(
                    DictionaryObject(
                        {
                            NameObject("/Type"): NameObject("/Annot"),
                            NameObject("/Subtype"): NameObject("/Link"),
                            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                            NameObject("/A"): accion,
                        }
                    )
                )
            ]
        )
    if azar.random() < 0.15:
        w.encrypt("clave")
    datos = io.BytesIO()
    w.write(datos)
    crudo = bytearray(datos.getvalue())
    if azar.random() < 0.5:
        for _ in range(azar.randint(1, 20)):
            crudo[azar.randrange(len(crudo))] = azar.randrange(256)
    if azar.random() < 0.3:
        crudo = crudo[: azar.randrange(1, len(crudo))]
    return bytes(crudo)


def caso(orden: str, azar: random.Random, carpeta: Path) -> tuple[list[str], str]:
    """Argumentos de la CLI y tipo del caso."""
    if orden in ("generar", "validar"):
        ruta, tipo = respuestas_hostiles(azar, carpeta)
        return ([orden, str(ruta)] + (["-o", str(carpeta / "salida")] if orden == "generar" else [])), tipo
    if orden == "lote":
        ruta, tipo = tabla_hostil(azar, carpeta)
        return ["lote", str(ruta), "--documentos", "ordenanza", "-o", str(carpeta / "lote"), "--procesos", "1"], tipo
    if orden == "revisar":
        ruta, tipo = docx_hostil(azar, carpeta)
        return ["revisar", str(ruta)], tipo
    anexos = []
    for i in range(azar.randint(1, 3)):
        anexo = carpeta / f"anexo{i}.pdf"
        anexo.write_bytes(pdf_hostil(azar))
        anexos.append(str(anexo))
    return ["expediente", *anexos, "-o", str(carpeta / "exp.pdf")], "pdf-hostil"


# ------------------------------------------------------------------ subproceso (una tanda)

CODIGO_INESPERADO = 3  # generador.cli.CODIGO_INESPERADO
INESPERADO = "falló de forma inesperada"  # comienzo del mensaje de generador.cli._Inesperado


def _excepcion_envuelta(salida: str) -> str:
    """Tipo de la excepción que la CLI envolvió en su mensaje «falló de forma inesperada … (Tipo: …)»."""
    import re

    hallado = re.search(r"inesperada en «[^»]*» \((\w+)", salida)
    return f"envuelta: {hallado.group(1)}" if hallado else "código 3 (error inesperado)"


class _TiempoAgotado(BaseException):
    pass


def _alarma(*_):
    raise _TiempoAgotado


def hijo(orden: str, desde: int, hasta: int, semilla: int, tiempo_caso: float) -> None:
    sys.path.insert(0, str(RAIZ))
    from click.testing import CliRunner

    from generador.cli import principal

    signal.signal(signal.SIGALRM, _alarma)
    for i in range(desde, hasta):
        azar = random.Random(f"{semilla}-{orden}-{i}")
        carpeta = Path(tempfile.mkdtemp(prefix="fuzz-"))
        print(json.dumps({"inicio": i}), flush=True)
        inicio = time.perf_counter()
        tipo, clase, detalle = "?", "error", ""
        try:
            try:
                args, tipo = caso(orden, azar, carpeta)
            except Exception as exc:
                print(
                    json.dumps(
                        {
                            "caso": i,
                            "tipo": "?",
                            "clase": "generador-fallo",
                            "detalle": repr(exc)[:80],
                            "segundos": 0,
                            "pico_mb": 0,
                        }
                    ),
                    flush=True,
                )
                continue
            signal.setitimer(signal.ITIMER_REAL, tiempo_caso)
            try:
                r = CliRunner().invoke(principal, args)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            salida = r.output or ""
            if r.exception is not None and not isinstance(r.exception, SystemExit):
                clase, detalle = "traza", type(r.exception).__name__
                if isinstance(r.exception, _TiempoAgotado):
                    clase = "tiempo"
            elif "Traceback" in salida:
                clase, detalle = "traza", "Traceback en la salida"
            elif r.exit_code == CODIGO_INESPERADO or INESPERADO in salida:
                # la CLI envuelve toda excepción imprevista en un mensaje en español (código 3):
                # sigue siendo un fallo del programa y cuenta como traza, con su tipo de excepción
                clase, detalle = "traza", _excepcion_envuelta(salida)
            elif r.exit_code == 0:
                clase = "ok"
            elif salida.strip():
                clase = "error"
            else:
                clase, detalle = "mudo", "código ≠ 0 sin mensaje"
        except _TiempoAgotado:
            clase = "tiempo"
        except MemoryError:
            clase, detalle = "traza", "MemoryError"
        finally:
            shutil.rmtree(carpeta, ignore_errors=True)
        pico = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            json.dumps(
                {
                    "caso": i,
                    "tipo": tipo,
                    "clase": clase,
                    "detalle": detalle,
                    "segundos": round(time.perf_counter() - inicio, 3),
                    "pico_mb": round(pico, 1),
                }
            ),
            flush=True,
        )


# ------------------------------------------------------------------ proceso principal


def _lineas(proceso, limite):
    """Líneas del subproceso hasta que termine o pase `limite()` sin que diga nada (colgado)."""
    import selectors

    selector = selectors.DefaultSelector()
    selector.register(proceso.stdout, selectors.EVENT_READ)
    while True:
        espera = limite() - time.monotonic()
        if espera <= 0 or not selector.select(timeout=espera):
            return
        linea = proceso.stdout.readline()
        if not linea:
            return
        yield linea


def correr_orden(
    orden: str, casos: int, semilla: int, memoria_mb: int, tiempo_caso: float, tanda: int, max_segundos: float = 0
) -> dict:
    cuentas: Counter = Counter()
    detalles: Counter = Counter()
    por_tipo: dict[str, Counter] = {}
    pico, pico_tipo = 0.0, ""
    inicio = time.perf_counter()
    i = 0

    def limitar():
        limite = memoria_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limite, limite))
        os.setsid()

    agotado = False
    while i < casos and not agotado:
        hasta = min(casos, i + tanda)
        orden_hijo = [
            sys.executable,
            __file__,
            "--hijo",
            "--orden",
            orden,
            "--desde",
            str(i),
            "--hasta",
            str(hasta),
            "--semilla",
            str(semilla),
            "--tiempo-caso",
            str(tiempo_caso),
        ]
        proceso = subprocess.Popen(
            orden_hijo, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, preexec_fn=limitar
        )
        en_curso, ultimo_pico = None, 0.0
        limite = time.monotonic() + tiempo_caso * 2 + 30
        for linea in _lineas(proceso, lambda: limite):  # noqa: B023 (el límite se alarga en el bucle)
            dato = json.loads(linea)
            if "inicio" in dato:
                en_curso = dato["inicio"]
                limite = time.monotonic() + tiempo_caso * 2 + 30
                continue
            en_curso = None
            cuentas[dato["clase"]] += 1
            por_tipo.setdefault(dato["tipo"], Counter())[dato["clase"]] += 1
            if dato["detalle"]:
                detalles[f"{dato['tipo']}: {dato['detalle']}"] += 1
            if dato["pico_mb"] > ultimo_pico:
                ultimo_pico = dato["pico_mb"]
                if ultimo_pico > pico:
                    pico, pico_tipo = ultimo_pico, dato["tipo"]
            i = dato["caso"] + 1
            if max_segundos and time.perf_counter() - inicio > max_segundos:
                agotado = True  # presupuesto de la orden agotado: se cierra la tanda tras este caso
                break
        if agotado:
            os.killpg(proceso.pid, signal.SIGKILL)
            proceso.wait()
            break
        try:
            proceso.wait(timeout=5 if en_curso is None else 0.1)
        except subprocess.TimeoutExpired:
            os.killpg(proceso.pid, signal.SIGKILL)
            proceso.wait()
        if en_curso is not None:  # el subproceso murió o se colgó en este caso (memoria o tiempo)
            clase = "tiempo" if proceso.returncode in (-signal.SIGKILL, None) else "traza"
            cuentas[clase] += 1
            detalles[f"caso {en_curso}: subproceso terminó (código {proceso.returncode})"] += 1
            i = en_curso + 1
        elif i < hasta:
            i = hasta
    return {
        "orden": orden,
        "casos": sum(cuentas.values()),
        **cuentas,
        "pico_mb": pico,
        "pico_tipo": pico_tipo,
        "segundos": round(time.perf_counter() - inicio, 1),
        "detalles": detalles.most_common(8),
        "por_tipo": {t: dict(c) for t, c in sorted(por_tipo.items())},
    }


def principal() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--casos", type=int, default=300)
    p.add_argument("--orden", default=",".join(ORDENES))
    p.add_argument("--semilla", type=int, default=1)
    p.add_argument("--memoria-mb", type=int, default=1536, help="límite de memoria virtual de cada subproceso")
    p.add_argument("--tiempo-caso", type=float, default=20.0)
    p.add_argument("--tanda", type=int, default=100)
    p.add_argument(
        "--max-segundos",
        type=float,
        default=0,
        help="presupuesto de tiempo por orden; al agotarse se para tras el caso en curso (0: sin límite)",
    )
    p.add_argument("--json", help="además, guardar las cifras en este archivo")
    p.add_argument("--hijo", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--desde", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--hasta", type=int, default=0, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.hijo:
        hijo(a.orden, a.desde, a.hasta, a.semilla, a.tiempo_caso)
        return
    filas = []
    for orden in [o.strip() for o in a.orden.split(",") if o.strip()]:
        if orden not in ORDENES:
            p.error(f"orden desconocida «{orden}»; use: {', '.join(ORDENES)}")
        fila = correr_orden(orden, a.casos, a.semilla, a.memoria_mb, a.tiempo_caso, a.tanda, a.max_segundos)
        filas.append(fila)
        print(f"{orden}: {fila['casos']} casos en {fila['segundos']} s", file=sys.stderr, flush=True)
    print(
        f"\n{'orden':<11} {'casos':>6} {'correctos':>9} {'errores':>8} {'trazas':>7} {'tiempo':>7} "
        f"{'mudos':>6} {'pico MB':>8}  {'s':>6}  caso del pico"
    )
    for f in filas:
        print(
            f"{f['orden']:<11} {f['casos']:>6} {f.get('ok', 0):>9} {f.get('error', 0):>8} {f.get('traza', 0):>7} "
            f"{f.get('tiempo', 0):>7} {f.get('mudo', 0):>6} {f['pico_mb']:>8.0f}  {f['segundos']:>6}  {f['pico_tipo']}"
        )
    for f in filas:
        if f["detalles"]:
            print(f"\n{f['orden']}: " + "; ".join(f"{d} ×{n}" for d, n in f["detalles"]))
    if a.json:
        Path(a.json).write_text(json.dumps(filas, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    principal()
