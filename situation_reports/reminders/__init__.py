"""Weekly briefing reminders: the schedule each municipality's coordinators
set, the dispatcher that finds what is due, and one delivery row per
recipient, week and kind that makes every email go out once.

Entry points for callers outside the web (beat, the fan-out benchmark):
`dispatch.dispatch_due(now=...)` creates and queues what is due,
`sending.deliveries_send(delivery_ids=[...])` sends a chunk over one SMTP
connection (portal/delivery.py's claim-send-record), and
`reminders.tasks.send_reminders` is the Celery task around it.

The package has its own `urls.py` (included by `situation_reports.urls`)
and `tasks.py` (imported by `SituationReportsConfig.ready`); its models are
part of the `situation_reports` app and imported by its `models.py`.
"""
