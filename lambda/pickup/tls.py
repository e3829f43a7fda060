"""How the function checks NetSuite's and Supabase's servers: against certifi's CA certificates, read lazily.

Loading certifi's bundle parses every certificate in it (about 120; 16 ms of each cold start). The core Lambda layer
also carries the bundle as an OpenSSL hashed directory, certifi/cacert.d (scripts/build_lambda.py), from which
OpenSSL reads only the certificates a handshake needs. Where that directory is absent (a local checkout), the bundle
is loaded whole: the same certificates, so the same servers are trusted either way.
"""

import ssl
from pathlib import Path

HASHED_CA_DIRECTORY = "cacert.d"


def server_verification(bundle: str) -> ssl.SSLContext:
    """A client context that requires a valid certificate for the host it connects to, issued under `bundle`."""
    hashed = Path(bundle).with_name(HASHED_CA_DIRECTORY)
    if hashed.is_dir():
        return ssl.create_default_context(capath=str(hashed))
    return ssl.create_default_context(cafile=bundle)
