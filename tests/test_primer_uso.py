"""Primer uso sin tropiezos (incidencia 15): esqueletos sin datos ajenos, nunca una traza,
el lugar contra el ubigeo, las marcas «[COMPLETAR: …]» resaltadas y carpetas en validar/generar."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

from generador.cli import principal
from generador.esqueleto import esqueleto
from generador.manifiesto import NIVELES, catalogo
from generador.perfil import preguntas_perfil

from ayudas import EJEMPLOS, editar_yaml, texto_docx


def ejecutar(*args):
    return CliRunner().invoke(principal, [str(a) for a in args])


# --- 1. El esqueleto lleva los ejemplos solo como comentarios ------------------------------


def _hojas(valor, ruta=""):
    """(ruta, valor) de cada dato simple de un YAML cargado."""
    if isinstance(valor, dict):
        for k, v in valor.items():
            yield from _hojas(v, f"{ruta}.{k}" if ruta else k)
    elif isinstance(valor, list):
        for i, v in enumerate(valor):
            yield from _hojas(v, f"{ruta}[{i}]")
    else:
        yield ruta, valor


def _ejemplos(preguntas, nivel: str) -> set[str]:
    """Los ejemplos de las preguntas que existen en ese nivel."""
    salida = set()
    for p in preguntas.values():
        if not p.aplica(nivel):
            continue
        if isinstance(p.ejemplo, str) and len(p.ejemplo) > 3 and p.tipo != "opcion":
            salida.add(p.ejemplo)
        salida |= _ejemplos(p.campos, nivel)
    return salida


CASOS = [("instancia", n) for n in NIVELES] + [(d, n) for d, m in catalogo().items() for n in m.niveles]


@pytest.mark.parametrize("documento,nivel", CASOS)
def test_el_esqueleto_no_trae_ningun_valor_de_ejemplo(documento, nivel):
    texto = esqueleto(documento, nivel)
    datos = yaml.safe_load(texto)
    propios = {"documento": documento, "nivel": nivel, "instancia": "instancia.yaml"}
    vivos = [(r, v) for r, v in _hojas(datos) if v not in (None, {}, []) and propios.get(r) != v]
    assert vivos == []
    preguntas = preguntas_perfil() if documento == "instancia" else catalogo()[documento].preguntas
    lineas_vivas = [l for l in texto.splitlines() if not l.lstrip().startswith("#")]
    for ejemplo in _ejemplos(preguntas, nivel):
        assert not any(ejemplo in l for l in lineas_vivas), ejemplo
        assert ejemplo in texto or "\n" in ejemplo  # sigue como ayuda, comentado


def test_el_esqueleto_tal_cual_falla_con_los_obligatorios_y_no_escribe_nada(tmp_path):
    carpeta = tmp_path / "nuevo"
    carpeta.mkdir()
    r = ejecutar("nuevo", "instancia", "--nivel", "distrital", "-o", carpeta / "instancia.yaml")
    assert r.exit_code == 0, r.output
    r = ejecutar("nuevo", "informe-sustentatorio", "--nivel", "distrital", "-o", carpeta / "informe.yaml")
    assert r.exit_code == 0, r.output
    r = ejecutar("generar", carpeta / "informe.yaml", "-o", tmp_path / "salida")
    assert r.exit_code == 1 and "Traceback" not in r.output
    for campo in ("«departamento»", "«distrito»", "«presidencia.nombre»", "«numero»", "«fecha»"):
        assert campo in r.output
    assert not (tmp_path / "salida").exists()
    # con los obligatorios llenos por la persona, el documento no trae nada de Chota ni de Lima
    ejemplo = yaml.safe_load((EJEMPLOS / "distrital" / "instancia.yaml").read_text(encoding="utf-8"))
    perfil = yaml.safe_load((carpeta / "instancia.yaml").read_text(encoding="utf-8"))
    perfil.update(
        departamento="Cusco",
        provincia="Calca",
        distrito="Pisac",
        presidencia={"nombre": "Ana Prueba Ficticia"},
        secretaria_tecnica={"responsable": {"nombre": "Eva Prueba Ficticia"}},
        integrantes=ejemplo["integrantes"][:1],
    )
    (carpeta / "instancia.yaml").write_text(yaml.safe_dump(perfil, allow_unicode=True), encoding="utf-8")
    editar_yaml(carpeta / "informe.yaml", numero="001-2026", fecha="2026-02-10")
    r = ejecutar("generar", carpeta / "informe.yaml", "-o", tmp_path / "salida")
    assert r.exit_code == 0, r.output
    texto = texto_docx(next((tmp_path / "salida").glob("*.docx")))
    assert "Pisac" in texto
    for ajeno in ("Chota", "Lima Metropolitana", "Mesa Provincial"):
        assert ajeno not in texto


# --- 2. Ninguna entrada produce una traza --------------------------------------------------


def test_alterno_ausente_del_directorio_es_un_error_claro_no_una_traza(copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    perfil = yaml.safe_load((carpeta / "instancia.yaml").read_text(encoding="utf-8"))
    juzgado = next(m for m in perfil["integrantes"] if m["entidad"] == "Juzgado de Paz de Lajas")
    del juzgado["alterno"]
    editar_yaml(carpeta / "instancia.yaml", integrantes=perfil["integrantes"])
    r = ejecutar("validar", carpeta / "acta-instalacion.yaml")
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit)
    assert "campo «asistencia[10].asiste»: «Juzgado de Paz de Lajas» no tiene alterno/a en el directorio" in r.output


def _ordenes(grupo, prefijo=()):
    for nombre, orden in grupo.commands.items():
        if hasattr(orden, "commands"):
            yield from _ordenes(orden, (*prefijo, nombre))
        else:
            yield (*prefijo, nombre), orden


ARGUMENTOS = {  # lo mínimo para que click acepte la orden y llegue a ejecutarla
    ("listar",): [],
    ("integrantes",): ["distrital"],
    ("nuevo",): ["ordenanza", "--nivel", "distrital"],
    ("validar",): ["r.yaml"],
    ("generar",): ["r.yaml"],
    ("ejemplos",): [],
    ("lote",): ["t.csv"],
    ("expediente",): ["a.pdf", "-o", "e.pdf"],
    ("revisar",): ["d.docx"],
    ("plantilla", "revisar"): ["ordenanza"],
    ("estado",): ["."],
    ("web",): [".", "--no-abrir"],
}


def test_la_tabla_de_argumentos_cubre_todas_las_ordenes():
    assert {r for r, _ in _ordenes(principal)} == set(ARGUMENTOS)


@pytest.mark.parametrize("ruta", sorted(ARGUMENTOS), ids=" ".join)
def test_un_error_inesperado_sale_en_espanol_sin_traza(ruta, monkeypatch):
    orden = dict(_ordenes(principal))[ruta]

    def fallar(*args, **kwargs):
        raise KeyError("clave-interna")

    monkeypatch.setattr(orden, "callback", fallar)
    monkeypatch.delenv("GENERADOR_DEPURAR", raising=False)
    r = ejecutar(*ruta, *ARGUMENTOS[ruta])
    assert isinstance(r.exception, SystemExit) and r.exit_code == 3, r.output
    assert (
        f"Error: el programa falló de forma inesperada en «generador {' '.join(ruta)}» "
        "(KeyError: 'clave-interna')" in r.output
    )
    assert "infórmelo" in r.output and "Traceback" not in r.output


def test_un_fallo_interno_profundo_tambien(monkeypatch, tmp_path):
    import generador.validacion as validacion

    def fallar(*args, **kwargs):
        return None.get("x")

    monkeypatch.setattr(validacion, "validar_datos", fallar)
    r = ejecutar("generar", EJEMPLOS / "distrital" / "ordenanza.yaml", "-o", tmp_path)
    assert r.exit_code == 3 and "AttributeError: 'NoneType' object has no attribute 'get'" in r.output
    assert list(tmp_path.iterdir()) == []


def test_un_error_del_sistema_de_archivos_se_explica(monkeypatch, tmp_path):
    import generador.cli as cli

    def fallar(*args, **kwargs):
        raise PermissionError(13, "Permiso denegado", str(tmp_path / "x.yaml"))

    monkeypatch.setattr(cli, "validar_ruta", fallar)
    r = ejecutar("validar", tmp_path / "x.yaml")
    assert r.exit_code == 1 and "no se pudo leer o escribir un archivo" in r.output
    assert "x.yaml" in r.output and "Permiso denegado" in r.output


# --- 5. Las marcas «[COMPLETAR: …]» salen resaltadas en amarillo, y solo ellas ----------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _runs(docx_bytes: bytes) -> list[tuple[str, str | None, bool]]:
    """(texto, resaltado, negrita) de cada run de cuerpo, encabezados y pies del .docx."""
    import io

    salida = []
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        for nombre in z.namelist():
            if nombre.startswith(("word/document", "word/header", "word/footer")) and nombre.endswith(".xml"):
                for r in etree.fromstring(z.read(nombre)).iter(f"{W}r"):
                    texto = "".join(t.text or "" for t in r.iter(f"{W}t"))
                    resaltado = r.find(f"{W}rPr/{W}highlight")
                    salida.append(
                        (
                            texto,
                            None if resaltado is None else resaltado.get(f"{W}val"),
                            r.find(f"{W}rPr/{W}b") is not None,
                        )
                    )
    return salida


def _documento_con_pendientes() -> bytes:
    """La ordenanza regional del Callao como la arma un lote territorial, con datos pendientes."""
    from generador import territorio
    from generador.generacion import producir
    from generador.pendientes import rellenar
    from generador.respuestas import ArchivoYaml
    from generador.validacion import validar_datos

    perfil = next(p for p in territorio.instancias("Callao", "regional"))
    perfil, _ = rellenar(perfil, preguntas_perfil(), "regional")
    respuestas, _ = rellenar({}, catalogo()["ordenanza"].preguntas, "regional")
    archivo = ArchivoYaml(Path("fila"), {"documento": "ordenanza", "instancia": perfil, **respuestas})
    return producir(validar_datos(archivo))


def test_las_marcas_pendientes_se_resaltan_en_amarillo_y_solo_ellas():
    runs = _runs(_documento_con_pendientes())
    marcas = [r for r in runs if "[COMPLETAR:" in r[0]]
    assert len(marcas) >= 5
    assert all(r[1] == "yellow" and r[0].startswith("[COMPLETAR: ") and r[0].endswith("]") for r in marcas)
    assert [r for r in runs if r[1] is not None and "[COMPLETAR:" not in r[0]] == []
    # el texto no cambia: las marcas siguen en su lugar dentro de la oración
    texto = "".join(r[0] for r in runs)
    assert "[COMPLETAR: fecha de la ordenanza]" in texto and "GOBIERNO REGIONAL DEL CALLAO" in texto


def test_el_resaltado_parte_el_run_sin_perder_formato_ni_texto(tmp_path):
    import docx

    from generador.pendientes import Pendiente
    from generador.renderizado import renderizar

    plantilla = docx.Document()
    p = plantilla.add_paragraph("Ordenanza N° ")
    negrita = p.add_run("{{ numero }} del {{ fecha }}, y {{ otro }} & fin")
    negrita.bold = True
    plantilla.sections[0].header.paragraphs[0].text = "Encabezado {{ numero }}"
    ruta = tmp_path / "p.docx"
    plantilla.save(ruta)
    hecho = renderizar(ruta, {"numero": Pendiente("número"), "fecha": "15 de marzo", "otro": Pendiente("x")})
    assert "Ordenanza N° [COMPLETAR: número] del 15 de marzo, y [COMPLETAR: x] & fin" in hecho.parrafos
    runs = _runs(hecho.datos)
    assert ("[COMPLETAR: número]", "yellow", True) in runs
    assert (" del 15 de marzo, y ", None, True) in runs
    assert ("[COMPLETAR: x]", "yellow", True) in runs and (" & fin", None, True) in runs
    assert ("Ordenanza N° ", None, False) in runs
    assert sum(1 for r in runs if r[1] == "yellow") == 3  # dos en el cuerpo, una en el encabezado
    leido = docx.Document(io_bytes(hecho.datos))
    assert leido.paragraphs[0].text.startswith("Ordenanza N° [COMPLETAR: número] del")


def io_bytes(datos: bytes):
    import io

    return io.BytesIO(datos)


# --- 4. El lugar, contra el ubigeo del INEI incluido ---------------------------------------


def _perfil(carpeta: Path, **cambios) -> Path:
    return editar_yaml(carpeta / "instancia.yaml", **cambios)


@pytest.mark.parametrize(
    "cambios,mensaje",
    [
        (
            {"distrito": "Pisac", "ubigeo": "080404"},
            "campo «ubigeo»: el ubigeo 080404 es el de Lares (Calca, Cusco), no el de Pisac (Calca, Cusco); "
            "el de Pisac (Calca, Cusco) es 080405",
        ),
        (
            {"distrito": "Pisaq", "ubigeo": None},
            "campo «distrito»: «Pisaq» no es un distrito de Calca (Cusco) según el ubigeo del INEI; ¿quiso decir «Pisac»?",
        ),
        (
            {"distrito": "Pisac", "ubigeo": "99"},
            "campo «ubigeo»: el ubigeo «99» no existe en el ubigeo del INEI; el de Pisac (Calca, Cusco) es 080405",
        ),
        (
            {"provincia": "Chota", "distrito": "Lajas", "ubigeo": None},
            "campo «provincia»: «Chota» no es una provincia de Cusco según el ubigeo del INEI: «Chota» está en "
            "Cajamarca; revise el departamento",
        ),
    ],
    ids=["ubigeo-de-otro-distrito", "pisaq", "ubigeo-99", "provincia-de-otro-departamento"],
)
def test_el_lugar_se_comprueba_contra_el_ubigeo(cambios, mensaje, copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    _perfil(carpeta, **{"departamento": "Cusco", "provincia": "Calca", **cambios})
    r = ejecutar("validar", carpeta / "ordenanza.yaml")
    assert r.exit_code == 1, r.output
    assert "instancia.yaml, línea" in r.output and mensaje in r.output


def test_un_lugar_bien_escrito_pero_sin_tildes_se_acepta_con_la_grafia_oficial(copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    _perfil(carpeta, departamento="cajamarca")
    r = ejecutar("validar", carpeta / "ordenanza.yaml")
    assert r.exit_code == 0, r.output
    assert "el nombre oficial en el ubigeo del INEI es «Cajamarca» (se escribió «cajamarca»)" in r.output


def test_un_perfil_de_puno_con_el_directorio_de_chota_avisa(copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    _perfil(carpeta, departamento="Puno", provincia="Puno", ubigeo="2101")
    r = ejecutar("validar", carpeta / "ordenanza.yaml")
    assert r.exit_code == 0, r.output
    assert "Aviso: " in r.output and "el directorio nombra Chota (Cajamarca), fuera de Puno (Puno)" in r.output
    assert "«Municipalidad Provincial de Chota»" in r.output
    r = ejecutar("validar", "--estricto", carpeta / "ordenanza.yaml")
    assert r.exit_code == 1
    # el directorio propio (Chota en Cajamarca) no avisa nada
    r = ejecutar("validar", EJEMPLOS / "provincial" / "ordenanza.yaml")
    assert r.exit_code == 0 and "Aviso" not in r.output


def test_el_numero_de_la_ordenanza_distinto_del_perfil_avisa(copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    editar_yaml(carpeta / "ordenanza.yaml", numero="013-2026-MPCH")
    r = ejecutar("validar", carpeta / "ordenanza.yaml")
    assert r.exit_code == 0
    assert (
        "campo «numero»: aquí es «013-2026-MPCH», pero el perfil de la instancia "
        "registra «012-2026-MPCH» (instancia → ordenanza → numero)"
    ) in r.output
    assert ejecutar("validar", "--estricto", carpeta / "ordenanza.yaml").exit_code == 1


def test_un_solo_lugar_compone_el_nombre_del_lugar():
    import generador

    raiz = Path(generador.__file__).parent
    for archivo in raiz.rglob("*.py"):
        if archivo.name != "lugar.py":
            assert 'get("ambito_nombre") or' not in archivo.read_text(encoding="utf-8"), archivo


# --- Mensajes: un perfil solo, y carpetas en validar / generar -----------------------------


def test_validar_un_perfil_solo(copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    r = ejecutar("validar", carpeta / "instancia.yaml")
    assert r.exit_code == 0, r.output
    assert f"{carpeta / 'instancia.yaml'}: perfil de la instancia válido (nivel distrital)." in r.output
    _perfil(carpeta, distrito="Lajaz")
    linea = next(
        i
        for i, l in enumerate((carpeta / "instancia.yaml").read_text(encoding="utf-8").splitlines(), 1)
        if l.startswith("distrito:")
    )
    r = ejecutar("validar", carpeta / "instancia.yaml")
    assert r.exit_code == 1 and "falta el campo «documento»" not in r.output
    assert "campo «distrito»: «Lajaz» no es un distrito de Chota (Cajamarca)" in r.output
    assert "¿quiso decir «Lajas»?" in r.output and f"instancia.yaml, línea {linea}" in r.output


def test_validar_una_carpeta_valida_cada_archivo_con_un_resumen(copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    editar_yaml(carpeta / "ordenanza.yaml", fecha="2026-13-10")
    r = ejecutar("validar", carpeta)
    assert r.exit_code == 1
    lineas = r.output.splitlines()
    validos = [l for l in lineas if l.startswith("✓ ")]
    total = len([p for p in carpeta.rglob("*.yaml") if p.name != "instancia.yaml"])
    assert len(validos) == total - 1
    # en una carpeta de instancia, en el orden de su vida: el informe sustentatorio antes de la
    # instalación, y las sesiones por fecha (29/05, 19/06, 10/07, 18/09)
    nombres = (
        "informe-sustentatorio",
        "acta-instalacion",
        "sesiones/2026-05-29-ordinaria",
        "sesiones/2026-06-19-ordinaria",
        "sesiones/2026-07-10-extraordinaria",
        "sesiones/2026-09-18-ordinaria",
    )
    orden = [n for linea in validos for n in nombres if f"/{n}.yaml:" in linea]
    assert orden == list(nombres)
    assert any(l.startswith("✗ ") and "ordenanza.yaml" in l and "campo «fecha»" in l for l in lineas)
    assert f"{total - 1} válidos, 1 con error (de {total} en" in r.output


def test_generar_una_carpeta_genera_cada_archivo(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    for archivo in carpeta.rglob("*.yaml"):  # quedan el perfil y tres documentos
        if archivo.stem not in ("instancia", "ordenanza", "informe-sustentatorio", "acta-instalacion"):
            archivo.unlink()
    editar_yaml(carpeta / "acta-instalacion.yaml", hora_inicio="25:00")
    salida = tmp_path / "salida"
    r = ejecutar("generar", carpeta, "-o", salida)
    assert r.exit_code == 1
    assert "2 archivos generados, 1 con error (de 3 en" in r.output
    assert "✗ " in r.output and "acta-instalacion.yaml" in r.output and "campo «hora_inicio»" in r.output
    assert sorted(p.name for p in salida.iterdir()) == [
        "informe-sustentatorio_provincial_Chota.docx",
        "ordenanza_provincial_Chota.docx",
    ]
    assert "ORDENANZA MUNICIPAL" in texto_docx(salida / "ordenanza_provincial_Chota.docx")


def test_una_carpeta_sin_respuestas_se_explica(tmp_path):
    (tmp_path / "instancia.yaml").write_text("nivel: distrital\n", encoding="utf-8")
    for orden in ("validar", "generar"):
        r = ejecutar(orden, tmp_path)
        assert r.exit_code == 1 and "no hay archivos de respuestas" in r.output


def test_toda_instancia_del_territorio_pasa_la_comprobacion_del_lugar():
    from generador import territorio
    from generador.lugar import comprobar

    perfiles = territorio.instancias()
    assert len(perfiles) > 1800
    assert [(p, comprobar(p)) for p in perfiles if comprobar(p) != ([], [])] == []
