"""Outgoing mail: recipient lists, invitations and reminders, account mail, and the queue that
delivers them over SMTP, never inside a request.

`outbox.queue_message` is the one way to send anything: it records the message under an
idempotency key and hands delivery to the queue (`queue`), whose workers claim, send and mark
each message so that a worker killed mid-batch neither loses nor repeats one (`delivery`).
"""
