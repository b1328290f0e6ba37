"""Spanish page chrome (Spain and Latin America). Written from the layouts of Spanish-language news sites:
"Tiempo de lectura: 5 min", "Publicado el 3 de mayo de 2024", "Lee también", "Suscríbete", "Aviso legal"."""

from newsdesk.extract.locales.base import Locale

TABLE = Locale(
    code="es",
    name="español",
    reading_time_labels=("tiempo de lectura", "lectura"),
    reading_time_suffixes=("de lectura", "lectura"),
    minute_words=("min", "minuto", "minutos"),
    related_prefixes=(
        "lee también", "lea también", "leer más", "lee además", "te puede interesar", "le puede interesar",
        "ver también", "noticia relacionada", "más información",
    ),
    teaser_headings=(
        "lee también", "lea también", "leer más", "te puede interesar", "le puede interesar", "ver también",
        "noticias relacionadas", "noticia relacionada", "artículos relacionados", "contenido relacionado",
        "más leídas", "más leída", "más leídos", "lo más leído", "lo más visto", "te puede gustar",
        "también te puede gustar", "te podría gustar", "también te podría gustar", "quizás te interese",
        "recomendados", "recomendado para ti", "últimas noticias",
    ),
    section_prefixes=("más noticias de", "lo último en", "más sobre"),
    comment_words=("comentario", "comentarios"),
    reply_words=("respuestas", "reacciones"),
    comment_prompts=(
        "deja un comentario", "dejar un comentario", "escribe un comentario", "añadir comentario", "ver comentarios",
        "los comentarios están cerrados", "únete a la conversación",
    ),
    comment_prepositions=("en", "a", "sobre"),
    story_navigation=(
        "anterior", "siguiente", "noticia anterior", "noticia siguiente", "artículo anterior", "artículo siguiente",
        "entrada anterior", "entrada siguiente",
    ),
    tag_headings=("etiquetas", "temas", "archivado en", "tags"),
    end_markers=(
        "newsletter", "síguenos", "volver arriba", "ir arriba", "compartir este artículo", "contenido patrocinado",
        "sobre nosotros",
    ),
    share_words=("compartir", "imprimir", "enviar", "tuitear"),
    share_phrases=(
        "copiar enlace", "enlace copiado", "compartir este artículo", "compartir noticia", "enviar por correo",
    ),
    share_prefixes=("compartir en", "compartir por", "compartir vía", "síguenos en"),
    subscription_buttons=(
        "suscríbete", "suscribirse", "suscríbase", "iniciar sesión", "inicia sesión", "regístrate", "registrarse",
        "acceder", "hazte socio", "hazte suscriptor", "mi cuenta",
    ),
    subscription_prompts=(
        "suscríbete", "suscríbase", "hazte suscriptor", "ya eres suscriptor", "ya soy suscriptor",
        "exclusivo para suscriptores", "solo para suscriptores", "contenido exclusivo para suscriptores",
    ),
    cookie_buttons=(
        "aceptar", "aceptar todo", "aceptar todas", "aceptar cookies", "acepto", "rechazar", "rechazar todo",
        "configurar", "configurar cookies", "configuración de cookies",
    ),
    cookie_prompts=(
        "utilizamos cookies", "usamos cookies", "este sitio utiliza cookies", "utiliza cookies", "uso de cookies",
    ),
    legal_notices=(
        "prohibida su reproducción", "queda prohibida la reproducción", "prohibida la reproducción total o parcial",
    ),
    rights_reserved=("todos los derechos reservados",),
    footer_links=(
        "aviso legal", "política de privacidad", "privacidad", "política de cookies", "contacto", "contáctanos",
        "quiénes somos", "términos y condiciones", "condiciones de uso", "mapa del sitio", "accesibilidad",
    ),
    ad_labels=("publicidad", "anuncio", "contenido patrocinado", "patrocinado"),
    interface_words=(
        "menú", "buscar", "cerrar", "inicio", "portada", "ver más", "cargando", "escuchar noticia",
        "escuchar artículo", "ir al contenido", "saltar al contenido", "continúa leyendo", "sigue leyendo",
    ),
    headline_ui_words=(
        "compartir", "síguenos", "imprimir", "suscríbete", "iniciar sesión", "haz clic", "newsletter", "menú",
        "comentarios", "descargar", "publicidad", "leer más", "lee también",
    ),
    photo_labels=("foto", "imagen", "fotografía", "ilustración"),
    credit_labels=("fuente", "crédito", "créditos"),
    footer_terms=(
        "aviso legal", "privacidad", "cookies", "suscripción", "publicidad", "nuestros lectores",
        "nuestra redacción", "contacto", "newsletter",
    ),
    published_labels=("publicado", "publicado el", "publicada", "fecha de publicación"),
    updated_labels=("actualizado", "actualizado el", "actualizada", "última actualización", "modificado"),
    today_labels=("hoy", "hoy es"),
    ago_before=("hace",),
    one_words=("un", "una"),
    time_units=(
        "segundo", "segundos", "minuto", "minutos", "min", "hora", "horas", "h", "día", "días", "semana", "semanas",
        "mes", "meses", "año", "años",
    ),
    byline_prefixes=("por", "texto", "autor", "autora", "escrito por"),
    author_box_prefixes=("acerca de", "sobre"),
    author_box_headings=("sobre el autor", "sobre la autora", "acerca del autor", "acerca de la autora"),
    name_joiners=("y",),
    name_particles=("de", "del", "la", "los", "las"),
    byline_stop_words=(
        "redacción", "periodista", "corresponsal", "enviado especial", "enviada especial", "redactor", "redactora",
        "columnista", "agencias",
    ),
    byline_classes=("autor", "firma"),
    home_labels=("inicio", "portada"),
    counter_words=("de",),
)  # fmt: skip
