"""Worker tasks that look at what a worker can reach: its environment, its children, the network, its private
folder (importable by the workers)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from pathlib import Path


def environment() -> dict[str, str]:
    """The worker's environment as Python sees it, as the kernel shows it, and as a child process prints it."""
    with open("/proc/self/environ", "rb") as file:
        initial = file.read().decode("utf-8", "replace")
    printed = subprocess.run(["env"], capture_output=True, text=True, check=True).stdout
    return {"os.environ": repr(dict(os.environ)), "proc": initial, "child": printed}


def spawn_sleeper(pid_file: str) -> None:
    """Start a child that sleeps, say its pid, then hang until the pool's time budget kills this worker."""
    child = subprocess.Popen(["sleep", "120"])
    Path(pid_file).write_text(str(child.pid))
    time.sleep(120)


def hold_transient_copy(path_file: str) -> None:
    """Make a transient copy and a plain temporary file (as a library spilling to disk would), say where they are,
    then hang until killed (their cleanup never runs)."""
    import tempfile

    from heroes_desktop.core import transient

    folder = transient.make_private_folder("test-")
    (Path(folder) / "copy.bin").write_bytes(b"derived from evidence")
    with tempfile.NamedTemporaryFile(delete=False) as spilled:
        spilled.write(b"derived from evidence")
    Path(path_file).write_text(json.dumps([folder, spilled.name]))
    time.sleep(120)


def try_network() -> list[str]:
    """What a TCP connect, a UDP send and a name lookup give in a worker (the error each raised)."""
    outcomes = []
    for attempt in (lambda: socket.create_connection(("192.0.2.1", 80), timeout=2),
                    lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("192.0.2.1", 53)),
                    lambda: socket.getaddrinfo("example.org", 443)):
        try:
            attempt()
            outcomes.append("connected")
        except OSError as error:
            outcomes.append(f"{type(error).__name__}: {error}")
    return outcomes


def local_socket_pair() -> bytes:
    """AF_UNIX stays allowed (multiprocessing uses it)."""
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        left.sendall(b"ping")
        return right.recv(4)
