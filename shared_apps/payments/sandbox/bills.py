"""Daily bill files in each gateway's format, with injectable reconciliation anomalies.

WeChat Pay: the trade bill CSV (UTF-8, every data field prefixed with a backtick, two summary
rows at the end). Alipay: a zip holding the GBK "业务明细" CSV and its "(汇总)" summary.
Anomalies (per gateway and day, every bill of that day carries them):
  long   an extra payment row the merchant never created (out_trade_no optional, amount_fen)
  short  the row(s) of out_trade_no (default: the first payment row) are missing
  amount the payment row of out_trade_no (default: first) shows amount_fen (default: +1 fen)
  status the payment row of out_trade_no (default: first) has another status
         (WeChat REVOKED, Alipay 交易关闭)
"""

from __future__ import annotations

import csv
import io
import secrets
import zipfile
from datetime import datetime, timedelta

from shared_apps.ledger.money import yuan

from .state import CST, PAID, Order, day_bounds

FEE_RATE_PERMILLE = 6  # 0.6 %


def _fee(amount_fen: int) -> int:
    return (amount_fen * FEE_RATE_PERMILLE + 500) // 1000  # half up


def bill_rows(orders: list[Order], anomalies: list[dict], day: str) -> list[dict]:
    start, end = day_bounds(day)
    rows = []
    for o in orders:
        if o.status == PAID and o.paid_at and start <= o.paid_at < end:
            rows.append({"kind": "payment", "at": o.paid_at, "created_at": o.created_at, "out_trade_no": o.out_trade_no,
                         "txn_id": o.txn_id, "amount_fen": o.amount_fen, "refund_fen": 0, "out_refund_no": "",
                         "refund_id": "", "status": "ok", "description": o.description, "payer": o.payer,
                         "trade_type": o.trade_type, "fee_fen": _fee(o.amount_fen)})
        for r in o.refunds:
            if r.status == "SUCCESS" and start <= r.success_at < end:
                rows.append({"kind": "refund", "at": r.success_at, "created_at": o.created_at,
                             "out_trade_no": o.out_trade_no, "txn_id": o.txn_id, "amount_fen": o.amount_fen,
                             "refund_fen": r.amount_fen, "out_refund_no": r.out_refund_no, "refund_id": r.refund_id,
                             "status": "ok", "description": o.description, "payer": o.payer,
                             "trade_type": o.trade_type, "fee_fen": -_fee(r.amount_fen)})
    rows.sort(key=lambda r: (r["at"], r["kind"]))
    for anomaly in anomalies:
        rows = _apply(rows, anomaly, start)
    return rows


def _target(rows: list[dict], out_trade_no: str | None) -> list[dict]:
    payments = [r for r in rows if r["kind"] == "payment"]
    if out_trade_no:
        return [r for r in payments if r["out_trade_no"] == out_trade_no]
    return payments[:1]


def _apply(rows: list[dict], anomaly: dict, day_start: datetime) -> list[dict]:
    kind, no = anomaly["kind"], anomaly.get("out_trade_no")
    if kind == "long":
        at = min(day_start + timedelta(hours=12), datetime.now(CST).replace(microsecond=0))
        at = max(at, day_start)
        amount = int(anomaly.get("amount_fen") or 100)
        no = no or f"SBXLONG{secrets.token_hex(6)}"
        rows.append({"kind": "payment", "at": at, "created_at": at, "out_trade_no": no,
                     "txn_id": anomaly.get("txn_id") or f"4200{secrets.randbelow(10**24):024d}", "amount_fen": amount,
                     "refund_fen": 0, "out_refund_no": "", "refund_id": "", "status": "ok",
                     "description": "未知交易", "payer": "unknown", "trade_type": "NATIVE", "fee_fen": _fee(amount)})
        return rows
    targets = _target(rows, no) if kind != "short" else (
        [r for r in rows if r["out_trade_no"] == no] if no else _target(rows, None))
    if kind == "short":
        return [r for r in rows if not any(r is t for t in targets)]
    for r in targets:
        if kind == "amount":
            r["amount_fen"] = int(anomaly["amount_fen"]) if anomaly.get("amount_fen") else r["amount_fen"] + 1
        elif kind == "status":
            r["status"] = "anomaly"
    return rows


# WeChat Pay ------------------------------------------------------------------------------

WECHAT_HEADER = ["交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识",
                 "交易类型", "交易状态", "付款银行", "货币种类", "应结订单金额", "代金券金额", "微信退款单号",
                 "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态", "商品名称", "商户数据包",
                 "手续费", "费率", "订单金额", "申请退款金额", "费率备注"]
WECHAT_SUMMARY = ["总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额", "手续费总金额", "订单总金额",
                  "申请退款总金额"]


def _fee5(fen: int) -> str:
    return yuan(fen) + "000"


def wechat_trade_bill(rows: list[dict], *, appid: str, mchid: str) -> bytes:
    out = io.StringIO()
    out.write(",".join(WECHAT_HEADER) + "\r\n")
    settled = refunded = fees = 0
    for r in rows:
        if r["kind"] == "payment":
            state = "SUCCESS" if r["status"] == "ok" else "REVOKED"
            settled += r["amount_fen"] if state == "SUCCESS" else 0
            refund_fields = ["0", "0", yuan(0), yuan(0), "", ""]
            applied = 0
        else:
            state = "REFUND"
            refunded += r["refund_fen"]
            refund_fields = [r["refund_id"], r["out_refund_no"], yuan(r["refund_fen"]), yuan(0), "ORIGINAL", "SUCCESS"]
            applied = r["refund_fen"]
        fees += r["fee_fen"]
        values = [r["at"].strftime("%Y-%m-%d %H:%M:%S"), appid, mchid, "0", "", r["txn_id"], r["out_trade_no"],
                  r["payer"], r["trade_type"], state, "OTHERS", "CNY", yuan(r["amount_fen"]), yuan(0), *refund_fields,
                  r["description"].replace(",", "，"), "", _fee5(r["fee_fen"]), "0.60%", yuan(r["amount_fen"]),
                  yuan(applied), ""]
        out.write(",".join("`" + v for v in values) + "\r\n")
    out.write(",".join(WECHAT_SUMMARY) + "\r\n")
    totals = [str(len(rows)), yuan(settled), yuan(refunded), yuan(0), _fee5(fees), yuan(settled), yuan(refunded)]
    out.write(",".join("`" + v for v in totals) + "\r\n")
    return out.getvalue().encode("utf-8")


# Alipay ------------------------------------------------------------------------------------

ALIPAY_HEADER = ["支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称",
                 "操作员", "终端号", "对方账户", "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）",
                 "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）", "券名称", "商家红包消费金额（元）",
                 "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注"]


def _mask(account: str) -> str:
    return (account[:4] + "****" + account[-4:]) if len(account) > 8 else account


def _cn_date(d: datetime) -> str:
    return d.strftime("%Y年%m月%d日 %H:%M:%S")


def alipay_bill_zip(rows: list[dict], *, seller_id: str, day: str) -> tuple[bytes, str]:
    start, end = day_bounds(day)
    detail = io.StringIO()
    writer = csv.writer(detail, lineterminator="\r\n")
    detail.write("#支付宝业务明细查询\r\n")
    detail.write(f"#账号：[{seller_id}0156]\r\n")
    detail.write(f"#起始日期：[{_cn_date(start)}]   终止日期：[{_cn_date(end)}]\r\n")
    detail.write("#-----------------------------------------业务明细列表----------------------------------------\r\n")
    writer.writerow(ALIPAY_HEADER)
    n_pay = n_ref = paid = refunded = fees = 0
    for r in rows:
        if r["kind"] == "payment":
            kind = "交易" if r["status"] == "ok" else "交易关闭"
            received, request_no = r["amount_fen"], ""
            n_pay += 1
            paid += r["amount_fen"]
        else:
            kind, received, request_no = "退款", -r["refund_fen"], r["out_refund_no"]
            n_ref += 1
            refunded += r["refund_fen"]
        fees += -r["fee_fen"]
        writer.writerow([r["txn_id"] + "\t", r["out_trade_no"] + "\t", kind, r["description"],
                         r["created_at"].strftime("%Y-%m-%d %H:%M:%S"), r["at"].strftime("%Y-%m-%d %H:%M:%S"),
                         "", "", "", "", _mask(r["payer"]), yuan(r["amount_fen"]), yuan(received), "0.00", "0.00",
                         "0.00", "0.00", "0.00", "", "0.00", "0.00", request_no + ("\t" if request_no else ""),
                         yuan(-r["fee_fen"]), "0.00", ""])
    detail.write("#-----------------------------------------业务明细列表结束------------------------------------\r\n")
    detail.write(f"#交易合计：{n_pay}笔，商家实收共{yuan(paid)}元，商家优惠共0.00元\r\n")
    detail.write(f"#退款合计：{n_ref}笔，商家实收退款共{yuan(-refunded)}元，商家优惠退款共0.00元\r\n")
    detail.write(f"#导出时间：[{_cn_date(datetime.now(CST))}]\r\n")
    summary = io.StringIO()
    summary.write("#支付宝业务汇总查询\r\n")
    summary.write(f"#账号：[{seller_id}0156]\r\n")
    summary.write(f"#起始日期：[{_cn_date(start)}]   终止日期：[{_cn_date(end)}]\r\n")
    csv.writer(summary, lineterminator="\r\n").writerows([
        ["门店编号", "门店名称", "交易订单总笔数", "退款订单总笔数", "订单金额（元）", "商家实收（元）",
         "服务费（元）"],
        ["", "合计", n_pay, n_ref, yuan(paid), yuan(paid - refunded), yuan(fees)],
    ])
    stem = f"{seller_id}_{start:%Y%m%d}"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{stem}_业务明细.csv", detail.getvalue().encode("gbk", "replace"))
        zf.writestr(f"{stem}_业务明细(汇总).csv", summary.getvalue().encode("gbk", "replace"))
    return buf.getvalue(), f"{stem}.csv.zip"
