"""Ingest on a lab cluster (Dask distributed): the workstation keeps the case, its keys, the walk and the single
writer; cluster nodes run batches of items with the existing stages and return the results a local pool returns.

Nothing here imports Dask at module level except :mod:`.node` and :mod:`.client`, which only the cluster paths load.
"""
