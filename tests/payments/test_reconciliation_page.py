"""The operator reconciliation page runs against the sandbox gateway's real bill download."""

from datetime import date

import pytest

from shared_apps.settlement.models import ReconciliationRun
from tests.builders.accounts import make_operator

pytestmark = pytest.mark.django_db


def test_finance_operator_runs_reconciliation_on_the_page(merchants, client_for, gateways, sandbox_client):
    sandbox_client.reset()
    make_operator("rev_recon", "reviewer")
    assert client_for("rev_recon").post("/ops/reconciliation/", {"gateway": "wechat",
                                                                 "day": "2026-01-05"}).status_code == 403
    make_operator("fin_recon", "finance")
    fin = client_for("fin_recon")
    done = fin.post("/ops/reconciliation/", {"gateway": "wechat", "day": "2026-01-05"}, follow=True)
    assert "对账完成" in done.content.decode()
    run = ReconciliationRun.objects.get()
    assert (run.gateway, run.day, run.mismatches) == ("wechat", date(2026, 1, 5), 0)
    assert "2026-01-05" in fin.get("/ops/reconciliation/").content.decode()
