"""Who is acting: people, their roles, their profile folders and their Ed25519 signing keys.

A person's private key lives only in their own profile, encrypted with their own passphrase; case files hold
public keys only.
"""
