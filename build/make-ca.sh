#!/usr/bin/env bash
# Makes a small certificate authority for a ScaleFL federation and one certificate per node,
# signed by it, for node-to-node TLS with validation ON (docs/SECURITY.md).
#
#   build/make-ca.sh OUT-DIR NODE-HOST [NODE-HOST ...]
#
# OUT-DIR/ca.crt          the authority's certificate: install it as trusted on every node
# OUT-DIR/ca.key          the authority's key: keep it offline; it signs every node certificate
# OUT-DIR/HOST.pfx        one PKCS#12 per node (--tls-cert), password from $SCALEFL_TLS_PASSWORD
#
# Each HOST is the name or IP address other nodes reach that node at (its --public-host, else
# --host); it goes into the certificate's subjectAltName, which the peer checks.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 OUT-DIR NODE-HOST [NODE-HOST ...]" >&2
  exit 2
fi
if [[ -z "${SCALEFL_TLS_PASSWORD:-}" ]]; then
  echo "make-ca: set SCALEFL_TLS_PASSWORD to the password the .pfx files get" >&2
  exit 2
fi

out=$1
shift
mkdir -p "$out"
umask 077

if [[ ! -f "$out/ca.key" ]]; then
  openssl req -x509 -newkey rsa:3072 -sha256 -days 825 -nodes \
    -keyout "$out/ca.key" -out "$out/ca.crt" -subj "/CN=ScaleFL federation CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

for host in "$@"; do
  if [[ $host =~ ^[0-9.]+$ || $host == *:* ]]; then san="IP:$host"; else san="DNS:$host"; fi
  openssl req -newkey rsa:2048 -sha256 -nodes -keyout "$out/$host.key" -out "$out/$host.csr" \
    -subj "/CN=$host" 2>/dev/null
  openssl x509 -req -in "$out/$host.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial \
    -days 365 -sha256 -out "$out/$host.crt" \
    -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n' "$san") 2>/dev/null
  openssl pkcs12 -export -in "$out/$host.crt" -inkey "$out/$host.key" -certfile "$out/ca.crt" \
    -out "$out/$host.pfx" -passout env:SCALEFL_TLS_PASSWORD
  rm -f "$out/$host.csr" "$out/$host.key"
  openssl verify -CAfile "$out/ca.crt" "$out/$host.crt" >/dev/null
  echo "make-ca: $out/$host.pfx (subjectAltName $san), signed by $out/ca.crt"
done
