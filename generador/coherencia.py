"""Coherencia entre un documento y el perfil de su instancia (lo que ningún campo solo revela).

Los hechos que un documento comparte con el perfil los declara su manifiesto en `al_perfil`
(la ordenanza: su número y su fecha son los de la creación en el perfil).
"""

from __future__ import annotations

from .pendientes import es_pendiente


def _texto(valor) -> str:
    return valor.strftime("%d/%m/%Y") if hasattr(valor, "strftime") else str(valor)


def comprobar_ordenanza(r) -> None:
    """Aviso si el documento no lleva los mismos hechos que el perfil ya registra."""
    for clave, campos in r.manifiesto.al_perfil.items():
        registrada = r.perfil.get(clave)
        if not registrada:
            continue
        for en_perfil, propio_campo in campos.items():
            propio, del_perfil = r.datos.get(propio_campo), registrada.get(en_perfil)
            if propio is None or del_perfil is None or es_pendiente(propio) or es_pendiente(del_perfil):
                continue
            if propio != del_perfil:
                r.aviso(
                    (propio_campo,),
                    f"aquí es «{_texto(propio)}», pero el perfil de la "
                    f"instancia registra «{_texto(del_perfil)}» (instancia → {clave} → {en_perfil}): "
                    f"use el mismo en ambos, o quite «{clave}» del perfil mientras sea un proyecto",
                )
