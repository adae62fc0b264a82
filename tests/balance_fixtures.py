"""A hand-built small energy balance table (SYNTHETIC), written as the yearbooks print it:
products in columns with a unit row, rows with Chinese labels (some bilingual), transformation
inputs negative and outputs positive in one row, outflow and stock increase negative."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HEADER = ["项目 Item", "原煤 Raw Coal", "焦炭 Coke", "柴油 Diesel Oil", "天然气 Natural Gas",
          "电力 Electricity"]
UNITS = ["", "万吨", "万吨", "万吨", "亿立方米", "亿千瓦时"]
ROWS = [
    ("一、可供本地区消费的能源量", 85, 0, 20, 10, 27),
    ("1.一次能源生产量", 100, None, None, 10, 5),
    ("2.外省（区、市）调入量", None, None, 20, None, 30),
    ("3.本省（区、市）调出量(-)", -10, None, None, None, -8),
    ("4.库存增（-）、减（+）量", -5, None, None, None, None),
    ("二、加工转换投入（-）产出（+）量", -70, 18, None, None, 10),
    ("1.火力发电", -40, None, None, None, 10),
    ("2.炼焦", -30, 18, None, None, None),
    ("三、损失量", None, None, None, 1, 2),
    ("四、终端消费量", 15, 18, 17, 9, 35),
    ("1.工业 Industry", 15, 18, 2, 4, 25),
    ("其中：用作原料、材料", None, None, None, 2, None),
    ("2.交通运输、仓储和邮政业", None, None, 15, None, None),
    ("3.居民生活", None, None, None, 5, 10),
    ("五、平衡差额", 0, 0, 3, 0, 0),
]


def write_small_balance(path: Path, sheet: str = "NTH 2021", rows=ROWS, header=HEADER,
                        units=UNITS) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["地区能源平衡表（实物量） SYNTHETIC"])
    ws.append(header)
    ws.append(units)
    for r in rows:
        ws.append(list(r))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
