"""Member distribution use cases: commission (referral binding, accrual on paid orders, release,
claw-back, performance) and crm (the distributor's referred members: tags, notes, reminders)."""
