"""Portuguese page chrome (Portugal and Brazil). Written from the layouts of Portuguese-language news sites:
"Tempo de leitura: 4 min", "Publicado em 3 de maio de 2024", "Leia também", "Assine", "Todos os direitos
reservados"; Brazilian and European spellings both ("compartilhar" / "partilhar", "atualizado" / "actualizado")."""

from newsdesk.extract.locales.base import Locale

TABLE = Locale(
    code="pt",
    name="português",
    reading_time_labels=("tempo de leitura", "leitura"),
    reading_time_suffixes=("de leitura", "leitura"),
    minute_words=("min", "minuto", "minutos"),
    related_prefixes=(
        "leia também", "leia mais", "leia ainda", "veja também", "veja mais", "saiba mais", "relacionado",
        "relacionada",
    ),
    teaser_headings=(
        "leia também", "leia mais", "veja também", "veja mais", "saiba mais", "notícias relacionadas",
        "notícia relacionada", "artigos relacionados", "matérias relacionadas", "conteúdo relacionado",
        "mais lidas", "mais lidos", "as mais lidas", "os mais lidos", "mais vistos", "mais vistas",
        "últimas notícias", "você pode gostar", "você também pode gostar", "voce pode gostar",
        "voce também pode gostar", "você pode se interessar", "você também pode se interessar",
        "você poderá gostar", "você poderá se interessar", "pode lhe interessar", "também pode lhe interessar",
        "recomendados", "recomendados para você",
    ),
    section_prefixes=("mais notícias de", "últimas notícias de"),
    comment_words=("comentário", "comentários"),
    reply_words=("respostas", "reações"),
    comment_prompts=(
        "deixe um comentário", "deixe seu comentário", "deixe o seu comentário", "escreva um comentário",
        "adicionar comentário", "ver comentários", "os comentários estão fechados", "participe da discussão",
    ),
    comment_prepositions=("em", "a", "para", "sobre"),
    story_navigation=(
        "anterior", "próximo", "próxima", "artigo anterior", "próximo artigo", "notícia anterior",
        "próxima notícia", "post anterior", "próximo post",
    ),
    tag_headings=("tags", "etiquetas", "temas", "assuntos", "palavras-chave"),
    end_markers=(
        "newsletter", "siga-nos", "voltar ao topo", "topo", "compartilhe esta notícia", "partilhe este artigo",
        "conteúdo patrocinado", "quem somos",
    ),
    share_words=("partilhar", "compartilhar", "compartilhe", "partilhe", "imprimir", "enviar"),
    share_phrases=(
        "copiar link", "copiar o link", "link copiado", "compartilhar notícia", "enviar por e-mail",
        "enviar por email",
    ),
    share_prefixes=(
        "compartilhar no", "compartilhar na", "compartilhe no", "partilhar no", "partilhar na", "partilhe no",
        "compartilhar via", "compartilhar por", "partilhar por", "siga-nos no",
    ),
    subscription_buttons=(
        "assine", "assine já", "assine agora", "assinar", "entrar", "cadastre-se", "registe-se", "iniciar sessão",
        "seja assinante", "minha conta",
    ),
    subscription_prompts=(
        "assine já", "assine agora", "já é assinante", "já sou assinante", "exclusivo para assinantes",
        "conteúdo exclusivo para assinantes", "seja assinante", "torne-se assinante", "assine a newsletter",
    ),
    cookie_buttons=(
        "aceitar", "aceitar todos", "aceitar tudo", "aceitar cookies", "aceito", "concordo", "entendi", "rejeitar",
        "rejeitar todos", "configurar cookies", "definições de cookies", "configurações de cookies",
    ),
    cookie_prompts=(
        "utilizamos cookies", "usamos cookies", "este site utiliza cookies", "utiliza cookies", "uso de cookies",
        "ao continuar navegando", "ao continuar a navegar",
    ),
    legal_notices=("proibida a reprodução", "é proibida a reprodução", "reprodução proibida"),
    rights_reserved=("todos os direitos reservados",),
    footer_links=(
        "política de privacidade", "privacidade", "termos de uso", "termos e condições", "termos de serviço",
        "fale conosco", "contato", "contacto", "contactos", "quem somos", "expediente", "estatuto editorial",
        "ficha técnica", "política de cookies", "mapa do site", "anuncie",
    ),
    ad_labels=("publicidade", "anúncio", "patrocinado", "conteúdo patrocinado"),
    interface_words=(
        "buscar", "pesquisar", "pesquisa", "fechar", "início", "página inicial", "ler mais", "continue lendo",
        "continuar a ler", "ver mais", "carregando", "a carregar", "ouvir notícia", "ouvir artigo",
        "ir para o conteúdo", "pular para o conteúdo", "saltar para o conteúdo",
    ),
    headline_ui_words=(
        "compartilhar", "partilhar", "siga", "imprimir", "assine", "clique", "newsletter", "comentários", "baixar",
        "descarregar", "publicidade", "leia mais", "leia também",
    ),
    photo_labels=("foto", "imagem", "fotografia", "ilustração"),
    credit_labels=("fonte", "crédito", "créditos"),
    footer_terms=(
        "política de privacidade", "cookies", "assinatura", "assinante", "publicidade", "nossos leitores",
        "os nossos leitores", "nossa redação", "fale conosco", "newsletter", "expediente",
    ),
    published_labels=("publicado", "publicado em", "publicada", "publicação", "postado", "postado em"),
    updated_labels=(
        "atualizado", "atualizado em", "atualizada", "actualizado", "atualização", "última atualização", "modificado",
    ),
    today_labels=("hoje", "hoje é"),
    ago_before=("há",),
    one_words=("um", "uma"),
    time_units=(
        "segundo", "segundos", "minuto", "minutos", "min", "hora", "horas", "h", "dia", "dias", "semana", "semanas",
        "mês", "meses", "ano", "anos",
    ),
    byline_prefixes=("por", "texto", "autor", "autora", "escrito por"),
    author_box_prefixes=("sobre",),
    author_box_headings=("sobre o autor", "sobre a autora"),
    name_joiners=("e",),
    name_particles=("de", "da", "do", "dos", "das"),
    byline_stop_words=(
        "redação", "redacção", "jornalista", "correspondente", "enviado especial", "enviada especial", "repórter",
        "colunista", "colaborador", "colaboradora", "especial para", "agências",
    ),
    byline_classes=("autor", "autoria", "assinatura"),
    home_labels=("início", "inicio", "página inicial"),
    counter_words=("de",),
)  # fmt: skip
