"""A real CalDAV server for the sync tests and benchmark: Radicale on a free local port.

Users (password file, plain): ana/secret and bob/other. Each user owns what is under
their name; bob may also read, not write, ana's calendar ``shared`` (for the 403 test).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

USERS = {"ana": "secret", "bob": "other"}

RIGHTS = """\
[root]
user: .+
collection:
permissions: R

[principal]
user: .+
collection: {user}
permissions: RW

[own-calendars]
user: .+
collection: {user}/[^/]+
permissions: rw

[bob-reads-ana-shared]
user: bob
collection: ana/shared
permissions: r
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def radicale(folder: Path, tls: bool = False) -> Iterator[str]:
    """Start Radicale with its storage in ``folder``; yield its address; stop it. With ``tls``
    it speaks HTTPS with a self-signed certificate (made by openssl), which no client trusts."""
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    tls_lines = ""
    if tls:
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-keyout",
                str(folder / "key.pem"),
                "-out",
                str(folder / "cert.pem"),
            ],
            check=True,
            capture_output=True,
        )
        tls_lines = f"ssl = True\ncertificate = {folder / 'cert.pem'}\nkey = {folder / 'key.pem'}\n"
    (folder / "users").write_text("".join(f"{user}:{password}\n" for user, password in USERS.items()))
    (folder / "rights").write_text(RIGHTS)
    (folder / "config").write_text(f"""\
[server]
hosts = 127.0.0.1:{port}
{tls_lines}[auth]
type = htpasswd
htpasswd_filename = {folder / "users"}
htpasswd_encryption = plain
delay = 0
[rights]
type = from_file
file = {folder / "rights"}
[storage]
filesystem_folder = {folder / "collections"}
[logging]
level = warning
""")
    log = (folder / "radicale.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(folder / "config")], stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Radicale did not start: {(folder / 'radicale.log').read_text()}") from None
                time.sleep(0.1)
        yield f"{'https://localhost' if tls else 'http://127.0.0.1'}:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@contextmanager
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers: for the timeout test."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    finally:
        listener.close()


@contextmanager
def answering_server(status: int, body: bytes, content_type: str = "application/xml") -> Iterator[str]:
    """A server that answers every request with the same status and body: a hostile CalDAV server."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Answer(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_OPTIONS = do_MKCALENDAR = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def dripping_server(seconds_per_byte: float = 0.5) -> Iterator[str]:
    """A server that answers every request a byte at a time: no read waits long, the whole never ends."""
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                try:
                    connection.sendall(
                        b"HTTP/1.1 207 Multi-Status\r\nContent-Type: application/xml\r\nContent-Length: 100000\r\n\r\n"
                    )
                    while not stop.is_set():
                        connection.sendall(b" ")
                        time.sleep(seconds_per_byte)
                except OSError:
                    continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    finally:
        stop.set()
        listener.close()
