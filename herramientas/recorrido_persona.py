"""Recorrido de una persona nueva en `generador web`, a ritmo humano (modelo KLM), con medición.

Arranca `generador web` (la orden real, en otro proceso) en una carpeta temporal y un puerto
libre, y con Playwright y el chromium de Debian hace lo que haría una secretaría técnica que
llega por primera vez: crea la instancia de un distrito nuevo, llena el directorio mínimo,
genera la ordenanza de creación y el acta de instalación y descarga los dos .docx, que se
verifican con python-docx (el nombre del distrito y de las personas).

Las demoras de la persona siguen el Keystroke-Level Model (Card, Moran y Newell, 1980):
  K = 0,28 s por carácter tecleado (mecanógrafo medio, unas 40 palabras por minuto);
  P = 1,1 s por cada vez que apunta y hace clic con el ratón;
  M = 1,35 s de preparación mental antes de cada campo o botón;
  lectura a 250 palabras por minuto: el texto visible en la pantalla de cada página nueva, fuera
  de los campos (sin desplazarse; una página es nueva si su título lo es: al volver a mostrarse
  tras enviar, solo se leen los avisos, el resumen de problemas, el siguiente paso y lo
  generado) y, antes de llenar cada campo, su etiqueta y su ayuda (los campos que no se llenan
  no se leen).
Un campo de texto cuesta M + P + K·caracteres; una lista desplegable, M + 2P (abrirla y elegir);
un botón o enlace, M + P. Si la aplicación señala un problema (p. ej. un dato que falta), la
persona lo corrige y vuelve a intentar: esos pasos de más también cuentan.

Sin `--rapido` la persona espera de verdad (teclea con 0,28 s entre teclas y hace las pausas del
modelo): el recorrido dura lo que duraría. Con `--rapido`, el navegador va a su velocidad y el
tiempo humano es la suma del modelo. En ambos casos se imprime, por etapa, el tiempo humano
(modelo), el de la máquina (lo que tardan el navegador y el servidor), los campos tecleados,
los elegidos de una lista y los clics.

Uso: python herramientas/recorrido_persona.py [--rapido] [--capturas CARPETA] [--ppm 250] [--tecla 0.28]
     [--detalle]
"""

from __future__ import annotations

import argparse
import re
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import docx
import httpx
from playwright.sync_api import Page, sync_playwright

RAIZ = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGUMENTOS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
K, P, M = 0.28, 1.1, 1.35  # s por carácter, por clic, por preparación mental

# Un distrito real sin instancia en ejemplos/ (Huanta, Ayacucho) y personas claramente ficticias.
LUGAR = ("Ayacucho", "Huanta", "Luricocha")
PRESIDENCIA = ("Teodoro Ficticio Quispe", "masculino")
SECRETARIA = ("Marisol Ejemplar Huamán", "femenino")
TITULARES = [  # uno por fila del directorio que propone la aplicación, en su orden
    "Teodoro Ficticio Quispe",
    "Rubén Inventado Cárdenas",
    "Elmer Supuesto Rojas",
    "Nilda Prueba Ccahuana",
    "Hilario Muestra Yupanqui",
    "Justina Modelo Pariona",
    "Olga Simulada Vargas",
    "Felícitas Demo Huaraca",
    "Abel Figurado Palomino",
    "Irma Hipotética Soto",
    "Celia Imaginaria Gutiérrez",
    "Wilmer Ensayo Tello",
]
ORDENANZA = {"numero": "005-2026-MDL", "fecha": "20/03/2026", "sesion": "18/03/2026"}
DENOMINACION = "Año de la prueba ficticia"  # se copia del decreto del año: aquí, un texto de prueba
VISTO = "Informe N° 010-2026-GDS-MDL"
ACTA = {"fecha": "20/04/2026", "inicio": "10:00", "fin": "12:00", "local": "el Salón de Actos de la Municipalidad"}
ACUERDO = ("Elaborar el proyecto de reglamento interno", "Secretaría técnica", "60 días hábiles")


@dataclass
class Etapa:
    nombre: str
    humano: float = 0.0  # s del modelo KLM (lo que pone la persona)
    maquina: float = 0.0  # s de navegador y servidor
    tecleados: int = 0
    caracteres: int = 0
    elegidos: int = 0
    clics: int = 0
    palabras: int = 0


class Persona:
    """Las acciones de la persona, con su costo según el modelo y el de la máquina medido."""

    def __init__(self, pagina: Page, rapido: bool, ppm: float, capturas: Path | None, tecla: float = K):
        self.pagina, self.rapido, self.ppm, self.capturas, self.tecla = pagina, rapido, ppm, capturas, tecla
        self.etapas: list[Etapa] = []
        self.vistas: set[str] = set()
        self.detalle: list[tuple[str, str, float]] = []  # (etapa, qué, s del modelo)

    @contextmanager
    def etapa(self, nombre: str):
        self.etapas.append(Etapa(nombre))
        yield
        if self.capturas:
            self.capturas.mkdir(parents=True, exist_ok=True)
            n = len(self.etapas)
            self.pagina.screenshot(path=str(self.capturas / f"{n:02d}-{_archivo(nombre)}.png"))

    @property
    def actual(self) -> Etapa:
        return self.etapas[-1]

    def _pensar(self, segundos: float, que: str = "") -> None:
        self.actual.humano += segundos
        if que:
            self.detalle.append((self.actual.nombre, que, segundos))
        if not self.rapido:
            time.sleep(segundos)

    @contextmanager
    def _maquina(self, descontar: float = 0.0):
        inicio = time.perf_counter()
        yield
        self.actual.maquina += max(0.0, time.perf_counter() - inicio - descontar)

    def leer(self) -> None:
        """Lee la pantalla si la página es nueva (por su título); si ya la vio, solo lo que cambia
        al enviar: avisos, problemas, el siguiente paso y lo generado (título y descargas)."""
        clave = self.pagina.title()
        selector = "main" if clave not in self.vistas else _LO_QUE_CAMBIA
        self.vistas.add(clave)
        with self._maquina():
            texto = self.pagina.evaluate(_TEXTO_VISIBLE, selector)
        palabras = len(texto.split())
        self.actual.palabras += palabras
        self._pensar(palabras / self.ppm * 60, f"leer {self.pagina.url.split('/', 3)[-1]} ({palabras} palabras)")

    def _leer_campo(self, selector: str) -> None:
        with self._maquina():
            texto = self.pagina.locator(selector).evaluate(_TEXTO_CAMPO)
        palabras = len(texto.split())
        self.actual.palabras += palabras
        self._pensar(palabras / self.ppm * 60, f"leer {selector} ({palabras} palabras)")

    def teclear(self, selector: str, texto: str) -> None:
        campo = self.pagina.locator(selector)
        self._leer_campo(selector)
        self._pensar(M + P)
        self.actual.tecleados += 1
        self.actual.clics += 1
        self.actual.caracteres += len(texto)
        self.actual.humano += self.tecla * len(texto)
        with self._maquina(descontar=0.0 if self.rapido else self.tecla * len(texto)):
            campo.click()
            campo.fill("")
            if self.rapido:
                campo.fill(texto)
            else:
                campo.press_sequentially(texto, delay=self.tecla * 1000)

    def elegir(self, selector: str, opcion: str) -> None:
        self._leer_campo(selector)
        self._pensar(M + 2 * P)
        self.actual.elegidos += 1
        self.actual.clics += 2
        with self._maquina():
            self.pagina.select_option(selector, label=opcion)
            self.pagina.wait_for_load_state("networkidle")

    def pulsar(self, selector: str) -> None:
        """Un clic en un botón o enlace: espera la página nueva y la lee."""
        self._pensar(M + P)
        self.actual.clics += 1
        with self._maquina():
            self.pagina.locator(selector).first.click()
            self.pagina.wait_for_load_state()
        self.leer()

    def descargar(self, selector: str, destino: Path) -> Path:
        self._pensar(M + P)
        self.actual.clics += 1
        with self._maquina():
            with self.pagina.expect_download() as espera:
                self.pagina.locator(selector).first.click()
            ruta = destino / espera.value.suggested_filename
            espera.value.save_as(ruta)
        return ruta

    def problemas(self) -> str:
        resumen = self.pagina.locator("#resumen")
        return resumen.inner_text() if resumen.count() else ""


_LO_QUE_CAMBIA = ", ".join(
    f"main {s}" for s in (".bien", ".aviso", ".resumen", ".siguiente", ".generado h2", ".descargas")
)
# El texto que se ve en la pantalla (sin desplazarse): nodos de texto con caja dentro de la
# ventana, sin opciones de listas ni lo oculto.
_TEXTO_VISIBLE = """sel => {
  const partes = [];
  for (const raiz of document.querySelectorAll(sel)) {
    const w = document.createTreeWalker(raiz, NodeFilter.SHOW_TEXT);
    while (w.nextNode()) {
      const e = w.currentNode.parentElement;
      if (!e || e.closest('select, option, script, style, .sr, [aria-hidden=true]')) continue;
      if (e.closest('details:not([open]) > :not(summary)')) continue;  // plegado: no se ve
      if (e.closest('.campo, .tabla-filas')) continue;  // cada campo se lee al llenarlo (o no se lee)
      const r = e.getBoundingClientRect();
      if (!e.getClientRects().length || r.bottom <= 0 || r.top >= window.innerHeight) continue;
      partes.push(w.currentNode.textContent);
    }
  }
  return partes.join(' ');
}"""
# Lo que se lee de un campo antes de llenarlo: su etiqueta y su ayuda.
_TEXTO_CAMPO = """e => [...(e.labels || [])].map(l => l.innerText)
  .concat((e.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
    .map(i => (document.getElementById(i) || {}).innerText || '')).join(' ')"""


def _archivo(texto: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", texto.lower()).encode("ascii", "ignore").decode())


def _puerto() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _servidor(carpeta: Path, puerto: int) -> subprocess.Popen:
    """`generador web` de verdad, en otro proceso (su salida, en servidor.log junto a la carpeta)."""
    registro = (carpeta.parent / "servidor.log").open("w")
    orden = [sys.executable, "-m", "generador", "web", str(carpeta), "--no-abrir", "--puerto", str(puerto)]
    proceso = subprocess.Popen(orden, stdout=registro, stderr=subprocess.STDOUT, cwd=RAIZ)
    for _ in range(200):
        try:
            httpx.get(f"http://127.0.0.1:{puerto}/", timeout=1)
            return proceso
        except httpx.HTTPError:
            time.sleep(0.1)
    proceso.kill()
    raise SystemExit("el servidor de «generador web» no arrancó")


def _vacio(pagina: Page, selector: str) -> bool:
    campo = pagina.locator(selector)
    return campo.count() > 0 and not campo.input_value().strip()


def recorrer(persona: Persona, base: str, descargas: Path) -> list[Path]:
    pagina = persona.pagina
    departamento, provincia, distrito = LUGAR
    with persona.etapa("Crear la instancia"):
        with persona._maquina():
            pagina.goto(base + "/")
        persona.leer()
        if pagina.locator("#c-nivel").input_value() != "distrital":
            persona.elegir("#c-nivel", "distrital")
        persona.elegir("#c-departamento", departamento)
        persona.elegir("#c-provincia", provincia)
        persona.elegir("#c-distrito", distrito)
        persona.pulsar("button:has-text('Crear la instancia')")

    with persona.etapa("Directorio"):
        persona.teclear("#c-presidencia-nombre", PRESIDENCIA[0])
        persona.elegir("#c-presidencia-genero", PRESIDENCIA[1])
        persona.teclear("#c-secretaria_tecnica-responsable-nombre", SECRETARIA[0])
        persona.elegir("#c-secretaria_tecnica-responsable-genero", SECRETARIA[1])
        filas = pagina.locator("input[name$='.titular.nombre']").count()
        for i, nombre in enumerate(TITULARES[:filas], 1):
            if _de_la_presidencia(pagina, f"#c-integrantes-{i}-titular-nombre"):
                continue  # la aplicación dice que lo toma de la presidencia: no se teclea dos veces
            persona.teclear(f"#c-integrantes-{i}-titular-nombre", nombre)
        persona.pulsar("button:has-text('Guardar el perfil')")
        for _ in range(3):  # lo que la aplicación señale que falta, se corrige
            if not persona.problemas():
                break
            for i, nombre in enumerate(TITULARES[:filas], 1):
                if _vacio(pagina, f"#c-integrantes-{i}-titular-nombre"):
                    persona.teclear(f"#c-integrantes-{i}-titular-nombre", nombre)
            persona.pulsar("button:has-text('Guardar el perfil')")
        if persona.problemas():
            raise SystemExit(f"el perfil no quedó válido:\n{persona.problemas()}")

    with persona.etapa("Ordenanza de creación"):
        _al_panel(persona)
        persona.pulsar("a:has-text('Ordenanza de creación')")
        persona.teclear("#c-numero", ORDENANZA["numero"])
        persona.teclear("#c-fecha", ORDENANZA["fecha"])
        persona.teclear("#c-denominacion_anio", DENOMINACION)
        persona.teclear("#c-sesion-fecha", ORDENANZA["sesion"])
        persona.teclear("#c-visto", VISTO)
        persona.pulsar("button:has-text('Guardar y generar el documento')")
        if persona.problemas():
            raise SystemExit(f"la ordenanza no se generó:\n{persona.problemas()}")
        if pagina.locator(".siguiente a[href*='perfil']").count():  # la aplicación dice qué sigue
            _registrar_ordenanza(persona, ".siguiente a[href*='perfil']")

    with persona.etapa("Acta de instalación"):
        _al_panel(persona)
        persona.pulsar("a:has-text('Acta de instalación')")
        persona.teclear("#c-fecha", ACTA["fecha"])
        persona.teclear("#c-hora_inicio", ACTA["inicio"])
        persona.teclear("#c-hora_fin", ACTA["fin"])
        persona.teclear("#c-local", ACTA["local"])
        if pagina.locator("#c-acuerdos-1-descripcion").count() == 0:
            persona.pulsar("button:has-text('Añadir una fila a acuerdos')")
        for campo, valor in zip(("descripcion", "responsable", "plazo"), ACUERDO):
            persona.teclear(f"#c-acuerdos-1-{campo}", valor)
        persona.pulsar("button:has-text('Guardar y generar el documento')")
        if "ordenanza" in persona.problemas():
            # el acta exige la ordenanza aprobada en el perfil: se registra y se vuelve al acta
            _registrar_ordenanza(persona, "#resumen a[href*='perfil']")
            _al_panel(persona)
            persona.pulsar("a:has-text('Abrir'):has-text('acta-instalacion')")
            persona.pulsar("button:has-text('Guardar y generar el documento')")
        if persona.problemas():
            raise SystemExit(f"el acta no se generó:\n{persona.problemas()}")

    with persona.etapa("Descargas"):
        _al_panel(persona)
        rutas = [
            persona.descargar("#principal a[href*='/salidas/ordenanza']", descargas),
            persona.descargar("#principal a[href*='/salidas/acta-instalacion']", descargas),
        ]
    return rutas


def _de_la_presidencia(pagina: Page, selector: str) -> bool:
    """¿El campo dice (en su texto de muestra) que se llena con la presidencia?"""
    muestra = pagina.locator(selector).get_attribute("placeholder") or ""
    return "presidencia" in muestra.lower()


def _al_panel(persona: Persona) -> None:
    pagina = persona.pagina
    enlace = pagina.locator("a:has-text('Volver a la instancia')")
    if pagina.locator(".siguiente a[href$='/']").count():  # el siguiente paso que propone la página
        persona.pulsar(".siguiente a[href$='/']")
    elif enlace.count():
        persona.pulsar("a:has-text('Volver a la instancia')")
    else:
        persona.pulsar("header a:has-text('Instancias')")
        persona.pulsar("main a[href^='/i/']")


def _registrar_ordenanza(persona: Persona, enlace: str) -> None:
    """La ordenanza aprobada, en el perfil: por el enlace que da la aplicación o, si no da
    ninguno, por el panel de la instancia."""
    pagina = persona.pagina
    if pagina.locator(enlace).count():
        persona.pulsar(enlace)
    else:
        _al_panel(persona)
        persona.pulsar("a:has-text('Editar el perfil')")
    if _vacio(pagina, "#c-ordenanza-numero"):
        persona.teclear("#c-ordenanza-numero", ORDENANZA["numero"])
    if _vacio(pagina, "#c-ordenanza-fecha"):
        persona.teclear("#c-ordenanza-fecha", ORDENANZA["fecha"])
    persona.pulsar("button:has-text('Guardar el perfil')")
    if persona.problemas():
        raise SystemExit(f"el perfil no quedó válido:\n{persona.problemas()}")


def _texto_docx(ruta: Path) -> str:
    d = docx.Document(str(ruta))
    partes = [p.text for p in d.paragraphs]
    partes += [c.text for t in d.tables for f in t.rows for c in f.cells]
    return "\n".join(partes).casefold()


def verificar(rutas: list[Path]) -> list[str]:
    """Lo que falta en los .docx descargados (vacío si está todo)."""
    ordenanza, acta = rutas
    faltas = []
    esperado = {
        ordenanza: [LUGAR[2], PRESIDENCIA[0]],
        acta: [LUGAR[2], PRESIDENCIA[0], SECRETARIA[0], *TITULARES],
    }
    for ruta, nombres in esperado.items():
        texto = _texto_docx(ruta)
        faltas += [f"{ruta.name}: no dice «{n}»" for n in nombres if n.casefold() not in texto]
    return faltas


def informe(etapas: list[Etapa], rapido: bool) -> None:
    print(f"\nRecorrido de una persona nueva ({'--rapido: modelo sumado' if rapido else 'a ritmo humano real'})")
    total = Etapa("Total")
    for campo in ("humano", "maquina", "tecleados", "caracteres", "elegidos", "clics", "palabras"):
        setattr(total, campo, sum(getattr(e, campo) for e in etapas))
    cabeza = f"{'Etapa':<24}{'humano':>10}{'máquina':>10}{'tecleados':>11}{'caract.':>9}{'elegidos':>10}{'clics':>7}"
    print(cabeza)
    for e in [*etapas, total]:
        if e is total:
            print("-" * len(cabeza))
        print(
            f"{e.nombre:<24}{e.humano:>9.1f}s{e.maquina:>9.1f}s{e.tecleados:>11}{e.caracteres:>9}"
            f"{e.elegidos:>10}{e.clics:>7}"
        )
    persona = total.humano + total.maquina
    print(f"Palabras leídas: {total.palabras}")
    print(f"Tiempo de la persona (humano + espera de la máquina): {int(persona // 60)} min {persona % 60:04.1f} s")
    print("Meta de la incidencia: menos de 10 min →", "cumplida" if persona < 600 else "NO cumplida")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rapido", action="store_true", help="sin demoras: el tiempo humano es la suma del modelo")
    ap.add_argument("--capturas", type=Path, help="carpeta para una captura al final de cada etapa")
    ap.add_argument("--ppm", type=float, default=250, help="palabras por minuto de lectura (250)")
    ap.add_argument("--detalle", action="store_true", help="el costo de cada lectura, una por línea")
    ap.add_argument(
        "--tecla", type=float, default=K, help=f"segundos por carácter tecleado ({K}; 1,2 = quien no usa teclado)"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="recorrido-") as tmp:
        carpeta, descargas = Path(tmp) / "instancias", Path(tmp) / "descargas"
        carpeta.mkdir()
        descargas.mkdir()
        puerto = _puerto()
        proceso = _servidor(carpeta, puerto)
        try:
            with sync_playwright() as p:
                navegador = p.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTOS)
                contexto = navegador.new_context(
                    accept_downloads=True, locale="es-PE", viewport={"width": 1280, "height": 900}
                )
                persona = Persona(contexto.new_page(), args.rapido, args.ppm, args.capturas, args.tecla)
                reloj = time.perf_counter()
                rutas = recorrer(persona, f"http://127.0.0.1:{puerto}", descargas)
                reloj = time.perf_counter() - reloj
                faltas = verificar(rutas)
                contexto.close()
                navegador.close()
        finally:
            proceso.terminate()
            proceso.wait(10)
        if args.detalle:
            for etapa, que, segundos in persona.detalle:
                print(f"{etapa:<24}{segundos:>7.1f}s  {que}")
        informe(persona.etapas, args.rapido)
        print(f"Duración del recorrido en el reloj: {int(reloj // 60)} min {reloj % 60:04.1f} s")
        for r in rutas:
            print(f"Descargado: {r.name} ({r.stat().st_size} bytes)")
        if faltas:
            print("\n".join(["Verificación de los .docx: FALLA", *faltas]))
            return 1
        print(f"Verificación de los .docx (python-docx): ✓ «{LUGAR[2]}» y las {len(TITULARES) + 1} personas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
