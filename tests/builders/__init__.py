"""One builder per thing the tests need, one module per domain (as Saleor keeps one fixtures
module per domain). Import builders from here; never copy one into a test module.

- accounts: PASSWORD, make_user, make_merchant, make_operator, finance_operator, bearer
- dates: day (today + N days, local date), today
- catalog: new_product (bare, through the catalog service), ticket, room, goods; slots / slot read capacity
- checkout: item, fund_wallet, fund_merchant, pay, buy, paid_order, order_of, order_status, refund, fulfil,
  two_merchant_checkout
- distribution: make_distributor, add_member, fund, key_for
- routes: make_route, two_day, reserve_body
- hotel: rooms
- tickets: tickets_of, qr_of
- clients: call, post, octo (HTTP clients for the JSON APIs)
- threads: run_all, wait_for (work done by other threads)
- receivers: Receiver (a local webhook receiver)
- network: closed_port, cut_redis (a dependency cut off)

Pytest fixtures shared by several folders (merchants, alpha, beta, client_for, api, operator, ...)
live in tests/conftest.py; fixtures of one folder live in that folder's conftest.py."""
