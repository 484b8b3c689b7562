"""`generador web` en un navegador real (Playwright con el chromium de Debian, sin descargas).

Una persona crea una instancia distrital, llena el directorio, genera la ordenanza y el acta de
instalación, descarga los .docx (su texto se lee con python-docx: «&» y «<» literales), corrige
un error de validación mostrado junto al campo y revisa un documento. En cada página, axe-core no
debe encontrar violaciones «serious» ni «critical». Las capturas quedan en salidas/capturas-web/;
la duración del recorrido, en salidas/capturas-web/recorrido.json.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
import warnings
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "no hay /usr/bin/chromium (apt-get install chromium): se omiten las pruebas de navegador",
        allow_module_level=True,
    )
pytest.importorskip("playwright.sync_api")
pytest.importorskip("axe_playwright_python")
warnings.filterwarnings("ignore", message=".*httpx2.*")

import docx  # noqa: E402
import uvicorn  # noqa: E402
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from generador.pdf import hay_libreoffice  # noqa: E402
from generador.web.aplicacion import Ajustes, crear_aplicacion  # noqa: E402

RAIZ = Path(__file__).resolve().parent.parent
CAPTURAS = RAIZ / "salidas" / "capturas-web"
ARGUMENTOS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
GRAVES = {"serious", "critical"}


def _puerto() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def en_marcha(ajustes: Ajustes):
    """`generador web` con esos ajustes, en un hilo y un puerto libre; da su dirección."""
    puerto = _puerto()
    server = uvicorn.Server(
        uvicorn.Config(crear_aplicacion(ajustes), host="127.0.0.1", port=puerto, log_level="warning")
    )
    hilo = threading.Thread(target=server.run, daemon=True)
    hilo.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{puerto}"
    finally:
        server.should_exit = True
        hilo.join(10)


@pytest.fixture
def servidor(tmp_path):
    with en_marcha(Ajustes(tmp_path)) as base:
        yield base, tmp_path


@pytest.fixture
def pagina():
    with sync_playwright() as p:
        navegador = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTOS)
        contexto = navegador.new_context(
            accept_downloads=True, bypass_csp=True, locale="es-PE", viewport={"width": 1280, "height": 900}
        )
        yield contexto.new_page()
        contexto.close()
        navegador.close()


class Revisor:
    """axe-core en cada página visitada y una captura de cada pantalla principal."""

    def __init__(self, pagina):
        self.pagina, self.axe, self.resultados = pagina, Axe(), {}

    def __call__(self, nombre: str, captura: bool = True, ancla: str = "") -> None:
        r = self.axe.run(self.pagina).response
        graves = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in r["violations"]
            if v.get("impact") in GRAVES
        ]
        self.resultados[nombre] = {
            "violaciones": len(r["violations"]),
            "graves": graves,
            "menores": sorted({f"{v['id']} ({v['impact']})" for v in r["violations"] if v.get("impact") not in GRAVES}),
        }
        if ancla:
            self.pagina.locator(ancla).evaluate("e => e.scrollIntoView()")
        if captura:
            CAPTURAS.mkdir(parents=True, exist_ok=True)
            self.pagina.screenshot(path=str(CAPTURAS / f"{nombre}.png"), full_page=False)


def _texto(ruta: Path) -> str:
    d = docx.Document(str(ruta))
    partes = [p.text for p in d.paragraphs]
    partes += [c.text for t in d.tables for f in t.rows for c in f.cells]
    return "\n".join(partes)


def _descargar(pagina, texto: str, destino: Path) -> Path:
    with pagina.expect_download() as espera:
        pagina.get_by_role("link", name=texto).click()
    ruta = destino / espera.value.suggested_filename
    espera.value.save_as(ruta)
    return ruta


def test_recorrido_de_una_persona_nueva(servidor, pagina, tmp_path):
    url, _ = servidor
    descargas = tmp_path / "descargas"
    descargas.mkdir()
    revisar = Revisor(pagina)
    inicio = time.perf_counter()

    # 1. Nueva instancia distrital, lugar elegido del ubigeo (los selectores se encadenan con htmx)
    pagina.goto(url + "/")
    pagina.keyboard.press("Tab")
    expect(pagina.locator(":focus")).to_have_text("Ir al contenido")  # usable con teclado
    revisar("1-inicio")
    pagina.get_by_label("Nivel de la instancia").select_option("distrital")
    pagina.get_by_label("Departamento").select_option("Cajamarca")
    pagina.get_by_label("Provincia").select_option("Chota")
    pagina.get_by_label("Distrito").select_option("Lajas")
    pagina.get_by_role("button", name="Crear la instancia").click()
    expect(pagina.get_by_role("heading", name="Perfil y directorio")).to_be_visible()

    # 2. Perfil y directorio (las filas del directorio vienen propuestas desde la ley)
    expect(pagina.locator("#c-gobierno")).to_have_value("Municipalidad Distrital de Lajas")
    expect(pagina.get_by_role("alert")).to_contain_text("presidencia")
    revisar("2-perfil-nuevo", captura=False)
    pagina.fill("#c-sede", "Plaza de Armas s/n, Lajas")
    pagina.fill("#c-presidencia-nombre", "Wilder Augusto Cieza Tarrillo")
    pagina.select_option("#c-presidencia-genero", "masculino")
    pagina.fill("#c-presidencia-dni", "27567812")
    pagina.fill("#c-secretaria_tecnica-responsable-nombre", "Gladys Noemí Tarrillo Núñez")
    pagina.fill("#c-ordenanza-numero", "004-2026-MDL")
    pagina.fill("#c-ordenanza-fecha", "10/04/2026")
    filas = int(pagina.locator('input[name="integrantes#filas"]').input_value())
    for i in range(1, filas + 1):
        pagina.fill(f"#c-integrantes-{i}-titular-nombre", f"Persona Ficticia Titular {i}")
        pagina.fill(f"#c-integrantes-{i}-titular-dni", f"{40000000 + i}")
    pagina.fill("#c-integrantes-2-alterno-nombre", "Persona Ficticia Alterna 2")
    pagina.get_by_role("button", name="Añadir una fila a integrantes").click()  # añadir y quitar
    expect(pagina.locator(f"#c-integrantes-{filas + 1}-entidad")).to_be_visible()
    pagina.get_by_role("button", name=f"Quitar la fila {filas + 1} de integrantes").click()
    expect(pagina.locator(f"#c-integrantes-{filas + 1}-entidad")).to_have_count(0)
    expect(pagina.locator("#c-integrantes-1-titular-nombre")).to_have_value("Persona Ficticia Titular 1")
    pagina.get_by_role("button", name="Guardar el perfil").click()
    expect(pagina.get_by_role("status")).to_contain_text("Perfil guardado, sin problemas")
    revisar("2-perfil", ancla="#c-integrantes")

    # 3. Ordenanza: formulario desde el manifiesto, generar y descargar
    pagina.get_by_role("link", name="Volver a la instancia").click()
    revisar("3-panel")
    pagina.get_by_role("link", name="Ordenanza de creación").click()
    pagina.fill("#c-numero", "004-2026-MDL")
    pagina.fill("#c-fecha", "10/04/2026")
    pagina.fill("#c-denominacion_anio", "[Denominación del año: cópiela del Decreto Supremo]")
    pagina.fill("#c-sesion-fecha", "08/04/2026")
    pagina.fill(
        "#c-visto", "el Informe N° 018-2026-MDL/SGDS de «Salud & Vida» <anexo A>\nel Informe Legal N° 031-2026-MDL/AL"
    )
    revisar("3-ordenanza-formulario", captura=False)
    pagina.get_by_role("button", name="Guardar y generar el documento").click()
    expect(pagina.get_by_role("heading", name="Documento generado")).to_be_visible()
    expect(pagina.get_by_role("region", name="Vista previa del documento")).to_contain_text("Salud & Vida")
    if hay_libreoffice():  # la primera página compuesta por LibreOffice, al abrir el desplegable
        pagina.get_by_text("Ver la primera página tal como la compone LibreOffice").click()
        pagina.wait_for_function("() => document.querySelector('.pagina-uno img').naturalWidth > 500", timeout=120_000)
    revisar("3-ordenanza-generada")
    ordenanza = _descargar(pagina, "Descargar ordenanza_distrital_Lajas.docx", descargas)
    texto = _texto(ordenanza)
    assert "Informe N° 018-2026-MDL/SGDS de «Salud & Vida» <anexo A>" in texto
    assert "WILDER AUGUSTO CIEZA TARRILLO\nAlcalde Distrital de Lajas" in texto  # la presidencia del perfil

    # 4. Acta de instalación: asistencia prellenada desde el directorio; un error y su corrección
    pagina.get_by_role("link", name="Volver a la instancia").click()
    pagina.get_by_role("link", name="Acta de instalación").click()
    expect(pagina.locator("#c-asistencia-1-entidad")).to_have_value("Municipalidad Distrital de Lajas")
    pagina.fill("#c-fecha", "01/03/2026")  # anterior a la ordenanza: error
    pagina.fill("#c-hora_inicio", "09:30")
    pagina.fill("#c-hora_fin", "11:30")
    pagina.fill("#c-local", "Salón consistorial & auditorio <principal>")
    pagina.select_option("#c-asistencia-3-asiste", "ausente")
    pagina.get_by_role("button", name="Añadir una fila a acuerdos").click()
    pagina.fill("#c-acuerdos-1-descripcion", "Elaborar la propuesta de reglamento interno")
    pagina.fill("#c-acuerdos-1-responsable", "Secretaría Técnica")
    pagina.fill("#c-acuerdos-1-plazo", "30 días hábiles")
    pagina.get_by_role("button", name="Guardar y generar el documento").click()
    expect(pagina.locator("#c-fecha-error")).to_contain_text("no puede ser anterior a la ordenanza")
    resumen = pagina.get_by_role("alert")
    expect(resumen).to_contain_text("campo «fecha»")
    revisar("4-acta-error")
    resumen.get_by_role("link").first.click()  # el enlace del resumen lleva al campo
    expect(pagina).to_have_url(re.compile(r"#c-fecha$"))
    expect(pagina.locator("#c-fecha")).to_be_in_viewport()
    pagina.fill("#c-fecha", "08/05/2026")
    pagina.get_by_role("button", name="Guardar y generar el documento").click()
    expect(pagina.get_by_role("heading", name="Documento generado")).to_be_visible()
    expect(pagina.get_by_role("alert")).to_have_count(0)
    acta = _descargar(pagina, "Descargar acta-instalacion_distrital_Lajas.docx", descargas)
    duracion = time.perf_counter() - inicio
    texto = _texto(acta)
    assert "Salón consistorial & auditorio <principal>" in texto
    assert "ocho de mayo de dos mil veintiséis" in texto and "Elaborar la propuesta de reglamento interno" in texto
    revisar("4-acta-generada", captura=False)
    pagina.goto(re.sub(r"/i/([^/]+)/.*", r"/i/\1/estado", pagina.url))
    expect(pagina.get_by_role("heading", name="Estado de la instancia")).to_be_visible()
    expect(pagina.get_by_role("cell", name="Instalación en acto público")).to_be_visible()
    revisar("4-estado")

    # 5. Revisión de lo descargado
    pagina.get_by_role("link", name="Revisar documentos").click()
    pagina.get_by_label("Documentos (.docx o .pdf, hasta 10 MB cada uno)").set_input_files([str(ordenanza), str(acta)])
    pagina.get_by_role("button", name="Revisar").click()
    expect(pagina.locator(".informe")).to_have_count(2)
    expect(pagina.locator(".informe").first).to_contain_text("✓ COMPLETO")
    revisar("5-revision")
    pagina.get_by_role("link", name="Lote desde una hoja").click()
    revisar("6-lote", captura=False)
    from generador.lote import plantilla_tabla

    hoja = plantilla_tabla(tmp_path / "hoja.xlsx")
    pagina.get_by_label("Hoja (.xlsx o .csv, hasta 10 MB)").set_input_files(str(hoja))
    pagina.get_by_role("button", name="Generar el lote").click()
    expect(pagina.get_by_text("✓ Terminado")).to_be_visible(timeout=120_000)  # htmx consulta el avance
    expect(pagina.get_by_role("link", name="Descargar resumen.csv")).to_be_visible()
    revisar("7-lote-avance")
    pagina.goto(url + "/no-existe")
    revisar("8-error", captura=False)

    CAPTURAS.mkdir(parents=True, exist_ok=True)
    (CAPTURAS / "recorrido.json").write_text(
        json.dumps(
            {"segundos_nueva_instancia_a_ordenanza_y_acta": round(duracion, 1), "axe": revisar.resultados},
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    graves = {k: v["graves"] for k, v in revisar.resultados.items() if v["graves"]}
    assert not graves, json.dumps(graves, ensure_ascii=False, indent=2)
    assert duracion < 600


def test_con_clave_el_navegador_sin_ella_no_ve_ninguna_pagina(tmp_path, pagina):
    with en_marcha(Ajustes(tmp_path, clave="k-prueba")) as base:
        r = pagina.goto(f"{base}/")
        assert r.status == 401 and pagina.locator("form").count() == 0
        pagina.goto(f"{base}/?clave=k-prueba")
        assert pagina.url == f"{base}/" and "clave" not in pagina.url
        expect(pagina.get_by_role("heading", name="Instancias")).to_be_visible()


def test_enter_guarda_sin_quitar_filas_y_dos_pestanas(copia_ejemplos, pagina):
    carpeta = copia_ejemplos("distrital")
    with en_marcha(Ajustes(carpeta)) as base:
        pagina.goto(f"{base}/i/_/doc/acta-instalacion.yaml")
        filas = pagina.locator('input[name="acuerdos#filas"]').input_value()
        pagina.get_by_label("Local").fill("Salón consistorial (Enter)")
        pagina.get_by_label("Local").press("Enter")
        expect(pagina.get_by_role("status")).to_contain_text("Guardado en acta-instalacion.yaml")
        assert pagina.locator('input[name="acuerdos#filas"]').input_value() == filas
        assert "Salón consistorial (Enter)" in (carpeta / "acta-instalacion.yaml").read_text(encoding="utf-8")
        # dos pestañas con el mismo archivo: la segunda grabación se rechaza con un mensaje claro
        otra = pagina.context.new_page()
        for p in (pagina, otra):
            p.goto(f"{base}/i/_/doc/ordenanza.yaml")
        pagina.get_by_label("Ciudad").fill("Lajas (primera pestaña)")
        pagina.get_by_role("button", name="Guardar", exact=True).click()
        expect(pagina.get_by_role("status")).to_contain_text("Guardado")
        otra.get_by_label("Ciudad").fill("Lajas (segunda pestaña)")
        otra.get_by_role("button", name="Guardar", exact=True).click()
        expect(otra.get_by_role("alert")).to_contain_text("cambió desde que abrió este formulario")
        expect(otra.get_by_label("Ciudad")).to_have_value("Lajas (segunda pestaña)")  # lo escrito sigue ahí
        assert "Lajas (primera pestaña)" in (carpeta / "ordenanza.yaml").read_text(encoding="utf-8")


def test_la_vista_previa_sigue_lo_que_se_escribe_sin_guardar(copia_ejemplos, pagina):
    carpeta = copia_ejemplos("distrital")
    antes = (carpeta / "ordenanza.yaml").read_bytes()
    with en_marcha(Ajustes(carpeta)) as base:
        pagina.goto(f"{base}/i/_/doc/ordenanza.yaml")
        previa = pagina.get_by_role("region", name="Vista previa de lo que está escribiendo")
        expect(previa).to_contain_text("ORDENANZA MUNICIPAL N° 004-2026-MDL")  # al abrir el formulario
        pagina.get_by_label("Ciudad").fill("Lajas & <Chota>")
        expect(previa).to_contain_text("Lajas & <Chota>, 10 de abril de 2026")  # sin pulsar nada
        fecha = pagina.locator('input[name="fecha"]')
        fecha.fill("31/02/2026")
        expect(pagina.locator("#vista-previa")).to_contain_text("Falta corregir: «fecha»")
        fecha.fill("10/04/2026")
        expect(previa).to_contain_text("Lajas & <Chota>, 10 de abril de 2026")
        if hay_libreoffice():
            pagina.get_by_label("Mostrar la primera página como la compone LibreOffice").check()
            imagen = pagina.get_by_role("img", name="Primera página del documento tal como la compone LibreOffice")
            expect(imagen).to_be_visible(timeout=30_000)
            assert imagen.evaluate("i => i.decode().then(() => i.naturalWidth)") > 500  # el PNG, cargado
        assert (carpeta / "ordenanza.yaml").read_bytes() == antes  # nada se guardó
        revisor = Revisor(pagina)
        revisor("web-vista-previa", captura=True)
        assert revisor.resultados["web-vista-previa"]["graves"] == []


def test_el_foco_queda_en_la_fila_anadida_y_los_nombres_se_ven_enteros(tmp_path, pagina):
    from starlette.testclient import TestClient
    from test_web_primer_uso import INSTANCIA, _perfil_valido

    with en_marcha(Ajustes(tmp_path)) as base:
        cliente = TestClient(crear_aplicacion(Ajustes(tmp_path)), base_url="http://127.0.0.1:8000")
        cliente.get("/")
        _perfil_valido(cliente)
        pagina.goto(f"{base}/i/{INSTANCIA}/nuevo/acta-instalacion")
        pagina.get_by_role("button", name="Añadir una fila a acuerdos").click()
        expect(pagina.locator("#c-acuerdos-1-descripcion")).to_be_focused()
        expect(pagina.locator("#c-acuerdos-1-descripcion")).to_be_in_viewport()
        pagina.keyboard.type("Elaborar el reglamento interno")  # se escribe sin buscar la fila
        pagina.get_by_role("button", name="Quitar la fila 1 de acuerdos").click()
        expect(pagina).to_have_url(re.compile(r"#c-acuerdos$"))
        expect(pagina.get_by_role("button", name="Añadir una fila a acuerdos")).to_be_in_viewport()
        # en el directorio, el nombre del titular se ve entero (no en una columna de 9rem)
        pagina.goto(f"{base}/i/{INSTANCIA}/perfil")
        pagina.fill("#c-integrantes-2-titular-nombre", "Felícitas Hipotética Huaraca Quispe")
        ancho = pagina.locator("#c-integrantes-2-titular-nombre").bounding_box()["width"]
        texto = pagina.locator("#c-integrantes-2-titular-nombre").evaluate(
            "e => { const c = document.createElement('canvas').getContext('2d');"
            " c.font = getComputedStyle(e).font; return c.measureText(e.value).width; }"
        )
        assert ancho > texto, (ancho, texto)
