"""Seed the charter (27 standards, defaults from CHARTER.md, Korean text verbatim from the
published page), the default calendar (Mon–Fri 09:00–18:00), the ranks and the role groups."""

import datetime

from django.db import migrations

SECTIONS = [
    [
        "V",
        1,
        "고객이 재단을 방문할 경우",
        "When a customer visits the foundation"
    ],
    [
        "S",
        2,
        "재단 직원이 고객을 방문하는 경우",
        "When foundation staff visit a customer"
    ],
    [
        "P",
        3,
        "전화로 고객을 응대하는 경우",
        "When answering the phone"
    ],
    [
        "D",
        4,
        "팩스-이메일-우편을 통해 업무를 처리하는 경우",
        "Fax, e-mail and post"
    ],
    [
        "F",
        5,
        "고객 의견 수렴",
        "Collecting customer opinions"
    ],
    [
        "C",
        6,
        "잘못된 서비스에 대한 시정 및 보상조치",
        "Correcting and compensating wrong service"
    ]
]

STANDARDS = [
    {
        "code": "V1",
        "section": "V",
        "order": 1,
        "text_ko": "고객이 방문하시면 쉽게 담당자를 찾으실 수 있도록 직원의 사진과 좌석배치도를 게시하고 좌석에는 명패를, 가슴에는 명찰을 패용하겠습니다.",
        "text_en": "Staff photos and a seating chart are posted so customers can find the person in charge; nameplates on desks, name tags worn.",
        "rule_ko": "모든 재직 직원의 사진·부서·직급·좌석이 공개된 좌석배치도에 게시됨",
        "rule_en": "directory: every active staff member has a photo, a department, a rank and a seat on the published seating chart",
        "kind": "directory",
        "duration_value": 5,
        "duration_unit": "days",
        "clock": "business"
    },
    {
        "code": "V2",
        "section": "V",
        "order": 2,
        "text_ko": "고객방문 시 먼저 맞이하는 직원이 밝은 표정, 정중한 말씨로 \"안녕하십니까 고객님 무엇을 도와드릴까요\"라는 인사말과 함께 정중히 인사하고, 고객이 도움을 요청하면 \"제가 처리해드리겠습니다 고객님\"이라는 말과함께 자신의 소속과 성명을 밝힌 뒤고객용무 해결에 대한 책임을 밝히고 친절히 안내하겠습니다.",
        "text_en": "The first employee to meet the customer greets them brightly (\"안녕하십니까 고객님 무엇을 도와드릴까요\"), and when help is asked says \"제가 처리해드리겠습니다 고객님\", gives their department and name, takes responsibility for the matter and guides the customer kindly.",
        "rule_ko": "체크리스트: 인사, 소속·성명 소개, 책임 안내",
        "rule_en": "checklist: greeted, introduced self (department and name), took ownership",
        "kind": "checklist"
    },
    {
        "code": "V3",
        "section": "V",
        "order": 3,
        "text_ko": "다른 업무처리 중에라도 고객이 접근하면 먼저 인사하고 고객의 요구사항을 처리해드리겠습니다.",
        "text_en": "Even while busy with other work, staff greet an approaching customer first and handle the request.",
        "rule_ko": "체크리스트: 먼저 인사하고 응대",
        "rule_en": "checklist",
        "kind": "checklist"
    },
    {
        "code": "V4",
        "section": "V",
        "order": 4,
        "text_ko": "담당직원이 부재중일 경우에는 그 이유를 정확히 말씀 드리고 동료직원이 대신하여 처리하여 드리거나 용건을 메모하여 고객이원하는 시간에 직접 연락 드리도록 하겠습니다.",
        "text_en": "If the responsible employee is absent, the customer is told exactly why, and a colleague handles the matter, or the matter is noted and the customer is contacted directly at the time the customer wants.",
        "rule_ko": "메모 → 고객이 원하는 시간까지 연락",
        "rule_en": "deadline: memo → contact by the customer's requested time (due_at = that time)",
        "kind": "deadline",
        "due_given": True
    },
    {
        "code": "V5",
        "section": "V",
        "order": 5,
        "text_ko": "고객 방문 순서대로 접수업무를 수행하고 처리예정시간을 알려드린 후 신속히 처리하여 공정하고 신속한 서비스를 제공하겠습니다.",
        "text_en": "Reception follows the order of arrival; the customer is told the expected processing time, and the matter is handled quickly, fairly and promptly.",
        "rule_ko": "도착 순서대로 호출(우선 응대는 사유 기록), 접수 시 예정시간 안내, 예정시간 내 처리",
        "rule_en": "order: nobody who arrived later is called first (priority cases recorded with a reason); threshold: an estimate is given at reception; deadline: done by the estimated time",
        "kind": "order",
        "due_given": True
    },
    {
        "code": "V6",
        "section": "V",
        "order": 6,
        "text_ko": "장애인이나 노약자 방문 시 미리 전화를 주시면 \"담당직원\"을 배정하여 접수에서 처리까지 친절히 안내하고 도와드리겠습니다.",
        "text_en": "Disabled or elderly customers who phone ahead are assigned a dedicated employee who guides them from reception to completion.",
        "rule_ko": "예약한 방문 시각 전에 담당직원 배정",
        "rule_en": "deadline: a dedicated employee is assigned before the booked visit time",
        "kind": "deadline",
        "due_given": True
    },
    {
        "code": "V7",
        "section": "V",
        "order": 7,
        "text_ko": "고객이 용무를 마치면 먼저 추가적인 용무가 없는지 확인하고 배웅하도록 하겠습니다.",
        "text_en": "When the customer's business is done, staff check for any further business before seeing them off.",
        "rule_ko": "체크리스트: 추가 용무 확인 후 배웅",
        "rule_en": "checklist",
        "kind": "checklist"
    },
    {
        "code": "S1",
        "section": "S",
        "order": 1,
        "text_ko": "방문하기 전에 문서나 전화로 방문목적과 시간을 알려드린 후 허락을 받은 경우에 방문하겠습니다.",
        "text_en": "Before visiting, the purpose and time are announced by document or phone, and the visit takes place only with the customer's permission.",
        "rule_ko": "예정 시각 전에 방문 통지와 고객 허락 기록",
        "rule_en": "deadline: notified and consent recorded before the scheduled time",
        "kind": "deadline",
        "due_given": True
    },
    {
        "code": "S2",
        "section": "S",
        "order": 2,
        "text_ko": "약속한 시간을 준수하고 몸가짐을 단정히 하여 신분증을 제시한 후 업무를 수행하도록 하겠습니다.",
        "text_en": "The appointed time is kept, staff are neatly dressed and show their ID before working.",
        "rule_ko": "약속 시각 10분 이내 도착, 신분증 제시",
        "rule_en": "threshold: arrival no more than 10 minutes after the appointed time; checklist: ID shown",
        "kind": "threshold",
        "limit": 10,
        "limit_unit": "minutes"
    },
    {
        "code": "S3",
        "section": "S",
        "order": 3,
        "text_ko": "현장에서 업무처리 결과를 분명하게 설명하고 사후 연락을 위해 반드시 명함을 드리겠습니다.",
        "text_en": "The results are explained clearly on site and a business card is always left for follow-up.",
        "rule_ko": "체크리스트: 결과 설명, 명함 전달",
        "rule_en": "checklist: results explained, business card left",
        "kind": "checklist"
    },
    {
        "code": "S4",
        "section": "S",
        "order": 4,
        "text_ko": "방문목적에 대한 용무가 끝나면 고객에게 문의사항이 없는지 확인하고 마무리인사를 하겠습니다.",
        "text_en": "When the visit's purpose is done, staff ask whether the customer has other questions and close politely.",
        "rule_ko": "체크리스트: 문의사항 확인, 마무리 인사",
        "rule_en": "checklist",
        "kind": "checklist"
    },
    {
        "code": "P1",
        "section": "P",
        "order": 1,
        "text_ko": "전화벨이 3번 이상 울리기 전에 신속하게 받겠으며 \"소속-직급-성명\"을 밝히며 인사하고 밝고 공손한 어투로 고객의 용무를 확인하겠습니다.",
        "text_en": "Calls are answered before the phone rings 3 times, with a greeting giving \"department-rank-name\", in a bright and polite tone.",
        "rule_ko": "벨 3회 전에 응답(3회 이상·미응답은 위반), 소속-직급-성명 인사",
        "rule_en": "threshold: answered before the 3rd ring (rings ≥ 3, or unanswered, is a breach); checklist: greeting with department-rank-name",
        "kind": "threshold",
        "limit": 2,
        "limit_unit": "rings"
    },
    {
        "code": "P2",
        "section": "P",
        "order": 2,
        "text_ko": "통화 중 고객의 의견을 명확히 이해하기 위하여 1회 이상 고객이 말씀하시는 중요부분을 재질문하여 확인하겠습니다.",
        "text_en": "To understand the customer clearly, staff repeat back the important part at least once.",
        "rule_ko": "체크리스트: 중요 내용 재확인",
        "rule_en": "checklist",
        "kind": "checklist"
    },
    {
        "code": "P3",
        "section": "P",
        "order": 3,
        "text_ko": "고객의 문의사항 등에 대해서는 전화를 처음 받은 직원이 끝까지 안내하며 명확하고 상세한 답변을 위해 항상 메모를 준비하고 경청하겠습니다.",
        "text_en": "The employee who first took the call guides the customer to the end, listening with a memo pad ready.",
        "rule_ko": "체크리스트: 처음 받은 직원이 끝까지 안내(전환은 위반)",
        "rule_en": "checklist: not passed on (a transfer is recorded and counts against P3)",
        "kind": "checklist"
    },
    {
        "code": "P4",
        "section": "P",
        "order": 4,
        "text_ko": "즉시 해결이 어려운 업무나 담당자가 부재중인 경우에는 고객의 성명과 전화번호 및 문의내용을 메모하고 해당내용을 처리하여 1시간 이내에 답변을 드리겠습니다.",
        "text_en": "When a matter cannot be resolved at once or the person in charge is absent, the customer's name, phone number and question are noted and an answer is given within 1 hour.",
        "rule_ko": "메모 후 1 근무시간 이내 회신",
        "rule_en": "deadline: callback answered within 1 business hour of the memo",
        "kind": "deadline",
        "duration_value": 1,
        "duration_unit": "hours",
        "clock": "business"
    },
    {
        "code": "P5",
        "section": "P",
        "order": 5,
        "text_ko": "고객과의 모든 업무가 종료된 후에는 추가 문의사항을 확인 한 후 \"전화 주셔서 감사합니다. 즐거운 하루 되십시오\"라는인사말과 함께 고객이 전화를 끊으신 후에 수화기를 내려놓겠습니다.",
        "text_en": "At the end, staff check for further questions, say \"전화 주셔서 감사합니다. 즐거운 하루 되십시오\", and hang up only after the customer does.",
        "rule_ko": "체크리스트: 추가 문의 확인, 끝인사",
        "rule_en": "checklist",
        "kind": "checklist"
    },
    {
        "code": "P6",
        "section": "P",
        "order": 6,
        "text_ko": "문의사항에 대한 답변 등으로 전화를 할 경우에는 \"안녕하십니까 고객님\"이라는 인사말과 함께 본인의 소속과 성명을 분명하게 밝히고 고객을 확인 한 뒤 용무를 설명 또는 답변하도록 하겠습니다.",
        "text_en": "When calling a customer back, staff say \"안녕하십니까 고객님\", give their department and name, confirm they are speaking to the right customer, then explain or answer.",
        "rule_ko": "체크리스트: 인사, 소속·성명, 고객 확인",
        "rule_en": "checklist (on the callback)",
        "kind": "checklist"
    },
    {
        "code": "D1",
        "section": "D",
        "order": 1,
        "text_ko": "팩스 및 이메일, 우편으로 관련 서류를 제출하시는 경우 1일 3회 이상 팩스와 이메일, 우편을 확인하겠습니다.",
        "text_en": "Fax, e-mail and post are checked at least 3 times a day.",
        "rule_ko": "채널(팩스·이메일·우편)별 근무일 1일 3회 이상 확인",
        "rule_en": "count: ≥ 3 checks per business day, per channel (fax, e-mail, post), per department",
        "kind": "count",
        "min_count": 3,
        "count_period": "business_day"
    },
    {
        "code": "D2",
        "section": "D",
        "order": 2,
        "text_ko": "고객이 제출한 서류를 확인하는 즉시 SMS나 전화를 통해 수령사실을 통보해 드리겠습니다.",
        "text_en": "As soon as submitted documents are confirmed, receipt is notified by SMS or phone.",
        "rule_ko": "서류 확인 후 30 근무분 이내 수령 통보",
        "rule_en": "deadline: receipt notice within 30 business minutes of confirming the documents",
        "kind": "deadline",
        "duration_value": 30,
        "duration_unit": "minutes",
        "clock": "business"
    },
    {
        "code": "D3",
        "section": "D",
        "order": 3,
        "text_ko": "고객이 제출한 서류가 미흡하더라도 제가 처리할 수 있는 일에 대해서는 고객에게 통보 후 처리하도록 하겠습니다.",
        "text_en": "Even if documents are incomplete, whatever can be processed is processed after telling the customer.",
        "rule_ko": "체크리스트: 통보 후 처리 가능한 업무 처리",
        "rule_en": "checklist",
        "kind": "checklist"
    },
    {
        "code": "D4",
        "section": "D",
        "order": 4,
        "text_ko": "고객이 제출한 서류가 미흡하여 업무진행이 불가능한 경우에는 전화, 우편, 팩스 및 이메일을 통해 부족한 서류에 대한 설명과 준비절차를 상세히 설명해 드리도록 하겠습니다.",
        "text_en": "If missing documents make processing impossible, what is missing and how to prepare it is explained in detail by phone, post, fax or e-mail.",
        "rule_ko": "미비 확인 후 1 근무일 이내 보완 안내",
        "rule_en": "deadline: deficiency notice (missing items listed) within 1 business day of finding the gap",
        "kind": "deadline",
        "duration_value": 1,
        "duration_unit": "days",
        "clock": "business",
        "pausable": True
    },
    {
        "code": "F1",
        "section": "F",
        "order": 1,
        "text_ko": "고객님께서 제시하신 의견은 성실히 검토하여 일주일 이내에 그 결과를 통보해 드리겠습니다.",
        "text_en": "Opinions customers submit are reviewed sincerely and the result is notified within one week.",
        "rule_ko": "접수 후 7일 이내 검토 결과 통보",
        "rule_en": "deadline: result notified within 7 calendar days of receipt",
        "kind": "deadline",
        "duration_value": 7,
        "duration_unit": "days",
        "clock": "calendar",
        "pausable": True
    },
    {
        "code": "F2",
        "section": "F",
        "order": 2,
        "text_ko": "공모전의 경우에는 포상규정을 제시하고 포상하며 고객의 의견을 소중히 반영하겠습니다.",
        "text_en": "For contests, the award rules are presented and awards given, and customer opinions are valued and reflected.",
        "rule_ko": "응모 시작 전 포상규정 공개, 발표일까지 시상",
        "rule_en": "deadline: award rules published before entries open; awards announced by the announced date",
        "kind": "deadline",
        "due_given": True
    },
    {
        "code": "F3",
        "section": "F",
        "order": 3,
        "text_ko": "고객 불편 및 불만 접수 시에는 일주일 이내에 처리경과를 통보해 드리겠습니다.",
        "text_en": "When an inconvenience or complaint is received, the progress is notified within one week.",
        "rule_ko": "접수 후 7일 이내 처리경과 통보",
        "rule_en": "deadline: progress notice within 7 calendar days of receipt",
        "kind": "deadline",
        "duration_value": 7,
        "duration_unit": "days",
        "clock": "calendar",
        "pausable": True
    },
    {
        "code": "F4",
        "section": "F",
        "order": 4,
        "text_ko": "고객의 불면이나 불만의 이유가 경기신용보증재단의 직원이나 시설, 제도에 있다고 판단될 경우에는 재단의 규정에 의거하여 시정조치하고 고객님께 통보해 드리겠습니다.",
        "text_en": "If the cause lies with the foundation's staff, facilities or system, corrective action is taken under the foundation's rules and the customer is notified.",
        "rule_ko": "직원·시설·제도 원인 시 14일 이내 시정조치와 통보",
        "rule_en": "deadline: a complaint whose cause is staff, facility or system gets a corrective action with customer notice (default 14 calendar days)",
        "kind": "deadline",
        "duration_value": 14,
        "duration_unit": "days",
        "clock": "calendar",
        "pausable": True
    },
    {
        "code": "C1",
        "section": "C",
        "order": 1,
        "text_ko": "담당자의 불친절 및 불성실한 서비스 제공에 대해서는 상위직급의 직원이 시정을 조치하고 고객에게 시정사실을 통보하고 사과 드리겠습니다.",
        "text_en": "For unkind or insincere service, an employee of higher rank corrects it, notifies the customer of the correction and apologises.",
        "rule_ko": "상위 직급 직원이 7일 이내 시정·통보·사과",
        "rule_en": "constraint: the correcting employee's rank is higher than the involved employee's; deadline: correction, notice and apology within 7 calendar days of the report",
        "kind": "deadline",
        "duration_value": 7,
        "duration_unit": "days",
        "clock": "calendar",
        "pausable": True
    },
    {
        "code": "C2",
        "section": "C",
        "order": 2,
        "text_ko": "민원처리에 하자를 발견한 경우 신속히 시정하고 그 결과를 고객님께 즉시 통보해 드리겠습니다.",
        "text_en": "When a defect in handling a civil complaint is found, it is corrected quickly and the customer is notified of the result at once.",
        "rule_ko": "발견 후 3 근무일 이내 시정, 시정 후 1 근무시간 이내 통보",
        "rule_en": "deadline: corrected within 3 business days of discovery; customer notified within 1 business hour of the correction",
        "kind": "deadline",
        "duration_value": 3,
        "duration_unit": "days",
        "clock": "business",
        "followup_value": 1,
        "followup_unit": "hours",
        "pausable": True
    }
]

RANKS = [("사원", "Staff", 1), ("주임", "Assistant Manager", 2), ("대리", "Deputy Manager", 3),
         ("과장", "Manager", 4), ("차장", "Deputy General Manager", 5),
         ("부장", "General Manager", 6)]

ROLES = ["staff", "manager", "admin"]


def seed(apps, schema_editor):
    Section = apps.get_model("charter", "Section")
    Standard = apps.get_model("charter", "Standard")
    Calendar = apps.get_model("charter", "Calendar")
    WorkingPeriod = apps.get_model("charter", "WorkingPeriod")
    Rank = apps.get_model("charter", "Rank")
    Group = apps.get_model("auth", "Group")
    sections = {}
    for code, order, name_ko, name_en in SECTIONS:
        sections[code] = Section.objects.create(
            code=code, order=order, name_ko=name_ko, name_en=name_en
        )
    for row in STANDARDS:
        row = dict(row)
        Standard.objects.create(section=sections[row.pop("section")], **row)
    calendar = Calendar.objects.create(name="기본 근무시간", is_default=True, country="KR")
    for weekday in range(5):
        WorkingPeriod.objects.create(
            calendar=calendar, weekday=weekday,
            start=datetime.time(9), end=datetime.time(18),
        )
    for name, name_en, order in RANKS:
        Rank.objects.create(name=name, name_en=name_en, order=order)
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    # A first history row for each seeded record, so the admin's history starts with the
    # charter as published and every later edit shows against it. Dated long ago: the
    # calendar "as it was" at any earlier moment (charter.calendars) is this one.
    since = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    for model_name in ["Standard", "Calendar", "WorkingPeriod", "Rank"]:
        model = apps.get_model("charter", model_name)
        historical = apps.get_model("charter", f"Historical{model_name}")
        names = [f.attname for f in model._meta.concrete_fields]
        historical.objects.bulk_create(
            historical(
                **{name: getattr(obj, name) for name in names},
                history_date=since,
                history_type="+",
                history_change_reason="Seeded from the published charter",
            )
            for obj in model.objects.all()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("charter", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
