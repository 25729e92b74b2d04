"""``heroes cluster certs|scheduler|worker``: a lab cluster for ``heroes ingest CASE --cluster tls://HOST:PORT``.

``scheduler`` and ``worker`` are thin wrappers over ``dask scheduler`` and ``dask worker``: mutual TLS with the lab
CA's certificates (``certs``) is required, the dashboard is off unless asked, and the network guard stays on with a
narrow exception: the scheduler listens on its address and may reach the lab network's nodes; a worker may reach the
scheduler and its own host only. Workers load the HEROES preload (:mod:`heroes_desktop.cluster.node`) and never
spill results to disk. Dask is imported only when one of these commands runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from heroes_desktop.cli.output import emit_json, say
from heroes_desktop.core.errors import UsageError

LOOPBACK_HTTP = "127.0.0.1:0"  # Dask's HTTP routes (health, metrics) without a dashboard: unreachable from outside
NODE_CONFIG = {  # what every node's Dask reads (environment variables reach the worker processes a nanny starts)
    "DASK_DISTRIBUTED__WORKER__DAEMON": "False",  # the node's HEROES pool starts processes of its own
    "DASK_DISTRIBUTED__WORKER__MEMORY__TARGET": "False",  # results from evidence stay in memory, never on disk
    "DASK_DISTRIBUTED__WORKER__MEMORY__SPILL": "False",
}


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    cluster = subparsers.add_parser(
        "cluster", help="a lab cluster (Dask, mutual TLS) for `heroes ingest --cluster`",
        epilog="examples:\n  heroes cluster certs --out /media/usb/lab-tls --workers 4 --host 10.0.0.5\n"
               "  heroes cluster scheduler --tls-dir lab-tls --host 10.0.0.5 --port 8786\n"
               "  heroes cluster worker tls://10.0.0.5:8786 --tls-dir lab-tls --certificate worker-2 --nworkers 8\n"
               "  heroes ingest op.heroes --cluster tls://10.0.0.5:8786 --tls-dir lab-tls\n"
               "Evidence must be on read-only shared storage mounted at the same path on every node.")
    actions = cluster.add_subparsers(dest="action", required=True, metavar="ACTION")

    certs = actions.add_parser("certs", parents=[common], help="a lab CA and certificates for every role")
    certs.add_argument("--out", required=True, metavar="DIR", help="a new folder for the certificates and keys")
    certs.add_argument("--workers", type=int, default=1, metavar="N", help="worker certificates (default: 1)")
    certs.add_argument("--workstations", type=int, default=1, metavar="N",
                       help="workstation (client) certificates (default: 1)")
    certs.add_argument("--host", dest="hosts", action="append", default=[], metavar="H",
                       help="a host name or address the scheduler is reached by (repeat; localhost is always in)")
    certs.add_argument("--lab", default="HEROES lab", help="the lab's name in the certificates")
    certs.set_defaults(handler=certs_command, actor_needed=False)

    scheduler = actions.add_parser("scheduler", parents=[common], help="start Dask's scheduler, TLS required")
    scheduler.add_argument("--tls-dir", required=True, metavar="DIR")
    scheduler.add_argument("--host", default="127.0.0.1", metavar="H", help="address to listen on (default: loopback)")
    scheduler.add_argument("--port", type=int, default=8786, metavar="P", help="port (default: 8786)")
    scheduler.add_argument("--lab-network", metavar="CIDR",
                           help="the nodes' network the scheduler may connect to (default: the /24 of --host)")
    scheduler.add_argument("--dashboard", metavar="H:P", help="serve Dask's dashboard there (default: none)")
    scheduler.set_defaults(handler=scheduler_command, actor_needed=False)

    worker = actions.add_parser("worker", parents=[common], help="start Dask workers with the HEROES preload")
    worker.add_argument("scheduler", metavar="tls://HOST:PORT")
    worker.add_argument("--tls-dir", required=True, metavar="DIR")
    worker.add_argument("--certificate", default="worker", metavar="NAME",
                        help="this node's certificate in --tls-dir, e.g. worker-2 (default: the first worker-N)")
    worker.add_argument("--nworkers", type=int, default=1, metavar="N", help="Dask worker processes (default: 1)")
    worker.add_argument("--nthreads", type=int, default=None, metavar="N",
                        help="batches at once per worker process, each in its own stage worker "
                             "(default: cores / nworkers)")
    worker.add_argument("--resources", metavar="GPU=1", help="resources, e.g. GPU=1: media and video batches go there")
    worker.add_argument("--host", metavar="H", help="address to listen on (default: the one facing the scheduler)")
    worker.add_argument("--name", metavar="NAME", help="the node's name in custody records (default: Dask's)")
    worker.add_argument("--dashboard", action="store_true", help="serve the worker's dashboard (default: off)")
    worker.set_defaults(handler=worker_command, actor_needed=False)


def certs_command(args: argparse.Namespace) -> int:
    from heroes_desktop.cluster.certs import make_certificates

    written = make_certificates(Path(args.out), workers=args.workers, workstations=args.workstations,
                                hosts=tuple(args.hosts), lab=args.lab)
    if args.json:
        emit_json({"folder": str(Path(args.out)), "files": [path.name for path in written]})
    else:
        say(f"lab CA and {len(written) // 2 - 1} certificates in {args.out}: "
            f"{', '.join(path.name for path in written if path.suffix == '.pem')}")
        say("keep ca.key offline once the lab is set up: whoever holds it can admit nodes")
    return 0


def _tls_options(folder: str, role: str) -> list[str]:
    from heroes_desktop.cluster.certs import role_files
    from heroes_desktop.cluster.errors import ClusterUsageError

    files = role_files(Path(folder), role)
    missing = [str(path) for path in (files.ca, files.cert, files.key) if not path.exists()]
    if missing:
        raise ClusterUsageError(f"TLS files missing for the {role}: {', '.join(missing)} (make them with "
                                "`heroes cluster certs --out DIR`)")
    return ["--tls-ca-file", str(files.ca), "--tls-cert", str(files.cert), "--tls-key", str(files.key)]


def _run_dask(main: object, argv: list[str]) -> int:
    import dask

    dask.config.refresh()  # NODE_CONFIG, set before Dask was imported, and anything imported it earlier
    try:
        main.main(args=argv, prog_name="heroes cluster", standalone_mode=False)  # type: ignore[attr-defined]
    except KeyboardInterrupt:
        return 0
    except SystemExit as leaving:
        return int(leaving.code or 0) if not isinstance(leaving.code, str) else 1
    return 0


def scheduler_command(args: argparse.Namespace) -> int:
    from heroes_desktop.cluster.network import network_of, open_guard

    os.environ.update(NODE_CONFIG)
    tls = _tls_options(args.tls_dir, "scheduler")
    open_guard(binds=[args.host], networks=[network_of(args.host, args.lab_network)])
    dashboard = (["--dashboard", "--dashboard-address", args.dashboard] if args.dashboard
                 else ["--no-dashboard", "--dashboard-address", LOOPBACK_HTTP])
    if args.dashboard:
        open_guard(binds=[args.dashboard.rsplit(":", 1)[0]])
    from distributed.cli import dask_scheduler

    say(f"scheduler at tls://{args.host}:{args.port} (TLS required; Ctrl-C stops it)")
    sys.stdout.flush()
    return _run_dask(dask_scheduler.main, ["--protocol", "tls", "--host", args.host, "--port", str(args.port),
                                           *tls, *dashboard])


def worker_command(args: argparse.Namespace) -> int:
    from heroes_desktop.cluster.client import parse_address
    from heroes_desktop.cluster.network import facing_address, open_guard
    from heroes_desktop.cluster.node import GUARD_ENV, PRELOAD

    os.environ.update(NODE_CONFIG)
    host, port = parse_address(args.scheduler)
    if args.nworkers < 1 or (args.nthreads is not None and args.nthreads < 1):
        raise UsageError("--nworkers and --nthreads must be 1 or more")
    tls = _tls_options(args.tls_dir, args.certificate)
    open_guard(peers=[(host, port)])
    listen = args.host or facing_address(host, port)
    allowed = {"peers": [[host, port]], "binds": [listen], "networks": [f"{listen}/32"]}  # its nanny: same host
    open_guard(binds=[listen], networks=[f"{listen}/32"])
    os.environ[GUARD_ENV] = json.dumps(allowed)  # the worker processes install the same guard in the preload
    nthreads = args.nthreads or max(1, (os.cpu_count() or 1) // args.nworkers)
    argv = [args.scheduler, *tls, "--nworkers", str(args.nworkers), "--nthreads", str(nthreads),
            "--host", listen, "--preload", PRELOAD,
            *(["--dashboard"] if args.dashboard else ["--no-dashboard", "--dashboard-address", LOOPBACK_HTTP])]
    if args.resources:
        argv += ["--resources", args.resources]
    if args.name:
        argv += ["--name", args.name]
    from distributed.cli import dask_worker

    say(f"{args.nworkers} worker process(es) of {nthreads} thread(s) for {args.scheduler} (Ctrl-C stops them)")
    sys.stdout.flush()
    return _run_dask(dask_worker.main, argv)
