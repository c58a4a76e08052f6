"""Logistics carriers (EC-SHP-08). Real carrier APIs (顺丰, 中通 …) plug in behind `Carrier.fetch`;
until a contract exists their tracking is entered by hand. The sandbox carrier advances one
scripted step per poll, so tests and the demo see a parcel travel."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

CARRIERS = {
    "sf": "顺丰速运", "ems": "中国邮政 EMS", "zto": "中通快递", "yto": "圆通速递", "sto": "申通快递",
    "yd": "韵达快递", "jd": "京东物流", "sandbox": "沙箱快递（测试）",
}
CODES = {"accepted": "已揽收", "in_transit": "运输中", "out_for_delivery": "派送中", "delivered": "已签收",
         "exception": "异常"}


@dataclass(frozen=True)
class Step:
    external_id: str
    code: str
    description: str
    location: str
    at: datetime


class Carrier:
    code = ""

    def fetch(self, shipment) -> list[Step]:
        """Every tracking step the carrier knows for the shipment (old ones included)."""
        return []


class SandboxCarrier(Carrier):
    code = "sandbox"
    SCRIPT = [
        ("accepted", "快递员已揽收", "发货地营业点"),
        ("in_transit", "快件已到达转运中心", "南昌转运中心"),
        ("out_for_delivery", "快件正在派送中", "收件地营业点"),
        ("delivered", "快件已签收，签收人：本人", "收件地址"),
    ]

    def fetch(self, shipment) -> list[Step]:
        known = shipment.tracking.filter(source="carrier").count()
        start = shipment.shipped_at or timezone.now()
        return [Step(f"{shipment.tracking_no}:{i}", code, text, where, start + timedelta(hours=6 * i))
                for i, (code, text, where) in enumerate(self.SCRIPT[:known + 1])]


def carrier_for(code: str) -> Carrier:
    return SandboxCarrier() if code == "sandbox" else Carrier()
