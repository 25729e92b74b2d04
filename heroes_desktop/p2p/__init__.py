"""P2P evidence: the records that peer-to-peer clients keep on a device (what was shared, downloaded and searched
for), the hashes their networks use (ED2K, BitTorrent info-hashes and pieces), and their link to the case's files."""
