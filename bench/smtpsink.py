"""A lean SMTP sink for the reminders fan-out: it accepts every command of
a plain SMTP session, counts each message at the end of its DATA, and keeps
nothing.

It shares the machine's cores with the worker it measures, as a real relay
on another machine would not, so it does as little per message as SMTP
allows: one `asyncio.Protocol` per connection, lines split from the buffer,
no parsing of addresses or headers. (aiosmtpd, used before, spent about as
much CPU per message as one worker process spent building and sending it.)
The tests' refusing servers (situation_reports/reminders/tests) stay on
aiosmtpd: they need its hooks.
"""

from __future__ import annotations

import asyncio
import threading

REPLIES = {
    b"EHLO": b"250-sink\r\n250 8BITMIME\r\n",
    b"HELO": b"250 sink\r\n",
    b"MAIL": b"250 OK\r\n",
    b"RCPT": b"250 OK\r\n",
    b"RSET": b"250 OK\r\n",
    b"NOOP": b"250 OK\r\n",
    b"DATA": b"354 End data with <CR><LF>.<CR><LF>\r\n",
    b"QUIT": b"221 Bye\r\n",
}
END_OF_DATA = b"\r\n.\r\n"


class _Session(asyncio.Protocol):
    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.buffer = b""
        self.in_data = False

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(b"220 sink ESMTP\r\n")

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            if self.in_data:
                end = self.buffer.find(END_OF_DATA)
                if end < 0:
                    # Keep only what could still hold the start of the terminator.
                    self.buffer = self.buffer[-(len(END_OF_DATA) - 1) :]
                    return
                self.buffer = self.buffer[end + len(END_OF_DATA) :]
                self.in_data = False
                self.sink.received()
                self.transport.write(b"250 OK queued\r\n")
                continue
            end = self.buffer.find(b"\r\n")
            if end < 0:
                return
            line, self.buffer = self.buffer[:end], self.buffer[end + 2 :]
            verb = line[:4].upper()
            self.transport.write(REPLIES.get(verb, b"250 OK\r\n"))
            if verb == b"DATA":
                self.in_data = True
                # A message may start right after the command; the terminator
                # search needs the CRLF that ended the DATA line.
                self.buffer = b"\r\n" + self.buffer
            elif verb == b"QUIT":
                self.transport.close()
                return


class Sink:
    """The sink, served from a thread of its own: `start()`, `count`, `stop()`."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self.count = 0
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True, name="smtp-sink")
        self._server = None

    def received(self) -> None:
        with self._lock:
            self.count += 1

    def start(self) -> Sink:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(
            self._loop.create_server(lambda: _Session(self), self.host, self.port), self._loop
        )
        self._server = future.result(timeout=10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
