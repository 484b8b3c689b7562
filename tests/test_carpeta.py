"""La carpeta de la instancia: sesiones numeradas por sus fechas, documentos enlazados a la sesión
que los aprobó, oficios solo con el historial que fija el reglamento, `generador estado` con plazos
en días hábiles, y lo que un lote deja en la carpeta de cada instancia."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
import yaml

from generador.estado import calcular_estado

from ayudas import EJEMPLOS, SESION_EXTRAORDINARIA, SESION_ORDINARIA, SESION_SIN_QUORUM, texto_docx


def _acta(carpeta, base: str, nombre: str, **cambios) -> None:
    """Copia un acta de la carpeta de ejemplo distrital a sesiones/ con otros datos."""
    datos = yaml.safe_load((EJEMPLOS / "distrital" / base).read_text(encoding="utf-8"))
    for clave in ("numero", "instancia", "fecha_convocatoria", "oficio", "nueva_convocatoria"):
        datos.pop(clave, None)  # sin número (lo da la carpeta) ni fechas de la copia
    datos.update(cambios)
    (carpeta / "sesiones").mkdir(exist_ok=True)
    (carpeta / "sesiones" / nombre).write_text(
        yaml.safe_dump(datos, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


@pytest.fixture
def carpeta(tmp_path):
    """Una instancia distrital con perfil, ordenanza, instalación y reglamento."""
    c = tmp_path / "lajas"
    c.mkdir()
    for nombre in ("instancia.yaml", "ordenanza.yaml", "acta-instalacion.yaml", "reglamento.yaml"):
        datos = yaml.safe_load((EJEMPLOS / "distrital" / nombre).read_text(encoding="utf-8"))
        datos.pop("instancia", None)
        for clave in ("aprobado_en", "sesion_aprobacion"):
            datos.pop(clave, None)
        (c / nombre).write_text(yaml.safe_dump(datos, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return c


def _fecha_instalacion(carpeta) -> dt.date:
    return dt.date.fromisoformat(
        str(yaml.safe_load((carpeta / "acta-instalacion.yaml").read_text(encoding="utf-8"))["fecha"])
    )


def test_el_numero_de_cada_sesion_sale_de_sus_fechas(cli, carpeta, tmp_path):
    base = _fecha_instalacion(carpeta)
    _acta(carpeta, SESION_ORDINARIA["distrital"], "z-segunda.yaml", fecha=str(base + dt.timedelta(days=70)))
    _acta(carpeta, SESION_ORDINARIA["distrital"], "a-primera.yaml", fecha=str(base + dt.timedelta(days=35)))
    _acta(carpeta, SESION_EXTRAORDINARIA["distrital"], "m-extra.yaml", fecha=str(base + dt.timedelta(days=50)))
    salida = tmp_path / "salida"
    for nombre, esperado in (
        ("a-primera", "I SESIÓN ORDINARIA"),
        ("z-segunda", "II SESIÓN ORDINARIA"),
        ("m-extra", "I SESIÓN EXTRAORDINARIA"),
    ):
        r = cli("generar", carpeta / "sesiones" / f"{nombre}.yaml", "-o", salida)
        assert r.exit_code == 0, r.output
        docx = salida / f"{nombre}_distrital_Lajas.docx"
        assert f"{esperado} {base.year}" in texto_docx(docx)


def test_numero_tecleado_distinto_del_de_la_carpeta_y_dos_sesiones_el_mismo_dia(cli, carpeta):
    base = _fecha_instalacion(carpeta)
    otra = str(base + dt.timedelta(days=35))
    _acta(carpeta, SESION_ORDINARIA["distrital"], "una.yaml", fecha=otra, numero=3)
    r = cli("validar", carpeta / "sesiones" / "una.yaml")
    assert r.exit_code == 1 and "campo «numero»" in r.output
    assert f"por las fechas de la carpeta esta es la sesión ordinaria n.° 1 de {base.year}, no la n.° 3" in r.output
    _acta(carpeta, SESION_ORDINARIA["distrital"], "una.yaml", fecha=otra)
    _acta(carpeta, SESION_ORDINARIA["distrital"], "dos.yaml", fecha=otra)
    r = cli("validar", carpeta / "sesiones" / "dos.yaml")
    assert r.exit_code == 1 and "«una.yaml» es otra sesión ordinaria del mismo día" in r.output


def test_sesion_antes_de_la_instalacion(cli, carpeta):
    base = _fecha_instalacion(carpeta)
    _acta(
        carpeta,
        SESION_ORDINARIA["distrital"],
        "antes.yaml",
        fecha=str(base - dt.timedelta(days=3)),
        fecha_convocatoria=str(base - dt.timedelta(days=10)),
    )
    r = cli("validar", carpeta / "sesiones" / "antes.yaml")
    assert r.exit_code == 1 and "es anterior a la instalación de la instancia" in r.output
    assert "acta-instalacion.yaml" in r.output


def test_documento_enlazado_a_una_sesion_que_no_existe_o_sin_quorum(cli, carpeta):
    reglamento = yaml.safe_load((carpeta / "reglamento.yaml").read_text(encoding="utf-8"))
    reglamento["aprobado_en"] = "sesiones/no-existe.yaml"
    (carpeta / "reglamento.yaml").write_text(yaml.safe_dump(reglamento, allow_unicode=True), encoding="utf-8")
    r = cli("validar", carpeta / "reglamento.yaml")
    assert r.exit_code == 1 and "campo «aprobado_en»" in r.output and "no-existe.yaml" in r.output
    base = _fecha_instalacion(carpeta)
    _acta(carpeta, SESION_SIN_QUORUM["distrital"], "sin.yaml", fecha=str(base + dt.timedelta(days=40)))
    reglamento["aprobado_en"] = "sesiones/sin.yaml"
    (carpeta / "reglamento.yaml").write_text(yaml.safe_dump(reglamento, allow_unicode=True), encoding="utf-8")
    r = cli("validar", carpeta / "reglamento.yaml")
    assert r.exit_code == 1 and "no tuvo quórum: en ella no pudo aprobarse este documento" in r.output


def test_documento_aprobado_cita_su_sesion_sin_teclearla(cli, carpeta, tmp_path):
    base = _fecha_instalacion(carpeta)
    fecha = base + dt.timedelta(days=35)
    _acta(carpeta, SESION_ORDINARIA["distrital"], "ordinaria.yaml", fecha=str(fecha))
    reglamento = yaml.safe_load((carpeta / "reglamento.yaml").read_text(encoding="utf-8"))
    reglamento["aprobado_en"] = "sesiones/ordinaria.yaml"
    (carpeta / "reglamento.yaml").write_text(yaml.safe_dump(reglamento, allow_unicode=True), encoding="utf-8")
    r = cli("generar", carpeta / "reglamento.yaml", "-o", tmp_path / "s")
    assert r.exit_code == 0, r.output
    (docx,) = (tmp_path / "s").glob("reglamento_*.docx")
    from generador.formato import fecha_larga

    assert f"Propuesta aprobada por la Instancia en sesión del {fecha_larga(fecha)}" in texto_docx(docx)
    # y el acta de esa sesión deja constancia de la aprobación, sin teclearla
    r = cli("generar", carpeta / "sesiones" / "ordinaria.yaml", "-o", tmp_path / "s")
    assert r.exit_code == 0, r.output
    acta = texto_docx(tmp_path / "s" / "ordinaria_distrital_Lajas.docx")
    assert "en la presente sesión la Instancia aprobó: Reglamento interno (reglamento.yaml)." in acta


def test_oficio_solo_a_quien_alcanza_el_umbral_del_reglamento(cli, carpeta, tmp_path):
    """Reglamento de ejemplo: 2 inasistencias seguidas o 3 en el año. Una entidad falta a la
    instalación y a la sesión: oficio; otra falta solo a la sesión: sin oficio, con aviso."""
    instalacion = yaml.safe_load((carpeta / "acta-instalacion.yaml").read_text(encoding="utf-8"))
    entidades = [f["entidad"] for f in instalacion["asistencia"]]
    reincidente, primeriza = entidades[-1], entidades[-2]
    for fila in instalacion["asistencia"]:
        fila["asiste"] = "ausente" if fila["entidad"] == reincidente else "titular"
    (carpeta / "acta-instalacion.yaml").write_text(yaml.safe_dump(instalacion, allow_unicode=True), encoding="utf-8")
    asistencia = [
        {"entidad": e, "asiste": "ausente" if e in (reincidente, primeriza) else "titular"} for e in entidades
    ]
    base = _fecha_instalacion(carpeta)
    _acta(
        carpeta,
        SESION_ORDINARIA["distrital"],
        "s.yaml",
        fecha=str(base + dt.timedelta(days=35)),
        asistencia=asistencia,
        oficios_ausentes=True,
        autoridades=[],
    )
    r = cli("generar", carpeta / "sesiones" / "s.yaml", "-o", tmp_path / "o")
    assert r.exit_code == 0, r.output
    oficios = texto_docx(next((tmp_path / "o").glob("*_oficios.docx")))
    assert oficios.count("OFICIO N°") == 1 and reincidente.upper() in oficios.upper()
    assert primeriza.upper() not in oficios.upper()
    assert f"no se dirige oficio a {primeriza}: aún no alcanzan el umbral" in r.output


def test_carpeta_sin_perfil(cli, tmp_path):
    r = cli("estado", tmp_path)
    assert r.exit_code == 1 and "la carpeta no tiene instancia.yaml" in r.output


def test_estado_plazos_en_dias_habiles_con_feriados(cli, carpeta, tmp_path):
    """Ordenanza del ejemplo distrital; los plazos se cuentan desde su publicación (o su fecha),
    sin sábados, domingos ni feriados (holidays, PE). Contados a mano en el calendario de 2026."""
    perfil = yaml.safe_load((carpeta / "instancia.yaml").read_text(encoding="utf-8"))
    perfil["ordenanza"]["publicacion"] = "2026-04-24"  # viernes
    perfil["dias_no_laborables"] = ["2026-05-04"]  # lunes decretado no laborable
    (carpeta / "instancia.yaml").write_text(yaml.safe_dump(perfil, allow_unicode=True), encoding="utf-8")
    ordenanza = yaml.safe_load((carpeta / "ordenanza.yaml").read_text(encoding="utf-8"))
    ordenanza.update(plazo_designacion_dias=5, plazo_instalacion_dias=10)
    (carpeta / "ordenanza.yaml").write_text(yaml.safe_dump(ordenanza, allow_unicode=True), encoding="utf-8")
    estado = calcular_estado(carpeta, hoy=dt.date(2026, 4, 27))
    plazos = {e.nombre: e.plazo for e in estado.etapas}
    # 5 días hábiles desde el viernes 24: 27, 28, 29, 30 de abril (1 de mayo, feriado), 5 de mayo
    # (el 4 es no laborable)
    assert plazos["Designación de representantes"] == dt.date(2026, 5, 5)
    # 10 días hábiles: … 5, 6, 7, 8, 11, 12 de mayo
    assert plazos["Instalación en acto público"] == dt.date(2026, 5, 12)
    assert (dt.date(2026, 5, 1), "Día del Trabajo") in estado.feriados
    r = cli("estado", carpeta, "--hoy", "2026-04-27", "--json", "--calendario", tmp_path / "p.ics")
    datos = json.loads(r.output[: r.output.rindex("}") + 1])
    assert datos["hoy"] == "2026-04-27" and datos["etapas"][0]["nombre"] == "Creación por ordenanza"
    ics = (tmp_path / "p.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    reglamento = plazos["Reglamento interno aprobado"]  # pendiente: va al calendario
    assert f"DTSTART;VALUE=DATE:{reglamento:%Y%m%d}" in ics and "SUMMARY:Plazo: Reglamento interno aprobado" in ics


def test_un_lote_deja_carpetas_de_instancia(cli, tmp_path):
    salida = tmp_path / "lote"
    r = cli(
        "lote",
        "--departamento",
        "Amazonas",
        "--nivel",
        "provincial",
        "--documentos",
        "ordenanza",
        "-o",
        salida,
        "--procesos",
        "1",
    )
    assert r.exception is None or isinstance(r.exception, SystemExit)
    perfiles = sorted(salida.rglob("instancia.yaml"))
    assert len(perfiles) == 7  # las 7 provincias de Amazonas
    carpeta = perfiles[0].parent
    assert (carpeta / "ordenanza.yaml").is_file() and (carpeta / "ordenanza.docx").is_file()
    assert yaml.safe_load(perfiles[0].read_text(encoding="utf-8"))["nivel"] == "provincial"
    shutil.rmtree(salida)


def test_la_espera_del_quorum_es_la_del_reglamento(cli, carpeta, tmp_path):
    reglamento = yaml.safe_load((carpeta / "reglamento.yaml").read_text(encoding="utf-8"))
    reglamento["espera_quorum_minutos"] = 45
    (carpeta / "reglamento.yaml").write_text(yaml.safe_dump(reglamento, allow_unicode=True), encoding="utf-8")
    base = _fecha_instalacion(carpeta)
    _acta(
        carpeta,
        SESION_SIN_QUORUM["distrital"],
        "sin.yaml",
        fecha=str(base + dt.timedelta(days=40)),
        espera_quorum_minutos=10,
    )
    r = cli("generar", carpeta / "sesiones" / "sin.yaml", "-o", tmp_path / "s")
    assert r.exit_code == 0, r.output
    texto = texto_docx(tmp_path / "s" / "sin_distrital_Lajas.docx")
    assert "se esperan cuarenta y cinco (45) minutos y se efectúa una segunda verificación" in texto


def test_la_modalidad_de_la_sesion_es_la_que_prevé_el_reglamento(cli, carpeta):
    reglamento = yaml.safe_load((carpeta / "reglamento.yaml").read_text(encoding="utf-8"))
    reglamento["modalidad"] = "presencial"
    (carpeta / "reglamento.yaml").write_text(yaml.safe_dump(reglamento, allow_unicode=True), encoding="utf-8")
    base = _fecha_instalacion(carpeta)
    _acta(
        carpeta,
        SESION_ORDINARIA["distrital"],
        "virtual.yaml",
        fecha=str(base + dt.timedelta(days=35)),
        modalidad="virtual",
        plataforma="Jitsi",
        enlace="https://meet.example/x",
    )
    r = cli("validar", carpeta / "sesiones" / "virtual.yaml")
    assert r.exit_code == 1 and "campo «modalidad»" in r.output
    assert "solo prevé sesiones en modalidad presencial; esta sesión es virtual" in r.output
