"""Rutas de `generador web` con el TestClient de Starlette: formularios desde los manifiestos,
guardado de ida y vuelta, validación junto a cada campo, seguridad (clave, CSRF, rutas
confinadas, subidas, escape) y control de versión entre pestañas."""

from __future__ import annotations

import html
import io
import re
import time
import warnings
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
warnings.filterwarnings("ignore", message=".*httpx2.*")

from starlette.testclient import TestClient  # noqa: E402

from generador.validacion import validar_archivo  # noqa: E402
from generador.web.aplicacion import Ajustes, crear_aplicacion  # noqa: E402

from ayudas import texto_docx  # noqa: E402

RAIZ = Path(__file__).resolve().parent.parent


class _Formulario(HTMLParser):
    """Lo que el navegador enviaría de un formulario: inputs, selects (opción elegida) y textareas."""

    def __init__(self, accion: str):
        super().__init__(convert_charrefs=True)
        self.accion, self.dentro, self.campos = accion, False, {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            accion = a.get("action") or ""  # «/i/_/doc» también es «/i/_/doc/<archivo>», la del ya guardado
            self.dentro = accion == self.accion or accion.startswith(self.accion + "/")
        if not self.dentro:
            return
        if tag == "input" and a.get("name") and a.get("type") != "file":
            if a.get("type") != "checkbox" or "checked" in a:  # una casilla sin marcar no se envía
                self.campos[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select = a.get("name")
            self.campos[self._select] = ""
        elif tag == "option" and self._select and "selected" in a:
            self._opcion = True
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.campos[self._textarea] = ""
        self._opcion = tag == "option" and self._select and "selected" in a

    def handle_data(self, data):
        if self._textarea:
            self.campos[self._textarea] += data
        elif self._select and getattr(self, "_opcion", False):
            self.campos[self._select] = data

    def handle_endtag(self, tag):
        if tag == "form":
            self.dentro = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option":
            self._opcion = False


def formulario(html: str, accion: str) -> dict[str, str]:
    f = _Formulario(accion)
    f.feed(html)
    assert f.campos, f"no hay formulario con action={accion}"
    return f.campos


def cliente(raiz: Path, **ajustes) -> TestClient:
    return TestClient(crear_aplicacion(Ajustes(raiz, hosts={"testserver"}, **ajustes)))


@pytest.fixture
def distrital(copia_ejemplos):
    """Una instancia distrital completa (la de los ejemplos) y su cliente."""
    carpeta = copia_ejemplos("distrital")
    return carpeta, cliente(carpeta)


def csrf(c: TestClient) -> str:
    return re.search(r'name="_csrf" value="([^"]+)"', c.get("/revision").text).group(1)


# --- instancia nueva y lugar ----------------------------------------------------------------


def test_crear_instancia_distrital_propone_gobierno_ubigeo_e_integrantes(tmp_path):
    c = cliente(tmp_path)
    provincias = c.get("/lugar/provincias", params={"departamento": "Cajamarca"}).text
    assert "<option>Chota</option>" in provincias and "<option>Cusco</option>" not in provincias
    lugar = c.get("/lugar/distritos", params={"departamento": "Cajamarca", "provincia": "Chota"})
    assert "<option>Lajas</option>" in lugar.text
    assert "<option>Chota</option>" not in lugar.text  # el distrito capital es de la provincial
    r = c.post(
        "/crear",
        data={
            "_csrf": csrf(c),
            "nivel": "distrital",
            "departamento": "Cajamarca",
            "provincia": "Chota",
            "distrito": "Lajas",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/i/distrital-Lajas/perfil"
    import yaml

    from generador import ley

    perfil = yaml.safe_load((tmp_path / "distrital-Lajas" / "instancia.yaml").read_text(encoding="utf-8"))
    assert perfil["ubigeo"] == "060410" and perfil["gobierno"] == "Municipalidad Distrital de Lajas"
    esperados = [
        i["id"] for i in ley.integrantes("distrital") for _ in range(i.get("cantidad", 1) if not i.get("hasta") else 1)
    ]
    assert [m["integrante"] for m in perfil["integrantes"]] == esperados
    pagina = c.get("/i/distrital-Lajas/perfil")
    assert pagina.status_code == 200 and 'role="alert"' in pagina.text  # faltan presidencia, etc.
    assert re.search(r'id="c-presidencia-error"><span>falta este campo obligatorio', pagina.text)


def test_lugar_incompleto_da_error_en_espanol_sin_crear_nada(tmp_path):
    c = cliente(tmp_path)
    r = c.post("/crear", data={"_csrf": csrf(c), "nivel": "distrital", "departamento": "Cajamarca"})
    assert r.status_code == 400 and "elija el departamento, la provincia y el distrito" in r.text
    assert list(tmp_path.iterdir()) == []


# --- formulario de un documento: ida y vuelta ------------------------------------------------


def test_guardar_conserva_comentarios_y_orden_y_el_texto_sale_literal(distrital):
    carpeta, c = distrital
    ruta = carpeta / "ordenanza.yaml"
    ruta.write_text(
        ruta.read_text(encoding="utf-8").replace("ciudad: Lajas", "# mi nota a mano\nciudad: Lajas"), encoding="utf-8"
    )
    pagina = c.get("/i/_/doc/ordenanza.yaml")
    assert pagina.status_code == 200
    datos = formulario(pagina.text, "/i/_/doc")
    assert datos["fecha"] == "10/04/2026" and datos["sesion.fecha"] == "08/04/2026"  # dd/mm/aaaa
    datos["visto[1]" if "visto[1]" in datos else "visto"] = (
        datos["visto"] + "\nel Informe de «Salud & Vida» <script>alert(1)</script> {{ 7*7 }}"
    )
    datos["_accion"] = "generar"
    r = c.post("/i/_/doc", data=datos)
    assert r.status_code == 200, r.text
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    texto = ruta.read_text(encoding="utf-8")
    assert "# mi nota a mano\nciudad: Lajas" in texto
    claves = [x.split(":")[0] for x in texto.splitlines() if re.match(r"^\w", x)]
    assert claves[:6] == ["documento", "nivel", "instancia", "numero", "fecha", "denominacion_anio"]
    assert "fecha: '2026-04-10'" in texto
    assert (
        validar_archivo(ruta).datos["visto"][-1] == "el Informe de «Salud & Vida» <script>alert(1)</script> {{ 7*7 }}"
    )
    docx = carpeta / "salidas" / "ordenanza_distrital_Lajas.docx"
    assert "el Informe de «Salud & Vida» <script>alert(1)</script> {{ 7*7 }}" in texto_docx(docx)
    assert "49" not in texto_docx(docx)
    descarga = c.get("/i/_/salidas/ordenanza_distrital_Lajas.docx")
    assert descarga.status_code == 200 and descarga.content == docx.read_bytes()


def test_error_de_validacion_junto_al_campo_y_en_el_resumen(distrital):
    carpeta, c = distrital
    datos = formulario(c.get("/i/_/doc/acta-instalacion.yaml").text, "/i/_/doc")
    datos["fecha"] = "31/02/2026"
    datos["hora_fin"] = "08:00"
    r = c.post("/i/_/doc", data={**datos, "_accion": "generar"})
    assert r.status_code == 422
    error = re.search(r'id="c-fecha-error">(.*?)</p>', r.text, re.S).group(1)
    assert "escriba dd/mm/aaaa" in error
    resumen = re.search(r'<div class="resumen" role="alert".*?</div>', r.text, re.S).group(0)
    assert 'href="#c-fecha"' in resumen and "acta-instalacion.yaml, línea" in resumen
    assert 'aria-invalid="true"' in r.text
    assert not (carpeta / "salidas").exists()  # con errores no se genera
    datos["fecha"], datos["hora_fin"] = "08/05/2026", "11:30"
    r = c.post("/i/_/doc", data={**datos, "_huella": formulario(r.text, "/i/_/doc")["_huella"], "_accion": "generar"})
    assert r.status_code == 200 and 'role="alert"' not in r.text
    assert "ocho de mayo de dos mil veintiséis" in texto_docx(
        carpeta / "salidas" / "acta-instalacion_distrital_Lajas.docx"
    )


def test_nuevo_documento_prellena_la_asistencia_desde_el_directorio(distrital):
    carpeta, c = distrital
    import yaml

    perfil = yaml.safe_load((carpeta / "instancia.yaml").read_text(encoding="utf-8"))
    datos = formulario(c.get("/i/_/nuevo/acta-instalacion").text, "/i/_/doc")
    entidades = [datos[f"asistencia[{i}].entidad"] for i in range(1, int(datos["asistencia#filas"]) + 1)]
    assert entidades == [m["entidad"] for m in perfil["integrantes"]]
    assert datos["asistencia[1].asiste"] == "titular" and datos["modalidad"] == "presencial"
    assert datos["fecha"] == ""  # los ejemplos del manifiesto no se copian como respuestas


def test_anadir_y_quitar_filas_sin_guardar(distrital):
    carpeta, c = distrital
    antes = (carpeta / "acta-instalacion.yaml").read_bytes()
    datos = formulario(c.get("/i/_/doc/acta-instalacion.yaml").text, "/i/_/doc")
    assert datos["acuerdos#filas"] == "3"
    r = c.post("/i/_/doc", data={**datos, "_accion": "anadir:acuerdos"})
    assert formulario(r.text, "/i/_/doc")["acuerdos#filas"] == "4"
    r = c.post("/i/_/doc", data={**datos, "_accion": "quitar:acuerdos[1]"})
    otra = formulario(r.text, "/i/_/doc")
    assert otra["acuerdos#filas"] == "2" and otra["acuerdos[1].descripcion"] == datos["acuerdos[2].descripcion"]
    assert (carpeta / "acta-instalacion.yaml").read_bytes() == antes


def test_sesion_nueva_va_a_sesiones_con_fecha_y_tipo(distrital):
    carpeta, c = distrital
    datos = formulario(c.get("/i/_/nuevo/acta-sesion").text, "/i/_/doc")
    datos.update(
        {
            "tipo": "ordinaria",
            "numero": "",
            "fecha": "26/06/2026",
            "hora_inicio": "9:30",
            "hora_fin": "11:00",
            "local": "Salón consistorial",
            "agenda#filas": "1",
            "agenda[1].tema": "Informe de la Secretaría Técnica",
            "_accion": "guardar",
        }
    )
    r = c.post("/i/_/doc", data=datos)
    ruta = carpeta / "sesiones" / "2026-06-26-ordinaria.yaml"
    assert ruta.is_file(), r.text
    texto = ruta.read_text(encoding="utf-8")
    assert "instancia: ../instancia.yaml" in texto and "hora_inicio: 09:30" in texto
    # su número no se teclea: lo da la carpeta (antes, en 2026, las ordinarias del 29/05 y del 19/06)
    assert "numero:" not in texto
    assert validar_archivo(ruta).contexto["sesion"]["nombre"] == "III Sesión Ordinaria 2026"
    assert "sesiones/2026-06-26-ordinaria.yaml" in c.get("/i/_/").text
    propuesta = formulario(c.get("/i/_/nuevo/acta-sesion").text, "/i/_/doc")
    assert propuesta["tipo"] == "ordinaria" and not propuesta.get("numero")


# --- dos pestañas ----------------------------------------------------------------------------


def test_segunda_pestana_no_pisa_lo_guardado_por_la_primera(distrital):
    carpeta, c = distrital
    pestana1 = formulario(c.get("/i/_/doc/ordenanza.yaml").text, "/i/_/doc")
    pestana2 = dict(pestana1)
    pestana1["ciudad"], pestana2["ciudad"] = "Lajas (pestaña 1)", "Lajas (pestaña 2)"
    assert c.post("/i/_/doc", data={**pestana1, "_accion": "guardar"}).status_code == 200
    r = c.post("/i/_/doc", data={**pestana2, "_accion": "guardar"})
    assert r.status_code == 409 and "cambió desde que abrió este formulario" in r.text
    assert "Lajas (pestaña 1)" in (carpeta / "ordenanza.yaml").read_text(encoding="utf-8")


def test_perfil_dos_pestanas_y_guardado(distrital):
    carpeta, c = distrital
    datos = formulario(c.get("/i/_/perfil").text, "/i/_/perfil")
    import yaml

    perfil = yaml.safe_load((carpeta / "instancia.yaml").read_text(encoding="utf-8"))
    assert datos["integrantes[1].titular.dni"] == perfil["integrantes"][0]["titular"]["dni"]
    datos["sede"] = "Jr. Lima 123 & anexo"
    assert c.post("/i/_/perfil", data={**datos, "_accion": "guardar"}).status_code == 200
    assert "sede: Jr. Lima 123 & anexo" in (carpeta / "instancia.yaml").read_text(encoding="utf-8")
    assert c.post("/i/_/perfil", data={**datos, "_accion": "guardar"}).status_code == 409


# --- seguridad -------------------------------------------------------------------------------


def test_sin_token_csrf_no_se_cambia_nada(distrital):
    carpeta, c = distrital
    antes = (carpeta / "ordenanza.yaml").read_bytes()
    datos = formulario(c.get("/i/_/doc/ordenanza.yaml").text, "/i/_/doc")
    for token in ("", "otro-token"):
        r = c.post("/i/_/doc", data={**datos, "_csrf": token, "ciudad": "X"})
        assert r.status_code == 403 and "CSRF" in r.text
    assert (carpeta / "ordenanza.yaml").read_bytes() == antes


def test_con_clave_sin_ella_401_y_con_ella_cookie(tmp_path):
    c = TestClient(crear_aplicacion(Ajustes(tmp_path, clave="clave-de-prueba")))
    for ruta in ("/", "/revision", "/estaticos/estilo.css", "/i/_/"):
        r = c.get(ruta)
        assert r.status_code == 401 and "<form" not in r.text
    assert c.get("/?clave=mala").status_code == 401
    r = c.get("/?clave=clave-de-prueba", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert c.get("/").status_code == 200  # la cookie queda en el cliente


def test_sin_clave_solo_responde_a_nombres_locales(tmp_path):
    c = TestClient(crear_aplicacion(Ajustes(tmp_path)), base_url="http://127.0.0.1:8000")
    assert c.get("/").status_code == 200
    assert c.get("/", headers={"host": "malicioso.example:8000"}).status_code == 403


def test_rutas_fuera_de_la_carpeta_se_rechazan(distrital, tmp_path):
    carpeta, c = distrital
    secreto = tmp_path / "secreto.yaml"
    secreto.write_text("documento: ordenanza\nclave: SECRETO\n", encoding="utf-8")
    (carpeta / "enlace.yaml").symlink_to(secreto)
    (carpeta / "salidas").mkdir()
    (carpeta / "salidas" / "fuera.docx").symlink_to(secreto)
    for ruta in (
        "/i/_/doc/..%2Fsecreto.yaml",
        "/i/_/primera-pagina/..%2Fordenanza.yaml",
        "/i/_/primera-pagina/fuera.docx",
        "/i/_/doc/%2Fetc%2Fpasswd",
        "/i/_/doc/enlace.yaml",
        "/i/_/doc/sesiones/..%2F..%2Fsecreto.yaml",
        "/i/_/salidas/..%2Finstancia.yaml",
        "/i/_/salidas/fuera.docx",
        "/i/..%2F/",
        "/i/%2Ftmp/",
    ):
        r = c.get(ruta)
        assert r.status_code in (400, 403, 404), ruta
        assert "SECRETO" not in r.text and "root:" not in r.text, ruta
    datos = formulario(c.get("/i/_/doc/ordenanza.yaml").text, "/i/_/doc")
    for archivo in ("../escrito.yaml", str(tmp_path / "escrito.yaml"), "enlace.yaml", "salidas/x.yaml"):
        r = c.post("/i/_/doc", data={**datos, "_archivo": archivo, "_huella": ""})
        assert r.status_code == 403, archivo
    assert not (tmp_path / "escrito.yaml").exists() and "SECRETO" in secreto.read_text(encoding="utf-8")
    nombres = zipfile.ZipFile(io.BytesIO(c.get("/i/_/carpeta.zip").content)).namelist()
    assert "instancia.yaml" in nombres and "enlace.yaml" not in nombres and "salidas/fuera.docx" not in nombres


def test_subidas_con_tipo_y_tamano_comprobados(tmp_path):
    c = cliente(tmp_path)
    token = csrf(c)
    casos = [("virus.exe", b"MZ..."), ("falso.docx", b"esto no es un docx"), ("falso.pdf", b"PK\x03\x04")]
    for nombre, contenido in casos:
        r = c.post("/revision", data={"_csrf": token}, files={"archivos": (nombre, contenido)})
        assert r.status_code == 422 and nombre in r.text and 'role="alert"' in r.text
    grande = b"%PDF" + b"0" * (10 * 1024 * 1024)
    r = c.post("/revision", data={"_csrf": token}, files={"archivos": ("grande.pdf", grande)})
    assert r.status_code == 422 and "10 MB" in r.text
    r = c.post("/revision", data={"_csrf": token}, files={"archivos": ("../../fuera.docx", b"PK")})
    assert not (tmp_path.parent / "fuera.docx").exists()
    assert not (tmp_path / ".generador-web").exists() or not any((tmp_path / ".generador-web").iterdir())


def test_revision_de_un_docx_generado(distrital):
    carpeta, c = distrital
    from generador.generacion import generar

    docx = generar(carpeta / "ordenanza.yaml", carpeta=carpeta / "salidas").salida
    r = c.post(
        "/revision", data={"_csrf": csrf(c)}, files={"archivos": ("Ordenanza <i>Lajas & co.docx", docx.read_bytes())}
    )
    assert r.status_code == 200
    assert "✓ COMPLETO" in r.text and "✓ " in r.text and "Ordenanza iLajas &amp; co.docx" in r.text
    roto = io.BytesIO()
    with zipfile.ZipFile(roto, "w") as z:
        z.writestr(
            "word/document.xml",
            "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:body><w:p><w:r><w:t>Acta de instalación</w:t></w:r></w:p></w:body></w:document>",
        )
    r = c.post("/revision", data={"_csrf": csrf(c)}, files={"archivos": ("acta.docx", roto.getvalue())})
    assert "✗" in r.text


def test_lote_desde_la_hoja_modelo_con_avance_y_descargas(tmp_path):
    c = cliente(tmp_path)
    hoja = c.get("/lote/hoja-modelo.xlsx")
    assert hoja.status_code == 200 and hoja.content.startswith(b"PK")
    r = c.post("/lote", data={"_csrf": csrf(c)}, files={"hoja": ("mi hoja.xlsx", hoja.content)}, follow_redirects=False)
    assert r.status_code == 303
    destino = r.headers["location"]
    for _ in range(240):
        estado = c.get(destino + "/estado").text
        if "Terminado" in estado or 'role="alert"' in estado:
            break
        time.sleep(0.25)
    assert "✓ Terminado" in estado, estado
    zip_ = re.search(r'href="(/lote/[^"]+\.zip)"', estado).group(1)
    contenido = zipfile.ZipFile(io.BytesIO(c.get(zip_).content)).namelist()
    resumen = c.get(destino + "/resumen.csv").content.decode("utf-8-sig")
    generados = [x for x in resumen.splitlines()[1:] if ",generado," in x]
    assert generados and sum(n.endswith(".docx") for n in contenido) == len(generados)


def test_orden_web_en_la_cli_exige_clave_fuera_de_loopback(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from generador.cli import principal

    llamadas = {}
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: llamadas.update(kw, app=app))
    r = CliRunner().invoke(principal, ["web", str(tmp_path), "--host", "0.0.0.0", "--puerto", "8123", "--no-abrir"])
    assert r.exit_code == 0, r.output
    clave = re.search(r"\?clave=(\S+)", r.output).group(1)
    assert llamadas["host"] == "0.0.0.0" and llamadas["port"] == 8123
    assert llamadas["app"].state.ajustes.clave == clave
    r = CliRunner().invoke(principal, ["web", str(tmp_path / "no-existe"), "--no-abrir"])
    assert r.exit_code != 0 and "no existe o no es una carpeta" in r.output and "Traceback" not in r.output
    ayuda = CliRunner().invoke(principal, ["web", "--help"]).output
    assert "clave de acceso" in ayuda and "No abrir el navegador" in ayuda


def test_errores_del_servidor_en_espanol(tmp_path):
    c = cliente(tmp_path)
    r = c.get("/no-existe")
    assert r.status_code == 404 and "Esa página no existe." in r.text and 'lang="es"' in r.text
    assert c.put("/revision").status_code == 405
    r = c.get("/i/_/nuevo/tipo-inventado")
    assert r.status_code == 400 and "documento desconocido «tipo-inventado»" in r.text


@pytest.mark.parametrize("nivel", ["regional", "provincial", "distrital"])
def test_cada_ejemplo_sale_igual_tras_pasar_por_su_formulario(copia_ejemplos, nivel):
    """Todos los tipos de pregunta de todos los documentos: abrir el formulario y guardarlo tal
    cual deja las mismas respuestas validadas que el YAML escrito a mano."""
    carpeta = copia_ejemplos(nivel)
    c = cliente(carpeta)
    archivos = [p for p in sorted(carpeta.glob("*.yaml")) if p.name != "instancia.yaml"]
    assert len(archivos) >= 10
    for ruta in archivos:
        antes = validar_archivo(ruta).datos
        datos = formulario(c.get(f"/i/_/doc/{ruta.name}").text, "/i/_/doc")
        r = c.post("/i/_/doc", data={**datos, "_accion": "guardar"})
        assert r.status_code == 200, (ruta.name, re.findall(r"<li>(?:<a[^>]*>)?([^<]*)", r.text)[:5])
        assert validar_archivo(ruta).datos == antes, ruta.name
    datos = formulario(c.get("/i/_/perfil").text, "/i/_/perfil")
    antes = (carpeta / "instancia.yaml").read_text(encoding="utf-8")
    assert c.post("/i/_/perfil", data={**datos, "_accion": "guardar"}).status_code == 200
    import yaml

    assert yaml.safe_load((carpeta / "instancia.yaml").read_text(encoding="utf-8")) == yaml.safe_load(antes)


# --- estado de la instancia -------------------------------------------------------------------


def test_estado_de_la_instancia_con_enlaces_que_lo_resuelven(distrital):
    carpeta, c = distrital
    assert 'href="/i/_/estado"' in c.get("/i/_/").text
    pagina = c.get("/i/_/estado")
    assert pagina.status_code == 200
    texto = pagina.text
    assert "Creación por ordenanza" in texto and "Instalación en acto público" in texto
    assert "Plazos en días hábiles" in texto
    # una etapa pendiente enlaza con el formulario que la resuelve (un documento nuevo o el suyo)
    from generador.estado import calcular_estado

    pendientes = [e for e in calcular_estado(carpeta).etapas if e.estado != "hecho" and e.documento]
    assert pendientes, "la carpeta de ejemplo debería tener alguna etapa por cumplir hoy"
    assert re.search(r'href="/i/_/(doc|nuevo)/[^"]+">Resolver', texto)
    # una incoherencia enlaza con el archivo que la tiene
    (carpeta / "acta-instalacion.yaml").write_text(
        (carpeta / "acta-instalacion.yaml").read_text(encoding="utf-8").replace("hora_fin:", "hora_fin_x:"),
        encoding="utf-8",
    )
    texto = c.get("/i/_/estado").text
    assert "✗" in texto and 'href="/i/_/doc/acta-instalacion.yaml">Corregir' in texto


def test_vista_previa_marca_como_titulo_los_titulos_del_docx(distrital):
    from ayudas import titulos

    carpeta, c = distrital
    datos = formulario(c.get("/i/_/doc/ordenanza.yaml").text, "/i/_/doc")
    r = c.post("/i/_/doc", data={**datos, "_accion": "generar"})
    assert r.status_code == 200, r.text
    docx = carpeta / "salidas" / "ordenanza_distrital_Lajas.docx"
    esperados = [texto for _, texto in titulos(docx) if texto.strip()]
    marcados = re.findall(r'<p class="v-titulo">([^<]*)</p>', r.text)
    assert esperados and [html.unescape(m) for m in marcados] == esperados


@pytest.mark.parametrize(
    "nivel, pide, no_pide",
    [
        ("distrital", "secretaria_general", "consejero_delegado"),
        ("regional", "consejero_delegado", "secretaria_general"),
    ],
)
def test_la_ordenanza_pide_solo_quien_firma_en_su_nivel(copia_ejemplos, nivel, pide, no_pide):
    pagina = cliente(copia_ejemplos(nivel)).get("/i/_/doc/ordenanza.yaml").text
    assert f'id="c-{pide}"' in pagina and f'id="c-{no_pide}"' not in pagina


def test_tras_guardar_la_direccion_vuelve_a_abrir_el_documento(distrital):
    _, c = distrital
    pagina = c.get("/i/_/doc/sesiones/2026-05-29-ordinaria.yaml").text
    assert 'action="/i/_/doc/sesiones/2026-05-29-ordinaria.yaml"' in pagina
    datos = formulario(pagina, "/i/_/doc/sesiones/2026-05-29-ordinaria.yaml")
    r = c.post("/i/_/doc/sesiones/2026-05-29-ordinaria.yaml", data={**datos, "_archivo": "", "_accion": "guardar"})
    assert r.status_code == 200 and "Guardado en <code>sesiones/2026-05-29-ordinaria.yaml</code>" in r.text
    assert c.get("/i/_/doc/sesiones/2026-05-29-ordinaria.yaml").status_code == 200  # recargar: el mismo formulario
    r = c.get("/i/_/doc", follow_redirects=False)  # la de un documento nuevo ya guardado
    assert r.status_code == 303 and r.headers["location"] == "/i/_/"


def test_perfil_sin_ordenanza_propone_la_de_ordenanza_yaml(distrital):
    carpeta, c = distrital
    from ayudas import editar_yaml

    perfil = editar_yaml(carpeta / "instancia.yaml", ordenanza=None)  # el perfil aún sin su ordenanza
    antes = perfil.read_bytes()
    r = c.get("/i/_/perfil")
    assert r.status_code == 200 and "?ordenanza.numero=004-2026-MDL" in str(r.url)
    datos = formulario(r.text, "/i/_/perfil")
    assert datos["ordenanza.numero"] == "004-2026-MDL" and datos["ordenanza.fecha"] == "10/04/2026"
    assert "quedan propuestos el número y la fecha" in r.text
    assert perfil.read_bytes() == antes  # propuestos, no guardados


def test_los_integrantes_si_los_hubiera_se_marcan_con_casillas(distrital):
    carpeta, c = distrital
    pagina = c.get("/i/_/perfil").text
    casillas = re.search(r'<fieldset class="casillas".*?</fieldset>', pagina, re.S).group(0)
    assert "Representante de las rondas campesinas o urbanas" in casillas  # su nombre, no el código
    assert re.search(r'name="opcionales#rondas" value="1" checked', casillas)
    assert not re.search(r'name="opcionales#pueblos-indigenas" value="1" checked', casillas)
    datos = formulario(pagina, "/i/_/perfil")
    datos["opcionales#pueblos-indigenas"] = "1"
    assert c.post("/i/_/perfil", data=datos).status_code == 200
    assert validar_archivo(carpeta / "ordenanza.yaml").perfil["opcionales"] == ["rondas", "pueblos-indigenas"]
    datos = formulario(c.get("/i/_/perfil").text, "/i/_/perfil")
    for clave in [k for k in datos if k.startswith("opcionales#") and k != "opcionales#casillas"]:
        del datos[clave]  # desmarcar todas: la fila de las rondas del directorio ya no cabe
    r = c.post("/i/_/perfil", data=datos)
    assert r.status_code == 422 and "Perfil guardado como borrador" in r.text and "rondas" in r.text
    assert "opcionales" not in (carpeta / "instancia.yaml").read_text(encoding="utf-8")


def test_las_listas_de_opciones_del_manifiesto_son_casillas(distrital):
    carpeta, c = distrital
    pagina = c.get("/i/_/doc/ordenanza.yaml").text
    casillas = re.search(r'<fieldset class="casillas[^"]*" id="c-integrantes_inexistentes".*?</fieldset>', pagina, re.S)
    assert casillas and 'name="integrantes_inexistentes#pueblos-indigenas"' in casillas.group(0)
    assert "pueblos indígenas" in casillas.group(0).lower()  # por su nombre
    datos = formulario(pagina, "/i/_/doc")
    datos["integrantes_inexistentes#pueblos-indigenas"] = "1"
    r = c.post("/i/_/doc", data={**datos, "_accion": "generar"})
    assert r.status_code == 200, r.text
    assert validar_archivo(carpeta / "ordenanza.yaml").datos["integrantes_inexistentes"] == ["pueblos-indigenas"]
    assert "pueblos indígenas" not in texto_docx(carpeta / "salidas" / "ordenanza_distrital_Lajas.docx").lower()
