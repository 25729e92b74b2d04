#!/usr/bin/env python3
"""Train a scene-context classifier offline and register it in a models folder.

Fine-tunes a YOLO classification model (or trains one from an architecture yaml shipped with Ultralytics) on a
labelled folder in Ultralytics' classify layout (``DATA/train/<class>/*.jpg|png``, ``DATA/val/<class>/...``), copies
the best weights to ``MODELS_DIR/<id>.pt``, and adds or replaces the ``<id>`` entry (with the weights' SHA-256 and
the validation accuracy) in ``MODELS_DIR/manifest.yaml``. The entry is printed as JSON. Nothing is downloaded or
installed. Point ``HEROES_MODELS_DIR`` at MODELS_DIR (or train into ``models/``) for HEROES to use the model.

The program loads the ``.pt`` weights. An ONNX copy can be made where the ``onnx`` package is installed, with
``YOLO(MODELS_DIR/<id>.pt).export(format="onnx", imgsz=N)``; it needs its own manifest entry and digest.

Usage: .venv/bin/python scripts/train_context_model.py --data DIR --out MODELS_DIR --id ID
       [--base yolo11n-cls.yaml|path/to/weights.pt] [--epochs N] [--imgsz N] [--device cpu|cuda]
       [--licence TEXT] [--source TEXT] [--seed N] [--batch N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from heroes_desktop.acpic.context_training import DEFAULT_BASE, DEFAULT_LICENCE, train_context_model
from heroes_desktop.models.errors import ModelError


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--data", type=Path, required=True, help="folder with train/<class>/ and val/<class>/")
    parser.add_argument("--out", type=Path, required=True, help="models folder receiving <id>.pt and manifest.yaml")
    parser.add_argument("--id", required=True, help="the model's id in the manifest")
    parser.add_argument("--base", default=DEFAULT_BASE, help="architecture yaml, or local .pt weights to fine-tune")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--imgsz", type=int, default=224)
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--licence", default=DEFAULT_LICENCE)
    parser.add_argument("--source", default="", help="provenance text; by default it describes the data and base")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=16)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        entry = train_context_model(args.data, args.out, args.id, base=args.base, epochs=args.epochs,
                                    imgsz=args.imgsz, device=args.device, licence=args.licence, source=args.source,
                                    seed=args.seed, batch=args.batch)
    except ModelError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(entry, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
