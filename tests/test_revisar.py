"""`generador revisar`: documentos ajenos (.docx y .pdf) en varios estilos, entradas ilegibles,
y todos los documentos que produce `generar` (deben pasar sin hallazgos)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generador.cli import principal
from generador.generacion import es_respuestas, generar_ejemplos
from generador.normalizacion import contiene, normalizar
from generador.revision import revisar_archivo

from ayudas import EJEMPLOS

FIJOS = Path(__file__).resolve().parent / "fixtures" / "revisar"


def ejecutar(*args):
    return CliRunner().invoke(principal, ["revisar", *[str(a) for a in args]])


# --- normalización ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "texto",
    [
        "ARTÍCULO PRIMERO.- Creación",
        "Artículo 1°.- Creación",
        "Art. 1.- Creación",
        "Artículo 1º: Creación",
        "ARTICULO 1 - CREACIÓN",
    ],
)
def test_numeraciones_de_articulo_equivalen(texto):
    assert normalizar(texto) == "articulo 1 creacion"


def test_normalizacion_no_toca_citas_ni_decimales():
    assert normalizar("el artículo 194 de la Constitución") == "el articulo 194 de la constitucion"
    assert normalizar("el artículo 1.1 del anexo") == "el articulo 1.1 del anexo"
    assert normalizar("ARTÍCULO DÉCIMO SEGUNDO.- Vigencia") == "articulo 12 vigencia"


def test_guion_de_corte_y_plurales():
    assert normalizar("Instancia de Concer-\ntación") == "instancia de concertacion"
    texto = "Los directores de las instituciones educativas"
    assert contiene(texto, normalizar(texto), "institucion educativa")
    texto = "El centro educativo"
    assert contiene(texto, normalizar(texto), "centros educativos")


# --- documentos ajenos --------------------------------------------------------------------


def test_docx_en_parrafos_con_tabla_y_siglas_esta_completo():
    r = revisar_archivo(FIJOS / "ordenanza_provincial_parrafos.docx")
    assert (r.tipo, r.nivel, r.tipo_inferido, r.nivel_inferido) == ("ordenanza", "provincial", True, True)
    assert r.estado == "completo" and not r.faltantes and not r.recomendaciones
    assert r.cuenta("sección") == (7, 7) and r.cuenta("integrante") == (13, 13)  # 7 exigidas, 8 recomendadas
    fragmentos = {h.id: h.fragmento for h in r.hallazgos}
    assert "CEM Bambamarca" in fragmentos["cem"]  # sigla, dentro de una tabla
    assert "Comisaría PNP" in fragmentos["policia"]
    assert "Subprefectura" in fragmentos["gobernacion"]
    assert "Fiscalía" in fragmentos["ministerio-publico"]
    assert "Artículo 9°.- Publicación" in fragmentos["publicacion"]


def test_pdf_de_libreoffice_da_lo_mismo_que_su_docx():
    r = revisar_archivo(FIJOS / "ordenanza_provincial_parrafos.pdf")
    assert r.formato == "pdf" and (r.tipo, r.nivel) == ("ordenanza", "provincial")
    assert r.estado == "completo" and r.cuenta("integrante") == (13, 13)


def test_mayusculas_y_articulo_primero_sin_cem_publicacion_por_publiquese():
    r = revisar_archivo(FIJOS / "ordenanza_distrital_mayusculas.docx")
    assert (r.tipo, r.nivel) == ("ordenanza", "distrital")
    assert {f"{h.tipo}:{h.id}" for h in r.faltantes} == {"integrante:cem"}
    # sin artículo de publicación, pero «PUBLÍQUESE» la ordena (una de las formas de la sección)
    assert "PUBLÍQUESE" in next(h.fragmento for h in r.hallazgos if h.id == "publicacion")
    assert r.estado == "incompleto"


def test_acta_con_titulos_sin_quorum_ni_defensoria_y_nivel_por_el_membrete():
    r = revisar_archivo(FIJOS / "acta_regional_sin_quorum.docx")
    assert (r.tipo, r.nivel) == ("acta-instalacion", "regional")
    assert "GOBIERNO REGIONAL DE CAJAMARCA" in r.motivo_nivel
    assert {f"{h.tipo}:{h.id}" for h in r.faltantes} == {"sección:quorum", "integrante:defensoria"}


@pytest.mark.parametrize("archivo", ["ordenanza_regional_dos_columnas.docx", "ordenanza_regional_dos_columnas.pdf"])
def test_dos_columnas_sin_ministerio_publico(archivo):
    r = revisar_archivo(FIJOS / archivo)
    assert (r.tipo, r.nivel) == ("ordenanza", "regional")
    # «aprobó por unanimidad la siguiente» es una variante de la fórmula de aprobación
    assert {f"{h.tipo}:{h.id}" for h in r.faltantes} == {"integrante:ministerio-publico"}


def test_tipo_y_nivel_indicados_no_se_infieren():
    r = revisar_archivo(FIJOS / "ordenanza_distrital_mayusculas.docx", tipo="ordenanza", nivel="distrital")
    assert not r.tipo_inferido and not r.nivel_inferido
    assert {h.id for h in r.faltantes} == {"cem"}


# --- entradas ilegibles: nunca «completo» -------------------------------------------------


@pytest.mark.parametrize(
    "archivo, mensaje",
    [
        ("escaneado.pdf", "el PDF no contiene texto extraíble; parece escaneado"),
        ("cifrado.pdf", "el PDF está cifrado"),
        ("danado.docx", "el archivo .docx está dañado"),
        ("antiguo.doc", "documento de Word antiguo (.doc)"),
    ],
)
def test_entrada_ilegible_sale_con_2_y_mensaje_claro(archivo, mensaje):
    r = ejecutar(FIJOS / archivo)
    assert r.exit_code == 2, r.output
    assert mensaje in r.output and "NO REVISADO" in r.output and "COMPLETO:" not in r.output


def test_cifrado_con_tipo_indicado_tampoco_es_completo():
    r = ejecutar(FIJOS / "cifrado.pdf", "--tipo", "ordenanza", "--nivel", "provincial", "--json")
    datos = json.loads(r.output)
    assert r.exit_code == 2 and datos["documentos"][0]["estado"] == "ilegible"


def test_archivo_inexistente_y_formato_no_admitido(tmp_path):
    (tmp_path / "notas.txt").write_text("hola", encoding="utf-8")
    r = ejecutar(tmp_path / "no-existe.docx", tmp_path / "notas.txt")
    assert r.exit_code == 2
    assert "no existe" in r.output and "formato no admitido" in r.output


# --- CLI ----------------------------------------------------------------------------------


def test_cli_un_archivo_completo_sale_con_0_y_muestra_fragmentos():
    r = ejecutar(FIJOS / "ordenanza_provincial_parrafos.docx")
    assert r.exit_code == 0, r.output
    assert "Tipo: ordenanza (Ordenanza de creación) — inferido" in r.output
    assert "Nivel: provincial — inferido" in r.output
    assert "✓ Un representante del Centro Emergencia Mujer (CEM) — «Coordinadora del CEM Bambamarca»" in r.output
    assert "Veredicto: ✓ COMPLETO" in r.output


def test_cli_incompleto_sale_con_1_y_nombra_lo_que_falta():
    r = ejecutar(FIJOS / "ordenanza_distrital_mayusculas.docx")
    assert r.exit_code == 1
    assert "✗ El Centro Emergencia Mujer (CEM) — no se encontró" in r.output
    assert "Veredicto: ✗ INCOMPLETO: falta 1" in r.output


def test_cli_json():
    r = ejecutar(FIJOS / "acta_regional_sin_quorum.docx", "--json")
    assert r.exit_code == 1
    datos = json.loads(r.output)
    doc = datos["documentos"][0]
    assert doc["tipo"] == "acta-instalacion" and doc["nivel"] == "regional" and doc["nivel_inferido"]
    assert sorted(doc["faltantes"]) == ["integrante:defensoria", "sección:quorum"]
    assert datos["resumen"] == {"completo": 0, "incompleto": 1, "indeterminado": 0, "ilegible": 0}
    quorum = next(h for h in doc["hallazgos"] if h["id"] == "quorum")
    assert quorum["exigencia"] == "exigido" and not quorum["encontrado"]


def test_cli_carpeta_recursiva_con_tabla_resumen(tmp_path):
    sub = tmp_path / "portal" / "2019"
    sub.mkdir(parents=True)
    shutil.copy(FIJOS / "ordenanza_provincial_parrafos.pdf", sub)
    shutil.copy(FIJOS / "ordenanza_distrital_mayusculas.docx", tmp_path / "portal")
    (tmp_path / "portal" / "~$bloqueo.docx").write_bytes(b"x")  # archivo de bloqueo de Word
    (tmp_path / "portal" / "leeme.txt").write_text("no se revisa", encoding="utf-8")
    r = ejecutar(tmp_path / "portal")
    assert r.exit_code == 1, r.output
    assert "Archivo" in r.output and "Veredicto" in r.output
    assert "2019/ordenanza_provincial_parrafos.pdf" in r.output
    assert "2 documentos: 1 completos, 1 incompletos, 0 sin tipo reconocido, 0 no se pudieron leer." in r.output
    assert "bloqueo" not in r.output and "leeme" not in r.output


def test_cli_tipo_desconocido_o_nivel_imposible():
    r = ejecutar(FIJOS / "ordenanza_provincial_parrafos.docx", "--tipo", "oficio")
    assert r.exit_code == 2 and "documento desconocido «oficio»" in r.output


def test_cli_carpeta_vacia(tmp_path):
    r = ejecutar(tmp_path)
    assert r.exit_code == 2 and "No hay archivos" in r.output


# --- todo lo que genera `generar` pasa `revisar` ------------------------------------------


def _ejemplos() -> list[Path]:
    return [p.relative_to(EJEMPLOS) for p in sorted(EJEMPLOS.rglob("*.yaml")) if es_respuestas(p)]


@pytest.fixture(scope="module")
def generados(tmp_path_factory) -> dict[Path, list[Path]]:
    salida = tmp_path_factory.mktemp("generados")
    resultados = generar_ejemplos(EJEMPLOS, salida, sobrescribir=True)
    return {
        r.respuestas.relative_to(EJEMPLOS): ([r.salida, *r.adicionales] if not r.error else r.error) for r in resultados
    }


@pytest.mark.parametrize("ejemplo", _ejemplos(), ids=str)
def test_todo_documento_generado_pasa_revisar(generados, ejemplo):
    import yaml

    producidos = generados[ejemplo]
    assert not isinstance(producidos, str), f"el ejemplo no se genera: {producidos}"
    datos = yaml.safe_load((EJEMPLOS / ejemplo).read_text(encoding="utf-8"))
    nivel = ejemplo.parts[0]
    principal_, *adicionales = producidos
    r = revisar_archivo(principal_)
    assert (r.tipo, r.nivel) == (datos["documento"], nivel), r.motivo_tipo + " / " + r.motivo_nivel
    # sin hallazgos: nada exigido falta, ninguna recomendación, ninguna marca sin llenar
    assert r.estado == "completo", [str(h) for h in r.faltantes]
    assert not r.recomendaciones, [str(h) for h in r.recomendaciones]
    assert all(h.encontrado for h in r.hallazgos)
    for extra in adicionales:
        r = revisar_archivo(extra)
        assert r.estado == "completo", (extra, r.error, [str(h) for h in r.faltantes])
        assert all(h.encontrado for h in r.hallazgos), (extra, [str(h) for h in r.hallazgos])


# --- secciones por su sentido (incidencia 16) ---------------------------------------------

CORPUS = FIJOS / "corpus"


def _docx(ruta: Path, lineas: list[str]) -> Path:
    import docx

    doc = docx.Document()
    for linea in lineas:
        doc.add_paragraph(linea)
    doc.save(ruta)
    return ruta


def _hallado(tipo: str, seccion: str, texto: str) -> bool:
    from generador.manifiesto import manifiesto
    from generador.verificacion import Indice, variantes

    s = next(s for s in manifiesto(tipo).secciones if s.id == seccion)
    return Indice([texto]).posicion(variantes(s)) is not None


@pytest.mark.parametrize(
    "seccion, texto",
    [
        ("visto", "VISTOS:"),
        ("visto", "Vistos: el informe de la Gerencia"),
        ("conformacion", "Art. 2.- La Instancia está integrada por:"),
        ("conformacion", "ARTÍCULO SEGUNDO.- LA INSTANCIA ESTÁ COMPUESTA POR"),
        ("conformacion", "La integran las siguientes instituciones:"),
        ("designacion", "Art. 5.- Las instituciones designan a su representante titular y alterno en un plazo"),
        ("designacion", "Cada entidad acreditará a sus representantes en diez días"),
        ("instalacion", "Art. 6.- La Instancia se instala dentro de los treinta días"),
        ("instalacion", "La Instancia deberá instalarse en acto público"),
        ("publicacion", "Encargar a la Secretaría General la publicación de la presente"),
        ("publicacion", "Publíquese en el portal institucional"),
        ("creacion", "ARTÍCULO ÚNICO.- CRÉASE la Instancia Distrital de Concertación"),
    ],
)
def test_formas_peruanas_de_cada_seccion(seccion, texto):
    assert _hallado("ordenanza", seccion, texto)


@pytest.mark.parametrize(
    "seccion, texto",
    [
        ("secretaria", "Remitir copia a la Secretaría Técnica de la CMAN"),  # es la de la CMAN
        ("conformacion", "Que, la instancia es un espacio de concertación"),
    ],
)
def test_formas_que_no_son_la_seccion(seccion, texto):
    assert not _hallado("ordenanza", seccion, texto)


@pytest.mark.parametrize(
    "texto",
    [
        "Artículo Primero.- Creación",
        "Artículo 1°.- Creación",
        "Art. 1.- Creación",
        "ARTÍCULO ÚNICO.- Creación",
        "Artículo 1.-",
    ],
)
def test_encabezados_de_articulo_en_todo_estilo(texto):
    from generador.manifiesto import manifiesto
    from generador.normalizacion import normalizar
    from generador.verificacion import es_encabezado

    assert es_encabezado(normalizar(texto), manifiesto("ordenanza").secciones)


def test_la_generacion_usa_las_mismas_formas_que_revisar():
    # una sola fuente de verdad: el manifiesto; generar exige todas (exigidas y recomendadas)
    from generador.manifiesto import manifiesto

    m = manifiesto("ordenanza")
    exigencias = {s.id: s.exigencia for s in m.secciones}
    assert exigencias["conformacion"] == "exigido" and exigencias["disposiciones"] == "recomendado"
    assert "Lineamientos" in next(s.fuente for s in m.secciones if s.id == "instalacion")


def test_recomendaciones_aparte_no_cambian_el_veredicto():
    r = ejecutar(CORPUS / "o02_distrital_taray_art_sin_epigrafe.docx")
    assert r.exit_code == 0, r.output
    assert "Recomendadas (buena práctica, no cambian el veredicto): 7 de 8" in r.output
    assert "· Disposiciones complementarias — no se encontró (recomendado)" in r.output
    assert "✓ COMPLETO: contiene todo lo exigido (1 recomendación aparte)" in r.output


def test_falta_de_lo_que_piden_los_lineamientos_dice_su_fuente():
    r = ejecutar(CORPUS / "o04_regional_articulo_unico.docx")
    assert r.exit_code == 1
    assert "✗ Funciones — no se encontró [fuente: Reglamento de la Ley N° 30364]" in r.output
    assert "· Instalación — no se encontró (recomendado) [fuente: Lineamientos del MIMP" in r.output


def test_el_titulo_no_cuenta_como_integrante(tmp_path):
    ruta = _docx(
        tmp_path / "taray.docx",
        [
            "MUNICIPALIDAD DISTRITAL DE TARAY",
            "ORDENANZA MUNICIPAL N° 001-2023-MDT",
            "Que, el Concejo, por unanimidad, aprobó la siguiente:",
            "Artículo 1.- Crear la Instancia Distrital de Concertación de Taray.",
            "Artículo 2.- La Instancia está integrada por:",
            "a) La Teniente Gobernadora.",
            "b) La Comisaría de Taray.",
            "c) Dos centros poblados.",
            "d) Dos organizaciones comunales.",
            "e) El CEM Calca.",
            "f) Dos organizaciones de la sociedad civil.",
            "g) El Juez de Paz.",
            "h) La Fiscalía de Calca.",
            "i) El Puesto de Salud.",
            "j) La Institución Educativa N° 50148.",
            "Artículo 3.- La presidencia la ejerce la Municipalidad Distrital de Taray.",
            "Artículo 4.- Funciones: las del Reglamento.",
            "Artículo 5.- Publíquese.",
        ],
    )
    r = revisar_archivo(ruta)
    assert {f"{h.tipo}:{h.id}" for h in r.faltantes} == {"integrante:municipalidad-distrital"}


def test_nombre_mas_especifico_cuenta_y_muestra_el_fragmento():
    r = ejecutar(CORPUS / "o03_provincial_huaylas_nombres_especificos.docx")
    assert r.exit_code == 0, r.output
    assert "✓ La autoridad de salud de la jurisdicción — «- Red de Salud Huaylas, como autoridad de salud.»" in r.output


def test_bloque_de_firmas_no_cuenta_como_integrantes():
    r = revisar_archivo(CORPUS / "o14_distrital_firmas_con_cargos.docx")
    assert {h.id for h in r.faltantes} == {"cem", "sociedad-civil"}


def test_lista_de_integrantes_sin_verbo_da_la_conformacion():
    r = revisar_archivo(CORPUS / "o10_provincial_lista_sin_verbo.docx")
    conformacion = next(h for h in r.hallazgos if h.id == "conformacion")
    assert r.estado == "completo" and conformacion.fragmento.startswith("lista de integrantes: ")


def test_marcas_sin_llenar_hacen_incompleto_y_dicen_su_lugar():
    r = ejecutar(CORPUS / "o07_provincial_borrador_con_marcas.docx")
    assert r.exit_code == 1, r.output
    assert "Marcas sin llenar: 4" in r.output
    assert "✗ marca sin llenar [COMPLETAR: órgano a cargo de la secretaría técnica] — párrafo" in r.output
    assert "en «Artículo 4.- Secretaría Técnica»" in r.output
    assert "✗ marca sin llenar N° ____ — párrafo 5, en «VISTO:»" in r.output and "✓ COMPLETO" not in r.output


@pytest.mark.parametrize(
    "texto, marcas",
    [
        ("Ordenanza N° XXXX-2025", ["XXXX"]),
        ("Llama, __ de ______ de 2025", ["__ de ______"]),
        ("la ejerce [...].", ["[...]"]),
        ("la ejerce […]", ["[…]"]),
        ("DNI: ________", ["DNI: ________"]),
        ("______________________________", []),  # la línea de una firma no es una marca
        ("Capítulo XXI", []),
    ],
)
def test_marcas_reconocidas(texto, marcas):
    from generador.marcas import buscar_marcas

    assert [m.texto for m in buscar_marcas([texto])] == marcas


def test_documento_legible_sin_tipo_sale_con_1_y_pide_tipo():
    r = ejecutar(FIJOS / "carta_cualquiera.docx")
    assert r.exit_code == 1, r.output
    assert "no se pudo inferir el tipo de documento" in r.output and "indíquelo con --tipo" in r.output
    r = ejecutar(FIJOS / "carta_cualquiera.docx", "--tipo", "ordenanza", "--nivel", "distrital")
    assert r.exit_code == 1 and "INCOMPLETO" in r.output


def test_acta_informal_legible_no_sale_con_2():
    r = ejecutar(CORPUS / "a01_acta_distrital_informal.docx")
    assert r.exit_code == 0, r.output
    assert "Tipo: acta-instalacion" in r.output


def test_carpeta_con_un_ilegible_sale_con_2_y_resumen_csv(tmp_path):
    import csv

    portal = tmp_path / "portal"
    portal.mkdir()
    for nombre in (
        "o02_distrital_taray_art_sin_epigrafe.docx",
        "o06_distrital_tabla_titulos_word.docx",
        "a04_acta_distrital_escaneada.pdf",
        "x01_oficio_cualquiera.docx",
    ):
        shutil.copy(CORPUS / nombre, portal)
    destino = tmp_path / "resumen.csv"
    r = ejecutar(portal, "--resumen", destino)
    assert r.exit_code == 2, r.output
    filas = {f["archivo"]: f for f in csv.DictReader(destino.open(encoding="utf-8"))}
    assert filas["o02_distrital_taray_art_sin_epigrafe.docx"]["estado"] == "completo"
    assert filas["o02_distrital_taray_art_sin_epigrafe.docx"]["recomendaciones"] == "sección:disposiciones"
    assert filas["o06_distrital_tabla_titulos_word.docx"]["faltantes"] == "sección:publicacion; integrante:cem"
    assert (
        filas["o06_distrital_tabla_titulos_word.docx"]["tipo"],
        filas["o06_distrital_tabla_titulos_word.docx"]["nivel"],
    ) == ("ordenanza", "distrital")
    assert filas["a04_acta_distrital_escaneada.pdf"]["estado"] == "ilegible"
    assert filas["x01_oficio_cualquiera.docx"]["estado"] == "indeterminado"
    assert "4 documentos: 1 completos, 1 incompletos, 1 sin tipo reconocido, 1 no se pudieron leer." in r.output
    r = ejecutar(portal, "--resumen", destino)  # no se sobrescribe sin permiso
    assert r.exit_code == 2 and "ya existe" in r.output
    r = ejecutar(portal, "--resumen", tmp_path / "resumen.json", "--json")
    assert json.loads((tmp_path / "resumen.json").read_text(encoding="utf-8"))["resumen"]["ilegible"] == 1


def test_carpeta_en_paralelo_da_lo_mismo_y_en_orden(monkeypatch):
    from generador import revision
    from generador.revision import revisar_rutas

    uno = revisar_rutas([CORPUS], trabajadores=1)
    monkeypatch.setattr(revision, "_EN_PARALELO", 10)  # el corpus es menor que el umbral
    dos = revisar_rutas([CORPUS], trabajadores=2)
    assert [(r.archivo, r.estado, [h.id for h in r.faltantes]) for r in uno] == [
        (r.archivo, r.estado, [h.id for h in r.faltantes]) for r in dos
    ]


# --- entradas hostiles (incidencia 18, punto 2) -------------------------------------------


def _bomba(ruta: Path, megas: int) -> Path:
    import zipfile

    parrafo = b"<w:p><w:r><w:t>bomba</w:t></w:r></w:p>" * 26000  # ~1 MB
    with zipfile.ZipFile(ruta, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as f:
            f.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            for _ in range(megas):
                f.write(parrafo)
            f.write(b"</w:body></w:document>")
    return ruta


def test_bomba_de_descompresion_se_rechaza_sin_memoria(tmp_path):
    import tracemalloc

    ruta = _bomba(tmp_path / "bomba.docx", 100)  # 100 MB de XML en menos de 1 MB
    assert ruta.stat().st_size < 2 * 2**20
    tracemalloc.start()
    r = revisar_archivo(ruta)
    _, pico = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert r.estado == "ilegible" and "bomba de descompresión" in r.error and "límite 64 MB" in r.error
    assert pico < 20 * 2**20


def test_zip_que_miente_sobre_su_tamano_no_se_descomprime_entero(tmp_path):
    import tracemalloc

    ruta = _bomba(tmp_path / "mentira.docx", 80)
    datos = bytearray(ruta.read_bytes())
    nombre = b"word/document.xml"
    for firma, desplazamiento in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # tamaño declarado: 1000
        i = max(j for j in range(len(datos)) if datos.startswith(firma, j) and nombre in datos[j : j + 100])
        datos[i + desplazamiento : i + desplazamiento + 4] = (1000).to_bytes(4, "little")
    ruta.write_bytes(bytes(datos))
    tracemalloc.start()
    r = revisar_archivo(ruta)
    _, pico = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert r.estado == "ilegible" and r.error and pico < 20 * 2**20


def test_paginas_de_pdf_acotadas_y_dichas_en_el_informe(tmp_path, monkeypatch):
    from pypdf import PdfReader, PdfWriter

    from generador import lectura

    escritor = PdfWriter()
    pagina = PdfReader(FIJOS / "ordenanza_provincial_parrafos.pdf").pages[0]
    for _ in range(8):
        escritor.add_page(pagina)
    ruta = tmp_path / "largo.pdf"
    with ruta.open("wb") as f:
        escritor.write(f)
    monkeypatch.setattr(lectura, "MAX_PAGINAS_PDF", 3)
    r = revisar_archivo(ruta)
    assert (r.paginas, r.paginas_leidas) == (8, 3)
    from generador.revision import informe

    assert "Páginas: se leyeron las primeras 3 de 8 (límite por PDF); el resto no se revisó" in informe(r)


def test_acta_con_columna_firma_en_la_asistencia(tmp_path):
    import docx

    doc = docx.Document()
    for linea in [
        "MUNICIPALIDAD DISTRITAL DE LAJAS",
        "ACTA DE INSTALACIÓN DE LA INSTANCIA DISTRITAL DE LAJAS",
        "Siendo las 10:00 horas del 2 de mayo de 2025 se reúnen:",
        "Asistentes:",
    ]:
        doc.add_paragraph(linea)
    filas = [
        ("Institución", "Representante", "Firma"),
        ("Municipalidad Distrital de Lajas", "Alcalde", ""),
        ("Tenencia de Gobernación", "Teniente gobernadora", ""),
        ("Comisaría de Lajas", "Comisario", ""),
        ("Centros poblados de Cadmalca y Chulit", "Alcaldes", ""),
        ("Comité del Vaso de Leche", "Presidenta", ""),
        ("CEM Chota", "Coordinadora", ""),
        ("Sociedad civil", "Dos delegadas", ""),
        ("Juzgado de Paz de Lajas", "Juez", ""),
        ("Fiscalía de Chota", "Fiscal", ""),
        ("Centro de Salud Lajas", "Jefa", ""),
        ("Institución Educativa Lajas", "Director", ""),
    ]
    tabla = doc.add_table(rows=0, cols=3)
    for fila in filas:
        for celda, texto in zip(tabla.add_row().cells, fila, strict=True):
            celda.text = texto
    for linea in ["Hay quórum. La Alcaldesa declara instalada la Instancia.", "Firman los presentes."]:
        doc.add_paragraph(linea)
    doc.save(tmp_path / "acta.docx")
    r = revisar_archivo(tmp_path / "acta.docx")
    assert r.tipo == "acta-instalacion" and r.estado == "completo", [str(h) for h in r.faltantes]
