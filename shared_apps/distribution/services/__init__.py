"""Distribution use cases, one module per area: org (applications, members, departments, keys),
contracts, bookings (OCTO API), finance (deposit, credit, top-ups, withdrawals, statements,
reconciliation), referrals (member distribution), webhooks and alerts."""
