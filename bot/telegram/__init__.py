"""Telegram front end of reportbot (python-telegram-bot v22, asyncio).

Modules, one job each:
    config      settings from the environment and an optional ./.env
    render      HTML escaping, answer layout, splitting under 4096 characters
    keyboards   inline keyboards and compact, self-contained callback data
    inputs      cleaning user text, parsing /schedule months, telling other languages
    privacy     keyed hashes of ids, redaction of phone numbers / e-mail / resident numbers
    statedb     every SQL statement of the front end (state database, mode 0600)
    sessions    conversation contexts and turns in the state database (expiring)
    access      allowlists, groups, admins, one refusal per chat
    questionlog the question log (redacted, hashed, retention), `python -m bot unanswered`
    ordering    one update at a time per chat, chats in parallel
    ratelimit   pacing and bounded retries of every request
    services    the engine on its own worker thread + what handlers share
    handlers    the update handlers
    app         build_application(), main(argv) for `python -m bot telegram`
"""
