"""The canonical section types of a plan (vocab.SECTION_TYPES): how to recognise them in a heading,
their usual titles, and which a plan of a given period has."""
from __future__ import annotations

import re

from plandraft.vocab import SECTION_TYPES

# Heading words that mark a canonical section; anything else is a main-work (主要工作) heading.
KIND_CUES: dict[str, re.Pattern] = {
    "指导思想": re.compile(r"指导思想|总体思路|工作思路|总体要求|总的要求|指导方针|基本思路|工作理念"),
    "工作目标": re.compile(r"工作目标|目标任务|总体目标|奋斗目标|主要目标|目标要求|任务目标|^目标"),
    "月份安排": re.compile(r"月份|月度安排|逐月|行事历|工作安排表|具体安排|活动安排|日程|周安排|每周"
                       r"|时间安排|工作进度|月历"),
    # 保障 only as the section's own name: "开好职代会，保障职工民主权利" and "职工互助保障" are work
    "保障措施": re.compile(r"保障措施|措施要求|工作要求|有关要求|组织领导|几点要求"
                       r"|^(?:加强|强化|完善|落实|做好)?(?:组织|工作|制度|经费|队伍|机制|条件)?保障$"),
}
# A heading that only groups the main-work items ("三、主要工作和措施").
MAIN_GROUP = re.compile(r"^(?:主要工作|工作重点|重点工作|主要任务|工作措施|具体工作|工作内容|工作任务)"
                        r"(?:和措施|及措施|与措施|内容)?$")
MAIN_GROUP_TITLE = "主要工作"
TITLES = {"指导思想": "指导思想", "工作目标": "工作目标", "月份安排": "月份工作安排",
          "保障措施": "保障措施"}


def kind_of(title: str) -> str:
    for kind, cue in KIND_CUES.items():
        if cue.search(title):
            return kind
    return "主要工作"


def order(kind: str) -> int:
    return SECTION_TYPES.index(kind)


def schedule_title(period: str) -> str:
    return "每周工作安排" if period == "月度" else TITLES["月份安排"]
