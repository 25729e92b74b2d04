"""Validated identifiers: real checksums accepted, near misses refused."""

from __future__ import annotations

from heroes_desktop.nlp.identifiers import find_identifiers

TEXT = """Contact Ana at ana.ruiz@example.org or +34 600 111 222, (202) 555-0143 or 612 345 678.
Pay to IBAN ES91 2100 0418 4502 0005 1332 or card 4111 1111 1111 1111. BTC 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2
and bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq, ETH 0x52908400098527886E0F7030069857D2E4169EE7. Site
https://example.org/x?a=1. Server 192.168.1.20 and 2001:db8::1; follow @trafficker_99.
Near misses: IBAN ES91 2100 0418 4502 0005 1333, card 4111 1111 1111 1112, IP 999.1.1.1,
BTC 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3, ETH 0x52908400098527886e0F7030069857D2E4169EE7."""


def test_valid_identifiers_are_found_and_normalised() -> None:
    found = {(item.label, item.normalized) for item in find_identifiers(TEXT)}
    assert found == {
        ("EMAIL", "ana.ruiz@example.org"),
        ("PHONE", "+34600111222"), ("PHONE", "+12025550143"), ("PHONE", "+34612345678"),
        ("IBAN", "ES9121000418450200051332"),
        ("CARD", "4111111111111111"),
        ("CRYPTO", "bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
        ("CRYPTO", "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
        ("CRYPTO", "ethereum:0x52908400098527886e0f7030069857d2e4169ee7"),
        ("URL", "https://example.org/x?a=1"),
        ("IP", "192.168.1.20"), ("IP", "2001:db8::1"),
        ("HANDLE", "@trafficker_99"),
    }


def test_offsets_point_at_the_text() -> None:
    for item in find_identifiers(TEXT):
        assert TEXT[item.start:item.end] == item.text
