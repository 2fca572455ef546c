#!/usr/bin/env bash
# Makes a local certificate authority and one certificate for the services on this machine
# (localhost and 127.0.0.1), with openssl: DIR/ca.crt for clients to trust, DIR/server.crt and
# DIR/server.key for every service's --tls_cert and --tls_key. Does nothing if they exist.
#
#   deploy/make-tls.sh DIR
set -euo pipefail
dir=${1:?usage: make-tls.sh DIR}
mkdir -p "$dir"
cd "$dir"
[ -f server.crt ] && [ -f server.key ] && [ -f ca.crt ] && exit 0
umask 077
ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${ec[@]}" -days 825 -subj "/CN=Gongkai local CA" \
  -keyout ca.key -out ca.crt 2>/dev/null
openssl req "${ec[@]}" -subj "/CN=localhost" -keyout server.key -out server.csr 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 \
  -extfile server.ext -out server.crt 2>/dev/null
chmod 644 ca.crt server.crt
rm -f server.csr server.ext ca.srl
