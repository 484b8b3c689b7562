"""Medición de `generador web` con el servidor caliente en 127.0.0.1 (solo tráfico local).

Arranca `generador web` (la orden real, en otro proceso) sobre una copia de ejemplos/distrital y
mide, con medianas:
  1. carga de páginas (panel, perfil, formulario de la ordenanza, revisión);
  2. envío del formulario de la ordenanza con «Guardar y generar» → .docx escrito (la respuesta
     llega cuando el .docx ya está en salidas/), y su descarga;
  3. PDF con LibreOffice y la imagen de la primera página, con el LibreOffice caliente que la
     aplicación mantiene abierto (se espera a que esté listo; si no lo está, se dice y se mide en frío);
  4. N clientes concurrentes generando durante S segundos: errores, documentos/s, mediana y p95.

Uso: python herramientas/medir_web.py [--clientes 20] [--segundos 60] [--repeticiones 30] [--sin-pdf]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import httpx

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))


class _Campos(HTMLParser):
    """Los campos del formulario principal, como los enviaría el navegador."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.campos, self._select, self._area, self._elegida, self._dentro = {}, None, None, False, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._dentro = a.get("id") == "form-doc"  # el del documento (su acción lleva el archivo)
        if not self._dentro:
            return
        if tag == "input" and a.get("name") and (a.get("type") != "checkbox" or "checked" in a):
            self.campos[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select = a["name"]
            self.campos[self._select] = ""
        elif tag == "textarea":
            self._area = a["name"]
            self.campos[self._area] = ""
        self._elegida = tag == "option" and "selected" in a

    def handle_data(self, data):
        if self._area:
            self.campos[self._area] += data
        elif self._select and self._elegida:
            self.campos[self._select] = data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._area = None
        elif tag == "form":
            self._dentro = False


def campos(html: str) -> dict:
    p = _Campos()
    p.feed(html)
    return p.campos


def _puerto() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mediana_ms(tiempos: list[float]) -> str:
    return f"{statistics.median(tiempos) * 1000:.0f} ms"


def medir(cliente: httpx.Client, ruta: str, n: int) -> list[float]:
    tiempos = []
    for _ in range(n):
        t = time.perf_counter()
        r = cliente.get(ruta)
        tiempos.append(time.perf_counter() - t)
        r.raise_for_status()
    return tiempos


def generar_una_vez(cliente: httpx.Client, datos: dict) -> tuple[float, bool]:
    t = time.perf_counter()
    r = cliente.post("/i/_/doc", data={**datos, "_accion": "generar"})
    t = time.perf_counter() - t
    nueva = re.search(r'name="_huella" value="([^"]*)"', r.text)
    if nueva:  # como el navegador: el formulario devuelto trae la versión nueva
        datos["_huella"] = nueva.group(1)
    return t, r.status_code == 200 and "Documento generado" in r.text


def principal() -> None:
    argumentos = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    argumentos.add_argument("--clientes", type=int, default=20)
    argumentos.add_argument("--segundos", type=float, default=60)
    argumentos.add_argument("--repeticiones", type=int, default=30)
    argumentos.add_argument("--sin-pdf", action="store_true")
    a = argumentos.parse_args()
    carga, nucleos = os.getloadavg()[0], os.cpu_count() or 1
    segundos = a.segundos
    print(f"Máquina: {nucleos} núcleos, carga media (1 min) {carga:.1f}.")
    carpeta = Path(tempfile.mkdtemp(prefix="medir-web-"))
    shutil.copytree(RAIZ / "ejemplos" / "distrital", carpeta, dirs_exist_ok=True)
    for i in range(a.clientes):  # un documento por cliente: ninguno pisa el de otro
        shutil.copy(carpeta / "ordenanza.yaml", carpeta / f"ordenanza-{i}.yaml")
    puerto = _puerto()
    generador = Path(sys.executable).with_name("generador")
    proceso = subprocess.Popen(
        [str(generador), "web", str(carpeta), "--puerto", str(puerto), "--no-abrir"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{puerto}"
    try:
        with httpx.Client(base_url=base, timeout=60) as c:
            for _ in range(200):
                try:
                    if c.get("/salud").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            for ruta in ("/i/_/", "/i/_/doc/ordenanza.yaml"):
                c.get(ruta)  # en caliente: catálogo y plantillas ya cargados
            print("\n1. Carga de páginas (mediana de", a.repeticiones, "):")
            for nombre, ruta in (
                ("panel de la instancia", "/i/_/"),
                ("perfil y directorio (13 filas)", "/i/_/perfil"),
                ("formulario de la ordenanza", "/i/_/doc/ordenanza.yaml"),
                ("formulario del acta de instalación", "/i/_/doc/acta-instalacion.yaml"),
                ("revisión", "/revision"),
            ):
                print(f"   {nombre}: {mediana_ms(medir(c, ruta, a.repeticiones))}")
            datos = campos(c.get("/i/_/doc/ordenanza.yaml").text)
            generar_una_vez(c, datos)
            envios, bien = [], 0
            for _ in range(a.repeticiones):
                t, ok = generar_una_vez(c, datos)
                envios.append(t)
                bien += ok
            t = time.perf_counter()
            docx = c.get("/i/_/salidas/ordenanza_distrital_Lajas.docx")
            descarga = time.perf_counter() - t
            print(
                f"\n2. Envío del formulario → .docx listo (validar, guardar YAML, generar, vista previa): "
                f"mediana {mediana_ms(envios)} ({bien}/{a.repeticiones} bien); descarga del .docx "
                f"({len(docx.content) // 1024} KB): {descarga * 1000:.0f} ms"
            )
            if not a.sin_pdf:
                estado = ""
                for _ in range(240):  # el LibreOffice caliente arranca en segundo plano
                    estado = c.get("/salud").text.split("libreoffice caliente: ")[-1].strip()
                    if estado != "arrancando":
                        break
                    time.sleep(0.5)
                print(f"\n   LibreOffice caliente: {estado}")
                token = datos["_csrf"]
                pdfs = []
                for _ in range(a.repeticiones // 3 or 1):
                    t = time.perf_counter()
                    os.utime(carpeta / "salidas" / "ordenanza_distrital_Lajas.docx")  # que lo rehaga
                    r = c.post("/i/_/pdf/ordenanza_distrital_Lajas.docx", data={"_csrf": token})
                    pdfs.append(time.perf_counter() - t)
                    if r.status_code != 200 or not r.content.startswith(b"%PDF"):
                        print(f"   PDF: fallo ({r.status_code}): {r.text[:200]}")
                        break
                imagenes = []
                for _ in range(a.repeticiones // 3 or 1):
                    os.utime(carpeta / "salidas" / "ordenanza_distrital_Lajas.docx")
                    t = time.perf_counter()
                    r = c.get("/i/_/primera-pagina/ordenanza_distrital_Lajas.docx")
                    imagenes.append(time.perf_counter() - t)
                    if not r.content.startswith(b"\x89PNG"):
                        print(f"   primera página: fallo ({r.status_code})")
                        break
                previas, textos = [], []
                for i in range(a.repeticiones // 3 or 1):  # mientras se escribe: cada vez un texto distinto
                    cambio = {**datos, "ciudad": f"Lajas {i}"}
                    t = time.perf_counter()
                    r = c.post("/i/_/vista-previa", data=cambio)
                    textos.append(time.perf_counter() - t)
                    t = time.perf_counter()
                    r = c.post("/i/_/vista-previa", data={**cambio, "_pagina": "1"})
                    imagen = re.search(r'<img class="pagina-uno" src="([^"]+)"', r.text)
                    png = c.get(imagen.group(1)) if imagen else None
                    previas.append(time.perf_counter() - t)
                    if png is None or not png.content.startswith(b"\x89PNG"):
                        print(f"   vista previa: fallo ({r.status_code}): {r.text[:200]}")
                        break
                print(
                    f"\n3a. Vista previa mientras se escribe (sin guardar): texto mediana {mediana_ms(textos)}; "
                    f"con la primera página (fragmento + PNG) mediana {mediana_ms(previas)}"
                )
                print(
                    f"\n3. Con LibreOffice ({'caliente' if estado == 'listo' else 'en frío: ' + estado}): PDF mediana "
                    f"{mediana_ms(pdfs)}; vista de la primera página (PDF → PNG) mediana {mediana_ms(imagenes)}"
                )
            print(f"\n4. {a.clientes} clientes concurrentes generando durante {segundos:.0f} s…")
            cookies = dict(c.cookies)
        resultados: list[tuple[float, bool, str]] = []
        candado = threading.Lock()
        fin = time.monotonic() + segundos

        def cliente(i: int) -> None:
            with httpx.Client(base_url=base, timeout=120, cookies=cookies) as cc:
                propios = campos(cc.get(f"/i/_/doc/ordenanza-{i}.yaml").text)
                while time.monotonic() < fin:
                    try:
                        t, ok = generar_una_vez(cc, propios)
                        motivo = "" if ok else "respuesta sin documento"
                    except httpx.HTTPError as exc:
                        t, ok, motivo = 0.0, False, f"{type(exc).__name__}"
                    with candado:
                        resultados.append((t, ok, motivo))

        hilos = [threading.Thread(target=cliente, args=(i,)) for i in range(a.clientes)]
        inicio = time.monotonic()
        for h in hilos:
            h.start()
        for h in hilos:
            h.join()
        total = time.monotonic() - inicio
        tiempos = sorted(t for t, ok, _ in resultados if ok)
        errores = [m for _, ok, m in resultados if not ok]
        p95 = tiempos[int(len(tiempos) * 0.95) - 1] if tiempos else 0
        print(
            f"   {len(resultados)} generaciones en {total:.1f} s ({len(tiempos) / total:.1f} documentos/s), "
            f"{len(errores)} errores{': ' + ', '.join(sorted(set(errores))) if errores else ''}; "
            f"por envío: mediana {mediana_ms(tiempos) if tiempos else '-'}, p95 {p95 * 1000:.0f} ms"
        )
    finally:
        proceso.terminate()
        proceso.wait(10)
        shutil.rmtree(carpeta, ignore_errors=True)


if __name__ == "__main__":
    principal()
