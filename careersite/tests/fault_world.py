"""The world around the app in the fault suite (test_faults_*.py), which the tests break
on purpose: a mail server, a Redis server and a line to PostgreSQL, each on its own port."""

import contextlib
import re
import socket
import subprocess
import threading
import time


def listen_silently(port):
    """A socket that takes connections (the kernel completes them) and never says a word."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    return sock


class MailServer:
    """A mail server on one port: refusing (nothing listens), silent, or answering."""

    def __init__(self, port):
        self.port = port
        self.received = []  # (recipient, subject) of every message taken
        self._silent = self._answering = None

    def refuse(self):
        if self._silent:
            self._silent.close()
            self._silent = None
        if self._answering:
            self._answering.stop()
            self._answering = None

    def go_silent(self):
        self.refuse()
        self._silent = listen_silently(self.port)

    def answer(self):
        from aiosmtpd.controller import Controller

        received = self.received

        class Keep:
            async def handle_DATA(self, server, session, envelope):
                subject = re.search(rb"^Subject: (.*)$", envelope.content, re.M).group(1)
                for recipient in envelope.rcpt_tos:
                    received.append((recipient, subject.decode().strip()))
                return "250 Message accepted for delivery"

        self.refuse()
        self._answering = Controller(Keep(), hostname="127.0.0.1", port=self.port)
        self._answering.start()


class RedisServer:
    """A redis-server of the test's own, keeping its data in an append-only file."""

    def __init__(self, port, folder):
        self.port, self.folder, self.process = port, folder, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.folder), "--save", "", "--appendonly", "yes",
             "--appendfsync", "always"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: self._answers(), "redis-server to answer")

    def stop(self):
        self.process.terminate()  # SIGTERM: Redis syncs its append-only file and exits
        self.process.wait(timeout=10)

    def _answers(self):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
        return False


class DatabaseLine:
    """A TCP relay in front of PostgreSQL that can be cut: refused, or silent."""

    def __init__(self, port, target):
        self.port, self.target = port, target
        self._listener = self._silent = None
        self._links = []

    def relay(self):
        self.cut()
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def refuse(self):
        self.cut()

    def go_silent(self):
        self.cut()
        self._silent = listen_silently(self.port)

    def cut(self):
        for sock in [self._listener, self._silent, *self._links]:
            if sock:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self._listener = self._silent = None
        self._links = []

    def _accept(self, listener):
        while listener is self._listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            server = socket.create_connection(self.target)
            self._links += [client, server]
            for source, sink in [(client, server), (server, client)]:
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


def wait_for(condition, what, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)
