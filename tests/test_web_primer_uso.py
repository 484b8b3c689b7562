"""`generador web` para una persona que llega por primera vez: los tropiezos del recorrido
«distrito nuevo → directorio → ordenanza → acta de instalación» (herramientas/recorrido_persona.py),
cada uno con la ruta que lo muestra. Las listas del lugar en orden de diccionario, el perfil nuevo
sin alarma, la presidencia que no se teclea dos veces, etiquetas legibles, los integrantes por su
nombre, el foco en la fila añadida y el camino al perfil cuando el acta pide la ordenanza."""

from __future__ import annotations

import re
import warnings

import pytest

pytest.importorskip("fastapi")
warnings.filterwarnings("ignore", message=".*httpx2.*")

from starlette.testclient import TestClient  # noqa: E402
from test_web_rutas import formulario  # noqa: E402

from generador import ley  # noqa: E402
from generador.web.aplicacion import Ajustes, crear_aplicacion  # noqa: E402
from generador.web.instancia import leer  # noqa: E402

LUGAR = {"nivel": "distrital", "departamento": "Ayacucho", "provincia": "Huanta", "distrito": "Luricocha"}
INSTANCIA = "distrital-Luricocha"


def _campos(html: str, accion: str) -> dict[str, str]:
    """Campos del formulario, como los envía el navegador (opciones elegidas, casillas marcadas)."""
    return formulario(html, accion)


@pytest.fixture
def cliente(tmp_path):
    c = TestClient(crear_aplicacion(Ajustes(tmp_path)), base_url="http://127.0.0.1:8000")
    c.get("/")
    return c


def _csrf(cliente: TestClient) -> str:
    return re.search(r'name="_csrf" value="([^"]+)"', cliente.get("/").text).group(1)


def _crear(cliente: TestClient):
    return cliente.post("/crear", data={"_csrf": _csrf(cliente), **LUGAR})


def _perfil_valido(cliente: TestClient, **extra: str):
    """El directorio mínimo: quien preside, la secretaría técnica y un titular por fila menos la
    primera (la del gobierno que preside)."""
    html = cliente.get(f"/i/{INSTANCIA}/perfil").text if cliente.get(f"/i/{INSTANCIA}/").status_code == 200 else ""
    datos = _campos(html or _crear(cliente).text, f"/i/{INSTANCIA}/perfil")
    datos["presidencia.nombre"] = "Teodoro Ficticio Quispe"
    datos["presidencia.genero"] = "masculino"
    datos["secretaria_tecnica.responsable.nombre"] = "Marisol Ejemplar Huamán"
    for i in range(2, int(datos["integrantes#filas"]) + 1):
        datos[f"integrantes[{i}].titular.nombre"] = f"Persona Ficticia {i}"
    datos.update(extra)
    return cliente.post(f"/i/{INSTANCIA}/perfil", data=datos)


def _opciones(html: str, id_: str) -> list[str]:
    select = re.search(rf'<select id="{id_}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [o for o in re.findall(r"<option[^>]*>([^<]*)</option>", select) if o != "— elija —"]


def test_departamentos_provincias_y_distritos_en_orden_de_diccionario(cliente):
    departamentos = _opciones(cliente.get("/").text, "c-departamento")
    assert departamentos.index("Áncash") == departamentos.index("Amazonas") + 1  # no al final, tras Ucayali
    provincias = re.findall(r"<option>([^<]+)</option>", cliente.get("/lugar/provincias?departamento=Ayacucho").text)
    assert provincias.index("Víctor Fajardo") < provincias.index("Vilcas Huamán")
    distritos = re.findall(
        r"<option>([^<]+)</option>", cliente.get("/lugar/distritos?departamento=Ayacucho&provincia=Huanta").text
    )
    assert distritos[0] == "Ayahuanco" and distritos.index("Llochegua") < distritos.index("Luricocha")
    assert distritos.index("Canayre") < distritos.index("Huamanguilla")  # no en el orden del ubigeo


def test_perfil_recien_creado_dice_que_falta_sin_alarma_de_problemas(cliente):
    r = _crear(cliente)
    assert r.status_code == 200 and "Perfil y directorio" in r.text
    assert "problemas por corregir" not in r.text
    faltan = re.search(r"Datos que faltan en el perfil \((\d+)\)", r.text)
    assert faltan and int(faltan.group(1)) == len(re.findall(r"<li><a href=\"#c-", r.text))
    assert "escriba al menos los nombres marcados" in r.text


def test_el_resumen_nombra_cada_campo_como_se_ve_y_cada_enlace_lleva_a_el(cliente):
    html = _crear(cliente).text
    resumen = re.search(r'<div class="resumen.*?</div>', html, re.S).group(0)
    items = re.findall(r'<li><a href="#([^"]+)">(.*?)</a></li>', resumen, re.S)
    assert len(items) == 14
    for ancla, _ in items:  # ningún enlace del resumen cae en el vacío
        assert f'id="{ancla}"' in html, ancla
    textos = [re.sub(r"<[^>]+>", "", t) for _, t in items]
    assert textos[0].startswith("Presidencia: falta este campo obligatorio")
    fila = next(t for t in textos if "integrantes[7].titular" in t)
    assert fila.startswith("Integrantes, fila 7 (Centro Emergencia Mujer) › Titular: falta este campo obligatorio")
    assert "(instancia.yaml, línea" in fila  # el archivo y la línea siguen, para quien abre el YAML


def test_el_lugar_que_ya_se_sabe_va_plegado_y_primero_lo_que_hay_que_escribir(cliente):
    html = _crear(cliente).text
    lugar = re.search(r'<details class="lugar-perfil" id="lugar-perfil"( open)?>(.*?)</details>', html, re.S)
    assert lugar and not lugar.group(1)  # plegado
    assert "Lugar y gobierno: Ayacucho · Huanta · Luricocha · Municipalidad Distrital de Luricocha" in lugar.group(2)
    for campo in ("c-nivel", "c-departamento", "c-provincia", "c-distrito", "c-ubigeo", "c-gobierno"):
        assert f'id="{campo}"' in lugar.group(2), campo  # siguen en el formulario: se envían y se guardan
    assert 'id="c-presidencia-nombre"' not in lugar.group(2)
    assert html.index("lugar-perfil") < html.index('id="c-presidencia-nombre"')
    # si algo del lugar falla, se abre solo
    datos = _campos(html, f"/i/{INSTANCIA}/perfil")
    r = cliente.post(f"/i/{INSTANCIA}/perfil", data={**datos, "departamento": ""})
    assert '<details class="lugar-perfil" id="lugar-perfil" open>' in r.text


def test_la_titular_de_quien_preside_no_se_teclea_dos_veces(cliente, tmp_path):
    html = _crear(cliente).text
    campo = re.search(r'<input type="text" id="c-integrantes-1-titular-nombre"[^>]*>', html).group(0)
    assert 'placeholder="Si lo deja vacío: el de la Presidencia"' in campo
    r = _perfil_valido(cliente)
    assert r.status_code == 200 and "Perfil guardado, sin problemas de validación" in r.text
    perfil = leer(tmp_path / INSTANCIA / "instancia.yaml")
    fila = perfil["integrantes"][0]
    assert ley.ids_integrantes("distrital")[fila["integrante"]].get("preside")
    assert fila["titular"] == {"nombre": "Teodoro Ficticio Quispe", "genero": "masculino"}
    assert list(fila)[:3] == ["integrante", "entidad", "titular"]
    assert "titular" not in perfil["integrantes"][1] or perfil["integrantes"][1]["titular"]["nombre"] != (
        "Teodoro Ficticio Quispe"
    )  # solo la fila que preside


def test_la_titular_escrita_a_mano_no_se_pisa(cliente, tmp_path):
    _perfil_valido(cliente, **{"integrantes[1].titular.nombre": "Otra Persona Ficticia"})
    perfil = leer(tmp_path / INSTANCIA / "instancia.yaml")
    assert perfil["integrantes"][0]["titular"]["nombre"] == "Otra Persona Ficticia"


def test_etiquetas_legibles_en_el_perfil_y_la_ordenanza(cliente):
    _perfil_valido(cliente)
    perfil = cliente.get(f"/i/{INSTANCIA}/perfil").text
    ordenanza = cliente.get(f"/i/{INSTANCIA}/nuevo/ordenanza").text
    etiquetas = [e.strip() for e in re.findall(r"<(?:label|legend)[^>]*>([^<]+)", perfil + ordenanza)]
    for legible in ("Publicación", "Nombre del ámbito", "Medio de publicación", "Denominación del año"):
        assert legible in etiquetas, legible
    for torpe in ("Publicacion", "Ámbito nombre", "Medio publicacion", "Denominación año", "Dispensa lectura"):
        assert torpe not in etiquetas, torpe


def test_un_grupo_opcional_con_campos_obligatorios_dice_que_es_opcional(cliente):
    _perfil_valido(cliente)
    html = cliente.get(f"/i/{INSTANCIA}/nuevo/ordenanza").text
    leyenda = re.search(r'<fieldset class="grupo" id="c-mecanismo_anterior">\s*<legend>(.*?)</legend>', html, re.S)
    assert "(opcional; si lo llena" in leyenda.group(1)
    sesion = re.search(r'<fieldset class="grupo" id="c-sesion">\s*<legend>(.*?)</legend>', html, re.S)
    assert "opcional" not in sesion.group(1)  # la sesión es obligatoria


def test_la_ayuda_de_una_fecha_no_pide_dos_formatos(cliente):
    _perfil_valido(cliente)
    perfil = cliente.get(f"/i/{INSTANCIA}/perfil").text
    ayuda = re.search(r'<p class="ayuda" id="c-ordenanza-fecha-ayuda">(.*?)</p>', perfil, re.S).group(1)
    assert "dd/mm/aaaa" in ayuda and "AAAA-MM-DD" not in ayuda
    acta = cliente.get(f"/i/{INSTANCIA}/nuevo/acta-instalacion").text
    ayuda = re.search(r'<p class="ayuda" id="c-hora_inicio-ayuda">(.*?)</p>', acta, re.S).group(1)
    assert ayuda.count("HH:MM") == 1


def test_los_integrantes_se_eligen_por_su_nombre_y_se_envia_el_codigo(cliente):
    html = _crear(cliente).text
    select = re.search(r'<select id="c-integrantes-7-integrante".*?</select>', html, re.S).group(0)
    elegida = re.search(r"<option([^>]*)\bselected>([^<]*)</option>", select)
    assert elegida.group(2) == "cem"  # lo que se envía y se guarda: el código de la norma
    assert 'label="Centro Emergencia Mujer"' in elegida.group(1)  # lo que se lee
    codigos = [o for o in re.findall(r"<option[^>]*>([^<]+)</option>", select) if o != "—"]
    rotulos = re.findall(r'label="([^"]+)"', select)
    assert len(rotulos) == len(codigos) == len(ley.ids_integrantes("distrital"))


def test_la_fila_anadida_recibe_el_foco_y_quitar_vuelve_a_la_lista(cliente):
    _perfil_valido(cliente)
    html = cliente.get(f"/i/{INSTANCIA}/nuevo/acta-instalacion").text
    datos = _campos(html, f"/i/{INSTANCIA}/doc")
    assert "autofocus" not in html
    r = cliente.post(f"/i/{INSTANCIA}/doc", data={**datos, "_accion": "anadir:acuerdos"})
    enfocados = re.findall(r'<input[^>]*id="([^"]+)"[^>]*\bautofocus', r.text)
    assert enfocados == ["c-acuerdos-1-descripcion"]
    quitar = re.search(r'<button[^>]*value="quitar:acuerdos\[1\]"[^>]*>', r.text).group(0)
    assert f'formaction="/i/{INSTANCIA}/doc#c-acuerdos"' in quitar
    perfil = cliente.get(f"/i/{INSTANCIA}/perfil").text
    quitar = re.search(r'<button[^>]*value="quitar:integrantes\[1\]"[^>]*>', perfil).group(0)
    assert f'formaction="/i/{INSTANCIA}/perfil#c-integrantes"' in quitar


def test_la_lista_obligatoria_empieza_con_una_fila_lista_para_escribir(cliente):
    _perfil_valido(cliente)
    html = cliente.get(f"/i/{INSTANCIA}/nuevo/acta-instalacion").text
    datos = _campos(html, f"/i/{INSTANCIA}/doc")
    assert datos["acuerdos#filas"] == "1" and datos["acuerdos[1].descripcion"] == ""
    assert datos["invitados#filas"] == "0"  # la opcional, no
    assert "autofocus" not in html  # la fila propuesta no se lleva el foco al abrir
    datos.update({"acuerdos[1].descripcion": "Elaborar el reglamento", "_accion": "guardar"})
    r = cliente.post(f"/i/{INSTANCIA}/doc", data=datos)
    assert not re.search(r'id="c-acuerdos-1-descripcion-error"', r.text)
    assert re.search(r'id="c-acuerdos-1-responsable-error"', r.text)  # la fila cuenta: le falta el resto


def _acta(cliente: TestClient):
    html = cliente.get(f"/i/{INSTANCIA}/nuevo/acta-instalacion").text
    datos = _campos(html, f"/i/{INSTANCIA}/doc")
    datos.update(
        {
            "fecha": "20/04/2026",
            "hora_inicio": "10:00",
            "hora_fin": "12:00",
            "local": "el Salón de Actos",
            "acuerdos[1].descripcion": "Elaborar el reglamento interno",
            "acuerdos[1].responsable": "Secretaría técnica",
            "acuerdos[1].plazo": "60 días hábiles",
            "_accion": "generar",
        }
    )
    return cliente.post(f"/i/{INSTANCIA}/doc", data=datos)


def test_el_acta_sin_ordenanza_en_el_perfil_lleva_a_donde_se_registra(cliente):
    _perfil_valido(cliente)
    r = _acta(cliente)
    assert r.status_code == 422
    resumen = re.search(r'<div class="resumen".*?</div>', r.text, re.S).group(0)
    assert "el perfil no tiene «ordenanza»" in resumen
    assert f'<a href="/i/{INSTANCIA}/perfil#c-ordenanza">Corregirlo en el perfil</a>' in resumen
    perfil = cliente.get(f"/i/{INSTANCIA}/perfil").text
    assert 'id="c-ordenanza"' in perfil  # el ancla existe
    # con la ordenanza registrada, el acta se genera
    _perfil_valido(cliente, **{"ordenanza.numero": "005-2026-MDL", "ordenanza.fecha": "20/03/2026"})
    assert "Documento generado" in _acta(cliente).text


def test_tras_el_perfil_y_la_ordenanza_se_dice_el_siguiente_paso(cliente, tmp_path):
    r = _perfil_valido(cliente)
    assert f'Siguiente paso: <a href="/i/{INSTANCIA}/">' in r.text
    assert "¿Por dónde empezar? Primero la ordenanza de creación" in cliente.get(f"/i/{INSTANCIA}/").text
    html = cliente.get(f"/i/{INSTANCIA}/nuevo/ordenanza").text
    datos = _campos(html, f"/i/{INSTANCIA}/doc")
    datos.update(
        numero="005-2026-MDL",
        fecha="20/03/2026",
        denominacion_anio="Año de prueba",
        visto="Informe N° 010-2026-GDS-MDL",
        _accion="generar",
    )
    datos["sesion.fecha"] = "18/03/2026"
    r = cliente.post(f"/i/{INSTANCIA}/doc", data=datos)
    assert "Documento generado" in r.text
    siguiente = re.search(r'<p class="siguiente">(.*?)</p>', r.text, re.S).group(1)
    assert "N° 005-2026-MDL, del 20/03/2026" in siguiente  # lo que hay que copiar, a la vista
    enlace = re.search(r'<a href="([^"]+)">regístrela en el perfil</a>', siguiente).group(1).replace("&amp;", "&")
    assert enlace.startswith(f"/i/{INSTANCIA}/perfil?") and enlace.endswith("#c-ordenanza")
    # el perfil abre con el número y la fecha propuestos (sin guardar: lo guarda la persona)
    perfil = cliente.get(enlace.split("#")[0])
    datos = _campos(perfil.text, f"/i/{INSTANCIA}/perfil")
    assert datos["ordenanza.numero"] == "005-2026-MDL" and datos["ordenanza.fecha"] == "20/03/2026"
    assert "quedan propuestos el número y la fecha" in perfil.text
    otro = _campos(cliente.get(f"/i/{INSTANCIA}/perfil?sede=Otra&ordenanza.numero=X").text, f"/i/{INSTANCIA}/perfil")
    assert otro["sede"] == "" and otro["ordenanza.numero"] == "X"  # solo la ordenanza se propone así
    assert "ordenanza" not in leer(tmp_path / INSTANCIA / "instancia.yaml")
    r = cliente.post(f"/i/{INSTANCIA}/perfil", data=datos)
    assert "Perfil guardado, sin problemas" in r.text
    assert leer(tmp_path / INSTANCIA / "instancia.yaml")["ordenanza"] == {
        "numero": "005-2026-MDL",
        "fecha": "2026-03-20",
    }
    assert "Documento generado" in _acta(cliente).text  # y el acta ya se genera
    assert "¿Por dónde empezar?" not in cliente.get(f"/i/{INSTANCIA}/").text  # ya empezó


# --- en un navegador: el foco de teclado tras «Añadir una fila» ---------------------------
