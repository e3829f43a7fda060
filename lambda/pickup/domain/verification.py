"""Is the person asking the customer on the order? Decided from digests, never from stored addresses."""

from pickup.domain.freemail import is_freemail
from pickup.domain.orders import OrderSnapshot, domain_digest, email_digest, email_domain


def email_matches(submitted: str, snapshot: OrderSnapshot) -> bool:
    """True when the submitted address is the customer's or the order's email (ignoring case and
    surrounding spaces), or shares its corporate domain. A free-mail domain needs the exact address."""
    if email_digest(submitted) in snapshot.email_digests:
        return True
    domain = email_domain(submitted)
    if not domain or is_freemail(domain):
        return False
    return domain_digest(domain) in snapshot.domain_digests
