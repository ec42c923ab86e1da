#!/usr/bin/env python3
"""Generates a site with N case studies (default 200), each like the example's,
for the PDF benchmark. Usage: gen_cases.py OUT_DIR [N]"""
import os
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


write(os.path.join(out, "site.yaml"), "title: Bench\nbase_url: https://bench.example\ncompany: Bench Inc.\n")
write(os.path.join(out, "content/_index.md"), "---\ntitle: Bench\n---\n")
write(os.path.join(out, "content/cases/_index.md"), "---\ntitle: Cases\npage_kind: case_study\nvisibility: public\n---\n")
BODY = """
## Challenge

Customer {i} ran warehouses for dozens of brands. Inventory lived in three systems and the
operations team reconciled spreadsheets by hand every Monday. Discrepancies became stock-outs,
and full cycle counts took about sixty staff hours a week, mostly on weekends.

## Solution

1. **Connect, don't replace.** We read from the existing warehouse system and order feeds.
2. **One live record.** Every receipt, pick and adjustment updates a single record.
3. **Counting by exception.** The team counts only the locations flagged as drifting.

## Results

| Measure | Before | After |
|---|---|---|
| Inventory accuracy | 82% | 97% |
| Stock-outs per month | 45 | 27 |
| Cycle count hours | 60 | 18 |

The drop in stock-outs came mostly from earlier warnings: alerts reach buyers days before the
shelf is empty. Weekend counts are gone. 🎯 Next: client-facing accuracy reports ✓.
"""
for i in range(n):
    write(os.path.join(out, f"content/cases/customer-{i}.md"), f"""---
title: "Customer {i} lifts inventory accuracy to 97% and cuts stock-outs by 40%"
customer: Customer {i} Logistics
industry: Third-party logistics
summary: Customer {i} stores and ships for more than forty brands; accuracy rose from 82% to 97%.
acv: 50000
stage: live
approval: approved
visibility: public
metrics:
  - {{ label: Inventory accuracy, before: 82%, after: 97% }}
  - {{ label: Stock-outs per month, before: 45, after: 27, better: down }}
  - {{ label: Cycle count hours per week, before: 60, after: 18, better: down }}
quote: {{ text: "We used to learn about a stock-out when a client called us. Now we see it coming.", author: Dana Reyes, role: VP Operations }}
---
{BODY.format(i=i)}""")
print(f"wrote {n} case studies under {out}")
