"""A real SMTP server on loopback for covered serve's mail tests (aiosmtpd).

usage: smtp_sink.py <dir> <port>

Each message received is written to <dir> as one JSON file (envelope recipients,
decoded subject and text body, Message-ID). Prints "ready" once listening and runs
until its standard input closes or it is killed.
"""

import json
import os
import sys
import time
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, outdir):
        self.outdir = outdir

    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.content, policy=policy.default)
        record = {
            "to": list(envelope.rcpt_tos),
            "from": envelope.mail_from,
            "subject": str(msg["subject"]),
            "message_id": str(msg["message-id"]),
            "body": msg.get_content(),
        }
        name = os.path.join(self.outdir, "%d.json" % time.time_ns())
        with open(name + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(name + ".tmp", name)
        return "250 OK"


def main():
    outdir, port = sys.argv[1], int(sys.argv[2])
    controller = Controller(Sink(outdir), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
