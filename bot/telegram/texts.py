"""The bot's fixed wording (Korean). HTML-safe: these strings are trusted markup."""

from __future__ import annotations

REPORT_NAME = "서울특별시 기획조정실 현안업무보고(2020년 4월)"

# (command, description shown by Telegram's command menu via setMyCommands)
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "봇 소개와 예시 질문"),
    ("help", "사용법 안내"),
    ("topics", "보고서 주제 목록"),
    ("covid", "코로나19 대응 현황"),
    ("daily", "오늘의 코로나19 브리핑"),
    ("subscribe", "코로나19 알림 구독 (매일 브리핑, 새 수치)"),
    ("unsubscribe", "코로나19 알림 해지"),
    ("budget", "예산 개요"),
    ("chart", "그래프 (재결건수, 승소율, 예산, 신속집행, 코로나19)"),
    ("schedule", "주요 일정 (예: /schedule 5월)"),
    ("source", "마지막 답변의 보고서 원문"),
    ("reset", "대화 맥락 초기화"),
    ("cancel", "대화 맥락 초기화 (/reset 과 같음)"),
)
# Shown only in admins' own command menus (setMyCommands with BotCommandScopeChat).
ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("stats", "질문 통계 (관리자 전용)"),
    ("covid_add", "코로나19 새 수치 입력 (관리자 전용)"),
)

# setMyDescription (the empty chat's "What can this bot do?", at most 512 characters) and
# setMyShortDescription (profile page and shared links, at most 120 characters).
DESCRIPTION = (
    f"{REPORT_NAME}에 관한 질문에 보고서의 숫자와 출처로 답하는 봇입니다. "
    "예: 재난긴급생활비 지원 대상은? / 소송 평균 승소율은? / 상반기 신속집행 목표는?"
)
SHORT_DESCRIPTION = "서울시 기획조정실 현안업무보고(2020.4) 질문에 숫자와 출처로 답합니다."

# Example questions offered by /start. Each must fit a "q:" callback (64 bytes UTF-8).
START_EXAMPLES: tuple[str, ...] = (
    "재난긴급생활비 지원 대상은?",
    "소송 평균 승소율은?",
    "상반기 신속집행 목표는?",
)

START = (
    f"안녕하세요! <b>{REPORT_NAME}</b> 내용에 답하는 봇입니다.\n"
    "보고서에 적힌 내용과 숫자를 출처와 함께 알려 드리고, /source 로 보고서 원문을 보여 드립니다."
)
START_TOPICS = "<b>다루는 주제</b>: {topics}"
START_HINT = "질문을 그대로 입력하거나 아래 예시를 눌러 보세요. 명령 목록은 /help 에 있습니다."

HELP = (
    "<b>사용법</b>\n"
    "질문을 입력하면 보고서에서 답을 찾아 드립니다. 이어지는 질문은 앞의 맥락을 이어받습니다.\n\n"
    "/topics — 보고서 주제 목록\n"
    "/covid — 코로나19 대응 현황\n"
    "/daily — 오늘의 코로나19 브리핑\n"
    "/subscribe, /unsubscribe — 코로나19 알림 구독·해지 (허용된 대화방: 매일 브리핑과 새 수치)\n"
    "/budget — 예산 개요\n"
    "/chart — 그래프 (질문에 '그래프'를 붙여도 됩니다. 예: 재결건수 추이 그래프)\n"
    "/schedule [월] — 주요 일정 (예: /schedule 5월)\n"
    "/source — 마지막 답변의 보고서 원문\n"
    "/reset, /cancel — 대화 맥락 초기화\n\n"
    "봇의 예전 답변에 답장하면 그 답변의 맥락으로 이어서 답합니다. 보낸 질문을 고치면 답변도 고쳐집니다.\n"
    "그룹에서는 허용된 대화방에서만, 명령, @{username} 멘션, 봇 메시지에 대한 답장에 응답합니다.\n"
    "다른 대화방에서 <code>@{username} 질문</code> 형식의 인라인 모드도 쓸 수 있습니다."
)

# /start payloads (deep links t.me/<bot>?start=<payload>): the view each one opens.
START_PAYLOADS = ("covid", "budget", "topics", "inline")

FOREIGN = (
    "이 봇은 <b>한국어</b> 질문에 답합니다. "
    f"{REPORT_NAME} 내용을 한국어로 물어봐 주세요.\n"
    "예: <code>재난긴급생활비 지원 대상은?</code>, <code>소송 평균 승소율은?</code>, "
    "<code>상반기 신속집행 목표는?</code>\n"
    "(This bot answers questions in Korean about the Seoul report above.)"
)
INLINE_HINT_BUTTON = "봇 이름 뒤에 질문을 입력하세요 (사용법 보기)"
INLINE_HELP = (
    "<b>인라인 모드</b>\n"
    "어느 대화방에서든 <code>@{username} 재난긴급생활비 지원 대상은?</code> 처럼 봇 이름 뒤에 질문을 "
    "입력하면, 답을 골라 그 대화방에 보낼 수 있습니다."
)

TOPICS_HEADER = "<b>보고서 주제</b>\n주제를 누르면 요약을 보여 드립니다."
TOPICS_EMPTY = "주제 목록을 불러오지 못했습니다."
UNKNOWN_COMMAND = "알 수 없는 명령입니다. /help 로 사용법을 확인해 주세요."
EMPTY_QUESTION = "질문을 입력해 주세요. 예: <code>재난긴급생활비 지원 대상은?</code>"
TRUNCATED_NOTE = "질문이 길어 앞부분 {limit}자만 사용했습니다."
RESET_DONE = "대화 맥락을 초기화했습니다. 새 질문을 입력해 주세요."
NO_SOURCE = "아직 답변한 질문이 없습니다. 질문을 먼저 해 주세요."
NO_PASSAGE = "이 답변에 연결된 보고서 원문이 없습니다."
SCHEDULE_BAD_MONTH = "월을 1에서 12 사이로 입력해 주세요. 예: <code>/schedule 5</code> 또는 <code>/schedule 5월</code>"
REFUSAL = "죄송합니다. 이 봇은 허용된 사용자와 대화방에서만 사용할 수 있습니다."
REFUSAL_SHORT = "허용된 사용자만 사용할 수 있습니다."
ADMIN_ONLY = "죄송합니다. 통계는 관리자만 볼 수 있습니다."
ADMIN_PRIVATE_ONLY = "관리자 명령은 봇과의 개인 대화에서만 쓸 수 있습니다."
GROUP_NOT_LISTED = (
    "이 그룹은 허용 목록에 없어 봇이 답하지 않습니다. "
    "쓰려면 ALLOWED_CHAT_IDS 에 <code>{chat_id}</code> 를 넣고 봇을 다시 시작해 주세요."
)
STATS_UNAVAILABLE = "질문 기록을 읽을 수 없습니다. 서버 로그를 확인해 주세요."
BAD_BUTTON = "알 수 없는 버튼입니다."
EXPIRED_BUTTON = "버튼 정보가 만료되었습니다. 질문을 직접 입력해 주세요."
UNKNOWN_TOPIC = "없는 주제입니다. /topics 로 다시 골라 주세요."
CHOICES_PROMPT = "아래에서 원하시는 질문을 골라 주세요."
ERROR = "죄송합니다. 답을 만드는 중에 문제가 생겼습니다. 잠시 후 다시 시도해 주세요."
