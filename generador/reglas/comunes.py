"""Reglas comunes a varios documentos (fechas, asistencia, quórum, modalidad)."""

from __future__ import annotations

from ..calculos.comunes import asistencia as calcular_asistencia
from ..registro import regla


@regla("horario")
def horario(r) -> None:
    """La hora de término, si se da, es posterior a la de inicio."""
    inicio, fin = r.datos.get("hora_inicio"), r.datos.get("hora_fin")
    if inicio and fin and fin <= inicio:
        r.error(("hora_fin",), f"la hora de término ({fin:%H:%M}) debe ser posterior a la de inicio ({inicio:%H:%M})")


@regla("posterior_a_ordenanza")
def posterior_a_ordenanza(r) -> None:
    """La sesión no puede ser anterior a la ordenanza de creación."""
    ordenanza = r.perfil.get("ordenanza")
    fecha = r.datos.get("fecha")
    if ordenanza and fecha and fecha < ordenanza["fecha"]:
        r.error(("fecha",), f"la sesión ({fecha:%d/%m/%Y}) no puede ser anterior a la ordenanza de creación ({ordenanza['fecha']:%d/%m/%Y})")


@regla("ordenanza_aprobada")
def ordenanza_aprobada(r) -> None:
    """Documentos posteriores a la creación necesitan el número y la fecha de la ordenanza."""
    if not r.perfil.get("ordenanza"):
        r.error(("instancia",), "el perfil no tiene «ordenanza» (número y fecha): este documento es posterior a la creación")


@regla("asistencia")
def asistencia(r) -> None:
    """Cada institución del directorio tiene su asistencia indicada, una sola vez."""
    directorio = r.perfil.get("integrantes") or []
    if not directorio:
        r.error(("instancia",), "el perfil no tiene «integrantes» (el directorio): sin él no se puede registrar la asistencia ni el quórum")
        return
    entidades = {m["entidad"] for m in directorio}
    vistas: set[str] = set()
    for i, fila in enumerate(r.datos.get("asistencia") or []):
        entidad = fila["entidad"]
        if entidad not in entidades:
            r.error(("asistencia", i, "entidad"), f"«{entidad}» no está en el directorio del perfil; entidades: {'; '.join(sorted(entidades))}")
        elif entidad in vistas:
            r.error(("asistencia", i, "entidad"), f"«{entidad}» aparece dos veces")
        vistas.add(entidad)
        if fila["asiste"] == "alterno" and not _miembro(directorio, entidad, "alterno"):
            r.error(("asistencia", i, "asiste"), f"«{entidad}» no tiene alterno/a en el directorio")
    for entidad in sorted(entidades - vistas):
        r.error(("asistencia",), f"falta indicar la asistencia de «{entidad}» (titular, alterno o ausente)")


def _miembro(directorio: list[dict], entidad: str, campo: str):
    return next((m.get(campo) for m in directorio if m["entidad"] == entidad), None)


@regla("modalidad")
def modalidad(r) -> None:
    """Presencial pide local; virtual pide plataforma."""
    if r.datos.get("modalidad") == "presencial" and not r.datos.get("local"):
        r.error(("modalidad",), "la sesión es presencial: indique el «local»")
    if r.datos.get("modalidad") == "virtual" and not r.datos.get("plataforma"):
        r.error(("modalidad",), "la sesión es virtual: indique la «plataforma» y el enlace")


@regla("quorum_exigido")
def quorum_exigido(r) -> None:
    """Sin quórum (mitad más uno del directorio) no se redacta un acta que lo afirme."""
    a = calcular_asistencia(r, {})["asistencia"]   # el mismo cálculo que imprime el acta
    if a["total"] and not a["hay_quorum"]:
        r.error(("asistencia",), f"no hay quórum: asisten {a['numero_presentes']} de {a['total']} integrantes y se "
                                 f"requieren {a['quorum_requerido']} (mitad más uno); el acta no puede afirmar que se instaló")


# Feriados nacionales de fecha fija (Perú); los móviles (Jueves y Viernes Santo) no se calculan.
_FERIADOS_FIJOS = {(1, 1), (5, 1), (6, 7), (6, 29), (7, 23), (7, 28), (7, 29), (8, 6), (8, 30),
                   (10, 8), (11, 1), (12, 8), (12, 9), (12, 25)}


@regla("fecha_dia_habil")
def fecha_dia_habil(r) -> None:
    """Aviso si la fecha del documento cae en sábado, domingo o feriado nacional de fecha fija."""
    fecha = r.datos.get("fecha")
    if not hasattr(fecha, "weekday"):
        return
    if fecha.weekday() >= 5:
        dia = "sábado" if fecha.weekday() == 5 else "domingo"
        r.aviso(("fecha",), f"la fecha ({fecha:%d/%m/%Y}) es {dia}, no es día hábil: revísela")
    elif (fecha.month, fecha.day) in _FERIADOS_FIJOS:
        r.aviso(("fecha",), f"la fecha ({fecha:%d/%m/%Y}) es feriado nacional, no es día hábil: revísela")
