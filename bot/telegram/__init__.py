"""Telegram front end of reportbot (python-telegram-bot v22, asyncio).

Modules, one job each:
    config      settings from the environment and an optional ./.env
    render      HTML escaping, answer layout, splitting under 4096 characters
    keyboards   inline keyboards and compact, self-contained callback data
    inputs      cleaning user text, parsing /schedule months
    sessions    per-chat conversations that expire after a silence
    access      allowlists, admins, one refusal per chat
    questionlog SQLite question log (hashed chat ids), `python -m bot unanswered`
    services    the engine on its own worker thread + what handlers share
    handlers    the update handlers
    app         build_application(), main(argv) for `python -m bot telegram`
"""
