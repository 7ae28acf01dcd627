"""The fixed words of the sheets, the checklist and the event descriptions, in the person's language.

Templates mark them with ``_("...")`` (Jinja's i18n extension); dates come from pendulum
(``prepctl.model.display``). A language without a catalog here keeps these words in English and
still gets its weekday and month names. The plan's own text is never translated.
"""

from __future__ import annotations

from collections.abc import Callable

CATALOGS: dict[str, dict[str, str]] = {
    "de": {
        "%(count)s dropped": "%(count)s weggelassen",
        "%(hours)s in the plan": "%(hours)s im Plan",
        "%(sessions)s in %(weeks)s weeks: %(scheduled)s of the plan's %(planned)s":
            "%(sessions)s in %(weeks)s Wochen: %(scheduled)s von %(planned)s im Plan",
        "%(sessions)s sessions, %(time)s": "%(sessions)s Einheiten, %(time)s",
        "%(time)s this week": "%(time)s in dieser Woche",
        "%(weekday)s on weekdays, %(weekend)s on weekend days": "%(weekday)s an Werktagen, %(weekend)s am Wochenende",
        "%(weekday)s on weekdays, %(weekend)s on weekends": "%(weekday)s an Werktagen, %(weekend)s am Wochenende",
        "(continued)": "(Fortsetzung)",
        "(part %(part)s of %(parts)s)": "(Teil %(part)s von %(parts)s)",
        "Appendix": "Anhang",
        "Daily time in the plan:": "Tägliche Zeit im Plan:",
        "Dates": "Zeitraum",
        "Done before this schedule:": "Vor diesem Zeitplan erledigt:",
        "Dropped (missed, not rescheduled; tick one if you catch up on it):":
            "Weggelassen (verpasst, nicht neu eingeplant; abhaken, wenn du es nachholst):",
        "Dropped": "Weggelassen",
        "Duration": "Dauer",
        "Focus area": "Schwerpunkt",
        "Focus": "Schwerpunkt",
        "Focus:": "Schwerpunkt:",
        "Goal:": "Ziel:",
        "Grey bar: share of scheduled time. Black line: the plan's target share.":
            "Grauer Balken: Anteil der eingeplanten Zeit. Schwarze Linie: Zielanteil des Plans.",
        "Hours in the plan": "Stunden im Plan",
        "Hours": "Stunden",
        "Interview rounds": "Interviewrunden",
        "No study planned": "Nichts geplant",
        "Notes": "Notizen",
        "Roles": "Rollen",
        "Round": "Runde",
        "Scenario questions": "Szenariofragen",
        "Scheduled hours by focus area against the plan's target shares":
            "Eingeplante Stunden je Schwerpunkt gegenüber den Zielanteilen des Plans",
        "Sessions": "Einheiten",
        "Skills to cover": "Themen, die du abdecken solltest",
        "Skipped": "Ausgelassen",
        "Study plan": "Lernplan",
        "Target share": "Zielanteil",
        "The split follows the plan's own day-by-day blocks; the targets are the plan's overall breakdown by skill.":
            "Die Aufteilung folgt den Tagesblöcken des Plans; die Ziele sind seine Gesamtaufteilung nach Fähigkeiten.",
        "Tick a task by writing `[x]`. `prepctl progress %(file)s` shows where you stand.":
            "Hake eine Aufgabe mit `[x]` ab. `prepctl progress %(file)s` zeigt, wo du stehst.",
        "Time by focus area": "Zeit je Schwerpunkt",
        "Time zone": "Zeitzone",
        "Week %(number)s": "Woche %(number)s",
        "Week goal:": "Wochenziel:",
        "any time": "jederzeit",
        "as planned": "wie geplant",
        "as the plan gives them": "wie im Plan",
        "danger": "Achtung",
        "done": "erledigt",
        "missed, not rescheduled": "verpasst, nicht neu eingeplant",
        "note": "Hinweis",
        "target": "Ziel",
        "the plan's time × %(scale)s": "die Zeit des Plans × %(scale)s",
        "tip": "Tipp",
        "warning": "Warnung",
    },
    "fr": {
        "%(count)s dropped": "%(count)s abandonnés",
        "%(hours)s in the plan": "%(hours)s dans le plan",
        "%(sessions)s in %(weeks)s weeks: %(scheduled)s of the plan's %(planned)s":
            "%(sessions)s en %(weeks)s semaines : %(scheduled)s sur les %(planned)s du plan",
        "%(sessions)s sessions, %(time)s": "%(sessions)s séances, %(time)s",
        "%(time)s this week": "%(time)s cette semaine",
        "%(weekday)s on weekdays, %(weekend)s on weekend days": "%(weekday)s en semaine, %(weekend)s le week-end",
        "%(weekday)s on weekdays, %(weekend)s on weekends": "%(weekday)s en semaine, %(weekend)s le week-end",
        "(continued)": "(suite)",
        "(part %(part)s of %(parts)s)": "(partie %(part)s sur %(parts)s)",
        "Appendix": "Annexe",
        "Daily time in the plan:": "Temps quotidien du plan :",
        "Dates": "Dates",
        "Done before this schedule:": "Fait avant ce planning :",
        "Dropped (missed, not rescheduled; tick one if you catch up on it):":
            "Abandonnés (manqués, non replanifiés ; cochez-en un si vous le rattrapez) :",
        "Dropped": "Abandonnés",
        "Duration": "Durée",
        "Focus area": "Domaine",
        "Focus": "Domaine",
        "Focus:": "Domaine :",
        "Goal:": "Objectif :",
        "Grey bar: share of scheduled time. Black line: the plan's target share.":
            "Barre grise : part du temps planifié. Trait noir : part visée par le plan.",
        "Hours in the plan": "Heures dans le plan",
        "Hours": "Heures",
        "Interview rounds": "Tours d'entretien",
        "No study planned": "Rien de prévu",
        "Notes": "Notes",
        "Roles": "Postes",
        "Round": "Tour",
        "Scenario questions": "Questions de mise en situation",
        "Scheduled hours by focus area against the plan's target shares":
            "Heures planifiées par domaine face aux parts visées par le plan",
        "Sessions": "Séances",
        "Skills to cover": "Compétences à couvrir",
        "Skipped": "Jour sauté",
        "Study plan": "Plan d'étude",
        "Target share": "Part visée",
        "The split follows the plan's own day-by-day blocks; the targets are the plan's overall breakdown by skill.":
            "La répartition suit les blocs jour par jour du plan ; "
            "les objectifs sont sa répartition globale par compétence.",
        "Tick a task by writing `[x]`. `prepctl progress %(file)s` shows where you stand.":
            "Cochez une tâche en écrivant `[x]`. `prepctl progress %(file)s` montre où vous en êtes.",
        "Time by focus area": "Temps par domaine",
        "Time zone": "Fuseau horaire",
        "Week %(number)s": "Semaine %(number)s",
        "Week goal:": "Objectif de la semaine :",
        "any time": "à tout moment",
        "as planned": "comme prévu",
        "as the plan gives them": "comme le plan les donne",
        "danger": "Danger",
        "done": "fait",
        "missed, not rescheduled": "manqués, non replanifiés",
        "note": "Note",
        "target": "visé",
        "the plan's time × %(scale)s": "le temps du plan × %(scale)s",
        "tip": "Astuce",
        "warning": "Attention",
    },
    "es": {
        "%(count)s dropped": "%(count)s descartados",
        "%(hours)s in the plan": "%(hours)s en el plan",
        "%(sessions)s in %(weeks)s weeks: %(scheduled)s of the plan's %(planned)s":
            "%(sessions)s en %(weeks)s semanas: %(scheduled)s de las %(planned)s del plan",
        "%(sessions)s sessions, %(time)s": "%(sessions)s sesiones, %(time)s",
        "%(time)s this week": "%(time)s esta semana",
        "%(weekday)s on weekdays, %(weekend)s on weekend days":
            "%(weekday)s entre semana, %(weekend)s en fin de semana",
        "%(weekday)s on weekdays, %(weekend)s on weekends": "%(weekday)s entre semana, %(weekend)s en fin de semana",
        "(continued)": "(continuación)",
        "(part %(part)s of %(parts)s)": "(parte %(part)s de %(parts)s)",
        "Appendix": "Anexo",
        "Daily time in the plan:": "Tiempo diario del plan:",
        "Dates": "Fechas",
        "Done before this schedule:": "Hecho antes de este calendario:",
        "Dropped (missed, not rescheduled; tick one if you catch up on it):":
            "Descartados (perdidos, sin reprogramar; márcalo si lo recuperas):",
        "Dropped": "Descartados",
        "Duration": "Duración",
        "Focus area": "Área",
        "Focus": "Área",
        "Focus:": "Área:",
        "Goal:": "Objetivo:",
        "Grey bar: share of scheduled time. Black line: the plan's target share.":
            "Barra gris: parte del tiempo programado. Línea negra: parte objetivo del plan.",
        "Hours in the plan": "Horas en el plan",
        "Hours": "Horas",
        "Interview rounds": "Rondas de entrevista",
        "No study planned": "Nada previsto",
        "Notes": "Notas",
        "Roles": "Puestos",
        "Round": "Ronda",
        "Scenario questions": "Preguntas de escenario",
        "Scheduled hours by focus area against the plan's target shares":
            "Horas programadas por área frente a las partes objetivo del plan",
        "Sessions": "Sesiones",
        "Skills to cover": "Habilidades a cubrir",
        "Skipped": "Día omitido",
        "Study plan": "Plan de estudio",
        "Target share": "Parte objetivo",
        "The split follows the plan's own day-by-day blocks; the targets are the plan's overall breakdown by skill.":
            "El reparto sigue los bloques día a día del plan; los objetivos son su reparto global por habilidad.",
        "Tick a task by writing `[x]`. `prepctl progress %(file)s` shows where you stand.":
            "Marca una tarea escribiendo `[x]`. `prepctl progress %(file)s` muestra cómo vas.",
        "Time by focus area": "Tiempo por área",
        "Time zone": "Zona horaria",
        "Week %(number)s": "Semana %(number)s",
        "Week goal:": "Objetivo de la semana:",
        "any time": "en cualquier momento",
        "as planned": "según el plan",
        "as the plan gives them": "según el plan",
        "danger": "Peligro",
        "done": "hecho",
        "missed, not rescheduled": "perdidos, sin reprogramar",
        "note": "Nota",
        "target": "objetivo",
        "the plan's time × %(scale)s": "el tiempo del plan × %(scale)s",
        "tip": "Consejo",
        "warning": "Aviso",
    },
}


def translator(locale: str) -> Callable[[str], str]:
    """The words of ``locale`` (``de``, ``de_AT`` and ``de-CH`` alike); English where none."""
    catalog = CATALOGS.get(locale.replace("-", "_").split("_")[0].lower(), {})
    return lambda message: catalog.get(message, message)
